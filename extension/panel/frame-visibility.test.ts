import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  SETTLE_MS,
  browserVisibilityObserver,
  createFrameVisibility,
  refusalText,
  type VisibilityObserverFactory,
} from './frame-visibility.ts';

/** Stands in for the browser's IntersectionObserver v2: the test says what the browser saw. */
function fakeBrowserObserver() {
  let report: ((entries: ReadonlyArray<{ isVisible?: boolean }>) => void) | null = null;
  const seen = { options: null as unknown, observed: [] as Element[], disconnected: false };
  const factory: VisibilityObserverFactory = (callback, options) => {
    report = callback;
    seen.options = options;
    return {
      observe: (target) => void seen.observed.push(target),
      disconnect: () => void (seen.disconnected = true),
    };
  };
  return {
    factory,
    seen,
    saw(isVisible: boolean | undefined) {
      if (!report) throw new Error('nothing is observed');
      report([isVisible === undefined ? {} : { isVisible }]);
    },
  };
}

function setup() {
  let time = 10_000;
  const frame = createFrameVisibility(() => time);
  const browser = fakeBrowserObserver();
  const sent: string[] = [];
  const trySend = (text: string) => frame.guard(() => void sent.push(text), 'sent');
  return { frame, browser, sent, trySend, wait: (ms: number) => void (time += ms) };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the frame visibility guard', () => {
  it('lets everything through where nothing is watched (a pop-out, a side panel)', () => {
    const { frame, trySend, sent } = setup();
    expect(frame.visible.value).toBe(true);
    expect(trySend('hi')).toBe(true);
    expect(sent).toEqual(['hi']);
    expect(frame.refusal.value).toBeNull();
  });

  it('asks the browser to track visibility of the element it is given, at its least delay', () => {
    const { frame, browser } = setup();
    const root = document.createElement('div');
    frame.watch(root, browser.factory);
    expect(browser.seen.observed).toEqual([root]);
    expect(browser.seen.options).toEqual({ trackVisibility: true, delay: 100, threshold: [1] });
  });

  it('refuses until the browser has first looked, then acts at once on a visible first look', () => {
    const { frame, browser, trySend, sent } = setup();
    frame.watch(document.body, browser.factory);
    expect(frame.visible.value).toBe(false);
    expect(trySend('too early')).toBe(false);
    expect(frame.refusal.value).toBe('samepage is covered by the page; nothing was sent.');

    browser.saw(true);
    expect(frame.visible.value).toBe(true);
    expect(trySend('hello')).toBe(true);
    expect(sent).toEqual(['hello']);
    expect(frame.refusal.value).toBeNull();
  });

  it('refuses while covered, and for a moment after the cover goes, in words for what was not done', () => {
    const { frame, browser, trySend, sent, wait } = setup();
    frame.watch(document.body, browser.factory);
    browser.saw(true);
    browser.saw(false);
    expect(frame.visible.value).toBe(false);
    expect(trySend('steered')).toBe(false);
    expect(frame.guard(() => void sent.push('deleted'), 'deleted')).toBe(false);
    expect(frame.refusal.value).toBe(refusalText('deleted'));

    browser.saw(true);
    expect(frame.visible.value).toBe(true);
    wait(SETTLE_MS - 1);
    expect(trySend('the cover was lifted as the click began')).toBe(false);
    expect(frame.refusal.value).toBe(refusalText('sent'));
    wait(1);
    expect(trySend('seen for long enough')).toBe(true);
    expect(sent).toEqual(['seen for long enough']);
    expect(frame.refusal.value).toBeNull();
  });

  it('starts the wait again when a cover comes back before it is over', () => {
    const { frame, browser, trySend, wait } = setup();
    frame.watch(document.body, browser.factory);
    browser.saw(false);
    browser.saw(true);
    wait(SETTLE_MS - 100);
    browser.saw(false);
    browser.saw(true);
    wait(200);
    expect(trySend('flicker')).toBe(false);
    wait(SETTLE_MS);
    expect(trySend('steady')).toBe(true);
  });

  it('a first look that finds the panel covered makes its uncovering wait too', () => {
    const { frame, browser, trySend, wait } = setup();
    frame.watch(document.body, browser.factory);
    browser.saw(false);
    browser.saw(true);
    expect(trySend('right away')).toBe(false);
    wait(SETTLE_MS);
    expect(trySend('later')).toBe(true);
  });

  it('treats an entry without isVisible as visible (a browser without IO v2)', () => {
    const { frame, browser, trySend } = setup();
    frame.watch(document.body, browser.factory);
    browser.saw(undefined);
    expect(trySend('hi')).toBe(true);
  });

  it('allows everything where the browser cannot tell (no IO v2)', () => {
    const { frame, trySend } = setup();
    frame.watch(document.body, null);
    expect(frame.visible.value).toBe(true);
    expect(trySend('hi')).toBe(true);
  });

  it('stops observing when told, and no longer refuses', () => {
    const { frame, browser, trySend } = setup();
    const stop = frame.watch(document.body, browser.factory);
    browser.saw(false);
    stop();
    expect(browser.seen.disconnected).toBe(true);
    expect(frame.visible.value).toBe(true);
    expect(trySend('hi')).toBe(true);
  });

  it('forgets a refusal when dismissed', () => {
    const { frame, browser, trySend } = setup();
    frame.watch(document.body, browser.factory);
    trySend('x');
    expect(frame.refusal.value).not.toBeNull();
    frame.dismiss();
    expect(frame.refusal.value).toBeNull();
  });
});

describe("the browser's observer", () => {
  it('is used only where entries report isVisible', () => {
    function Entry(): void {}
    const constructed: unknown[] = [];
    class Observer {
      constructor(_callback: unknown, options: unknown) {
        constructed.push(options);
      }
      observe() {}
      disconnect() {}
    }
    vi.stubGlobal('IntersectionObserverEntry', Entry);
    vi.stubGlobal('IntersectionObserver', Observer);
    expect(browserVisibilityObserver()).toBeNull();

    Object.defineProperty(Entry.prototype, 'isVisible', { get: () => true });
    const factory = browserVisibilityObserver();
    expect(factory).not.toBeNull();
    factory?.(() => undefined, { trackVisibility: true, delay: 100, threshold: [1] });
    expect(constructed).toEqual([{ trackVisibility: true, delay: 100, threshold: [1] }]);
  });

  it('is absent where there is no IntersectionObserver at all', () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    expect(browserVisibilityObserver()).toBeNull();
  });
});
