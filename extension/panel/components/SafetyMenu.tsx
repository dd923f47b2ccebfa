import { useContext, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Member, Message, RoomKey } from '../../../protocol/index.ts';
import { SafetyContext } from './safety-context.ts';
import { t } from '../../lib/i18n.ts';

const HOUR_MS = 3_600_000;

/** The mute lengths offered: an hour, a working day, or until the person lifts it. */
const muteChoices = (): { label: string; forMs: number | null; testId: string }[] => [
  { label: t('dm_mute_1h'), forMs: HOUR_MS, testId: 'mute-1h' },
  { label: t('dm_mute_8h'), forMs: 8 * HOUR_MS, testId: 'mute-8h' },
  { label: t('dm_mute_until_unmuted'), forMs: null, testId: 'mute-until-unmuted' },
];

/** A message with `$1` in it, split around `$1` (to set the name apart in markup). */
const around = (text: string): [string, string] => {
  const [before = '', after = ''] = text.split('\uE000');
  return [before, after];
};

interface Props {
  person: Member;
  /** The room the person is in here: where a mute applies and a report is filed. */
  room: RoomKey;
  /** The message the menu sits on, for "Report message"; absent on a person (chip, DM header). */
  message?: Message;
  /** A DM: its words go to the operator only if the reporter includes them. */
  dm?: boolean;
  /** Mute is offered in a room, not in a private conversation. */
  canMute?: boolean;
  /** The button's class and words: "⋯" on a message, "More" elsewhere. */
  label: string;
  buttonClass: string;
  /** The button's accessible name. */
  title: string;
}

type Step = 'closed' | 'menu' | 'confirm-block' | 'mute';

/**
 * "More" on a message, a person's chip or a conversation: Block (after a one-line
 * confirmation), Mute here for a while, Report. A menu in the ARIA sense: arrow keys move
 * between its items, Escape closes it and gives focus back to its button.
 */
export function SafetyMenu({ person, room, message, dm = false, canMute = true, label, buttonClass, title }: Props) {
  const safety = useContext(SafetyContext);
  const [step, setStep] = useState<Step>('closed');
  const button = useRef<HTMLButtonElement>(null);
  const popup = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<Record<string, string>>({});

  // Fixed to the viewport beside its button: the member list and a message clip what overflows them.
  useLayoutEffect(() => {
    const anchor = button.current?.getBoundingClientRect();
    if (step === 'closed' || !anchor) return;
    const right = Math.max(4, window.innerWidth - anchor.right);
    const below = window.innerHeight - anchor.bottom;
    setPlace(
      below >= (popup.current?.offsetHeight ?? 0) + 8 || below >= anchor.top
        ? { top: `${anchor.bottom + 4}px`, right: `${right}px` }
        : { bottom: `${window.innerHeight - anchor.top + 4}px`, right: `${right}px` },
    );
  }, [step]);

  // Each step starts on its first control, so a keyboard user goes on where they are.
  useEffect(() => {
    if (step !== 'closed') popup.current?.querySelector<HTMLElement>('button')?.focus();
  }, [step]);

  // A press anywhere else closes it, as menus do.
  useEffect(() => {
    if (step === 'closed') return;
    const away = (event: PointerEvent): void => {
      const target = event.target as Node | null;
      if (target && !popup.current?.contains(target) && !button.current?.contains(target)) setStep('closed');
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [step]);

  if (!safety) return null;
  const blocked = safety.isBlocked(person.id);
  const muted = safety.isMuted(room, person.id);
  const [confirmBefore, confirmAfter] = around(t('dm_block_confirm', '\uE000'));

  const close = (): void => {
    setStep('closed');
    button.current?.focus();
  };

  function onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const items = [...(popup.current?.querySelectorAll<HTMLElement>('button') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = (at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
    items[next]?.focus();
    event.preventDefault();
  }

  const act = (work: () => Promise<void>): void => {
    void work();
    close();
  };

  return (
    <span class="safety">
      <button
        ref={button}
        type="button"
        class={buttonClass}
        aria-haspopup="menu"
        aria-expanded={step !== 'closed'}
        aria-label={title}
        title={title}
        data-testid="more-actions"
        onClick={() => setStep(step === 'closed' ? 'menu' : 'closed')}
      >
        {label}
      </button>
      {step === 'menu' ? (
        <div class="safety-popover" style={place} role="menu" aria-label={title} ref={popup} onKeyDown={onKeyDown}>
          {blocked ? (
            <button
              type="button"
              role="menuitem"
              data-testid="unblock-user"
              onClick={() => act(() => safety.unblock(person.id))}
            >
              {t('dm_menu_unblock', person.name)}
            </button>
          ) : (
            <button type="button" role="menuitem" data-testid="block-user" onClick={() => setStep('confirm-block')}>
              {t('dm_menu_block', person.name)}
            </button>
          )}
          {canMute ? (
            muted ? (
              <button
                type="button"
                role="menuitem"
                data-testid="unmute-user"
                onClick={() => act(() => safety.unmute(room, person.id))}
              >
                {t('dm_menu_unmute')}
              </button>
            ) : (
              <button type="button" role="menuitem" data-testid="mute-user" onClick={() => setStep('mute')}>
                {t('dm_menu_mute')}
              </button>
            )
          ) : null}
          <button
            type="button"
            role="menuitem"
            data-testid={message ? 'report-message' : 'report-user'}
            onClick={() => {
              setStep('closed');
              safety.startReport({ person, room, dm, ...(message ? { message } : {}) }, button.current);
            }}
          >
            {message ? t('dm_menu_report_message') : t('dm_menu_report_person', person.name)}
          </button>
        </div>
      ) : null}
      {step === 'confirm-block' ? (
        <div
          class="safety-popover confirm"
          style={place}
          role="alertdialog"
          aria-label={t('dm_block_confirm_label', person.name)}
          ref={popup}
          onKeyDown={onKeyDown}
        >
          <p>
            {confirmBefore}
            <strong dir="auto">{person.name}</strong>
            {confirmAfter}
          </p>
          <div class="choices">
            <button
              type="button"
              class="danger"
              data-testid="block-confirm"
              onClick={() => act(() => safety.block({ id: person.id, name: person.name }))}
            >
              {t('dm_block_confirm_button')}
            </button>
            <button type="button" class="quiet" onClick={close}>
              {t('dm_cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {step === 'mute' ? (
        <div
          class="safety-popover"
          style={place}
          role="menu"
          aria-label={t('dm_mute_label', person.name)}
          ref={popup}
          onKeyDown={onKeyDown}
        >
          <p class="menu-title">{t('dm_mute_label', person.name)}</p>
          {muteChoices().map((choice) => (
            <button
              key={choice.testId}
              type="button"
              role="menuitem"
              data-testid={choice.testId}
              onClick={() => act(() => safety.mute(room, { id: person.id, name: person.name }, choice.forMs))}
            >
              {choice.label}
            </button>
          ))}
        </div>
      ) : null}
    </span>
  );
}
