/**
 * The outbox (outbox.ts) wired into the hub: an entry goes once its room is joined on the
 * connected socket (a DM in a room no panel watches, once connected: issue #13); a send the server refuses as `not_joined` (it restarted since the join)
 * joins the room again once before it is answered. An accepted message reaches the panels that
 * asked in their answer, and every other panel of the room here, because the server does not
 * echo to the sending connection; an accepted DM is also kept on this device (dm-archive.ts).
 */
import type { Envelope } from '../../protocol/index.ts';
import type { PendingSend } from '../lib/domain.ts';
import type { Connection } from './connection.ts';
import type { DmArchive } from './dm-archive.ts';
import { Outbox, type OutboxStore, type SendOutcome } from './outbox.ts';
import type { PanelLink } from './panel-link.ts';
import { sendPending, unavailable } from './relay-requests.ts';
import type { RoomWatchers } from './room-watchers.ts';

export interface SendsOptions {
  connection: Connection;
  rooms: RoomWatchers;
  store: OutboxStore;
  dmArchive: DmArchive;
  /** How long a send is retried before it is answered `unavailable`. */
  giveUpMs: number;
  requestTimeoutMs: number;
  /** An accepted DM, with the panels that sent it. */
  /** A DM the relay accepted: every other panel shows it too (the conversation may be open anywhere). */
  sentDm(message: Envelope, askers: ReadonlySet<PanelLink>): void;
}

/** The hub's outbox; its askers are the panels that sent. */
export function createOutbox(options: SendsOptions): Outbox<PanelLink> {
  const { connection, rooms, dmArchive, requestTimeoutMs } = options;

  /** One attempt of an outbox entry on the connected socket. */
  async function sendNow(send: PendingSend): Promise<SendOutcome> {
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

  function accepted(message: Envelope, askers: ReadonlySet<PanelLink>): void {
    if (message.to === undefined) {
      rooms.pushToRoom(message.room, 'message:posted', message, askers);
      return;
    }
    void dmArchive.keep(message);
    options.sentDm(message, askers);
  }

  return new Outbox<PanelLink>({
    store: options.store,
    giveUpMs: options.giveUpMs,
    transport: { ready, send: sendNow },
    onAccepted: accepted,
  });
}
