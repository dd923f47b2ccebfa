/**
 * Store and forward of sealed DMs (protocol v3, issue #15): every sealed DM waits in its
 * addressee's mailbox (stores/types.ts, MailboxStore) until their browser confirms it with
 * `dm:received`, whether it was handed to a connection of theirs at once or not; `dm:fetch`
 * gives a connection what waits, and each confirmation is told to the DM's sender
 * (`dm:delivered`). The relay holds ciphertext and its envelope only.
 */
import { randomInt } from 'node:crypto';
import {
  ClientEvent,
  DM_RECEIPTS_MAX,
  failure,
  ServerEvent,
  type Envelope,
  type Failure,
  type RoomKey,
  type UserId,
} from '../../protocol/index.ts';
import { DmFetchRequest, DmReceivedRequest } from '../../protocol/schemas.ts';
import type { MailedDm } from '../stores/types.ts';
import { v3UserChannel } from './channels.ts';
import { route } from './request.ts';
import type { ChatDeps, ChatSocket } from './types.ts';

export const MAILBOX_FULL: Failure = failure(
  'undeliverable',
  'their mailbox is full; try again once they have read what is waiting',
);

/**
 * The sender has MAILBOX_SENDER_MB waiting in all mailboxes together: their share, so that one
 * sender (or a few throwaway ones) cannot fill MAILBOX_MAX_MB for everyone.
 */
export const SENDER_MAILBOXES_FULL: Failure = failure(
  'undeliverable',
  'you have too many messages waiting for people who are away; try again once they have read them',
);

/** All mailboxes together hold MAILBOX_MAX_MB: nobody's DM waits until some are read or expire. */
export const MAILBOXES_FULL: Failure = failure(
  'unavailable',
  'the relay cannot keep more messages for people who are away right now; try again later',
);

/**
 * One `dm:fetch` answer holds at most this many bytes of envelopes (and at most
 * DM_RECEIPTS_MAX of them, one confirmation's worth), well under what a connection may have
 * queued (MAX_QUEUED_BYTES_PER_CONNECTION): a client confirms what it got and fetches again.
 */
const FETCH_MAX_BYTES = 1_048_576;

/** How long after a sealed DM its receipt comes back from a browser that has it open: the range a dropped DM's pretends. */
const RECEIPT_DELAY_MS = { min: 50, max: 250 };

const byteLength = (envelope: Envelope<'sealed'>): number => Buffer.byteLength(JSON.stringify(envelope));

export function dmMailbox({ io, stores, budgets, now }: Pick<ChatDeps, 'io' | 'stores' | 'budgets' | 'now'>) {
  const charge = { limit: 'dm_status', budget: budgets.dmStatus, what: 'DM requests' } as const;

  /**
   * Keeps a sealed DM from `socket`'s user for `recipient` (the person its `to` stands for:
   * messages.ts resolves it), unless their mailbox (or all of them) is full, or the sender's
   * share of all of them is.
   */
  async function keep(socket: ChatSocket, envelope: Envelope<'sealed'>, recipient: UserId): Promise<Failure | null> {
    const outcome = await stores.mailbox.put(recipient, socket.data.user.id, envelope, now());
    if (outcome === 'full') return MAILBOX_FULL;
    if (outcome === 'sender_full') return SENDER_MAILBOXES_FULL;
    return outcome === 'no_room' ? MAILBOXES_FULL : null;
  }

  const fetch = route(
    ClientEvent.DmFetch,
    DmFetchRequest,
    async (socket) => {
      if (socket.data.v < 3) return failure('bad_request', 'dm:fetch is protocol v3: connect with auth.v 3');
      const waiting = await stores.mailbox.waiting(socket.data.user.id, DM_RECEIPTS_MAX, now());
      const messages: Envelope<'sealed'>[] = [];
      let bytes = 0;
      for (const envelope of waiting) {
        bytes += byteLength(envelope);
        if (messages.length > 0 && bytes > FETCH_MAX_BYTES) break;
        messages.push(envelope);
      }
      return { ok: true as const, messages };
    },
    charge,
  );

  /** Tells each sender which of their DMs the addressee's browser now has, per conversation. */
  function tellSenders(taken: readonly MailedDm[]): void {
    const groups = new Map<string, { sender: UserId; room: RoomKey; to: UserId; ids: string[] }>();
    for (const { sender, envelope } of taken) {
      const to = envelope.to ?? '';
      const group = `${sender}\n${envelope.room}\n${to}`;
      const found = groups.get(group) ?? { sender, room: envelope.room, to, ids: [] };
      found.ids.push(envelope.id);
      groups.set(group, found);
    }
    for (const { sender, room, to, ids } of groups.values())
      io.to(v3UserChannel(sender)).emit(ServerEvent.DmDelivered, { room, to, ids });
  }

  /**
   * The receipt of a sealed DM from `sender` that nobody will take (its addressee blocked the
   * sender: consent.ts), told as the addressee's browser would have it told: a moment later, as
   * long as a real one takes to come back.
   */
  function receiptLater(sender: UserId, envelope: Envelope<'sealed'>): void {
    const timer = setTimeout(
      () => {
        try {
          tellSenders([{ sender, envelope }]);
        } catch {
          // The relay is closing: there is nobody left to tell.
        }
      },
      randomInt(RECEIPT_DELAY_MS.min, RECEIPT_DELAY_MS.max),
    );
    timer.unref();
  }

  const received = route(
    ClientEvent.DmReceived,
    DmReceivedRequest,
    async (socket, { receipts }) => {
      if (socket.data.v < 3) return failure('bad_request', 'dm:received is protocol v3: connect with auth.v 3');
      tellSenders(await stores.mailbox.take(socket.data.user.id, receipts, now()));
      return { ok: true as const };
    },
    charge,
  );

  return { keep, receiptLater, routes: [fetch, received] };
}

export type DmMailbox = ReturnType<typeof dmMailbox>;
