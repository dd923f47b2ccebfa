/**
 * One conversation's messages as the panel shows them: the server's messages, each in its
 * current state (envelopes folded by fold-envelopes.ts), sorted by id (ids sort in send
 * order), and our own outbox of messages not yet accepted. An outbox entry keeps its body and
 * clientId until the server accepts it, so a failed message can be sent again as the same
 * message, and nothing typed is lost. Changes (a reaction, an edit, a delete) go straight to
 * the hub, which holds them like any post; one refused is said in `problem`.
 * Shared by the room and by each DM conversation.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  textProblem,
  type Bodies,
  type ChangeKind,
  type Kind,
  type Envelope,
  type MessageKind,
  type Message,
  type MessagePostAnswer,
  type ProtocolError,
  type TextBody,
  type UserId,
} from '../../../protocol/index.ts';
import { newClientId } from '../../lib/client-id.ts';
import { foldEnvelopes, type MessagesById } from './fold-envelopes.ts';

/** A message of ours the server has not accepted yet. */
export type OutboxEntry = { clientId: string; at: number } & (
  { kind: 'text'; body: TextBody } | { kind: 'image'; body: Bodies['image'] }
) &
  ({ state: 'pending' } | { state: 'failed'; error: string });

/** A post as the log hands it to the hub: the conversation adds where it goes. */
export type LogPost = { [K in keyof Bodies]: { clientId: string; kind: K; body: Bodies[K] } }[keyof Bodies];

/** A held send the hub pushed back (outbox:pending), as the log adopts it. */
export type HeldSend = LogPost & { at: number };

/** What a text message may carry besides its text. */
export type TextExtras = Omit<TextBody, 'text'>;

export interface MessageLog {
  readonly messages: ReadonlySignal<readonly Message[]>;
  readonly outbox: ReadonlySignal<readonly OutboxEntry[]>;
  readonly draft: ReadonlySignal<string>;
  /** Why the latest change (reaction, edit, delete) was refused; null once another goes. */
  readonly problem: ReadonlySignal<string | null>;
  /** True while the oldest message shown is the conversation's first (see markStart). */
  readonly atStart: ReadonlySignal<boolean>;
  /** Adds messages in their current state (an answer's history, a page); each id appears once. */
  merge(incoming: readonly Message[]): void;
  /** Folds envelopes (live, or a DM archive) into the messages, in order. */
  receive(envelopes: readonly Envelope[]): void;
  /** Adds a page of older messages the person asked for; they are kept beyond the usual bound. */
  mergeOlder(page: readonly Message[]): void;
  /**
   * The server said nothing comes before the message `id` (`''`: the conversation was empty,
   * so nothing comes before any message); null: that is no longer known.
   */
  markStart(id: string | null): void;
  /**
   * Shows messages that the hub already holds (sent from this panel before it was reopened,
   * or from another panel) as pending, and asks for their outcome with the same clientId: the
   * hub joins that request to the send under way, so nothing is sent twice.
   */
  adopt(sends: readonly HeldSend[]): void;
  setDraft(text: string): void;
  /** Sends the draft with `extras` (a reply, mentions, a quote); false when the draft is not a sendable text. */
  send(extras?: TextExtras): boolean;
  /** Sends an uploaded image. */
  sendImage(body: Bodies['image']): void;
  /** Posts a change to one of the conversation's messages. */
  change<K extends ChangeKind>(kind: K, body: Bodies[K]): Promise<boolean>;
  /** Sends a failed message again with the same clientId, so it cannot arrive twice. */
  retry(clientId: string): void;
  /** Drops a failed message the person gave up on. */
  discard(clientId: string): void;
}

// A long session in a busy room should not grow without bound; older messages scroll away.
const KEPT_MESSAGES = 500;

const byId = (a: Message, b: Message): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const isMessageKind = (kind: string): kind is MessageKind => kind === 'text' || kind === 'image';

export function createMessageLog(
  deliver: (post: LogPost) => Promise<MessagePostAnswer>,
  explain: (error: ProtocolError, kind: Kind) => string,
  viewer: () => UserId | null,
): MessageLog {
  const messages = signal<readonly Message[]>([]);
  const outbox = signal<readonly OutboxEntry[]>([]);
  const draft = signal('');
  const problem = signal<string | null>(null);
  const startId = signal<string | null>(null);
  const atStart = computed(() => startId.value !== null && (messages.value[0]?.id ?? '') === startId.value);
  let kept = KEPT_MESSAGES;

  /** Replaces the shown messages by what `update` makes of them, and settles the outbox. */
  function rebuild(update: (all: MessagesById) => void, delivered: ReadonlySet<string>): void {
    const all: MessagesById = new Map(messages.value.map((message) => [message.id, message]));
    update(all);
    batch(() => {
      const sorted = [...all.values()].sort(byId);
      // In a conversation that was empty, the first message to arrive is its first.
      if (startId.value === '' && messages.value.length === 0) startId.value = sorted[0]?.id ?? '';
      messages.value = sorted.slice(-kept);
      // A clientId is random and known to no one else until its message is delivered, so a
      // delivered message with an outbox entry's clientId is that entry, whichever panel sent it.
      if (outbox.value.some((entry) => delivered.has(entry.clientId))) {
        outbox.value = outbox.value.filter((entry) => !delivered.has(entry.clientId));
      }
    });
  }

  function merge(incoming: readonly Message[]): void {
    if (incoming.length === 0) return;
    rebuild(
      (all) => {
        for (const message of incoming) all.set(message.id, message);
      },
      new Set(incoming.map((message) => message.clientId)),
    );
  }

  function receive(envelopes: readonly Envelope[]): void {
    const self = viewer();
    if (envelopes.length === 0 || self === null) return;
    rebuild(
      (all) => foldEnvelopes(all, envelopes, self),
      new Set(envelopes.flatMap((envelope) => (isMessageKind(envelope.kind) ? [envelope.clientId] : []))),
    );
  }

  function replace(clientId: string, entry: OutboxEntry): void {
    outbox.value = outbox.value.map((current) => (current.clientId === clientId ? entry : current));
  }

  async function attempt(entry: OutboxEntry): Promise<void> {
    const answer = await deliver({ clientId: entry.clientId, kind: entry.kind, body: entry.body } as LogPost);
    if (answer.ok) receive([answer.message]);
    else replace(entry.clientId, { ...entry, state: 'failed', error: explain(answer.error, entry.kind) });
  }

  function queue(entry: OutboxEntry): void {
    outbox.value = [...outbox.value, entry];
    void attempt(entry);
  }

  return {
    messages,
    outbox,
    draft,
    problem,
    atStart,
    merge,
    receive,
    mergeOlder(page) {
      // Trimming these right away would undo the person's scrolling back; newer ones trim them later.
      kept = Math.max(kept, messages.value.length + page.length);
      merge(page);
    },
    markStart(id) {
      startId.value = id;
    },
    adopt(sends) {
      const known = new Set([...messages.value, ...outbox.value].map((entry) => entry.clientId));
      const fresh = sends.filter((send) => !known.has(send.clientId));
      if (fresh.length === 0) return;
      const entries = fresh.flatMap((send): OutboxEntry[] =>
        send.kind === 'text' || send.kind === 'image'
          ? [{ ...send, state: 'pending' } as OutboxEntry]
          : // A change already on its way: its outcome shows when it lands.
            (void deliver(send), []),
      );
      outbox.value = [...outbox.value, ...entries].sort((a, b) => a.at - b.at);
      for (const entry of entries) void attempt(entry);
    },
    setDraft(text) {
      draft.value = text;
    },
    send(extras = {}) {
      if (textProblem(draft.value) !== null) return false;
      const body: TextBody = { ...extras, text: draft.value.trim() };
      batch(() => {
        queue({ clientId: newClientId(), kind: 'text', body, at: Date.now(), state: 'pending' });
        draft.value = '';
      });
      return true;
    },
    sendImage(body) {
      queue({ clientId: newClientId(), kind: 'image', body, at: Date.now(), state: 'pending' });
    },
    async change(kind, body) {
      problem.value = null;
      const answer = await deliver({ clientId: newClientId(), kind, body } as LogPost);
      if (answer.ok) receive([answer.message]);
      else problem.value = explain(answer.error, kind);
      return answer.ok;
    },
    retry(clientId) {
      const failed = outbox.value.find((entry) => entry.clientId === clientId && entry.state === 'failed');
      if (!failed) return;
      const entry = { ...failed, state: 'pending' } as OutboxEntry;
      replace(clientId, entry);
      void attempt(entry);
    },
    discard(clientId) {
      outbox.value = outbox.value.filter((entry) => entry.clientId !== clientId || entry.state !== 'failed');
    },
  };
}
