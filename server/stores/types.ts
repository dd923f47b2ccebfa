/**
 * What the chat handlers need kept, as interfaces: the embedded in-memory stores implement
 * them for one machine, and a durable or shared implementation (SQLite, Redis) can replace
 * any of them without the handlers changing. Every method is async for that reason.
 */
import type {
  DmPolicy,
  DmReceipt,
  Envelope,
  Failure,
  Member,
  Message,
  ReportReason,
  RoomKey,
  UserId,
} from '../../protocol/index.ts';
import type { StoredMessage } from '../chat/stored-message.ts';

/** Thrown by a store whose backing service is down: answered `unavailable`, retry later. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** Which page of a room's history: before an id (going back) or after one (catching up). */
export interface HistoryQuery {
  before?: string;
  after?: string;
  limit: number;
}

export interface HistoryPage {
  /** Oldest first. */
  messages: StoredMessage[];
  /** More messages lie beyond this page in the direction asked. */
  hasMore: boolean;
}

/**
 * Where a room keeps a message: `newcomer` holds the messages of identities still held back,
 * trimmed to a count of its own, so that a flood of new identities cannot push the room's
 * history out nor fill a newcomer's first view of it (issue #11).
 */
export type HistoryLane = 'trusted' | 'newcomer';

/** What a change makes of a message: the message after it, or why it is refused. */
export type Change = (current: StoredMessage) => StoredMessage | Failure;

export interface HistoryStore {
  /** Adds a message in id order; a message whose id is already there (in either lane) is not added again. */
  append(message: StoredMessage, lane?: HistoryLane): Promise<void>;
  /** The message `id` of `room`, or null when the room keeps no such message (never sent, or trimmed). */
  find(room: RoomKey, id: string): Promise<StoredMessage | null>;
  /**
   * Applies `change` to the message `id` of `room` as one step: no other change to it lands in
   * between (edits, deletes and reactions from several nodes at once all count). Answers the
   * message after it, the change's refusal, or null when the room keeps no such message.
   * A change that answers the message it was given writes nothing.
   */
  update(room: RoomKey, id: string, change: Change): Promise<StoredMessage | Failure | null>;
  /**
   * The newest messages of a room, at most `limit`, oldest first: the newest of the newcomer
   * lane fill at most a fifth of `limit` (rounded down), the newest trusted ones the rest.
   */
  recent(room: RoomKey, limit: number): Promise<StoredMessage[]>;
  /**
   * Both lanes merged in id order. With `after`: the oldest `limit` newer than it; otherwise
   * the newest `limit` older than `before` (if given).
   */
  page(room: RoomKey, query: HistoryQuery): Promise<HistoryPage>;
}

/** How much history a store keeps. */
export interface HistoryLimits {
  /** Messages per room in the trusted lane. */
  perRoom: number;
  /** Messages per room in the newcomer lane, trimmed apart. */
  newcomerPerRoom: number;
  /** Rooms kept (memory and SQLite); past it the room quiet the longest is forgotten. */
  maxRooms: number;
}

export type JoinOutcome =
  | { status: 'full'; memberCount: number }
  /** `first`: the user's first connection in the room; `renamed`: it came with a new name. */
  | { status: 'joined'; first: boolean; renamed: boolean; memberCount: number };

export interface LeaveOutcome {
  /** The user's last connection left the room, so the user is gone from it. */
  last: boolean;
  memberCount: number;
}

/**
 * Presence at the user level: a user is one member of a room however many connections it has.
 * A member's `key` (protocol v3, issue #15) is the public key it published for the room; a join
 * without one (an older connection of the same person) keeps the one published before, and a
 * join with another one counts as `renamed`: what the others see of the member changed.
 */
export interface PresenceStore {
  join(room: RoomKey, member: Member, connectionId: string, maxMembers: number): Promise<JoinOutcome>;
  leave(room: RoomKey, userId: UserId, connectionId: string): Promise<LeaveOutcome>;
  /** Up to `limit` members in the order they arrived, and how many there are in all. */
  members(room: RoomKey, limit: number): Promise<{ members: Member[]; memberCount: number }>;
  isMember(room: RoomKey, userId: UserId): Promise<boolean>;
  /** Renames the user in every room it is in; answers those rooms with their member counts. */
  rename(member: Member): Promise<Array<{ room: RoomKey; memberCount: number }>>;
}

/** What a send's idempotency record is about: the envelope accepted. */
export type SentMessage = Envelope;

/**
 * What a claim found under a send's key. A claim is pending until the send is confirmed
 * delivered; an attempt that stops in between (its node died, its store went away) leaves it
 * pending, and once the lease runs out a retry takes it over with the same message.
 */
export type Claim =
  /** The key was free and now holds the draft, pending, for this attempt. */
  | { status: 'claimed' }
  /** The send was delivered earlier: answer with its message. */
  | { status: 'accepted'; message: SentMessage }
  /** Another attempt holds the key and may still deliver it. */
  | { status: 'busy' }
  /**
   * An earlier attempt stopped before confirming and its lease ran out; this attempt now holds
   * the key and must deliver this same message (same id), which may have been delivered before.
   */
  | { status: 'resumed'; message: SentMessage }
  /**
   * The key was used for a send with other content (text, addressee, room, or a DM against a
   * room message): a client bug, refused; the record is left as it was.
   */
  | { status: 'conflict' };

/** Remembers sends by (sender, clientId) so that a retry is answered, not repeated. */
export interface IdempotencyStore {
  /**
   * Takes `key` for `draft` for `leaseMs` unless it is taken. A record keeps no text, only a
   * hash of the send's content (send-record.ts): the message answered carries `draft`'s text,
   * which a retry sends again, and a draft whose content differs is answered `conflict`.
   */
  claim(key: string, draft: SentMessage, leaseMs: number): Promise<Claim>;
  /** Marks the key's send delivered: from now on a claim answers it as accepted. */
  confirm(key: string): Promise<void>;
  /** Forgets a claim whose send was refused before anything was delivered, so a retry can succeed. */
  release(key: string): Promise<void>;
  /**
   * Ends the lease of an attempt that failed while delivering (perhaps after delivering in
   * part), so that a retry resumes the send at once rather than when the lease would run out.
   */
  abandon(key: string): Promise<void>;
}

/** How long an identity no one has used is remembered: after that it counts as new again. */
export const IDENTITY_RETENTION_MS = 90 * 86_400_000;

/**
 * When this relay first saw each identity (a user id), so that a token never seen before can be
 * told apart from a returning one: new ones cost their address a token (NEW_IDENTITIES_PER_IP)
 * and are held back as newcomers for a while.
 */
export interface IdentityStore {
  /**
   * When `userId` was first seen, or null if never (or forgotten). Each look-up counts as a use,
   * so an identity in use is never forgotten.
   */
  firstSeen(userId: UserId, now: number): Promise<number | null>;
  /** Records `userId` as first seen `now`, unless it is known already; answers its first-seen time. */
  record(userId: UserId, now: number): Promise<number>;
}

/** How long a conversation grant lasts without a DM under it (docs/protocol.md, "Reaching people"). */
export const GRANT_RETENTION_MS = 30 * 86_400_000;

/** Grants one user holds at most; past it the one unused longest is forgotten, for both its sides. */
export const GRANTS_PER_USER = 500;

/** How many grants a store keeps, and for how long. */
export interface GrantLimits {
  perUser: number;
  retentionMs: number;
}

/**
 * Conversation grants (issue #13): two people who exchanged a DM in a room while both were in it
 * may go on DMing each other in that room's name after either has left it, while both are
 * online. A grant is for (room, the pair), either side may use it, and each DM under it renews
 * it; one unused for GRANT_RETENTION_MS is forgotten. Each user holds a bounded number.
 */
export interface GrantStore {
  /** Records, or renews at `now`, the grant of `a` and `b` (in either order) in `room`. */
  grant(room: RoomKey, a: UserId, b: UserId, now: number): Promise<void>;
  /** Whether `a` and `b` hold a grant in `room` that is still fresh at `now`. */
  has(room: RoomKey, a: UserId, b: UserId, now: number): Promise<boolean>;
}

/**
 * How long the relay remembers whose an id per room is after its last use (a join in its room,
 * a DM or a setting naming it): past it, a client that still holds the id can no longer DM,
 * block or report with it (docs/protocol.md, "Ids per room").
 */
export const ALIAS_RETENTION_MS = 90 * 86_400_000;

/**
 * Ids per room one person has remembered at most: past it the one unused longest is forgotten,
 * so one identity joining room after room cannot fill the store (an id of a room left long ago
 * then names nobody, as after the retention).
 */
export const ALIASES_PER_PERSON = 1000;

/** Whose an id per room is: the person, and the room it was derived for. */
export interface AliasOwner {
  person: UserId;
  room: RoomKey;
}

/**
 * Ids per room (issue #15): the relay's id secret, and for every id per room handed out, whose
 * it is, so an id a client sends back can be mapped to the person. An entry unused for
 * ALIAS_RETENTION_MS is forgotten, and so is a person's entry unused longest past ALIASES_PER_PERSON.
 */
export interface AliasStore {
  /** The relay's id secret (base64url): made once by whoever asks first, then the same for every node and restart. */
  idSecret(): Promise<string>;
  /** Records, or renews at `now`, that `alias` is `owner`'s. */
  remember(alias: UserId, owner: AliasOwner, now: number): Promise<void>;
  /** The owners of those of `aliases` still remembered; each found is renewed at `now`. */
  owners(aliases: readonly UserId[], now: number): Promise<Map<UserId, AliasOwner>>;
}

/** Moderation and consent (issue #14): how much each part of the moderation store keeps. */
export interface ModerationLimits {
  /** Reports kept; past it the oldest go. */
  reports: number;
  /** Audit entries kept; past it the oldest go. */
  audit: number;
  /** Bans in force at once (users and addresses together); a ban past it is refused. */
  bans: number;
  /** Rooms with a mode other than the default; past it the one changed longest ago goes back to the default. */
  roomModes: number;
  /** Users whose privacy settings are kept; past it (memory) the one set longest ago is forgotten. */
  privacyUsers: number;
  /** How long privacy settings nobody renews are kept (the hub sends them on every connection). */
  privacyRetentionMs: number;
}

export const MODERATION_LIMITS: ModerationLimits = {
  reports: 10_000,
  audit: 10_000,
  bans: 10_000,
  roomModes: 10_000,
  privacyUsers: 200_000,
  privacyRetentionMs: 90 * 86_400_000,
};

/**
 * A report (issue #14), as the operator reads it. `message` is the room message as the history
 * held it when reported (room reports); `text` is a DM's words, only when the reporter chose to
 * include them (the relay keeps no DMs).
 */
export interface Report {
  id: string;
  room: RoomKey;
  reported: UserId;
  reporter: UserId;
  reason: ReportReason;
  note?: string;
  messageId?: string;
  dm: boolean;
  message?: Message;
  text?: string;
  at: number;
}

export interface ReportQuery {
  reported?: UserId;
  room?: RoomKey;
  /** Reports older than this one (by id), for paging. */
  before?: string;
  limit: number;
}

/**
 * A ban: of a user id, or of a network address or range (`203.0.113.7`, `203.0.113.0/24`,
 * `2001:db8::/32`), until `until` (epoch ms).
 */
export type BanTarget = { user: UserId; address?: undefined } | { address: string; user?: undefined };
export type Ban = BanTarget & { until: number; reason?: string; at: number };

/** A room's mode as the store keeps it: the operator's settings, and the relay's automatic slow mode. */
export interface StoredRoomMode {
  /** Set by an operator; 0: off. */
  slowModeSeconds: number;
  readOnly: boolean;
  /** While the room is hot the relay adds its own slow mode until then (epoch ms); absent: none. */
  autoUntil?: number;
  /** The automatic slow mode's seconds, while `autoUntil` is in the future. */
  autoSeconds?: number;
}

/** One operator action, as the audit log keeps it. */
export interface AuditEntry {
  id: string;
  at: number;
  /** Who: the operator's token is one secret, so this is what the caller said (`X-Operator`) or "operator", and the address. */
  actor: string;
  /** What: e.g. `message.delete`, `ban.add`, `ban.remove`, `room.slow-mode`, `room.read-only`. */
  action: string;
  /** On what: a user id, an address, `room/message`, a room key. */
  target: string;
  detail?: Record<string, unknown>;
}

/** What a user told the relay to enforce for its DMs (`privacy:set`). */
export interface PrivacySettings {
  /** The people blocked, whichever room's id named them. */
  blocked: UserId[];
  dms: DmPolicy;
  /**
   * Ids per room of the people written to, as the client sent them. Settings kept before
   * contacts were ids per room hold people's own ids, which no id per room equals: they let
   * nobody in until the person's next connection sends `privacy:set` again, as each does first.
   */
  contacts: UserId[];
}

/** The run of one text a user is sending again and again: how many times, since when (epoch ms). */
export interface RepeatRun {
  count: number;
  since: number;
}

/**
 * What moderation keeps (issue #14): reports, bans, room modes, the audit log of operator
 * actions, each user's DM privacy settings, and the repeated-text counts. Shared by every node
 * on Redis; SQLite (durable) or memory on one machine. Every part is bounded (ModerationLimits).
 */
export interface ModerationStore {
  addReport(report: Report): Promise<void>;
  /** Newest first. */
  reports(query: ReportQuery): Promise<Report[]>;
  /** Adds or replaces the ban of its user or address; false when MODERATION_LIMITS.bans are in force already. */
  ban(ban: Ban): Promise<boolean>;
  /** Lifts the ban of this user or address; whether there was one. */
  unban(target: BanTarget): Promise<boolean>;
  /** Bans in force at `now`, newest first. */
  bans(now: number): Promise<Ban[]>;
  /** The ban in force at `now` on `user` or on `address` (exactly, or within a banned range); the longest if several. */
  banOf(user: UserId, address: string, now: number): Promise<Ban | null>;
  /** The room's mode; the default (`{ slowModeSeconds: 0, readOnly: false }`) when none is kept. */
  roomMode(room: RoomKey): Promise<StoredRoomMode>;
  /** Changes the fields given and answers the mode after; a mode back to the default is not kept. */
  setRoomMode(room: RoomKey, change: Partial<StoredRoomMode>): Promise<StoredRoomMode>;
  audit(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  auditLog(limit: number): Promise<AuditEntry[]>;
  setPrivacy(user: UserId, settings: PrivacySettings, now: number): Promise<void>;
  /** What `user` set, or null (then: everyone may DM them, nobody is blocked). */
  privacyOf(user: UserId): Promise<PrivacySettings | null>;
  /**
   * Counts one more send of the text whose hash is `textHash` by `user`, within `windowMs` of
   * the first of the run; answers how many times it has now been sent (1 for new text) and
   * when the first of them was (so a refusal can say when the window ends). Only the user's
   * latest text is remembered.
   */
  countRepeat(user: UserId, textHash: string, now: number, windowMs: number): Promise<RepeatRun>;
}

/**
 * How much the mailboxes keep (protocol/limits.ts: MAILBOX_*; `maxBytes` from MAILBOX_MAX_MB,
 * `senderMaxBytes` from MAILBOX_SENDER_MB).
 */
export interface MailboxLimits {
  perRecipient: number;
  perSender: number;
  ttlMs: number;
  /** The envelopes of every mailbox together, as stored (Infinity: no bound). */
  maxBytes: number;
  /**
   * The envelopes one sender has waiting in all mailboxes together (Infinity: no bound), so that
   * no one sender (or a few) can fill `maxBytes` for everyone.
   */
  senderMaxBytes: number;
}

/**
 * What keeping a DM came to: kept (or there already); `full`, its addressee's mailbox has no
 * room for it (in all, or from this sender); `sender_full`, its sender has `senderMaxBytes`
 * waiting in all mailboxes; `no_room`, the relay's mailboxes together have none.
 */
export type MailOutcome = 'kept' | 'full' | 'sender_full' | 'no_room';

/** A sealed DM as a mailbox keeps it: the envelope, and the person who sent it (for their bound and their receipt). */
export interface MailedDm {
  sender: UserId;
  envelope: Envelope<'sealed'>;
}

/**
 * Sealed DMs kept for their addressee until their browser confirms them (protocol v3, issue
 * #15): ciphertext and its envelope only. Keyed by the addressee as the relay knows them; each
 * mailbox holds at most `perRecipient`, at most `perSender` of them from one sender, none older
 * than `ttlMs` (trimmed on every read and write, and by the stores' sweep).
 */
export interface MailboxStore {
  /**
   * Keeps `envelope` for `recipient` unless its mailbox is full (in all, or of `sender`'s),
   * `sender` has their share of all mailboxes waiting, or the mailboxes together are full. An envelope whose id is there already is kept once: a retry of
   * the same send is `kept`.
   */
  put(recipient: UserId, sender: UserId, envelope: Envelope<'sealed'>, now: number): Promise<MailOutcome>;
  /** The oldest `limit` DMs waiting for `recipient`, oldest first. */
  waiting(recipient: UserId, limit: number, now: number): Promise<Envelope<'sealed'>[]>;
  /**
   * Drops the DMs `receipts` name (by id, in their room, from the sender they named) from
   * `recipient`'s mailbox; answers those it held, so that their senders can be told.
   */
  take(recipient: UserId, receipts: readonly DmReceipt[], now: number): Promise<MailedDm[]>;
}

/** A token bucket's shape: at most `burst` tokens, one more every `refillMs`. */
export interface BucketShape {
  burst: number;
  refillMs: number;
}

export interface RateLimiter {
  /**
   * Takes `cost` tokens (one unless said) from `key`'s bucket: 0 when allowed, else the
   * milliseconds until that many are free. A refused take takes nothing.
   */
  take(key: string, cost?: number): Promise<number>;
}

/** A user whose last connection in a room was on a node that died. */
export interface Departure {
  room: RoomKey;
  userId: UserId;
  memberCount: number;
}

/** Presence shared by several nodes: each node beats, and any node sweeps out the dead ones. */
export interface NodeLiveness {
  /** Tells the other nodes this one is alive; answers true when it had been swept as dead meanwhile. */
  heartbeat(): Promise<boolean>;
  /** Removes the connections of nodes silent for longer than `timeoutMs`; answers who thereby left. */
  sweep(timeoutMs: number): Promise<Departure[]>;
}

export interface Stores {
  history: HistoryStore;
  presence: PresenceStore;
  idempotency: IdempotencyStore;
  identities: IdentityStore;
  grants: GrantStore;
  moderation: ModerationStore;
  aliases: AliasStore;
  mailbox: MailboxStore;
  /**
   * A token bucket per key under `name` (one name per budget): in this process, or shared by
   * every node on the same Redis, so a user's connections on several nodes share one budget.
   */
  limiter(name: string, shape: BucketShape): RateLimiter;
  /** Present when presence spans several nodes. */
  liveness?: NodeLiveness;
  /** False while a service the stores need is unreachable; stores without one omit it. */
  ready?(): boolean;
  /** Times every command to a shared store (Redis); `start` answers the function that ends one's timing. */
  timeCommands?(start: () => () => void): void;
  /** Flushes and releases what the stores hold open; called when the server closes. */
  close(): Promise<void>;
}
