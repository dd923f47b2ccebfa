import { describe, expect, it } from 'vitest';
import { REPLY_SNIPPET_CHARS, type Envelope } from '../../../protocol/index.ts';
import { ALICE, BOB, PAGE_ROOM } from '../testing/fixtures.ts';
import { foldEnvelopes, type MessagesById } from './fold-envelopes.ts';

const text = (id: string, from: typeof ALICE, body: Envelope<'text'>['body'], to?: string): Envelope<'text'> => ({
  id,
  clientId: `client-${id}`,
  room: PAGE_ROOM,
  from,
  at: 1_700_000_000_000,
  kind: 'text',
  body,
  ...(to ? { to } : {}),
});

const replyOf = (messages: MessagesById, id: string): unknown => {
  const message = messages.get(id);
  return message?.kind === 'text' ? message.body?.reply : undefined;
};

describe('a reply folded into a conversation', () => {
  it('in a DM, which the relay passes on with only the id, shows the original it answers', () => {
    const messages: MessagesById = new Map();
    const long = 'x'.repeat(REPLY_SNIPPET_CHARS + 10);
    foldEnvelopes(
      messages,
      [text('m1', ALICE, { text: long }, BOB.id), text('m2', BOB, { text: 'yes', reply: { id: 'm1' } }, ALICE.id)],
      BOB.id,
    );
    expect(replyOf(messages, 'm2')).toEqual({
      id: 'm1',
      from: ALICE,
      snippet: `${'x'.repeat(REPLY_SNIPPET_CHARS)}…`,
    });
  });

  it('keeps what the relay filled in, and only the id when the original is not shown', () => {
    const messages: MessagesById = new Map();
    const filled = { id: 'm1', from: ALICE, snippet: 'as the relay had it' };
    foldEnvelopes(
      messages,
      [
        text('m1', ALICE, { text: 'edited since' }),
        text('m2', BOB, { text: 'a', reply: filled }),
        text('m3', BOB, { text: 'b', reply: { id: 'gone' } }),
      ],
      BOB.id,
    );
    expect(replyOf(messages, 'm2')).toEqual(filled);
    expect(replyOf(messages, 'm3')).toEqual({ id: 'gone' });
  });
});
