/**
 * Two plain socket.io-client users against a running relay: they join one room, see each
 * other, chat and DM, and the script prints what each saw. A smoke test for an operator and
 * a worked example for anyone writing a client (a bot, a CLI).
 *
 *   node --import tsx scripts/two-users.ts [server URL, default http://127.0.0.1:3000]
 */
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import {
  ClientEvent,
  PROTOCOL_VERSION,
  ServerEvent,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../protocol/index.ts';
import { normalizeUrl, roomKeyOf } from '../protocol/room-key.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const url = process.argv[2] ?? 'http://127.0.0.1:3000';
const room = await roomKeyOf(normalizeUrl('https://example.com/two-users-demo') ?? '');

function connect(name: string): Promise<Client> {
  const socket: Client = io(url, {
    transports: ['websocket'],
    auth: { v: PROTOCOL_VERSION, token: randomBytes(24).toString('base64url'), name },
  });
  socket.on(ServerEvent.PresenceUpdate, (update) => console.log(`${name} sees presence`, update));
  socket.on(ServerEvent.MessageNew, (message) =>
    console.log(`${name} got message from ${message.from.name}: ${message.text}`),
  );
  socket.on(ServerEvent.DmNew, (message) => console.log(`${name} got DM from ${message.from.name}: ${message.text}`));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function must<T extends { ok: boolean }>(answer: T): Extract<T, { ok: true }> {
  if (!answer.ok) throw new Error(`refused: ${JSON.stringify(answer)}`);
  return answer as Extract<T, { ok: true }>;
}

const ada = await connect('Ada');
const bo = await connect('Bo');
const adaJoin = must(await ada.emitWithAck(ClientEvent.RoomJoin, { room }));
const boJoin = must(await bo.emitWithAck(ClientEvent.RoomJoin, { room }));
console.log(`Bo joined; members: ${boJoin.members.map((member) => member.name).join(', ')}`);
must(
  await ada.emitWithAck(ClientEvent.MessageSend, {
    room,
    clientId: randomBytes(9).toString('base64url'),
    text: 'Hello, Bo!',
  }),
);
must(
  await bo.emitWithAck(ClientEvent.DmSend, {
    room,
    to: adaJoin.self.id,
    clientId: randomBytes(9).toString('base64url'),
    text: 'Psst, Ada.',
  }),
);
await new Promise((resolve) => setTimeout(resolve, 300));
ada.disconnect();
bo.disconnect();
