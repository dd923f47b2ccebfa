import { useMemo } from 'preact/hooks';
import type { Bodies, ChangeKind, Member } from '../../../protocol/index.ts';
import { frameVisibility } from '../frame-visibility.ts';
import { jumpToMessage } from '../jump-to-message.ts';
import type { PageQuoteModel } from '../models/page-quote.ts';
import { createComposerState, type ComposerState, type Conversation } from '../models/composer-state.ts';
import type { MessageActions } from './MessageItem.tsx';

interface Options {
  /** A key that changes with the conversation (the room, the peer): a new one starts a new composer. */
  key: string;
  conversation: Conversation & { change<K extends ChangeKind>(kind: K, body: Bodies[K]): Promise<boolean> };
  people: () => readonly Member[];
  /** Where older messages can be fetched from (the room); null where all are here (a DM). */
  older: { more(): boolean; load(): Promise<void> } | null;
  /** The list the messages are in, to scroll within. */
  list: () => ParentNode | null;
  /** Quote the page: what the next message carries, and how a quote in a message is shown on the page. */
  quote?: Pick<PageQuoteModel, 'take' | 'reveal'>;
}

/** A conversation view's composer state and what its messages offer (reply, react, edit, delete, jump). */
export function useConversation({ key, conversation, people, older, list, quote }: Options): {
  composer: ComposerState;
  actions: MessageActions;
} {
  return useMemo(() => {
    const composer = createComposerState(conversation, people, quote ? () => quote.take() : undefined);
    const actions: MessageActions = {
      reply: (message) => composer.reply(message),
      react: (message, emoji, on) =>
        frameVisibility.guard(() => void conversation.change('reaction', { target: message.id, emoji, on }), 'changed'),
      edit: (message) => composer.edit(message),
      remove: (message) =>
        frameVisibility.guard(() => void conversation.change('delete', { target: message.id }), 'deleted'),
      jumpTo: (id) => {
        const root = list();
        if (root) void jumpToMessage(root, id, older);
      },
      ...(quote ? { reveal: quote.reveal } : {}),
    };
    return { composer, actions };
    // The conversation's identity is its key; the callbacks read what they need when called.
  }, [key]);
}
