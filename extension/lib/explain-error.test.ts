import { describe, expect, it } from 'vitest';
import { LIMIT_NAMES, type LimitName } from '../../protocol/index.ts';
import { explainError } from './explain-error.ts';
import { longWait, shortWait } from './wait-words.ts';

const limited = (limit: LimitName | undefined, retryAfterMs: number) =>
  limit === undefined
    ? { code: 'rate_limited' as const, message: 'slow down', retryAfterMs }
    : { code: 'rate_limited' as const, message: 'slow down', retryAfterMs, limit };

describe('explainError', () => {
  it('says why a DM cannot be delivered in the words it came with (the relay’s, or the hub’s for a DM it cannot seal)', () => {
    const undeliverable = (message: string) => explainError({ code: 'undeliverable', message });
    expect(undeliverable('this message cannot be delivered')).toBe('This message cannot be delivered');
    expect(undeliverable('their mailbox is full; try again once they have read what is waiting')).toBe(
      'Their mailbox is full; try again once they have read what is waiting',
    );
    expect(undeliverable('Bob uses an older samepage that cannot receive encrypted messages')).toBe(
      'Bob uses an older samepage that cannot receive encrypted messages',
    );
    expect(undeliverable('')).toBe('This message cannot be delivered');
  });

  it('says when to try again after rate limiting, in whole seconds', () => {
    expect(explainError({ code: 'rate_limited', message: 'slow down', retryAfterMs: 2100 })).toBe(
      "You're sending too fast — try again in 3 s",
    );
  });

  it('has a sentence of its own for every limit the relay names, with the wait in words', () => {
    const said = {
      connections_per_address: explainError(limited('connections_per_address', 95_000)),
      new_identities_per_address: explainError(limited('new_identities_per_address', 4 * 60_000)),
      newcomer_links: explainError(limited('newcomer_links', 5 * 60_000 + 1)),
      newcomer_send: explainError(limited('newcomer_send', 7_500), { messagesPerMinute: 6 }),
      rename: explainError(limited('rename', 40_000)),
      rooms: explainError(limited('rooms', 12_000)),
      history: explainError(limited('history', 900)),
      dm_status: explainError(limited('dm_status', 2_000)),
      in_flight: explainError(limited('in_flight', 100)),
      send: explainError(limited('send', 3_000)),
      react: explainError(limited('react', 4_500)),
      uploads: explainError(limited('uploads', 20_000)),
      upload_bytes: explainError(limited('upload_bytes', 30 * 60_000)),
      reports: explainError(limited('reports', 10 * 60_000)),
      privacy: explainError(limited('privacy', 5_000)),
      slow_mode: explainError(limited('slow_mode', 9_500)),
      repeated_text: explainError(limited('repeated_text', 4 * 60_000)),
    } satisfies Record<LimitName, string>;
    expect(said).toEqual({
      connections_per_address: 'Too many people from your network are connected to this relay; trying again in 2 min',
      new_identities_per_address: 'Too many new visitors from your network; try again in 4 min',
      newcomer_links: 'New here: links can be posted in 6 min',
      newcomer_send: 'New here: you can send 6 messages a minute for your first minutes — next one in 8 s',
      rename: 'You changed your name too often; try again in 40 s',
      rooms: 'You switched rooms too often; joining again in 12 s',
      history: 'Too many pages of history at once; try again in 1 s',
      dm_status: 'Checked who is online too often; try again in 2 s',
      in_flight: 'Too many requests are waiting for the server; try again in 1 s',
      send: "You're sending too fast — try again in 3 s",
      react: "You're reacting too fast — try again in 5 s",
      uploads: 'Too many images at once; try again in 20 s',
      upload_bytes: 'You have sent a lot of images lately; try again in 30 min',
      reports: 'You have sent many reports lately; try again in 10 min',
      privacy: 'Your block list changed too often; it is sent again in 5 s',
      slow_mode: 'Slow mode is on in this room: your next message in 10 s',
      repeated_text: 'You sent the same message several times; say something else, or wait 4 min',
    });
    expect(new Set(Object.values(said)).size).toBe(LIMIT_NAMES.length);
  });

  it('says "a few messages" when the newcomer rate is not known', () => {
    expect(explainError(limited('newcomer_send', 5_000))).toBe(
      'New here: you can send only a few messages a minute for your first minutes — next one in 5 s',
    );
  });

  it('falls back to the generic words for a limit it does not know', () => {
    const unknown = { ...limited(undefined, 2_000), limit: 'future_limit' as LimitName };
    expect(explainError(unknown)).toBe("You're sending too fast — try again in 2 s");
  });

  it('names the DM recipient who left', () => {
    expect(explainError({ code: 'not_here', message: 'x' }, { peerName: 'Bob' })).toBe('Bob has left this page');
  });

  it("shows the server's words only for a bad request", () => {
    expect(explainError({ code: 'bad_request', message: 'text is blank' })).toBe(
      'The server refused this: text is blank',
    );
    expect(explainError({ code: 'internal', message: 'stack trace' })).not.toContain('stack trace');
  });

  it('says which change did not happen, and why in the relay’s words, for a refused edit, delete or reaction', () => {
    const refused = (why: string) => ({ code: 'bad_request' as const, message: why });
    // The sentences protocol/fold.ts gives, which the relay answers a refused change with.
    const late = refused('a message can be edited for 15 minutes after it was sent');
    const notYours = refused('only its author can delete a message');
    const gone = refused('that message was deleted');
    expect(explainError(late, { kind: 'edit' })).toBe(
      'Not edited: a message can be edited for 15 minutes after it was sent',
    );
    expect(explainError(refused('only its author can edit a message'), { kind: 'edit' })).toBe(
      'Not edited: only its author can edit a message',
    );
    expect(explainError(notYours, { kind: 'delete' })).toBe('Not deleted: only its author can delete a message');
    expect(explainError(gone, { kind: 'reaction' })).toBe('Reaction not changed: that message was deleted');
    expect(explainError(refused('text is blank'), { kind: 'text' })).toBe('The server refused this: text is blank');
  });
});

describe('waits in words', () => {
  it('counts seconds under a minute and whole minutes from there, rounding up', () => {
    expect([1, 999, 59_000, 59_001, 60_000, 61_000, 4 * 60_000].map(shortWait)).toEqual([
      '1 s',
      '1 s',
      '59 s',
      '1 min',
      '1 min',
      '2 min',
      '4 min',
    ]);
    expect([1_000, 40_000, 60_000, 9 * 60_000].map(longWait)).toEqual([
      '1 second',
      '40 seconds',
      '1 minute',
      '9 minutes',
    ]);
  });
});
