// Lint rules carry the layering of docs/architecture.md; their messages say why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Tests may reach across layers: extension tests start the real relay server.
const TESTS = ['**/*.test.ts', '**/*.test.tsx', 'extension/testing/**'];

const layer = (files, patterns) => ({
  files,
  ignores: TESTS,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['node_modules', '.output', '.wxt', 'artifacts', 'data'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Where Socket.IO events are sent and received. (The panel ↔ hub Port has its own typed map.)
    files: ['server/**', 'extension/hub/**', 'scripts/**', 'e2e/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(emit|on|once|off|emitWithAck)$/] > Literal:first-child[value=/^(room|message|dm|user|presence):|^typing$/]',
          message: 'Name events through ClientEvent / ServerEvent from protocol/events.ts, never as a bare string.',
        },
      ],
    },
  },
  layer(
    ['protocol/**'],
    [
      {
        group: ['**/server/**', '**/extension/**'],
        message: 'The contract is shared by both sides; it imports neither.',
      },
    ],
  ),
  layer(
    ['server/**'],
    [{ group: ['**/extension/**'], message: 'The server never imports extension code; share through protocol/.' }],
  ),
  layer(
    ['extension/**'],
    [
      { group: ['**/server/**'], message: 'The extension never imports server code; share through protocol/.' },
      {
        group: ['**/protocol/schemas*', '@sinclair/typebox*'],
        allowTypeImports: true,
        message:
          'Import schema types only (import type): compiled validators need eval, which MV3 forbids, and TypeBox would bloat the bundle.',
      },
    ],
  ),
  layer(
    // The recipient's hub is the only place a sealed DM's inner body can be checked (issue #15).
    // Value.Check interprets the schemas (no eval); only the service worker's bundle carries it.
    ['extension/lib/e2e/sealed-inner.ts'],
    [{ group: ['**/server/**'], message: 'The extension never imports server code; share through protocol/.' }],
  ),
  layer(
    ['extension/page/**', 'extension/entrypoints/content.ts'],
    [
      {
        group: ['preact', 'preact/*', '@preact/*', '**/panel/**', 'socket.io-client'],
        message:
          'The content script runs in every page the panel opens on: it stays tiny and imports no UI or socket code.',
      },
      {
        group: ['webextension-polyfill', '@wxt-dev/webextension-polyfill*'],
        message:
          "The content script uses the browser's native API through wxt/browser (wxt.config.ts keeps the polyfill out of its build).",
      },
    ],
  ),
);
