/**
 * The in-page panel collapsed and expanded as the page does it (page/panel-frame.ts): its frame
 * shrinks to no width, then gets its width back.
 */
const EXPANDED_WIDTH = 360;

export function collapseFrame(collapsed: boolean): void {
  Object.defineProperty(window, 'innerWidth', { configurable: true, value: collapsed ? 0 : EXPANDED_WIDTH });
  window.dispatchEvent(new Event('resize'));
}
