import { fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { TEXT_MAX_CHARS } from '../../../protocol/index.ts';
import { ALICE, BOB, CAROL, chat } from '../testing/fixtures.ts';
import { acting, renderInRoom } from '../testing/render-panel.tsx';

const composer = () => screen.getByTestId('composer') as HTMLTextAreaElement;
const send = () => screen.getByTestId('send') as HTMLButtonElement;

async function type(text: string): Promise<void> {
  await acting(() => fireEvent.input(composer(), { target: { value: text } }));
}

const press = (key: string) => acting(() => fireEvent.keyDown(composer(), { key }));
const options = () => screen.queryAllByTestId('mention-option');
const messageOf = (text: string) =>
  screen.getAllByTestId('message').find((element) => element.textContent?.includes(text)) as HTMLElement;

describe('composer', () => {
  it('sends on Enter and clears itself', async () => {
    const { hub } = await renderInRoom();
    await type('hello');
    await acting(() => fireEvent.keyDown(composer(), { key: 'Enter' }));
    expect(hub.next('message:post').payload).toMatchObject({ kind: 'text', body: { text: 'hello' } });
    expect(composer().value).toBe('');
  });

  it('does not send on Shift+Enter or while an IME composition is confirmed', async () => {
    const { hub } = await renderInRoom();
    await type('こんにちは');
    await acting(() => fireEvent.keyDown(composer(), { key: 'Enter', shiftKey: true }));
    await acting(() => fireEvent.keyDown(composer(), { key: 'Enter', isComposing: true }));
    await acting(() => fireEvent.keyDown(composer(), { key: 'Enter', keyCode: 229 }));
    expect(hub.requestsOf('message:post')).toHaveLength(0);
    expect(composer().value).toBe('こんにちは');
  });

  it('sends with the button, which is disabled while the text is blank', async () => {
    const { hub } = await renderInRoom();
    expect(send().disabled).toBe(true);
    await type('  \n ');
    expect(send().disabled).toBe(true);
    await acting(() => fireEvent.keyDown(composer(), { key: 'Enter' }));
    expect(hub.requestsOf('message:post')).toHaveLength(0);

    await type('hi');
    expect(send().disabled).toBe(false);
    await acting(() => fireEvent.click(send()));
    expect(hub.next('message:post').payload).toMatchObject({ kind: 'text', body: { text: 'hi' } });
  });

  it('counts the characters left near the limit, in code points', async () => {
    await renderInRoom();
    await type('x'.repeat(TEXT_MAX_CHARS - 201));
    expect(screen.queryByText(/characters left/)).toBeNull();
    await type('🦦'.repeat(TEXT_MAX_CHARS - 150));
    expect(screen.getByText('150 characters left')).toBeTruthy();
    await type('x'.repeat(TEXT_MAX_CHARS + 3));
    expect(screen.getByText('3 characters too many')).toBeTruthy();
    expect(send().disabled).toBe(true);
  });

  it('keeps the draft while a DM is open', async () => {
    await renderInRoom();
    await type('half a thought');
    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Bob' })));
    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Back to the room' })));
    expect(composer().value).toBe('half a thought');
  });
});

describe('mentions', () => {
  it('suggests the members after @, moves with the arrows, and picks with Enter into explicit ids', async () => {
    const { hub } = await renderInRoom({ members: [ALICE, BOB, CAROL] });
    await type('hi @');
    expect(options().map((option) => option.textContent)).toEqual(['Bob', 'Carol']);
    expect(options().map((option) => option.getAttribute('aria-selected'))).toEqual(['true', 'false']);
    await press('ArrowDown');
    expect(options().map((option) => option.getAttribute('aria-selected'))).toEqual(['false', 'true']);
    expect(composer().getAttribute('aria-activedescendant')).toBe(options()[1]?.id);
    await press('ArrowDown');
    expect(options()[0]?.getAttribute('aria-selected')).toBe('true');
    await press('ArrowUp');
    await press('Enter');
    expect(composer().value).toBe('hi @Carol ');
    expect(options()).toEqual([]);
    expect(hub.requestsOf('message:post')).toHaveLength(0);

    await press('Enter');
    expect(hub.next('message:post').payload).toMatchObject({ body: { text: 'hi @Carol', mentions: [CAROL.id] } });
  });

  it('narrows the suggestions as the name is typed, and Escape closes them', async () => {
    await renderInRoom({ members: [ALICE, BOB, CAROL] });
    await type('@ca');
    expect(options().map((option) => option.textContent)).toEqual(['Carol']);
    await press('Escape');
    expect(options()).toEqual([]);
    expect(composer().value).toBe('@ca');
  });
});

describe('replying and editing', () => {
  it('Reply shows what is answered above the composer and puts the caret there; ✕ cancels it', async () => {
    const question = chat(BOB, 'who likes otters?');
    const { hub } = await renderInRoom({ history: [question] });
    await acting(() => fireEvent.click(within(messageOf('who likes otters?')).getByTestId('message-reply')));
    expect(screen.getByTestId('reply-preview').textContent).toContain('Bob');
    expect(screen.getByTestId('reply-preview').textContent).toContain('who likes otters?');
    expect(document.activeElement).toBe(composer());

    await type('me!');
    await press('Enter');
    expect(hub.next('message:post').payload).toMatchObject({ body: { text: 'me!', reply: { id: question.id } } });
    expect(screen.queryByTestId('reply-preview')).toBeNull();

    await acting(() => fireEvent.click(within(messageOf('who likes otters?')).getByTestId('message-reply')));
    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Cancel the reply' })));
    expect(screen.queryByTestId('reply-preview')).toBeNull();
  });

  it('Edit puts our text in the composer with the caret at its end, saves an edit, and Escape cancels', async () => {
    const mine = chat(ALICE, 'helo all', { at: Date.now() });
    const { hub } = await renderInRoom({ history: [mine] });
    await type('half a thought');
    await acting(() => fireEvent.click(within(messageOf('helo all')).getByTestId('message-edit')));
    expect(screen.getByTestId('edit-preview')).toBeTruthy();
    expect(document.activeElement).toBe(composer());
    expect(composer().value).toBe('helo all');
    expect(composer().selectionStart).toBe('helo all'.length);
    expect(send().textContent).toBe('Save');

    await press('Escape');
    expect(screen.queryByTestId('edit-preview')).toBeNull();
    expect(composer().value).toBe('half a thought');

    await acting(() => fireEvent.click(within(messageOf('helo all')).getByTestId('message-edit')));
    await type('hello all');
    await press('Enter');
    expect(hub.next('message:post').payload).toMatchObject({
      kind: 'edit',
      body: { target: mine.id, text: 'hello all' },
    });
    expect(composer().value).toBe('half a thought');
  });

  it('up-arrow in an empty composer edits our last message', async () => {
    const mine = chat(ALICE, 'last words', { at: Date.now() });
    await renderInRoom({ history: [mine, chat(BOB, 'after')] });
    await press('ArrowUp');
    expect(screen.getByTestId('edit-preview')).toBeTruthy();
    expect(composer().value).toBe('last words');
  });

  it('up-arrow in a composer with text only moves the caret', async () => {
    await renderInRoom({ history: [chat(ALICE, 'last words', { at: Date.now() })] });
    await type('typing');
    await press('ArrowUp');
    expect(screen.queryByTestId('edit-preview')).toBeNull();
    expect(composer().value).toBe('typing');
  });
});
