/**
 * Direct messages. A conversation is a room and the other person in it (the room it started
 * in: its DMs still name that room on the wire). One opens from the room's member list, or
 * from the inbox (issue #13) even when the other person is not in the room shown, or when the
 * panel has no room at all: the relay accepts a DM to a room this person has not joined while
 * it holds a grant for the pair. The server keeps no DM history, so the hub keeps it on this
 * device and the panel loads a room's conversations from it (`dm:archive`). Unread counts are
 * the inbox's (the hub's), so they survive the panel. At most one conversation is open.
 */
import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import {
  ServerEvent,
  type Bodies,
  type ChangeKind,
  type Envelope,
  type ImageBody,
  type Member,
  type Message,
  type RoomKey,
  type SealedImageBody,
  type UserId,
} from '../../../protocol/index.ts';
import { explainError } from '../../lib/explain-error.ts';
import { t } from '../../lib/i18n.ts';
import type { Conversation } from '../../lib/domain.ts';
import type { HubClient } from '../hub-client.ts';
import { conversationKey, selfIn, type InboxModel } from './inbox.ts';
import { withCurrentNames } from './known-people.ts';
import { createMessageLog, type MessageLog, type OutboxEntry, type TextExtras } from './message-log.ts';
import { createDmSecurity, type DmSecurity } from './dm-security.ts';
import { createPeerStatus } from './peer-status.ts';
import type { RoomModel } from './room.ts';
import { createTypingSender, createTypingTracker } from './typing.ts';

/** The conversation open: where its DMs go, with whom, and its inbox key. */
export interface OpenConversation {
  room: RoomKey;
  peer: Member;
  key: string;
  /** This person's own id in it. */
  self: UserId;
}

/**
 * Whether the other person can be reached: `here` in the room shown; `elsewhere`, not here but
 * with a key, so sealed DMs wait in their mailbox and the relay says nothing of their presence
 * (issue #15: it would let a past conversation partner follow them across rooms); else the
 * relay's word on a person whose DMs go only while they are online.
 */
export type Reach = 'here' | 'elsewhere' | 'online' | 'offline' | 'unknown';

export interface DmModel {
  readonly conversation: ReadonlySignal<OpenConversation | null>;
  /** The member of the open conversation, under their current name; null when none is open. */
  readonly peer: ReadonlySignal<Member | null>;
  /** True once the open conversation's peer is known to have left the room it started in. */
  readonly peerLeft: ReadonlySignal<boolean>;
  readonly reach: ReadonlySignal<Reach>;
  /** Issue #14: the other person takes no DM from this person (the relay's `dm:status`). */
  readonly peerClosed: ReadonlySignal<boolean>;
  readonly peerTyping: ReadonlySignal<boolean>;
  /** Each under its author's current name, as the room knows it. */
  readonly messages: ReadonlySignal<readonly Message[]>;
  /** Why the latest reaction, edit or delete was refused. */
  readonly problem: ReadonlySignal<string | null>;
  readonly outbox: ReadonlySignal<readonly OutboxEntry[]>;
  readonly draft: ReadonlySignal<string>;
  /** Unread DMs in the room shown, by sender (the inbox's counts). */
  readonly unread: ReadonlySignal<ReadonlyMap<UserId, number>>;
  /** Issue #15: the open conversation's safety number and verification, and where own DMs are. */
  readonly security: DmSecurity;
  /** Opens the conversation with a member of the room shown. */
  open(member: Member): void;
  /** Opens a conversation of the inbox, wherever it started. */
  openConversation(conversation: Pick<Conversation, 'key' | 'room' | 'peer'>): void;
  close(): void;
  setDraft(text: string): void;
  send(extras?: TextExtras): boolean;
  /** Sends an encrypted picture (dm-picture-upload.ts) in the open conversation. */
  sendPicture(body: SealedImageBody): void;
  change<K extends ChangeKind>(kind: K, body: Bodies[K]): Promise<boolean>;
  retry(clientId: string): void;
  discard(clientId: string): void;
  dispose(): void;
}

const logId = (room: RoomKey, peer: UserId): string => `${room}/${peer}`;

export function createDmModel(
  hub: HubClient,
  room: RoomModel,
  inbox: InboxModel,
  visible: ReadonlySignal<boolean>,
): DmModel {
  const open = signal<OpenConversation | null>(null);
  const logs = new Map<string, MessageLog>();
  // Names of peers who may have left the member list, for "X has left this page".
  const lastNames = new Map<UserId, string>();
  // Who we are in each room, once its join or a conversation of it said it: the relay shows this
  // person by another id in each room, and a DM of a room not joined needs it.
  const selves = new Map<RoomKey, UserId>();
  const typingNow = createTypingTracker();
  const sendTyping = createTypingSender(hub);
  const status = createPeerStatus(
    hub,
    computed(() => open.value?.peer.id ?? null),
    visible,
  );

  const security = createDmSecurity(hub, open);
  const roomKey = computed(() => room.room.value?.key ?? null);
  const selfInRoom = (key: RoomKey): UserId | null =>
    (key === roomKey.peek() ? room.self.peek()?.id : undefined) ?? selves.get(key) ?? null;
  const nameOf = (peer: UserId): string | undefined => room.members.value.get(peer)?.name ?? lastNames.get(peer);

  function logOf(key: RoomKey, peer: UserId): MessageLog {
    const id = logId(key, peer);
    let log = logs.get(id);
    if (!log) {
      log = createMessageLog(
        (post) =>
          hub.request('message:post', { room: key, to: peer, ...post }).then((answer) => {
            // Kept for them (issue #15): they have no browser connected, whatever the last status said.
            if (answer.ok && answer.delivery === 'waiting') status.refresh();
            return security.answered(answer);
          }),
        (error, kind) => {
          if (error.code !== 'not_here') {
            return explainError(error, { kind, messagesPerMinute: room.newcomer.peek()?.messagesPerMinute });
          }
          status.refresh();
          const name = nameOf(peer);
          return name === undefined ? t('model_dm_unreachable_unnamed') : t('model_dm_unreachable', name);
        },
        () => selfInRoom(key),
      );
      logs.set(id, log);
    }
    return log;
  }

  const peer = computed(() => {
    const member = open.value?.peer ?? null;
    return member ? (room.members.value.get(member.id) ?? member) : null;
  });
  const log = computed(() => (open.value ? logOf(open.value.room, open.value.peer.id) : null));
  const messages = withCurrentNames(
    computed(() => log.value?.messages.value ?? []),
    room.current,
  );
  const outbox = computed(() => log.value?.outbox.value ?? []);
  const problem = computed(() => log.value?.problem.value ?? null);
  const draft = computed(() => log.value?.draft.value ?? '');
  const inRoomShown = computed(() => open.value !== null && open.value.room === roomKey.value);
  const here = computed(() => inRoomShown.value && room.members.value.has(open.value?.peer.id ?? ''));
  // The member list is capped, so a peer missing from it has only surely left when it is complete.
  const peerLeft = computed(() => {
    const current = open.value;
    if (current === null) return false;
    if (!inRoomShown.value) return true;
    return (
      !room.members.value.has(current.peer.id) &&
      room.members.value.size >= room.memberCount.value &&
      room.join.value.status === 'joined'
    );
  });
  const reach = computed<Reach>(() => {
    if (open.value === null) return 'unknown';
    if (here.value) return 'here';
    if (typeof security.trust.value?.theirs === 'string') return 'elsewhere';
    const online = status.online.value;
    return online === null ? 'unknown' : online ? 'online' : 'offline';
  });
  const peerTyping = computed(() => open.value !== null && typingNow.active.value.has(open.value.peer.id));
  const unread = computed(() => {
    const mine = new Map<UserId, number>();
    const key = roomKey.value;
    // A message request counts here too: the chip is where the person sees who wrote, in the room.
    for (const conversation of inbox.conversations.value) {
      if (conversation.room === key && conversation.unread > 0) mine.set(conversation.peer.id, conversation.unread);
    }
    return mine;
  });

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
    security.record(answer.deliveries ?? {});
    file(key, answer.envelopes, self);
  }

  function show(conversation: OpenConversation): void {
    if (conversation.peer.id === conversation.self) return;
    selves.set(conversation.room, conversation.self);
    lastNames.set(conversation.peer.id, conversation.peer.name);
    open.value = conversation;
    inbox.markRead(conversation.key);
    if (!archived.has(conversation.room)) void loadArchive(conversation.room, conversation.self);
  }

  let shownRoom: RoomKey | null = null;
  const stops = [
    // Filing needs to know which one is us, so this waits for the room's self.
    effect(() => {
      const key = roomKey.value;
      const self = room.self.value?.id;
      if (key !== null && self !== undefined) selves.set(key, self);
      if (key !== null && self !== undefined && !archived.has(key)) void loadArchive(key, self);
    }),
    // Switching to another room (scope, navigation) goes back to it, out of the conversation.
    roomKey.subscribe((key) => {
      if (shownRoom !== null && key !== shownRoom) {
        open.value = null;
        typingNow.reset();
      }
      shownRoom = key;
    }),
    // What arrives while the conversation is in view is read; the hub counts it from view:state,
    // and this settles a count that raced ahead of it.
    effect(() => {
      const key = open.value?.key;
      if (key !== undefined && visible.value && (inbox.byKey(key)?.unread ?? 0) > 0) inbox.markRead(key);
    }),
    hub.on(ServerEvent.MessagePosted, (envelope) => {
      const self = selfInRoom(envelope.room);
      if (envelope.to === undefined || self === null) return;
      const fromSelf = envelope.from.id === self;
      const other = fromSelf ? envelope.to : envelope.from.id;
      // A DM of a room not shown matters only to a conversation already loaded here.
      if (envelope.room !== roomKey.value && !logs.has(logId(envelope.room, other))) return;
      batch(() => {
        if (!fromSelf) {
          lastNames.set(other, envelope.from.name);
          if (envelope.kind === 'text' || envelope.kind === 'image') typingNow.stopped(other);
        }
        logOf(envelope.room, other).receive([envelope]);
      });
    }),
    hub.on('outbox:pending', ({ room: key, sends }) => {
      if (key !== roomKey.value && key !== open.value?.room) return;
      for (const { to, clientId, kind, body, since } of sends) {
        if (to !== undefined) logOf(key, to).adopt([{ clientId, kind, body, at: since } as never]);
      }
    }),
    hub.on(ServerEvent.Typing, (event) => {
      if (event.to !== undefined && event.to === selfInRoom(event.room) && event.room === open.value?.room)
        typingNow.saw(event.from);
    }),
  ];

  return {
    conversation: open,
    peer,
    peerLeft,
    reach,
    peerClosed: status.closed,
    peerTyping,
    messages,
    outbox,
    draft,
    unread,
    security,
    open(member) {
      const key = roomKey.value;
      const self = room.self.value?.id;
      if (key === null || self === undefined) return;
      show({ room: key, peer: member, key: conversationKey(key, self, member.id), self });
    },
    openConversation(conversation) {
      const self = selfIn(conversation);
      if (self !== null) show({ room: conversation.room, peer: conversation.peer, key: conversation.key, self });
    },
    close() {
      open.value = null;
    },
    setDraft(text) {
      const current = open.value;
      if (current === null) return;
      logOf(current.room, current.peer.id).setDraft(text);
      // The relay relays typing only in a room both are in: elsewhere it would be refused.
      if (text.trim() !== '' && here.peek()) sendTyping(current.room, current.peer.id);
    },
    problem,
    send: (extras) => log.value?.send(extras) ?? false,
    // The hub seals a DM's `{ kind, body }` whole and opens it back to this shape, so the log
    // carries an encrypted picture under kind image like a room's; readers tell the two apart
    // by the body (dm-pictures.ts sealedPictureOf).
    sendPicture: (body) => log.value?.sendImage(body as unknown as ImageBody),
    change: (kind, body) => log.value?.change(kind, body) ?? Promise.resolve(false),
    retry: (clientId) => log.value?.retry(clientId),
    discard: (clientId) => log.value?.discard(clientId),
    dispose() {
      for (const stop of stops) stop();
      security.dispose();
      status.dispose();
      typingNow.dispose();
    },
  };
}
