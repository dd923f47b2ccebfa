/**
 * Direct messages with one member of the current room. Conversations are kept per room and
 * peer; the server keeps no DM history, so the hub keeps them on this device, and the panel
 * loads a room's conversations from it on entering the room (`dm:archive`). A DM we sent from
 * another panel shows up here too, through the hub. At most one conversation is open at a time.
 */
import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import {
  ServerEvent,
  type Bodies,
  type ChangeKind,
  type Envelope,
  type Member,
  type Message,
  type RoomKey,
  type UserId,
} from '../../../protocol/index.ts';
import { explainError } from '../../lib/explain-error.ts';
import type { HubClient } from '../hub-client.ts';
import { withCurrentNames } from './known-people.ts';
import { createMessageLog, type MessageLog, type OutboxEntry, type TextExtras } from './message-log.ts';
import type { RoomModel } from './room.ts';
import { createTypingSender, createTypingTracker } from './typing.ts';

export interface DmModel {
  /** The member of the open conversation, under their current name; null when none is open. */
  readonly peer: ReadonlySignal<Member | null>;
  /** True once the open conversation's peer is known to have left the room. */
  readonly peerLeft: ReadonlySignal<boolean>;
  readonly peerTyping: ReadonlySignal<boolean>;
  /** Each under its author's current name, as the room knows it. */
  readonly messages: ReadonlySignal<readonly Message[]>;
  /** Why the latest reaction, edit or delete was refused. */
  readonly problem: ReadonlySignal<string | null>;
  readonly outbox: ReadonlySignal<readonly OutboxEntry[]>;
  readonly draft: ReadonlySignal<string>;
  /** DMs received in the current room and not seen yet, by sender. */
  readonly unread: ReadonlySignal<ReadonlyMap<UserId, number>>;
  open(member: Member): void;
  close(): void;
  setDraft(text: string): void;
  send(extras?: TextExtras): boolean;
  change<K extends ChangeKind>(kind: K, body: Bodies[K]): Promise<boolean>;
  retry(clientId: string): void;
  discard(clientId: string): void;
  dispose(): void;
}

const conversationOf = (room: RoomKey, peer: UserId): string => `${room}/${peer}`;

export function createDmModel(hub: HubClient, room: RoomModel): DmModel {
  const open = signal<Member | null>(null);
  const unreadAll = signal<ReadonlyMap<string, number>>(new Map());
  const logs = new Map<string, MessageLog>();
  // Names of peers who may have left the member list, for "X has left this page".
  const lastNames = new Map<UserId, string>();
  const typingNow = createTypingTracker();
  const sendTyping = createTypingSender(hub);

  const roomKey = computed(() => room.room.value?.key ?? null);
  const nameOf = (peer: UserId): string | undefined => room.members.value.get(peer)?.name ?? lastNames.get(peer);

  function logOf(key: RoomKey, peer: UserId): MessageLog {
    const id = conversationOf(key, peer);
    let log = logs.get(id);
    if (!log) {
      log = createMessageLog(
        (post) => hub.request('message:post', { room: key, to: peer, ...post }),
        (error, kind) =>
          explainError(error, {
            kind,
            peerName: nameOf(peer),
            messagesPerMinute: room.newcomer.peek()?.messagesPerMinute,
          }),
        () => room.self.peek()?.id ?? null,
      );
      logs.set(id, log);
    }
    return log;
  }

  const peer = computed(() => {
    const member = open.value;
    return member ? (room.members.value.get(member.id) ?? member) : null;
  });
  const log = computed(() => (open.value && roomKey.value ? logOf(roomKey.value, open.value.id) : null));
  const messages = withCurrentNames(
    computed(() => log.value?.messages.value ?? []),
    room.current,
  );
  const outbox = computed(() => log.value?.outbox.value ?? []);
  const problem = computed(() => log.value?.problem.value ?? null);
  const draft = computed(() => log.value?.draft.value ?? '');
  // The member list is capped, so a peer missing from it has only surely left when it is complete.
  const peerLeft = computed(
    () =>
      open.value !== null &&
      !room.members.value.has(open.value.id) &&
      room.members.value.size >= room.memberCount.value &&
      room.join.value.status === 'joined',
  );
  const peerTyping = computed(() => open.value !== null && typingNow.active.value.has(open.value.id));
  const unread = computed(() => {
    const prefix = `${roomKey.value}/`;
    const mine = new Map<UserId, number>();
    for (const [id, count] of unreadAll.value) if (id.startsWith(prefix)) mine.set(id.slice(prefix.length), count);
    return mine;
  });

  /** Files DMs of `key` under their conversations: the other person is the peer. */
  /** Folds kept DM envelopes into their conversations, each filed under the other person. */
  function file(key: RoomKey, envelopes: readonly Envelope[], self: UserId): void {
    const byPeer = new Map<UserId, Envelope[]>();
    for (const envelope of envelopes) {
      const other = envelope.from.id === self ? envelope.to : envelope.from.id;
      if (other === undefined) continue;
      if (envelope.from.id === other) lastNames.set(other, envelope.from.name);
      byPeer.set(other, [...(byPeer.get(other) ?? []), envelope]);
    }
    batch(() => {
      for (const [other, theirs] of byPeer) logOf(key, other).receive(theirs);
    });
  }

  // Rooms whose kept conversations have been asked for: once per room for the panel's life.
  const archived = new Set<RoomKey>();
  async function loadArchive(key: RoomKey, self: UserId): Promise<void> {
    archived.add(key);
    const answer = await hub.request('dm:archive', { room: key });
    file(key, answer.envelopes, self);
  }

  function setUnread(key: RoomKey, from: UserId, count: (current: number) => number): void {
    const next = new Map(unreadAll.value);
    const id = conversationOf(key, from);
    const value = count(next.get(id) ?? 0);
    if (value === 0) next.delete(id);
    else next.set(id, value);
    unreadAll.value = next;
  }

  const stops = [
    // Filing needs to know which one is us, so this waits for the room's self.
    effect(() => {
      const key = roomKey.value;
      const self = room.self.value?.id;
      if (key !== null && self !== undefined && !archived.has(key)) void loadArchive(key, self);
    }),
    // A conversation belongs to its room: leaving the room (scope switch, navigation) closes it.
    roomKey.subscribe(() => {
      open.value = null;
      typingNow.reset();
    }),
    hub.on(ServerEvent.MessagePosted, (envelope) => {
      const key = roomKey.value;
      if (envelope.room !== key || envelope.to === undefined) return;
      const fromSelf = envelope.from.id === room.self.value?.id;
      const other = fromSelf ? envelope.to : envelope.from.id;
      const message = envelope.kind === 'text' || envelope.kind === 'image';
      batch(() => {
        if (!fromSelf) {
          lastNames.set(other, envelope.from.name);
          if (message) typingNow.stopped(other);
          if (message && open.value?.id !== other) setUnread(key, other, (count) => count + 1);
        }
        logOf(key, other).receive([envelope]);
      });
    }),
    hub.on('outbox:pending', ({ room: key, sends }) => {
      if (key !== roomKey.value) return;
      for (const { to, clientId, kind, body, since } of sends) {
        if (to !== undefined) logOf(key, to).adopt([{ clientId, kind, body, at: since } as never]);
      }
    }),
    hub.on(ServerEvent.Typing, (event) => {
      if (event.room === roomKey.value && event.to !== undefined && event.to === room.self.value?.id) {
        typingNow.saw(event.from);
      }
    }),
  ];

  return {
    peer,
    peerLeft,
    peerTyping,
    messages,
    outbox,
    draft,
    unread,
    open(member) {
      const key = roomKey.value;
      if (key === null || member.id === room.self.value?.id) return;
      lastNames.set(member.id, member.name);
      batch(() => {
        open.value = member;
        setUnread(key, member.id, () => 0);
      });
    },
    close() {
      open.value = null;
    },
    setDraft(text) {
      const key = roomKey.value;
      const to = open.value?.id;
      if (key === null || to === undefined) return;
      logOf(key, to).setDraft(text);
      if (text.trim() !== '') sendTyping(key, to);
    },
    problem,
    send: (extras) => log.value?.send(extras) ?? false,
    change: (kind, body) => log.value?.change(kind, body) ?? Promise.resolve(false),
    retry: (clientId) => log.value?.retry(clientId),
    discard: (clientId) => log.value?.discard(clientId),
    dispose() {
      for (const stop of stops) stop();
      typingNow.dispose();
    },
  };
}
