import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';
import { EmojiPicker } from './EmojiPicker.tsx';
import { pickerPlace, type PickerPlace } from './picker-place.ts';

/** The reactions one click away; the rest are in the full picker. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🎉'] as const;

const NEXT_KEYS: Record<string, (index: number, last: number) => number> = {
  ArrowRight: (index, last) => (index === last ? 0 : index + 1),
  ArrowLeft: (index, last) => (index === 0 ? last : index - 1),
  Home: () => 0,
  End: (_, last) => last,
};

/**
 * The quick bar over a message (shown on hover and while focus is inside the message, see
 * panel.css): six emoji and a button that opens the full picker in a popover. One tab stop,
 * arrows move along it (a toolbar). Picking an emoji calls `onPick` and closes the picker;
 * Escape closes it and gives focus back to the button that opened it.
 */
export function ReactionBar({ mine, onPick }: { mine: readonly string[]; onPick(emoji: string): void }) {
  const [open, setOpen] = useState(false);
  const [place, setPlace] = useState<PickerPlace | null>(null);
  const [active, setActive] = useState(0);
  const toolbar = useRef<HTMLDivElement>(null);
  const more = useRef<HTMLButtonElement>(null);
  const popover = useRef<HTMLDivElement>(null);

  function close(returnFocus: boolean): void {
    setOpen(false);
    if (returnFocus) more.current?.focus();
  }

  function toggle(): void {
    if (!open) {
      // Measured as it opens: the list's box, or the whole panel where the bar is in no list.
      const list = toolbar.current?.closest('.messages') ?? document.documentElement;
      setPlace(pickerPlace(list.getBoundingClientRect(), { width: window.innerWidth, height: window.innerHeight }));
    }
    setOpen(!open);
  }

  // A press anywhere outside the popover closes it, as a menu would.
  useEffect(() => {
    if (!open) return;
    const outside = ({ target }: PointerEvent): void => {
      if (target instanceof Node && !popover.current?.contains(target) && !more.current?.contains(target)) {
        close(false);
      }
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  function move(event: KeyboardEvent): void {
    const buttons = [...(toolbar.current?.querySelectorAll('button') ?? [])];
    const next = NEXT_KEYS[event.key];
    if (!next || buttons.length === 0) return;
    event.preventDefault();
    const index = next(Math.max(0, buttons.indexOf(document.activeElement as HTMLButtonElement)), buttons.length - 1);
    buttons[index]?.focus();
  }

  function onEscape(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    close(true);
  }

  const tabIndex = (index: number): number => (index === active ? 0 : -1);
  return (
    <>
      <div class="reaction-bar" role="toolbar" aria-label={t('room_react_toolbar')} ref={toolbar} onKeyDown={move}>
        {QUICK_REACTIONS.map((emoji, index) => (
          <button
            key={emoji}
            type="button"
            class="quiet"
            tabIndex={tabIndex(index)}
            aria-pressed={mine.includes(emoji)}
            aria-label={t('room_react_with', emoji)}
            onFocus={() => setActive(index)}
            onClick={() => onPick(emoji)}
          >
            {emoji}
          </button>
        ))}
        <button
          type="button"
          class="quiet more-reactions"
          data-testid="message-react"
          ref={more}
          tabIndex={tabIndex(QUICK_REACTIONS.length)}
          aria-label={t('room_more_reactions')}
          aria-haspopup="dialog"
          aria-expanded={open}
          title={t('room_more_reactions')}
          onFocus={() => setActive(QUICK_REACTIONS.length)}
          onClick={toggle}
        >
          <span aria-hidden="true">+</span>
        </button>
      </div>
      {open ? (
        // Off the live region around the message list: opening a picker is not news.
        <div
          class="reaction-popover"
          role="dialog"
          aria-label={t('room_choose_reaction')}
          aria-live="off"
          ref={popover}
          onKeyDown={onEscape}
          style={
            place
              ? {
                  top: `${place.top}px`,
                  bottom: `${place.bottom}px`,
                  left: `${place.left}px`,
                  right: `${place.right}px`,
                }
              : undefined
          }
        >
          <EmojiPicker
            onPick={(emoji) => {
              onPick(emoji);
              close(true);
            }}
          />
        </div>
      ) : null}
    </>
  );
}
