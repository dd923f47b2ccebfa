import type { ReadonlySignal } from '@preact/signals';
import type { TargetedKeyboardEvent, TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { TEXT_MAX_CHARS, charCount, textProblem, type Member } from '../../../protocol/index.ts';
import { plural, t } from '../../lib/i18n.ts';
import type { ComposerState } from '../models/composer-state.ts';
import { frameVisibility } from '../frame-visibility.ts';
import type { ImageUpload } from '../models/image-upload.ts';
import { CoveredNotice } from './CoveredNotice.tsx';
import { AttachButton, firstFile, UploadStatus } from './ImageAttach.tsx';
import { MentionSuggestions, mentionQuery, suggestionsFor } from './MentionSuggestions.tsx';
import { filteredLine } from '../models/word-filter.ts';

interface Props {
  draft: ReadonlySignal<string>;
  onDraft(text: string): void;
  /** Sends a plain message; with `state`, its `submit` sends instead (replies, mentions, edits). */
  onSend(): void;
  label: string;
  placeholder: string;
  testId: 'composer' | 'dm-composer';
  sendTestId: 'send' | 'dm-send';
  /** Replies, mentions, quotes and edits. */
  state?: ComposerState;
  self?: Member | null;
  /** Who `@` suggests. */
  people?: readonly Member[];
  /** Pictures: the attach button, and pasting one; absent where pictures cannot go (a relay without them). */
  upload?: ImageUpload;
  /** Why nothing can be sent now (the other person of a DM is offline): said, and Send is off. Drafting goes on. */
  blocked?: string | null;
}

// The count appears only near the limit, where it helps; earlier it is noise.
const SHOW_REMAINING_BELOW = 200;

// Stand-ins for the name and the snippet in the translated "Replying to …", which may put them
// in any order (private-use characters, which no translation holds); each is rendered as its own
// element, keeping its own direction.
const NAME = '\uE000';
const SNIPPET = '\uE001';

/** What the next message answers, or that an edit is under way, with a way out. */
function Context({ state }: { state: ComposerState }) {
  const editing = state.editing.value;
  const reply = state.replyTo.value;
  if (editing !== null) {
    return (
      <div class="composer-context" data-testid="edit-preview">
        <span>{t('compose_editing')}</span>
        <button type="button" class="quiet small" onClick={() => state.cancelEdit()}>
          {t('compose_cancel')}
        </button>
      </div>
    );
  }
  if (reply === null) return null;
  const start =
    reply.body === null
      ? reply.deletedBy === 'moderator'
        ? t('compose_reply_removed')
        : t('compose_reply_deleted')
      : reply.kind === 'text'
        ? filteredLine(reply.body.text)
        : t('compose_reply_image');
  return (
    <div class="composer-context" data-testid="reply-preview">
      <span class="reply-to">
        {t('compose_replying_to', NAME, SNIPPET)
          .split(/(\uE000|\uE001)/)
          .map((part) =>
            part === NAME ? (
              <strong key="name" dir="auto">
                <bdi>{reply.from.name}</bdi>
              </strong>
            ) : part === SNIPPET ? (
              <bdi key="snippet" class="reply-snippet">
                {start}
              </bdi>
            ) : (
              part
            ),
          )}
      </span>
      <button
        type="button"
        class="quiet small"
        aria-label={t('compose_cancel_reply')}
        onClick={() => state.cancelReply()}
      >
        ✕
      </button>
    </div>
  );
}

/**
 * Enter sends, Shift+Enter starts a new line; Enter that confirms an IME composition does
 * neither. `@` suggests people; up-arrow in an empty composer edits one's last message.
 */
export function Composer(props: Props) {
  const { draft, onDraft, onSend, label, placeholder, testId, sendTestId, state, self, people = [], upload } = props;
  const blocked = props.blocked ?? null;
  const text = draft.value;
  const problem = textProblem(text);
  const remaining = TEXT_MAX_CHARS - charCount(text);
  const area = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const query = state ? mentionQuery(text, caret) : null;
  const suggestions =
    query === null || query.text === dismissed ? [] : suggestionsFor(query.text, people, self?.id ?? null);
  const focusRequests = state?.focusRequests.value ?? 0;

  // Reply and Edit are clicked on a message: what comes next is typing, so the caret goes here, at the end.
  useEffect(() => {
    const element = area.current;
    if (focusRequests === 0 || !element) return;
    element.focus();
    element.setSelectionRange(element.value.length, element.value.length);
  }, [focusRequests]);

  function send(): void {
    if (problem !== null || blocked !== null) return;
    // A refused send leaves the draft, the reply and the edit as they were.
    frameVisibility.guard(() => (state ? void state.submit() : onSend()), state?.editing.peek() ? 'changed' : 'sent');
  }

  function pick(member: Member): void {
    if (!state || query === null) return;
    const before = text.slice(0, query.start);
    const after = text.slice(caret);
    const inserted = `@${member.name} `;
    state.mention(member);
    onDraft(before + inserted + after);
    const at = before.length + inserted.length;
    setCaret(at);
    setActive(0);
    requestAnimationFrame(() => area.current?.setSelectionRange(at, at));
  }

  function onKeyDown(event: TargetedKeyboardEvent<HTMLTextAreaElement>): void {
    if (suggestions.length > 0 && query !== null) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((active + step + suggestions.length) % suggestions.length);
        return;
      }
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        event.preventDefault();
        const chosen = suggestions[Math.min(active, suggestions.length - 1)];
        if (chosen) pick(chosen);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(query.text);
        return;
      }
    }
    if (event.key === 'Escape' && state?.editing.value) {
      event.preventDefault();
      state.cancelEdit();
      return;
    }
    if (event.key === 'ArrowUp' && text === '' && state?.editLast(self?.id)) {
      event.preventDefault();
      return;
    }
    // Safari ends a composition with a keydown that has isComposing false but keyCode 229.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    send();
  }

  function onSubmit(event: TargetedSubmitEvent<HTMLFormElement>): void {
    event.preventDefault();
    send();
  }

  const listId = `${testId}-mentions`;
  const activeId = suggestions.length > 0 ? `${listId}-${Math.min(active, suggestions.length - 1)}` : undefined;
  return (
    <form class="composer" onSubmit={onSubmit}>
      {state ? <Context state={state} /> : null}
      {suggestions.length > 0 ? (
        <MentionSuggestions id={listId} people={suggestions} active={active} tagOf={null} onPick={pick} />
      ) : null}
      {upload ? <UploadStatus upload={upload} /> : null}
      <CoveredNotice />
      <textarea
        ref={area}
        data-testid={testId}
        aria-label={label}
        placeholder={placeholder}
        rows={2}
        value={text}
        aria-controls={suggestions.length > 0 ? listId : undefined}
        aria-autocomplete={state ? 'list' : undefined}
        aria-activedescendant={activeId}
        aria-describedby={blocked !== null ? `${testId}-blocked` : undefined}
        onInput={(event) => {
          setCaret(event.currentTarget.selectionStart);
          setActive(0);
          onDraft(event.currentTarget.value);
        }}
        onKeyDown={onKeyDown}
        onKeyUp={(event) => setCaret(event.currentTarget.selectionStart)}
        onPaste={(event) => {
          const file = upload ? firstFile(event.clipboardData?.files) : null;
          if (!upload || !file) return;
          event.preventDefault();
          void upload.attach(file);
        }}
        onClick={(event) => setCaret(event.currentTarget.selectionStart)}
      />
      {blocked !== null ? (
        <p class="composer-blocked" id={`${testId}-blocked`} data-testid="composer-blocked">
          {blocked}
        </p>
      ) : null}
      <div class="composer-foot">
        {upload ? <AttachButton upload={upload} /> : null}
        {remaining <= SHOW_REMAINING_BELOW ? (
          <span class={remaining < 0 ? 'remaining over' : 'remaining'}>
            {remaining < 0 ? plural('compose_chars_over', -remaining) : plural('compose_chars_left', remaining)}
          </span>
        ) : null}
        {/* textProblem's words are the protocol's, for developers; blank and too long are said
            otherwise, so what is left here is a character the relay refuses. */}
        {problem !== null && remaining >= 0 && text.trim() !== '' ? (
          <span class="problem">{t('compose_text_unsendable')}</span>
        ) : null}
        <button type="submit" data-testid={sendTestId} disabled={problem !== null || blocked !== null}>
          {state?.editing.value ? t('compose_save') : t('compose_send')}
        </button>
      </div>
    </form>
  );
}
