import { expect, it } from 'vitest';
import type { Message } from '../../../protocol/index.ts';
import { BOB, chat, folded, textOf } from '../testing/fixtures.ts';
import type { LogPost } from './message-log.ts';
import { createMessageLog } from './message-log.ts';

it('keeps only the newest 500 messages of a long session', () => {
  const log = createMessageLog(
    () => new Promise(() => {}),
    () => '',
    () => BOB.id,
  );
  const all = Array.from({ length: 510 }, (_, index) => folded(chat(BOB, `#${index}`)));
  log.merge(all.slice(0, 300));
  log.merge(all.slice(300));
  expect(log.messages.value).toHaveLength(500);
  expect(textOf(log.messages.value[0])).toBe('#10');
  expect(textOf(log.messages.value.at(-1))).toBe('#509');
});

it('keeps older pages the person asked for beyond that bound, and knows the first message', () => {
  const log = createMessageLog(
    () => new Promise(() => {}),
    () => '',
    () => BOB.id,
  );
  const all = Array.from({ length: 600 }, (_, index) => folded(chat(BOB, `#${index}`)));
  log.merge(all.slice(100));
  log.mergeOlder(all.slice(0, 100));
  expect(log.messages.value).toHaveLength(600);
  expect(log.atStart.value).toBe(false);
  log.markStart(all[0]?.id ?? '');
  expect(log.atStart.value).toBe(true);
  log.merge([folded(chat(BOB, 'newer'))]);
  expect(textOf(log.messages.value[0])).toBe('#1');
  expect(log.atStart.value).toBe(false);
});

it('adopts sends held elsewhere once, and not those already delivered', () => {
  const delivered: Message = folded(chat(BOB, 'delivered', { clientId: 'delivered01' }));
  const asked: LogPost[] = [];
  const log = createMessageLog(
    (post) => {
      asked.push(post);
      return new Promise(() => {});
    },
    () => '',
    () => BOB.id,
  );
  log.merge([delivered]);
  const held = { clientId: 'held000001', kind: 'text' as const, body: { text: 'held' }, at: 5 };
  log.adopt([held, { clientId: 'delivered01', kind: 'text', body: { text: 'delivered' }, at: 1 }]);
  log.adopt([held]);
  expect(log.outbox.value).toEqual([{ ...held, state: 'pending' }]);
  expect(asked).toEqual([{ clientId: 'held000001', kind: 'text', body: { text: 'held' } }]);
});
