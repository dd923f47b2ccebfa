import type { TargetedKeyboardEvent } from 'preact';
import { fullTime, shortTime } from '../../lib/clock-time.ts';
import type { Conversation } from '../../lib/domain.ts';
import { formatNumber, t } from '../../lib/i18n.ts';
import type { InboxModel } from '../models/inbox.ts';
import { selfIn } from '../models/inbox.ts';
import type { NavigationModel } from '../models/navigation.ts';
import { filteredLine } from '../models/word-filter.ts';
import { NotificationsOffer } from './NotificationsOffer.tsx';
import { RequestActions } from './RequestActions.tsx';
import { Sentence } from './Sentence.tsx';

/** Up and Down move between the rows, Home and End to the ends; Enter opens (the rows are buttons). */
function moveFocus(event: TargetedKeyboardEvent<HTMLUListElement>): void {
  const rows = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('[data-testid="dm-conversation"]')];
  const at = rows.indexOf(document.activeElement as HTMLButtonElement);
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 }[event.key];
  if (to === undefined) return;
  event.preventDefault();
  rows[Math.max(0, Math.min(rows.length - 1, to))]?.focus();
}

/** A row's first line: who, and when the last message came. */
function ConversationTop({ conversation: { peer, last }, now }: { conversation: Conversation; now: number }) {
  return (
    <span class="conversation-top">
      <bdi class="conversation-name">{peer.name}</bdi>
      <time class="conversation-time" dateTime={new Date(last.at).toISOString()} title={fullTime(last.at)}>
        {shortTime(last.at, now)}
      </time>
    </span>
  );
}

/** The title of the page a conversation began on, kept in this browser. */
function StartedOn({ conversation: { pageTitle } }: { conversation: Conversation }) {
  return pageTitle ? (
    <span class="conversation-page">
      <span class="sr-only">{t('inbox_started_on')} </span>
      <bdi>{pageTitle}</bdi>
    </span>
  ) : null;
}

function Row({ conversation, now, onOpen }: { conversation: Conversation; now: number; onOpen(): void }) {
  const { peer, last, unread } = conversation;
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
        <ConversationTop conversation={conversation} now={now} />
        <span class="conversation-bottom">
          <span class="conversation-last">
            {mine ? (
              <Sentence words={(line) => t('inbox_you_wrote', line)}>
                <bdi>{last.preview}</bdi>
              </Sentence>
            ) : (
              <bdi>{filteredLine(last.preview)}</bdi>
            )}
          </span>
          {unread > 0 ? (
            <span class="badge">
              {formatNumber(unread)}
              <span class="sr-only"> {t('inbox_unread')}</span>
            </span>
          ) : null}
        </span>
        <StartedOn conversation={conversation} />
      </button>
    </li>
  );
}

/**
 * Issue #14: a message request: who, their last line, and Accept / Decline / Block. Opening it
 * shows its messages without a composer until it is accepted.
 */
function RequestRow({
  conversation,
  inbox,
  now,
  onOpen,
}: {
  conversation: Conversation;
  inbox: InboxModel;
  now: number;
  onOpen(): void;
}) {
  const { peer, last } = conversation;
  return (
    <li class="request" data-testid="dm-request" data-user-id={peer.id}>
      <button type="button" class="conversation" data-testid="dm-request-open" onClick={onOpen}>
        <ConversationTop conversation={conversation} now={now} />
        <span class="conversation-bottom">
          <span class="conversation-last">
            <bdi>{filteredLine(last.preview)}</bdi>
          </span>
        </span>
        <StartedOn conversation={conversation} />
      </button>
      <RequestActions inbox={inbox} conversationKey={conversation.key} peer={peer} named />
    </li>
  );
}

/** The Messages view: message requests apart at the top, then every conversation, newest first. */
export function InboxView({ inbox, navigation }: { inbox: InboxModel; navigation: NavigationModel }) {
  const conversations = inbox.accepted.value;
  const requests = inbox.requests.value;
  const now = Date.now();
  return (
    <section class="inbox" aria-labelledby="inbox-heading">
      <div class="dm-head">
        <button type="button" class="small" aria-label={t('frame_back_to_room')} onClick={() => navigation.showRoom()}>
          {t('inbox_back')}
        </button>
        <h2 id="inbox-heading" tabIndex={-1}>
          {t('inbox_messages')}
        </h2>
      </div>
      <NotificationsOffer />
      {requests.length > 0 ? (
        <section class="requests" aria-labelledby="requests-heading" data-testid="dm-requests">
          <h3 id="requests-heading">{t('inbox_requests_heading', requests.length)}</h3>
          <p class="note">{t('inbox_requests_note')}</p>
          <ul class="conversations" aria-labelledby="requests-heading">
            {requests.map((conversation) => (
              <RequestRow
                key={conversation.key}
                conversation={conversation}
                inbox={inbox}
                now={now}
                onOpen={() => navigation.openConversation(conversation)}
              />
            ))}
          </ul>
        </section>
      ) : null}
      {conversations.length === 0 ? (
        <p class="empty">{t('inbox_empty')}</p>
      ) : (
        <ul class="conversations" aria-label={t('inbox_conversations_label')} onKeyDown={moveFocus}>
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
