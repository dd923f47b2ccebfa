import { useEffect, useRef, useState } from 'preact/hooks';
import type { PageQuote } from '../../../protocol/index.ts';
import { t } from '../../lib/i18n.ts';
import type { PageQuoteModel } from '../models/page-quote.ts';

/** How long "not on the page any more" (or why it could not be shown) stays. */
const NOTE_MS = 4000;

/** `text` cut to about `max` characters at a word, with an ellipsis when cut. */
export function shortened(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max).join('');
  const space = head.lastIndexOf(' ');
  return `${(space > head.length * 0.6 ? head.slice(0, space) : head).trimEnd()}…`;
}

/**
 * A quoted passage of the page (issue #12, "Quote the page"), in a message or above the
 * composer. Pressing it scrolls the page to the passage and highlights it there; when the page
 * no longer has it, a note says so for a few seconds. One request at a time per quote.
 */
export function MessageQuote({
  quote,
  reveal,
  maxChars = 280,
}: {
  quote: PageQuote;
  reveal: PageQuoteModel['reveal'];
  maxChars?: number;
}) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
      clearTimeout(timer.current);
    },
    [],
  );

  async function show(): Promise<void> {
    if (busy) return;
    setBusy(true);
    clearTimeout(timer.current);
    setNote('');
    const outcome = await reveal(quote);
    if (!mounted.current) return;
    setBusy(false);
    if (outcome.status === 'found') return;
    setNote(outcome.status === 'missing' ? t('compose_quote_missing') : outcome.error);
    timer.current = setTimeout(() => setNote(''), NOTE_MS);
  }

  const text = shortened(quote.text, maxChars);
  return (
    <div class="page-quote">
      <button
        type="button"
        class="page-quote-button"
        data-testid="page-quote"
        title={text === quote.text ? t('compose_quote_show_title') : quote.text}
        aria-busy={busy}
        onClick={() => void show()}
      >
        <span class="sr-only">{t('compose_quote_show')} </span>
        <q dir="auto">{text}</q>
      </button>
      <p class="page-quote-note" role="status">
        {note}
      </p>
    </div>
  );
}
