/**
 * Sizes and rates fixed by the wire contract (PROTOCOL.md). Both sides read them from here;
 * server-side knobs that operators may tune live in server/config.ts instead.
 */

/** The protocol version a client sends as `auth.v`; another one is refused. */
export const PROTOCOL_VERSION = 1;

/** A room key is the SHA-256 of a normalized URL, as 64 lowercase hex characters. */
export const ROOM_KEY_PATTERN = '^[0-9a-f]{64}$';

/** Public user ids are base64url, derived one-way from the client's token. */
export const USER_ID_PATTERN = '^[A-Za-z0-9_-]{16,43}$';

/** The client's secret, made once per install. */
export const TOKEN_PATTERN = '^[A-Za-z0-9_-]{22,128}$';

/** The sender's idempotency key for a message. */
export const CLIENT_ID_PATTERN = '^[A-Za-z0-9_-]{8,64}$';

/** Display names: 1..32 characters (code points) after trimming. */
export const NAME_MAX_CHARS = 32;

/** Message texts: 1..2000 characters (code points), not blank after trimming. */
export const TEXT_MAX_CHARS = 2000;

/** Most members listed in a `room:join` answer (`memberCount` still counts everyone). */
export const JOIN_MEMBERS_MAX = 200;

/** Most history messages in a `room:join` answer: the newest ones, oldest first. */
export const JOIN_HISTORY_MAX = 50;

/** Most messages one `room:history` answer holds (and its default `limit`). */
export const HISTORY_PAGE_MAX = 100;
/** `dm:status`: how many people one request may ask about. */
export const DM_STATUS_USERS_MAX = 50;

/** `typing` is relayed at most once per this interval per user, room and target. */
export const TYPING_INTERVAL_MS = 1000;

/** Protocol v2 (issue #12): one message model for every kind; negotiated by `auth.v`. */
export const PROTOCOL_V2 = 2;

/**
 * Protocol v3 (issue #15): v2 plus end-to-end encrypted DMs. A v3 connection publishes a public
 * key with each join, posts DMs only as `sealed`, and fetches the DMs kept for it while it was away.
 */
export const PROTOCOL_V3 = 3;

/** The versions a relay of this contract admits. */
export const PROTOCOL_VERSIONS: readonly number[] = [PROTOCOL_VERSION, PROTOCOL_V2, PROTOCOL_V3];

/** Message ids as the relay mints them (server/ids.ts), with room to change their form. */
export const MESSAGE_ID_PATTERN = '^[0-9A-Za-z_-]{1,64}$';

/** The longest side of an image or thumbnail a message may claim. */
export const IMAGE_SIDE_MAX = 8192;

/** An image's alternative text, in code points. */
export const ALT_MAX_CHARS = 300;

/** People one message may mention. */
export const MENTIONS_MAX = 20;

/** How much of the original a reply quotes, in code points. */
export const REPLY_SNIPPET_CHARS = 140;

/** How long after sending a message its author may edit it. */
export const EDIT_WINDOW_MS = 15 * 60_000;

/** Distinct emoji on one message. */
export const REACTION_EMOJI_MAX = 20;

/** Reactions on one message, all emoji together. */
export const REACTIONS_PER_MESSAGE_MAX = 500;

/** Moderation and consent (issue #14), docs/protocol.md "Moderation and consent". */

/** People one user's block list holds at most (`privacy:set`). */
export const BLOCKED_MAX = 1000;

/** People one `privacy:set` may name as contacts: whom the `replied` DM setting lets in. */
export const CONTACTS_MAX = 500;

/** A report's free text, in code points. */
export const REPORT_NOTE_MAX_CHARS = 500;

/** The same text from one person is taken this many times within REPEAT_WINDOW_MS; the next is refused. */
export const REPEAT_MAX = 3;
export const REPEAT_WINDOW_MS = 10 * 60_000;

/** The longest slow mode an operator may set, in seconds. */
export const SLOW_MODE_MAX_SECONDS = 3600;

/**
 * Who an operator's delete comes from (`delete` with `by: 'moderator'`). No person's id is this
 * short (ids are hashes of tokens, limits above), so nobody can pass for it.
 */
export const MODERATOR = { id: 'samepage-moderator', name: 'Moderator' } as const;

/** An X25519 public key (or an HPKE encapsulated key), 32 bytes in unpadded base64url. */
export const PUBLIC_KEY_PATTERN = '^[A-Za-z0-9_-]{43}$';

/** A `sealed` body's ciphertext, base64url: room for the largest text body with its reply and quote. */
export const SEALED_CT_MAX_CHARS = 32_768;

/** Sealed DMs the relay keeps for one person while they are away, in all. */
export const MAILBOX_MAX_PER_RECIPIENT = 200;

/** ... and from one sender, so that one stranger cannot fill someone's mailbox. */
export const MAILBOX_MAX_PER_SENDER = 50;

/** How long a sealed DM waits for its recipient before the relay drops it. */
export const MAILBOX_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** `dm:received`: receipts in one request. */
export const DM_RECEIPTS_MAX = 50;
