/**
 * Test harness: the real server on port 0 and real socket.io-client connections over
 * websocket. No mocked sockets anywhere.
 */
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  ClientEvent,
  ServerEvent,
  type ClientToServerEvents,
  type ClientToServerEventsV2,
  type Member,
  type Message,
  type ServerToClientEvents,
  type SessionWelcome,
} from '../../protocol/index.ts';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import type { Stores } from '../stores/types.ts';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
/**
 * A protocol v2 connection. It listens for every push of the relay, v1's too, so a test can
 * check that a v2 connection is never pushed v1's shapes.
 */
export type ClientV2 = Socket<ServerToClientEvents, ClientToServerEventsV2>;
type AnyClient = Client | ClientV2;

export interface TestServer {
  url: string;
  config: Config;
  close(): Promise<void>;
}

/**
 * Every test connects from 127.0.0.1 with fresh tokens, so the per-address budgets and the
 * newcomer hold-back would meet every suite; they are off unless a test sets them (the tests of
 * those limits run them at their defaults). So is the automatic slow mode, which a suite filling
 * a room's history in a burst would set off (room-modes.test.ts runs it).
 */
export const TEST_DEFAULTS: Partial<Config> = {
  maxConnectionsPerIp: 0,
  newIdentitiesPerIp: 0,
  newcomerMinutes: 0,
  autoSlowModePerSecond: 0,
};

/** What a test may give the app besides its configuration and stores. */
export interface ServerExtras {
  /** The chat's clock: a test moves it (the edit window) instead of waiting. */
  now?: () => number;
}

export async function startServer(
  overrides: Partial<Config> = {},
  stores?: Stores,
  { now }: ServerExtras = {},
): Promise<TestServer> {
  const config: Config = {
    ...loadConfig({ STORAGE: 'memory' }),
    port: 0,
    logLevel: 'silent',
    ...TEST_DEFAULTS,
    ...overrides,
  };
  const app = await buildApp({ config, ...(stores ? { stores } : {}), ...(now ? { now } : {}), logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('server has no address');
  return { url: `http://127.0.0.1:${address.port}`, config, close: () => app.close() };
}

/**
 * One server for the tests of a file: started before them and closed after them, with every
 * connection the tests opened closed after each test. Read `url` and `config` inside tests.
 */
export function serverForFile(overrides: Partial<Config> = {}): Pick<TestServer, 'url' | 'config'> {
  let started: TestServer | undefined;
  const shared = { url: '', config: { ...loadConfig({ STORAGE: 'memory' }), ...TEST_DEFAULTS, ...overrides } };
  beforeAll(async () => {
    started = await startServer(overrides);
    Object.assign(shared, { url: started.url, config: started.config });
  });
  afterEach(disconnectAll);
  afterAll(() => started?.close());
  return shared;
}

/**
 * Servers that each test starts with its own settings or stores: closed, with every connection
 * the tests opened, after the test that started them.
 */
export function serversPerTest(): (
  overrides?: Partial<Config>,
  stores?: Stores,
  extras?: ServerExtras,
) => Promise<TestServer> {
  const started: TestServer[] = [];
  afterEach(async () => {
    disconnectAll();
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async (overrides, stores, extras) => {
    const server = await startServer(overrides, stores, extras);
    started.push(server);
    return server;
  };
}

export const newToken = (): string => randomBytes(24).toString('base64url');

/** A fresh room key (64 hex), so tests never share rooms by accident. */
export const newRoom = (): string => randomBytes(32).toString('hex');

export const newClientId = (): string => randomBytes(9).toString('base64url');

export interface ConnectOptions {
  token?: string;
  name?: string;
  /** The protocol version asked for in the handshake (1 unless said). */
  v?: 1 | 2 | 3;
  auth?: unknown;
  /** For https: the certificate authority to trust (the tests' own self-signed one). */
  ca?: string;
}

const open: Client[] = [];

/** Connects and waits for the handshake to succeed. */
export async function connect(url: string, options: ConnectOptions = {}): Promise<Client> {
  const socket = connecting(url, options);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Connects and joins `room`; answers the connection and the member it is in the room. */
export async function joined(
  url: string,
  room: string,
  options: ConnectOptions = {},
): Promise<{ socket: Client; self: Member }> {
  const socket = await connect(url, options);
  const answer = await socket.emitWithAck(ClientEvent.RoomJoin, { room });
  if (!answer.ok) throw new Error(`join refused: ${answer.error.code}: ${answer.error.message}`);
  return { socket, self: answer.self };
}

/** A v2 connection, admitted, with the `session:welcome` it was sent first. */
export async function connectV2(
  url: string,
  options: Omit<ConnectOptions, 'v'> = {},
  v: 2 | 3 = 2,
): Promise<{ socket: ClientV2; welcome: SessionWelcome }> {
  const socket = connecting(url, { ...options, v }) as unknown as ClientV2;
  const welcome = next(socket, ServerEvent.SessionWelcome);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, welcome: await welcome };
}

/** A v2 connection that joined `room`: the member it is and the history it was given. */
export async function joinedV2(
  url: string,
  room: string,
  options: Omit<ConnectOptions, 'v'> = {},
): Promise<{ socket: ClientV2; self: Member; history: Message[]; welcome: SessionWelcome }> {
  const { socket, welcome } = await connectV2(url, options);
  const answer = await socket.emitWithAck(ClientEvent.RoomJoin, { room });
  if (!answer.ok) throw new Error(`join refused: ${answer.error.code}: ${answer.error.message}`);
  return { socket, self: answer.self, history: answer.history, welcome };
}

/** A protocol v3 connection (issue #15), admitted, with its `session:welcome`. */
export const connectV3 = (
  url: string,
  options: Omit<ConnectOptions, 'v'> = {},
): Promise<{ socket: ClientV2; welcome: SessionWelcome }> => connectV2(url, options, 3);

/** A v3 connection that joined `room`, publishing `key` there when given. */
export async function joinedV3(
  url: string,
  room: string,
  options: Omit<ConnectOptions, 'v'> & { key?: string } = {},
): Promise<{ socket: ClientV2; self: Member; members: Member[]; welcome: SessionWelcome }> {
  const { key, ...connectOptions } = options;
  const { socket, welcome } = await connectV3(url, connectOptions);
  const answer = await socket.emitWithAck(ClientEvent.RoomJoin, { room, ...(key === undefined ? {} : { key }) });
  if (!answer.ok) throw new Error(`join refused: ${answer.error.code}: ${answer.error.message}`);
  return { socket, self: answer.self, members: answer.members, welcome };
}

/** What a connection attempt came to: admitted, refused with a `connect_error`, or closed first. */
export type Outcome =
  { kind: 'connected' } | { kind: 'refused'; message: string; data: unknown } | { kind: 'closed'; reason: string };

/** Waits until a connection attempt from `connecting` is admitted, refused or closed. */
export function outcome(socket: Client, timeoutMs = 2000): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`connection unsettled after ${timeoutMs} ms`)), timeoutMs);
    const settle = (result: Outcome): void => {
      clearTimeout(timer);
      resolve(result);
    };
    socket.once('connect', () => settle({ kind: 'connected' }));
    socket.once('connect_error', (error: Error & { data?: unknown }) =>
      settle({ kind: 'refused', message: error.message, data: error.data }),
    );
    socket.once('disconnect', (reason) => settle({ kind: 'closed', reason }));
  });
}

/** Waits for `socket` to be disconnected; answers the reason and Socket.IO's details. */
export function disconnection(socket: Client, timeoutMs = 2000): Promise<{ reason: string; details: unknown }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason, details) => {
      clearTimeout(timer);
      resolve({ reason, details });
    });
  });
}

/** Starts a connection without waiting; the caller watches `connect` / `connect_error`. */
export function connecting(
  url: string,
  { token = newToken(), name = 'Tester', v = 1, auth, ca }: ConnectOptions = {},
): Client {
  const socket: Client = io(url, {
    ...(ca ? { ca } : {}),
    transports: ['websocket'],
    auth: (auth ?? { v, token, name }) as Record<string, unknown>,
    reconnection: false,
    forceNew: true,
  });
  open.push(socket);
  return socket;
}

export function disconnectAll(): void {
  for (const socket of open.splice(0)) socket.disconnect();
}

/** Waits for the next `event` (optionally one that `match`es) on `socket`. */
export function next<E extends keyof ServerToClientEvents>(
  socket: AnyClient,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 2000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]): void => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/** Records every `event` payload that reaches `socket` from now on. */
export function record<E extends keyof ServerToClientEvents>(
  socket: AnyClient,
  event: E,
): Array<Parameters<ServerToClientEvents[E]>[0]> {
  const seen: Array<Parameters<ServerToClientEvents[E]>[0]> = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

/** Emits a request with any arguments (the server must cope with anything) and awaits its ack. */
export function raw(socket: AnyClient, event: string, ...args: unknown[]): Promise<unknown> {
  return rawWithin(2000, socket, event, ...args);
}

/** `raw` with its own deadline; rejects when no ack comes within `timeoutMs`. */
export function rawWithin(timeoutMs: number, socket: AnyClient, event: string, ...args: unknown[]): Promise<unknown> {
  return (socket as unknown as Socket).timeout(timeoutMs).emitWithAck(event, ...args);
}

/** Emits anything without an ack callback: what a careless or hostile client may send. */
export function rawEmit(socket: AnyClient, event: string, ...args: unknown[]): void {
  (socket as unknown as Socket).emit(event, ...args);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Answers `server` once it has reached its Redis: a node's stores fail fast until then, and
 * `/healthz` says when they stop.
 */
export async function reachedRedis<S extends { url: string }>(server: S, timeoutMs = 10_000): Promise<S> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fetch(`${server.url}/healthz`)).ok) {
    if (Date.now() > deadline) throw new Error(`${server.url} did not reach Redis in ${timeoutMs} ms`);
    await sleep(50);
  }
  return server;
}
