import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { BLOCKED_MAX } from '../../protocol/index.ts';
import {
  block,
  hideMessage,
  HIDDEN_PER_ROOM_MAX,
  HIDDEN_ROOMS_MAX,
  mute,
  MUTES_MAX,
  readBlocked,
  readHidden,
  readMutes,
  unblock,
  unmute,
  watchSafetyLists,
} from './safety-lists.ts';

beforeEach(() => fakeBrowser.reset());

const bob = { id: 'b'.repeat(43), name: 'Bob' };
const carol = { id: 'c'.repeat(43), name: 'Carol' };
const ROOM = 'a'.repeat(64);

describe('the block list', () => {
  it('keeps each person once, newest last with their latest name, and forgets them on unblock', async () => {
    await block(bob, 1);
    await block(carol, 2);
    await block({ ...bob, name: 'Bobby' }, 3);
    expect(await readBlocked()).toEqual([
      { ...carol, at: 2 },
      { id: bob.id, name: 'Bobby', at: 3 },
    ]);
    await unblock(carol.id);
    expect((await readBlocked()).map((entry) => entry.id)).toEqual([bob.id]);
  });

  it('holds at most BLOCKED_MAX people, dropping the oldest', async () => {
    const many = Array.from({ length: BLOCKED_MAX }, (_, i) => ({
      id: `u${String(i).padStart(20, '0')}`,
      name: 'X',
      at: i,
    }));
    await fakeBrowser.storage.local.set({ blocked: many });
    await block(bob, BLOCKED_MAX);
    const kept = await readBlocked();
    expect(kept).toHaveLength(BLOCKED_MAX);
    expect(kept[0]?.id).toBe(many[1]?.id);
    expect(kept.at(-1)?.id).toBe(bob.id);
  });
});

describe('mutes', () => {
  it('last for a while or until unmuted, one per person and room', async () => {
    await mute(ROOM, bob, 60_000, 1_000);
    await mute(ROOM, carol, null, 1_000);
    expect((await readMutes(30_000)).map((entry) => entry.id)).toEqual([bob.id, carol.id]);
    expect((await readMutes(61_000)).map((entry) => entry.id)).toEqual([carol.id]);
    await mute(ROOM, bob, 8 * 3_600_000, 2_000);
    expect((await readMutes(2_000)).filter((entry) => entry.id === bob.id)).toHaveLength(1);
    await unmute(ROOM, carol.id, 2_000);
    expect((await readMutes(2_000)).map((entry) => entry.id)).toEqual([bob.id]);
  });

  it('keep at most MUTES_MAX, the ones ending soonest going first', async () => {
    const many = Array.from({ length: MUTES_MAX }, (_, i) => ({
      room: ROOM,
      id: `u${i}`,
      name: 'X',
      until: 10_000 + i,
    }));
    await fakeBrowser.storage.local.set({ mutes: many });
    await mute(ROOM, bob, null, 0);
    const kept = await readMutes(0);
    expect(kept).toHaveLength(MUTES_MAX);
    expect(kept.some((entry) => entry.id === 'u0')).toBe(false);
    expect(kept.some((entry) => entry.id === bob.id)).toBe(true);
  });
});

it('tells watchers of every change to either list', async () => {
  let calls = 0;
  const stop = watchSafetyLists(() => calls++);
  await block(bob);
  await mute(ROOM, carol, null);
  stop();
  await unblock(bob.id);
  expect(calls).toBe(2);
});

describe('hidden messages', () => {
  it('keeps each id once per room, at most HIDDEN_PER_ROOM_MAX, and at most HIDDEN_ROOMS_MAX rooms', async () => {
    await hideMessage(ROOM, 'm1');
    await hideMessage(ROOM, 'm1');
    expect(await readHidden()).toEqual({ [ROOM]: ['m1'] });
    for (let i = 0; i < HIDDEN_PER_ROOM_MAX; i++) await hideMessage(ROOM, `n${i}`);
    const ids = (await readHidden())[ROOM] ?? [];
    expect(ids).toHaveLength(HIDDEN_PER_ROOM_MAX);
    expect(ids).not.toContain('m1');
    const many = Object.fromEntries(Array.from({ length: HIDDEN_ROOMS_MAX }, (_, i) => [`room${i}`, ['x']]));
    await fakeBrowser.storage.local.set({ hiddenMessages: many });
    await hideMessage(ROOM, 'late');
    const rooms = Object.keys(await readHidden());
    expect(rooms).toHaveLength(HIDDEN_ROOMS_MAX);
    expect(rooms).not.toContain('room0');
    expect(rooms.at(-1)).toBe(ROOM);
  });
});
