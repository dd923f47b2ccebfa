/**
 * Where this panel is: injected beside a page (the hub tells it which page, again after each
 * in-page navigation), popped out into a tab of its own for a page given by URL, or in
 * Chrome's side panel, following the pages a source gives (panel/active-tab.ts).
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { pageContextOf } from '../../lib/page-context.ts';
import { markOnce, TimingMark } from '../../lib/timing-marks.ts';
import type { PageContext } from '../../lib/domain.ts';
import type { HubClient } from '../hub-client.ts';

export type PanelMode = 'injected' | 'popout' | 'side';

export interface PageModel {
  readonly mode: PanelMode;
  /** Null until known. */
  readonly context: ReadonlySignal<PageContext | null>;
  /** Opens this page's room in a tab of its own and collapses this one: one copy in view. */
  popOut(): void;
  /** Closes the injected panel. */
  close(): void;
  /** Collapses the injected panel to its slim tab on the page's edge. */
  collapse(): void;
  dispose(): void;
}

export interface PageModelOptions {
  /** The page of a popped-out panel; null for the injected one. */
  popOutUrl: string | null;
  /** Its title, when the opener knew it (the page's tab). */
  popOutTitle?: string | null;
  openPopOut(pageUrl: string, title: string): Promise<void>;
  /** Chrome's side panel: gives each page the panel is about in turn; returns its stop. */
  follow?: (set: (context: PageContext) => void) => () => void;
}

export function createPageModel(
  hub: HubClient,
  { popOutUrl, popOutTitle = null, openPopOut, follow }: PageModelOptions,
): PageModel {
  const context = signal<PageContext | null>(null);
  let stop = (): void => {};
  if (follow) {
    stop = follow((next) => {
      context.value = next;
    });
  } else if (popOutUrl === null) {
    stop = hub.on('page:context', (next) => {
      markOnce(TimingMark.context);
      context.value = next;
    });
  } else {
    void pageContextOf(popOutUrl, popOutTitle).then((computed) => {
      context.value = computed;
    });
  }

  return {
    mode: follow ? 'side' : popOutUrl === null ? 'injected' : 'popout',
    context,
    popOut() {
      const current = context.value;
      if (current?.status !== 'ok') return;
      void openPopOut(current.page.label, current.title).then(() => hub.request('panel:collapse', {}));
    },
    close() {
      void hub.request('panel:close', {});
    },
    collapse() {
      void hub.request('panel:collapse', {});
    },
    dispose: () => stop(),
  };
}
