/**
 * Requests the relay refuses for a budget (issue #11), against a real relay with small budgets:
 * a join is asked again by itself after the wait, a rename is refused with the budget named.
 */
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { ClientEvent } from '../../protocol/index.ts';
import { newRoom, useHubHarness, type Observer } from '../testing/hub-harness.ts';
import { relayToken } from './identity.ts';

// 60 joins a minute: one token a second, so a refused join is let in a second later.
const harness = useHubHarness({ joinsPerMinute: 60, renamesPerMinute: 1 });
const { createHub, panel } = harness;

/** Spends this browser's whole `rooms` budget from a second connection of the same identity. */
async function spendJoins(): Promise<void> {
  const socket: Observer = io(harness.relay.url, {
    transports: ['websocket'],
    auth: { v: 1, token: await relayToken(harness.relay.url), name: 'Same person' },
    forceNew: true,
  });
  const room = newRoom();
  try {
    for (;;) {
      const answer = await socket.emitWithAck(ClientEvent.RoomJoin, { room });
      if (!answer.ok) return;
    }
  } finally {
    socket.disconnect();
  }
}

describe('budgets', () => {
  it('joins a room refused for the rooms budget again once the wait is over', async () => {
    await spendJoins();
    const hub = createHub();
    const a = panel(hub);
    const room = newRoom();

    const refused = await a.request('room:watch', { room });
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', limit: 'rooms' } });
    const snapshot = await a.waitFor('room:snapshot', (push) => push.room === room && push.snapshot.ok, 4000);
    expect(snapshot.snapshot).toMatchObject({ ok: true, memberCount: 1 });
  });

  it('asks nothing more for a refused room that nobody watches any more', async () => {
    await spendJoins();
    const hub = createHub();
    const a = panel(hub);
    const room = newRoom();
    expect((await a.request('room:watch', { room })).ok).toBe(false);
    await a.request('room:unwatch', { room });
    const joinsBefore = harness.relay.received(ClientEvent.RoomJoin);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(harness.relay.received(ClientEvent.RoomJoin)).toBe(joinsBefore);
  });

  it('answers a rename over the budget with the budget named, and keeps the saved name', async () => {
    const hub = createHub();
    const a = panel(hub);
    await a.request('room:watch', { room: newRoom() });
    expect(await a.request('profile:rename', { name: 'First' })).toMatchObject({ ok: true });
    expect(await a.request('profile:rename', { name: 'Second' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', limit: 'rename' },
    });
    expect(a.pushes('profile:update').at(-1)).toEqual({ name: 'First', named: true });
  });
});
