import { expect, it } from 'vitest';
import type { ChatMessage } from '../../../protocol/index.ts';
import { BOB, chat } from '../testing/fixtures.ts';
import { createMessageLog } from './message-log.ts';

it('keeps only the newest 500 messages of a long session', () => {
  const log = createMessageLog<ChatMessage>(
    () => new Promise(() => {}),
    () => '',
  );
  const all = Array.from({ length: 510 }, (_, index) => chat(BOB, `#${index}`));
  log.merge(all.slice(0, 300));
  log.merge(all.slice(300));
  expect(log.messages.value).toHaveLength(500);
  expect(log.messages.value[0]?.text).toBe('#10');
  expect(log.messages.value.at(-1)?.text).toBe('#509');
});

it('keeps older pages the person asked for beyond that bound, and knows the first message', () => {
  const log = createMessageLog<ChatMessage>(
    () => new Promise(() => {}),
    () => '',
  );
  const all = Array.from({ length: 600 }, (_, index) => chat(BOB, `#${index}`));
  log.merge(all.slice(100));
  log.mergeOlder(all.slice(0, 100));
  expect(log.messages.value).toHaveLength(600);
  expect(log.atStart.value).toBe(false);
  log.markStart(all[0]?.id ?? '');
  expect(log.atStart.value).toBe(true);
  log.merge([chat(BOB, 'newer')]);
  expect(log.messages.value[0]?.text).toBe('#1');
  expect(log.atStart.value).toBe(false);
});

it('adopts sends held elsewhere once, and not those already delivered', () => {
  const delivered = chat(BOB, 'delivered', { clientId: 'delivered01' });
  const asked: string[] = [];
  const log = createMessageLog<ChatMessage>(
    (clientId) => {
      asked.push(clientId);
      return new Promise(() => {});
    },
    () => '',
  );
  log.merge([delivered]);
  const held = { clientId: 'held000001', text: 'held', at: 5 };
  log.adopt([held, { clientId: 'delivered01', text: 'delivered', at: 1 }]);
  log.adopt([held]);
  expect(log.outbox.value).toEqual([{ ...held, state: 'pending' }]);
  expect(asked).toEqual(['held000001']);
});
