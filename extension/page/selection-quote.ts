/**
 * The person's selection on the page as a quote: its text and the words around it
 * (protocol/quote-text.ts cuts them to size), for the floating control and the context menu.
 */
import { quoteFromSelection, type PageQuote } from '../../protocol/index.ts';
import { textAfter, textBefore } from './page-text.ts';

// More than the 64 characters a quote keeps around a passage, which the whitespace may need.
const AROUND_UNITS = 400;

/** The quote of `range`, whose text as the person sees it is `text`; null when it has no words. */
export function quoteOfRange(range: Range, text: string): PageQuote | null {
  return quoteFromSelection({
    text,
    before: textBefore(range.startContainer, range.startOffset, AROUND_UNITS),
    after: textAfter(range.endContainer, range.endOffset, AROUND_UNITS),
  });
}

/** The range a selection covers, unless it is collapsed (or there is none). */
export function selectedRange(selection: Selection | null): Range | null {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  return selection.getRangeAt(0);
}

/**
 * The quote of what is selected now, or null. Selection.toString() gives the text as laid out
 * (a line break between paragraphs); with several ranges (Firefox's Ctrl+select) only the
 * first is quoted.
 */
export function selectionQuote(selection: Selection | null): PageQuote | null {
  const range = selectedRange(selection);
  if (!range || !selection) return null;
  return quoteOfRange(range, selection.rangeCount === 1 ? selection.toString() : range.toString());
}
