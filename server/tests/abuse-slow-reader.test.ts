/**
 * The slow reader of issue #11: one websocket that never reads asks for 800 KB history pages
 * and room snapshots over and over. With every other budget off, the cap on bytes queued per
 * connection (MAX_QUEUED_BYTES_PER_CONNECTION, at its default) alone must cut it, keep the
 * relay's memory bounded and leave honest clients answered promptly while the attack runs.
 */
import { describe, expect, it } from 'vitest';
import { ClientEvent, ServerEvent, type Envelope } from '../../protocol/index.ts';
import { loadConfig } from '../config.ts';
import { createMemoryStores } from '../stores/memory.ts';
import { joined, newRoom, newToken, next, serversPerTest, sleep } from './harness.ts';
import { openRaw, rawConnect, rawRequest } from './raw-socket.ts';

const serverWith = serversPerTest();

const MB = 1024 * 1024;
/** A text of 2,000 four-byte characters: 8 KB on the wire. */
const TEXT = '😀'.repeat(2000);

/** The relay and the clients share this process: its footprint, in bytes, two ways. */
function footprint() {
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heap: heapUsed + external };
}

describe('a client that never reads', () => {
  it('is cut off at its queued-bytes cap, the relay’s memory stays bounded, and others are answered meanwhile', async () => {
    const overrides = { historyPagesPerMinute: 0, joinsPerMinute: 0, maxInFlightPerConnection: 0 };
    const config = { ...loadConfig({ STORAGE: 'memory' }), ...overrides };
    expect(config.maxQueuedBytesPerConnection).toBe(2 * MB);
    const stores = createMemoryStores(config);
    const server = await serverWith(overrides, stores);
    const room = newRoom();
    for (let n = 0; n < 100; n++) {
      const message: Envelope<'text'> = {
        id: `m${String(n).padStart(4, '0')}`,
        clientId: `filler${String(n).padStart(4, '0')}`,
        room,
        from: { id: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'Filler' },
        at: Date.now() - 100 + n,
        kind: 'text',
        body: { text: TEXT },
      };
      await stores.history.append(message);
    }

    const watcher = await joined(server.url, room, { name: 'Watcher' });
    const honest = await joined(server.url, newRoom(), { name: 'Honest' });
    const attacker = await openRaw(server.url);
    expect(await rawConnect(attacker, { v: 1, token: newToken(), name: 'Slow' })).toMatch(/^40/);
    const arrived = next(watcher.socket, ServerEvent.PresenceUpdate, (update) => 'joined' in update);
    rawRequest(attacker, 0, ClientEvent.RoomJoin, { room });
    await attacker.frame(/^430/);
    const attackerId = (await arrived).joined?.id;
    const cut = next(watcher.socket, ServerEvent.PresenceUpdate, (update) => update.left === attackerId, 10_000);

    // From now on the attacker reads nothing: the server's writes to it pile up.
    attacker.ws.pause();
    const baseline = footprint();
    let peak = baseline;
    const sampler = setInterval(() => {
      const now = footprint();
      peak = { rss: Math.max(peak.rss, now.rss), heap: Math.max(peak.heap, now.heap) };
    }, 20);

    // The honest client joins a fresh room (and leaves it) over and over while the attack runs.
    let attacking = true;
    const latencies: number[] = [];
    const refusals: unknown[] = [];
    const probing = (async () => {
      while (attacking) {
        const elsewhere = newRoom();
        const started = performance.now();
        const answer = await honest.socket.timeout(2000).emitWithAck(ClientEvent.RoomJoin, { room: elsewhere });
        latencies.push(performance.now() - started);
        if (!answer.ok) refusals.push(answer);
        await honest.socket.emitWithAck(ClientEvent.RoomLeave, { room: elsewhere });
        await sleep(20);
      }
    })();

    // About 30 KB of requests asking for about 240 MB of history and 120 MB of snapshots.
    for (let n = 1; n <= 300; n++) {
      rawRequest(attacker, n, ClientEvent.RoomHistory, { room, limit: 100 });
      rawRequest(attacker, 1000 + n, ClientEvent.RoomJoin, { room });
      if (n % 50 === 0) await sleep(10);
    }
    const left = await cut;
    await sleep(500);
    attacking = false;
    await probing;
    clearInterval(sampler);
    attacker.ws.terminate();

    const growth = { rss: (peak.rss - baseline.rss) / MB, heap: (peak.heap - baseline.heap) / MB };
    const slowest = Math.max(...latencies);
    console.info(
      `slow reader: peak growth rss +${growth.rss.toFixed(1)} MB, heap+external +${growth.heap.toFixed(1)} MB; ` +
        `${latencies.length} honest joins, slowest ${slowest.toFixed(1)} ms`,
    );
    expect(left).toMatchObject({ room, left: attackerId });
    expect(growth.rss).toBeLessThan(150);
    expect(growth.heap).toBeLessThan(150);
    expect(refusals).toEqual([]);
    expect(latencies.length).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(500);
    // The watcher, in the attacker's room, was not cut with it.
    expect(watcher.socket.connected).toBe(true);
  }, 30_000);
});
