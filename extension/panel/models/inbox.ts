/**
 * The person's conversations as the hub keeps them (issue #13): the hub is their one writer
 * (it sees every DM, with a panel open or not) and pushes the whole list, newest first, as a
 * panel attaches and on each change. The panel only reads it and says what was seen.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { RoomKey, UserId } from '../../../protocol/index.ts';
import type { Conversation } from '../../lib/domain.ts';
import type { HubClient } from '../hub-client.ts';

export interface InboxModel {
  /** Newest first, message requests too; empty until the hub's first push. */
  readonly conversations: ReadonlySignal<readonly Conversation[]>;
  /** Issue #14: the message requests alone, newest first. */
  readonly requests: ReadonlySignal<readonly Conversation[]>;
  /** The accepted conversations alone, newest first. */
  readonly accepted: ReadonlySignal<readonly Conversation[]>;
  /** How many accepted conversations have something unread (requests wait quietly). */
  readonly unreadConversations: ReadonlySignal<number>;
  /** Unread messages across every accepted conversation. */
  readonly unreadMessages: ReadonlySignal<number>;
  /** The conversation of this room with this person, when there is one. */
  find(room: RoomKey, peer: UserId): Conversation | undefined;
  byKey(key: string): Conversation | undefined;
  /** Tells the hub this conversation was seen: its unread count goes to 0 everywhere. */
  markRead(key: string): void;
  /** Issue #14: the request becomes a conversation. */
  accept(key: string): Promise<void>;
  /** Issue #14: the request and its messages go from this device; the sender is told nothing. */
  decline(key: string): Promise<void>;
  dispose(): void;
}

/** The DM archive's key of a conversation: `room:a:b`, the two user ids in order (hub/dm-archive.ts). */
export function conversationKey(room: RoomKey, one: UserId, other: UserId): string {
  return `${room}:${[one, other].sort().join(':')}`;
}

/** This person's own id in a conversation: the one of the key's two ids that is not the peer. */
export function selfIn(conversation: Pick<Conversation, 'key' | 'room' | 'peer'>): UserId | null {
  const ids = conversation.key.slice(conversation.room.length + 1).split(':');
  const self = ids.find((id) => id !== conversation.peer.id);
  return ids.length === 2 && self !== undefined ? self : null;
}

export function createInboxModel(hub: HubClient): InboxModel {
  const conversations = signal<readonly Conversation[]>([]);
  const index = computed(() => new Map(conversations.value.map((conversation) => [conversation.key, conversation])));
  // A read under way: asking again before its answer would only repeat it.
  const reading = new Set<string>();

  const stop = hub.on('inbox:update', (update) => {
    conversations.value = update.conversations;
  });

  const requests = computed(() => conversations.value.filter((conversation) => conversation.request === true));
  const accepted = computed(() => conversations.value.filter((conversation) => conversation.request !== true));

  return {
    conversations,
    requests,
    accepted,
    unreadConversations: computed(() => accepted.value.filter((conversation) => conversation.unread > 0).length),
    unreadMessages: computed(() => accepted.value.reduce((sum, conversation) => sum + conversation.unread, 0)),
    find: (room, peer) =>
      conversations.value.find((conversation) => conversation.room === room && conversation.peer.id === peer),
    byKey: (key) => index.value.get(key),
    markRead(key) {
      if (reading.has(key)) return;
      reading.add(key);
      void hub.request('inbox:read', { key }).finally(() => reading.delete(key));
    },
    async accept(key) {
      await hub.request('inbox:accept', { key });
    },
    async decline(key) {
      await hub.request('inbox:decline', { key });
    },
    dispose: stop,
  };
}
