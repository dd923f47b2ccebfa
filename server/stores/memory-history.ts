import type { ChatMessage, RoomKey } from '../../protocol/index.ts';
import type { HistoryPage, HistoryQuery, HistoryStore } from './types.ts';

/**
 * Puts `message` where its id belongs, unless that id is there. Nearly every message is the
 * newest, so the search starts from the end; an older one is a retried send being resumed.
 */
function insertInIdOrder(messages: ChatMessage[], message: ChatMessage): void {
  let at = messages.length;
  while (at > 0 && (messages[at - 1]?.id ?? '') > message.id) at--;
  if (messages[at - 1]?.id === message.id) return;
  messages.splice(at, 0, message);
}

/**
 * History kept in memory, capped per room and in the number of rooms: a Map's insertion
 * order makes it an LRU, so the room that was quiet the longest is forgotten first.
 */
export class MemoryHistoryStore implements HistoryStore {
  readonly #rooms = new Map<RoomKey, ChatMessage[]>();

  constructor(
    private readonly perRoom: number,
    private readonly maxRooms: number,
  ) {}

  async append(message: ChatMessage): Promise<void> {
    const messages = this.#rooms.get(message.room) ?? [];
    this.#rooms.delete(message.room);
    this.#rooms.set(message.room, messages);
    insertInIdOrder(messages, message);
    if (messages.length > this.perRoom) messages.splice(0, messages.length - this.perRoom);
    if (this.#rooms.size > this.maxRooms) {
      const oldest = this.#rooms.keys().next().value;
      if (oldest !== undefined) this.#rooms.delete(oldest);
    }
  }

  async recent(room: RoomKey, limit: number): Promise<ChatMessage[]> {
    const messages = this.#rooms.get(room) ?? [];
    return limit === 0 ? [] : messages.slice(-limit);
  }

  async page(room: RoomKey, { before, after, limit }: HistoryQuery): Promise<HistoryPage> {
    const messages = this.#rooms.get(room) ?? [];
    if (after !== undefined) {
      const newer = messages.filter((message) => message.id > after);
      return { messages: newer.slice(0, limit), hasMore: newer.length > limit };
    }
    const older = before === undefined ? messages : messages.filter((message) => message.id < before);
    return { messages: older.slice(Math.max(0, older.length - limit)), hasMore: older.length > limit };
  }
}
