import { render } from 'preact';
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

const root = document.getElementById('app');
if (root) boot(root);
