/**
 * The browser's one Socket.IO connection to the relay. Opened when the first panel needs it,
 * closed a little after the last one goes, reconnected with backoff in between, and
 * described to panels as a ConnectionState. A handshake the relay refuses for a budget
 * (`rate_limited`: too many connections or new identities from this network, issue #11) is
 * not retried by Socket.IO, so this connection tries again itself once the relay's wait is over.
 * A ban (issue #14: `session:banned` on a live connection, `banned` at the handshake) is waited
 * out the same way: one attempt when the relay says it ends, none before (Retry still works).
 */
import { io, type Socket } from 'socket.io-client';
import {
  isErrorCode,
  isLimitName,
  PROTOCOL_V3,
  ServerEvent,
  type ProtocolError,
  type ClientToServerEventsV2,
  type ServerToClientEventsV2,
} from '../../protocol/index.ts';
import { explainError } from '../lib/explain-error.ts';
import type { ConnectionState } from '../lib/domain.ts';
import { retryAfter } from './retry-after.ts';

/**
 * The hub speaks protocol v3 (issue #15): v2's one envelope for every kind of message (issue
 * #12), with DMs sealed end to end (sealing.ts).
 */
export type RelaySocket = Socket<ServerToClientEventsV2, ClientToServerEventsV2>;

export interface ConnectionOptions {
  /** Where to connect and who to be; read again on every (re)connection attempt. */
  credentials(): Promise<{ url: string; token: string; name: string }>;
  /** Called with each new socket so the hub can attach its event routing. */
  onSocket(socket: RelaySocket): void;
  /** Called on every connect, first or after a reconnect. */
  onConnect(socket: RelaySocket): void;
  onState(state: ConnectionState): void;
  /** How long the socket stays open after the last panel is gone. */
  lingerMs: number;
  /** Reconnection attempts shown as `reconnecting`; after them `offline`, still retrying (Retry: now). */
  maxAttempts: number;
}

const REFUSALS: Record<string, string> = {
  unsupported_version:
    'the server does not speak this version of samepage; update the extension, or ask the server’s operator to update it',
  bad_request: 'the server refused the connection',
};

export class Connection {
  #socket: RelaySocket | null = null;
  #url = '';
  #state: ConnectionState = { status: 'connecting' };
  #linger: ReturnType<typeof setTimeout> | undefined;
  /** The attempt scheduled after a handshake refused for a budget. */
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #waiters = new Set<() => void>();
  /** The ban the relay announced just before closing this connection. */
  #ban: ProtocolError | null = null;
  #opening: Promise<void> | null = null;

  constructor(private readonly options: ConnectionOptions) {}

  get state(): ConnectionState {
    return this.#state;
  }

  /** The connected socket, or null. */
  get socket(): RelaySocket | null {
    return this.#socket?.connected ? this.#socket : null;
  }

  /** Opens the socket if it is not open (and cancels a pending close). */
  async open(): Promise<void> {
    clearTimeout(this.#linger);
    if (this.#socket) return;
    this.#opening ??= this.#openWith().finally(() => (this.#opening = null));
    await this.#opening;
  }

  async #openWith(): Promise<void> {
    const { url } = await this.options.credentials();
    if (this.#socket) return;
    this.#url = url;
    const socket: RelaySocket = io(url, {
      transports: ['websocket'],
      // Never give up: a relay back after a long outage must find everyone coming back.
      reconnectionAttempts: Infinity,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      // A function, so that every reconnection presents the current name.
      auth: (callback) => {
        this.options.credentials().then(
          ({ token, name }) => callback({ v: PROTOCOL_V3, token, name }),
          () => callback({ v: PROTOCOL_V3 }),
        );
      },
    });
    this.#socket = socket;
    this.options.onSocket(socket);
    this.#setState({ status: 'connecting' });
    socket.on('connect', () => {
      this.#setState({ status: 'connected' });
      for (const wake of this.#waiters) wake();
      this.#waiters.clear();
      this.options.onConnect(socket);
    });
    socket.on(ServerEvent.SessionBanned, ({ message, retryAfterMs }) => {
      this.#ban = { code: 'banned', message, retryAfterMs };
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      const ban = this.#ban;
      this.#ban = null;
      if (reason === 'io server disconnect' && ban) return this.#waitOut(ban);
      // The server closed us on purpose (shutdown, deploy): Socket.IO will not retry by itself.
      if (reason === 'io server disconnect') socket.connect();
      this.#setState({ status: 'reconnecting', attempt: 0 });
    });
    socket.on('connect_error', (error) => {
      if (socket.active) return; // a transport error: the manager retries on its own
      const data = (error as { data?: unknown }).data;
      const limited = refusalWithWait(data);
      if (limited) return this.#waitOut(limited);
      const code = (data as { code?: unknown } | undefined)?.code;
      this.#setState({ status: 'offline', reason: isErrorCode(code) ? (REFUSALS[code] ?? code) : error.message });
    });
    socket.io.on('reconnect_attempt', (attempt) =>
      this.#setState(
        attempt > this.options.maxAttempts
          ? { status: 'offline', reason: 'the server cannot be reached; still trying every few seconds' }
          : { status: 'reconnecting', attempt },
      ),
    );
  }

  /** Offline until the relay's wait is over, then one attempt by itself. */
  #waitOut(refusal: ProtocolError): void {
    const waitMs = retryAfter(refusal.retryAfterMs);
    clearTimeout(this.#retryTimer);
    // A ban may last longer than a timer can wait: it then wakes early, is refused and waits again.
    this.#retryTimer = setTimeout(() => this.#reconnectNow(), Math.min(waitMs, MAX_TIMER_MS));
    this.#setState({
      status: 'offline',
      reason: explainError(refusal),
      limited: { error: refusal, retryAt: Date.now() + waitMs },
    });
  }

  /** Resolves once connected, or with false after `timeoutMs`. */
  async connected(timeoutMs: number): Promise<boolean> {
    if (this.socket) return true;
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(wake);
        resolve(false);
      }, timeoutMs);
      this.#waiters.add(wake);
    });
  }

  /** Tries now rather than at the end of the current back-off (the Retry button). */
  async retry(): Promise<void> {
    if (this.#socket && !this.#socket.connected) {
      this.#reconnectNow();
      return;
    }
    await this.open();
  }

  #reconnectNow(): void {
    clearTimeout(this.#retryTimer);
    if (!this.#socket) return;
    this.#setState({ status: 'connecting' });
    // While the manager waits out a back-off, connect() alone would wait with it.
    this.#socket.disconnect().connect();
  }

  /** Reconnects if the server URL changed (options page). */
  async refresh(): Promise<void> {
    // An open still reading its credentials may have read the address this change replaced.
    await this.#opening;
    if (!this.#socket) return;
    const { url } = await this.options.credentials();
    if (url === this.#url) return;
    this.#close();
    await this.open();
  }

  /** Closes after the linger time unless `open()` is called again before. */
  closeSoon(): void {
    clearTimeout(this.#linger);
    this.#linger = setTimeout(() => this.#close(), this.options.lingerMs);
  }

  #close(): void {
    clearTimeout(this.#linger);
    clearTimeout(this.#retryTimer);
    this.#socket?.disconnect();
    this.#socket = null;
  }

  dispose(): void {
    this.#close();
    this.#waiters.clear();
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    this.options.onState(state);
  }
}

/** The longest setTimeout delay (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The `data` of a handshake refused for a budget or a ban, as the contract gives it; null for anything else. */
function refusalWithWait(data: unknown): ProtocolError | null {
  if (typeof data !== 'object' || data === null) return null;
  const { code, message, retryAfterMs, limit } = data as Record<string, unknown>;
  if (code !== 'rate_limited' && code !== 'banned') return null;
  return {
    code,
    message: typeof message === 'string' ? message : '',
    ...(typeof retryAfterMs === 'number' && retryAfterMs >= 0 ? { retryAfterMs } : {}),
    ...(isLimitName(limit) ? { limit } : {}),
  };
}
