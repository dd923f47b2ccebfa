import { render } from 'preact';
import { applyLocale, t } from '../../lib/i18n.ts';
import { relayHost } from '../../hub/relay-origin.ts';
import { serverUrl } from '../../hub/server-url.ts';
import { PrivacyPage } from '../../privacy/PrivacyPage.tsx';
import '../../panel/panel.css';
import '../../privacy/privacy.css';

async function boot(root: HTMLElement): Promise<void> {
  const host = relayHost(await serverUrl());
  render(<PrivacyPage relayHost={host} />, root);
}

// lang and dir before the first render: an Arabic panel is laid out right to left from its first frame.
applyLocale();
document.title = t('privacy_page_title');
const root = document.getElementById('app');
if (root) void boot(root);
