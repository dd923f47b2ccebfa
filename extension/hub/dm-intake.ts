/**
 * DMs coming in (issue #15): pushed live (`message:posted`) or kept by the relay while this
 * browser was away (`dm:fetch`, asked on every connect). One at a time, in the order they came:
 * each is opened (sealing.ts); one already kept (a fetch repeated before its receipt arrived)
 * is kept once; one that does not open, or that replays a `clientId` the conversation already
 * had under another id (trust-book.ts remembers the last SEEN_MAX), leaves a notice in its
 * conversation instead; the others go on as any DM did before (the archive, every panel, the
 * inbox and badge). Then the relay is told this
 * browser has them (`dm:received`, at most DM_RECEIPTS_MAX a request), so it forgets them and
 * tells their senders; a receipt lost with the connection only means the DM comes again.
 */
import {
  ClientEvent,
  DM_RECEIPTS_MAX,
  MAILBOX_MAX_PER_RECIPIENT,
  type DmReceipt,
  type Envelope,
} from '../../protocol/index.ts';
import { t } from '../lib/i18n.ts';
import type { RelaySocket } from './connection.ts';
import { conversationOf, type DmArchive } from './dm-archive.ts';
import { ask } from './relay-requests.ts';
import type { Sealing } from './sealing.ts';
import type { TrustBook } from './trust-book.ts';

export interface DmIntakeOptions {
  sealing: Sealing;
  trust: TrustBook;
  dmArchive: DmArchive;
  /** A DM opened and kept: to the panels, the inbox and the badge. */
  shown(envelope: Envelope): void;
  /** The connected socket, for receipts. */
  socket(): RelaySocket | null;
  requestTimeoutMs: number;
}

/** Pages of `dm:fetch` on one connect: a full mailbox, with room to spare. */
const FETCH_PAGES_MAX = Math.ceil(MAILBOX_MAX_PER_RECIPIENT / DM_RECEIPTS_MAX) + 1;

export class DmIntake {
  #queue: Promise<unknown> = Promise.resolve();
  #receipts: DmReceipt[] = [];

  constructor(private readonly options: DmIntakeOptions) {}

  /** A DM the relay pushed. */
  take(envelope: Envelope): Promise<void> {
    return this.#serially(async () => {
      await this.#takeOne(envelope);
      await this.#confirm();
    });
  }

  /**
   * On every connect: what the relay kept for this person while they were away. It answers a
   * page at a time, oldest first; the next page comes once this one is confirmed, so it asks
   * again until a page is empty or brings nothing new (its receipts were lost), at most
   * FETCH_PAGES_MAX times.
   */
  async fetch(socket: RelaySocket): Promise<void> {
    const seen = new Set<string>();
    for (let page = 0; page < FETCH_PAGES_MAX; page++) {
      const answer = await ask(socket, this.options.requestTimeoutMs, ClientEvent.DmFetch, {});
      const fresh = answer.ok ? answer.messages.filter((envelope) => !seen.has(envelope.id)) : [];
      if (fresh.length === 0) return;
      for (const envelope of fresh) seen.add(envelope.id);
      await this.#serially(async () => {
        for (const envelope of fresh) await this.#takeOne(envelope);
        await this.#confirm();
      });
    }
  }

  async #takeOne(envelope: Envelope): Promise<void> {
    const { sealing, trust, dmArchive } = this.options;
    if (envelope.to === undefined || (await sealing.isOwn(envelope))) return;
    this.#receipts.push({ room: envelope.room, from: envelope.from.id, id: envelope.id });
    const key = conversationOf(envelope);
    const kept = await dmArchive.conversation(key);
    if (kept.some((earlier) => earlier.id === envelope.id)) return;
    const opened = await sealing.open(envelope);
    if (!opened.ok) return trust.notice(key, opened.why);
    // The archive alone forgets (its bound, a declined request): the trust book remembers longer.
    const replayed =
      kept.some((earlier) => earlier.clientId === envelope.clientId) ||
      !(await trust.firstSight(key, envelope.clientId));
    if (replayed) {
      return trust.notice(key, t('notify_unopened', envelope.from.name, t('notify_unopened_replayed')));
    }
    await dmArchive.keep(opened.envelope);
    this.options.shown(opened.envelope);
  }

  /** Tells the relay which DMs this browser has, in requests of at most DM_RECEIPTS_MAX. */
  async #confirm(): Promise<void> {
    const socket = this.options.socket();
    if (!socket) return;
    while (this.#receipts.length > 0) {
      const receipts = this.#receipts.splice(0, DM_RECEIPTS_MAX);
      await ask(socket, this.options.requestTimeoutMs, ClientEvent.DmReceived, { receipts });
    }
  }

  #serially(work: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
