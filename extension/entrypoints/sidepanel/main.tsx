import { render } from 'preact';
import { applyLocale } from '../../lib/i18n.ts';
import { App } from '../../panel/components/App.tsx';
import { followActiveTab } from '../../panel/active-tab.ts';
import { createHubClient } from '../../panel/hub-client.ts';
import { createPanelModels } from '../../panel/models/index.ts';
import { openPopOut } from '../../panel/pop-out.ts';
import { runtimePortOpener } from '../../panel/runtime-port.ts';
import '../../panel/panel.css';

/** The same panel app as panel.html, in Chrome's side panel, about the window's active tab. */
function boot(root: HTMLElement): void {
  const hub = createHubClient(runtimePortOpener());
  const models = createPanelModels(hub, { popOutUrl: null, openPopOut, follow: followActiveTab });
  render(<App models={models} />, root);
  addEventListener(
    'pagehide',
    () => {
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
