/**
 * Keeps Chrome's toolbar behaviour in step with "Open in Chrome's side panel" (lib/side-panel.ts):
 * with it on, Chrome opens the side panel on the click itself (no `action.onClicked` then);
 * off, the click injects the in-page panel as before. Applied at each worker start too, so the
 * two never disagree.
 */
import { browser } from 'wxt/browser';
import { readSidePanelChoice, SIDE_PANEL_KEY, sidePanelApi } from '../lib/side-panel.ts';

async function apply(): Promise<void> {
  const api = sidePanelApi();
  if (!api) return;
  // Without `tabs` the side panel could not tell which page it is about: the in-page panel then.
  const on = (await readSidePanelChoice()) && (await browser.permissions.contains({ permissions: ['tabs'] }));
  await api.setPanelBehavior({ openPanelOnActionClick: on });
}

export function followSidePanelChoice(): void {
  if (!sidePanelApi()) return;
  void apply();
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SIDE_PANEL_KEY in changes) void apply();
  });
  browser.permissions.onRemoved.addListener(() => void apply());
}
