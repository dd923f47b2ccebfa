/**
 * Nothing lost, nothing duplicated, through a crash: the server process is killed (SIGKILL)
 * mid-conversation and started again on the same data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientEvent, ServerEvent, type ChatMessage, type MessageSendAnswer } from '../../protocol/index.ts';
import { newClientId, newRoom, newToken, sleep, type Client } from './harness.ts';
import { freePort, healthy, spawnServer } from './process.ts';

const clients: Client[] = [];
let dataDir = '';
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
  rmSync(dataDir, { recursive: true, force: true });
});

/** How many times each client has joined its room: once per (re)connection. */
const joins = new Map<Client, number>();

async function joinedTimes(socket: Client, times: number): Promise<void> {
  while ((joins.get(socket) ?? 0) < times) await sleep(20);
}

/** A client that reconnects by itself and joins `room` again after every (re)connection. */
function member(url: string, room: string, name: string): Client {
  const socket: Client = io(url, {
    transports: ['websocket'],
    auth: { v: 1, token: newToken(), name },
    reconnectionDelay: 100,
    reconnectionDelayMax: 300,
  });
  joins.set(socket, 0);
  socket.on('connect', () => {
    socket.emitWithAck(ClientEvent.RoomJoin, { room }).then(
      (answer) => answer.ok && joins.set(socket, (joins.get(socket) ?? 0) + 1),
      () => undefined, // closed at the end of the test
    );
  });
  clients.push(socket);
  return socket;
}

/** What a client's outbox does: the same clientId again until the server acknowledges it. */
async function sendUntilAccepted(socket: Client, room: string, clientId: string, text: string): Promise<ChatMessage> {
  for (;;) {
    const answer: MessageSendAnswer | null = socket.connected
      ? await socket
          .timeout(1000)
          .emitWithAck(ClientEvent.MessageSend, { room, clientId, text })
          .catch(() => null)
      : null;
    if (answer?.ok) return answer.message;
    await sleep(100);
  }
}

/** The messages `socket` receives live, by id, with every copy it got. */
function transcript(socket: Client): Map<string, ChatMessage[]> {
  const seen = new Map<string, ChatMessage[]>();
  const keep = (message: ChatMessage): void => void seen.set(message.id, [...(seen.get(message.id) ?? []), message]);
  socket.on(ServerEvent.MessageNew, keep);
  return seen;
}

describe('a server killed mid-conversation', () => {
  it(
    'keeps its history and delivers what was sent during the outage exactly once',
    { timeout: 60_000 },
    async ({ onTestFinished }) => {
      dataDir = mkdtempSync(join(tmpdir(), 'samepage-durability-'));
      const env = { STORAGE: 'sqlite', DATA_DIR: dataDir, PORT: String(await freePort()) };
      const first = await spawnServer(env, onTestFinished);
      await healthy(first);
      const room = newRoom();
      const alice = member(first.url, room, 'Alice');
      const bob = member(first.url, room, 'Bob');
      const atBob = transcript(bob);
      await new Promise((resolve) => setTimeout(resolve, 300));

      const before: ChatMessage[] = [];
      for (let n = 1; n <= 5; n++) before.push(await sendUntilAccepted(alice, room, newClientId(), `before ${n}`));
      const repeatedId = before[4]?.clientId ?? '';

      first.child.kill('SIGKILL');
      await first.exited;
      // Alice keeps typing while the server is gone; her sends wait in her outbox.
      const during = [1, 2, 3].map((n) => sendUntilAccepted(alice, room, newClientId(), `during ${n}`));
      await sleep(500);

      const second = await spawnServer(env, onTestFinished);
      await healthy(second);
      const sentDuring = await Promise.all(during);
      const again = await sendUntilAccepted(alice, room, repeatedId, 'before 5');
      expect(again).toEqual(before[4]);

      // Bob catches up on whatever he missed live, as every client does after a reconnect.
      await joinedTimes(bob, 2);
      const lastSeen = before.at(-1)?.id ?? '';
      const catchUp = await bob.emitWithAck(ClientEvent.RoomHistory, { room, after: lastSeen });
      if (!catchUp.ok) throw new Error(catchUp.error.message);
      for (const message of catchUp.messages) if (!atBob.has(message.id)) atBob.set(message.id, [message]);

      const all = [...before, ...sentDuring];
      expect([...atBob.values()].every((copies) => copies.length === 1)).toBe(true);
      expect([...atBob.keys()].sort()).toEqual(all.map((m) => m.id).sort());

      const reader = member(second.url, room, 'Reader');
      await joinedTimes(reader, 1);
      const history = await reader.emitWithAck(ClientEvent.RoomHistory, { room });
      if (!history.ok) throw new Error(history.error.message);
      expect(history.messages.map((m) => m.text)).toEqual([
        'before 1',
        'before 2',
        'before 3',
        'before 4',
        'before 5',
        // The three retried at once may be accepted in any order; history keeps id order.
        ...[...sentDuring].sort((a, b) => (a.id < b.id ? -1 : 1)).map((m) => m.text),
      ]);
      expect(new Set(sentDuring.map((m) => m.text))).toEqual(new Set(['during 1', 'during 2', 'during 3']));
      expect(history.messages.map((m) => m.id)).toEqual([...history.messages.map((m) => m.id)].sort());
    },
  );
});
