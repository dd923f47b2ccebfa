/**
 * Another person on protocol v3 for hub tests (issue #15): a plain socket.io client with its own
 * install secret, which publishes its room key with its join and seals and opens DMs with the
 * same library the hub uses (lib/e2e), as another browser's samepage would.
 */
import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import {
  ClientEvent,
  PROTOCOL_V3,
  type Envelope,
  type Member,
  type MessagePostAnswer,
  type SealedBody,
  type SealedInner,
} from '../../protocol/index.ts';
import { roomKeyPair, type RoomKeyPair } from '../lib/e2e/keys.ts';
import { openDm, sealDm } from '../lib/e2e/seal.ts';
import type { Observer } from './hub-harness.ts';

export interface SealedPeer {
  socket: Observer;
  self: Member;
  keys: RoomKeyPair;
  room: string;
  /** Seals `inner` to `to` (with the key they published) and posts it; resolves with the relay's answer. */
  dm(to: Member & { key: string }, inner: SealedInner, clientId: string): Promise<MessagePostAnswer>;
  /** Seals `inner` as this peer would, without posting it. */
  seal(to: Member & { key: string }, inner: SealedInner, clientId: string): Promise<SealedBody>;
  /** Opens a sealed DM sent to this peer. */
  open(envelope: Envelope): Promise<SealedInner>;
}

/** Connects a v3 peer to `url` and joins `room` with its key; `secret` fixes who it is across connections. */
export async function connectSealedPeer(
  url: string,
  room: string,
  name: string,
  secret = randomBytes(32).toString('base64url'),
): Promise<SealedPeer> {
  const socket: Observer = io(url, {
    transports: ['websocket'],
    auth: { v: PROTOCOL_V3, token: secret, name },
    forceNew: true,
  });
  const keys = await roomKeyPair(secret, url, room);
  const joined = await socket.emitWithAck(ClientEvent.RoomJoin, { room, key: keys.publicKey });
  if (!joined.ok) throw new Error(joined.error.message);
  const self = joined.self;
  const seal: SealedPeer['seal'] = (to, inner, clientId) =>
    sealDm(inner, keys, to.key, { room, from: self.id, to: to.id, clientId });
  return {
    socket,
    self,
    keys,
    room,
    seal,
    dm: async (to, inner, clientId) =>
      socket.emitWithAck(ClientEvent.MessagePost, {
        room,
        clientId,
        to: to.id,
        kind: 'sealed',
        body: await seal(to, inner, clientId),
      }),
    open: (envelope) => {
      if (envelope.kind !== 'sealed' || envelope.to === undefined || envelope.from.key === undefined) {
        throw new Error(`not a sealed DM: ${envelope.kind}`);
      }
      return openDm(envelope.body, keys, envelope.from.key, {
        room: envelope.room,
        from: envelope.from.id,
        to: envelope.to,
        clientId: envelope.clientId,
      });
    },
  };
}
