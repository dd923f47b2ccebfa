/**
 * The panel's views and dialogs that are not its first view, each loaded with `import()`
 * (lazy.ts): the first panel of a browser loads and runs only what shows a room's history.
 */
import { lazyComponent } from './lazy.ts';

export const DmView = lazyComponent(async () => (await import('./DmView.tsx')).DmView);
export const InboxView = lazyComponent(async () => (await import('./InboxView.tsx')).InboxView);
export const ReportDialog = lazyComponent(async () => (await import('./ReportDialog.tsx')).ReportDialog);
export const ImageGallery = lazyComponent(async () => (await import('./ImageGallery.tsx')).ImageGallery);
export const ImageViewer = lazyComponent(async () => (await import('./ImageViewer.tsx')).ImageViewer);

const LATER_VIEWS = [DmView, InboxView, ReportDialog, ImageGallery, ImageViewer];

/** Fetches every later view, so that none waits for its code when first opened. */
export function loadLaterViews(): Promise<unknown> {
  return Promise.all(LATER_VIEWS.map((view) => view.load()));
}
