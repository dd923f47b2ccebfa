/**
 * Event names and the typed Socket.IO event maps. `new Server<ClientToServerEvents,
 * ServerToClientEvents>` and `Socket<ServerToClientEvents, ClientToServerEvents>` take these,
 * so an unknown event name or a payload of the wrong shape does not compile. Everywhere else
 * names an event through `ClientEvent` / `ServerEvent`, never as a bare string.
 */
import type {
  ChatMessage,
  DirectMessage,
  DmDelivered,
  DmFetchRequest,
  DmReceivedAnswer,
  DmReceivedRequest,
  DmSendAnswer,
  DmSendRequest,
  DmStatusAnswer,
  DmStatusRequest,
  PrivacySetAnswer,
  PrivacySetRequest,
  ReportSendAnswer,
  ReportSendRequest,
  RoomMode,
  RoomModeUpdate,
  SessionBanned,
  MessageSendAnswer,
  MessageSendRequest,
  PresenceUpdate,
  RoomHistoryAnswer,
  RoomHistoryRequest,
  RoomJoinAnswer,
  RoomJoinRequest,
  RoomLeaveAnswer,
  RoomLeaveRequest,
  TypingEvent,
  TypingRequest,
  UserRenameAnswer,
  UserRenameRequest,
} from './schemas.ts';
import type { Envelope, Message, PostRequest, SessionWelcome } from './messages.ts';
import type { Failure } from './errors.ts';

/** Requests, client to server; all but `typing` are answered through the acknowledgement. */
export const ClientEvent = {
  RoomJoin: 'room:join',
  RoomLeave: 'room:leave',
  MessageSend: 'message:send',
  DmSend: 'dm:send',
  UserRename: 'user:rename',
  RoomHistory: 'room:history',
  Typing: 'typing',
  /** v2: every kind of message and change, rooms and DMs alike. */
  MessagePost: 'message:post',
  /** v2 (issue #13): which of the people this user may DM are online now. */
  DmStatus: 'dm:status',
  /** v2 (issue #14): report a person or a message to the relay's operator. */
  ReportSend: 'report:send',
  /** v2 (issue #14): the block list and DM consent the relay enforces for this user. */
  PrivacySet: 'privacy:set',
  /** v3 (issue #15): the sealed DMs the relay kept for this person while they were away. */
  DmFetch: 'dm:fetch',
  /** v3 (issue #15): this browser has these DMs; the relay forgets them and tells their senders. */
  DmReceived: 'dm:received',
} as const;

/** Pushes, server to client. */
export const ServerEvent = {
  MessageNew: 'message:new',
  DmNew: 'dm:new',
  PresenceUpdate: 'presence:update',
  Typing: 'typing',
  /** v2: an envelope someone posted, in a room this connection is in or a DM to its user. */
  MessagePosted: 'message:posted',
  /** v2: what this relay accepts, sent once as a v2 connection is admitted. */
  SessionWelcome: 'session:welcome',
  /** v2 (issue #14): a room's slow mode or read-only switch changed. */
  RoomMode: 'room:mode',
  /** v2 (issue #14): an operator banned this user or address; the connection closes right after. */
  SessionBanned: 'session:banned',
  /** v3 (issue #15): the recipient's browser has these DMs of this user's. */
  DmDelivered: 'dm:delivered',
} as const;

export type ClientEventName = (typeof ClientEvent)[keyof typeof ClientEvent];
export type ServerEventName = (typeof ServerEvent)[keyof typeof ServerEvent];

export type Ack<T> = (answer: T) => void;

/**
 * v2's join answer: the same, with the history as messages in their current state, and the
 * room's mode when it is not the default (issue #14: slow mode or read-only).
 */
export type RoomJoinAnswerV2 =
  (Omit<Extract<RoomJoinAnswer, { ok: true }>, 'history'> & { history: Message[]; mode?: RoomMode }) | Failure;
/** v2's history page: messages in their current state. */
export type RoomHistoryAnswerV2 =
  (Omit<Extract<RoomHistoryAnswer, { ok: true }>, 'messages'> & { messages: Message[] }) | Failure;
/**
 * `delivery` (v3, issue #15), for a sealed DM only: `sent`, the recipient has a connection that
 * was handed it; `waiting`, they have none and the relay keeps it for them (MAILBOX_TTL_MS).
 * Either way `dm:delivered` follows once their browser has it.
 */
export type DmDelivery = 'sent' | 'waiting';
export type MessagePostAnswer = { ok: true; message: Envelope; delivery?: DmDelivery } | Failure;
/** `dm:fetch`'s answer: the kept sealed DMs, oldest first, each as `message:posted` would have carried it. */
export type DmFetchAnswer = { ok: true; messages: Envelope<'sealed'>[] } | Failure;

/** What a v1 client sends and is answered (PROTOCOL.md). */
export interface ClientToServerEvents {
  [ClientEvent.RoomJoin]: (payload: RoomJoinRequest, ack: Ack<RoomJoinAnswer>) => void;
  [ClientEvent.RoomLeave]: (payload: RoomLeaveRequest, ack: Ack<RoomLeaveAnswer>) => void;
  [ClientEvent.MessageSend]: (payload: MessageSendRequest, ack: Ack<MessageSendAnswer>) => void;
  [ClientEvent.DmSend]: (payload: DmSendRequest, ack: Ack<DmSendAnswer>) => void;
  [ClientEvent.UserRename]: (payload: UserRenameRequest, ack: Ack<UserRenameAnswer>) => void;
  [ClientEvent.RoomHistory]: (payload: RoomHistoryRequest, ack: Ack<RoomHistoryAnswer>) => void;
  [ClientEvent.Typing]: (payload: TypingRequest) => void;
}

/** What a v2 client sends and is answered: the extension's view of the relay. */
export interface ClientToServerEventsV2 {
  [ClientEvent.RoomJoin]: (payload: RoomJoinRequest, ack: Ack<RoomJoinAnswerV2>) => void;
  [ClientEvent.RoomLeave]: (payload: RoomLeaveRequest, ack: Ack<RoomLeaveAnswer>) => void;
  [ClientEvent.UserRename]: (payload: UserRenameRequest, ack: Ack<UserRenameAnswer>) => void;
  [ClientEvent.RoomHistory]: (payload: RoomHistoryRequest, ack: Ack<RoomHistoryAnswerV2>) => void;
  [ClientEvent.Typing]: (payload: TypingRequest) => void;
  [ClientEvent.MessagePost]: (payload: PostRequest, ack: Ack<MessagePostAnswer>) => void;
  [ClientEvent.DmStatus]: (payload: DmStatusRequest, ack: Ack<DmStatusAnswer>) => void;
  [ClientEvent.ReportSend]: (payload: ReportSendRequest, ack: Ack<ReportSendAnswer>) => void;
  [ClientEvent.PrivacySet]: (payload: PrivacySetRequest, ack: Ack<PrivacySetAnswer>) => void;
  [ClientEvent.DmFetch]: (payload: DmFetchRequest, ack: Ack<DmFetchAnswer>) => void;
  [ClientEvent.DmReceived]: (payload: DmReceivedRequest, ack: Ack<DmReceivedAnswer>) => void;
}

/**
 * Every request the relay takes, from clients of either version: a join or a history page is
 * answered in the shape of the connection's version.
 */
export type RelayClientEvents = Omit<
  ClientToServerEvents,
  typeof ClientEvent.RoomJoin | typeof ClientEvent.RoomHistory
> & {
  [ClientEvent.RoomJoin]: (payload: RoomJoinRequest, ack: Ack<RoomJoinAnswer | RoomJoinAnswerV2>) => void;
  [ClientEvent.RoomHistory]: (payload: RoomHistoryRequest, ack: Ack<RoomHistoryAnswer | RoomHistoryAnswerV2>) => void;
  [ClientEvent.MessagePost]: (payload: PostRequest, ack: Ack<MessagePostAnswer>) => void;
  [ClientEvent.DmStatus]: (payload: DmStatusRequest, ack: Ack<DmStatusAnswer>) => void;
  [ClientEvent.ReportSend]: (payload: ReportSendRequest, ack: Ack<ReportSendAnswer>) => void;
  [ClientEvent.PrivacySet]: (payload: PrivacySetRequest, ack: Ack<PrivacySetAnswer>) => void;
  [ClientEvent.DmFetch]: (payload: DmFetchRequest, ack: Ack<DmFetchAnswer>) => void;
  [ClientEvent.DmReceived]: (payload: DmReceivedRequest, ack: Ack<DmReceivedAnswer>) => void;
};

export interface ServerToClientEvents {
  [ServerEvent.MessageNew]: (message: ChatMessage) => void;
  [ServerEvent.DmNew]: (message: DirectMessage) => void;
  [ServerEvent.PresenceUpdate]: (update: PresenceUpdate) => void;
  [ServerEvent.Typing]: (event: TypingEvent) => void;
  [ServerEvent.MessagePosted]: (envelope: Envelope) => void;
  [ServerEvent.SessionWelcome]: (welcome: SessionWelcome) => void;
  [ServerEvent.RoomMode]: (update: RoomModeUpdate) => void;
  [ServerEvent.SessionBanned]: (ban: SessionBanned) => void;
  [ServerEvent.DmDelivered]: (delivered: DmDelivered) => void;
}

/** What a v2 client is pushed: v1's message pushes are replaced by `message:posted`. */
export type ServerToClientEventsV2 = Omit<
  ServerToClientEvents,
  typeof ServerEvent.MessageNew | typeof ServerEvent.DmNew
>;

/** Request payload and answer types by event name, for code that is generic over requests. */
export type RequestEvent = Exclude<ClientEventName, typeof ClientEvent.Typing>;
export type RequestPayload<E extends RequestEvent> = Parameters<RelayClientEvents[E]>[0];
export type RequestAnswer<E extends RequestEvent> = Parameters<Parameters<RelayClientEvents[E]>[1]>[0];
