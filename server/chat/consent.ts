/**
 * Consent to DMs (issues #14 and #15, docs/protocol.md "Moderation and consent"): each person
 * tells the relay (`privacy:set`) whom it blocked and who may DM it, and the relay refuses, or
 * drops, a DM, a DM's typing, and a DM action in `dm:status`, that those settings refuse.
 *
 * What a sender is told depends only on things that are the same for every sender, or on the
 * sender's own choices, so answers to one asker about a person's ids in two rooms cannot link
 * them: their own block of the addressee, and the addressee's public setting (`nobody`, or
 * `replied` to someone whose id in the DM's room is not among their contacts), refuse openly;
 * the addressee's block of the sender does not show at all: the DM is taken and dropped
 * (messages.ts), as if read and ignored.
 */
import { ClientEvent, failure, type Failure, type RoomKey, type UserId } from '../../protocol/index.ts';
import { PrivacySetRequest } from '../../protocol/schemas.ts';
import type { PrivacySettings } from '../stores/types.ts';
import { route } from './request.ts';
import type { ChatDeps } from './types.ts';

/** The one refusal of a DM its settings refuse; a v1 connection reads it as `not_here`. */
export const UNDELIVERABLE: Failure = failure('undeliverable', 'this message cannot be delivered');

/**
 * What consent makes of a DM: `open`, it goes; `refused`, it is answered UNDELIVERABLE;
 * `dropped`, the addressee blocked its sender: answered as delivered, and delivered to nobody.
 */
export type Verdict = 'open' | 'refused' | 'dropped';

/** A DM's two people and the room it is in (the one its ids are of). */
export interface DmPair {
  from: UserId;
  to: UserId;
  room: RoomKey;
}

export function consent({ stores, budgets, aliases, now }: Pick<ChatDeps, 'stores' | 'budgets' | 'aliases' | 'now'>) {
  /** The verdict on a DM, given the sender's settings (`mine`). */
  async function verdictWith(mine: PrivacySettings | null, { from, to, room }: DmPair): Promise<Verdict> {
    if (mine?.blocked.includes(to)) return 'refused';
    const theirs = await stores.moderation.privacyOf(to);
    if (theirs === null) return 'open';
    if (theirs.dms === 'nobody') return 'refused';
    // Contacts are ids per room: someone written to in one room is a contact there only.
    if (theirs.dms === 'replied' && !theirs.contacts.includes(aliases.of(from, room))) return 'refused';
    return theirs.blocked.includes(from) ? 'dropped' : 'open';
  }

  /** The verdict on a DM from `from` to `to` in `room`. */
  async function verdict(pair: DmPair): Promise<Verdict> {
    return verdictWith(await stores.moderation.privacyOf(pair.from), pair);
  }

  /** Of the DMs `from` could send (each to a person in a room), those it is refused openly now. */
  async function closedAmong<T extends { person: UserId; room: RoomKey }>(
    from: UserId,
    asked: readonly T[],
  ): Promise<T[]> {
    if (asked.length === 0) return [];
    const mine = await stores.moderation.privacyOf(from);
    const verdicts = await Promise.all(asked.map(({ person, room }) => verdictWith(mine, { from, to: person, room })));
    return asked.filter((_, index) => verdicts[index] === 'refused');
  }

  const privacySet = route(
    ClientEvent.PrivacySet,
    PrivacySetRequest,
    async (socket, settings) => {
      if (socket.data.v < 2) return failure('bad_request', 'privacy:set is protocol v2: connect with auth.v 2');
      // Blocks name ids per room, of any rooms; the relay keeps the people, so a block holds in
      // every room. Contacts stay ids per room (the schema bounds them), so one holds in its room only.
      const blocked = await aliases.people(settings.blocked);
      await stores.moderation.setPrivacy(
        socket.data.user.id,
        { blocked, dms: settings.dms, contacts: settings.contacts },
        now(),
      );
      return { ok: true as const };
    },
    { limit: 'privacy', budget: budgets.privacy, what: 'privacy changes' },
  );

  return { verdict, closedAmong, routes: [privacySet] };
}

export type Consent = ReturnType<typeof consent>;
