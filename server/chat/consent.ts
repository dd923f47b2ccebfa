/**
 * Consent to DMs (issue #14, docs/protocol.md "Moderation and consent"): each person tells the
 * relay (`privacy:set`) whom it blocked and who may DM it, and the relay refuses a DM, a DM's
 * typing, and a DM action in `dm:status`, that those settings refuse. The refusal never says
 * which rule applied, so a blocked person cannot tell a block from a setting.
 */
import { ClientEvent, failure, type Failure, type UserId } from '../../protocol/index.ts';
import { PrivacySetRequest } from '../../protocol/schemas.ts';
import type { PrivacySettings } from '../stores/types.ts';
import { route } from './request.ts';
import type { ChatDeps } from './types.ts';

/** The one refusal of a DM its settings refuse; a v1 connection reads it as `not_here`. */
export const UNDELIVERABLE: Failure = failure('undeliverable', 'this message cannot be delivered');

export function consent({ stores, budgets, aliases, now }: Pick<ChatDeps, 'stores' | 'budgets' | 'aliases' | 'now'>) {
  /** Whether a DM from `from` (whose settings are `mine`) to `to` is refused. */
  async function refusedBy(mine: PrivacySettings | null, from: UserId, to: UserId): Promise<boolean> {
    if (mine?.blocked.includes(to)) return true;
    const theirs = await stores.moderation.privacyOf(to);
    if (theirs === null) return false;
    if (theirs.blocked.includes(from) || theirs.dms === 'nobody') return true;
    return theirs.dms === 'replied' && !theirs.contacts.includes(from);
  }

  /** Whether a DM from `from` to `to` is refused by either one's settings. */
  async function refuses(from: UserId, to: UserId): Promise<boolean> {
    return refusedBy(await stores.moderation.privacyOf(from), from, to);
  }

  /** Of `users`, those a DM from `from` would be refused to now. */
  async function closedAmong(from: UserId, users: readonly UserId[]): Promise<UserId[]> {
    if (users.length === 0) return [];
    const mine = await stores.moderation.privacyOf(from);
    const refused = await Promise.all(users.map((user) => refusedBy(mine, from, user)));
    return users.filter((_, index) => refused[index]);
  }

  const privacySet = route(
    ClientEvent.PrivacySet,
    PrivacySetRequest,
    async (socket, settings) => {
      if (socket.data.v < 2) return failure('bad_request', 'privacy:set is protocol v2: connect with auth.v 2');
      // The lists hold ids per room, of any rooms; the settings hold the people, so a block holds in every room.
      const [blocked, contacts] = await Promise.all([
        aliases.people(settings.blocked),
        aliases.people(settings.contacts),
      ]);
      await stores.moderation.setPrivacy(socket.data.user.id, { blocked, dms: settings.dms, contacts }, now());
      return { ok: true as const };
    },
    { limit: 'privacy', budget: budgets.privacy, what: 'privacy changes' },
  );

  return { refuses, closedAmong, routes: [privacySet] };
}

export type Consent = ReturnType<typeof consent>;
