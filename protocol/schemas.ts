/**
 * The payload schemas of the wire contract (PROTOCOL.md), in TypeBox: the server compiles
 * them to validate every request at the edge, and every payload type is derived from them,
 * so a field cannot change in one place only. The extension imports these types only
 * (`import type`): compiled validators need `eval`, which an MV3 extension may not use.
 */
import { FormatRegistry, Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  CLIENT_ID_PATTERN,
  NAME_MAX_CHARS,
  PROTOCOL_V2,
  PROTOCOL_V3,
  PUBLIC_KEY_PATTERN,
  DM_RECEIPTS_MAX,
  PROTOCOL_VERSION,
  ROOM_KEY_PATTERN,
  HISTORY_PAGE_MAX,
  DM_STATUS_USERS_MAX,
  TEXT_MAX_CHARS,
  TOKEN_PATTERN,
  BLOCKED_MAX,
  CONTACTS_MAX,
  MESSAGE_ID_PATTERN,
  REPORT_NOTE_MAX_CHARS,
  SLOW_MODE_MAX_SECONDS,
  USER_ID_PATTERN,
} from './limits.ts';
import { EMOJI_MAX_UNITS, isEmoji } from './emoji.ts';
import { nameProblem, textProblem } from './text.ts';
import type { Failure } from './errors.ts';
import { registerQuoteFormats } from './page-quote.ts';

/** Format names checked by the shared rules in text.ts and emoji.ts (see registerFormats). */
export const NAME_FORMAT = 'samepage-name';
export const TEXT_FORMAT = 'samepage-text';
export const EMOJI_FORMAT = 'samepage-emoji';

/** Teaches TypeBox the formats; idempotent, called by whoever compiles the schemas. */
export function registerFormats(): void {
  registerQuoteFormats();
  FormatRegistry.Set(NAME_FORMAT, (value) => nameProblem(value) === null);
  FormatRegistry.Set(TEXT_FORMAT, (value) => textProblem(value) === null);
  FormatRegistry.Set(EMOJI_FORMAT, isEmoji);
}

const strict = { additionalProperties: false } as const;

export const RoomKey = Type.String({ pattern: ROOM_KEY_PATTERN });
export const UserId = Type.String({ pattern: USER_ID_PATTERN });
export const ClientId = Type.String({ pattern: CLIENT_ID_PATTERN });
// maxLength (UTF-16 units) bounds the work before the format counts code points.
export const DisplayName = Type.String({ maxLength: NAME_MAX_CHARS * 8, format: NAME_FORMAT });
export const MessageText = Type.String({ maxLength: TEXT_MAX_CHARS * 2, format: TEXT_FORMAT });
/** One emoji, as a reaction carries it (emoji.ts). */
export const Emoji = Type.String({ maxLength: EMOJI_MAX_UNITS, format: EMOJI_FORMAT });

/** An X25519 public key (issue #15), unpadded base64url. */
export const PublicKey = Type.String({ pattern: PUBLIC_KEY_PATTERN });

/**
 * A person as others in a room see them. `key` (v3, issue #15): the public key they published
 * for this room, to which DMs to them are sealed; absent for people on older clients.
 */
export const Member = Type.Object({ id: UserId, name: Type.String(), key: Type.Optional(PublicKey) });

export const ChatMessage = Type.Object({
  id: Type.String(),
  clientId: ClientId,
  room: RoomKey,
  from: Member,
  text: Type.String(),
  at: Type.Number(),
});

export const DirectMessage = Type.Object({
  id: Type.String(),
  clientId: ClientId,
  room: RoomKey,
  from: Member,
  to: UserId,
  text: Type.String(),
  at: Type.Number(),
});

/** `io(url, { auth })`: what a client presents when it connects; `v` picks the protocol version. */
export const HandshakeAuth = Type.Object(
  {
    v: Type.Union([Type.Literal(PROTOCOL_VERSION), Type.Literal(PROTOCOL_V2), Type.Literal(PROTOCOL_V3)]),
    token: Type.String({ pattern: TOKEN_PATTERN }),
    name: DisplayName,
  },
  strict,
);

/**
 * `room:join`: enter a room; answered with who is here and the recent history. `key` (v3,
 * issue #15): this person's public key for this room, shown to the others with their presence.
 */
export const RoomJoinRequest = Type.Object({ room: RoomKey, key: Type.Optional(PublicKey) }, strict);
/** `room:leave`: leave a room this connection joined. */
export const RoomLeaveRequest = Type.Object({ room: RoomKey }, strict);
/** `message:send`: say something to everyone in a joined room. */
export const MessageSendRequest = Type.Object({ room: RoomKey, clientId: ClientId, text: MessageText }, strict);
/** `dm:send`: say something to one member who is in the room now. */
export const DmSendRequest = Type.Object({ room: RoomKey, to: UserId, clientId: ClientId, text: MessageText }, strict);
/** `user:rename`: change the display name in every room of this user. */
export const UserRenameRequest = Type.Object({ name: DisplayName }, strict);
/** `typing`: fire and forget; relayed to the room, or only to `to`. */
export const TypingRequest = Type.Object({ room: RoomKey, to: Type.Optional(UserId) }, strict);

/**
 * `room:history` (an extension of v1): a page of a joined room's history, oldest first.
 * `before`: the newest messages older than that id (scrolling back); `after`: the oldest
 * messages newer than that id (catching up after a gap). At most one of the two.
 */
export const RoomHistoryRequest = Type.Object(
  {
    room: RoomKey,
    before: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    after: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: HISTORY_PAGE_MAX })),
  },
  strict,
);

/**
 * `dm:status` (v2, issue #13): which of these people are online now. Only people this user
 * shares a joined room with or already has a conversation with are ever reported online, so
 * the request cannot probe strangers.
 */
export const DmStatusRequest = Type.Object(
  { users: Type.Array(UserId, { minItems: 1, maxItems: DM_STATUS_USERS_MAX }) },
  strict,
);
/**
 * `closed` (issue #14): of the people asked about whom this user may reach, those who would
 * not take a DM from it now (blocked, or their DM setting). Their DM action is not offered.
 */
export const DmStatusAnswer = Type.Object({
  ok: Type.Literal(true),
  online: Type.Array(UserId),
  closed: Type.Optional(Type.Array(UserId)),
});

/**
 * `dm:received` (v3, issue #15): the hub has these DMs, read or not. The relay drops them from
 * the recipient's mailbox and tells each sender (`dm:delivered`). `from` is the sender as the
 * DM named them, in the DM's `room`.
 */
export const DmReceipt = Type.Object(
  { room: RoomKey, from: UserId, id: Type.String({ pattern: MESSAGE_ID_PATTERN }) },
  strict,
);
export const DmReceivedRequest = Type.Object(
  { receipts: Type.Array(DmReceipt, { minItems: 1, maxItems: DM_RECEIPTS_MAX }) },
  strict,
);
export const DmReceivedAnswer = Type.Object({ ok: Type.Literal(true) });

/** `dm:fetch` (v3, issue #15): the sealed DMs the relay kept for this person while they were away. */
export const DmFetchRequest = Type.Object({}, strict);

/** `dm:delivered` (v3 push, issue #15): the recipient's browser has these DMs of the sender's. */
export const DmDelivered = Type.Object({
  room: RoomKey,
  to: UserId,
  ids: Type.Array(Type.String({ pattern: MESSAGE_ID_PATTERN })),
});

/** Why a person reports a message or a person (issue #14). */
export const ReportReason = Type.Union([
  Type.Literal('spam'),
  Type.Literal('harassment'),
  Type.Literal('hate'),
  Type.Literal('sexual'),
  Type.Literal('other'),
]);

/**
 * `report:send` (v2, issue #14): report a person, or one of their messages, to the relay's
 * operator. A room message (`messageId` without `dm`) is stored with the report as the room's
 * history holds it. A DM is not on the relay: its words travel only in `text`, which the
 * reporter chose to include. The reporter must have joined `room` or hold a conversation in it.
 */
export const ReportSendRequest = Type.Object(
  {
    room: RoomKey,
    user: UserId,
    reason: ReportReason,
    note: Type.Optional(Type.String({ maxLength: REPORT_NOTE_MAX_CHARS * 2 })),
    messageId: Type.Optional(Type.String({ pattern: MESSAGE_ID_PATTERN })),
    dm: Type.Optional(Type.Boolean()),
    text: Type.Optional(MessageText),
  },
  strict,
);
export const ReportSendAnswer = Type.Object({ ok: Type.Literal(true), id: Type.String() });

/** Who may DM a person (issue #14): everyone in their rooms (the default), people they wrote to, nobody. */
export const DmPolicy = Type.Union([Type.Literal('everyone'), Type.Literal('replied'), Type.Literal('nobody')]);

/**
 * `privacy:set` (v2, issue #14): the whole of what the relay enforces for this user's DMs,
 * replacing what it held: the people it refuses DMs (and DM typing) from, who may DM it, and
 * for `replied` the people it has written to. Sent by the hub on every connection and change.
 */
export const PrivacySetRequest = Type.Object(
  {
    blocked: Type.Array(UserId, { maxItems: BLOCKED_MAX, uniqueItems: true }),
    dms: DmPolicy,
    contacts: Type.Array(UserId, { maxItems: CONTACTS_MAX, uniqueItems: true }),
  },
  strict,
);
export const PrivacySetAnswer = Type.Object({ ok: Type.Literal(true) });

/**
 * A room's mode (issue #14): slow mode (one message per person every `slowModeSeconds`, 0: off;
 * `auto` when the relay switched it on by itself because the room got hot) and read-only.
 */
export const RoomMode = Type.Object({
  slowModeSeconds: Type.Integer({ minimum: 0, maximum: SLOW_MODE_MAX_SECONDS }),
  readOnly: Type.Boolean(),
  auto: Type.Optional(Type.Boolean()),
});
/** `room:mode` (v2 push): a room's mode changed; the join answer carries it as `mode` too. */
export const RoomModeUpdate = Type.Object({ room: RoomKey, mode: RoomMode });

/** `session:banned` (v2 push): the relay is closing this connection; the ban's words and how long it lasts. */
export const SessionBanned = Type.Object({
  message: Type.String(),
  retryAfterMs: Type.Integer({ minimum: 1 }),
});

/** `presence:update`: a member arrived, left or renamed. */
export const PresenceUpdate = Type.Object({
  room: RoomKey,
  joined: Type.Optional(Member),
  left: Type.Optional(UserId),
  renamed: Type.Optional(Member),
  memberCount: Type.Integer({ minimum: 0 }),
});

/** `typing` from the server: who is typing, in which room, and to whom if in a DM. */
export const TypingEvent = Type.Object({ room: RoomKey, from: UserId, to: Type.Optional(UserId) });

/**
 * In a `room:join` answer (an extension of v1) while the relay holds this identity back as new:
 * for `endsInMs` more it may send `messagesPerMinute` and post no links.
 */
export const Newcomer = Type.Object({
  endsInMs: Type.Integer({ minimum: 0 }),
  messagesPerMinute: Type.Integer({ minimum: 1 }),
});

export const RoomJoinAnswer = Type.Object({
  ok: Type.Literal(true),
  self: Member,
  members: Type.Array(Member),
  memberCount: Type.Integer({ minimum: 0 }),
  history: Type.Array(ChatMessage),
  newcomer: Type.Optional(Newcomer),
  /** An extension of v1: whether the room keeps messages older than `history`'s oldest. */
  hasMore: Type.Optional(Type.Boolean()),
});
export const RoomLeaveAnswer = Type.Object({ ok: Type.Literal(true) });
export const MessageSendAnswer = Type.Object({ ok: Type.Literal(true), message: ChatMessage });
export const DmSendAnswer = Type.Object({ ok: Type.Literal(true), message: DirectMessage });
export const UserRenameAnswer = Type.Object({ ok: Type.Literal(true), self: Member });
/** `hasMore`: more messages lie beyond this page in the direction asked. */
export const RoomHistoryAnswer = Type.Object({
  ok: Type.Literal(true),
  messages: Type.Array(ChatMessage),
  hasMore: Type.Boolean(),
});

export type RoomKey = Static<typeof RoomKey>;
export type UserId = Static<typeof UserId>;
export type Member = Static<typeof Member>;
export type Newcomer = Static<typeof Newcomer>;
export type ChatMessage = Static<typeof ChatMessage>;
export type DirectMessage = Static<typeof DirectMessage>;
export type HandshakeAuth = Static<typeof HandshakeAuth>;
export type RoomJoinRequest = Static<typeof RoomJoinRequest>;
export type RoomLeaveRequest = Static<typeof RoomLeaveRequest>;
export type MessageSendRequest = Static<typeof MessageSendRequest>;
export type DmSendRequest = Static<typeof DmSendRequest>;
export type UserRenameRequest = Static<typeof UserRenameRequest>;
export type TypingRequest = Static<typeof TypingRequest>;
export type RoomHistoryRequest = Static<typeof RoomHistoryRequest>;
export type PresenceUpdate = Static<typeof PresenceUpdate>;
export type TypingEvent = Static<typeof TypingEvent>;
export type DmStatusRequest = Static<typeof DmStatusRequest>;
export type ReportReason = Static<typeof ReportReason>;
export type ReportSendRequest = Static<typeof ReportSendRequest>;
export type DmPolicy = Static<typeof DmPolicy>;
export type PrivacySetRequest = Static<typeof PrivacySetRequest>;
export type RoomMode = Static<typeof RoomMode>;
export type RoomModeUpdate = Static<typeof RoomModeUpdate>;
export type SessionBanned = Static<typeof SessionBanned>;
export type PublicKey = Static<typeof PublicKey>;
export type DmReceipt = Static<typeof DmReceipt>;
export type DmReceivedRequest = Static<typeof DmReceivedRequest>;
export type DmFetchRequest = Static<typeof DmFetchRequest>;
export type DmDelivered = Static<typeof DmDelivered>;

/** An acknowledgement: the ok shape of a request, or a Failure. */
export type Answer<Ok extends TSchema> = Static<Ok> | Failure;
export type RoomJoinAnswer = Answer<typeof RoomJoinAnswer>;
export type RoomLeaveAnswer = Answer<typeof RoomLeaveAnswer>;
export type MessageSendAnswer = Answer<typeof MessageSendAnswer>;
export type DmStatusAnswer = Answer<typeof DmStatusAnswer>;
export type ReportSendAnswer = Answer<typeof ReportSendAnswer>;
export type PrivacySetAnswer = Answer<typeof PrivacySetAnswer>;
export type DmSendAnswer = Answer<typeof DmSendAnswer>;
export type UserRenameAnswer = Answer<typeof UserRenameAnswer>;
export type RoomHistoryAnswer = Answer<typeof RoomHistoryAnswer>;
export type DmReceivedAnswer = Answer<typeof DmReceivedAnswer>;
