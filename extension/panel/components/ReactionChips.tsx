import { formatNumber, plural, t } from '../../lib/i18n.ts';

/** One emoji's reactions on a message, as the message model folds them. */
export interface Reaction {
  emoji: string;
  count: number;
  /** This person reacted with it. */
  mine: boolean;
}

/** "👍 3 reactions, including yours": what a chip says, since its pressed state alone is easy to miss. */
export function reactionLabel({ emoji, count, mine }: Reaction): string {
  if (mine && count === 1) return t('notice_reaction_yours_only', emoji);
  return plural(mine ? 'notice_reactions_with_yours' : 'notice_reactions', count, emoji);
}

/**
 * The reactions under a message: one chip per emoji with its count, pressed where it is ours.
 * A click adds ours, or takes it back; without `onToggle` (nowhere to send a reaction) they only show.
 */
export function ReactionChips({
  reactions,
  onToggle,
}: {
  reactions: readonly Reaction[];
  onToggle?: (emoji: string, on: boolean) => void;
}) {
  if (reactions.length === 0) return null;
  return (
    <div class="reactions" role="group" aria-label={t('notice_reactions_label')}>
      {reactions.map((reaction) => (
        <button
          key={reaction.emoji}
          type="button"
          class="reaction"
          data-testid="reaction"
          data-emoji={reaction.emoji}
          data-count={reaction.count}
          aria-pressed={reaction.mine}
          aria-label={reactionLabel(reaction)}
          title={reaction.mine ? t('notice_take_back_reaction') : t('room_react_with', reaction.emoji)}
          disabled={onToggle === undefined}
          onClick={() => onToggle?.(reaction.emoji, !reaction.mine)}
        >
          <span class="reaction-emoji" aria-hidden="true">
            {reaction.emoji}
          </span>
          <span class="reaction-count" aria-hidden="true">
            {formatNumber(reaction.count)}
          </span>
        </button>
      ))}
    </div>
  );
}
