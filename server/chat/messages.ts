/**
 * Everything a person sends (issue #12): one envelope per post, whatever its kind, checked,
 * kept and relayed by its kind's policy (kinds/). Protocol v2's `message:post` takes every
 * kind; v1's `message:send` and `dm:send` are text posts answered in v1's shape. Each
 * connection is relayed what it can read: v2 connections the envelope (`message:posted`), v1
 * connections text messages only (`message:new`, `dm:new`).
 *
 * Posts are idempotent by (sender, clientId): a retry is answered with the envelope first
 * accepted and is not delivered again. Only first sends cost a rate token.
 *
 * Protocol v3 (issue #15) seals DMs end to end: a v3 connection posts a DM only as `sealed`,
 * which goes to the addressee's v3 connections and waits in their mailbox (dm-mailbox.ts) until
 * their browser has it; the relay never reads it.
 */
import {
  ClientEvent,
  failure,
  rateLimited,
  ServerEvent,
  type DmDelivery,
  type Envelope,
  type Failure,
  type Kind,
  type PostRequest,
} from '../../protocol/index.ts';
import { MessagePostRequest } from '../../protocol/messages.ts';
import { DmSendRequest, MessageSendRequest } from '../../protocol/schemas.ts';
import { hasJoined, roomChannel, userChannel, v2RoomChannel, v2UserChannel, v3UserChannel } from './channels.ts';
import type { DmMailbox } from './dm-mailbox.ts';
import { POLICIES, type KindPolicy } from './kinds/index.ts';
import { containsLink, newcomerStatus } from './newcomers.ts';
import { UNDELIVERABLE, type Consent } from './consent.ts';
import type { Reach, Reachability } from './reach.ts';
import type { RepeatGuard } from './repeats.ts';
import type { RoomModes } from './room-modes.ts';
import { memberIn } from './room-keys.ts';
import { route } from './request.ts';
import { v1Of } from './stored-message.ts';
import { inWords } from './wait-words.ts';
import type { ChatDeps, ChatSocket } from './types.ts';

/** A post that passed its checks, and for a DM how it reaches its addressee. */
interface Checked {
  envelope: Envelope;
  reach: Reach | null;
  /** The person a DM's `to` stands for (its id in the room: aliases.ts). */
  addressee: string | null;
  /** A DM its addressee's block drops (consent.ts): answered as delivered, delivered to nobody. */
  dropped: boolean;
}

/** A post's answer; a sealed DM's says whether the addressee was handed it or it waits for them. */
type PostAnswer = { ok: true; message: Envelope; delivery?: DmDelivery } | Failure;

const PLAIN_TO_SEALED = failure(
  'undeliverable',
  'they take only end-to-end encrypted messages: update samepage to write to them',
);

const isSealedDm = (envelope: Envelope): envelope is Envelope<'sealed'> & { to: string } =>
  envelope.kind === 'sealed' && envelope.to !== undefined;

/** What moderation (issue #14) checks of a post: its DM's consent, its room's mode, repeated text. */
export interface PostGuards {
  consent: Consent;
  modes: RoomModes;
  repeats: RepeatGuard;
}

export function messageRoutes(
  { config, stores, budgets, aliases, nextId, now, images }: ChatDeps,
  reach: Reachability,
  { consent, modes, repeats }: PostGuards,
  mailbox: DmMailbox,
) {
  const policyDeps = { stores, ...(images ? { images } : {}) };
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

  /** The policy of `kind`, typed by it (the table is keyed by every kind). */
  const policyOf = <K extends Kind>(kind: K) => POLICIES[kind] as unknown as KindPolicy<K>;

  /**
   * Claims the idempotency key, then checks the post (its DM addressee, its kind's rules, the
   * newcomer rules) and the sender's rate bucket, then keeps and relays it and confirms. A
   * repeat of a delivered post is answered with its envelope before any check, so a retry
   * succeeds even when its DM addressee has left since. A refused post releases its key. One
   * that failed while delivering may have been delivered in part (a store that timed out may
   * still write), so its key stays pending and is abandoned: a retry resumes it with the same
   * envelope, which the history stores once and clients merge by id. An attempt that could
   * not even abandon (its node died, the store went away) holds the key until its lease runs out.
   */
  function accept(socket: ChatSocket, draft: Envelope, addressee: string | null): Promise<PostAnswer> {
    const key = `${socket.data.user.id}:${draft.clientId}`;
    return oneAtATime(key, async () => {
      const claim = await stores.idempotency.claim(key, draft, leaseMs);
      if (claim.status === 'busy') {
        return failure('unavailable', 'this message is still being sent; try again shortly');
      }
      if (claim.status === 'conflict') {
        // The same clientId for other content is a client bug: never deliver, nor answer with a
        // body that was not delivered.
        return failure('bad_request', 'clientId was already used for another message');
      }
      if (claim.status === 'accepted') {
        const message = await answerOf(claim.message);
        if (!isSealedDm(message) || addressee === null) return { ok: true, message };
        const verdict = await consent.verdict({ from: socket.data.user.id, to: addressee, room: message.room });
        return { ok: true, message, delivery: verdict === 'dropped' ? 'sent' : await deliveryTo(addressee) };
      }
      // Resumed: the budgets were paid by the attempt that began it; the checks run again, as
      // they complete what only the relay knows.
      const resumed = claim.status === 'resumed';
      let prepared: Checked | Failure;
      try {
        prepared = await check(socket, resumed ? claim.message : draft, resumed, addressee);
        if ('ok' in prepared) {
          await stores.idempotency.release(key);
          return prepared;
        }
      } catch (error) {
        await stores.idempotency.release(key).catch(() => undefined);
        throw error;
      }
      return deliverAndConfirm(socket, key, prepared);
    });
  }

  /**
   * A retry's answer. The send record keeps only what the client sent, so what the relay
   * completed on the first send (a reply's preview, an image's sizes, a reaction's count) is
   * completed again from what it keeps now; a target gone since leaves the envelope as sent.
   */
  async function answerOf(sent: Envelope): Promise<Envelope> {
    if (sent.to !== undefined) return sent;
    const completed = await policyOf(sent.kind).prepare(sent, policyDeps);
    return 'id' in completed ? completed : sent;
  }

  /** Everything that may refuse a post, cheapest first; answers the post completed by its policy. */
  async function check(
    socket: ChatSocket,
    draft: Envelope,
    paid: boolean,
    addressee: string | null,
  ): Promise<Checked | Failure> {
    const policy = policyOf(draft.kind);
    let dmReach: Reach | null = null;
    let dropped = false;
    if (addressee !== null) {
      if (!policy.inDms) return failure('bad_request', `kind: ${draft.kind} cannot be sent in a DM yet`);
      const reached = await reach.dmReach(socket, draft.room, addressee, draft.kind === 'sealed');
      if (typeof reached !== 'string') return reached;
      // Someone on v3 takes only sealed DMs: an older client's plain words would cross the relay
      // (and its Redis stream) in clear only to be dropped by their hub.
      if (draft.kind !== 'sealed' && (await reach.hasV3Connection(addressee))) return PLAIN_TO_SEALED;
      const verdict = await consent.verdict({ from: socket.data.user.id, to: addressee, room: draft.room });
      if (verdict === 'refused') return UNDELIVERABLE;
      // Dropped only once every check and budget has passed, as a delivered DM would.
      dropped = verdict === 'dropped';
      dmReach = reached;
    } else if (policy.inRooms === false) {
      return failure('bad_request', `kind: ${draft.kind} is for DMs only`);
    }
    const mode = draft.to === undefined && !paid ? await modes.current(draft.room) : null;
    const closed = mode && modes.readOnlyRefusal(mode, draft);
    if (closed) return closed;
    // A DM is not kept, so its changes cannot be checked here: its two clients fold them under
    // the same rules (protocol/fold.ts), which only let a message's author edit or delete it.
    const prepared = draft.to === undefined ? await policy.prepare(draft, policyDeps) : draft;
    if (!('id' in prepared)) return prepared;
    const checked = { envelope: prepared, reach: dmReach, addressee, dropped };
    if (paid) return checked;
    const self = socket.data.user.id;
    // Cheapest and most telling first, each before the budgets it would otherwise spend: the
    // same text again, then the room's slow mode, then the newcomer's and the sender's rates.
    const repeated = draft.kind === 'text' ? await repeats.refusal(self, draft.clientId, draft.body.text) : null;
    if (repeated) return repeated;
    const slowed = mode && (await modes.slowRefusal(mode, draft, self));
    if (slowed) return slowed;
    const newcomer = await newcomerRefusal(socket, policy.newcomerText(draft.body as never));
    if (newcomer) return newcomer;
    const waitMs = await budgets[policy.budget].take(self);
    if (waitMs > 0) {
      const what = policy.budget === 'react' ? 'reacting' : 'sending';
      return rateLimited(policy.budget, `${what} too fast; try again in ${inWords(waitMs)}`, waitMs);
    }
    // The room's heat counts posts it takes; a store that fails here costs the post nothing.
    await modes.warm(prepared).catch(() => undefined);
    return checked;
  }

  /** What an identity the relay holds back as new may not send yet: links, or past its slower rate. */
  async function newcomerRefusal(socket: ChatSocket, text: string | null): Promise<Failure | null> {
    if (text === null) return null;
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

  /** Whether a sealed DM's addressee (the person) has a connection that was handed it, or it waits for them. */
  async function deliveryTo(addressee: string): Promise<DmDelivery> {
    return (await reach.hasV3Connection(addressee)) ? 'sent' : 'waiting';
  }

  /**
   * Keeps a room post and relays it to everyone else who should see it. A plain DM is not kept:
   * it makes or renews its pair's conversation grant, then is relayed. A sealed DM is first kept
   * in its addressee's mailbox, then the same.
   */
  async function deliver(
    socket: ChatSocket,
    { envelope, reach: dmReach, addressee, dropped }: Checked,
  ): Promise<PostAnswer> {
    if (dropped && addressee !== null) return drop(socket, envelope, addressee, dmReach === 'room');
    if (addressee !== null && isSealedDm(envelope)) {
      const full = await mailbox.keep(socket, envelope, addressee);
      if (full) return full;
      await reach.delivered(envelope.room, socket.data.user.id, addressee);
      const delivery = await deliveryTo(addressee);
      socket
        .to(v3UserChannel(addressee))
        .to(v3UserChannel(socket.data.user.id))
        .emit(ServerEvent.MessagePosted, envelope);
      return { ok: true, message: envelope, delivery };
    }
    if (addressee !== null) {
      await reach.delivered(envelope.room, socket.data.user.id, addressee);
      relayDm(socket, envelope, [addressee, socket.data.user.id], dmReach === 'room');
      return { ok: true, message: envelope };
    }
    const lane = newcomerStatus(config, socket, now()) ? 'newcomer' : 'trusted';
    const kept = await policyOf(envelope.kind).keep(envelope, lane, policyDeps);
    if (!('id' in kept)) return kept;
    const v1 = kept.kind === 'text' ? v1Of(kept) : null;
    socket.to(v2RoomChannel(kept.room)).emit(ServerEvent.MessagePosted, kept);
    if (v1) socket.to(roomChannel(kept.room)).except(v2RoomChannel(kept.room)).emit(ServerEvent.MessageNew, v1);
    return { ok: true, message: kept };
  }

  /**
   * A DM its addressee blocked the sender for (consent.ts), answered as a delivered one: the
   * sender's other connections see it as they see any DM they send, and a sealed one is
   * confirmed a moment later as the addressee's browser would; nothing keeps it and nobody else
   * sees it. So a blocked person cannot tell that they are. It makes or renews the pair's grant
   * as a delivered DM does: a grant that lapsed, or never came, would tell them, and it lets
   * them reach nobody (their DMs and typing to this addressee are dropped still).
   */
  async function drop(socket: ChatSocket, envelope: Envelope, addressee: string, toV1: boolean): Promise<PostAnswer> {
    const self = socket.data.user.id;
    await reach.delivered(envelope.room, self, addressee);
    if (!isSealedDm(envelope)) {
      relayDm(socket, envelope, [self], toV1);
      return { ok: true, message: envelope };
    }
    socket.to(v3UserChannel(self)).emit(ServerEvent.MessagePosted, envelope);
    mailbox.receiptLater(self, envelope);
    return { ok: true, message: envelope, delivery: 'sent' };
  }

  /**
   * A plain DM goes to the connections of `people` (the addressee and the sender) but the
   * sending one, each in its version's shape. v1 connections only hear of DMs in a room both
   * people are in, as v1 says; one under a grant goes to v2 (and v3) connections alone. People
   * are persons; the envelope names them by their ids in the room.
   */
  function relayDm(socket: ChatSocket, envelope: Envelope, people: readonly string[], toV1: boolean): void {
    const v2 = people.map(v2UserChannel);
    socket.to(v2).emit(ServerEvent.MessagePosted, envelope);
    const { id, clientId, room, from, to, at } = envelope;
    if (envelope.kind !== 'text' || !toV1 || to === undefined) return;
    socket
      .to(people.map(userChannel))
      .except(v2)
      .emit(ServerEvent.DmNew, { id, clientId, room, from, to, at, text: envelope.body.text });
  }

  async function deliverAndConfirm(socket: ChatSocket, key: string, checked: Checked): Promise<PostAnswer> {
    let delivered: PostAnswer;
    try {
      delivered = await deliver(socket, checked);
    } catch (error) {
      await stores.idempotency.abandon(key).catch(() => undefined);
      throw error;
    }
    if (!delivered.ok) {
      // Its target changed between the check and the change (deleted meanwhile), or a sealed
      // DM's mailbox was full: nothing was kept.
      await stores.idempotency.release(key).catch(() => undefined);
      return delivered;
    }
    // Delivered is what the sender needs to hear. Left unconfirmed, the claim stays pending and
    // a retry (there should be none) would resume it harmlessly.
    await stores.idempotency.confirm(key).catch(() => undefined);
    return delivered;
  }

  /** A post of any kind from `socket`, after the request's own schema; the body is checked here. */
  async function post(socket: ChatSocket, request: PostRequest): Promise<PostAnswer> {
    const { room, clientId, to, kind, body } = request;
    if (kind === 'sealed' && socket.data.v < 3)
      return failure('bad_request', 'kind: sealed is protocol v3: connect with auth.v 3');
    if (to !== undefined && kind !== 'sealed' && socket.data.v >= 3)
      return failure('bad_request', 'DMs are end-to-end encrypted on protocol v3: post them as kind sealed');
    // A v2 DM may go without the room joined, under a conversation grant (reach.ts); whether its
    // addressee is online is checked once its send is claimed. Without one it costs no more than
    // any post outside its room.
    // `to` is the addressee's id in the room; null when it names nobody there (another room's id, or forgotten).
    const addressee = to === undefined ? null : await aliases.personIn(room, to);
    if (!hasJoined(socket, room) && (addressee === null || !(await reach.holdsGrant(socket, room, addressee))))
      return failure(
        'not_joined',
        to === undefined ? 'join the room before sending to it' : 'join the room before sending a DM in it',
      );
    if (addressee === socket.data.user.id) return failure('bad_request', 'to: a DM cannot be sent to yourself');
    if (to !== undefined && addressee === null) return failure('not_here', 'that person is no longer on this page');
    if (kind === 'delete' && typeof body === 'object' && body !== null && 'by' in body)
      return failure('bad_request', 'body.by: only the relay deletes for a moderator');
    const validator = policyOf(kind).body;
    const problem = validator.problem(body);
    if (problem !== null)
      return failure('bad_request', problem.replace(/^(payload|)/, 'body').replace(/^body(?=[a-z])/, 'body.'));
    const head = {
      id: nextId(),
      clientId,
      room,
      // Under the sender's id in the room; a sealed DM also names their key there, which the
      // addressee opens it with.
      from: aliases.memberIn(kind === 'sealed' ? memberIn(socket, room) : socket.data.user, room),
      at: now(),
      ...(to === undefined ? {} : { to }),
    };
    return accept(socket, { ...head, kind, body: relayed(request) } as Envelope, addressee);
  }

  /**
   * The body as the relay takes it. What only the relay or the reader can vouch for is dropped
   * from what the client sent: a reaction's count (in a room the relay counts; a DM's reader
   * counts for itself) and a reply's preview of its original (the room's policy fills it from
   * what the room keeps; a DM's reader, from the conversation it shows), so nobody can put
   * words in another's mouth.
   */
  function relayed({ kind, body }: PostRequest): PostRequest['body'] {
    if (kind === 'reaction') {
      const { count: _ignored, ...given } = body;
      return given;
    }
    if (kind === 'text' && body.reply) return { ...body, reply: { id: body.reply.id } };
    return body;
  }

  const postRoute = route(ClientEvent.MessagePost, MessagePostRequest, async (socket, request) => {
    if (socket.data.v < 2) return failure('bad_request', 'message:post is protocol v2: connect with auth.v 2');
    return post(socket, request as PostRequest);
  });

  /** v1's text posts, answered in v1's shape. */
  const send = route(ClientEvent.MessageSend, MessageSendRequest, async (socket, { room, clientId, text }) => {
    const answer = await post(socket, { room, clientId, kind: 'text', body: { text } });
    if (!answer.ok) return answer;
    const { id, from, at } = answer.message;
    return { ok: true as const, message: { id, clientId, room, from, at, text } };
  });

  const dm = route(ClientEvent.DmSend, DmSendRequest, async (socket, { room, to, clientId, text }) => {
    const answer = await post(socket, { room, to, clientId, kind: 'text', body: { text } });
    if (!answer.ok) return answer;
    const { id, from, at } = answer.message;
    return { ok: true as const, message: { id, clientId, room, from, to, at, text } };
  });

  return { routes: [postRoute, send, dm] };
}

/** The kinds this relay takes, for `session:welcome`: all but images where it keeps none. */
export function acceptedKinds({ images }: Pick<ChatDeps, 'images'>): Kind[] {
  return (Object.keys(POLICIES) as Kind[]).filter((kind) => kind !== 'image' || images !== undefined);
}
