/**
 * Tells the relay what it enforces for this person's DMs (issue #14, `privacy:set`): the ids
 * they blocked, who may DM them (the `dmPolicy` setting) and the people they wrote to. The
 * payload is kept ready in memory, so a new connection sends it synchronously, before the
 * rejoins and held sends that follow on the same socket (Socket.IO keeps emit order): no DM
 * from a blocked person slips through the first moments of a connection. A change of the
 * lists or the setting is sent again, debounced; a refusal for the budget waits the relay's
 * retryAfterMs. Only ids and the setting travel, never a name.
 */
import { browser } from 'wxt/browser';
import { BLOCKED_MAX, ClientEvent, type DmPolicy, type PrivacySetRequest, type UserId } from '../../protocol/index.ts';
import { readStored, StorageKeys } from '../lib/storage-keys.ts';
import type { RelaySocket } from './connection.ts';
import { ask } from './relay-requests.ts';
import { retryAfter } from './retry-after.ts';
import type { SafetyView } from './safety-view.ts';

export interface PrivacySyncOptions {
  safety: SafetyView;
  /** The socket while it is connected. */
  socket(): RelaySocket | null;
  requestTimeoutMs: number;
  /** How long changes gather before one `privacy:set` (default 300 ms). */
  debounceMs?: number;
  /** The people this person wrote to (contacts.ts, given this person's ids); a seam for tests. */
  contacts(): Promise<UserId[]>;
}

export class PrivacySync {
  #policy: DmPolicy = 'everyone';
  #contacts: UserId[] = [];
  /** What the relay accepted last on this connection, as JSON; null: nothing yet. */
  #accepted: string | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #stopWatching: () => void;
  readonly #stopSafety: () => void;
  readonly ready: Promise<void>;
  #loaded = false;

  constructor(private readonly options: PrivacySyncOptions) {
    const listener = (changes: Record<string, unknown>, area: string): void => {
      if (area === 'local' && StorageKeys.dmPolicy in changes) void this.#readPolicy().then(() => this.changed());
    };
    browser.storage.onChanged.addListener(listener);
    this.#stopWatching = () => browser.storage.onChanged.removeListener(listener);
    this.#stopSafety = options.safety.onChange(() => this.changed());
    this.ready = Promise.all([this.#readPolicy(), options.safety.ready]).then(() => {
      this.#loaded = true;
    });
  }

  /** The payload as it stands. */
  get payload(): PrivacySetRequest {
    return {
      blocked: this.options.safety.blocked.slice(-BLOCKED_MAX),
      dms: this.#policy,
      contacts: this.#contacts,
    };
  }

  /**
   * A new connection: the relay hears the settings first. Before they were read (a worker just
   * started), they go as soon as they are: an empty list sent meanwhile would lift every block.
   */
  connected(socket: RelaySocket): void {
    this.#accepted = null;
    if (this.#loaded) void this.#send(socket);
    else void this.ready.then(() => this.#send(socket));
  }

  /** The relay told this person one of their ids: their contacts are read again, and sent if they differ. */
  identified(): void {
    void this.#refreshContacts();
  }

  /** A DM this person wrote was accepted: a new contact, maybe. */
  wrote(to: UserId): void {
    if (this.#contacts.includes(to)) return;
    void this.#refreshContacts();
  }

  /** Something changed: sent after the debounce, if it differs from what the relay holds. */
  changed(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const socket = this.options.socket();
      if (socket) void this.#send(socket);
    }, this.options.debounceMs ?? 300);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#stopWatching();
    this.#stopSafety();
  }

  async #send(socket: RelaySocket): Promise<void> {
    const payload = this.payload;
    const json = JSON.stringify(payload);
    if (json === this.#accepted) return;
    const answer = await ask(socket, this.options.requestTimeoutMs, ClientEvent.PrivacySet, payload);
    if (answer.ok) {
      if (socket === this.options.socket()) this.#accepted = json;
      return;
    }
    if (answer.error.code === 'rate_limited') {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => {
        const current = this.options.socket();
        if (current) void this.#send(current);
      }, retryAfter(answer.error.retryAfterMs));
    }
  }

  async #refreshContacts(): Promise<void> {
    const contacts = await this.options.contacts().catch(() => this.#contacts);
    if (contacts.join() === this.#contacts.join()) return;
    this.#contacts = contacts;
    this.changed();
  }

  async #readPolicy(): Promise<void> {
    this.#policy = (await readStored(StorageKeys.dmPolicy).catch(() => undefined)) ?? 'everyone';
  }
}
