import { useContext, useState } from 'preact/hooks';
import { EDIT_WINDOW_MS, mentions, type Member, type Message, type ReplyRef } from '../../../protocol/index.ts';
import { clockTime, fullTime } from '../../lib/clock-time.ts';
import { t } from '../../lib/i18n.ts';
import { frameVisibility } from '../frame-visibility.ts';
import type { OutboxEntry } from '../models/message-log.ts';
import { MessageImage } from './MessageImage.tsx';
import { MessageText } from './MessageText.tsx';
import { PersonName } from './PersonName.tsx';
import type { PageQuoteModel } from '../models/page-quote.ts';
import { MessageQuote } from './MessageQuote.tsx';
import { ReactionBar } from './ReactionBar.tsx';
import { ReactionChips } from './ReactionChips.tsx';
import { filtered, filteredLine, HIDDEN_WORDS, hiddenByFilter } from '../models/word-filter.ts';
import { mutedKey } from '../models/safety.ts';
import { SafetyContext } from './safety-context.ts';
import { SafetyMenu } from './SafetyMenu.tsx';
import { DeliveryContext } from './delivery-context.ts';
import { DeliveryMark } from './DeliveryMark.tsx';

/**
 * The full date is a tooltip over the whole message, so it is formatted when the pointer
 * arrives, not with the message: a panel process's first toLocaleString loads ICU (about
 * 40 ms here), which would otherwise delay the first messages of the first panel.
 */
function titleWithFullTime({ currentTarget: item }: { currentTarget: HTMLElement }): void {
  const time = item.querySelector('time');
  if (!item.title && time) item.title = fullTime(Date.parse(time.dateTime));
}

interface Shared {
  /** Continues its author's group: the name is for screen readers only, the time shows on hover. */
  continued: boolean;
  testId: string;
  /** The tag after an author's name when it looks like someone else's (RoomModel.tagOf). */
  tagOf(person: Member): string | null;
}

/** The author, in the meta line of a message, and heard on every one. */
function Author({ person, continued, tagOf }: { person: Member; continued: boolean; tagOf: Shared['tagOf'] }) {
  return (
    <span class={continued ? 'author sr-only' : 'author'} dir="auto">
      <PersonName person={person} tag={tagOf(person)} />
    </span>
  );
}

/** What a person can do with a message; absent where the list offers nothing (a stand-alone view). */
export interface MessageActions {
  reply(message: Message): void;
  react(message: Message, emoji: string, on: boolean): void;
  edit(message: Message): void;
  remove(message: Message): void;
  /** Scrolls to the message `id`, loading older history if it is not shown. */
  jumpTo(id: string): void;
  /** Shows a quoted passage on the page (quote the page); absent where there is no page (a DM). */
  reveal?: PageQuoteModel['reveal'];
}

/** The quoted original of a reply: who wrote it and how it starts; a click goes to it. */
function ReplyQuote({ reply, onJump }: { reply: ReplyRef; onJump?: (id: string) => void }) {
  const who = reply.from ? reply.from.name : t('room_reply_unknown_author');
  return (
    <button
      type="button"
      class="reply-quote"
      data-testid="message-quote"
      onClick={() => onJump?.(reply.id)}
      aria-label={t('room_reply_quote_label', who, filteredLine(reply.snippet ?? ''))}
    >
      <span class="reply-author" dir="auto">
        {who}
      </span>{' '}
      {/* The space keeps the name and the snippet two words for speech input and copying (label in name). */}
      <span class="reply-snippet" dir="auto">
        {filteredLine(reply.snippet ?? '')}
      </span>
    </button>
  );
}

/** Reply, for one's own messages edit (while the window lasts) and delete, for others' More (block, mute, report). */
function Toolbar({
  message,
  mine,
  actions,
  dm,
}: {
  message: Message;
  mine: boolean;
  actions: MessageActions;
  dm: boolean;
}) {
  const editable = mine && message.kind === 'text' && Date.now() - message.at < EDIT_WINDOW_MS;
  const [confirming, setConfirming] = useState(false);
  if (confirming) {
    return (
      <div class="message-tools confirming" role="group" aria-label={t('room_delete_confirm_label')}>
        <span>{t('room_delete_for_everyone')}</span>
        <button
          type="button"
          class="tool danger"
          data-testid="message-delete-confirm"
          onClick={() => actions.remove(message)}
        >
          {t('room_delete')}
        </button>
        <button type="button" class="tool" onClick={() => setConfirming(false)}>
          {t('room_keep')}
        </button>
      </div>
    );
  }
  return (
    <div class="message-tools" role="toolbar" aria-label={t('room_message_actions')}>
      <button type="button" class="tool" data-testid="message-reply" onClick={() => actions.reply(message)}>
        {t('room_reply')}
      </button>
      {editable ? (
        <button type="button" class="tool" data-testid="message-edit" onClick={() => actions.edit(message)}>
          {t('room_edit')}
        </button>
      ) : null}
      {mine ? (
        <button type="button" class="tool" data-testid="message-delete" onClick={() => setConfirming(true)}>
          {t('room_delete')}
        </button>
      ) : (
        <SafetyMenu
          person={message.from}
          room={message.room}
          message={message}
          dm={dm}
          canMute={!dm}
          label="⋯"
          buttonClass="tool"
          title={t('room_more_actions_title', message.from.name)}
        />
      )}
    </div>
  );
}

/** Issue #14: at the strict word filter, someone else's message with a matched word, until Show. */
function HiddenText({ onShow }: { onShow(): void }) {
  return (
    <p class="message-text filtered" data-testid="message-filtered">
      {HIDDEN_WORDS}{' '}
      <button type="button" class="link" data-testid="message-filtered-show" onClick={onShow}>
        {t('room_show')}
      </button>
    </p>
  );
}

function Body({ message, mine, actions }: { message: Message; mine: boolean; actions?: MessageActions }) {
  const [shown, setShown] = useState(false);
  if (message.deletedAt !== undefined) {
    const byModerator = message.deletedBy === 'moderator';
    return (
      <p
        class="message-text deleted"
        data-testid="message-deleted"
        {...(byModerator ? { 'data-by': 'moderator' } : {})}
      >
        {byModerator ? t('room_removed_by_moderator') : t('room_message_deleted')}
      </p>
    );
  }
  if (message.kind === 'image') return <MessageImage message={message} />;
  const { body } = message;
  // The filter changes what others wrote, never the person's own words.
  if (!mine && !shown && hiddenByFilter(body.text)) return <HiddenText onShow={() => setShown(true)} />;
  return (
    <>
      {body.reply ? <ReplyQuote reply={body.reply} {...(actions ? { onJump: actions.jumpTo } : {})} /> : null}
      {body.quote ? (
        actions?.reveal ? (
          <MessageQuote quote={body.quote} reveal={actions.reveal} />
        ) : (
          <blockquote class="page-quote" dir="auto">
            {body.quote.text}
          </blockquote>
        )
      ) : null}
      <p class="message-text" dir="auto">
        <MessageText text={mine ? body.text : filtered(body.text)} />
        {message.editedAt !== undefined ? (
          <span class="edited" data-testid="message-edited" title={fullTime(message.editedAt)}>
            {' '}
            {t('room_edited')}
          </span>
        ) : null}
      </p>
    </>
  );
}

/** "<name> is muted here…": the name keeps its own direction inside the translated sentence. */
function MutedLine({ name }: { name: string }) {
  const marker = '\u0001';
  const [before = '', after = ''] = t('room_muted_here', marker).split(marker);
  return (
    <>
      {before}
      <span dir="auto">{name}</span>
      {after}
    </>
  );
}

/** A message the server has, in its current state. */
export function SentMessage({
  message,
  mine,
  self,
  continued,
  testId,
  tagOf,
  actions,
}: Shared & { message: Message; mine: boolean; self: Member | null; actions?: MessageActions }) {
  const safety = useContext(SafetyContext);
  const deliveries = useContext(DeliveryContext);
  const dm = testId === 'dm-message';
  if (safety && !mine) {
    const { id, room, from } = message;
    const shown = safety.revealed.value.has(id);
    const why = safety.isBlocked(from.id)
      ? t('room_from_blocked')
      : safety.isHidden(room, id)
        ? t('room_you_hid')
        : null;
    if (why !== null && !shown) {
      return (
        <li class="message collapsed" data-testid={testId} data-message-id={id} data-collapsed="true">
          <button
            type="button"
            class="quiet small"
            data-testid="collapsed-reveal"
            title={t('room_show_this_message')}
            onClick={() => safety.reveal(id)}
          >
            {why}
          </button>
        </li>
      );
    }
    if (!dm && safety.isMuted(room, from.id) && !safety.revealed.value.has(mutedKey(room, from.id))) {
      // One line for a run of their messages: the rest of the run says nothing more.
      if (continued) return null;
      return (
        <li class="message collapsed" data-testid={testId} data-message-id={id} data-collapsed="muted">
          <button
            type="button"
            class="quiet small"
            data-testid="muted-reveal"
            onClick={() => safety.reveal(mutedKey(room, from.id))}
          >
            <MutedLine name={from.name} />
          </button>
        </li>
      );
    }
  }
  const mentionsMe = self !== null && mentions(message, self.id);
  const classes = ['message', mine ? 'mine' : '', continued ? 'continued' : '', mentionsMe ? 'mentions-me' : '']
    .filter(Boolean)
    .join(' ');
  const live = message.deletedAt === undefined;
  const ours = message.reactions.filter((reaction) => reaction.mine).map((reaction) => reaction.emoji);
  const delivery = dm && mine ? deliveries?.states.value.get(message.id) : undefined;
  return (
    <li
      class={classes}
      data-testid={testId}
      data-author={message.from.id}
      data-message-id={message.id}
      data-kind={message.kind}
      {...(mentionsMe ? { 'data-mentions-me': 'true' } : {})}
      {...(delivery ? { 'data-delivery': delivery } : {})}
      onPointerEnter={titleWithFullTime}
    >
      <div class="message-meta">
        <Author person={message.from} continued={continued} tagOf={tagOf} />
        <time dateTime={new Date(message.at).toISOString()}>{clockTime(message.at)}</time>
        {delivery && deliveries ? <DeliveryMark state={delivery} peerName={deliveries.peerName} /> : null}
      </div>
      <Body message={message} mine={mine} {...(actions ? { actions } : {})} />
      {actions && live ? (
        <div class="message-hover">
          <ReactionBar mine={ours} onPick={(emoji) => actions.react(message, emoji, !ours.includes(emoji))} />
          <Toolbar message={message} mine={mine} actions={actions} dm={dm} />
        </div>
      ) : null}
      <ReactionChips
        reactions={message.reactions}
        {...(actions ? { onToggle: (emoji: string, on: boolean) => actions.react(message, emoji, on) } : {})}
      />
    </li>
  );
}

/** One of ours the server has not accepted yet: sending, or refused with Retry and Discard. */
export function HeldMessage({
  entry,
  self,
  continued,
  testId,
  tagOf,
  onRetry,
  onDiscard,
  retryBlocked = null,
}: Shared & {
  entry: OutboxEntry;
  self: Member | null;
  onRetry(clientId: string): void;
  onDiscard(clientId: string): void;
  /** Why Retry cannot work now (the other person is offline): said, and Retry waits. */
  retryBlocked?: string | null;
}) {
  return (
    <li
      class={`message mine ${entry.state}${continued ? ' continued' : ''}`}
      data-testid={testId}
      data-author={self?.id ?? ''}
      data-state={entry.state}
    >
      <div class="message-meta">
        {self ? (
          <Author person={self} continued={continued} tagOf={tagOf} />
        ) : (
          <span class="author">{t('room_you')}</span>
        )}
        <span class="message-state">{entry.state === 'pending' ? t('room_sending') : t('room_not_sent')}</span>
      </div>
      {entry.kind === 'text' ? (
        <p class="message-text" dir="auto">
          <MessageText text={entry.body.text} />
        </p>
      ) : (
        <p class="message-text">{t('room_picture')}</p>
      )}
      {entry.state === 'failed' ? (
        <div class="message-error" role="alert">
          <span>{entry.error}</span>
          {retryBlocked !== null ? <span class="retry-blocked">{retryBlocked}</span> : null}
          <button
            type="button"
            disabled={retryBlocked !== null}
            onClick={() => frameVisibility.guard(() => onRetry(entry.clientId), 'sent')}
          >
            {t('room_retry')}
          </button>
          <button
            type="button"
            class="quiet"
            onClick={() => frameVisibility.guard(() => onDiscard(entry.clientId), 'deleted')}
          >
            {t('room_discard')}
          </button>
        </div>
      ) : null}
    </li>
  );
}
