import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ALT_MAX_CHARS,
  ClientEvent,
  EDIT_WINDOW_MS,
  ERROR_CODES,
  LIMIT_NAMES,
  MENTIONS_MAX,
  PROTOCOL_V2,
  PROTOCOL_VERSION,
  PROTOCOL_VERSIONS,
  REACTION_EMOJI_MAX,
  REACTIONS_PER_MESSAGE_MAX,
  REPLY_SNIPPET_CHARS,
  ServerEvent,
} from './index.ts';
import { BODIES, KINDS } from './messages.ts';

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

  describe('Protocol v2', () => {
    const v2 = doc.slice(doc.indexOf('## Protocol v2'), doc.indexOf('## Images (HTTP)'));

    it('has its section, with the versions the relay admits', () => {
      expect(v2.length).toBeGreaterThan(1000);
      expect(v2).toContain(`\`auth: { v: ${PROTOCOL_V2}, token, name }\``);
      expect(v2).toContain(`versions ${PROTOCOL_VERSIONS.join(' and ')}`);
    });

    it('documents each kind with exactly the fields of its body schema', () => {
      expect(v2).toContain(`\`${JSON.stringify(KINDS).replaceAll(',', ', ')}\``);
      for (const kind of KINDS) {
        const schema = BODIES[kind];
        const fields = Object.keys(schema.properties)
          .map((field) => ((schema.required as string[] | undefined)?.includes(field) ? field : `${field}?`))
          .join(', ');
        expect(v2, kind).toContain(`**\`${kind}\`** — \`{ ${fields} }\``);
      }
    });

    it('states the limits the code enforces', () => {
      const stated: Array<[string, number]> = [
        ['editWindowMs', EDIT_WINDOW_MS],
        ['MENTIONS_MAX', MENTIONS_MAX],
        ['REPLY_SNIPPET_CHARS', REPLY_SNIPPET_CHARS],
        ['ALT_MAX_CHARS', ALT_MAX_CHARS],
        ['REACTION_EMOJI_MAX', REACTION_EMOJI_MAX],
        ['REACTIONS_PER_MESSAGE_MAX', REACTIONS_PER_MESSAGE_MAX],
      ];
      for (const [name, value] of stated)
        expect(v2, name).toMatch(new RegExp(`${value}[^\\d]*\`${name}\`|\`${name}\`[^\\d]*${value}`));
    });

    it('names every budget a refusal may name', () => {
      for (const limit of LIMIT_NAMES) expect(doc, limit).toContain(`\`${limit}\``);
    });
  });
});
