/**
 * People on protocol v3 for the tests of sealed DMs: each joins a room with a real key pair,
 * seals DMs as docs/protocol.md says and opens what it is sent.
 */
import {
  ClientEvent,
  ServerEvent,
  type Envelope,
  type Member,
  type MessagePostAnswer,
  type SealedInner,
} from '../../protocol/index.ts';
import { joinedV3, newClientId, newToken, next, type ClientV2 } from './harness.ts';
import { newRoomKeys, open, seal, type RoomKeys } from './seal.ts';

export interface Person {
  socket: ClientV2;
  /** As the room sees them, with their key. */
  self: Member;
  keys: RoomKeys;
  token: string;
  name: string;
}

/** Someone on v3 in `room`, with a fresh key pair there (or `keys`, to come back as the same person). */
export async function personIn(
  url: string,
  room: string,
  name: string,
  { token = newToken(), keys }: { token?: string; keys?: RoomKeys } = {},
): Promise<Person> {
  const own = keys ?? (await newRoomKeys());
  const { socket, self } = await joinedV3(url, room, { name, token, key: own.key });
  return { socket, self, keys: own, token, name };
}

/** The post of a sealed DM of `text` from `from` to `to` in `room`, sealed to `to`'s key. */
export async function sealedPost(from: Person, to: Member, room: string, text: string, clientId = newClientId()) {
  if (to.key === undefined) throw new Error(`${to.name} published no key`);
  const body = await seal(
    { kind: 'text', body: { text } },
    { room, fromId: from.self.id, toId: to.id, clientId },
    from.keys,
    to.key,
  );
  return { room, clientId, to: to.id, kind: 'sealed' as const, body };
}

/** Seals and posts a DM; answers the relay's answer. */
export async function sendSealed(from: Person, to: Member, room: string, text: string): Promise<MessagePostAnswer> {
  return from.socket.emitWithAck(ClientEvent.MessagePost, await sealedPost(from, to, room, text));
}

/** Opens a sealed DM as `recipient`, with the sender's key the envelope names. */
export async function openAs(recipient: Person, envelope: Envelope): Promise<SealedInner> {
  if (envelope.kind !== 'sealed' || envelope.to === undefined) throw new Error(`not a sealed DM: ${envelope.kind}`);
  if (envelope.from.key === undefined) throw new Error('the sealed DM names no sender key');
  const to = { room: envelope.room, fromId: envelope.from.id, toId: envelope.to, clientId: envelope.clientId };
  return open(envelope.body, to, recipient.keys, envelope.from.key);
}

/** The next sealed DM pushed to `socket`. */
export const nextSealed = (socket: ClientV2, timeoutMs?: number) =>
  next(socket, ServerEvent.MessagePosted, (envelope) => envelope.kind === 'sealed', timeoutMs);
