import type { Member } from '../../../protocol/index.ts';
import { clockTime, fullTime } from '../../lib/clock-time.ts';
import type { LoggedMessage, OutboxEntry } from '../models/message-log.ts';
import { MessageText } from './MessageText.tsx';
import { PersonName } from './PersonName.tsx';
import { ReactionBar } from './ReactionBar.tsx';
import { ReactionChips, type Reaction } from './ReactionChips.tsx';

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

/** A message the server has. */
export function SentMessage({
  message,
  mine,
  continued,
  testId,
  tagOf,
  reactions = [],
  onReact,
}: Shared & {
  message: LoggedMessage;
  mine: boolean;
  /** Its reactions, folded by emoji; the quick bar and the chips show only with `onReact`. */
  reactions?: readonly Reaction[];
  /** Adds (`on`) or takes back this person's reaction `emoji`. */
  onReact?(emoji: string, on: boolean): void;
}) {
  const classes = ['message', mine ? 'mine' : '', continued ? 'continued' : ''].filter(Boolean).join(' ');
  return (
    <li
      class={classes}
      data-testid={testId}
      data-author={message.from.id}
      data-message-id={message.id}
      onPointerEnter={titleWithFullTime}
    >
      <div class="message-meta">
        <Author person={message.from} continued={continued} tagOf={tagOf} />
        <time dateTime={new Date(message.at).toISOString()}>{clockTime(message.at)}</time>
      </div>
      <p class="message-text" dir="auto">
        <MessageText text={message.text} />
      </p>
      {onReact ? <Reactions reactions={reactions} onReact={onReact} /> : null}
    </li>
  );
}

/** The quick bar and the chips; picking an emoji that is already ours takes it back, as its chip does. */
function Reactions({
  reactions,
  onReact,
}: {
  reactions: readonly Reaction[];
  onReact(emoji: string, on: boolean): void;
}) {
  const ours = reactions.filter((reaction) => reaction.mine).map((reaction) => reaction.emoji);
  return (
    <>
      <ReactionBar mine={ours} onPick={(emoji) => onReact(emoji, !ours.includes(emoji))} />
      <ReactionChips reactions={reactions} onToggle={onReact} />
    </>
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
}: Shared & {
  entry: OutboxEntry;
  self: Member | null;
  onRetry(clientId: string): void;
  onDiscard(clientId: string): void;
}) {
  return (
    <li
      class={`message mine ${entry.state}${continued ? ' continued' : ''}`}
      data-testid={testId}
      data-author={self?.id ?? ''}
      data-state={entry.state}
    >
      <div class="message-meta">
        {self ? <Author person={self} continued={continued} tagOf={tagOf} /> : <span class="author">You</span>}
        <span class="message-state">{entry.state === 'pending' ? 'sending…' : 'not sent'}</span>
      </div>
      <p class="message-text" dir="auto">
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
  );
}
