/**
 * Turns a refused request into a sentence a person can act on. The server's own message is
 * written for developers, so it is shown only where nothing better can be said. A `rate_limited`
 * refusal names the budget it hit (`limit`, issue #11), and each budget gets its own sentence
 * with the wait in words; a relay that names none gets the generic one.
 */
import type { ChangeKind, Kind, LimitName, ProtocolError } from '../../protocol/index.ts';
import { plural, t } from './i18n.ts';
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
const NOT_CHANGED: Record<ChangeKind, (reason: string) => string> = {
  edit: (reason) => t('dm_error_not_edited', reason),
  delete: (reason) => t('dm_error_not_deleted', reason),
  reaction: (reason) => t('dm_error_reaction_not_changed', reason),
};

export function explainError(error: ProtocolError, context: ErrorContext = {}): string {
  switch (error.code) {
    case 'rate_limited':
      return explainLimit(error.limit, shortWait(error.retryAfterMs ?? 1000), context);
    case 'not_here':
      return context.peerName === undefined ? t('dm_error_not_here_someone') : t('dm_error_not_here', context.peerName);
    case 'not_joined':
      return t('dm_error_not_joined');
    case 'room_full':
      return t('dm_error_room_full');
    case 'unavailable':
      return t('dm_error_unavailable');
    case 'unsupported_version':
      return t('dm_error_unsupported_version');
    case 'bad_request':
      if (context.kind !== undefined && context.kind in NOT_CHANGED) {
        return NOT_CHANGED[context.kind as ChangeKind](error.message);
      }
      return t('dm_error_bad_request', error.message);
    case 'internal':
      return t('dm_error_internal');
    case 'banned':
      return t('dm_error_banned', error.message);
    case 'read_only':
      return t('dm_error_read_only');
    // The relay's reason (consent, a full mailbox) or the hub's (issue #15: no key to seal to) is already in words.
    case 'undeliverable':
      return error.message === '' ? t('dm_error_undeliverable') : capitalized(error.message);
  }
}

/**
 * The handshake limits and room joins are retried by the hub on its own, hence "trying again"
 * / "joining again" there; everything else waits for the person to try again.
 */
function explainLimit(limit: LimitName | undefined, wait: string, { messagesPerMinute }: ErrorContext): string {
  switch (limit) {
    case 'connections_per_address':
      return t('dm_limit_connections_per_address', wait);
    case 'new_identities_per_address':
      return t('dm_limit_new_identities_per_address', wait);
    case 'newcomer_links':
      return t('dm_limit_newcomer_links', wait);
    case 'newcomer_send':
      return messagesPerMinute === undefined
        ? t('dm_limit_newcomer_unknown', wait)
        : plural('dm_limit_newcomer_send', messagesPerMinute, wait);
    case 'react':
      return t('dm_limit_react', wait);
    case 'rename':
      return t('dm_limit_rename', wait);
    case 'rooms':
      return t('dm_limit_rooms', wait);
    case 'history':
      return t('dm_limit_history', wait);
    case 'dm_status':
      return t('dm_limit_dm_status', wait);
    case 'in_flight':
      return t('dm_limit_in_flight', wait);
    case 'uploads':
      return t('dm_limit_uploads', wait);
    case 'upload_bytes':
      return t('dm_limit_upload_bytes', wait);
    case 'reports':
      return t('dm_limit_reports', wait);
    case 'privacy':
      return t('dm_limit_privacy', wait);
    case 'slow_mode':
      return t('dm_limit_slow_mode', wait);
    case 'repeated_text':
      return t('dm_limit_repeated_text', wait);
    // A newer relay may name a budget this version does not know: the generic words still fit.
    default:
      return t('dm_limit_default', wait);
  }
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
