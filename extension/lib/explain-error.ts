/**
 * Turns a refused request into a sentence a person can act on. The server's own message is
 * written for developers, so it is shown only where nothing better can be said. A `rate_limited`
 * refusal names the budget it hit (`limit`, issue #11), and each budget gets its own sentence
 * with the wait in words; a relay that names none gets the generic one.
 */
import type { ChangeKind, Kind, LimitName, ProtocolError } from '../../protocol/index.ts';
import { shortWait } from './wait-words.ts';

/** What the caller knows that the error does not say. */
export interface ErrorContext {
  /** The DM recipient, for `not_here`. */
  peerName?: string;
  /** A newcomer's send rate from the room's join answer, for `newcomer_send`. */
  messagesPerMinute?: number;
  /** What was posted, for a refused change: the relay's reason then is already in people's words. */
  kind?: Kind;
}

/** What did not happen, for a change the relay refused (protocol/fold.ts says why in words). */
const NOT_CHANGED: Record<ChangeKind, string> = {
  edit: 'Not edited',
  delete: 'Not deleted',
  reaction: 'Reaction not changed',
};

export function explainError(error: ProtocolError, context: ErrorContext = {}): string {
  switch (error.code) {
    case 'rate_limited':
      return explainLimit(error.limit, shortWait(error.retryAfterMs ?? 1000), context);
    case 'not_here':
      return `${context.peerName ?? 'This person'} has left this page`;
    case 'not_joined':
      return "You're not in this room yet — try again in a moment";
    case 'room_full':
      return 'This room is full';
    case 'unavailable':
      return 'The chat server is unavailable right now — try again in a moment';
    case 'unsupported_version':
      return 'This version of samepage is too old for the server — update the extension';
    case 'bad_request':
      if (context.kind !== undefined && context.kind in NOT_CHANGED) {
        return `${NOT_CHANGED[context.kind as ChangeKind]}: ${error.message}`;
      }
      return `The server refused this: ${error.message}`;
    case 'internal':
      return 'Something went wrong on the chat server — try again';
    case 'banned':
      return `A moderator of this chat server banned you: ${error.message}`;
    case 'read_only':
      return 'A moderator made this room read-only for now';
    // The relay's reason (consent, a full mailbox) or the hub's (issue #15: no key to seal to) is already in words.
    case 'undeliverable':
      return error.message === '' ? 'This message cannot be delivered' : capitalized(error.message);
  }
}

/**
 * The handshake limits and room joins are retried by the hub on its own, hence "trying again"
 * / "joining again" there; everything else waits for the person to try again.
 */
function explainLimit(limit: LimitName | undefined, wait: string, { messagesPerMinute }: ErrorContext): string {
  switch (limit) {
    case 'connections_per_address':
      return `Too many people from your network are connected to this relay; trying again in ${wait}`;
    case 'new_identities_per_address':
      return `Too many new visitors from your network; try again in ${wait}`;
    case 'newcomer_links':
      return `New here: links can be posted in ${wait}`;
    case 'newcomer_send': {
      const rate = messagesPerMinute === undefined ? 'only a few messages' : `${messagesPerMinute} messages`;
      return `New here: you can send ${rate} a minute for your first minutes — next one in ${wait}`;
    }
    case 'react':
      return `You're reacting too fast — try again in ${wait}`;
    case 'rename':
      return `You changed your name too often; try again in ${wait}`;
    case 'rooms':
      return `You switched rooms too often; joining again in ${wait}`;
    case 'history':
      return `Too many pages of history at once; try again in ${wait}`;
    case 'dm_status':
      return `Checked who is online too often; try again in ${wait}`;
    case 'in_flight':
      return `Too many requests are waiting for the server; try again in ${wait}`;
    case 'uploads':
      return `Too many images at once; try again in ${wait}`;
    case 'upload_bytes':
      return `You have sent a lot of images lately; try again in ${wait}`;
    case 'reports':
      return `You have sent many reports lately; try again in ${wait}`;
    case 'privacy':
      return `Your block list changed too often; it is sent again in ${wait}`;
    case 'slow_mode':
      return `Slow mode is on in this room: your next message in ${wait}`;
    case 'repeated_text':
      return `You sent the same message several times; say something else, or wait ${wait}`;
    // A newer relay may name a budget this version does not know: the generic words still fit.
    default:
      return `You're sending too fast — try again in ${wait}`;
  }
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
