import type { TargetedKeyboardEvent } from 'preact';
import { fullTime, shortTime } from '../../lib/clock-time.ts';
import type { Conversation } from '../../lib/domain.ts';
import type { InboxModel } from '../models/inbox.ts';
import { selfIn } from '../models/inbox.ts';
import type { NavigationModel } from '../models/navigation.ts';
import { NotificationsOffer } from './NotificationsOffer.tsx';

/** Up and Down move between the rows, Home and End to the ends; Enter opens (the rows are buttons). */
function moveFocus(event: TargetedKeyboardEvent<HTMLUListElement>): void {
  const rows = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('[data-testid="dm-conversation"]')];
  const at = rows.indexOf(document.activeElement as HTMLButtonElement);
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 }[event.key];
  if (to === undefined) return;
  event.preventDefault();
  rows[Math.max(0, Math.min(rows.length - 1, to))]?.focus();
}

function Row({ conversation, now, onOpen }: { conversation: Conversation; now: number; onOpen(): void }) {
  const { peer, last, unread, pageTitle } = conversation;
  const mine = last.from === selfIn(conversation);
  return (
    <li>
      <button
        type="button"
        class={unread > 0 ? 'conversation unread' : 'conversation'}
        data-testid="dm-conversation"
        data-user-id={peer.id}
        data-unread={unread}
        onClick={onOpen}
      >
        <span class="conversation-top">
          <bdi class="conversation-name">{peer.name}</bdi>
          <time class="conversation-time" dateTime={new Date(last.at).toISOString()} title={fullTime(last.at)}>
            {shortTime(last.at, now)}
          </time>
        </span>
        <span class="conversation-bottom">
          <span class="conversation-last">
            {mine ? 'You: ' : ''}
            <bdi>{last.preview}</bdi>
          </span>
          {unread > 0 ? (
            <span class="badge">
              {unread}
              <span class="sr-only"> unread</span>
            </span>
          ) : null}
        </span>
        {pageTitle ? (
          <span class="conversation-page">
            <span class="sr-only">Started on </span>
            <bdi>{pageTitle}</bdi>
          </span>
        ) : null}
      </button>
    </li>
  );
}

/** The Messages view: every conversation, newest first; choosing one opens it. */
export function InboxView({ inbox, navigation }: { inbox: InboxModel; navigation: NavigationModel }) {
  const conversations = inbox.conversations.value;
  const now = Date.now();
  return (
    <section class="inbox" aria-labelledby="inbox-heading">
      <div class="dm-head">
        <button type="button" class="small" aria-label="Back to the room" onClick={() => navigation.showRoom()}>
          ‹ Back
        </button>
        <h2 id="inbox-heading" tabIndex={-1}>
          Messages
        </h2>
      </div>
      <NotificationsOffer />
      {conversations.length === 0 ? (
        <p class="empty">
          No private conversations yet. Choose someone in a room's member list to message them privately.
        </p>
      ) : (
        <ul class="conversations" aria-label="Private conversations, newest first" onKeyDown={moveFocus}>
          {conversations.map((conversation) => (
            <Row
              key={conversation.key}
              conversation={conversation}
              now={now}
              onOpen={() => navigation.openConversation(conversation)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
