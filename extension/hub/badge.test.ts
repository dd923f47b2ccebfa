import { describe, expect, it } from 'vitest';
import { badgeText, badgeTexts, type RoomCount } from './badge.ts';
import { BadgeWriter, type BadgeSurface } from './badge-surface.ts';

const rooms = (entries: Array<[string, RoomCount]>) => new Map(entries);

describe('badge texts', () => {
  it('say nothing at 0 and fit three characters', () => {
    expect([0, -1, 1, 42, 99, 100, 5000].map(badgeText)).toEqual(['', '', '1', '42', '99', '99+', '99+']);
  });

  it('count unread DMs and mentions everywhere', () => {
    const texts = badgeTexts({
      dmUnread: 2,
      rooms: rooms([
        ['r1', { unread: 5, mentions: 1 }],
        ['r2', { unread: 3, mentions: 2 }],
      ]),
      tabs: new Map(),
    });
    expect(texts).toEqual({ global: '5', tabs: new Map() });
  });

  it("add a collapsed panel's room messages on its tab, each mention counted once", () => {
    const texts = badgeTexts({
      dmUnread: 1,
      rooms: rooms([
        ['r1', { unread: 4, mentions: 1 }],
        ['r2', { unread: 7, mentions: 0 }],
      ]),
      tabs: new Map([
        [7, ['r1']],
        [8, ['r2', 'r2']],
        [9, ['gone']],
      ]),
    });
    // 1 DM + 1 mention everywhere; tab 7: + the 3 other messages of r1; tab 8: + r2's 7, once.
    expect(texts.global).toBe('2');
    expect(texts.tabs).toEqual(
      new Map([
        [7, '5'],
        [8, '9'],
        [9, '2'],
      ]),
    );
  });

  it('are empty when everything is read', () => {
    expect(badgeTexts({ dmUnread: 0, rooms: new Map(), tabs: new Map([[3, ['r']]]) })).toEqual({
      global: '',
      tabs: new Map([[3, '']]),
    });
  });
});

describe('badge writer', () => {
  function recorder() {
    const calls: Array<[string | null, number | undefined]> = [];
    const surface: BadgeSurface = { setText: async (text, tabId) => void calls.push([text, tabId]) };
    return { calls, writer: new BadgeWriter(surface) };
  }

  it('writes what changed only, and gives a tab that needs no own text back to the global one', async () => {
    const { calls, writer } = recorder();
    await writer.apply({ global: '1', tabs: new Map([[7, '3']]) });
    await writer.apply({ global: '1', tabs: new Map([[7, '3']]) });
    expect(calls).toEqual([
      ['1', undefined],
      ['3', 7],
    ]);
    calls.length = 0;
    await writer.apply({ global: '', tabs: new Map() });
    expect(calls).toEqual([
      ['', undefined],
      [null, 7],
    ]);
  });

  it("writes a tab's own text again after a navigation reset it, and nothing for other tabs", async () => {
    const { calls, writer } = recorder();
    await writer.apply({ global: '2', tabs: new Map([[7, '4']]) });
    calls.length = 0;
    await writer.reapply(7);
    await writer.reapply(8);
    expect(calls).toEqual([['4', 7]]);
  });
});
