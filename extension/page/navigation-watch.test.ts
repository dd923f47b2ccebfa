import { afterEach, describe, expect, it } from 'vitest';
import { watchNavigation } from './navigation-watch.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let controller: AbortController;
afterEach(() => controller.abort());

function watch(): { count: () => number } {
  let changes = 0;
  controller = new AbortController();
  watchNavigation(() => changes++, controller.signal);
  return { count: () => changes };
}

describe('watchNavigation', () => {
  it('sees pushState and replaceState made by the page', async () => {
    const seen = watch();
    history.pushState({}, '', '/spa/route-1');
    await sleep(700);
    expect(seen.count()).toBe(1);
    history.replaceState({}, '', '/spa/route-2');
    await sleep(700);
    expect(seen.count()).toBe(2);
  });

  it('sees hash routes and back/forward', async () => {
    const seen = watch();
    dispatchEvent(new HashChangeEvent('hashchange'));
    await sleep(100);
    expect(seen.count()).toBe(1);
    dispatchEvent(new PopStateEvent('popstate'));
    await sleep(100);
    expect(seen.count()).toBe(2);
  });

  it('sees a new canonical link or opt-out tag, coalescing a burst into one change', async () => {
    const seen = watch();
    const link = document.createElement('link');
    link.rel = 'canonical';
    link.href = '/x';
    document.head.append(link);
    link.href = '/y';
    await sleep(150);
    expect(seen.count()).toBe(1);
    link.remove();
  });

  it('stops when aborted', async () => {
    const seen = watch();
    controller.abort();
    history.pushState({}, '', '/after-abort');
    dispatchEvent(new HashChangeEvent('hashchange'));
    await sleep(700);
    expect(seen.count()).toBe(0);
  });
});
