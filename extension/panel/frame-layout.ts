/**
 * The injected panel's side of its page's layout: the width the page gave the frame and the range
 * its resize handle may ask for (posted by the content script, page/panel-frame.ts), and the
 * handle's request for another width. Posted with `postMessage`, not through the hub, so a drag
 * follows the pointer frame by frame. A page script can post to this frame as its parent too, so
 * what arrives only feeds the handle's numbers: the content script clamps every request itself.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { PanelLayout, ResizeRequest } from '../page/panel-frame.ts';

export interface FrameLayout {
  /** Null until the page has said. */
  readonly layout: ReadonlySignal<PanelLayout | null>;
  requestWidth(width: number): void;
  /** A drag began `grip` px into the panel: the page follows the pointer once it leaves this frame. */
  dragStarted(grip: number): void;
  dispose(): void;
}

const isLayout = (data: unknown): data is PanelLayout =>
  typeof data === 'object' &&
  data !== null &&
  (data as PanelLayout).samepage === 'layout' &&
  [(data as PanelLayout).width, (data as PanelLayout).min, (data as PanelLayout).max].every(Number.isFinite);

export function frameLayout(win: Window): FrameLayout {
  const layout = signal<PanelLayout | null>(null);
  const stop = new AbortController();
  win.addEventListener(
    'message',
    (event) => {
      if (event.source === win.parent && isLayout(event.data)) layout.value = event.data;
    },
    { signal: stop.signal },
  );
  return {
    layout,
    requestWidth(width) {
      const request: ResizeRequest = { samepage: 'resize', width: Math.round(width) };
      // Any origin: the page's is not known here, and a width is nothing to keep from it.
      win.parent.postMessage(request, '*');
    },
    dragStarted(grip) {
      const request: ResizeRequest = { samepage: 'resize-start', grip };
      win.parent.postMessage(request, '*');
    },
    dispose: () => stop.abort(),
  };
}
