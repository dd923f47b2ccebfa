import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Message, Reaction } from '../../../protocol/index.ts';
import { ALICE, BOB, chat } from '../testing/fixtures.ts';
import { SentMessage, type MessageActions } from './MessageItem.tsx';
import { QUICK_REACTIONS, ReactionBar } from './ReactionBar.tsx';

// happy-dom has no IndexedDB, where the opened picker keeps its data: it says so on the console.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(async () => {
  cleanup();
  await new Promise((resolve) => setTimeout(resolve));
  vi.restoreAllMocks();
});

function renderBar(mine: readonly string[] = []) {
  const picks: string[] = [];
  render(<ReactionBar mine={mine} onPick={(emoji) => picks.push(emoji)} />);
  return picks;
}

const toolbar = () => screen.getByRole('toolbar', { name: 'React to this message' });
const buttons = () => [...toolbar().querySelectorAll('button')];
const more = () => screen.getByTestId('message-react');
const popover = () => screen.queryByRole('dialog', { name: 'Choose a reaction' });
const key = (key: string) => fireEvent.keyDown(document.activeElement ?? document.body, { key });

async function openPicker(): Promise<HTMLElement> {
  fireEvent.click(more());
  await waitFor(() => expect(popover()?.querySelector('emoji-picker')).toBeTruthy());
  return popover()?.querySelector('emoji-picker') as HTMLElement;
}

describe('the quick reaction bar', () => {
  it('offers six emoji and the full picker, each named for a screen reader', () => {
    renderBar(['🎉']);
    expect(buttons().map((button) => button.textContent)).toEqual([...QUICK_REACTIONS, '+']);
    expect(screen.getByRole('button', { name: 'React with 👍' }).getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByRole('button', { name: 'React with 🎉' }).getAttribute('aria-pressed')).toBe('true');
    expect(more().getAttribute('aria-label')).toBe('More reactions');
    expect(more().getAttribute('aria-expanded')).toBe('false');
  });

  it('is one tab stop that the arrows, Home and End move along', () => {
    const picks = renderBar();
    expect(buttons().map((button) => button.tabIndex)).toEqual([0, -1, -1, -1, -1, -1, -1]);
    buttons()[0]?.focus();
    key('ArrowRight');
    key('ArrowRight');
    expect(document.activeElement?.textContent).toBe('😂');
    expect(buttons().map((button) => button.tabIndex)).toEqual([-1, -1, 0, -1, -1, -1, -1]);
    key('End');
    expect(document.activeElement).toBe(more());
    key('ArrowRight');
    expect(document.activeElement?.textContent).toBe('👍');
    key('ArrowLeft');
    expect(document.activeElement).toBe(more());
    key('Home');
    key('ArrowRight');
    fireEvent.click(document.activeElement as HTMLElement);
    expect(picks).toEqual(['❤️']);
  });

  it('opens the picker in a dialog; a pick goes out, closes it and gives focus back', async () => {
    const picks = renderBar();
    const picker = await openPicker();
    expect(more().getAttribute('aria-expanded')).toBe('true');
    picker.dispatchEvent(new CustomEvent('emoji-click', { detail: { unicode: '🦦' } }));
    await waitFor(() => expect(popover()).toBeNull());
    expect(picks).toEqual(['🦦']);
    expect(document.activeElement).toBe(more());
  });

  it('closes on Escape, picking nothing, and gives focus back', async () => {
    const picks = renderBar();
    const picker = await openPicker();
    picker.focus();
    fireEvent.keyDown(picker, { key: 'Escape' });
    await waitFor(() => expect(popover()).toBeNull());
    expect(picks).toEqual([]);
    expect(document.activeElement).toBe(more());
  });

  it('closes on a press outside it, and stays open on a press inside', async () => {
    renderBar();
    const picker = await openPicker();
    fireEvent.pointerDown(picker);
    expect(popover()).not.toBeNull();
    fireEvent.pointerDown(document.body);
    await waitFor(() => expect(popover()).toBeNull());
  });

  it('opens the picker over the message list, ending above the composer below it', async () => {
    render(
      <div>
        <div class="messages">
          <ReactionBar mine={[]} onPick={() => undefined} />
        </div>
        <textarea data-testid="composer" />
      </div>,
    );
    const list = document.querySelector('.messages') as HTMLElement;
    vi.spyOn(list, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ x: 0, y: 50, width: 300, height: 400 }));
    await openPicker();
    const style = (popover() as HTMLElement).style;
    expect(window.innerHeight - Number.parseFloat(style.bottom)).toBeLessThanOrEqual(450);
    expect(Number.parseFloat(style.top)).toBeGreaterThanOrEqual(0);
    expect(Number.parseFloat(style.left)).toBeGreaterThanOrEqual(0);
  });

  it('toggles with its button', async () => {
    renderBar();
    await openPicker();
    fireEvent.click(more());
    await waitFor(() => expect(popover()).toBeNull());
  });
});

describe('a message with reactions', () => {
  const REACTIONS: Reaction[] = [
    { emoji: '👍', count: 2, mine: true },
    { emoji: '😮', count: 1, mine: false },
  ];
  const MESSAGE: Message = { ...chat(ALICE, 'Otters hold hands', { at: Date.now() }), reactions: REACTIONS };

  function renderMessage(react?: MessageActions['react']) {
    const actions: MessageActions | undefined = react && {
      reply: () => undefined,
      react,
      edit: () => undefined,
      remove: () => undefined,
      jumpTo: () => undefined,
    };
    render(
      <ol>
        <SentMessage
          message={MESSAGE}
          mine={false}
          self={BOB}
          continued={false}
          testId="message"
          tagOf={() => null}
          {...(actions ? { actions } : {})}
        />
      </ol>,
    );
  }

  it('has the bar and the chips, and a pick takes back an emoji that is ours already', () => {
    const reacts: Array<[string, string, boolean]> = [];
    renderMessage((message, emoji, on) => reacts.push([message.id, emoji, on]));
    expect(screen.getAllByTestId('reaction')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'React with 👍' }));
    fireEvent.click(screen.getByRole('button', { name: 'React with 😮' }));
    fireEvent.click(screen.getByRole('button', { name: '😮 1 reaction' }));
    expect(reacts).toEqual([
      [MESSAGE.id, '👍', false],
      [MESSAGE.id, '😮', true],
      [MESSAGE.id, '😮', true],
    ]);
  });

  it('shows the chips but offers no bar where nothing can be sent', () => {
    renderMessage();
    expect(screen.queryByRole('toolbar')).toBeNull();
    expect(screen.getAllByTestId('reaction')).toHaveLength(2);
    expect(screen.getAllByTestId('reaction').every((chip) => (chip as HTMLButtonElement).disabled)).toBe(true);
  });
});
