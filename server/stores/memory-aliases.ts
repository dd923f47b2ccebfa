import { randomBytes } from 'node:crypto';
import type { RoomKey, UserId } from '../../protocol/index.ts';
import { ALIAS_RETENTION_MS, ALIASES_PER_PERSON, type AliasOwner, type AliasStore } from './types.ts';

interface Entry extends AliasOwner {
  usedAt: number;
}

/** Ids per room remembered at most: about 200 MB; past it the one unused longest is forgotten. */
const MAX_ALIASES = 1_000_000;

/**
 * Ids per room in this process, with a secret of its own: one process is one relay, and its
 * ids change when it restarts (with nothing else kept, nothing else would match them). The map,
 * and each person's own ids, are kept in the order entries were last used, so the ones to
 * forget are always at their front.
 */
export class MemoryAliasStore implements AliasStore {
  readonly #secret = randomBytes(32).toString('base64url');
  readonly #entries = new Map<UserId, Entry>();
  readonly #ofPerson = new Map<UserId, Set<UserId>>();

  constructor(
    private readonly maxAliases = MAX_ALIASES,
    private readonly perPerson = ALIASES_PER_PERSON,
    private readonly retentionMs = ALIAS_RETENTION_MS,
  ) {}

  async idSecret(): Promise<string> {
    return this.#secret;
  }

  async remember(alias: UserId, { person, room }: AliasOwner, now: number): Promise<void> {
    this.#use(alias, { person, room, usedAt: now });
    const own = this.#ofPerson.get(person);
    while (own !== undefined && own.size > this.perPerson) this.#forget(own.values().next().value as UserId);
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.maxAliases && now - entry.usedAt <= this.retentionMs) return;
      this.#forget(oldest);
    }
  }

  async owners(aliases: readonly UserId[], now: number): Promise<Map<UserId, AliasOwner>> {
    const found = new Map<UserId, AliasOwner>();
    for (const alias of aliases) {
      const entry = this.#entries.get(alias);
      if (entry === undefined) continue;
      if (now - entry.usedAt > this.retentionMs) {
        this.#forget(alias);
        continue;
      }
      this.#use(alias, { ...entry, usedAt: now });
      found.set(alias, ownerOf(entry));
    }
    return found;
  }

  /** How many entries are held: a test's window onto the bound. */
  get size(): number {
    return this.#entries.size;
  }

  #use(alias: UserId, entry: Entry): void {
    this.#entries.delete(alias);
    this.#entries.set(alias, entry);
    const own = this.#ofPerson.get(entry.person) ?? new Set<UserId>();
    own.delete(alias);
    own.add(alias);
    this.#ofPerson.set(entry.person, own);
  }

  #forget(alias: UserId): void {
    const entry = this.#entries.get(alias);
    if (entry === undefined) return;
    this.#entries.delete(alias);
    const own = this.#ofPerson.get(entry.person);
    own?.delete(alias);
    if (own?.size === 0) this.#ofPerson.delete(entry.person);
  }
}

const ownerOf = ({ person, room }: { person: UserId; room: RoomKey }): AliasOwner => ({ person, room });
