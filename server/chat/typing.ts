/**
 * `typing`: fire and forget. Relayed at most once per TYPING_INTERVAL_MS for each user, room
 * and target, so a client that sends one per keystroke costs the room almost nothing.
 * Anything invalid is dropped silently: there is no acknowledgement to answer.
 */
import { ClientEvent, ServerEvent, TYPING_INTERVAL_MS } from '../../protocol/index.ts';
import { TypingRequest } from '../../protocol/schemas.ts';
import { hasJoined, roomChannel, userChannel } from './channels.ts';
import type { ChatDeps, ChatSocket } from './types.ts';
import { compile } from './validate.ts';

const SWEEP_AT = 10_000;

export function typingRelay({ stores, now }: ChatDeps) {
  const valid = compile(TypingRequest);
  const lastRelayed = new Map<string, number>();

  function throttled(key: string, at: number): boolean {
    const last = lastRelayed.get(key);
    if (last !== undefined && at - last < TYPING_INTERVAL_MS) return true;
    lastRelayed.set(key, at);
    if (lastRelayed.size > SWEEP_AT) {
      for (const [k, t] of lastRelayed) if (at - t >= TYPING_INTERVAL_MS) lastRelayed.delete(k);
    }
    return false;
  }

  async function relay(socket: ChatSocket, payload: unknown): Promise<void> {
    if (!valid.check(payload) || !hasJoined(socket, payload.room)) return;
    const { room, to } = payload;
    const from = socket.data.user.id;
    if (throttled(`${from}|${room}|${to ?? ''}`, now())) return;
    if (to === undefined) {
      socket.to(roomChannel(room)).except(userChannel(from)).emit(ServerEvent.Typing, { room, from });
    } else if (to !== from && (await stores.presence.isMember(room, to))) {
      socket.to(userChannel(to)).emit(ServerEvent.Typing, { room, from, to });
    }
  }

  return (socket: ChatSocket): void => {
    (socket.on as (event: string, listener: (payload: unknown) => void) => void)(ClientEvent.Typing, (payload) => {
      relay(socket, payload).catch(() => undefined);
    });
  };
}
