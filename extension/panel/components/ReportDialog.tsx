import { useContext, useEffect, useId, useRef, useState } from 'preact/hooks';
import { REPORT_NOTE_MAX_CHARS, type ReportReason, type ReportSendRequest } from '../../../protocol/index.ts';
import { explainError } from '../../lib/explain-error.ts';
import type { ReportSubject } from '../models/safety.ts';
import { SafetyContext } from './safety-context.ts';
import { t } from '../../lib/i18n.ts';

const reasons = (): { value: ReportReason; label: string }[] => [
  { value: 'spam', label: t('dm_reason_spam') },
  { value: 'harassment', label: t('dm_reason_harassment') },
  { value: 'hate', label: t('dm_reason_hate') },
  { value: 'sexual', label: t('dm_reason_sexual') },
  { value: 'other', label: t('dm_reason_else') },
];

interface Props extends ReportSubject {
  onClose(): void;
}

const FOCUSABLE = 'button:not([disabled]), select, textarea, input';

/**
 * Reporting a message or a person to the operator of this relay: a modal dialog over the
 * panel (focus kept inside, Escape cancels, focus goes back to the More that opened it). A refusal
 * is said in words and keeps everything typed, so trying again loses nothing.
 */
export function ReportDialog({ person, room, message, dm, onClose }: Props) {
  const safety = useContext(SafetyContext);
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const [reason, setReason] = useState<ReportReason | ''>('');
  const [note, setNote] = useState('');
  const [include, setInclude] = useState(false);
  const [hide, setHide] = useState(false);
  const [state, setState] = useState<'editing' | 'sending' | 'sent'>('editing');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    box.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
  }, [state === 'sent']);

  if (!safety) return null;
  const noteLength = [...note].length;
  const tooLong = noteLength > REPORT_NOTE_MAX_CHARS;
  const words = dm && message?.kind === 'text' && message.body !== null ? message.body.text : null;
  const includable = words !== null;

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (!safety || reason === '' || tooLong || state !== 'editing') return;
    const trimmed = note.trim();
    const request: ReportSendRequest = {
      room,
      user: person.id,
      reason,
      ...(trimmed ? { note: trimmed } : {}),
      ...(message ? { messageId: message.id } : {}),
      ...(message && dm ? { dm: true } : {}),
      ...(words !== null && include ? { text: words } : {}),
    };
    setState('sending');
    setError(null);
    const answer = await safety.report(request);
    if (!answer.ok) {
      setError(explainError(answer.error));
      setState('editing');
      return;
    }
    setState('sent');
  }

  // Hidden as the dialog closes, so the person sees the confirmation over the message first.
  function close(): void {
    if (state === 'sent' && hide && message) void safety?.hide(room, message.id);
    onClose();
  }

  // Tab and Shift+Tab go round inside the dialog; Escape cancels it.
  function onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = [...(box.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    const first = items[0];
    const last = items.at(-1);
    if (event.shiftKey && document.activeElement === first) {
      last?.focus();
      event.preventDefault();
    } else if (!event.shiftKey && document.activeElement === last) {
      first?.focus();
      event.preventDefault();
    }
  }

  const heading = message ? t('dm_report_title_message', person.name) : t('dm_report_title_person', person.name);
  return (
    <div class="dialog-backdrop">
      <div
        class="report-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="report-dialog"
        ref={box}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} dir="auto">
          {heading}
        </h2>
        {state === 'sent' ? (
          <>
            <p role="status" data-testid="report-sent">
              {t('dm_report_sent')}
            </p>
            <div class="choices">
              <button type="button" data-testid="report-close" onClick={close}>
                {t('dm_report_close')}
              </button>
            </div>
          </>
        ) : (
          <form onSubmit={(event) => void submit(event)}>
            <label>
              {t('dm_report_why')}
              <select
                data-testid="report-reason"
                required
                value={reason}
                onChange={(event) => setReason(event.currentTarget.value as ReportReason | '')}
              >
                <option value="" disabled>
                  {t('dm_report_choose_reason')}
                </option>
                {reasons().map(({ value, label }) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('dm_report_note')}
              <textarea
                data-testid="report-note"
                rows={3}
                value={note}
                aria-describedby={`${titleId}-count`}
                onInput={(event) => setNote(event.currentTarget.value)}
              />
            </label>
            <p id={`${titleId}-count`} class={tooLong ? 'count over' : 'count'}>
              {noteLength}/{REPORT_NOTE_MAX_CHARS}
            </p>
            {includable ? (
              <label class="check">
                <input
                  type="checkbox"
                  data-testid="report-include"
                  checked={include}
                  onChange={(event) => setInclude(event.currentTarget.checked)}
                />
                {t('dm_report_include')}
              </label>
            ) : null}
            {message ? (
              <label class="check">
                <input
                  type="checkbox"
                  data-testid="report-hide"
                  checked={hide}
                  onChange={(event) => setHide(event.currentTarget.checked)}
                />
                {t('dm_report_hide')}
              </label>
            ) : null}
            {error !== null ? (
              <p class="report-error" role="alert" data-testid="report-error">
                {error}
              </p>
            ) : null}
            <div class="choices">
              <button type="button" class="quiet" onClick={onClose}>
                {t('dm_cancel')}
              </button>
              <button
                type="submit"
                data-testid="report-submit"
                disabled={reason === '' || tooLong || state === 'sending'}
              >
                {state === 'sending' ? t('dm_report_sending') : t('dm_report_send')}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}
