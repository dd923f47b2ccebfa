/**
 * How wide the panel is: what the person chose last (kept in `storage.local`, so it holds on every
 * page and after a restart), within [280 px, 80% of the window], and narrower still if that would
 * leave the page beside it less than a phone's width. On a window with no room for both the panel
 * overlays the page (up to 80% of it; on a tiny window 280 px or the whole window).
 */
import { readStored, StorageKeys, writeStored } from '../lib/storage-keys.ts';

export const MIN_PANEL_WIDTH = 280;
export const DEFAULT_PANEL_WIDTH = 360;
const MAX_SHARE = 0.8;

export interface WidthRange {
  min: number;
  max: number;
}

/** The least the page keeps beside a docked panel: about a phone's width, which pages are made for. */
export const MIN_PAGE_WIDTH = 360;

export function widthRange(windowWidth: number): WidthRange {
  const overlaying = Math.max(Math.floor(windowWidth * MAX_SHARE), Math.min(MIN_PANEL_WIDTH, windowWidth));
  const docking = windowWidth - MIN_PAGE_WIDTH;
  const max = docking >= MIN_PANEL_WIDTH ? Math.min(overlaying, docking) : overlaying;
  return { min: Math.min(MIN_PANEL_WIDTH, max), max };
}

export function clampWidth(width: number, windowWidth: number): number {
  const { min, max } = widthRange(windowWidth);
  return Math.round(Math.min(Math.max(width, min), max));
}

export interface Placement {
  width: number;
  /** Beside the page (pushing it aside), or over it when the window has no room for both. */
  docked: boolean;
}

/** Where the panel goes in a window `windowWidth` px wide, at the width the person chose. */
export function placement(chosen: number, windowWidth: number): Placement {
  const width = clampWidth(chosen, windowWidth);
  return { width, docked: windowWidth - width >= MIN_PAGE_WIDTH };
}

export async function loadPanelWidth(): Promise<number> {
  return (await readStored(StorageKeys.panelWidth)) ?? DEFAULT_PANEL_WIDTH;
}

export function savePanelWidth(width: number): Promise<void> {
  return writeStored(StorageKeys.panelWidth, width);
}
