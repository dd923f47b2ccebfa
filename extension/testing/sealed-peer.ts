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
  ServerEvent,
  type Envelope,
  type Member,
  type MessagePostAnswer,
  type PostRequest,
  type SealedBody,
  type SealedInner,
} from '../../protocol/index.ts';
import { roomKeyPair, type RoomKeyPair } from '../lib/e2e/keys.ts';
import { openDm, sealDm } from '../lib/e2e/seal.ts';
import type { Observer } from './hub-harness.ts';
import { keysOf as installKeysOf } from './install-keys.ts';

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
  /**
   * Posts as this peer; a DM sealed to the key its addressee published in the room (seen in the
   * join answer or presence). Throws on a refusal; resolves with the accepted envelope, opened.
   */
  post(request: PostRequest): Promise<Envelope>;
  /** Whether this peer has seen the key `id` published (in its join answer or presence since). */
  knows(id: string): boolean;
  /** The DMs and room messages pushed to this peer so far, DMs opened. */
  received(): Promise<Envelope[]>;
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
  const keys = await roomKeyPair(await installKeysOf(secret), url, room);
  const joined = await socket.emitWithAck(ClientEvent.RoomJoin, { room, key: keys.publicKey });
  if (!joined.ok) throw new Error(joined.error.message);
  const self = joined.self;
  const keysOf = new Map(joined.members.flatMap((member) => (member.key ? [[member.id, member.key] as const] : [])));
  socket.on(ServerEvent.PresenceUpdate, ({ joined: member }) => {
    if (member?.key !== undefined) keysOf.set(member.id, member.key);
  });
  const pushed: Envelope[] = [];
  socket.on(ServerEvent.MessagePosted, (envelope) => void pushed.push(envelope));
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
    async post(request) {
      const { to } = request;
      const key = to === undefined ? undefined : keysOf.get(to);
      if (to !== undefined && key === undefined) throw new Error(`no key seen for ${to}`);
      const inner = { kind: request.kind, body: request.body } as SealedInner;
      const wire =
        to === undefined || key === undefined
          ? request
          : {
              ...request,
              kind: 'sealed' as const,
              body: await seal({ id: to, name: '', key }, inner, request.clientId),
            };
      const answer = await socket.emitWithAck(ClientEvent.MessagePost, wire as PostRequest);
      if (!answer.ok) throw new Error(answer.error.message);
      return to === undefined ? answer.message : ({ ...answer.message, ...inner } as Envelope);
    },
    received: () =>
      Promise.all(
        pushed.map(async (envelope) =>
          envelope.kind === 'sealed' ? ({ ...envelope, ...(await open(envelope)) } as Envelope) : envelope,
        ),
      ),
    open: (envelope) => open(envelope),
    knows: (id) => keysOf.has(id),
  };
  function open(envelope: Envelope): Promise<SealedInner> {
    if (envelope.kind !== 'sealed' || envelope.to === undefined || envelope.from.key === undefined) {
      throw new Error(`not a sealed DM: ${envelope.kind}`);
    }
    return openDm(envelope.body, keys, envelope.from.key, {
      room: envelope.room,
      from: envelope.from.id,
      to: envelope.to,
      clientId: envelope.clientId,
    });
  }
}
