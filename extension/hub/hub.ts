/**
 * The room hub: multiplexes every open panel over the browser's one connection. A room is
 * joined once however many panels watch it, and left when the last one stops; server events
 * are routed to the panels of their room; after a reconnect every watched room is joined
 * again and its panels get a fresh snapshot (the panels then fetch what they missed with
 * `room:history`). Sends go through the outbox (outbox.ts), which holds each one until the
 * server accepts it, across reconnects and worker restarts; DMs are kept on this device
 * (dm-archive.ts). A toolbar click connects the socket, and the page's report joins its room
 * (early-joins.ts), while the panel is still loading. The socket only sends what the contract
 * names: room keys, names and texts, never a URL or a title.
 */
import {
  ClientEvent,
  failure,
  nameProblem,
  normalizeName,
  ServerEvent,
  type ChatMessage,
  type DirectMessage,
  type Failure,
  type RoomJoinAnswer,
  type RoomKey,
} from '../../protocol/index.ts';
import type { HubPushes, PanelRequests, PanelRequestType, PanelToHub } from '../messaging/panel-hub.ts';
import type { ConnectionState, PageContext, PendingSend, Profile } from '../lib/domain.ts';
import { Connection, type RelaySocket } from './connection.ts';
import type { DmArchive } from './dm-archive.ts';
import { EarlyJoins } from './early-joins.ts';
import { JoinRetries } from './join-retries.ts';
import { Outbox, type OutboxStore, type SendOutcome } from './outbox.ts';
import type { PanelLink } from './panel-link.ts';
import { ask, sendPending, unavailable } from './relay-requests.ts';

export interface HubOptions {
  credentials(): Promise<{ url: string; token: string; name: string }>;
  loadProfile(): Promise<Profile>;
  saveProfile(profile: Profile): Promise<void>;
  readTabContext(tabId: number): Promise<PageContext | undefined>;
  /** Asks the content script of a tab to close its panel. */
  closePanel(tabId: number): Promise<void>;
  lingerMs?: number;
  maxAttempts?: number;
  /** How long a request waits for the connection before it is answered `unavailable`. */
  requestTimeoutMs?: number;
  /** Where pending sends outlive the worker (`storage.session` in the browser). */
  outboxStore: OutboxStore;
  /** The DMs kept on this device. */
  dmArchive: DmArchive;
  /** How long a send is retried before it is answered `unavailable` (30 s). */
  sendGiveUpMs?: number;
  /** How long a room joined ahead of its panel waits for the panel before it is left (10 s). */
  earlyJoinClaimMs?: number;
}

type Answer<T extends PanelRequestType> = PanelRequests[T]['answer'];

export class Hub {
  readonly #links = new Set<PanelLink>();
  readonly #watchers = new Map<RoomKey, Set<PanelLink>>();
  /** Rooms joined on the current connection: the outbox sends to a room only once it is in it. */
  readonly #joined = new Set<RoomKey>();
  readonly #connection: Connection;
  readonly #outbox: Outbox<PanelLink>;
  readonly #earlyJoins: EarlyJoins;
  readonly #joinRetries: JoinRetries;
  readonly #requestTimeoutMs: number;
  /** The name the server knows, so that our own renames echoing back from storage are not repeated. */
  #serverName: string | undefined;

  constructor(private readonly options: HubOptions) {
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.#connection = new Connection({
      credentials: options.credentials,
      lingerMs: options.lingerMs ?? 10_000,
      maxAttempts: options.maxAttempts ?? 8,
      onSocket: (socket) => this.#route(socket),
      onConnect: (socket) => void this.#rejoin(socket),
      onState: (state) => this.#broadcast('connection:state', state),
    });
    this.#outbox = new Outbox<PanelLink>({
      store: options.outboxStore,
      giveUpMs: options.sendGiveUpMs ?? 30_000,
      transport: {
        ready: (room) => this.#connection.socket !== null && this.#joined.has(room),
        send: (send) => this.#sendNow(send),
      },
      onAccepted: (message, askers) => this.#accepted(message, askers),
    });
    this.#earlyJoins = new EarlyJoins(options.earlyJoinClaimMs ?? 10_000, (room) => this.#leaveUnclaimed(room));
    this.#joinRetries = new JoinRetries((room) => {
      const socket = this.#connection.socket;
      if (socket && this.#watchers.has(room)) void this.#rejoinRoom(socket, room);
    });
  }

  get connectionState(): ConnectionState {
    return this.#connection.state;
  }

  /** A panel connected: tell it where things stand, then serve its requests. */
  attach(link: PanelLink): void {
    this.#links.add(link);
    link.onMessage((message) => void this.#receive(link, message));
    link.onDisconnect(() => this.#detach(link));
    link.send({ kind: 'push', type: 'connection:state', payload: this.#connection.state });
    void this.options.loadProfile().then((profile) => this.#push(link, 'profile:update', profile));
    if (link.tabId !== undefined) {
      void this.options.readTabContext(link.tabId).then((context) => {
        if (context) this.#push(link, 'page:context', context);
      });
    }
    void this.#connection.open();
  }

  /**
   * The toolbar was clicked: a panel is probably on its way, so the socket connects (and
   * handshakes) while the content script is injected and the panel loads. If no panel comes,
   * it closes as it would after the last one.
   */
  warmUp(): void {
    void this.#connection.open();
    if (this.#links.size === 0) this.#connection.closeSoon();
  }

  /** The content script reported where its tab is now. */
  pageChanged(tabId: number, context: PageContext): void {
    let shown = false;
    for (const link of this.#links) {
      if (link.tabId !== tabId) continue;
      this.#push(link, 'page:context', context);
      shown = true;
    }
    // No panel in the tab yet: the click that injected the script has a panel loading, and a
    // new panel watches its page's room first.
    if (!shown && context.status === 'ok') {
      const room = context.page.key;
      this.#earlyJoins.start(room, () =>
        this.#request((socket) => ask(socket, this.#requestTimeoutMs, ClientEvent.RoomJoin, { room })),
      );
    }
  }

  /** The display name changed outside a panel (options page). */
  async profileChanged(profile: Profile): Promise<void> {
    if (profile.name === this.#serverName) return;
    this.#serverName = profile.name;
    this.#broadcast('profile:update', profile);
    const socket = this.#connection.socket;
    if (socket) await ask(socket, this.#requestTimeoutMs, ClientEvent.UserRename, { name: profile.name });
  }

  /** The server URL may have changed (options page). */
  serverChanged(): Promise<void> {
    return this.#connection.refresh();
  }

  dispose(): void {
    this.#earlyJoins.dispose();
    this.#joinRetries.clear();
    this.#outbox.dispose();
    this.#connection.dispose();
  }

  #detach(link: PanelLink): void {
    this.#links.delete(link);
    for (const room of [...this.#watchers.keys()]) this.#unwatch(link, room);
    if (this.#links.size === 0) this.#connection.closeSoon();
  }

  async #receive(link: PanelLink, message: PanelToHub): Promise<void> {
    if (message.kind === 'signal') {
      this.#connection.socket?.emit(ClientEvent.Typing, message.payload);
      return;
    }
    let answer: unknown;
    try {
      answer = await this.#handle(link, message.type, message.payload as never);
    } catch {
      answer = unavailable();
    }
    link.send({ kind: 'answer', id: message.id, answer: answer as Answer<PanelRequestType> });
  }

  async #handle<T extends PanelRequestType>(
    link: PanelLink,
    type: T,
    payload: PanelRequests[T]['payload'],
  ): Promise<Answer<T>> {
    const handlers: { [K in PanelRequestType]: (payload: PanelRequests[K]['payload']) => Promise<Answer<K>> } = {
      'room:watch': ({ room }) => this.#watch(link, room),
      'room:unwatch': async ({ room }) => {
        this.#unwatch(link, room);
        return { ok: true };
      },
      'message:send': (request) => this.#outbox.submit(request, link),
      'dm:send': (request) => this.#outbox.submit(request, link),
      'room:history': (request) =>
        this.#request((socket) => ask(socket, this.#requestTimeoutMs, ClientEvent.RoomHistory, request)),
      'dm:archive': async ({ room }) => ({ ok: true, messages: await this.options.dmArchive.load(room) }),
      'profile:rename': async ({ name }) => {
        const problem = nameProblem(name);
        if (problem) return failure('bad_request', problem);
        const profile = { name: normalizeName(name), named: true };
        const socket = this.#connection.socket;
        if (socket) {
          const answer = await ask(socket, this.#requestTimeoutMs, ClientEvent.UserRename, { name: profile.name });
          // Unreachable is fine: every reconnection presents the saved name.
          if (!answer.ok && answer.error.code !== 'unavailable') return answer;
        }
        this.#serverName = profile.name;
        await this.options.saveProfile(profile);
        this.#broadcast('profile:update', profile);
        return { ok: true, profile };
      },
      'connection:retry': async () => {
        await this.#connection.retry();
        return { ok: true };
      },
      'panel:close': async () => {
        if (link.tabId === undefined) return failure('bad_request', 'this panel is not inside a page');
        await this.options.closePanel(link.tabId);
        return { ok: true };
      },
    };
    return handlers[type](payload);
  }

  /** Runs a request on the connected socket, waiting a bounded time for the connection. */
  async #request<A>(send: (socket: RelaySocket) => Promise<A>): Promise<A | Failure> {
    void this.#connection.open();
    if (!(await this.#connection.connected(this.#requestTimeoutMs))) return unavailable();
    const socket = this.#connection.socket;
    return socket ? send(socket) : unavailable();
  }

  async #watch(link: PanelLink, room: RoomKey): Promise<Answer<'room:watch'>> {
    const watchers = this.#watchers.get(room) ?? new Set();
    watchers.add(link);
    this.#watchers.set(room, watchers);
    // Before joining, which may wait for the connection: what is pending shows at once.
    const sends = await this.#outbox.pendingIn(room);
    if (sends.length > 0) this.#push(link, 'outbox:pending', { room, sends });
    const early = await this.#earlyJoins.take(room);
    if (early) return this.#settleJoin(this.#connection.socket, room, early);
    return this.#request((socket) => this.#join(socket, room));
  }

  /** A room joined early that no panel came to watch: left, and the socket with it if no panel is open. */
  #leaveUnclaimed(room: RoomKey): void {
    if (!this.#watchers.has(room)) this.#connection.socket?.emit(ClientEvent.RoomLeave, { room }, () => undefined);
    if (this.#links.size === 0) this.#connection.closeSoon();
  }

  #unwatch(link: PanelLink, room: RoomKey): void {
    const watchers = this.#watchers.get(room);
    if (!watchers?.delete(link) || watchers.size > 0) return;
    this.#watchers.delete(room);
    this.#joined.delete(room);
    this.#joinRetries.cancel(room);
    this.#connection.socket?.emit(ClientEvent.RoomLeave, { room }, () => undefined);
  }

  /**
   * Joins a watched room on this connection (idempotent on the server: a room already joined
   * just answers its snapshot); once joined, the sends held for it go.
   */
  async #join(socket: RelaySocket, room: RoomKey): Promise<RoomJoinAnswer> {
    if (!this.#watchers.has(room)) return failure('not_joined', 'no panel watches this room any more');
    // An answer arrives only on the connection it was asked on: a drop rejects it instead.
    return this.#settleJoin(socket, room, await ask(socket, this.#requestTimeoutMs, ClientEvent.RoomJoin, { room }));
  }

  /**
   * A join's answer, taken: with a panel watching, the room is joined and the sends held for it
   * go; if its last panel stopped watching while the join was on its way, the room is left at
   * once, since the unwatch's leave may have gone out before the join did. A join refused for a
   * budget is asked again after the relay's wait.
   */
  #settleJoin(socket: RelaySocket | null, room: RoomKey, answer: RoomJoinAnswer): RoomJoinAnswer {
    if (!answer.ok) {
      const { code, retryAfterMs } = answer.error;
      if (code === 'rate_limited' && this.#watchers.has(room)) this.#joinRetries.schedule(room, retryAfterMs);
      return answer;
    }
    if (this.#watchers.has(room)) {
      this.#joined.add(room);
      this.#outbox.roomReady(room);
    } else {
      socket?.emit(ClientEvent.RoomLeave, { room }, () => undefined);
    }
    return answer;
  }

  /** Joins a room again and gives its panels the fresh snapshot, so they resync. */
  async #rejoinRoom(socket: RelaySocket, room: RoomKey): Promise<RoomJoinAnswer> {
    const snapshot = await this.#join(socket, room);
    for (const link of this.#watchers.get(room) ?? []) this.#push(link, 'room:snapshot', { room, snapshot });
    return snapshot;
  }

  /**
   * After a reconnect the server may have forgotten this connection's rooms: join them again.
   * Even when Socket.IO recovered the session (`socket.recovered`, rooms kept and missed events
   * replayed), which is a fast path the server does not promise: then the join is a cheap
   * snapshot, and the panels resync through `room:history` either way.
   */
  async #rejoin(socket: RelaySocket): Promise<void> {
    await Promise.all([...this.#watchers.keys()].map((room) => this.#rejoinRoom(socket, room)));
  }

  /** One attempt of an outbox entry on the connected socket. */
  async #sendNow(send: PendingSend): Promise<SendOutcome> {
    const socket = this.#connection.socket;
    if (!socket) return unavailable();
    const answer = await sendPending(socket, this.#requestTimeoutMs, send);
    if (answer.ok || answer.error.code !== 'not_joined') return answer;
    // The server lost our membership after we joined (it restarted in between): join again
    // once; if that is refused too, the send fails with the server's reason.
    this.#joined.delete(send.room);
    if (!this.#watchers.has(send.room)) return unavailable();
    const joined = await this.#rejoinRoom(socket, send.room);
    return joined.ok ? sendPending(socket, this.#requestTimeoutMs, send) : answer;
  }

  /**
   * The server accepted a send: the panels that asked get it in their answer; every other
   * panel of the room gets it here, because the server does not echo to the sending connection.
   */
  #accepted(message: ChatMessage | DirectMessage, askers: ReadonlySet<PanelLink>): void {
    if ('to' in message) {
      void this.options.dmArchive.keep(message);
      this.#pushToRoom(message.room, 'dm:new', message, askers);
    } else {
      this.#pushToRoom(message.room, 'message:new', message, askers);
    }
  }

  #route(socket: RelaySocket): void {
    socket.on('disconnect', () => {
      this.#joined.clear();
      this.#joinRetries.clear();
      this.#earlyJoins.reset();
    });
    socket.on(ServerEvent.MessageNew, (message: ChatMessage) => {
      this.#earlyJoins.touched(message.room);
      this.#pushToRoom(message.room, 'message:new', message);
    });
    socket.on(ServerEvent.DmNew, (message: DirectMessage) => {
      void this.options.dmArchive.keep(message);
      this.#pushToRoom(message.room, 'dm:new', message);
    });
    socket.on(ServerEvent.PresenceUpdate, (update) => {
      this.#earlyJoins.touched(update.room);
      this.#pushToRoom(update.room, 'presence:update', update);
    });
    socket.on(ServerEvent.Typing, (event) => this.#pushToRoom(event.room, 'typing', event));
  }

  #push<T extends keyof HubPushes>(link: PanelLink, type: T, payload: HubPushes[T]): void {
    link.send({ kind: 'push', type, payload } as never);
  }

  /** Pushes to the panels watching `room`, except those in `except` (the ones that caused it). */
  #pushToRoom<T extends keyof HubPushes>(
    room: RoomKey,
    type: T,
    payload: HubPushes[T],
    except: ReadonlySet<PanelLink> = new Set(),
  ): void {
    for (const link of this.#watchers.get(room) ?? []) if (!except.has(link)) this.#push(link, type, payload);
  }

  #broadcast<T extends keyof HubPushes>(type: T, payload: HubPushes[T]): void {
    for (const link of this.#links) this.#push(link, type, payload);
  }
}
