import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { clampWidth, loadPanelWidth, placement, savePanelWidth, widthRange } from './panel-width.ts';

beforeEach(() => fakeBrowser.reset());

describe('the panel width', () => {
  it('stays within 280 px and 80% of the window, leaving a docked page at least 360 px', () => {
    expect(clampWidth(100, 1280)).toBe(280);
    expect(clampWidth(500, 1280)).toBe(500);
    expect(clampWidth(2000, 1280)).toBe(1280 - 360);
    expect(widthRange(2000)).toEqual({ min: 280, max: 1600 });
    expect(clampWidth(300.6, 1280)).toBe(301);
  });

  it('docks where the page keeps 360 px and overlays on a narrower window', () => {
    expect(placement(360, 1280)).toEqual({ width: 360, docked: true });
    expect(placement(360, 800)).toEqual({ width: 360, docked: true });
    expect(placement(600, 800)).toEqual({ width: 440, docked: true });
    expect(placement(360, 600)).toEqual({ width: 360, docked: false });
    expect(placement(360, 400)).toEqual({ width: 320, docked: false });
    // A window narrower than the narrowest panel: the panel is the window.
    expect(placement(360, 250)).toEqual({ width: 250, docked: false });
  });

  it('is remembered in storage.local, 360 px until then', async () => {
    expect(await loadPanelWidth()).toBe(360);
    await savePanelWidth(420);
    expect(await loadPanelWidth()).toBe(420);
    await fakeBrowser.storage.local.set({ panelWidth: 'wide' });
    expect(await loadPanelWidth()).toBe(360);
  });
});
