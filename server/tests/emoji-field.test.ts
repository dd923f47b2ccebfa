/**
 * The edge's word for an emoji field that is not one emoji (protocol/emoji.ts): the field's
 * name and what it must be, as for names and texts, rather than TypeBox's format message.
 */
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { Emoji } from '../../protocol/schemas.ts';
import { compile } from '../chat/validate.ts';

const reaction = compile(Type.Object({ body: Type.Object({ emoji: Emoji }) }));

describe('an emoji field at the edge', () => {
  it('takes one emoji', () => {
    expect(reaction.problem({ body: { emoji: '👍🏽' } })).toBeNull();
  });

  it.each(['', 'ok', '👍👍', '<script>', '👍'.repeat(40)])('refuses %j, naming the field', (emoji) => {
    expect(reaction.problem({ body: { emoji } })).toBe('body.emoji: must be one emoji');
  });
});
