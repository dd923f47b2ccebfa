/**
 * The display name, kept in `storage.local` and told to the relay. A panel's rename is checked
 * against the contract, asked of the relay when connected (a relay out of reach is fine: every
 * connection presents the saved name), saved, and shown to every panel. A name saved elsewhere
 * (the options page) comes back through storage and goes to the relay, unless it is the name
 * the relay already has, as our own renames are when they echo back.
 */
import { ClientEvent, failure, nameProblem, normalizeName } from '../../protocol/index.ts';
import type { Profile } from '../lib/domain.ts';
import type { PanelRequests } from '../messaging/panel-hub.ts';
import type { Connection } from './connection.ts';
import { ask } from './relay-requests.ts';

export interface ProfileNamesOptions {
  connection: Connection;
  requestTimeoutMs: number;
  saveProfile(profile: Profile): Promise<void>;
  /** Shows a profile to every open panel. */
  show(profile: Profile): void;
}

export class ProfileNames {
  /** The name the server knows, so that our own renames echoing back from storage are not repeated. */
  #serverName: string | undefined;

  constructor(private readonly options: ProfileNamesOptions) {}

  /** A panel's rename; refused only for a name the contract refuses. */
  async rename(name: string): Promise<PanelRequests['profile:rename']['answer']> {
    const problem = nameProblem(name);
    if (problem) return failure('bad_request', problem);
    const profile = { name: normalizeName(name), named: true };
    const socket = this.options.connection.socket;
    if (socket) {
      const answer = await ask(socket, this.options.requestTimeoutMs, ClientEvent.UserRename, { name: profile.name });
      // Unreachable is fine: every reconnection presents the saved name.
      if (!answer.ok && answer.error.code !== 'unavailable') return answer;
    }
    this.#serverName = profile.name;
    await this.options.saveProfile(profile);
    this.options.show(profile);
    return { ok: true, profile };
  }

  /** The profile in storage changed. */
  async changed(profile: Profile): Promise<void> {
    if (profile.name === this.#serverName) return;
    this.#serverName = profile.name;
    this.options.show(profile);
    const socket = this.options.connection.socket;
    if (socket) await ask(socket, this.options.requestTimeoutMs, ClientEvent.UserRename, { name: profile.name });
  }
}
