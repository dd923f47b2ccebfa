/**
 * Finds a quoted passage in the page (issue #12, "Quote the page"): the page's readable text is
 * compared without its whitespace, since a quote is one line while the page may break, indent
 * or split the same words across elements (a link, a bold word, another paragraph). Where the
 * passage occurs more than once, the occurrence whose surroundings best match the quote's
 * prefix and suffix wins; on a tie, the first.
 */
import type { PageQuote } from '../../protocol/index.ts';
import { readableText } from './page-text.ts';

/** Occurrences weighed at most, so a one-letter quote on a long page stays cheap. */
const MAX_OCCURRENCES = 1000;

const SPACES = /\s+/gu;

/** What `\s` matches, by code unit: a regular expression per unit is too slow for a long page. */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** The page's text without whitespace, and where each of its UTF-16 units is in the DOM. */
interface FlatText {
  text: string;
  nodes: Text[];
  /** Per unit of `text`: the index in `nodes` of its Text node... */
  nodeAt: Uint32Array;
  /** ...and its offset in that node. */
  offsetAt: Uint32Array;
}

function flatten(root: Node): FlatText {
  const nodes: Text[] = [];
  const units: string[] = [];
  const nodeAt: number[] = [];
  const offsetAt: number[] = [];
  const walker = readableText(root);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const data = (node as Text).data;
    const index = nodes.push(node as Text) - 1;
    for (let offset = 0; offset < data.length; offset++) {
      if (isSpace(data.charCodeAt(offset))) continue;
      units.push(data[offset] as string);
      nodeAt.push(index);
      offsetAt.push(offset);
    }
  }
  return { text: units.join(''), nodes, nodeAt: Uint32Array.from(nodeAt), offsetAt: Uint32Array.from(offsetAt) };
}

/** How many units of `prefix`'s end the text right before `at` has, reading backwards. */
function prefixMatch(text: string, at: number, prefix: string): number {
  let matched = 0;
  while (matched < prefix.length && text[at - 1 - matched] === prefix[prefix.length - 1 - matched]) matched++;
  return matched;
}

/** How many units of `suffix`'s start the text from `at` has. */
function suffixMatch(text: string, at: number, suffix: string): number {
  let matched = 0;
  while (matched < suffix.length && text[at + matched] === suffix[matched]) matched++;
  return matched;
}

/** The Range of `quote`'s passage in the readable text under `root`, or null when it is not there. */
export function findPassage(root: Node, quote: PageQuote): Range | null {
  const needle = quote.text.replace(SPACES, '');
  if (needle === '') return null;
  const prefix = (quote.prefix ?? '').replace(SPACES, '');
  const suffix = (quote.suffix ?? '').replace(SPACES, '');
  const flat = flatten(root);
  const perfect = prefix.length + suffix.length;

  let best = -1;
  let bestScore = -1;
  let at = flat.text.indexOf(needle);
  for (let seen = 0; at !== -1 && seen < MAX_OCCURRENCES; seen++) {
    const score = prefixMatch(flat.text, at, prefix) + suffixMatch(flat.text, at + needle.length, suffix);
    if (score > bestScore) [best, bestScore] = [at, score];
    if (score === perfect) break;
    at = flat.text.indexOf(needle, at + 1);
  }
  if (best === -1) return null;

  const last = best + needle.length - 1;
  const range = (root.ownerDocument ?? (root as Document)).createRange();
  range.setStart(flat.nodes[flat.nodeAt[best] as number] as Text, flat.offsetAt[best] as number);
  range.setEnd(flat.nodes[flat.nodeAt[last] as number] as Text, (flat.offsetAt[last] as number) + 1);
  return range;
}
