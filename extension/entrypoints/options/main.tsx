import { render } from 'preact';
import { applyLocale, t } from '../../lib/i18n.ts';
import { DEFAULT_SERVER_URL } from '../../hub/server-url.ts';
import { createOptionsModel } from '../../options/options-model.ts';
import { OptionsForm } from '../../options/OptionsForm.tsx';
import '../../panel/panel.css';
import '../../options/options.css';

function boot(root: HTMLElement): void {
  const options = createOptionsModel();
  render(<OptionsForm options={options} defaultServerUrl={DEFAULT_SERVER_URL} />, root);
  void options.load();
}

// lang and dir before the first render: an Arabic panel is laid out right to left from its first frame.
applyLocale();
document.title = t('options_page_title');
const root = document.getElementById('app');
if (root) boot(root);
