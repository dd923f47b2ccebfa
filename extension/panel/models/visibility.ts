/**
 * Whether the person can see the panel now (issue #13): its document is visible and the panel
 * is not collapsed to its tab on the page's edge, nor covered by the page (frame-visibility.ts).
 * Unread counting and notifications follow it, so a message that arrives in a hidden, collapsed
 * or covered panel still counts as unread.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { frameVisibility } from '../frame-visibility.ts';

export interface VisibilityModel {
  readonly visible: ReadonlySignal<boolean>;
  dispose(): void;
}

export function createVisibilityModel(
  doc: Document = document,
  uncovered: ReadonlySignal<boolean> = frameVisibility.visible,
): VisibilityModel {
  const view = doc.defaultView;
  // The page collapses the in-page panel by shrinking its frame to nothing (page/panel-frame.ts):
  // a frame of no width shows nothing, and only the extension's own page script sets that size.
  const read = (): boolean => doc.visibilityState === 'visible' && (view === null || view.innerWidth > 0);
  const shown = signal(read());
  const onChange = (): void => {
    shown.value = read();
  };
  doc.addEventListener('visibilitychange', onChange);
  view?.addEventListener('resize', onChange);
  return {
    visible: computed(() => shown.value && uncovered.value),
    dispose: () => {
      doc.removeEventListener('visibilitychange', onChange);
      view?.removeEventListener('resize', onChange);
    },
  };
}
