/**
 * The room hub: multiplexes every open panel over the browser's one connection. A room is
 * joined once however many panels watch it, and left when the last one stops; server events
 * are routed to the panels of their room; after a reconnect every watched room is joined
 * again and its panels get a fresh snapshot. The socket only sends what the contract names:
 * room keys, names and texts, never a URL or a title.
 */
import {
  ClientEvent,
  failure,
  nameProblem,
  ServerEvent,
  type ChatMessage,
  type DirectMessage,
  type Failure,
  type RoomKey,
} from '../../protocol/index.ts';
import type {
  ConnectionState,
  HubPushes,
  PageContext,
  PanelRequests,
  PanelRequestType,
  PanelToHub,
  Profile,
} from '../messaging/panel-hub.ts';
import { Connection, type RelaySocket } from './connection.ts';
import type { PanelLink } from './panel-link.ts';

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
}

type Answer<T extends PanelRequestType> = PanelRequests[T]['answer'];

const unavailable = (): Failure => failure('unavailable', 'not connected to the samepage server; try again shortly');

export class Hub {
  readonly #links = new Set<PanelLink>();
  readonly #watchers = new Map<RoomKey, Set<PanelLink>>();
  readonly #connection: Connection;
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

  /** The content script reported where its tab is now. */
  pageChanged(tabId: number, context: PageContext): void {
    for (const link of this.#links) if (link.tabId === tabId) this.#push(link, 'page:context', context);
  }

  /** The display name changed outside a panel (options page). */
  async profileChanged(profile: Profile): Promise<void> {
    if (profile.name === this.#serverName) return;
    this.#serverName = profile.name;
    this.#broadcast('profile:update', profile);
    await this.#connection.socket
      ?.timeout(this.#requestTimeoutMs)
      .emitWithAck(ClientEvent.UserRename, { name: profile.name });
  }

  /** The server URL may have changed (options page). */
  serverChanged(): Promise<void> {
    return this.#connection.refresh();
  }

  dispose(): void {
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
      'message:send': async (request) => {
        const answer = await this.#request((socket) => socket.emitWithAck(ClientEvent.MessageSend, request));
        if (answer.ok) this.#pushToRoom(answer.message.room, 'message:new', answer.message, link);
        return answer;
      },
      'dm:send': async (request) => {
        const answer = await this.#request((socket) => socket.emitWithAck(ClientEvent.DmSend, request));
        if (answer.ok) this.#pushToRoom(answer.message.room, 'dm:new', answer.message, link);
        return answer;
      },
      'profile:rename': async ({ name }) => {
        const problem = nameProblem(name);
        if (problem) return failure('bad_request', problem);
        const profile = { name: name.trim(), named: true };
        const socket = this.#connection.socket;
        if (socket) {
          const answer = await socket
            .timeout(this.#requestTimeoutMs)
            .emitWithAck(ClientEvent.UserRename, { name: profile.name })
            .catch(unavailable);
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
    if (!socket) return unavailable();
    return send(socket.timeout(this.#requestTimeoutMs) as unknown as RelaySocket);
  }

  async #watch(link: PanelLink, room: RoomKey): Promise<Answer<'room:watch'>> {
    const watchers = this.#watchers.get(room) ?? new Set();
    watchers.add(link);
    this.#watchers.set(room, watchers);
    // Joining is idempotent on the server: a room already joined just answers its snapshot.
    return this.#request((socket) => socket.emitWithAck(ClientEvent.RoomJoin, { room }));
  }

  #unwatch(link: PanelLink, room: RoomKey): void {
    const watchers = this.#watchers.get(room);
    if (!watchers?.delete(link) || watchers.size > 0) return;
    this.#watchers.delete(room);
    this.#connection.socket?.emit(ClientEvent.RoomLeave, { room }, () => undefined);
  }

  /** After a reconnect the server has forgotten this connection's rooms: join them again. */
  async #rejoin(socket: RelaySocket): Promise<void> {
    await Promise.all(
      [...this.#watchers.keys()].map(async (room) => {
        const snapshot = await socket
          .timeout(this.#requestTimeoutMs)
          .emitWithAck(ClientEvent.RoomJoin, { room })
          .catch(unavailable);
        for (const link of this.#watchers.get(room) ?? []) this.#push(link, 'room:snapshot', { room, snapshot });
      }),
    );
  }

  #route(socket: RelaySocket): void {
    socket.on(ServerEvent.MessageNew, (message: ChatMessage) => this.#pushToRoom(message.room, 'message:new', message));
    socket.on(ServerEvent.DmNew, (message: DirectMessage) => this.#pushToRoom(message.room, 'dm:new', message));
    socket.on(ServerEvent.PresenceUpdate, (update) => this.#pushToRoom(update.room, 'presence:update', update));
    socket.on(ServerEvent.Typing, (event) => this.#pushToRoom(event.room, 'typing', event));
  }

  #push<T extends keyof HubPushes>(link: PanelLink, type: T, payload: HubPushes[T]): void {
    link.send({ kind: 'push', type, payload } as never);
  }

  /** Pushes to the panels watching `room`, except `except` (the panel that caused it). */
  #pushToRoom<T extends keyof HubPushes>(room: RoomKey, type: T, payload: HubPushes[T], except?: PanelLink): void {
    for (const link of this.#watchers.get(room) ?? []) if (link !== except) this.#push(link, type, payload);
  }

  #broadcast<T extends keyof HubPushes>(type: T, payload: HubPushes[T]): void {
    for (const link of this.#links) this.#push(link, type, payload);
  }
}
