/**
 * Room messages and DMs. Both are idempotent by (sender, clientId): a retry is answered with
 * the message first accepted and is not delivered again. Only first sends cost a rate token.
 */
import {
  ClientEvent,
  failure,
  rateLimited,
  ServerEvent,
  type ChatMessage,
  type DirectMessage,
  type Failure,
} from '../../protocol/index.ts';
import { DmSendRequest, MessageSendRequest } from '../../protocol/schemas.ts';
import type { SentMessage } from '../stores/types.ts';
import { hasJoined, roomChannel, userChannel } from './channels.ts';
import { containsLink, newcomerStatus } from './newcomers.ts';
import { route } from './request.ts';
import { inWords } from './wait-words.ts';
import type { ChatDeps, ChatSocket } from './types.ts';

export function messageRoutes({ config, stores, budgets, nextId, now }: ChatDeps) {
  // How long an attempt holds a send's key before a retry may take the send over: longer than
  // the at most four store calls an attempt makes after its claim, each bounded by the deadline.
  const leaseMs = 5 * config.redisCommandTimeoutMs;
  /** Sends under way, by idempotency key. */
  const underWay = new Map<string, Promise<unknown>>();

  /**
   * Runs `attempt` for a send, first waiting for any send with the same key that is still
   * under way: a repeat that arrived meanwhile would otherwise be answered with a message that
   * the first send then fails to deliver (rate limited, store down). After the wait, the repeat
   * finds that message accepted, or its key released and free to try again.
   */
  async function oneAtATime<T>(key: string, attempt: () => Promise<T>): Promise<T> {
    for (let pending = underWay.get(key); pending; pending = underWay.get(key)) {
      await pending.catch(() => undefined);
    }
    const running = attempt();
    underWay.set(key, running);
    try {
      return await running;
    } finally {
      if (underWay.get(key) === running) underWay.delete(key);
    }
  }

  /**
   * Claims the idempotency key, then checks `refuse` and the sender's rate bucket, then runs
   * `deliver` and confirms. A repeat of a delivered send is answered with its message before
   * any check, so a retry succeeds even when its DM target has left since. A refused send
   * releases its key. One that failed while delivering may have been delivered in part (a
   * store that timed out may still write), so its key stays pending and is abandoned: a retry
   * resumes it with the same message, which the history stores once and clients merge by id.
   * An attempt that could not even abandon (its node died, the store went away) holds the key
   * until its lease runs out.
   */
  function accept<M extends SentMessage>(
    socket: ChatSocket,
    draft: M,
    refuse: () => Promise<Failure | null>,
    deliver: (message: M) => Promise<void>,
  ): Promise<{ ok: true; message: M } | Failure> {
    const key = `${socket.data.user.id}:${draft.clientId}`;
    return oneAtATime(key, async () => {
      const claim = await stores.idempotency.claim(key, draft, leaseMs);
      if (claim.status === 'busy') {
        return failure('unavailable', 'this message is still being sent; try again shortly');
      }
      if (claim.status === 'conflict') {
        // The same clientId for other content is a client bug: never deliver, nor answer with a
        // text that was not delivered.
        return failure('bad_request', 'clientId was already used for another message');
      }
      if (claim.status !== 'claimed') {
        const earlier = claim.message;
        if (claim.status === 'accepted') return { ok: true, message: earlier as M };
        // Resumed: the checks were passed by the attempt that began it.
        return deliverAndConfirm(key, earlier as M, deliver);
      }
      try {
        const refusal = (await refuse()) ?? (await newcomerRefusal(socket, draft.text));
        if (refusal) {
          await stores.idempotency.release(key);
          return refusal;
        }
        const waitMs = await budgets.send.take(socket.data.user.id);
        if (waitMs > 0) {
          await stores.idempotency.release(key);
          return rateLimited('send', `sending too fast; try again in ${inWords(waitMs)}`, waitMs);
        }
      } catch (error) {
        await stores.idempotency.release(key).catch(() => undefined);
        throw error;
      }
      return deliverAndConfirm(key, draft, deliver);
    });
  }

  /** What an identity the relay holds back as new may not send yet: links, or past its slower rate. */
  async function newcomerRefusal(socket: ChatSocket, text: string): Promise<Failure | null> {
    const newcomer = newcomerStatus(config, socket, now());
    if (newcomer === null) return null;
    if (containsLink(text)) {
      const message = `new here: links can be posted in ${inWords(newcomer.endsInMs)}`;
      return rateLimited('newcomer_links', message, newcomer.endsInMs);
    }
    const waitMs = await budgets.newcomerSend.take(socket.data.user.id);
    if (waitMs === 0) return null;
    const message = `new here: ${newcomer.messagesPerMinute} messages a minute for now; try again in ${inWords(waitMs)}`;
    return rateLimited('newcomer_send', message, waitMs);
  }

  async function deliverAndConfirm<M extends SentMessage>(
    key: string,
    message: M,
    deliver: (message: M) => Promise<void>,
  ): Promise<{ ok: true; message: M }> {
    try {
      await deliver(message);
    } catch (error) {
      await stores.idempotency.abandon(key).catch(() => undefined);
      throw error;
    }
    // Delivered is what the sender needs to hear. Left unconfirmed, the claim stays pending and
    // a retry (there should be none) would resume it harmlessly.
    await stores.idempotency.confirm(key).catch(() => undefined);
    return { ok: true, message };
  }

  const send = route(ClientEvent.MessageSend, MessageSendRequest, async (socket, { room, clientId, text }) => {
    if (!hasJoined(socket, room)) return failure('not_joined', 'join the room before sending to it');
    const draft: ChatMessage = { id: nextId(), clientId, room, from: socket.data.user, text, at: now() };
    return accept(
      socket,
      draft,
      async () => null,
      async (message) => {
        await stores.history.append(message, newcomerStatus(config, socket, now()) ? 'newcomer' : 'trusted');
        socket.to(roomChannel(room)).emit(ServerEvent.MessageNew, message);
      },
    );
  });

  const dm = route(ClientEvent.DmSend, DmSendRequest, async (socket, { room, to, clientId, text }) => {
    if (!hasJoined(socket, room)) return failure('not_joined', 'join the room before sending a DM in it');
    if (to === socket.data.user.id) return failure('bad_request', 'to: a DM cannot be sent to yourself');
    const draft: DirectMessage = { id: nextId(), clientId, room, from: socket.data.user, to, text, at: now() };
    const absent = async () =>
      (await stores.presence.isMember(room, to)) ? null : failure('not_here', 'that person is no longer on this page');
    return accept(socket, draft, absent, async (message) => {
      socket.to(userChannel(to)).to(userChannel(socket.data.user.id)).emit(ServerEvent.DmNew, message);
    });
  });

  return { routes: [send, dm] };
}
