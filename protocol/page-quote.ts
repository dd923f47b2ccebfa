/**
 * `PageQuote`: a passage of the page a person quotes in a message (issue #12, "Quote the page"),
 * part of protocol v2's text body (`{ text, mentions?, reply?, quote? }`). It carries the
 * passage's words and the words around it, never the page's URL: everyone in the room is on the
 * page already, and the relay learns nothing it would not from the text itself.
 */
import { FormatRegistry, Type, type Static } from '@sinclair/typebox';
import { QUOTE_CONTEXT_MAX_CHARS, QUOTE_TEXT_MAX_CHARS, quoteContextProblem, quoteTextProblem } from './quote-text.ts';

/** Format names checked by the rules in quote-text.ts (see registerQuoteFormats). */
export const QUOTE_TEXT_FORMAT = 'samepage-quote-text';
export const QUOTE_CONTEXT_FORMAT = 'samepage-quote-context';

/** Teaches TypeBox the two formats; idempotent, called by schemas.ts' registerFormats. */
export function registerQuoteFormats(): void {
  FormatRegistry.Set(QUOTE_TEXT_FORMAT, (value) => quoteTextProblem(value) === null);
  FormatRegistry.Set(QUOTE_CONTEXT_FORMAT, (value) => quoteContextProblem(value) === null);
}

/**
 * `text`: the passage, 1..500 characters on one line, not blank. `prefix` / `suffix`: up to 64
 * characters just before / after it on the page, to find the right occurrence of a passage
 * that repeats. maxLength (UTF-16 units) bounds the work before the formats count code points.
 */
export const PageQuote = Type.Object(
  {
    text: Type.String({ maxLength: QUOTE_TEXT_MAX_CHARS * 2, format: QUOTE_TEXT_FORMAT }),
    prefix: Type.Optional(Type.String({ maxLength: QUOTE_CONTEXT_MAX_CHARS * 2, format: QUOTE_CONTEXT_FORMAT })),
    suffix: Type.Optional(Type.String({ maxLength: QUOTE_CONTEXT_MAX_CHARS * 2, format: QUOTE_CONTEXT_FORMAT })),
  },
  { additionalProperties: false },
);

export type PageQuote = Static<typeof PageQuote>;
