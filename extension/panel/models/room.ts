/**
 * The room the panel shows: the page's or the site's (the scope), who is in it, and its
 * messages. The hub joins a room once however many panels watch it; this model watches the
 * room its context and scope point at, unwatches the one it leaves, and rebuilds from the
 * hub's answer or snapshot whenever the hub or its Port starts over, then fetches what it
 * missed meanwhile (room-history.ts).
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  JOIN_HISTORY_MAX,
  ServerEvent,
  type Bodies,
  type ChangeKind,
  type Member,
  type Message,
  type ProtocolError,
  type RoomJoinAnswerV2,
  type RoomKey,
  type RoomMode,
  type UserId,
} from '../../../protocol/index.ts';
import { explainError } from '../../lib/explain-error.ts';
import type { PageContext, RoomChoice } from '../../lib/domain.ts';
import type { HubClient } from '../hub-client.ts';
import { createClosedDms } from './closed-dms.ts';
import { createCountdown } from './countdown.ts';
import { createKnownPeople, withCurrentNames } from './known-people.ts';
import { createMessageLog, type MessageLog, type OutboxEntry, type TextExtras } from './message-log.ts';
import { createNameTags } from './name-tags.ts';
import { createNewcomerState, type NewcomerNotice } from './newcomer.ts';
import { createReadMarks } from './read-marks.ts';
import { createRoomHistory, type OlderState } from './room-history.ts';
import { createTypingSender, createTypingTracker } from './typing.ts';

export type Scope = 'page' | 'site';

/**
 * Where watching the current room stands; `failed` says why in words. `limited`: the relay
 * refused the join for a budget and the hub joins again by itself after its wait, which the
 * words count down.
 */
export type JoinState =
  | { status: 'joining' }
  | { status: 'joined' }
  | { status: 'failed'; error: string }
  | { status: 'limited'; error: string };

/** JoinState before it is put in words: a `limited` join keeps the refusal and when it ends. */
type JoinProgress =
  Exclude<JoinState, { status: 'limited' }> | { status: 'limited'; refusal: ProtocolError; retryAt: number };

export interface RoomModel {
  readonly scope: ReadonlySignal<Scope>;
  /** The room shown now; null when the page has none (or is not known yet). */
  readonly room: ReadonlySignal<RoomChoice | null>;
  readonly join: ReadonlySignal<JoinState>;
  readonly self: ReadonlySignal<Member | null>;
  /** In the server's order; at most JOIN_MEMBERS_MAX of them, see memberCount. */
  readonly members: ReadonlySignal<ReadonlyMap<UserId, Member>>;
  readonly memberCount: ReadonlySignal<number>;
  /** Each under its author's current name (see current). */
  readonly messages: ReadonlySignal<readonly Message[]>;
  /** Why the latest reaction, edit or delete was refused. */
  readonly problem: ReadonlySignal<string | null>;
  /** The first message from someone else since the person was last in this room: "New messages" goes before it. */
  readonly firstNew: ReadonlySignal<string | null>;
  readonly outbox: ReadonlySignal<readonly OutboxEntry[]>;
  /** Whether older messages can be loaded, are loading, or the first message is shown. */
  readonly older: ReadonlySignal<OlderState>;
  /** Why the last page of older messages was refused, in words; cleared by the next attempt. */
  readonly olderError: ReadonlySignal<string | null>;
  /** While the relay holds this person back as new in the room: for how long, and the rate. */
  readonly newcomer: ReadonlySignal<NewcomerNotice | null>;
  /** What the person is typing in this room, kept while they look elsewhere. */
  readonly draft: ReadonlySignal<string>;
  /** Other members typing in the room now. */
  readonly typing: ReadonlySignal<readonly Member[]>;
  /** Issue #14: members who take no DM from this person: their DM action is not offered. */
  readonly dmClosed: ReadonlySignal<ReadonlySet<UserId>>;
  /** Issue #14: the room's slow mode or read-only switch; null while it has neither. */
  readonly mode: ReadonlySignal<RoomMode | null>;
  /**
   * The tag to show after this person's name when it looks like someone else's here (a member,
   * or the author of a message shown), or null when it is unique. Reads signals: call it in render.
   */
  tagOf(person: Member): string | null;
  /** `person` under the newest name presence gave for them here, or as given. Reads signals. */
  current(person: Member): Member;
  setScope(scope: Scope): void;
  setDraft(text: string): void;
  /** Sends the draft; false when it is not a sendable text. */
  send(extras?: TextExtras): boolean;
  sendImage(body: Bodies['image']): void;
  change<K extends ChangeKind>(kind: K, body: Bodies[K]): Promise<boolean>;
  retry(clientId: string): void;
  discard(clientId: string): void;
  /** Loads the messages before the oldest one shown (the person scrolled to the top). */
  /** Fetches the page before the oldest message shown; resolves once it is merged (or refused). */
  loadOlder(): Promise<void>;
  /** Watches the current room again, after its watch failed. */
  rejoin(): void;
  dispose(): void;
}

const EMPTY_MEMBERS: ReadonlyMap<UserId, Member> = new Map();

export function createRoomModel(hub: HubClient, context: ReadonlySignal<PageContext | null>): RoomModel {
  const scope = signal<Scope>('page');
  const progress = signal<JoinProgress>({ status: 'joining' });
  const joinWait = createCountdown();
  const join = computed<JoinState>(() => {
    const current = progress.value;
    if (current.status !== 'limited') return current;
    return { status: 'limited', error: explainError({ ...current.refusal, retryAfterMs: joinWait.leftMs.value }) };
  });
  const newcomer = createNewcomerState();
  const mode = signal<RoomMode | null>(null);
  const setMode = (next: RoomMode | undefined): void => {
    mode.value = next && (next.readOnly || next.slowModeSeconds > 0) ? next : null;
  };
  const self = signal<Member | null>(null);
  const members = signal<ReadonlyMap<UserId, Member>>(EMPTY_MEMBERS);
  const memberCount = signal(0);
  const typingNow = createTypingTracker();
  const sendTyping = createTypingSender(hub);
  const people = createKnownPeople();
  // Kept per room for the panel's life, so switching scope back and forth loses nothing.
  const logs = new Map<RoomKey, MessageLog>();
  let watched: RoomKey | null = null;

  const room = computed<RoomChoice | null>(() => {
    const current = context.value;
    if (current?.status !== 'ok') return null;
    return scope.value === 'page' ? current.page : current.site;
  });
  const roomKey = computed(() => room.value?.key ?? null);

  function logOf(key: RoomKey): MessageLog {
    let log = logs.get(key);
    if (!log) {
      log = createMessageLog(
        (post) => hub.request('message:post', { room: key, ...post }),
        (error, kind) => explainError(error, { kind, messagesPerMinute: newcomer.notice.peek()?.messagesPerMinute }),
        () => self.peek()?.id ?? null,
      );
      logs.set(key, log);
    }
    return log;
  }

  const log = computed(() => (roomKey.value === null ? null : logOf(roomKey.value)));
  const messages = withCurrentNames(
    computed(() => log.value?.messages.value ?? []),
    people.current,
  );
  const outbox = computed(() => log.value?.outbox.value ?? []);
  const problem = computed(() => log.value?.problem.value ?? null);
  const draft = computed(() => log.value?.draft.value ?? '');
  const history = createRoomHistory(hub, logOf, (key) => key === watched);
  const older = computed(() => (roomKey.value === null ? 'more' : history.older(roomKey.value)));
  const olderError = computed(() => (roomKey.value === null ? null : history.olderError(roomKey.value)));

  const readMarks = createReadMarks({ messages, self, joined: computed(() => join.value.status === 'joined') });

  const { tagOf } = createNameTags(
    computed(() => [
      ...(self.value ? [self.value] : []),
      ...members.value.values(),
      ...messages.value.map((message) => message.from),
    ]),
  );

  const typing = computed(() =>
    [...typingNow.active.value].flatMap((id) => {
      const member = members.value.get(id);
      return member ? [member] : [];
    }),
  );

  function setProgress(next: JoinProgress): void {
    batch(() => {
      progress.value = next;
      joinWait.set(next.status === 'limited' ? next.retryAt : null);
    });
  }

  function applySnapshot(key: RoomKey, snapshot: RoomJoinAnswerV2): void {
    if (key !== watched) return;
    batch(() => {
      if (!snapshot.ok) {
        const { error } = snapshot;
        // The hub joins again by itself after a budget's wait (hub/join-retries.ts).
        setProgress(
          error.code === 'rate_limited'
            ? { status: 'limited', refusal: error, retryAt: Date.now() + (error.retryAfterMs ?? 0) }
            : { status: 'failed', error: explainError(error) },
        );
        return;
      }
      self.value = snapshot.self;
      members.value = new Map(snapshot.members.map((member) => [member.id, member]));
      memberCount.value = snapshot.memberCount;
      people.saw([snapshot.self, ...snapshot.members]);
      const log = logOf(key);
      log.merge(snapshot.history);
      // The relay says whether older messages exist; one that does not (plain v1) answers the
      // newest JOIN_HISTORY_MAX, so fewer then means the room has no others.
      const oldest = snapshot.history[0]?.id;
      if (!(snapshot.hasMore ?? snapshot.history.length >= JOIN_HISTORY_MAX)) log.markStart(oldest ?? '');
      // A full answer in a log that had nothing older: whatever start was known no longer is.
      else if (log.messages.value[0]?.id === oldest) log.markStart(null);
      newcomer.set(snapshot.newcomer);
      setMode(snapshot.mode);
      setProgress({ status: 'joined' });
    });
    if (snapshot.ok) void history.catchUp(key, snapshot.history);
  }

  async function watch(key: RoomKey): Promise<void> {
    applySnapshot(key, await hub.request('room:watch', { room: key }));
  }

  function switchTo(key: RoomKey | null): void {
    if (key === watched) return;
    if (watched !== null) {
      history.markGap(watched);
      void hub.request('room:unwatch', { room: watched });
    }
    watched = key;
    readMarks.enter(key);
    batch(() => {
      members.value = EMPTY_MEMBERS;
      memberCount.value = 0;
      setProgress({ status: 'joining' });
      newcomer.set(null);
      mode.value = null;
      typingNow.reset();
    });
    if (key !== null) void watch(key);
  }

  const closedDms = createClosedDms(hub, members, self);
  // The hub relays the server's events to panels under the server's own event names.
  const stops = [
    closedDms.dispose,
    roomKey.subscribe(switchTo),
    hub.on('room:snapshot', ({ room: key, snapshot }) => applySnapshot(key, snapshot)),
    hub.on(ServerEvent.MessagePosted, (envelope) => {
      if (envelope.room !== watched || envelope.to !== undefined) return;
      if (envelope.kind === 'text' || envelope.kind === 'image') typingNow.stopped(envelope.from.id);
      logOf(envelope.room).receive([envelope]);
    }),
    hub.on(ServerEvent.PresenceUpdate, ({ room: key, joined, left, renamed, memberCount: count }) => {
      if (key !== watched) return;
      // Map.set keeps an existing key's place, so a rename does not reorder the list.
      const next = new Map(members.value);
      if (joined) next.set(joined.id, joined);
      people.saw([joined, renamed].filter((person) => person !== undefined));
      if (renamed && next.has(renamed.id)) next.set(renamed.id, renamed);
      if (left !== undefined) {
        next.delete(left);
        typingNow.stopped(left);
      }
      batch(() => {
        members.value = next;
        memberCount.value = count;
        if (renamed && renamed.id === self.value?.id) self.value = renamed;
      });
    }),
    hub.on(ServerEvent.Typing, (event) => {
      if (event.room === watched && event.to === undefined && event.from !== self.value?.id) typingNow.saw(event.from);
    }),
    hub.on('room:mode', ({ room: key, mode: next }) => {
      if (key === watched) setMode(next);
    }),
    hub.on('outbox:pending', ({ room: key, sends }) => {
      if (key !== watched) return;
      const held = sends.filter((send) => send.to === undefined);
      logOf(key).adopt(held.map(({ clientId, kind, body, since }) => ({ clientId, kind, body, at: since }) as never));
    }),
    // Whatever broke the flow (the socket, the server, the worker, the Port) marks a gap to fill.
    hub.on('connection:state', (state) => {
      if (state.status !== 'connected' && watched !== null) history.markGap(watched);
    }),
    hub.onReconnect(() => {
      if (watched === null) return;
      history.markGap(watched);
      void watch(watched);
    }),
  ];

  return {
    scope,
    room,
    join,
    self,
    members,
    memberCount,
    messages,
    firstNew: readMarks.firstNew,
    outbox,
    older,
    olderError,
    newcomer: newcomer.notice,
    draft,
    typing,
    mode,
    dmClosed: closedDms.closed,
    tagOf,
    current: people.current,
    setScope(next) {
      scope.value = next;
    },
    setDraft(text) {
      const key = roomKey.value;
      if (key === null) return;
      logOf(key).setDraft(text);
      if (text.trim() !== '') sendTyping(key);
    },
    problem,
    // A read-only room refuses every post: none is sent to be refused.
    send: (extras) => (mode.value?.readOnly ? false : (log.value?.send(extras) ?? false)),
    sendImage: (body) => log.value?.sendImage(body),
    change: (kind, body) => log.value?.change(kind, body) ?? Promise.resolve(false),
    retry: (clientId) => log.value?.retry(clientId),
    discard: (clientId) => log.value?.discard(clientId),
    async loadOlder() {
      if (watched !== null && join.value.status === 'joined') await history.loadOlder(watched);
    },
    rejoin() {
      if (watched === null) return;
      setProgress({ status: 'joining' });
      void watch(watched);
    },
    dispose() {
      for (const stop of stops) stop();
      readMarks.dispose();
      typingNow.dispose();
      joinWait.dispose();
      newcomer.dispose();
      if (watched !== null) void hub.request('room:unwatch', { room: watched });
      watched = null;
    },
  };
}
