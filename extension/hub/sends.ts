/**
 * The outbox (outbox.ts) wired into the hub: an entry goes once its room is joined on the
 * connected socket (a DM in a room no panel watches, once connected: issue #13); a send the server refuses as `not_joined` (it restarted since the join)
 * joins the room again once before it is answered. An accepted message reaches the panels that
 * asked in their answer, and every other panel of the room here, because the server does not
 * echo to the sending connection; an accepted DM is also kept on this device (dm-archive.ts).
 * Issue #15: a DM is sealed (sealing.ts) before its first attempt, and its retries send the same
 * sealed bytes under the same clientId (the relay's idempotency is by clientId), kept in
 * `storage.session` beside the outbox until it settles: a worker that restarts sends those bytes
 * too, where sealing again would make another message under a clientId the relay may already
 * have taken. What comes back is the plain message again.
 */
import { browser } from 'wxt/browser';
import type { Envelope, ErrorCode, Failure } from '../../protocol/index.ts';
import type { DmDeliveryState, PendingSend } from '../lib/domain.ts';
import type { Connection } from './connection.ts';
import type { DmArchive } from './dm-archive.ts';
import { Outbox, type OutboxStore, type SendOutcome } from './outbox.ts';
import type { PanelLink } from './panel-link.ts';
import { sendPending, unavailable } from './relay-requests.ts';
import type { RoomWatchers } from './room-watchers.ts';
import type { Sealing } from './sealing.ts';

export interface SendsOptions {
  connection: Connection;
  rooms: RoomWatchers;
  store: OutboxStore;
  dmArchive: DmArchive;
  sealing: Sealing;
  /** How long a send is retried before it is answered `unavailable`. */
  giveUpMs: number;
  requestTimeoutMs: number;
  /** A DM the relay accepted: every other panel shows it too (the conversation may be open anywhere). */
  sentDm(message: Envelope, askers: ReadonlySet<PanelLink>, delivery?: DmDeliveryState): void;
}

/** Refusals the outbox tries again (outbox.ts): a DM then goes again as the same sealed bytes. */
const RESEND: ReadonlySet<ErrorCode> = new Set(['rate_limited', 'unavailable', 'internal']);
/** One key a DM: sends of different conversations go at once, and must not overwrite each other. */
const sealedKey = (clientId: string): string => `outboxSealed:${clientId}`;

/** The DM's sealed post a worker before this one stored, if any (the outbox's entries outlive it). */
async function storedSealed(send: PendingSend): Promise<PendingSend | undefined> {
  const key = sealedKey(send.clientId);
  const { [key]: stored } = await browser.storage.session.get(key).catch(() => ({}) as Record<string, unknown>);
  const wire = stored as Partial<PendingSend> | undefined;
  return wire?.kind === 'sealed' && wire.clientId === send.clientId ? (wire as PendingSend) : undefined;
}

/** The hub's outbox; its askers are the panels that sent. */
export function createOutbox(options: SendsOptions): Outbox<PanelLink> {
  const { connection, rooms, dmArchive, sealing, requestTimeoutMs } = options;

  /** One attempt of an outbox entry; a DM's accepted envelope comes back as the plain message. */
  async function sendNow(send: PendingSend): Promise<SendOutcome> {
    const wire = await wireOf(send);
    if ('ok' in wire) return wire;
    const answer = await sendWire(wire);
    if (send.to === undefined) return answer;
    // Kept for the retry, which sends the same bytes at once rather than sealing again (under a
    // send budget that would let the room's queue take every turn); dropped once it settles.
    if (!answer.ok && RESEND.has(answer.error.code)) return answer;
    await browser.storage.session.remove(sealedKey(send.clientId)).catch(() => undefined);
    if (!answer.ok) return answer;
    return { ...answer, message: { ...answer.message, kind: send.kind, body: send.body } as Envelope };
  }

  /**
   * The post as it goes to the relay: a DM sealed once, by this worker or one before it, and
   * stored before its first attempt (a worker stopped right after that attempt still has it).
   */
  async function wireOf(send: PendingSend): Promise<PendingSend | Failure> {
    if (send.to === undefined) return send;
    const kept = await storedSealed(send);
    if (kept) return kept;
    const wire = await sealing.seal(send);
    if ('ok' in wire) return wire;
    await browser.storage.session.set({ [sealedKey(send.clientId)]: wire }).catch(() => undefined);
    return wire;
  }

  /** One attempt of a post as it goes to the relay. */
  async function sendWire(send: PendingSend): Promise<SendOutcome> {
    const socket = connection.socket;
    if (!socket) return unavailable();
    const answer = await sendPending(socket, requestTimeoutMs, send);
    if (answer.ok || answer.error.code !== 'not_joined') return answer;
    // The server lost our membership after we joined (it restarted in between): join again
    // once; if that is refused too, the send fails with the server's reason.
    rooms.lost(send.room);
    // A DM outside the watched rooms went on the conversation's grant: the relay's word is final.
    if (send.to !== undefined && !rooms.watched(send.room)) return answer;
    if (!rooms.watched(send.room)) return unavailable();
    const joined = await rooms.rejoin(socket, send.room);
    return joined.ok ? sendPending(socket, requestTimeoutMs, send) : answer;
  }

  /** A joined room keeps its order rule; a DM in a room no panel watches needs only the socket. */
  function ready(send: PendingSend): boolean {
    if (send.to !== undefined && !rooms.watched(send.room)) return connection.socket !== null;
    return rooms.ready(send.room);
  }

  function accepted(message: Envelope, askers: ReadonlySet<PanelLink>, delivery?: DmDeliveryState): void {
    if (message.to === undefined) {
      rooms.pushToRoom(message.room, 'message:posted', message, askers);
      return;
    }
    void dmArchive.keep(message, delivery);
    options.sentDm(message, askers, delivery);
  }

  return new Outbox<PanelLink>({
    store: options.store,
    giveUpMs: options.giveUpMs,
    transport: { ready, send: sendNow },
    onAccepted: accepted,
  });
}
