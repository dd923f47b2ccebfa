import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EMOJI_DATA_PATH } from '../emoji-data.ts';
import { MessageList } from './MessageList.tsx';
import { EmojiPicker } from './EmojiPicker.tsx';

// happy-dom has no IndexedDB, where the picker keeps its data: it says so on the console.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(async () => {
  cleanup();
  // A removed picker closes its database a microtask later, and says again that there is none.
  await new Promise((resolve) => setTimeout(resolve));
  vi.restoreAllMocks();
});

describe('the emoji picker', () => {
  // MessageList is imported above for its graph: the panel's components reach EmojiPicker, and
  // none of them may pull emoji-picker-element in with a static import.
  it('loads emoji-picker-element only once it is shown, with the extension’s own data', async () => {
    expect(MessageList).toBeTypeOf('function');
    expect(customElements.get('emoji-picker')).toBeUndefined();

    const picks: string[] = [];
    render(<EmojiPicker onPick={(emoji) => picks.push(emoji)} />);
    expect(screen.getByText('Loading emoji…')).toBeTruthy();
    await waitFor(() => expect(document.querySelector('emoji-picker')).not.toBeNull());
    expect(customElements.get('emoji-picker')).toBeDefined();
    expect(screen.queryByText('Loading emoji…')).toBeNull();

    const element = document.querySelector('emoji-picker') as HTMLElement & { dataSource: string };
    expect(element.dataSource).toMatch(new RegExp(`^chrome-extension://[^/]+${EMOJI_DATA_PATH}$`));
    element.dispatchEvent(new CustomEvent('emoji-click', { detail: { unicode: '🦦' } }));
    expect(picks).toEqual(['🦦']);
  });

  it('takes its element away when it closes', async () => {
    const view = render(<EmojiPicker onPick={() => {}} />);
    await waitFor(() => expect(document.querySelector('emoji-picker')).not.toBeNull());
    view.unmount();
    expect(document.querySelector('emoji-picker')).toBeNull();
  });
});
