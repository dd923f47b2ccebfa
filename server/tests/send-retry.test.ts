/**
 * A clientId reused for other content (issue #11, "DM retry"): the relay refuses it and
 * delivers nothing, and never answers with a text that was not delivered, whatever the store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClientEvent } from '../../protocol/index.ts';
import { connect, newClientId, newRoom, record, serversPerTest, sleep } from './harness.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'samepage-send-retry-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const start = serversPerTest();

describe.each([
  ['memory', {}],
  ['sqlite', { storage: 'sqlite', dataDir }],
] as const)('a reused clientId (%s storage)', (_kind, storage) => {
  async function threePeople() {
    const server = await start(storage);
    const room = newRoom();
    const [alice, bob, carol] = await Promise.all([connect(server.url), connect(server.url), connect(server.url)]);
    const [, bobJoin, carolJoin] = await Promise.all(
      [alice, bob, carol].map((socket) => socket.emitWithAck(ClientEvent.RoomJoin, { room })),
    );
    if (!bobJoin?.ok || !carolJoin?.ok) throw new Error('join refused');
    return { room, alice, bob, carol, bobId: bobJoin.self.id, carolId: carolJoin.self.id };
  }

  it('for a DM with other text or to someone else is refused, and nothing is delivered', async () => {
    const { room, alice, bob, carol, bobId, carolId } = await threePeople();
    const [atBob, atCarol] = [record(bob, 'dm:new'), record(carol, 'dm:new')];
    const first = { room, to: bobId, clientId: newClientId(), text: 'meet at noon' };
    const sent = await alice.emitWithAck(ClientEvent.DmSend, first);
    expect(sent.ok).toBe(true);
    for (const retry of [
      { ...first, text: 'meet at midnight' },
      { ...first, to: carolId },
      { ...first, to: carolId, text: 'meet at midnight' },
    ]) {
      expect(await alice.emitWithAck(ClientEvent.DmSend, retry)).toEqual({
        ok: false,
        error: { code: 'bad_request', message: 'clientId was already used for another message' },
      });
    }
    const roomSend = { room, clientId: first.clientId, text: first.text };
    expect(await alice.emitWithAck(ClientEvent.MessageSend, roomSend)).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    // The true retry is still answered with what was delivered.
    expect(await alice.emitWithAck(ClientEvent.DmSend, first)).toEqual(sent);
    await sleep(100);
    expect(atBob.map((dm) => dm.text)).toEqual(['meet at noon']);
    expect(atCarol).toEqual([]);
  });

  it('for a room message with other text or in another room is refused, and nothing is delivered', async () => {
    const { room, alice, bob, bobId } = await threePeople();
    const elsewhere = newRoom();
    await alice.emitWithAck(ClientEvent.RoomJoin, { room: elsewhere });
    const atBob = record(bob, 'message:new');
    const first = { room, clientId: newClientId(), text: 'hello all' };
    const sent = await alice.emitWithAck(ClientEvent.MessageSend, first);
    expect(sent.ok).toBe(true);
    const refused = { ok: false, error: { code: 'bad_request' } };
    expect(await alice.emitWithAck(ClientEvent.MessageSend, { ...first, text: 'hello world' })).toMatchObject(refused);
    expect(await alice.emitWithAck(ClientEvent.MessageSend, { ...first, room: elsewhere })).toMatchObject(refused);
    expect(await alice.emitWithAck(ClientEvent.DmSend, { ...first, to: bobId })).toMatchObject(refused);
    expect(await alice.emitWithAck(ClientEvent.MessageSend, first)).toEqual(sent);
    await sleep(100);
    expect(atBob.map((message) => message.text)).toEqual(['hello all']);
    const history = await alice.emitWithAck(ClientEvent.RoomHistory, { room });
    expect(history.ok && history.messages.map((message) => message.text)).toEqual(['hello all']);
  });
});
