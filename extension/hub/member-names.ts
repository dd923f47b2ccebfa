/**
 * The names of the people the hub has seen lately (in join answers, presence and messages), so
 * a conversation this person starts has the other one's name in the inbox: a DM on the wire
 * names its addressee by id only. Bounded: the oldest seen are forgotten first.
 */
import type { Member, UserId } from '../../protocol/index.ts';

export const MEMBER_NAMES_MAX = 500;

export class MemberNames {
  readonly #names = new Map<UserId, string>();

  constructor(private readonly max = MEMBER_NAMES_MAX) {}

  remember(member: Member): void {
    this.#names.delete(member.id);
    this.#names.set(member.id, member.name);
    if (this.#names.size <= this.max) return;
    const oldest = this.#names.keys().next().value;
    if (oldest !== undefined) this.#names.delete(oldest);
  }

  nameOf(id: UserId): string | undefined {
    return this.#names.get(id);
  }
}
