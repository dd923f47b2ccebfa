import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { chooseSidePanel, readSidePanelChoice, type SidePanelApi } from '../lib/side-panel.ts';
import { followSidePanelChoice } from './side-panel.ts';

/**
 * WXT's fakeBrowser has no permissions API and no chrome.sidePanel: the permissions are a set
 * the person's answers fill, and the side panel records the behaviour Chrome is told.
 */
function browserWithPermissions(answer: boolean) {
  const granted = new Set<string>();
  const removedListeners: Array<() => void> = [];
  vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async ({ permissions = [] }) => {
    if (!answer) return false;
    for (const permission of permissions) granted.add(permission);
    return true;
  });
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async ({ permissions = [] }) =>
    permissions.every((permission) => granted.has(permission)),
  );
  vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async ({ permissions = [] }) => {
    for (const permission of permissions) granted.delete(permission);
    for (const listener of removedListeners) listener();
    return true;
  });
  vi.spyOn(fakeBrowser.permissions.onRemoved, 'addListener').mockImplementation((listener) => {
    removedListeners.push(listener as () => void);
  });
  return granted;
}

const behaviours: boolean[] = [];
const sidePanel: SidePanelApi = {
  setPanelBehavior: async ({ openPanelOnActionClick }) => void behaviours.push(openPanelOnActionClick),
};

beforeEach(() => {
  behaviours.length = 0;
  vi.stubGlobal('chrome', { sidePanel });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("the side panel's choice", () => {
  it('asks for tabs on the click, then keeps the choice; off gives tabs back', async () => {
    const granted = browserWithPermissions(true);
    expect(await readSidePanelChoice()).toBe(false);

    expect(await chooseSidePanel(true)).toBe(true);
    expect(granted.has('tabs')).toBe(true);
    expect(await readSidePanelChoice()).toBe(true);

    expect(await chooseSidePanel(false)).toBe(false);
    expect(granted.has('tabs')).toBe(false);
    expect(await readSidePanelChoice()).toBe(false);
  });

  it('stays off when the person refuses tabs', async () => {
    browserWithPermissions(false);
    expect(await chooseSidePanel(true)).toBe(false);
    expect(await readSidePanelChoice()).toBe(false);
  });
});

describe('the toolbar behaviour the hub sets', () => {
  it('opens the side panel on the click while the choice is on and tabs granted', async () => {
    browserWithPermissions(true);
    followSidePanelChoice();
    await vi.waitFor(() => expect(behaviours).toEqual([false]));

    await chooseSidePanel(true);
    await vi.waitFor(() => expect(behaviours.at(-1)).toBe(true));

    await chooseSidePanel(false);
    await vi.waitFor(() => expect(behaviours.at(-1)).toBe(false));
  });

  it('goes back to the in-page panel when tabs is withdrawn in Chrome’s settings', async () => {
    browserWithPermissions(true);
    await chooseSidePanel(true);
    followSidePanelChoice();
    await vi.waitFor(() => expect(behaviours).toEqual([true]));

    await fakeBrowser.permissions.remove({ permissions: ['tabs'] });
    await vi.waitFor(() => expect(behaviours.at(-1)).toBe(false));
  });

  it('does nothing in a browser without a side panel', async () => {
    vi.stubGlobal('chrome', undefined);
    browserWithPermissions(true);
    followSidePanelChoice();
    await chooseSidePanel(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(behaviours).toEqual([]);
  });
});
