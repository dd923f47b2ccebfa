import type { Member, RoomKey, UserId } from '../../protocol/index.ts';
import type { JoinOutcome, LeaveOutcome, PresenceStore } from './types.ts';

interface Presence {
  name: string;
  key?: string;
  connections: Set<string>;
}

/** Who is in which room, on this process only: the embedded single-machine default. */
export class MemoryPresenceStore implements PresenceStore {
  readonly #rooms = new Map<RoomKey, Map<UserId, Presence>>();
  readonly #roomsOfUser = new Map<UserId, Set<RoomKey>>();

  async join(room: RoomKey, member: Member, connectionId: string, maxMembers: number): Promise<JoinOutcome> {
    const users = this.#rooms.get(room) ?? new Map<UserId, Presence>();
    const existing = users.get(member.id);
    if (!existing && users.size >= maxMembers) return { status: 'full', memberCount: users.size };
    this.#rooms.set(room, users);
    if (existing) {
      existing.connections.add(connectionId);
      const renamed = existing.name !== member.name || (member.key !== undefined && existing.key !== member.key);
      existing.name = member.name;
      if (member.key !== undefined) existing.key = member.key;
      return { status: 'joined', first: false, renamed, memberCount: users.size };
    }
    users.set(member.id, {
      name: member.name,
      ...(member.key === undefined ? {} : { key: member.key }),
      connections: new Set([connectionId]),
    });
    const rooms = this.#roomsOfUser.get(member.id) ?? new Set<RoomKey>();
    rooms.add(room);
    this.#roomsOfUser.set(member.id, rooms);
    return { status: 'joined', first: true, renamed: false, memberCount: users.size };
  }

  async leave(room: RoomKey, userId: UserId, connectionId: string): Promise<LeaveOutcome> {
    const users = this.#rooms.get(room);
    const presence = users?.get(userId);
    if (!users || !presence || !presence.connections.delete(connectionId)) {
      return { last: false, memberCount: users?.size ?? 0 };
    }
    if (presence.connections.size > 0) return { last: false, memberCount: users.size };
    users.delete(userId);
    if (users.size === 0) this.#rooms.delete(room);
    const rooms = this.#roomsOfUser.get(userId);
    rooms?.delete(room);
    if (rooms?.size === 0) this.#roomsOfUser.delete(userId);
    return { last: true, memberCount: users.size };
  }

  async members(room: RoomKey, limit: number): Promise<{ members: Member[]; memberCount: number }> {
    const users = this.#rooms.get(room);
    if (!users) return { members: [], memberCount: 0 };
    const members: Member[] = [];
    for (const [id, { name, key }] of users) {
      if (members.length === limit) break;
      members.push(key === undefined ? { id, name } : { id, name, key });
    }
    return { members, memberCount: users.size };
  }

  async isMember(room: RoomKey, userId: UserId): Promise<boolean> {
    return this.#rooms.get(room)?.has(userId) ?? false;
  }

  async rename(member: Member): Promise<Array<{ room: RoomKey; memberCount: number }>> {
    const renamed: Array<{ room: RoomKey; memberCount: number }> = [];
    for (const room of this.#roomsOfUser.get(member.id) ?? []) {
      const users = this.#rooms.get(room);
      const presence = users?.get(member.id);
      if (!users || !presence) continue;
      presence.name = member.name;
      renamed.push({ room, memberCount: users.size });
    }
    return renamed;
  }
}
