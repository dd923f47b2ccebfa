/**
 * Quotes of this panel's page (issue #12, "Quote the page"): the one waiting in the composer,
 * set when the person quotes the page (the hub's `composer:quote`) and gone when it is sent or
 * removed, and showing a quoted passage in the page (`page:reveal`).
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { PageQuote } from '../../../protocol/index.ts';
import { t } from '../../lib/i18n.ts';
import type { HubClient } from '../hub-client.ts';

/** What showing a passage came to: scrolled to and highlighted, no longer on the page, or not asked. */
export type RevealOutcome = { status: 'found' } | { status: 'missing' } | { status: 'failed'; error: string };

export interface PageQuoteModel {
  /** The quote the next message carries, or null. */
  readonly pending: ReadonlySignal<PageQuote | null>;
  /** Removes the pending quote (the person changed their mind). */
  clear(): void;
  /** The pending quote for the message being sent, which no longer carries it after. */
  take(): PageQuote | null;
  /** Scrolls the page to a quoted passage and highlights it. */
  reveal(quote: PageQuote): Promise<RevealOutcome>;
  dispose(): void;
}

export function createPageQuoteModel(hub: HubClient): PageQuoteModel {
  const pending = signal<PageQuote | null>(null);
  const stop = hub.on('composer:quote', ({ quote }) => {
    pending.value = quote;
  });
  return {
    pending,
    clear() {
      pending.value = null;
    },
    take() {
      const quote = pending.value;
      pending.value = null;
      return quote;
    },
    async reveal(quote) {
      const answer = await hub.request('page:reveal', { quote });
      // Refused by the hub, not the relay: a pop-out has no page beside it, or the page is gone.
      if (!answer.ok) {
        return {
          status: 'failed',
          error: t(answer.error.code === 'unavailable' ? 'model_quote_unanswered' : 'model_quote_no_page'),
        };
      }
      return answer.found ? { status: 'found' } : { status: 'missing' };
    },
    dispose: stop,
  };
}
