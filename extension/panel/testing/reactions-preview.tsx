/**
 * The reactions UI on one message, over local state instead of the room model: what the
 * real-Chromium test of the picker (e2e/emoji-picker.e2e.ts) drives in the panel page until the
 * message model carries reactions. Only an e2e build (`wxt build --mode e2e`) contains it:
 * main.tsx imports it behind `import.meta.env.MODE`, which a production build folds away.
 */
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { SentMessage } from '../components/MessageItem.tsx';
import type { Reaction } from '../components/ReactionChips.tsx';

const AUTHOR = { id: 'preview-author-0000', name: 'Ada' };
const MESSAGE = {
  id: 'preview-1',
  clientId: 'preview-1',
  from: AUTHOR,
  text: 'Otters hold hands while they sleep.',
  at: Date.now(),
};

/** Adds or takes back one reaction of ours, as the model folds them. */
function toggled(reactions: readonly Reaction[], emoji: string, on: boolean): Reaction[] {
  const present = reactions.some((reaction) => reaction.emoji === emoji);
  const next = present ? [...reactions] : [...reactions, { emoji, count: 0, mine: false }];
  return next
    .map((reaction) =>
      reaction.emoji !== emoji || reaction.mine === on
        ? reaction
        : { emoji, count: reaction.count + (on ? 1 : -1), mine: on },
    )
    .filter((reaction) => reaction.count > 0);
}

function ReactionsPreview() {
  const [reactions, setReactions] = useState<readonly Reaction[]>([
    { emoji: '👍', count: 2, mine: false },
    { emoji: '🎉', count: 1, mine: true },
  ]);
  return (
    <div class="panel">
      <div class="body">
        <div class="messages">
          <div class="messages-scroll">
            <ol aria-label="Messages" aria-live="polite">
              <SentMessage
                message={MESSAGE}
                mine={false}
                continued={false}
                testId="message"
                tagOf={() => null}
                reactions={reactions}
                onReact={(emoji, on) => setReactions((current) => toggled(current, emoji, on))}
              />
            </ol>
          </div>
        </div>
      </div>
    </div>
  );
}

export function mountReactionsPreview(root: HTMLElement): void {
  render(<ReactionsPreview />, root);
}
