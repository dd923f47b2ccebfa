import type { ReadonlySignal } from '@preact/signals';
import type { TargetedKeyboardEvent, TargetedSubmitEvent } from 'preact';
import { TEXT_MAX_CHARS, charCount, textProblem } from '../../../protocol/index.ts';

interface Props {
  draft: ReadonlySignal<string>;
  onDraft(text: string): void;
  onSend(): void;
  label: string;
  placeholder: string;
  testId: 'composer' | 'dm-composer';
  sendTestId: 'send' | 'dm-send';
}

// The count appears only near the limit, where it helps; earlier it is noise.
const SHOW_REMAINING_BELOW = 200;

/** Enter sends, Shift+Enter starts a new line; Enter that confirms an IME composition does neither. */
export function Composer({ draft, onDraft, onSend, label, placeholder, testId, sendTestId }: Props) {
  const text = draft.value;
  const problem = textProblem(text);
  const remaining = TEXT_MAX_CHARS - charCount(text);

  function onKeyDown(event: TargetedKeyboardEvent<HTMLTextAreaElement>): void {
    // Safari ends a composition with a keydown that has isComposing false but keyCode 229.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    if (problem === null) onSend();
  }

  function onSubmit(event: TargetedSubmitEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (problem === null) onSend();
  }

  return (
    <form class="composer" onSubmit={onSubmit}>
      <textarea
        data-testid={testId}
        aria-label={label}
        placeholder={placeholder}
        rows={2}
        value={text}
        onInput={(event) => onDraft(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <div class="composer-foot">
        {remaining <= SHOW_REMAINING_BELOW ? (
          <span class={remaining < 0 ? 'remaining over' : 'remaining'}>
            {remaining < 0 ? `${-remaining} characters too many` : `${remaining} characters left`}
          </span>
        ) : null}
        {problem !== null && remaining >= 0 && text.trim() !== '' ? <span class="problem">{problem}</span> : null}
        <button type="submit" data-testid={sendTestId} disabled={problem !== null}>
          Send
        </button>
      </div>
    </form>
  );
}
