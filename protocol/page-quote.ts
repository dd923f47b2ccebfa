/** A passage quoted from the page (issue #12, "Quote the page"): its text and what surrounds it. */
import { Type, type Static } from '@sinclair/typebox';

export const QUOTE_MAX_CHARS = 500;
export const QUOTE_CONTEXT_MAX_CHARS = 64;

export const PageQuote = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: QUOTE_MAX_CHARS * 2 }),
    prefix: Type.Optional(Type.String({ maxLength: QUOTE_CONTEXT_MAX_CHARS * 2 })),
    suffix: Type.Optional(Type.String({ maxLength: QUOTE_CONTEXT_MAX_CHARS * 2 })),
  },
  { additionalProperties: false },
);

export type PageQuote = Static<typeof PageQuote>;
