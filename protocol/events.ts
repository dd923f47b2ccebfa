/**
 * Event names and the typed Socket.IO event maps. `new Server<ClientToServerEvents,
 * ServerToClientEvents>` and `Socket<ServerToClientEvents, ClientToServerEvents>` take these,
 * so an unknown event name or a payload of the wrong shape does not compile. Everywhere else
 * names an event through `ClientEvent` / `ServerEvent`, never as a bare string.
 */
import type {
  ChatMessage,
  DirectMessage,
  DmSendAnswer,
  DmSendRequest,
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

/** Requests, client to server; all but `typing` are answered through the acknowledgement. */
export const ClientEvent = {
  RoomJoin: 'room:join',
  RoomLeave: 'room:leave',
  MessageSend: 'message:send',
  DmSend: 'dm:send',
  UserRename: 'user:rename',
  RoomHistory: 'room:history',
  Typing: 'typing',
} as const;

/** Pushes, server to client. */
export const ServerEvent = {
  MessageNew: 'message:new',
  DmNew: 'dm:new',
  PresenceUpdate: 'presence:update',
  Typing: 'typing',
} as const;

export type ClientEventName = (typeof ClientEvent)[keyof typeof ClientEvent];
export type ServerEventName = (typeof ServerEvent)[keyof typeof ServerEvent];

export type Ack<T> = (answer: T) => void;

export interface ClientToServerEvents {
  [ClientEvent.RoomJoin]: (payload: RoomJoinRequest, ack: Ack<RoomJoinAnswer>) => void;
  [ClientEvent.RoomLeave]: (payload: RoomLeaveRequest, ack: Ack<RoomLeaveAnswer>) => void;
  [ClientEvent.MessageSend]: (payload: MessageSendRequest, ack: Ack<MessageSendAnswer>) => void;
  [ClientEvent.DmSend]: (payload: DmSendRequest, ack: Ack<DmSendAnswer>) => void;
  [ClientEvent.UserRename]: (payload: UserRenameRequest, ack: Ack<UserRenameAnswer>) => void;
  [ClientEvent.RoomHistory]: (payload: RoomHistoryRequest, ack: Ack<RoomHistoryAnswer>) => void;
  [ClientEvent.Typing]: (payload: TypingRequest) => void;
}

export interface ServerToClientEvents {
  [ServerEvent.MessageNew]: (message: ChatMessage) => void;
  [ServerEvent.DmNew]: (message: DirectMessage) => void;
  [ServerEvent.PresenceUpdate]: (update: PresenceUpdate) => void;
  [ServerEvent.Typing]: (event: TypingEvent) => void;
}

/** Request payload and answer types by event name, for code that is generic over requests. */
export type RequestEvent = Exclude<ClientEventName, typeof ClientEvent.Typing>;
export type RequestPayload<E extends RequestEvent> = Parameters<ClientToServerEvents[E]>[0];
export type RequestAnswer<E extends RequestEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
