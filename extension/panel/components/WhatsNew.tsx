import { useEffect, useId, useState } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';
import { takeWhatsNew, WHATS_NEW_NOTES } from '../../lib/whats-new.ts';

/**
 * Issue #17: after an update, the first panel to open says what the new version brings, once
 * (lib/whats-new.ts), until the person dismisses it (the button, or Escape inside it).
 */
export function WhatsNew() {
  const [version, setVersion] = useState<string | null>(null);
  const headingId = useId();

  useEffect(() => {
    void takeWhatsNew().then((taken) => taken !== null && setVersion(taken));
  }, []);

  if (version === null) return null;

  function dismiss(): void {
    setVersion(null);
    // The button goes with the notice: the focus goes where a person in the panel works next.
    document.querySelector<HTMLElement>('.composer textarea')?.focus();
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    // Used here: the panel would collapse on an Escape nothing inside took (in-page-keys.ts).
    event.preventDefault();
    dismiss();
  }

  return (
    <section class="whats-new" aria-labelledby={headingId} data-testid="whats-new" onKeyDown={onKeyDown}>
      <h2 id={headingId}>{t('whatsnew_heading', version)}</h2>
      <ul>
        {WHATS_NEW_NOTES.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
      <button type="button" class="small" onClick={dismiss}>
        {t('whatsnew_dismiss')}
      </button>
    </section>
  );
}
