/**
 * "Open in Chrome's side panel" (issue #13): instead of the panel in the page, the toolbar
 * button opens Chrome's own side panel, which shows the room of the window's active tab. The
 * choice is kept in `storage.local`; Chrome opens the side panel on the click by itself once
 * told to (`sidePanel.setPanelBehavior`), which the hub keeps in step with the choice. Reading
 * the active tab's address takes the optional `tabs` permission, asked for on the click that
 * turns the choice on. Chrome only: `chrome.sidePanel` is feature-detected.
 */
import { browser } from 'wxt/browser';

export const SIDE_PANEL_KEY = 'sidePanel';

/** The part of `chrome.sidePanel` used here (this project has no Chrome types). */
export interface SidePanelApi {
  setPanelBehavior(behavior: { openPanelOnActionClick: boolean }): Promise<void>;
}

/** Chrome's side panel, or undefined in a browser without one. */
export function sidePanelApi(): SidePanelApi | undefined {
  return (globalThis as { chrome?: { sidePanel?: SidePanelApi } }).chrome?.sidePanel;
}

export async function readSidePanelChoice(): Promise<boolean> {
  const { [SIDE_PANEL_KEY]: value } = await browser.storage.local.get(SIDE_PANEL_KEY);
  return value === true;
}

/**
 * Turns the side panel on (asking for `tabs` first, inside the click) or off (giving `tabs`
 * back). Resolves to the choice now in force: false when the person refused.
 */
export async function chooseSidePanel(on: boolean): Promise<boolean> {
  if (on && !(await browser.permissions.request({ permissions: ['tabs'] }))) return false;
  await browser.storage.local.set({ [SIDE_PANEL_KEY]: on });
  if (!on) await browser.permissions.remove({ permissions: ['tabs'] }).catch(() => false);
  return on;
}
