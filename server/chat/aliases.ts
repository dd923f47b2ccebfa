/**
 * Ids per room (issue #15, docs/protocol.md "Ids per room"): the id other people see for a
 * person is specific to the room, so presence in two rooms cannot be joined up. Inside, the
 * relay keeps working with the person's own id (`socket.data.user.id`); this module is the
 * edge: `of` turns a person into the id shown in a room, on everything that goes out, and
 * `personIn` / `people` turn an id a client sends back into the person.
 */
import { createHmac } from 'node:crypto';
import type { Member, RoomKey, UserId } from '../../protocol/index.ts';
import { StoreUnavailableError, type AliasOwner, type AliasStore } from '../stores/types.ts';

/** 22 base64url characters (132 bits) of HMAC-SHA256(id secret, person + '\n' + room). */
export function aliasOf(secret: Buffer, person: UserId, room: RoomKey): UserId {
  return createHmac('sha256', secret).update(`${person}\n${room}`).digest('base64url').slice(0, 22);
}

/** How often one id is written to the store again at most: a join renews it, but not every join needs to. */
const RENEW_MS = 3_600_000;
/** Ids this process remembers having renewed lately; past it the oldest is forgotten (and renewed again). */
const RENEWED_MAX = 100_000;

export function createAliases(store: AliasStore, now: () => number) {
  let secret: Buffer | null = null;
  let loading: Promise<void> | null = null;
  const renewed = new Map<UserId, number>();

  /** Reads the id secret once; a failed read is tried again by the next caller. */
  function load(): Promise<void> {
    if (secret !== null) return Promise.resolve();
    loading ??= store.idSecret().then(
      (value) => {
        secret = Buffer.from(value, 'base64url');
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  }

  /** The id `person` has in `room`. Every connection's handshake loaded the secret first. */
  function of(person: UserId, room: RoomKey): UserId {
    if (secret === null) throw new StoreUnavailableError('the id secret is not loaded yet');
    return aliasOf(secret, person, room);
  }

  /** `member` as the people of `room` see it: everything it says (a name, a key) under the id of that room. */
  const memberIn = (member: Member, room: RoomKey): Member => ({ ...member, id: of(member.id, room) });

  /** Keeps whose `person`'s id in `room` is, so it can be mapped back; answers that id. */
  async function remember(person: UserId, room: RoomKey): Promise<UserId> {
    const alias = of(person, room);
    const at = now();
    const last = renewed.get(alias);
    if (last !== undefined && at - last < RENEW_MS) return alias;
    await store.remember(alias, { person, room }, at);
    renewed.delete(alias);
    renewed.set(alias, at);
    if (renewed.size > RENEWED_MAX) renewed.delete(renewed.keys().next().value as UserId);
    return alias;
  }

  /** Whose each of `aliases` is, for those the relay still remembers. */
  const owners = (aliases: readonly UserId[]): Promise<Map<UserId, AliasOwner>> => store.owners(aliases, now());

  /** The person whose id in `room` is `alias`, or null: an id of another room names nobody here. */
  async function personIn(room: RoomKey, alias: UserId): Promise<UserId | null> {
    const owner = (await owners([alias])).get(alias);
    return owner !== undefined && owner.room === room ? owner.person : null;
  }

  /**
   * The people `ids` (of any rooms) stand for, in order and without repeats. An id the relay does
   * not know is kept as given: a list written before ids were per room names people directly.
   */
  async function people(ids: readonly UserId[]): Promise<UserId[]> {
    const found = await owners(ids);
    return [...new Set(ids.map((id) => found.get(id)?.person ?? id))];
  }

  return { load, of, memberIn, remember, owners, personIn, people };
}

export type Aliases = ReturnType<typeof createAliases>;
