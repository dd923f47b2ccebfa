import type { Failure, RoomKey } from '../../protocol/index.ts';
import type { StoredMessage } from '../chat/stored-message.ts';
import { pageOf, recentOf } from './history-lanes.ts';
import type { Change, HistoryLane, HistoryLimits, HistoryPage, HistoryQuery, HistoryStore } from './types.ts';

type Room = Record<HistoryLane, StoredMessage[]>;

/** Where `id` is in the id-ordered `messages`, or -1. */
function indexOf(messages: StoredMessage[], id: string): number {
  let [low, high] = [0, messages.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((messages[middle]?.id ?? '') < id) low = middle + 1;
    else high = middle;
  }
  return messages[low]?.id === id ? low : -1;
}

const holds = (messages: StoredMessage[], id: string): boolean => indexOf(messages, id) >= 0;

/**
 * Puts `message` where its id belongs. Nearly every message is the newest, so the search
 * starts from the end; an older one is a retried send being resumed.
 */
function insertInIdOrder(messages: StoredMessage[], message: StoredMessage): void {
  let at = messages.length;
  while (at > 0 && (messages[at - 1]?.id ?? '') > message.id) at--;
  messages.splice(at, 0, message);
}

/**
 * History kept in memory, capped per room and lane and in the number of rooms: a Map's
 * insertion order makes it an LRU, so the room that was quiet the longest is forgotten first.
 */
export class MemoryHistoryStore implements HistoryStore {
  readonly #rooms = new Map<RoomKey, Room>();

  constructor(private readonly limits: HistoryLimits) {}

  async append(message: StoredMessage, lane: HistoryLane = 'trusted'): Promise<void> {
    const keep = lane === 'trusted' ? this.limits.perRoom : this.limits.newcomerPerRoom;
    if (keep === 0) return;
    const room = this.#rooms.get(message.room) ?? { trusted: [], newcomer: [] };
    this.#rooms.delete(message.room);
    this.#rooms.set(message.room, room);
    // A resumed send is appended again, perhaps in the other lane if its sender was trusted meanwhile.
    if (holds(room.trusted, message.id) || holds(room.newcomer, message.id)) return;
    const messages = room[lane];
    insertInIdOrder(messages, message);
    if (messages.length > keep) messages.splice(0, messages.length - keep);
    if (this.#rooms.size > this.limits.maxRooms) {
      const oldest = this.#rooms.keys().next().value;
      if (oldest !== undefined) this.#rooms.delete(oldest);
    }
  }

  async find(room: RoomKey, id: string): Promise<StoredMessage | null> {
    const lanes = this.#rooms.get(room);
    if (!lanes) return null;
    for (const messages of [lanes.trusted, lanes.newcomer]) {
      const at = indexOf(messages, id);
      if (at >= 0) return messages[at] ?? null;
    }
    return null;
  }

  async update(room: RoomKey, id: string, change: Change): Promise<StoredMessage | Failure | null> {
    const lanes = this.#rooms.get(room);
    if (!lanes) return null;
    for (const messages of [lanes.trusted, lanes.newcomer]) {
      const at = indexOf(messages, id);
      const current = messages[at];
      if (current === undefined) continue;
      const next = change(current);
      if ('id' in next) messages[at] = next;
      return next;
    }
    return null;
  }

  async recent(room: RoomKey, limit: number): Promise<StoredMessage[]> {
    const { trusted, newcomer } = this.#rooms.get(room) ?? { trusted: [], newcomer: [] };
    return recentOf(trusted, newcomer, limit);
  }

  async page(room: RoomKey, query: HistoryQuery): Promise<HistoryPage> {
    const { trusted, newcomer } = this.#rooms.get(room) ?? { trusted: [], newcomer: [] };
    const { before, after, limit } = query;
    const candidates = (messages: StoredMessage[]): StoredMessage[] => {
      if (after !== undefined) return messages.filter((message) => message.id > after).slice(0, limit + 1);
      const older = before === undefined ? messages : messages.filter((message) => message.id < before);
      return older.slice(-(limit + 1));
    };
    return pageOf(candidates(trusted), candidates(newcomer), query);
  }
}
