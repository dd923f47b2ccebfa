/**
 * The hub's outbox (issue #5, "nothing lost, nothing duplicated"): every room message and DM a
 * panel sends is recorded first (in `storage.session`, see outbox-store.ts, so that a service
 * worker Chrome stops does not lose it), then sent, and sent again with the same clientId while
 * unanswered, until the server accepts it or refuses it for good. The server's idempotency
 * (same sender and clientId: the same message, delivered once) makes every retry safe; the
 * outbox makes sure there is only ever one attempt in flight per clientId.
 *
 * Sends keep their order (issue #12: a rate-limited send retried after a later one was accepted
 * arrived out of order for everyone). Each conversation (a room's messages; the DMs to one
 * person in one room) is a queue in creation order, and only its head is in flight: the next
 * goes once the head is settled, so a rate-limited head holds the ones behind it. A head that
 * fails for good is shown "not sent" with Retry and Discard and no longer holds the queue: the
 * ones behind it go on, in order, because one refused message should not silence the person
 * (and Retry may come much later, or never). A Retry is a new submission, so it goes at the
 * end of its queue, after what was typed since. Conversations do not wait for each other.
 *
 * An entry waits while its room is not joined on the current connection (the socket is down,
 * or no panel watches the room since the worker restarted) and goes as soon as the hub says the
 * room is joined again; a DM in a room no panel watches waits for the connection only (issue
 * #13: the relay takes it on the pair's conversation grant). It fails as `unavailable` once its conversation has made no progress
 * for a bounded time: the bound runs from when the entry was taken or from the last send its
 * queue had accepted, whichever is later, so that messages behind a head that the relay slows
 * down (a newcomer's rate) go out at that rate rather than fail for having queued, while an
 * unreachable relay still fails each one the bound after it was taken. A send refused for a
 * rate waits out `retryAfterMs` (within that bound) and goes again; one refused because it
 * holds a link the relay does not take from a newcomer yet (issue #11) settles at once, so the
 * person sees why and decides, rather than watching "sending…" for minutes and having it go
 * out unannounced later.
 */
import {
  failure,
  type DmDelivery,
  type Envelope,
  type ErrorCode,
  type LimitName,
  type MessagePostAnswer,
  type PostRequest,
} from '../../protocol/index.ts';
import type { PendingSend } from '../lib/domain.ts';

export type SendOutcome = MessagePostAnswer;

/** How the outbox reaches the server; the hub implements it over its socket. */
export interface OutboxTransport {
  /**
   * True when the send can go now: its room is joined on the connected socket, or, for a DM in
   * a room this browser does not watch, the socket is connected (the relay holds the pair's
   * conversation grant, issue #13).
   */
  ready(send: PendingSend): boolean;
  /** One attempt; a lost connection or a timeout answers `unavailable`. */
  send(send: PendingSend): Promise<SendOutcome>;
}

/** Where entries survive the service worker: everything pending, replaced on every change. */
export interface OutboxStore {
  load(): Promise<PendingSend[]>;
  save(sends: readonly PendingSend[]): Promise<void>;
}

export interface OutboxOptions<Asker> {
  transport: OutboxTransport;
  store: OutboxStore;
  /**
   * Called once per accepted send, before its askers are answered, with the askers (the hub
   * hands the message to every other panel of the room; the askers get it in their answer).
   */
  onAccepted(message: Envelope, askers: ReadonlySet<Asker>, delivery?: DmDelivery): void;
  /** How long after it was first taken a send is given up as `unavailable`. */
  giveUpMs: number;
  /** The first pause after a failed attempt, doubled after each one up to `retryMaxMs`. */
  retryFirstMs?: number;
  retryMaxMs?: number;
}

/** Worth another attempt with the same clientId: the server or the way to it had trouble. */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set(['unavailable', 'internal']);

/** Budgets that refuse what a message says, not how fast it comes: waiting is the person's call. */
const SETTLE_AT_ONCE: ReadonlySet<LimitName | undefined> = new Set(['newcomer_links']);

interface Entry<Asker> {
  send: PendingSend;
  askers: Set<Asker>;
  outcome: Promise<SendOutcome>;
  settle(outcome: SendOutcome): void;
}

/** One conversation's entries, head first; it exists while it holds any. */
interface Queue<Asker> {
  entries: Entry<Asker>[];
  /**
   * When the relay last accepted one of its sends: the bound runs from here for the entries
   * that were waiting. Kept in memory only, so a new worker bounds each entry from its own
   * `since`, as if nothing had gone out before.
   */
  acceptedAt: number;
}

/** A room's messages are one conversation; the DMs to one person in one room are another. */
const conversationOf = ({ room, to }: PendingSend): string => (to === undefined ? room : `${room}/${to}`);

export class Outbox<Asker> {
  /** Every entry held, by clientId, in creation order (the order they are stored in). */
  readonly #entries = new Map<string, Entry<Asker>>();
  readonly #queues = new Map<string, Queue<Asker>>();
  /** Ends each pause under way early (on dispose). */
  readonly #pauses = new Set<() => void>();
  /** Ends the pause of each entry waiting for its room, by clientId. */
  readonly #waiting = new Map<string, () => void>();
  readonly #restored: Promise<void>;
  #saving: Promise<void> = Promise.resolve();
  #disposed = false;

  constructor(private readonly options: OutboxOptions<Asker>) {
    this.#restored = this.#restore();
  }

  /**
   * Takes a send from a panel, at the end of its conversation's queue, and resolves with its
   * outcome. A clientId already held (the panel asked again after its Port came back, or
   * another panel adopted it) joins that entry and keeps its place.
   */
  async submit(request: PostRequest, asker: Asker): Promise<SendOutcome> {
    await this.#restored;
    const held = this.#entries.get(request.clientId);
    if (held) {
      held.askers.add(asker);
      return held.outcome;
    }
    const send: PendingSend = { ...request, since: Date.now() };
    const entry = this.#add(send);
    entry.askers.add(asker);
    // Recorded before the first attempt (the queue waits for it): a worker stopped from here on still has it.
    await this.#save();
    return entry.outcome;
  }

  /** The sends held for `room`, oldest first. */
  async pendingIn(room: PendingSend['room']): Promise<PendingSend[]> {
    await this.#restored;
    return [...this.#entries.values()].flatMap(({ send }) => (send.room === room ? [send] : []));
  }

  /** `room` is joined on the connection now: its waiting entries go at once. */
  roomReady(room: PendingSend['room']): void {
    for (const [clientId, end] of this.#waiting) if (this.#entries.get(clientId)?.send.room === room) end();
  }

  /** The socket connected: every waiting entry looks again whether it may go. */
  connected(): void {
    for (const end of [...this.#waiting.values()]) end();
  }

  /** Stops every attempt. Entries stay stored, for the next worker to resume. */
  dispose(): void {
    this.#disposed = true;
    for (const end of [...this.#pauses]) end();
  }

  /** Stored in creation order, so adding them in that order rebuilds every queue as it was. */
  async #restore(): Promise<void> {
    const sends = await this.options.store.load().catch(() => []);
    for (const send of sends) if (!this.#entries.has(send.clientId)) this.#add(send);
  }

  /** Holds `send` at the end of its conversation's queue, which starts draining if it was idle. */
  #add(send: PendingSend): Entry<Asker> {
    let settle!: (outcome: SendOutcome) => void;
    const outcome = new Promise<SendOutcome>((resolve) => (settle = resolve));
    const entry: Entry<Asker> = { send, askers: new Set(), outcome, settle };
    this.#entries.set(send.clientId, entry);
    const key = conversationOf(send);
    const queue = this.#queues.get(key);
    if (queue) {
      queue.entries.push(entry);
    } else {
      const started: Queue<Asker> = { entries: [entry], acceptedAt: 0 };
      this.#queues.set(key, started);
      void this.#drain(key, started);
    }
    return entry;
  }

  /** Runs the queue's head until it settles, then the next, until the queue is empty. */
  async #drain(key: string, queue: Queue<Asker>): Promise<void> {
    for (;;) {
      // Every save asked for so far includes the head: it is stored before its first attempt.
      await this.#saving;
      const head = queue.entries[0];
      if (this.#disposed || head === undefined) return;
      await this.#run(head, queue);
      if (this.#disposed) return;
      queue.entries.shift();
      if (queue.entries.length === 0) {
        this.#queues.delete(key);
        return;
      }
    }
  }

  async #run(entry: Entry<Asker>, queue: Queue<Asker>): Promise<void> {
    const { transport, giveUpMs, retryFirstMs = 500, retryMaxMs = 8000 } = this.options;
    let backoff = retryFirstMs;
    let refusals = 0;
    for (;;) {
      const left = Math.max(entry.send.since, queue.acceptedAt) + giveUpMs - Date.now();
      if (this.#disposed) return;
      if (left <= 0) return this.#finish(entry, gaveUp(giveUpMs));
      if (!transport.ready(entry.send)) {
        await this.#pause(entry, left, true);
        continue;
      }
      const outcome = await transport.send(entry.send);
      if (this.#disposed) return;
      if (outcome.ok) {
        queue.acceptedAt = Date.now();
        return this.#finish(entry, outcome);
      }
      const { code, retryAfterMs, limit } = outcome.error;
      if (code === 'rate_limited') {
        refusals += 1;
        const wait = (retryAfterMs ?? backoff) + patience(refusals);
        // Waiting past the deadline would only end in `unavailable`; the real reason says more.
        if (wait >= left || SETTLE_AT_ONCE.has(limit)) return this.#finish(entry, outcome);
        await this.#pause(entry, wait, false);
      } else if (TRANSIENT.has(code)) {
        await this.#pause(entry, Math.min(backoff, left), false);
        backoff = Math.min(backoff * 2, retryMaxMs);
      } else {
        return this.#finish(entry, outcome);
      }
    }
  }

  /** Sleeps `ms`; a pause `untilReady` (waiting for the room) also ends once the room is ready. */
  #pause(entry: Entry<Asker>, ms: number, untilReady: boolean): Promise<void> {
    const { clientId } = entry.send;
    return new Promise((resolve) => {
      const end = (): void => {
        clearTimeout(timer);
        this.#pauses.delete(end);
        this.#waiting.delete(clientId);
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.#pauses.add(end);
      if (untilReady) this.#waiting.set(clientId, end);
    });
  }

  #finish(entry: Entry<Asker>, outcome: SendOutcome): void {
    this.#entries.delete(entry.send.clientId);
    void this.#save();
    if (outcome.ok) this.options.onAccepted(outcome.message, entry.askers, outcome.delivery);
    entry.settle(outcome);
  }

  /** Writes one after another, so the last write holds the latest state. */
  #save(): Promise<void> {
    this.#saving = this.#saving
      .then(() => this.options.store.save([...this.#entries.values()].map((entry) => entry.send)))
      .catch(() => undefined);
    return this.#saving;
  }
}

/**
 * A little more than the relay's wait for a send refused for the first times: conversations
 * waiting on one budget all aim at the same moment, and the one refused more often goes first.
 * Otherwise a busy room's queue, whose next head is always refused first, took every turn from
 * a DM waiting beside it (issue #15 made that likely: sealing a DM takes a few milliseconds).
 */
const patience = (refusals: number): number => Math.max(0, 30 - 10 * refusals);

function gaveUp(giveUpMs: number) {
  return failure(
    'unavailable',
    `not sent: the samepage server could not be reached for ${Math.ceil(giveUpMs / 1000)} s`,
  );
}
