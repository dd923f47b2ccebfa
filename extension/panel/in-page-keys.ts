/**
 * Keyboard manners of the panel injected in a page: when the page gives the frame focus (as the
 * panel opens or expands; not a click into it, which focuses what was clicked) the composer takes it, and Escape collapses the panel unless something
 * inside used it first (a dialog, the mention list, an edit, a picker: they prevent its default,
 * stop it, or are an open dialog).
 */

/** How long the composer is waited for after the frame got focus (the panel may still be loading). */
const COMPOSER_WAIT_MS = 10_000;

const COMPOSER = '.composer textarea';

export function inPageKeys(win: Window, collapse: () => void, signal: AbortSignal): void {
  const doc = win.document;
  const idle = (): boolean => doc.activeElement === null || doc.activeElement === doc.body;

  function focusComposer(): void {
    if (!idle()) return;
    const now = doc.querySelector<HTMLTextAreaElement>(COMPOSER);
    if (now) {
      now.focus();
      return;
    }
    const appeared = new MutationObserver(() => {
      const composer = doc.querySelector<HTMLTextAreaElement>(COMPOSER);
      if (!composer) return;
      stop();
      if (idle() && doc.hasFocus()) composer.focus();
    });
    const timer = win.setTimeout(() => stop(), COMPOSER_WAIT_MS);
    const stop = (): void => {
      appeared.disconnect();
      win.clearTimeout(timer);
    };
    appeared.observe(doc.body, { childList: true, subtree: true });
    signal.addEventListener('abort', stop, { once: true });
  }

  let pressing = false;
  win.addEventListener('pointerdown', () => (pressing = true), { capture: true, signal });
  for (const end of ['pointerup', 'pointercancel'] as const) {
    win.addEventListener(end, () => (pressing = false), { capture: true, signal });
  }
  win.addEventListener('focus', () => pressing || focusComposer(), { signal });
  if (doc.hasFocus()) focusComposer();
  win.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
      if (doc.querySelector('dialog[open]')) return;
      event.preventDefault();
      collapse();
    },
    { signal },
  );
}
