/**
 * Reaching people (issue #13, docs/protocol.md "Reaching people"): who a protocol v2 connection
 * may DM besides the people in its rooms, and which of them are online (`dm:status`).
 *
 * Two people who exchanged a DM while both were in a room hold a conversation grant for that
 * room (stores/types.ts, GrantStore): either may go on DMing the other in that room's name
 * after leaving it, while the other is online. A stranger who only knows an id holds none, so
 * it cannot DM anyone it does not share a room with, nor learn whether they are online.
 */
import { ClientEvent, failure, type Failure, type RoomKey, type UserId } from '../../protocol/index.ts';
import { DmStatusRequest } from '../../protocol/schemas.ts';
import { StoreUnavailableError } from '../stores/types.ts';
import { hasJoined, v2UserChannel, v3UserChannel } from './channels.ts';
import type { Consent } from './consent.ts';
import { route } from './request.ts';
import type { ChatDeps, ChatSocket } from './types.ts';

/**
 * How a DM reaches its addressee: `room`, both are in its room now (v1's rule, for every
 * version); `grant`, under the pair's conversation grant, to the addressee's v2 connections only.
 */
export type Reach = 'room' | 'grant';

export function reachability({ io, config, stores, budgets, aliases, now }: ChatDeps, consent: Consent) {
  const spansNodes = stores.liveness !== undefined;

  /**
   * Of `users`, those with a connection to this relay in their `channel` (protocol v2's unless
   * said), on any node.
   */
  async function online(
    users: readonly UserId[],
    channel: (user: UserId) => string = v2UserChannel,
  ): Promise<Set<UserId>> {
    const found = new Set<UserId>();
    const here = io.of('/').adapter.rooms;
    const elsewhere = users.filter((user) => {
      if ((here.get(channel(user))?.size ?? 0) === 0) return true;
      found.add(user);
      return false;
    });
    if (elsewhere.length === 0 || !spansNodes) return found;
    for (const socket of await withinDeadline(io.in(elsewhere.map(channel)).fetchSockets()))
      found.add(socket.data.user.id);
    return found;
  }

  /** Whether `user` has a protocol v3 connection, which a sealed DM is handed to at once. */
  async function hasV3Connection(user: UserId): Promise<boolean> {
    return (await online([user], v3UserChannel)).size > 0;
  }

  /** The other nodes' answer, or unavailable once a store command would have been given up on. */
  async function withinDeadline<T>(asking: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StoreUnavailableError('the other nodes did not answer in time')),
        config.redisCommandTimeoutMs,
      );
    });
    asking.catch(() => undefined);
    try {
      return await Promise.race([asking, deadline]);
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError(error instanceof Error ? error.message : String(error), { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Whether `socket` is a v2 connection whose user holds a fresh grant with `to` in `room`: what
   * a DM or its typing needs to go without both being in the room.
   */
  async function holdsGrant(socket: ChatSocket, room: RoomKey, to: UserId): Promise<boolean> {
    return socket.data.v >= 2 && stores.grants.has(room, socket.data.user.id, to, now());
  }

  /**
   * How `socket` may DM `to` in `room` now, or why it may not. A DM that `waits` (sealed: the
   * relay keeps it in their mailbox) goes under a grant whether or not they are online.
   */
  async function dmReach(socket: ChatSocket, room: RoomKey, to: UserId, waits = false): Promise<Reach | Failure> {
    const joined = hasJoined(socket, room);
    if (joined && (await stores.presence.isMember(room, to))) return 'room';
    if (await holdsGrant(socket, room, to)) {
      if (waits || (await online([to])).size > 0) return 'grant';
      return failure('not_here', 'that person is offline now; a DM reaches them when they are back online');
    }
    return joined
      ? failure('not_here', 'that person is no longer on this page')
      : failure('not_joined', 'join the room before sending a DM in it');
  }

  /** Every DM delivered makes or renews the pair's grant in its room. */
  function delivered(room: RoomKey, from: UserId, to: UserId): Promise<void> {
    return stores.grants.grant(room, from, to, now());
  }

  /**
   * `dm:status`: of the people asked about, those online whom this user may reach: people in a
   * room this connection joined (in it now, so online), and people it holds a grant with who
   * have a v2 connection and no v3 one. A v3 person's DMs wait in their mailbox, so nobody
   * needs to know they are online, and a grant holder watching it could match their coming and
   * going with someone's in another room; a v2-only person's DMs go only while they are online.
   * Anyone else is left out, online or not, so nothing is said of strangers.
   * `closed` (issue #14): of the people it may answer about, online or not, those a DM from
   * this user would be refused to now, openly (consent.ts), so a client offers them no DM action.
   * A person's block of this user is not among them: it does not show (consent.ts).
   * Each id asked about is an id per room: it is answered for its own room only (in it together,
   * or a grant there), so asking with one room's id tells nothing of the person in another.
   */
  const status = route(
    ClientEvent.DmStatus,
    DmStatusRequest,
    async (socket, { users }) => {
      if (socket.data.v < 2) return failure('bad_request', 'dm:status is protocol v2: connect with auth.v 2');
      const self = socket.data.user.id;
      const owners = await aliases.owners(users);
      const asked = [...new Set(users)].flatMap((alias) => {
        const owner = owners.get(alias);
        return owner === undefined || owner.person === self ? [] : [{ alias, ...owner }];
      });
      const together = await Promise.all(
        asked.map(({ room, person }) => hasJoined(socket, room) && stores.presence.isMember(room, person)),
      );
      const inRooms = asked.filter((_, index) => together[index]);
      const others = asked.filter((_, index) => !together[index]);
      const held = await Promise.all(others.map(({ room, person }) => stores.grants.has(room, self, person, now())));
      const granted = others.filter((_, index) => held[index]);
      const grantedPeople = granted.map(({ person }) => person);
      const [onV2, onV3, closed] = await Promise.all([
        online(grantedPeople),
        online(grantedPeople, v3UserChannel),
        consent.closedAmong(self, [...inRooms, ...granted]),
      ]);
      const closedSet = new Set(closed);
      const onlineNow = new Set([...inRooms, ...granted.filter(({ person }) => onV2.has(person) && !onV3.has(person))]);
      return {
        ok: true as const,
        online: asked.filter((entry) => onlineNow.has(entry)).map(({ alias }) => alias),
        closed: asked.filter((entry) => closedSet.has(entry)).map(({ alias }) => alias),
      };
    },
    { limit: 'dm_status', budget: budgets.dmStatus, what: 'status requests' },
  );

  return { dmReach, holdsGrant, hasV3Connection, delivered, routes: [status] };
}

export type Reachability = ReturnType<typeof reachability>;
