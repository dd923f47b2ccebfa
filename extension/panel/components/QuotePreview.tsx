import type { PageQuote } from '../../../protocol/index.ts';
import type { PageQuoteModel } from '../models/page-quote.ts';
import { Icon } from './Icon.tsx';
import { MessageQuote } from './MessageQuote.tsx';

/**
 * The quote the next message will carry, above the composer: shortened, pressable like a quote
 * in a message (to see where it is on the page), and removable.
 */
export function QuotePreview({
  quote,
  reveal,
  onRemove,
}: {
  quote: PageQuote;
  reveal: PageQuoteModel['reveal'];
  onRemove(): void;
}) {
  return (
    <div class="quote-preview" data-testid="quote-preview" role="group" aria-label="Quote from the page">
      <MessageQuote quote={quote} reveal={reveal} maxChars={140} />
      <button type="button" class="icon" aria-label="Remove the quote" onClick={onRemove}>
        <Icon name="close" />
      </button>
    </div>
  );
}
