/**
 * `typing`: fire and forget, so anything invalid or over budget is dropped silently (there is
 * no acknowledgement to answer). In order of cost: a connection may send a few per second at
 * all; a `to` must be a member of the room (or, for a v2 connection, hold a conversation grant
 * with the sender in it: reach.ts) before anything keyed by it is kept; each (user,
 * room, target) is relayed at most once per TYPING_INTERVAL_MS; and every relay draws on the
 * user's typing budget. A DM's typing that its DM would be refused or dropped for
 * (consent.ts) is dropped too. None is kept for connection-state recovery (recovery-adapter.ts). They
 * are not sent volatile: Socket.IO drops a volatile packet whenever the transport is busy
 * writing, which loses a DM's indicator right after the room's.
 */
import { ClientEvent, ServerEvent, TYPING_INTERVAL_MS } from '../../protocol/index.ts';
import { TypingRequest } from '../../protocol/schemas.ts';
import { MemoryRateLimiter } from '../stores/memory-rate-limit.ts';
import { hasJoined, roomChannel, userChannel, v2UserChannel } from './channels.ts';
import type { Consent } from './consent.ts';
import type { Reachability } from './reach.ts';
import type { ChatDeps, ChatSocket } from './types.ts';
import { compile } from './validate.ts';

/** What one connection may send: keystrokes come a few per second from an honest client. */
const PER_CONNECTION = { burst: 20, refillMs: 100 };

export function typingRelay({ stores, budgets, aliases, now }: ChatDeps, reach: Reachability, consent: Consent) {
  const valid = compile(TypingRequest);
  const perConnection = new MemoryRateLimiter(PER_CONNECTION, undefined, now);
  const perTarget = new MemoryRateLimiter({ burst: 1, refillMs: TYPING_INTERVAL_MS }, undefined, now);

  /**
   * Where a DM's typing goes: the addressee in the room, or its v2 connections under a grant;
   * nowhere when a DM between them would be refused (consent.ts). `to` is their id in the room.
   */
  async function channelOf(socket: ChatSocket, room: string, alias: string): Promise<string | null> {
    const to = await aliases.personIn(room, alias);
    if (to === null || to === socket.data.user.id) return null;
    const channel =
      hasJoined(socket, room) && (await stores.presence.isMember(room, to))
        ? userChannel(to)
        : (await reach.holdsGrant(socket, room, to))
          ? v2UserChannel(to)
          : null;
    // Dropped alike whichever rule refuses it: a typing is never answered, so nothing shows.
    if (channel === null || (await consent.verdict({ from: socket.data.user.id, to, room })) !== 'open') return null;
    return channel;
  }

  async function relay(socket: ChatSocket, payload: unknown): Promise<void> {
    if (!valid.check(payload)) return;
    const { room, to } = payload;
    if (to === undefined && !hasJoined(socket, room)) return;
    if ((await perConnection.take(socket.id)) > 0) return;
    const self = socket.data.user.id;
    const target = to === undefined ? null : await channelOf(socket, room, to);
    if (to !== undefined && target === null) return;
    if ((await perTarget.take(`${self}|${room}|${to ?? ''}`)) > 0) return;
    if ((await budgets.typing.take(self)) > 0) return;
    const from = aliases.of(self, room);
    if (target === null) {
      socket.to(roomChannel(room)).except(userChannel(self)).emit(ServerEvent.Typing, { room, from });
    } else {
      socket.to(target).emit(ServerEvent.Typing, { room, from, to });
    }
  }

  return (socket: ChatSocket): void => {
    (socket.on as (event: string, listener: (payload: unknown) => void) => void)(ClientEvent.Typing, (payload) => {
      relay(socket, payload).catch(() => undefined);
    });
  };
}
