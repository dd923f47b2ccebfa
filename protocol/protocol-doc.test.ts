import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ClientEvent, ERROR_CODES, PROTOCOL_VERSION, ServerEvent } from './index.ts';

const doc = readFileSync(new URL('../docs/protocol.md', import.meta.url), 'utf8');

describe('docs/protocol.md', () => {
  it('documents every event the contract module names', () => {
    for (const event of [...Object.values(ClientEvent), ...Object.values(ServerEvent)]) {
      expect(doc, event).toContain(`\`${event}\``);
    }
  });

  it('documents every error code', () => {
    for (const code of ERROR_CODES) expect(doc, code).toContain(`\`${code}\``);
  });

  it('is the contract version the module speaks', () => {
    expect(doc).toContain(`wire contract, v${PROTOCOL_VERSION}`);
    expect(doc).toContain(`\`v\`: the protocol version, ${PROTOCOL_VERSION}.`);
  });
});
