/**
 * Which panel watches which room, and the joins and leaves that follow. A room is joined once
 * however many panels watch it, and left when the last one stops; after a reconnect every
 * watched room is joined again and its panels get a fresh snapshot (they then fetch what they
 * missed with `room:history`). A join refused for a budget is asked again after the relay's
 * wait (join-retries.ts), and a page's room is joined before its panel asks (early-joins.ts).
 * The outbox sends to a room only once it is joined on the current connection. Each join
 * publishes this person's public key for the room (issue #15), to which DMs to them are sealed.
 */
import { ClientEvent, failure, type RoomJoinAnswerV2, type RoomKey } from '../../protocol/index.ts';
import type { PendingSend } from '../lib/domain.ts';
import type { HubPushes } from '../messaging/panel-hub.ts';
import type { Connection, RelaySocket } from './connection.ts';
import { EarlyJoins } from './early-joins.ts';
import { JoinRetries } from './join-retries.ts';
import { push, type PanelLink } from './panel-link.ts';
import { ask, whenConnected } from './relay-requests.ts';

export interface RoomWatchersOptions {
  connection: Connection;
  requestTimeoutMs: number;
  /** How long a room joined ahead of its panel waits for the panel before it is left. */
  earlyJoinClaimMs: number;
  /** The outbox's side of a room: what it holds there (shown to a new watcher), and that it may send. */
  held: {
    pendingIn(room: RoomKey): Promise<PendingSend[]>;
    roomReady(room: RoomKey): void;
  };
  /** A room joined early was left unclaimed: the socket may close if no panel is open. */
  unclaimed(): void;
  /** This person's public key for `room`, published with each join (issue #15). */
  keyFor(room: RoomKey): Promise<string>;
  /** Every join the relay accepted (its `self` and `members` name who is who). */
  joined(room: RoomKey, answer: Extract<RoomJoinAnswerV2, { ok: true }>): void;
  /** The last panel watching `room` stopped. */
  left(room: RoomKey): void;
}

export class RoomWatchers {
  readonly #watchers = new Map<RoomKey, Set<PanelLink>>();
  /** Rooms joined on the current connection: the outbox sends to a room only once it is in it. */
  readonly #joined = new Set<RoomKey>();
  readonly #earlyJoins: EarlyJoins;
  readonly #joinRetries: JoinRetries;

  constructor(private readonly options: RoomWatchersOptions) {
    this.#earlyJoins = new EarlyJoins(options.earlyJoinClaimMs, (room) => this.#leaveUnclaimed(room));
    this.#joinRetries = new JoinRetries((room) => {
      const socket = options.connection.socket;
      if (socket && this.#watchers.has(room)) void this.rejoin(socket, room);
    });
  }

  /** True when `room` is joined on the connected socket, so a send there can be accepted. */
  ready(room: RoomKey): boolean {
    return this.options.connection.socket !== null && this.#joined.has(room);
  }

  /** The rooms `link` watches. */
  roomsOf(link: PanelLink): RoomKey[] {
    return [...this.#watchers].flatMap(([room, links]) => (links.has(link) ? [room] : []));
  }

  /** True while some panel watches `room`. */
  watched(room: RoomKey): boolean {
    return this.#watchers.has(room);
  }

  /** A panel shows `room`: it gets what the outbox holds there, then the room's snapshot. */
  async watch(link: PanelLink, room: RoomKey): Promise<RoomJoinAnswerV2> {
    const watchers = this.#watchers.get(room) ?? new Set();
    watchers.add(link);
    this.#watchers.set(room, watchers);
    // Before joining, which may wait for the connection: what is pending shows at once.
    const sends = await this.options.held.pendingIn(room);
    if (sends.length > 0) push(link, 'outbox:pending', { room, sends });
    const early = await this.#earlyJoins.take(room);
    if (early) return this.#settleJoin(this.options.connection.socket, room, early);
    const { connection, requestTimeoutMs } = this.options;
    return whenConnected(connection, requestTimeoutMs, (socket) => this.#join(socket, room));
  }

  /** A panel stops showing `room`; the room is left when it was the last. */
  unwatch(link: PanelLink, room: RoomKey): void {
    const watchers = this.#watchers.get(room);
    if (!watchers?.delete(link) || watchers.size > 0) return;
    this.#watchers.delete(room);
    this.#joined.delete(room);
    this.#joinRetries.cancel(room);
    this.options.connection.socket?.emit(ClientEvent.RoomLeave, { room }, () => undefined);
    this.options.left(room);
  }

  /** A panel went away: it watches nothing any more. */
  unwatchAll(link: PanelLink): void {
    for (const room of [...this.#watchers.keys()]) this.unwatch(link, room);
  }

  /** Joins a page's room before its panel asks (the panel is still loading). */
  joinEarly(room: RoomKey): void {
    const { connection, requestTimeoutMs } = this.options;
    this.#earlyJoins.start(room, () =>
      whenConnected(connection, requestTimeoutMs, async (socket) =>
        ask(socket, requestTimeoutMs, ClientEvent.RoomJoin, { room, key: await this.options.keyFor(room) }),
      ),
    );
  }

  /** Something happened in `room` (a message, a presence change): an early join's answer is out of date. */
  touched(room: RoomKey): void {
    this.#earlyJoins.touched(room);
  }

  /** The server lost this connection's membership of `room` (it restarted since the join). */
  lost(room: RoomKey): void {
    this.#joined.delete(room);
  }

  /** The socket dropped: the server forgot every room joined on it. */
  disconnected(): void {
    this.#joined.clear();
    this.#joinRetries.clear();
    this.#earlyJoins.reset();
  }

  /**
   * After a reconnect the server may have forgotten this connection's rooms: join them again.
   * Even when Socket.IO recovered the session (`socket.recovered`, rooms kept and missed events
   * replayed), which is a fast path the server does not promise: then the join is a cheap
   * snapshot, and the panels resync through `room:history` either way.
   */
  async rejoinAll(socket: RelaySocket): Promise<void> {
    await Promise.all([...this.#watchers.keys()].map((room) => this.rejoin(socket, room)));
  }

  /** Joins a room again and gives its panels the fresh snapshot, so they resync. */
  async rejoin(socket: RelaySocket, room: RoomKey): Promise<RoomJoinAnswerV2> {
    const snapshot = await this.#join(socket, room);
    for (const link of this.#watchers.get(room) ?? []) push(link, 'room:snapshot', { room, snapshot });
    return snapshot;
  }

  /** Pushes to the panels watching `room`, except those in `except` (the ones that caused it). */
  pushToRoom<T extends keyof HubPushes>(
    room: RoomKey,
    type: T,
    payload: HubPushes[T],
    except: ReadonlySet<PanelLink> = new Set(),
  ): void {
    for (const link of this.#watchers.get(room) ?? []) if (!except.has(link)) push(link, type, payload);
  }

  dispose(): void {
    this.#earlyJoins.dispose();
    this.#joinRetries.clear();
  }

  /** A room joined early that no panel came to watch: left, and the socket with it if no panel is open. */
  #leaveUnclaimed(room: RoomKey): void {
    if (!this.#watchers.has(room))
      this.options.connection.socket?.emit(ClientEvent.RoomLeave, { room }, () => undefined);
    this.options.unclaimed();
  }

  /**
   * Joins a watched room on this connection (idempotent on the server: a room already joined
   * just answers its snapshot); once joined, the sends held for it go.
   */
  async #join(socket: RelaySocket, room: RoomKey): Promise<RoomJoinAnswerV2> {
    if (!this.#watchers.has(room)) return failure('not_joined', 'no panel watches this room any more');
    // An answer arrives only on the connection it was asked on: a drop rejects it instead.
    const key = await this.options.keyFor(room);
    const answer = await ask(socket, this.options.requestTimeoutMs, ClientEvent.RoomJoin, { room, key });
    return this.#settleJoin(socket, room, answer);
  }

  /**
   * A join's answer, taken: with a panel watching, the room is joined and the sends held for it
   * go; if its last panel stopped watching while the join was on its way, the room is left at
   * once, since the unwatch's leave may have gone out before the join did. A join refused for a
   * budget is asked again after the relay's wait.
   */
  #settleJoin(socket: RelaySocket | null, room: RoomKey, answer: RoomJoinAnswerV2): RoomJoinAnswerV2 {
    if (!answer.ok) {
      const { code, retryAfterMs } = answer.error;
      if (code === 'rate_limited' && this.#watchers.has(room)) this.#joinRetries.schedule(room, retryAfterMs);
      return answer;
    }
    this.options.joined(room, answer);
    if (this.#watchers.has(room)) {
      this.#joined.add(room);
      this.options.held.roomReady(room);
    } else {
      socket?.emit(ClientEvent.RoomLeave, { room }, () => undefined);
    }
    return answer;
  }
}
