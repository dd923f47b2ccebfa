/**
 * Entering and leaving rooms, and the presence events that follow. Presence is per user:
 * `joined` goes out when a user's first connection enters, `left` when its last one leaves
 * or disconnects. A protocol v3 connection publishes its key for the room with its join
 * (room-keys.ts); v2 and v3 connections see members with their keys, v1 ones without.
 */
import {
  ClientEvent,
  failure,
  HISTORY_PAGE_MAX,
  ServerEvent,
  type Member,
  type RoomKey,
} from '../../protocol/index.ts';
import { RoomHistoryRequest, RoomJoinRequest, RoomLeaveRequest } from '../../protocol/schemas.ts';
import { hasJoined, joinedRooms, roomChannel, v2RoomChannel } from './channels.ts';
import { keyIn, memberIn, publishKey, withoutKey } from './room-keys.ts';
import { isDefault } from '../moderation/room-mode.ts';
import { newcomerStatus } from './newcomers.ts';
import { route } from './request.ts';
import type { RoomModes } from './room-modes.ts';
import { v1Of, viewOf, type StoredMessage } from './stored-message.ts';
import type { ChatDeps, ChatSocket } from './types.ts';

export function roomRoutes({ io, config, stores, budgets, aliases, now }: ChatDeps, modes: RoomModes) {
  const roomCharge = { limit: 'rooms', budget: budgets.rooms, what: 'rooms joined and left' } as const;
  const historyCharge = { limit: 'history', budget: budgets.history, what: 'history pages' } as const;

  /**
   * Messages as the connection's version reads them: v2 each in its current state with the
   * viewer's own reactions marked; v1 the text messages still there, in their current text.
   */
  function messagesFor(socket: ChatSocket, room: RoomKey, stored: StoredMessage[]) {
    if (socket.data.v >= 2) {
      const viewer = aliases.of(socket.data.user.id, room);
      return { v: 2 as const, messages: stored.map((m) => viewOf(m, viewer)) };
    }
    return { v: 1 as const, messages: stored.flatMap((m) => v1Of(m) ?? []) };
  }

  async function snapshot(socket: ChatSocket, room: RoomKey) {
    const [{ members, memberCount }, recent] = await Promise.all([
      stores.presence.members(room, config.joinMembersLimit),
      stores.history.recent(room, config.joinHistoryLimit),
    ]);
    const newcomer = newcomerStatus(config, socket, now());
    const answer = {
      ok: true as const,
      self: aliases.memberIn(memberIn(socket, room), room),
      members: members.map((member) => {
        const shown = aliases.memberIn(member, room);
        return socket.data.v >= 2 ? shown : withoutKey(shown);
      }),
      memberCount,
      hasMore: await olderThan(room, recent[0]?.id),
      ...(newcomer ? { newcomer } : {}),
    };
    const view = messagesFor(socket, room, recent);
    if (view.v === 1) return { ...answer, history: view.messages };
    // v2 only: the room's slow mode or read-only switch, when either is on (issue #14).
    const mode = await modes.current(room);
    return { ...answer, history: view.messages, ...(isDefault(mode) ? {} : { mode }) };
  }

  /**
   * Whether the room keeps a message older than `oldest` (any message, when the answer has none),
   * so a client knows whether to offer earlier messages: a short join answer does not say it, as
   * JOIN_HISTORY_LIMIT may be lower than the contract's 50 and newcomers' messages are capped.
   */
  async function olderThan(room: RoomKey, oldest: string | undefined): Promise<boolean> {
    const page = await stores.history.page(room, { limit: 1, ...(oldest === undefined ? {} : { before: oldest }) });
    return page.messages.length > 0;
  }

  /** Takes a connection out of a room's presence and tells the room when its user is gone. */
  async function depart(socket: ChatSocket, room: RoomKey): Promise<void> {
    const { last, memberCount } = await stores.presence.leave(room, socket.data.user.id, socket.id);
    if (last)
      io.to(roomChannel(room))
        .except(socket.id)
        .emit(ServerEvent.PresenceUpdate, { room, left: aliases.of(socket.data.user.id, room), memberCount });
  }

  /**
   * Rooms each connection is entering right now. They count against maxRoomsPerConnection
   * together with the rooms it is in: a burst of joins sent at once would otherwise all pass
   * the check before the first of them lands.
   */
  const entering = new WeakMap<ChatSocket, Set<RoomKey>>();

  /**
   * Tells the room's other connections that `member` (the person, with their key there) arrived or
   * changed, under their id in the room, each version in its shape.
   */
  function announce(
    socket: ChatSocket,
    room: RoomKey,
    change: 'joined' | 'renamed',
    member: Member,
    memberCount: number,
  ) {
    const shown = aliases.memberIn(member, room);
    socket.to(v2RoomChannel(room)).emit(ServerEvent.PresenceUpdate, { room, [change]: shown, memberCount });
    socket
      .to(roomChannel(room))
      .except(v2RoomChannel(room))
      .emit(ServerEvent.PresenceUpdate, { room, [change]: withoutKey(shown), memberCount });
  }

  async function enter(socket: ChatSocket, room: RoomKey) {
    // Before anyone is shown this id, so any id a client is shown can be mapped back.
    await aliases.remember(socket.data.user.id, room);
    const member = memberIn(socket, room);
    const outcome = await stores.presence.join(room, member, socket.id, config.maxMembersPerRoom);
    if (outcome.status === 'full')
      return failure('room_full', `this room holds at most ${config.maxMembersPerRoom} members`);
    if (socket.disconnected) {
      // The connection went away while presence was being written: undo, nobody was told.
      await stores.presence.leave(room, socket.data.user.id, socket.id);
      return failure('internal', 'the connection closed while joining');
    }
    await socket.join(socket.data.v >= 2 ? [roomChannel(room), v2RoomChannel(room)] : roomChannel(room));
    if (outcome.first) announce(socket, room, 'joined', member, outcome.memberCount);
    else if (outcome.renamed) announce(socket, room, 'renamed', member, outcome.memberCount);
    return snapshot(socket, room);
  }

  const join = route(
    ClientEvent.RoomJoin,
    RoomJoinRequest,
    async (socket, { room, key }) => {
      if (key !== undefined && socket.data.v < 3)
        return failure('bad_request', 'key: publishing a key is protocol v3: connect with auth.v 3');
      // A join again with a new key enters again, so the room hears of the key.
      const rekeyed = key !== undefined && key !== keyIn(socket, room);
      if (hasJoined(socket, room) && !rekeyed) return snapshot(socket, room);
      const pending = entering.get(socket) ?? new Set<RoomKey>();
      const taken = new Set([...joinedRooms(socket), ...pending]);
      if (!taken.has(room) && taken.size >= config.maxRoomsPerConnection) {
        return failure(
          'bad_request',
          `a connection may be in at most ${config.maxRoomsPerConnection} rooms; leave one first`,
        );
      }
      if (key !== undefined) publishKey(socket, room, key);
      entering.set(socket, pending.add(room));
      try {
        return await enter(socket, room);
      } finally {
        pending.delete(room);
      }
    },
    roomCharge,
  );

  const leave = route(
    ClientEvent.RoomLeave,
    RoomLeaveRequest,
    async (socket, { room }) => {
      if (!hasJoined(socket, room)) return failure('not_joined', 'this connection is not in that room');
      await socket.leave(roomChannel(room));
      await socket.leave(v2RoomChannel(room));
      await depart(socket, room);
      return { ok: true as const };
    },
    roomCharge,
  );

  const history = route(
    ClientEvent.RoomHistory,
    RoomHistoryRequest,
    async (socket, { room, before, after, limit }) => {
      if (!hasJoined(socket, room)) return failure('not_joined', 'join the room before reading its history');
      if (before !== undefined && after !== undefined) return failure('bad_request', 'give before or after, not both');
      const query = {
        limit: limit ?? HISTORY_PAGE_MAX,
        ...(before === undefined ? {} : { before }),
        ...(after === undefined ? {} : { after }),
      };
      const page = await stores.history.page(room, query);
      const view = messagesFor(socket, room, page.messages);
      const answer = { ok: true as const, hasMore: page.hasMore };
      return view.v === 2 ? { ...answer, messages: view.messages } : { ...answer, messages: view.messages };
    },
    historyCharge,
  );

  /**
   * Connection-state recovery gave a connection back its rooms without a join, but its
   * presence was removed (and announced) when it dropped: take it back in.
   */
  async function onRecovered(socket: ChatSocket): Promise<void> {
    // A recovered connection skipped the handshake, which reads the id secret in a fresh process.
    await aliases.load();
    await Promise.all(
      joinedRooms(socket).map(async (room) => {
        await aliases.remember(socket.data.user.id, room);
        const member = memberIn(socket, room);
        const outcome = await stores.presence.join(room, member, socket.id, Number.MAX_SAFE_INTEGER);
        if (outcome.status === 'joined' && outcome.first) announce(socket, room, 'joined', member, outcome.memberCount);
      }),
    );
  }

  /** On disconnect, the connection leaves every room it was in. */
  async function onDisconnecting(socket: ChatSocket): Promise<void> {
    await Promise.all(joinedRooms(socket).map((room) => depart(socket, room)));
  }

  return { routes: [join, leave, history], onDisconnecting, onRecovered };
}
