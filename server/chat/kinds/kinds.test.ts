import { describe, expect, it } from 'vitest';
import { MENTIONS_MAX } from '../../../protocol/limits.ts';
import { KINDS, type Kind } from '../../../protocol/messages.ts';
import { POLICIES } from './index.ts';

describe('POLICIES', () => {
  it('has one policy for every kind, with where it may go and which budget it draws on', () => {
    expect(Object.keys(POLICIES).sort()).toEqual([...KINDS].sort());
    const traits = Object.fromEntries(
      KINDS.map((kind) => [
        kind,
        { inDms: POLICIES[kind].inDms, inRooms: POLICIES[kind].inRooms ?? true, budget: POLICIES[kind].budget },
      ]),
    );
    expect(traits).toEqual({
      text: { inDms: true, inRooms: true, budget: 'send' },
      image: { inDms: false, inRooms: true, budget: 'send' },
      reaction: { inDms: true, inRooms: true, budget: 'react' },
      edit: { inDms: true, inRooms: true, budget: 'send' },
      delete: { inDms: true, inRooms: true, budget: 'send' },
      sealed: { inDms: true, inRooms: false, budget: 'send' },
    });
  });

  it('gives the newcomer rules the words a post adds, and nothing for a reaction or a delete', () => {
    const target = 'm1';
    expect(POLICIES.text.newcomerText({ text: 'see https://example.com' })).toBe('see https://example.com');
    expect(POLICIES.edit.newcomerText({ target, text: 'now with a link' })).toBe('now with a link');
    const sizes = { width: 1, height: 1, thumbWidth: 1, thumbHeight: 1 };
    expect(POLICIES.image.newcomerText({ id: 'i'.repeat(22), ...sizes, alt: 'example.com' })).toBe('example.com');
    expect(POLICIES.image.newcomerText({ id: 'i'.repeat(22), ...sizes })).toBe('');
    expect(POLICIES.reaction.newcomerText({ target, emoji: '👍', on: true })).toBeNull();
    expect(POLICIES.delete.newcomerText({ target })).toBeNull();
    // Ciphertext has no link to find, but a newcomer's sealed DMs still go at a newcomer's rate.
    expect(POLICIES.sealed.newcomerText({ enc: 'e'.repeat(43), ct: 'c'.repeat(16) })).toBe('');
  });
});

/** `count` distinct user ids. */
const people = (count: number) => Array.from({ length: count }, (_, i) => `user-${String(i).padStart(16, '0')}`);

describe('body schemas', () => {
  const cases: Array<[Kind, unknown, string | null]> = [
    ['text', { text: 'hi', mentions: ['alice-0000000000000'], reply: { id: 'm1' } }, null],
    ['text', { text: 'hi', extra: 1 }, 'extra: Unexpected property'],
    ['text', { text: '' }, 'text: text is blank'],
    [
      'text',
      { text: 'hi', mentions: ['alice-0000000000000', 'alice-0000000000000'] },
      'mentions: Expected array elements to be unique',
    ],
    ['text', { text: 'hi', reply: { id: 'bad id!' } }, "reply.id: Expected string to match '^[0-9A-Za-z_-]{1,64}$'"],
    ['image', { id: 'i'.repeat(22), width: 1, height: 1, thumbWidth: 1, thumbHeight: 1 }, null],
    [
      'image',
      { id: 'short', width: 1, height: 1, thumbWidth: 1, thumbHeight: 1 },
      "id: Expected string to match '^[A-Za-z0-9_-]{22}$'",
    ],
    [
      'image',
      { id: 'i'.repeat(22), width: 0, height: 1, thumbWidth: 1, thumbHeight: 1 },
      'width: Expected integer to be greater or equal to 1',
    ],
    ['reaction', { target: 'm1', emoji: '👍🏽', on: false }, null],
    ['reaction', { target: 'm1', emoji: 'ok', on: true }, 'emoji: must be one emoji'],
    ['reaction', { target: 'm1', emoji: '👍👍', on: true }, 'emoji: must be one emoji'],
    ['reaction', { target: 'm1', emoji: '👍' }, 'on: Expected required property'],
    [
      'reaction',
      { target: 'm1', emoji: '👍', on: true, count: -1 },
      'count: Expected integer to be greater or equal to 0',
    ],
    ['edit', { target: 'm1', text: 'better' }, null],
    [
      'edit',
      { target: 'm1', text: 'all of you', mentions: people(MENTIONS_MAX + 1) },
      `mentions: Expected array length to be less or equal to ${MENTIONS_MAX}`,
    ],
    ['edit', { target: 'm1' }, 'text: Expected required property'],
    ['edit', { target: 'm1', text: 'x', quote: {} }, 'quote: Unexpected property'],
    ['delete', { target: 'm1' }, null],
    ['delete', { target: 'm1', text: 'x' }, 'text: Unexpected property'],
    ['delete', {}, 'target: Expected required property'],
    ['delete', [], 'payload must be an object'],
  ];

  it.each(cases)('%s %j: %s', (kind, body, problem) => {
    expect(POLICIES[kind].body.problem(body)).toBe(problem);
    expect(POLICIES[kind].body.check(body)).toBe(problem === null);
  });
});
