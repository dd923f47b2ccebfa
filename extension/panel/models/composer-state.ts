/**
 * What the composer is about to send besides its text (issue #12): the message it replies to,
 * the people picked with `@` (sent as explicit ids, never parsed from the text), a quote of the
 * page; or, instead of a new message, the own message being edited. One per conversation view.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import {
  EDIT_WINDOW_MS,
  textProblem,
  type Bodies,
  type ChangeKind,
  type Member,
  type Message,
  type PageQuote,
} from '../../../protocol/index.ts';
import type { TextExtras } from './message-log.ts';

/** The conversation a composer writes into (RoomModel and DmModel both fit). */
export interface Conversation {
  readonly draft: ReadonlySignal<string>;
  readonly messages: ReadonlySignal<readonly Message[]>;
  setDraft(text: string): void;
  send(extras?: TextExtras): boolean;
  change<K extends ChangeKind>(kind: K, body: Bodies[K]): Promise<boolean>;
}

export interface ComposerState {
  readonly replyTo: ReadonlySignal<Message | null>;
  readonly editing: ReadonlySignal<Message | null>;
  /** Counts the replies and edits begun: each one brings the caret into the composer. */
  readonly focusRequests: ReadonlySignal<number>;
  reply(message: Message): void;
  cancelReply(): void;
  /** Puts the message's text in the composer; sending then edits it. */
  edit(message: Message): void;
  /** Edits the newest own text message still in its window (up-arrow in an empty composer); false if none. */
  editLast(selfId: string | undefined): boolean;
  cancelEdit(): void;
  /** Someone picked from the `@` suggestions. */
  mention(member: Member): void;
  /** Sends the draft: an edit while editing, else a new message with its extras. */
  submit(): boolean;
}

/** The people picked whose `@name` is still in the text. */
export function mentionIds(text: string, picked: readonly Member[]): string[] {
  const ids = picked.filter((member) => text.includes(`@${member.name}`)).map((member) => member.id);
  return [...new Set(ids)];
}

/** `people`: who can be mentioned (the room's members), also for the mentions of a message being edited. */
/** `takeQuote`: the page quote waiting for the next message (PageQuoteModel.take), which it then carries. */
export function createComposerState(
  conversation: Conversation,
  people: () => readonly Member[],
  takeQuote: () => PageQuote | null = () => null,
): ComposerState {
  const replyTo = signal<Message | null>(null);
  const editing = signal<Message | null>(null);
  const focusRequests = signal(0);
  let picked: Member[] = [];
  // What was being written before an edit began, given back when the edit ends.
  let setAside = '';

  function endEdit(): void {
    batch(() => {
      editing.value = null;
      conversation.setDraft(setAside);
      setAside = '';
    });
  }

  function edit(message: Message): void {
    if (message.kind !== 'text' || message.body === null) return;
    const { text, mentions = [] } = message.body;
    batch(() => {
      if (editing.value === null) setAside = conversation.draft.value;
      editing.value = message;
      replyTo.value = null;
      conversation.setDraft(text);
      focusRequests.value++;
    });
    // Editing keeps the mentions the message had, as long as their names stay in it.
    picked = people().filter((member) => mentions.includes(member.id));
  }

  return {
    replyTo,
    editing,
    focusRequests,
    reply(message) {
      batch(() => {
        if (editing.value !== null) endEdit();
        replyTo.value = message;
        focusRequests.value++;
      });
    },
    cancelReply() {
      replyTo.value = null;
    },
    edit,
    editLast(selfId) {
      if (selfId === undefined) return false;
      const last = [...conversation.messages.value]
        .reverse()
        .find(
          (message) =>
            message.from.id === selfId &&
            message.kind === 'text' &&
            message.deletedAt === undefined &&
            Date.now() - message.at < EDIT_WINDOW_MS,
        );
      if (!last) return false;
      edit(last);
      return true;
    },
    cancelEdit: endEdit,
    mention(member) {
      if (!picked.some((known) => known.id === member.id)) picked = [...picked, member];
    },
    submit() {
      const text = conversation.draft.value.trim();
      const mentions = mentionIds(text, picked);
      const target = editing.value;
      if (target !== null) {
        if (text === '') return false;
        void conversation.change('edit', { target: target.id, text, ...(mentions.length ? { mentions } : {}) });
        endEdit();
        picked = [];
        return true;
      }
      // The quote is taken only for a draft that will go, so a refused one keeps it.
      if (textProblem(conversation.draft.value) !== null) return false;
      const quote = takeQuote();
      const extras: TextExtras = {
        ...(replyTo.value ? { reply: { id: replyTo.value.id } } : {}),
        ...(mentions.length ? { mentions } : {}),
        ...(quote ? { quote } : {}),
      };
      if (!conversation.send(extras)) return false;
      replyTo.value = null;
      picked = [];
      return true;
    },
  };
}
