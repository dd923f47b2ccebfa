import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Member } from '../../../protocol/index.ts';
import { clockTime, fullTime } from '../../lib/clock-time.ts';
import type { LoggedMessage, OutboxEntry } from '../models/message-log.ts';
import type { OlderState } from '../models/room-history.ts';
import { MessageText } from './MessageText.tsx';
import { PersonName } from './PersonName.tsx';

/**
 * The full date is a tooltip, so it is formatted when the pointer arrives, not with the message:
 * a panel process's first toLocaleString loads ICU (about 40 ms here), which would otherwise
 * delay the first messages of the first panel.
 */
function titleWithFullTime({ currentTarget: time }: { currentTarget: HTMLTimeElement }): void {
  if (!time.title) time.title = fullTime(Date.parse(time.dateTime));
}

interface Props {
  messages: readonly LoggedMessage[];
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
  if (state === 'loading') return <p class="history-edge">Loading…</p>;
  if (state === 'start') return <p class="history-edge">Beginning of the conversation</p>;
  return (
    <p class="history-edge">
      {error !== null ? (
        <span class="history-error" role="alert">
          {error}
        </span>
      ) : null}
      <button type="button" class="quiet small" onClick={load}>
        {error === null ? 'Load earlier messages' : 'Try again'}
      </button>
    </p>
  );
}

/**
 * Messages oldest first, then our own not yet accepted. Follows new messages while the
 * reader is at the bottom; while they read older ones it offers a jump instead of moving.
 */
export function MessageList({ messages, outbox, self, tagOf, testId, label, empty, onRetry, onDiscard, older }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [unseen, setUnseen] = useState(false);
  // The clientId names a message from pending to accepted alike, so accepting ours is not news.
  const newest = outbox.at(-1)?.clientId ?? messages.at(-1)?.clientId;
  const previousNewest = useRef(newest);
  const outboxSize = useRef(outbox.length);
  const oldest = messages[0]?.id;
  const previousOldest = useRef(oldest);
  const height = useRef(0);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (outbox.length > outboxSize.current) atBottom.current = true;
    outboxSize.current = outbox.length;
    const arrived = newest !== previousNewest.current;
    previousNewest.current = newest;
    if (atBottom.current) element.scrollTop = element.scrollHeight;
    else if (arrived) setUnseen(true);
  }, [newest, outbox.length]);

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
    if (atBottom.current) setUnseen(false);
    // After a refusal only the button asks again: scrolling would repeat the refused request.
    if (element.scrollTop <= TOP_PX && older?.state === 'more' && older.error === null) older.load();
  }

  function jump(): void {
    const element = scroller.current;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    atBottom.current = true;
    setUnseen(false);
  }

  return (
    <div class="messages">
      <div class="messages-scroll" ref={scroller} onScroll={onScroll}>
        {messages.length + outbox.length === 0 ? <p class="empty">{empty}</p> : null}
        {older && messages.length > 0 ? (
          <HistoryEdge state={older.state} error={older.error} load={older.load} />
        ) : null}
        <ol aria-label={label} aria-live="polite">
          {messages.map((message) => (
            <li
              key={message.id}
              class={message.from.id === self?.id ? 'message mine' : 'message'}
              data-testid={testId}
              data-author={message.from.id}
            >
              <div class="message-meta">
                <span class="author">
                  <PersonName person={message.from} tag={tagOf(message.from)} />
                </span>
                <time dateTime={new Date(message.at).toISOString()} onPointerEnter={titleWithFullTime}>
                  {clockTime(message.at)}
                </time>
              </div>
              <p class="message-text">
                <MessageText text={message.text} />
              </p>
            </li>
          ))}
          {outbox.map((entry) => (
            <li
              key={entry.clientId}
              class={`message mine ${entry.state}`}
              data-testid={testId}
              data-author={self?.id ?? ''}
              data-state={entry.state}
            >
              <div class="message-meta">
                <span class="author">{self ? <PersonName person={self} tag={tagOf(self)} /> : 'You'}</span>
                <span class="message-state">{entry.state === 'pending' ? 'sending…' : 'not sent'}</span>
              </div>
              <p class="message-text">
                <MessageText text={entry.text} />
              </p>
              {entry.state === 'failed' ? (
                <div class="message-error" role="alert">
                  <span>{entry.error}</span>
                  <button type="button" onClick={() => onRetry(entry.clientId)}>
                    Retry
                  </button>
                  <button type="button" class="quiet" onClick={() => onDiscard(entry.clientId)}>
                    Discard
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      </div>
      {unseen ? (
        <button type="button" class="jump" onClick={jump}>
          Jump to new messages ↓
        </button>
      ) : null}
    </div>
  );
}
