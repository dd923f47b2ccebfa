/**
 * One conversation's messages as the panel shows them: the server's messages, merged by id
 * and sorted by id (ids sort in send order), and our own outbox of messages not yet
 * accepted. An outbox entry keeps its text and clientId until the server accepts it, so a
 * failed message can be sent again as the same message, and nothing typed is lost.
 * Shared by the room and by each DM conversation.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import { textProblem, type Failure, type Member, type ProtocolError } from '../../../protocol/index.ts';
import { newClientId } from '../../lib/client-id.ts';

/** A message of ours the server has not accepted yet. */
export type OutboxEntry = { clientId: string; text: string; at: number } & (
  { state: 'pending' } | { state: 'failed'; error: string }
);

/** What the log needs of a server message (ChatMessage and DirectMessage both fit). */
export interface LoggedMessage {
  id: string;
  clientId: string;
  from: Member;
  text: string;
  at: number;
}

export type SendAnswer<M> = { ok: true; message: M } | Failure;

export interface MessageLog<M extends LoggedMessage> {
  readonly messages: ReadonlySignal<readonly M[]>;
  readonly outbox: ReadonlySignal<readonly OutboxEntry[]>;
  readonly draft: ReadonlySignal<string>;
  /** True while the oldest message shown is the conversation's first (see markStart). */
  readonly atStart: ReadonlySignal<boolean>;
  /** Adds messages from an answer, a push or a history; each id appears once. */
  merge(incoming: readonly M[]): void;
  /** Adds a page of older messages the person asked for; they are kept beyond the usual bound. */
  mergeOlder(page: readonly M[]): void;
  /**
   * The server said nothing comes before the message `id` (`''`: the conversation was empty,
   * so nothing comes before any message); null: that is no longer known.
   */
  markStart(id: string | null): void;
  /**
   * Shows sends that the hub already holds (sent from this panel before it was reopened, or
   * from another panel) as pending, and asks for their outcome with the same clientId: the
   * hub joins that request to the send under way, so nothing is sent twice.
   */
  adopt(sends: readonly { clientId: string; text: string; at: number }[]): void;
  setDraft(text: string): void;
  /** Sends the draft; false when the draft is not a sendable text. */
  send(): boolean;
  /** Sends a failed message again with the same clientId, so it cannot arrive twice. */
  retry(clientId: string): void;
  /** Drops a failed message the person gave up on. */
  discard(clientId: string): void;
}

// A long session in a busy room should not grow without bound; older messages scroll away.
const KEPT_MESSAGES = 500;

const byId = (a: LoggedMessage, b: LoggedMessage): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function createMessageLog<M extends LoggedMessage>(
  deliver: (clientId: string, text: string) => Promise<SendAnswer<M>>,
  explain: (error: ProtocolError) => string,
): MessageLog<M> {
  const messages = signal<readonly M[]>([]);
  const outbox = signal<readonly OutboxEntry[]>([]);
  const draft = signal('');
  const startId = signal<string | null>(null);
  const atStart = computed(() => startId.value !== null && (messages.value[0]?.id ?? '') === startId.value);
  let kept = KEPT_MESSAGES;

  function merge(incoming: readonly M[]): void {
    if (incoming.length === 0) return;
    const all = new Map(messages.value.map((message) => [message.id, message]));
    for (const message of incoming) all.set(message.id, message);
    // A clientId is random and known to no one else until its message is delivered, so a
    // delivered message with an outbox entry's clientId is that entry, whichever panel sent it.
    const delivered = new Set(incoming.map((message) => message.clientId));
    batch(() => {
      const sorted = [...all.values()].sort(byId);
      // In a conversation that was empty, the first message to arrive is its first.
      if (startId.value === '' && messages.value.length === 0) startId.value = sorted[0]?.id ?? '';
      messages.value = sorted.slice(-kept);
      if (outbox.value.some((entry) => delivered.has(entry.clientId))) {
        outbox.value = outbox.value.filter((entry) => !delivered.has(entry.clientId));
      }
    });
  }

  function replace(clientId: string, entry: OutboxEntry): void {
    outbox.value = outbox.value.map((current) => (current.clientId === clientId ? entry : current));
  }

  async function attempt(entry: OutboxEntry): Promise<void> {
    const answer = await deliver(entry.clientId, entry.text);
    if (answer.ok) merge([answer.message]);
    else replace(entry.clientId, { ...entry, state: 'failed', error: explain(answer.error) });
  }

  return {
    messages,
    outbox,
    draft,
    atStart,
    merge,
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
      const entries = fresh.map(({ clientId, text, at }): OutboxEntry => ({ clientId, text, at, state: 'pending' }));
      outbox.value = [...outbox.value, ...entries].sort((a, b) => a.at - b.at);
      for (const entry of entries) void attempt(entry);
    },
    setDraft(text) {
      draft.value = text;
    },
    send() {
      if (textProblem(draft.value) !== null) return false;
      const entry: OutboxEntry = {
        clientId: newClientId(),
        text: draft.value.trim(),
        at: Date.now(),
        state: 'pending',
      };
      batch(() => {
        outbox.value = [...outbox.value, entry];
        draft.value = '';
      });
      void attempt(entry);
      return true;
    },
    retry(clientId) {
      const failed = outbox.value.find((entry) => entry.clientId === clientId && entry.state === 'failed');
      if (!failed) return;
      const entry: OutboxEntry = { clientId, text: failed.text, at: failed.at, state: 'pending' };
      replace(clientId, entry);
      void attempt(entry);
    },
    discard(clientId) {
      outbox.value = outbox.value.filter((entry) => entry.clientId !== clientId || entry.state !== 'failed');
    },
  };
}
