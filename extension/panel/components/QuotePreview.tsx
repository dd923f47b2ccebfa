import type { PageQuote } from '../../../protocol/index.ts';
import { t } from '../../lib/i18n.ts';
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
    <div class="quote-preview" data-testid="quote-preview" role="group" aria-label={t('compose_quote_group')}>
      <MessageQuote quote={quote} reveal={reveal} maxChars={140} />
      <button type="button" class="icon" aria-label={t('compose_quote_remove')} onClick={onRemove}>
        <Icon name="close" />
      </button>
    </div>
  );
}
