import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Member, Message } from '../../../protocol/index.ts';
import { placeMessages } from '../../lib/message-groups.ts';
import { markOnce, markOnceAfterPaint, TimingMark } from '../../lib/timing-marks.ts';
import type { OutboxEntry } from '../models/message-log.ts';
import type { OlderState } from '../models/room-history.ts';
import { plural, t } from '../../lib/i18n.ts';
import { HeldMessage, SentMessage, type MessageActions } from './MessageItem.tsx';

interface Props {
  messages: readonly Message[];
  /** What a person can do with each message. */
  actions?: MessageActions;
  /** A class for the list's box, to find it by (jumping to a message). */
  class?: string;
  outbox: readonly OutboxEntry[];
  self: Member | null;
  /** The tag after an author's name when it looks like someone else's (RoomModel.tagOf). */
  tagOf(person: Member): string | null;
  testId: 'message' | 'dm-message';
  label: string;
  empty: string;
  onRetry(clientId: string): void;
  onDiscard(clientId: string): void;
  /** Where the server has older messages (room only; DMs are all here already); `error`: the last page refused. */
  older?: { state: OlderState; error: string | null; load(): void };
  /** The message before which "New messages" goes (RoomModel.firstNew); none when null or absent. */
  firstNew?: string | null;
  /** Why a failed message's Retry cannot work now (HeldMessage). */
  retryBlocked?: string | null;
}

/** A line across the list with words in it: a day, or where the new messages begin. */
function Rule({ kind, children }: { kind: 'day' | 'new-messages'; children: ComponentChildren }) {
  return (
    <li class={`rule ${kind}`} data-testid={kind}>
      <span>{children}</span>
    </li>
  );
}

/** How many messages come after the one that was newest (all of them when it is gone). */
function arrivedAfter(
  messages: readonly Message[],
  outbox: readonly OutboxEntry[],
  newest: string | undefined,
): number {
  const ids = [...messages.map((message) => message.clientId), ...outbox.map((entry) => entry.clientId)];
  const at = newest === undefined ? -1 : ids.lastIndexOf(newest);
  return at === -1 ? 1 : ids.length - 1 - at;
}

// Within this many pixels of the bottom counts as reading the newest messages.
const STICK_PX = 32;
// Within this many pixels of the top, older messages are fetched.
const TOP_PX = 48;

/**
 * Above the oldest message: what lies before it, and a way to fetch it without scrolling; after
 * a refused page, why, and the same button to try again.
 */
function HistoryEdge({ state, error, load }: { state: OlderState; error: string | null; load(): void }) {
  if (state === 'loading') return <p class="history-edge">{t('room_loading_older')}</p>;
  if (state === 'start') return <p class="history-edge">{t('room_history_start')}</p>;
  return (
    <p class="history-edge">
      {error !== null ? (
        <span class="history-error" role="alert">
          {error}
        </span>
      ) : null}
      <button type="button" class="quiet small" onClick={load}>
        {error === null ? t('room_load_earlier') : t('room_try_again')}
      </button>
    </p>
  );
}

/** The time the days are named from, renewed at midnight so that "Today" becomes "Yesterday" in an open panel. */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const midnight = new Date(now).setHours(24, 0, 0, 0);
    const timer = setTimeout(() => setNow(Date.now()), midnight - Date.now());
    return () => clearTimeout(timer);
  }, [now]);
  return now;
}

/**
 * Messages oldest first, then our own not yet accepted. Follows new messages while the
 * reader is at the bottom; while they read older ones it offers a jump instead of moving.
 */
export function MessageList(props: Props) {
  const { messages, outbox, self, tagOf, testId, label, empty, onRetry, onDiscard, older, firstNew, actions } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  // Away from the bottom: the jump is offered, with how many arrived since.
  const [away, setAway] = useState(false);
  const [unseen, setUnseen] = useState(0);
  const failed = outbox.filter((entry) => entry.state === 'failed').length;
  // The clientId names a message from pending to accepted alike, so accepting ours is not news.
  const newest = outbox.at(-1)?.clientId ?? messages.at(-1)?.clientId;
  const previousNewest = useRef(newest);
  const outboxSize = useRef(outbox.length);
  const oldest = messages[0]?.id;
  const previousOldest = useRef(oldest);
  const height = useRef(0);
  const now = useNow();
  // Ours not yet accepted come last, so they group and take their day like the others.
  const placements = placeMessages(
    [
      ...messages.map((message) => ({ author: message.from.id, at: message.at })),
      ...outbox.map((entry) => ({ author: self?.id ?? '', at: entry.at })),
    ],
    now,
  );

  // For bench:extension: when a room's history first shows (lib/timing-marks.ts).
  useLayoutEffect(() => {
    if (testId !== 'message' || messages.length === 0) return;
    markOnce(TimingMark.firstMessage);
    markOnceAfterPaint(TimingMark.firstMessagePainted);
  }, [testId, messages.length > 0]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (outbox.length > outboxSize.current) atBottom.current = true;
    outboxSize.current = outbox.length;
    const before = previousNewest.current;
    previousNewest.current = newest;
    // A refusal adds its Retry row under the message: it is scrolled to like a new message.
    if (atBottom.current) element.scrollTop = element.scrollHeight;
    else if (newest !== before) setUnseen((count) => count + arrivedAfter(messages, outbox, before));
  }, [newest, outbox.length, failed]);

  // A list that shrinks (a smaller window, a notice above it) keeps the newest in view when it
  // showed them; otherwise the jump says there is more below.
  useEffect(() => {
    const element = scroller.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) element.scrollTop = element.scrollHeight;
      else setAway(true);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Messages added or dropped above keep what the reader is looking at in its place.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (oldest !== previousOldest.current && previousOldest.current !== undefined && !atBottom.current) {
      element.scrollTop += element.scrollHeight - height.current;
    }
    previousOldest.current = oldest;
    height.current = element.scrollHeight;
  });

  function onScroll(): void {
    const element = scroller.current;
    if (!element) return;
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight <= STICK_PX;
    setAway(!atBottom.current);
    if (atBottom.current) setUnseen(0);
    // After a refusal only the button asks again: scrolling would repeat the refused request.
    if (element.scrollTop <= TOP_PX && older?.state === 'more' && older.error === null) older.load();
  }

  function jump(): void {
    const element = scroller.current;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    atBottom.current = true;
    setAway(false);
    setUnseen(0);
  }

  return (
    <div class={props.class ? `messages ${props.class}` : 'messages'}>
      <div class="messages-scroll" ref={scroller} onScroll={onScroll}>
        {messages.length + outbox.length === 0 ? <p class="empty">{empty}</p> : null}
        {older && messages.length > 0 ? (
          <HistoryEdge state={older.state} error={older.error} load={older.load} />
        ) : null}
        <ol aria-label={label} aria-live="polite">
          {placements.map(({ day, continued }, index) => {
            const message = messages[index];
            const entry = outbox[index - messages.length];
            const isNew = message !== undefined && message.id === firstNew;
            const shared = { continued: continued && !isNew, testId, tagOf };
            return [
              day === null ? null : (
                <Rule key={`day-${day}`} kind="day">
                  {day}
                </Rule>
              ),
              isNew ? (
                <Rule key="new-messages" kind="new-messages">
                  {t('room_new_messages')}
                </Rule>
              ) : null,
              message ? (
                <SentMessage
                  key={message.id}
                  message={message}
                  mine={message.from.id === self?.id}
                  self={self}
                  {...(actions ? { actions } : {})}
                  {...shared}
                />
              ) : entry ? (
                <HeldMessage
                  key={entry.clientId}
                  entry={entry}
                  self={self}
                  onRetry={onRetry}
                  onDiscard={onDiscard}
                  retryBlocked={props.retryBlocked ?? null}
                  {...shared}
                />
              ) : null,
            ];
          })}
        </ol>
      </div>
      {away || unseen > 0 ? (
        <button type="button" class="jump" data-testid="jump-newest" onClick={jump}>
          {unseen > 0 ? plural('room_jump_newest_unseen', unseen) : t('room_jump_newest')}
        </button>
      ) : null}
    </div>
  );
}
