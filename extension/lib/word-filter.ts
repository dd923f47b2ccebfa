/**
 * The viewer's word filter (issue #14): finds rude words with obscenity's English dataset and its
 * look-alike transforms (f4ck, f.u.c.k), minus the dataset's own whitelist and the person's
 * allow-list. The panel loads this module only when the filter is on (it carries the dataset).
 * The relay censors nothing by words: this only changes what this person sees.
 */
import {
  asteriskCensorStrategy,
  englishDataset,
  englishRecommendedTransformers,
  keepStartCensorStrategy,
  RegExpMatcher,
  TextCensor,
} from 'obscenity';

export interface WordFilter {
  /** `text` with each matched word masked but for its first letter. */
  mask(text: string): string;
  /** Whether `text` has a matched word. */
  matches(text: string): boolean;
}

const censor = new TextCensor().setStrategy(keepStartCensorStrategy(asteriskCensorStrategy()));
let built: { allow: string; matcher: RegExpMatcher } | null = null;

/** The matcher for this allow-list: built once, again only when the list changes. */
function matcherFor(allow: readonly string[]): RegExpMatcher {
  const key = allow.join('\n');
  if (built?.allow !== key) {
    const dataset = englishDataset.build();
    const whitelistedTerms = [...(dataset.whitelistedTerms ?? []), ...allow.map((word) => word.toLowerCase())];
    built = {
      allow: key,
      matcher: new RegExpMatcher({ ...dataset, whitelistedTerms, ...englishRecommendedTransformers }),
    };
  }
  return built.matcher;
}

export function createWordFilter(allow: readonly string[]): WordFilter {
  const matcher = matcherFor(allow);
  return {
    mask: (text) => censor.applyTo(text, matcher.getAllMatches(text)),
    matches: (text) => matcher.hasMatch(text),
  };
}
