import { browser } from 'wxt/browser';
import { describe, expect, it } from 'vitest';
import type { DirectMessage } from '../../protocol/index.ts';
import { ALICE, BOB, CAROL, OTHER_PAGE_ROOM, PAGE_ROOM, direct } from '../panel/testing/fixtures.ts';
import { createDmArchive } from './dm-archive.ts';

const DAY = 86_400_000;

describe('the DM archive', () => {
  it("keeps every conversation of a room in send order, and gives only that room's", async () => {
    const archive = createDmArchive();
    const [hi, ho, hey, elsewhere] = [
      direct(BOB, ALICE, 'hi'),
      direct(ALICE, BOB, 'ho'),
      direct(CAROL, ALICE, 'hey'),
      direct(BOB, ALICE, 'elsewhere', { room: OTHER_PAGE_ROOM }),
    ];
    await Promise.all([ho, hey, elsewhere, hi].map((message) => archive.keep(message)));
    await archive.keep(hi);
    expect(await archive.load(PAGE_ROOM)).toEqual([hi, ho, hey]);
    expect(await createDmArchive().load(OTHER_PAGE_ROOM)).toEqual([elsewhere]);
  });

  it('keeps the newest messages of a conversation up to its bound', async () => {
    const archive = createDmArchive({ perConversation: 3 });
    const sent: DirectMessage[] = [];
    for (let index = 0; index < 5; index++) {
      sent.push(direct(index % 2 === 0 ? ALICE : BOB, index % 2 === 0 ? BOB : ALICE, `#${index}`));
      await archive.keep(sent.at(-1) as DirectMessage);
    }
    expect((await archive.load(PAGE_ROOM)).map((message) => message.text)).toEqual(['#2', '#3', '#4']);
  });

  it('drops a conversation nobody wrote to for longer than its age limit', async () => {
    let now = Date.UTC(2025, 0, 1);
    const archive = createDmArchive({ maxAgeMs: 30 * DAY, now: () => now });
    await archive.keep(direct(BOB, ALICE, 'old news'));
    now += 20 * DAY;
    const recent = direct(CAROL, ALICE, 'recent');
    await archive.keep(recent);
    now += 15 * DAY;
    expect(await archive.load(PAGE_ROOM)).toEqual([recent]);
    expect(Object.keys(await browser.storage.local.get(null)).filter((key) => key.startsWith('dm:'))).toHaveLength(1);
  });
});
