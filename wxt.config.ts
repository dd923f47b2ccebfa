import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

export default defineConfig({
  srcDir: 'extension',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'samepage',
    description: 'Talk with everyone who is on the same web page right now.',
    minimum_chrome_version: '116',
    permissions: ['activeTab', 'scripting', 'storage'],
    action: { default_title: 'samepage: chat with people on this page' },
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+S' }, description: 'Open or close the samepage panel' },
    },
    web_accessible_resources: [
      browser === 'firefox'
        ? { resources: ['panel.html'], matches: ['<all_urls>'] }
        : { resources: ['panel.html'], matches: ['<all_urls>'], use_dynamic_url: true },
    ],
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: 'samepage@samepage.chat' } } } : {}),
  }),
});
