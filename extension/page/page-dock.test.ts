import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPageDock } from './page-dock.ts';

/** happy-dom lays nothing out: each element's box is given, as Chrome would measure it. */
function placeAt(element: Element, left: number, top: number, width: number, height: number): void {
  vi.spyOn(element, 'getBoundingClientRect').mockReturnValue(
    DOMRect.fromRect({ x: left, y: top, width, height }) as DOMRect,
  );
}

const WINDOW = 1280;

beforeEach(() => {
  vi.spyOn(document.documentElement, 'clientWidth', 'get').mockReturnValue(WINDOW);
  document.body.innerHTML = `
    <header id="bar" style="position: fixed; left: 0; right: 0; top: 0; color: navy"><a id="login">Login</a></header>
    <aside id="sidebar" style="position: fixed; right: 0; top: 48px; width: 200px"><div id="inner" style="position: fixed"></div></aside>
    <div id="left" style="position: fixed; left: 0; width: 100px"></div>
    <div id="hidden" style="display: none"><div id="under-hidden" style="position: fixed"></div></div>
    <div id="bubble" class="chat" style="position: fixed; right: 16px; bottom: 16px; translate: 4px 2px"></div>
    <samepage-quote style="position: fixed"></samepage-quote>
    <p id="text">Some words.</p>`;
  const at = (id: string) => document.getElementById(id) as HTMLElement;
  placeAt(at('bar'), 0, 0, WINDOW, 48);
  placeAt(at('sidebar'), WINDOW - 200, 48, 200, 752);
  placeAt(at('inner'), WINDOW - 200, 48, 200, 752);
  placeAt(at('left'), 0, 0, 100, 800);
  placeAt(at('under-hidden'), WINDOW - 100, 0, 100, 100);
  placeAt(at('bubble'), WINDOW - 76, 724, 60, 60);
});

afterEach(() => {
  vi.restoreAllMocks();
  document.documentElement.removeAttribute('style');
});

describe('the page dock', () => {
  it('narrows the root by the panel width, and restores it exactly', () => {
    document.documentElement.style.setProperty('width', '90%');
    document.documentElement.style.setProperty('background', 'white', 'important');
    const before = document.documentElement.getAttribute('style');
    const dock = createPageDock(document);
    expect(dock.apply(360)).toBe(true);
    expect(document.documentElement.style.getPropertyValue('width')).toBe('calc(100% - 360px)');
    expect(document.documentElement.style.getPropertyPriority('width')).toBe('important');
    dock.restore();
    expect(document.documentElement.getAttribute('style')).toBe(before);
  });

  it('moves a narrow fixed element at the right edge in, and narrows a wide one', () => {
    const dock = createPageDock(document);
    dock.apply(360);
    const sidebar = document.getElementById('sidebar') as HTMLElement;
    // Its right edge was 360 px under the panel: moved left by that much.
    expect(sidebar.style.getPropertyValue('translate')).toBe('-360px 0px');
    const bar = document.getElementById('bar') as HTMLElement;
    expect(bar.style.getPropertyValue('width')).toBe(`${WINDOW - 360}px`);
    expect(bar.style.getPropertyValue('right')).toBe('auto');
    expect(bar.style.getPropertyValue('box-sizing')).toBe('border-box');
    // The page's own translation is kept.
    expect((document.getElementById('bubble') as HTMLElement).style.getPropertyValue('translate')).toBe(
      'calc(4px - 344px) 2px',
    );
  });

  it('leaves alone what is not under the panel, what is hidden, fixed inside fixed, and its own elements', () => {
    const untouched = ['#left', '#under-hidden', '#inner', '#text', 'samepage-quote'];
    const styles = () => untouched.map((selector) => document.querySelector(selector)?.getAttribute('style'));
    const before = styles();
    const dock = createPageDock(document);
    dock.apply(360);
    expect(styles()).toEqual(before);
  });

  it('puts back every inline style the page had, and no style attribute where there was none', () => {
    const sidebar = document.getElementById('sidebar') as HTMLElement;
    sidebar.removeAttribute('style');
    sidebar.style.setProperty('position', 'fixed');
    sidebar.style.setProperty('width', '200px', 'important');
    const styles = () =>
      ['bar', 'sidebar', 'bubble', 'left'].map((id) => document.getElementById(id)?.getAttribute('style'));
    const before = styles();
    const dock = createPageDock(document);
    dock.apply(360);
    expect(styles()).not.toEqual(before);
    dock.apply(420);
    expect(sidebar.style.getPropertyValue('translate')).toBe('-420px 0px');
    dock.restore();
    expect(styles()).toEqual(before);
    expect(document.documentElement.hasAttribute('style')).toBe(false);
  });

  it('does not push a page that would be left narrower than a phone', () => {
    const dock = createPageDock(document);
    expect(dock.apply(WINDOW - 300)).toBe(false);
    expect(document.documentElement.hasAttribute('style')).toBe(false);
    expect(document.getElementById('sidebar')?.style.getPropertyValue('translate')).toBe('');
  });
});
