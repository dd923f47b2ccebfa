import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EDIT_WINDOW_MS, type Message } from '../../../protocol/index.ts';
import { ALICE, BOB, CAROL, chat, folded, picture } from '../testing/fixtures.ts';
import { useLocale } from '../../testing/locale.ts';
import { SentMessage, type MessageActions } from './MessageItem.tsx';

afterEach(cleanup);

function spies() {
  return {
    reply: vi.fn<MessageActions['reply']>(),
    react: vi.fn<MessageActions['react']>(),
    edit: vi.fn<MessageActions['edit']>(),
    remove: vi.fn<MessageActions['remove']>(),
    jumpTo: vi.fn<MessageActions['jumpTo']>(),
  };
}

/** Renders `message` as Alice sees it. */
function show(message: Message, actions: MessageActions | null = spies()): HTMLElement {
  render(
    <ol>
      <SentMessage
        message={message}
        mine={message.from.id === ALICE.id}
        self={ALICE}
        continued={false}
        testId="message"
        tagOf={() => null}
        {...(actions ? { actions } : {})}
      />
    </ol>,
  );
  return screen.getByTestId('message');
}

const tools = (element: HTMLElement) =>
  ['message-reply', 'message-edit', 'message-delete'].filter((id) => within(element).queryByTestId(id) !== null);

describe('what a message shows', () => {
  it('quotes the message it replies to, and a click on the quote goes to the original', () => {
    const actions = spies();
    const reply = chat(BOB, 'me too', {
      body: { reply: { id: 'm000001', from: ALICE, snippet: 'Otters hold hands' } },
    });
    const element = show(folded(reply), actions);
    const quote = within(element).getByTestId('message-quote');
    expect(quote.textContent).toContain('Alice');
    expect(quote.textContent).toContain('Otters hold hands');
    fireEvent.click(quote);
    expect(actions.jumpTo).toHaveBeenCalledWith('m000001');
  });

  it('says a message was edited', () => {
    const message = folded(chat(BOB, 'fixed the typo'));
    expect(within(show(message)).queryByTestId('message-edited')).toBeNull();
    cleanup();
    const edited = show({ ...message, editedAt: message.at + 1000 });
    expect(within(edited).getByTestId('message-edited').textContent).toContain('edited');
    expect(edited.querySelector('.message-text')?.textContent).toContain('fixed the typo');
  });

  it('leaves a tombstone for a deleted message: no text, no tools, no reactions', () => {
    const message = folded(chat(ALICE, 'oops'));
    const element = show({ ...message, body: null, deletedAt: message.at + 1, reactions: [] });
    expect(within(element).getByTestId('message-deleted').textContent).toBe('message deleted');
    expect(element.textContent).not.toContain('oops');
    expect(tools(element)).toEqual([]);
    expect(within(element).queryByTestId('message-react')).toBeNull();
  });

  it('marks a message that mentions the viewer, and only that one', () => {
    const forAlice = show(folded(chat(BOB, 'hey @Alice', { body: { mentions: [ALICE.id] } })));
    expect(forAlice.getAttribute('data-mentions-me')).toBe('true');
    cleanup();
    const forCarol = show(folded(chat(BOB, 'hey @Carol', { body: { mentions: [CAROL.id] } })));
    expect(forCarol.hasAttribute('data-mentions-me')).toBe(false);
  });
});

describe('the tools on a message', () => {
  it("offers only Reply on someone else's message", () => {
    expect(tools(show(folded(chat(BOB, 'theirs', { at: Date.now() }))))).toEqual(['message-reply']);
  });

  it('offers Reply, Edit and Delete on our own message within the edit window', () => {
    expect(tools(show(folded(chat(ALICE, 'ours', { at: Date.now() - 60_000 }))))).toEqual([
      'message-reply',
      'message-edit',
      'message-delete',
    ]);
  });

  it('no longer offers Edit once the edit window is over, but still Delete', () => {
    const old = folded(chat(ALICE, 'ours, old', { at: Date.now() - EDIT_WINDOW_MS - 1000 }));
    expect(tools(show(old))).toEqual(['message-reply', 'message-delete']);
  });

  it('never offers Edit on an image', () => {
    const image: Message = { ...picture(ALICE, { at: Date.now() }), reactions: [] };
    expect(tools(show(image))).toEqual(['message-reply', 'message-delete']);
  });

  it('hands the message to Reply and Edit, and deletes only once confirmed', () => {
    const actions = spies();
    const message = folded(chat(ALICE, 'ours', { at: Date.now() }));
    const element = show(message, actions);
    fireEvent.click(within(element).getByTestId('message-reply'));
    fireEvent.click(within(element).getByTestId('message-edit'));
    expect(actions.reply).toHaveBeenCalledWith(message);
    expect(actions.edit).toHaveBeenCalledWith(message);

    fireEvent.click(within(element).getByTestId('message-delete'));
    expect(actions.remove).not.toHaveBeenCalled();
    fireEvent.click(within(element).getByRole('button', { name: 'Keep' }));
    fireEvent.click(within(element).getByTestId('message-delete'));
    fireEvent.click(within(element).getByTestId('message-delete-confirm'));
    expect(actions.remove).toHaveBeenCalledTimes(1);
    expect(actions.remove).toHaveBeenCalledWith(message);
  });

  it('offers nothing where nothing can be done (no actions)', () => {
    const element = show(folded(chat(ALICE, 'ours', { at: Date.now() })), null);
    expect(tools(element)).toEqual([]);
  });
});

describe('in another language', () => {
  afterEach(() => useLocale());

  it('speaks German in its tools and marks', () => {
    useLocale('de');
    const message = folded(chat(BOB, 'fixed the typo'));
    const element = show({ ...message, editedAt: message.at + 1000 });
    expect(within(element).getByTestId('message-reply').textContent).toBe('Antworten');
    expect(within(element).getByTestId('message-edited').textContent).toContain('(bearbeitet)');
    expect(within(element).getByRole('toolbar', { name: 'Aktionen für die Nachricht' })).toBeTruthy();
  });
});
