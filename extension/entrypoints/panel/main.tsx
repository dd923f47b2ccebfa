import { render } from 'preact';
import { App } from '../../panel/components/App.tsx';
import { createHubClient } from '../../panel/hub-client.ts';
import { createPanelModels } from '../../panel/models/index.ts';
import { popOutTarget } from '../../lib/pop-out-url.ts';
import { openPopOut } from '../../panel/pop-out.ts';
import { runtimePortOpener } from '../../panel/runtime-port.ts';
import '../../panel/panel.css';

function boot(root: HTMLElement): void {
  const hub = createHubClient(runtimePortOpener());
  const models = createPanelModels(hub, { popOutUrl: popOutTarget(location.search), openPopOut });
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

const root = document.getElementById('app');
// Only an e2e build has this branch (a production build folds the condition to false and drops
// the import): the reactions UI over local state, for e2e/emoji-picker.e2e.ts.
if (root && import.meta.env.MODE === 'e2e' && location.hash === '#reactions-preview') {
  void import('../../panel/testing/reactions-preview.tsx').then(({ mountReactionsPreview }) =>
    mountReactionsPreview(root),
  );
} else if (root) boot(root);
