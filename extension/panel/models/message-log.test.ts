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
