import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { EMOJI_DATA_PATH } from '../emoji-data.ts';

/**
 * The full emoji picker. Its code is fetched from the extension when this mounts (a dynamic
 * import: a chunk of its own, outside the panel's first load) and its data is the copy the
 * build bundles (emoji-data.ts), held in memory (emoji-memory-database.ts).
 */
export function EmojiPicker({ onPick }: { onPick(emoji: string): void }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    let mounted = true;
    let picker: HTMLElement | undefined;
    import('../emoji-picker-element.ts').then(
      ({ createPicker }) => {
        if (!mounted || !host.current) return;
        const element = createPicker(browser.runtime.getURL(EMOJI_DATA_PATH));
        element.addEventListener('emoji-click', ({ detail }) => {
          if (detail.unicode) pick.current(detail.unicode);
        });
        host.current.append(element);
        picker = element;
        setState('ready');
        // The search field first, as in any picker: typing a name is the quickest way to an emoji.
        element.shadowRoot?.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
      },
      () => mounted && setState('failed'),
    );
    return () => {
      mounted = false;
      picker?.remove();
    };
  }, []);

  return (
    <div class="emoji-picker" data-state={state}>
      {/* Preact renders nothing in here, so the element appended to it is never diffed away. */}
      <div class="emoji-picker-host" ref={host} />
      {state === 'loading' ? <p class="emoji-picker-note">Loading emoji…</p> : null}
      {state === 'failed' ? (
        <p class="emoji-picker-note problem" role="alert">
          The emoji picker could not be loaded. Close it and try again.
        </p>
      ) : null}
    </div>
  );
}
