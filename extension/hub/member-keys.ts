/**
 * The people the hub has seen lately in each room, with the public key each published there
 * (issue #15: `Member.key` in join answers and presence, `from.key` on their sealed DMs), so a
 * DM to someone is sealed to the key they use in that room, and someone seen without a key is
 * known to run a samepage too old to open sealed DMs. Bounded: the oldest seen go first.
 */
import type { Member, RoomKey, UserId } from '../../protocol/index.ts';

export const MEMBER_KEYS_MAX = 1000;

export class MemberKeys {
  readonly #seen = new Map<string, Member>();

  constructor(private readonly max = MEMBER_KEYS_MAX) {}

  remember(room: RoomKey, member: Member): void {
    const id = `${room}\n${member.id}`;
    this.#seen.delete(id);
    this.#seen.set(id, member);
    if (this.#seen.size <= this.max) return;
    const oldest = this.#seen.keys().next().value;
    if (oldest !== undefined) this.#seen.delete(oldest);
  }

  /** The person `id` as last seen in `room`, with their key if they published one. */
  get(room: RoomKey, id: UserId): Member | undefined {
    return this.#seen.get(`${room}\n${id}`);
  }
}
