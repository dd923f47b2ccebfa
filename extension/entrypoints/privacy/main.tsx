import { render } from 'preact';
import { relayHost } from '../../hub/relay-origin.ts';
import { serverUrl } from '../../hub/server-url.ts';
import { PrivacyPage } from '../../privacy/PrivacyPage.tsx';
import '../../panel/panel.css';
import '../../privacy/privacy.css';

async function boot(root: HTMLElement): Promise<void> {
  const host = relayHost(await serverUrl());
  render(<PrivacyPage relayHost={host} />, root);
}

const root = document.getElementById('app');
if (root) void boot(root);
