/**
 * Tells when the page's room may have changed: in-page navigation (pushState, replaceState,
 * back/forward, hash routes) or a new canonical link or opt-out tag. A content script cannot
 * see the page's own history calls, so it listens to the Navigation API where there is one
 * and polls the address where there is not (Firefox before 147).
 */
const POLL_MS = 500;
const SETTLE_MS = 50;

export function watchNavigation(onChange: () => void, signal: AbortSignal): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // SPAs update <head> just after the URL: let it settle, and coalesce bursts of changes.
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onChange, SETTLE_MS);
  };
  signal.addEventListener('abort', () => clearTimeout(timer));

  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  if (navigation) navigation.addEventListener('currententrychange', schedule, { signal });
  else {
    let last = location.href;
    const poll = setInterval(() => {
      if (location.href === last) return;
      last = location.href;
      schedule();
    }, POLL_MS);
    signal.addEventListener('abort', () => clearInterval(poll));
  }
  addEventListener('popstate', schedule, { signal });
  addEventListener('hashchange', schedule, { signal });

  const head = new MutationObserver(schedule);
  head.observe(document.head ?? document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['href', 'content', 'rel', 'name'],
  });
  signal.addEventListener('abort', () => head.disconnect());
}
