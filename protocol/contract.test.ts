/**
 * The contract's types, checked by the compiler (`tsc --noEmit` covers this file, so every
 * `@ts-expect-error` below must still be an error), and its event names, checked at run time.
 */
import type { Socket } from 'socket.io-client';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ClientEvent,
  ERROR_CODES,
  V1_CODE_OF,
  V1_ERROR_CODES,
  ServerEvent,
  failure,
  isErrorCode,
  type ChatMessage,
  type ClientEventName,
  type ClientToServerEvents,
  type ClientToServerEventsV2,
  type DirectMessage,
  type Envelope,
  type ErrorCode,
  type Kind,
  type Message,
  type MessagePostAnswer,
  type PostRequest,
  type RoomJoinAnswerV2,
  type RoomHistoryAnswerV2,
  type ServerToClientEventsV2,
  type SessionWelcome,
  type LimitName,
  type Failure,
  type Member,
  type PresenceUpdate,
  type RequestAnswer,
  type RequestEvent,
  type RequestPayload,
  type ServerEventName,
  type ServerToClientEvents,
  type TypingEvent,
} from './index.ts';

/** A client socket typed by the contract, as the extension and the tests hold one. */
type ContractSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** A v2 client's socket (the extension's). */
type ContractSocketV2 = Socket<ServerToClientEventsV2, ClientToServerEventsV2>;

/** What a v1 client is answered to `event`. */
type V1Answer<E extends Exclude<keyof ClientToServerEvents, 'typing'>> = Parameters<
  Parameters<ClientToServerEvents[E]>[1]
>[0];

const room = 'a'.repeat(64);

describe('request types', () => {
  it('are the payloads the contract names, no more and no less', () => {
    expectTypeOf<RequestPayload<'room:join'>>().toEqualTypeOf<{ room: string; key?: string }>();
    expectTypeOf<RequestPayload<'room:leave'>>().toEqualTypeOf<{ room: string }>();
    expectTypeOf<RequestPayload<'message:send'>>().toEqualTypeOf<{ room: string; clientId: string; text: string }>();
    expectTypeOf<RequestPayload<'dm:send'>>().toEqualTypeOf<{
      room: string;
      to: string;
      clientId: string;
      text: string;
    }>();
    expectTypeOf<RequestPayload<'user:rename'>>().toEqualTypeOf<{ name: string }>();
    expectTypeOf<RequestPayload<'room:history'>>().toEqualTypeOf<{
      room: string;
      before?: string;
      after?: string;
      limit?: number;
    }>();
    expectTypeOf<Parameters<ClientToServerEvents['typing']>>().toEqualTypeOf<[{ room: string; to?: string }]>();
  });

  it('name every request but typing, which has no answer', () => {
    expectTypeOf<RequestEvent>().toEqualTypeOf<
      | 'room:join'
      | 'room:leave'
      | 'room:history'
      | 'message:send'
      | 'dm:send'
      | 'user:rename'
      | 'message:post'
      | 'dm:status'
      | 'report:send'
      | 'privacy:set'
      | 'dm:fetch'
      | 'dm:received'
    >();
    expectTypeOf<ClientEventName>().toEqualTypeOf<RequestEvent | 'typing'>();
    expectTypeOf<ServerEventName>().toEqualTypeOf<
      | 'message:new'
      | 'dm:new'
      | 'presence:update'
      | 'typing'
      | 'message:posted'
      | 'session:welcome'
      | 'room:mode'
      | 'session:banned'
      | 'dm:delivered'
    >();
  });

  it('answer every request with its ok shape or a Failure, told apart by `ok`', () => {
    expectTypeOf<RequestAnswer<'room:leave'>>().toEqualTypeOf<{ ok: true } | Failure>();
    expectTypeOf<V1Answer<'room:join'>>().toEqualTypeOf<
      | {
          ok: true;
          self: Member;
          members: Member[];
          memberCount: number;
          history: ChatMessage[];
          newcomer?: { endsInMs: number; messagesPerMinute: number };
          hasMore?: boolean;
        }
      | Failure
    >();
    expectTypeOf<RequestAnswer<'message:send'>>().toEqualTypeOf<{ ok: true; message: ChatMessage } | Failure>();
    expectTypeOf<RequestAnswer<'dm:send'>>().toEqualTypeOf<{ ok: true; message: DirectMessage } | Failure>();
    expectTypeOf<RequestAnswer<'user:rename'>>().toEqualTypeOf<{ ok: true; self: Member } | Failure>();
    expectTypeOf<V1Answer<'room:history'>>().toEqualTypeOf<
      { ok: true; messages: ChatMessage[]; hasMore: boolean } | Failure
    >();
    // The relay answers a join or a history page in the shape of the connection's version.
    expectTypeOf<RequestAnswer<'room:join'>>().toEqualTypeOf<V1Answer<'room:join'> | RoomJoinAnswerV2>();
    expectTypeOf<RequestAnswer<'room:history'>>().toEqualTypeOf<V1Answer<'room:history'> | RoomHistoryAnswerV2>();
    expectTypeOf<Extract<RequestAnswer<'dm:send'>, { ok: false }>>().toEqualTypeOf<Failure>();
    expectTypeOf<Failure['error']>().toEqualTypeOf<{
      code: ErrorCode;
      message: string;
      retryAfterMs?: number;
      limit?: LimitName;
    }>();
  });
});

describe('protocol v2 types', () => {
  it('post one envelope of any kind, answered with the envelope the relay accepted', () => {
    expectTypeOf<Kind>().toEqualTypeOf<'text' | 'image' | 'reaction' | 'edit' | 'delete' | 'sealed'>();
    expectTypeOf<RequestPayload<'message:post'>>().toEqualTypeOf<PostRequest>();
    expectTypeOf<PostRequest<'reaction'>>().toEqualTypeOf<{
      room: string;
      clientId: string;
      to?: string;
      kind: 'reaction';
      body: { target: string; emoji: string; on: boolean; count?: number };
    }>();
    expectTypeOf<MessagePostAnswer>().toEqualTypeOf<
      { ok: true; message: Envelope; delivery?: 'sent' | 'waiting' } | Failure
    >();
    expectTypeOf<Omit<Envelope<'delete'>, never>>().toEqualTypeOf<{
      id: string;
      clientId: string;
      room: string;
      from: Member;
      at: number;
      to?: string;
      kind: 'delete';
      body: { target: string; by?: 'moderator' };
    }>();
    expectTypeOf<SessionWelcome>().toEqualTypeOf<{ v: number; kinds: Kind[]; editWindowMs: number; user?: Member }>();
  });

  it('answer joins and history pages with messages in their current state, and push envelopes', () => {
    expectTypeOf<Extract<RoomJoinAnswerV2, { ok: true }>['history']>().toEqualTypeOf<Message[]>();
    expectTypeOf<Extract<RoomHistoryAnswerV2, { ok: true }>['messages']>().toEqualTypeOf<Message[]>();
    expectTypeOf<Parameters<ServerToClientEventsV2['message:posted']>>().toEqualTypeOf<[Envelope]>();
    expectTypeOf<keyof ServerToClientEventsV2>().toEqualTypeOf<
      | 'presence:update'
      | 'typing'
      | 'message:posted'
      | 'session:welcome'
      | 'room:mode'
      | 'session:banned'
      | 'dm:delivered'
    >();
    expectTypeOf<keyof ClientToServerEventsV2>().toEqualTypeOf<
      | 'room:join'
      | 'room:leave'
      | 'room:history'
      | 'user:rename'
      | 'typing'
      | 'message:post'
      | 'dm:status'
      | 'report:send'
      | 'privacy:set'
      | 'dm:fetch'
      | 'dm:received'
    >();
  });
});

describe('message and push types', () => {
  it('are the shapes the contract names', () => {
    expectTypeOf<Member>().toEqualTypeOf<{ id: string; name: string; key?: string }>();
    expectTypeOf<ChatMessage>().toEqualTypeOf<{
      id: string;
      clientId: string;
      room: string;
      from: Member;
      text: string;
      at: number;
    }>();
    expectTypeOf<DirectMessage>().toEqualTypeOf<{
      id: string;
      clientId: string;
      room: string;
      from: Member;
      to: string;
      text: string;
      at: number;
    }>();
    expectTypeOf<Parameters<ServerToClientEvents['message:new']>>().toEqualTypeOf<[ChatMessage]>();
    expectTypeOf<Parameters<ServerToClientEvents['dm:new']>>().toEqualTypeOf<[DirectMessage]>();
    expectTypeOf<Parameters<ServerToClientEvents['presence:update']>>().toEqualTypeOf<[PresenceUpdate]>();
    expectTypeOf<PresenceUpdate>().toEqualTypeOf<{
      room: string;
      joined?: Member;
      left?: string;
      renamed?: Member;
      memberCount: number;
    }>();
    expectTypeOf<Parameters<ServerToClientEvents['typing']>>().toEqualTypeOf<[TypingEvent]>();
    expectTypeOf<TypingEvent>().toEqualTypeOf<{ room: string; from: string; to?: string }>();
  });
});

// Never called (hence the leading underscore): the compiler checks these calls against the event
// maps, on a real client type.
function _compileOnly(socket: ContractSocket): void {
  socket.emit(ClientEvent.RoomJoin, { room }, (answer) => {
    expectTypeOf(answer).toEqualTypeOf<V1Answer<'room:join'>>();
    if (answer.ok) expectTypeOf(answer.history).toEqualTypeOf<ChatMessage[]>();
    else expectTypeOf(answer.error.code).toEqualTypeOf<ErrorCode>();
  });
  socket.emit(ClientEvent.MessageSend, { room, clientId: 'c'.repeat(8), text: 'hi' }, () => undefined);
  socket.emit(ClientEvent.DmSend, { room, to: 'u'.repeat(22), clientId: 'c'.repeat(8), text: 'hi' }, () => undefined);
  socket.emit(ClientEvent.Typing, { room });
  socket.emit(ClientEvent.Typing, { room, to: 'u'.repeat(22) });
  socket.on(ServerEvent.MessageNew, (message) => expectTypeOf(message).toEqualTypeOf<ChatMessage>());
  socket.on(ServerEvent.PresenceUpdate, (update) => expectTypeOf(update.memberCount).toBeNumber());

  // @ts-expect-error -- a payload missing `text`
  socket.emit(ClientEvent.MessageSend, { room, clientId: 'c'.repeat(8) }, () => undefined);
  // @ts-expect-error -- a field of the wrong type
  socket.emit(ClientEvent.RoomJoin, { room: 42 }, () => undefined);
  // @ts-expect-error -- a field the contract does not name
  socket.emit(ClientEvent.RoomLeave, { room, extra: true }, () => undefined);
  // @ts-expect-error -- a DM without its recipient
  socket.emit(ClientEvent.DmSend, { room, clientId: 'c'.repeat(8), text: 'hi' }, () => undefined);
  // @ts-expect-error -- an event the contract does not have
  socket.emit('admin:kick', { room });
  // @ts-expect-error -- an answer read as the wrong shape
  socket.emit(ClientEvent.UserRename, { name: 'Ann' }, (answer: { ok: true; message: ChatMessage }) => answer);
  // @ts-expect-error -- typing has no answer
  socket.emit(ClientEvent.Typing, { room }, () => undefined);
  // @ts-expect-error -- pushes carry their own type: a message is not a DM
  socket.on(ServerEvent.MessageNew, (message: DirectMessage) => message);
  // @ts-expect-error -- a code outside the contract
  failure('teapot', 'short and stout');
}

function _compileOnlyV2(socket: ContractSocketV2): void {
  socket.emit(
    ClientEvent.MessagePost,
    { room, clientId: 'c'.repeat(8), kind: 'text', body: { text: 'hi' } },
    (answer) => {
      if (answer.ok) expectTypeOf(answer.message).toEqualTypeOf<Envelope>();
    },
  );
  socket.emit(ClientEvent.RoomJoin, { room }, (answer) => {
    if (answer.ok) expectTypeOf(answer.history).toEqualTypeOf<Message[]>();
  });
  socket.on(ServerEvent.SessionWelcome, (welcome) => expectTypeOf(welcome.kinds).toEqualTypeOf<Kind[]>());

  socket.emit(
    ClientEvent.MessagePost,
    // @ts-expect-error -- a body of another kind
    { room, clientId: 'c'.repeat(8), kind: 'reaction', body: { text: 'hi' } },
    () => undefined,
  );
  // @ts-expect-error -- a kind the protocol does not have
  socket.emit(ClientEvent.MessagePost, { room, clientId: 'c'.repeat(8), kind: 'poll', body: {} }, () => undefined);
  // @ts-expect-error -- v2 posts through message:post only
  socket.emit(ClientEvent.MessageSend, { room, clientId: 'c'.repeat(8), text: 'hi' }, () => undefined);
  // @ts-expect-error -- v2 is pushed envelopes, not v1 messages
  socket.on(ServerEvent.MessageNew, () => undefined);
}

describe('error codes', () => {
  it('are exactly the codes of the contract, v1 and then v2, as a type and at run time', () => {
    const v1 = [
      'bad_request',
      'unsupported_version',
      'not_joined',
      'not_here',
      'rate_limited',
      'room_full',
      'unavailable',
      'internal',
    ] as const;
    const contract = [...v1, 'banned', 'read_only', 'undeliverable'] as const;
    expect([...V1_ERROR_CODES]).toEqual(v1);
    for (const [code, v1Code] of Object.entries(V1_CODE_OF)) {
      expect(contract).toContain(code);
      expect(v1).toContain(v1Code);
    }
    expectTypeOf<ErrorCode>().toEqualTypeOf<(typeof contract)[number]>();
    expectTypeOf<(typeof ERROR_CODES)[number]>().toEqualTypeOf<ErrorCode>();
    expect([...ERROR_CODES]).toEqual(contract);
    for (const code of ERROR_CODES) expect(isErrorCode(code)).toBe(true);
    expect(isErrorCode('teapot')).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
  });

  it('make failures with retryAfterMs only when given', () => {
    expect(failure('not_here', 'gone')).toEqual({ ok: false, error: { code: 'not_here', message: 'gone' } });
    expect(Object.keys(failure('not_here', 'gone').error)).toEqual(['code', 'message']);
    expect(failure('rate_limited', 'slow down', 250)).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'slow down', retryAfterMs: 250 },
    });
  });
});

describe('event names', () => {
  const clientNames = Object.values(ClientEvent);
  const serverNames = Object.values(ServerEvent);

  it('are domain:verb, or typing', () => {
    for (const name of [...clientNames, ...serverNames]) expect(name).toMatch(/^(?:[a-z]+:[a-z]+|typing)$/);
  });

  it('are unique on each side', () => {
    expect(new Set(clientNames).size).toBe(clientNames.length);
    expect(new Set(serverNames).size).toBe(serverNames.length);
  });

  it('are the ones the contract lists, plus the extensions of this implementation', () => {
    expect(clientNames.sort()).toEqual([
      'dm:fetch', // protocol v3 (issue #15)
      'dm:received', // protocol v3 (issue #15)
      'dm:send',
      'dm:status', // protocol v2 (issue #13)
      'message:post', // protocol v2
      'message:send',
      'privacy:set', // protocol v2 (issue #14)
      'report:send', // protocol v2 (issue #14)
      'room:history', // an extension of v1, see docs/protocol.md
      'room:join',
      'room:leave',
      'typing',
      'user:rename',
    ]);
    expect(serverNames.sort()).toEqual([
      'dm:delivered', // protocol v3 (issue #15)
      'dm:new',
      'message:new',
      'message:posted', // protocol v2
      'presence:update',
      'room:mode', // protocol v2 (issue #14)
      'session:banned', // protocol v2 (issue #14)
      'session:welcome', // protocol v2
      'typing',
    ]);
  });
});
