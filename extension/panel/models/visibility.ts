/**
 * Whether the person can see the panel now (issue #13): its document is visible and the panel
 * is not collapsed to its tab on the page's edge. Unread counting and notifications follow it,
 * so a message that arrives in a hidden or collapsed panel still counts as unread.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';

export interface VisibilityModel {
  readonly visible: ReadonlySignal<boolean>;
  /** Fed by whoever knows the panel's dock (collapsed to its slim tab or expanded). */
  setCollapsed(collapsed: boolean): void;
  dispose(): void;
}

export function createVisibilityModel(doc: Document = document): VisibilityModel {
  const shown = signal(doc.visibilityState === 'visible');
  const collapsed = signal(false);
  const onChange = (): void => {
    shown.value = doc.visibilityState === 'visible';
  };
  doc.addEventListener('visibilitychange', onChange);
  return {
    visible: computed(() => shown.value && !collapsed.value),
    setCollapsed(value) {
      collapsed.value = value;
    },
    dispose: () => doc.removeEventListener('visibilitychange', onChange),
  };
}
