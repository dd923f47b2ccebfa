/**
 * Keeps the panel above the page. The host is a manual popover in the top layer, but the top
 * layer is a stack: a popover or modal dialog the page shows later goes above it, and could be a
 * fake panel that catches what the person types. So whenever the page puts something into the top
 * layer, the host leaves and re-enters it (hidePopover, showPopover) and is the topmost again.
 * Popovers announce themselves with a `toggle` event, caught on the way down (it does not
 * bubble); dialogs set their `open` attribute (and fire `toggle` too from Chrome 132). Nothing of
 * the page's is patched. A page that fights back gets a bounded number of raises.
 */

/** At most this many raises per window: a page re-showing its own popover on every raise loses interest, not the CPU. */
const RAISES_PER_WINDOW = 20;
const WINDOW_MS = 10_000;

/**
 * `refocus` gives focus back to the panel's frame: hiding a popover moves focus out of it, so a
 * raise would otherwise send what the person is typing in the panel to the page.
 */
export function keepOnTop(
  host: HTMLElement,
  signal: AbortSignal,
  refocus: () => void = () => undefined,
  now: () => number = Date.now,
): void {
  const doc = host.ownerDocument;
  const raises: number[] = [];

  function raise(): void {
    if (!host.isConnected || !host.matches(':popover-open')) return;
    const time = now();
    while (raises.length > 0 && (raises[0] as number) <= time - WINDOW_MS) raises.shift();
    if (raises.length >= RAISES_PER_WINDOW) return;
    raises.push(time);
    const focused = doc.activeElement === host;
    host.hidePopover();
    host.showPopover();
    if (focused) refocus();
  }

  doc.addEventListener(
    'toggle',
    (event) => {
      if (event.target !== host && (event as ToggleEvent).newState === 'open') raise();
    },
    { capture: true, signal },
  );
  const dialogs = new MutationObserver((records) => {
    const opened = ({ target }: MutationRecord): boolean =>
      (target as Element).localName === 'dialog' && (target as Element).hasAttribute('open');
    if (records.some(opened)) raise();
  });
  dialogs.observe(doc, { subtree: true, attributes: true, attributeFilter: ['open'] });
  signal.addEventListener('abort', () => dialogs.disconnect(), { once: true });
}
