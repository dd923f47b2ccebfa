/**
 * How wide the panel is: what the person chose last (kept in `storage.local`, so it holds on every
 * page and after a restart), within [280 px, 80% of the window]; on a window so narrow that 80% is
 * less than 280 px, 280 px or the whole window.
 */
import { readStored, StorageKeys, writeStored } from '../lib/storage-keys.ts';

export const MIN_PANEL_WIDTH = 280;
export const DEFAULT_PANEL_WIDTH = 360;
const MAX_SHARE = 0.8;
/** One arrow key press on the resize handle. */
export const KEYBOARD_STEP = 16;

export interface WidthRange {
  min: number;
  max: number;
}

export function widthRange(windowWidth: number): WidthRange {
  const max = Math.max(Math.floor(windowWidth * MAX_SHARE), Math.min(MIN_PANEL_WIDTH, windowWidth));
  return { min: Math.min(MIN_PANEL_WIDTH, max), max };
}

export function clampWidth(width: number, windowWidth: number): number {
  const { min, max } = widthRange(windowWidth);
  return Math.round(Math.min(Math.max(width, min), max));
}

export async function loadPanelWidth(): Promise<number> {
  return (await readStored(StorageKeys.panelWidth)) ?? DEFAULT_PANEL_WIDTH;
}

export function savePanelWidth(width: number): Promise<void> {
  return writeStored(StorageKeys.panelWidth, width);
}
