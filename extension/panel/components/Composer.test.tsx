import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { TEXT_MAX_CHARS } from '../../../protocol/index.ts';
import { acting, renderInRoom } from '../testing/render-panel.tsx';

const composer = () => screen.getByTestId('composer') as HTMLTextAreaElement;
const send = () => screen.getByTestId('send') as HTMLButtonElement;

async function type(text: string): Promise<void> {
  await acting(() => fireEvent.input(composer(), { target: { value: text } }));
}

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
