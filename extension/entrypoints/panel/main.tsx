import { effect } from '@preact/signals';
import { applyLocale } from '../../lib/i18n.ts';
import { render } from 'preact';
import { App } from '../../panel/components/App.tsx';
import { frameVisibility } from '../../panel/frame-visibility.ts';
import { ResizeHandle } from '../../panel/components/ResizeHandle.tsx';
import { frameLayout } from '../../panel/frame-layout.ts';
import { createHubClient } from '../../panel/hub-client.ts';
import { inPageKeys } from '../../panel/in-page-keys.ts';
import { createPanelModels } from '../../panel/models/index.ts';
import { popOutTabTitle, popOutTarget, popOutTitle } from '../../lib/pop-out-url.ts';
import { openPopOut } from '../../panel/pop-out.ts';
import { runtimePortOpener } from '../../panel/runtime-port.ts';
import '../../panel/panel.css';
import { markOnce, TimingMark } from '../../lib/timing-marks.ts';
import { loadLaterViews } from '../../panel/components/panel-views.ts';

/** The panel in a page's frame: its resize handle, Escape to collapse, focus to the composer. */
function bootInPage(collapse: () => void): () => void {
  const stop = new AbortController();
  const layout = frameLayout(window);
  const handleRoot = document.createElement('div');
  document.body.append(handleRoot);
  render(<ResizeHandle frame={layout} />, handleRoot);
  inPageKeys(window, collapse, stop.signal);
  return () => {
    stop.abort();
    layout.dispose();
  };
}

/**
 * Fetches the views not shown at first (a conversation, the inbox, dialogs) once the room's
 * history is painted, or after a few seconds in a panel that shows none, so that they open at once.
 */
function loadLaterViewsSoon(): void {
  let started = false;
  const start = (): void => {
    if (started) return;
    started = true;
    observer?.disconnect();
    clearTimeout(timer);
    void loadLaterViews().catch(() => undefined);
  };
  const timer = setTimeout(start, 3000);
  const observer =
    typeof PerformanceObserver === 'function'
      ? new PerformanceObserver((entries) => {
          if (entries.getEntriesByName(TimingMark.firstMessagePainted).length > 0) start();
        })
      : null;
  observer?.observe({ type: 'mark' });
}

function boot(root: HTMLElement): void {
  markOnce(TimingMark.panelScript);
  const hub = createHubClient(runtimePortOpener());
  const models = createPanelModels(hub, {
    popOutUrl: popOutTarget(location.search),
    popOutTitle: popOutTitle(location.search),
    openPopOut,
  });
  render(<App models={models} />, root);
  markOnce(TimingMark.firstRender);
  loadLaterViewsSoon();
  // Framed means inside a page, which can draw over the panel; a pop-out or side panel is not.
  const stopWatching = window.parent === window ? () => undefined : frameVisibility.watch(document.documentElement);
  const stopInPage = models.page.mode === 'injected' ? bootInPage(() => models.page.collapse()) : () => undefined;
  // A popped-out panel is a tab of its own: its tab names the page it talks about, and what is unread.
  const stopTitle = effect(() => {
    document.title = popOutTabTitle(models.page.context.value?.title ?? null, models.inbox.unreadMessages.value);
  });
  addEventListener(
    'pagehide',
    () => {
      stopTitle();
      stopWatching();
      stopInPage();
      models.dispose();
      hub.dispose();
    },
    { once: true },
  );
}

// lang and dir before the first render: an Arabic panel is laid out right to left from its first frame.
applyLocale();
const root = document.getElementById('app');
if (root) boot(root);
