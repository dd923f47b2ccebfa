/**
 * Splits a message text into plain runs and web links, so the panel can render links as
 * anchors and everything else as text nodes. Only http and https URLs become links: a
 * message is written by a stranger, and any other scheme (`javascript:`, `data:`) could run
 * code or mislead.
 */

export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"']+/giu;
// Punctuation that ends a sentence rather than the URL ("see https://a.example/x.").
const TRAILING = /[.,;:!?'"*_~]+$/u;

function trimCandidate(candidate: string): string {
  let url = candidate.replace(TRAILING, '');
  // A closing bracket belongs to the URL only when the URL opened one, as in Wikipedia links.
  while (/[)\]]$/u.test(url)) {
    const close = url.at(-1) as ')' | ']';
    const open = close === ')' ? '(' : '[';
    if (url.split(open).length >= url.split(close).length) break;
    url = url.slice(0, -1).replace(TRAILING, '');
  }
  return url;
}

function webHref(text: string): string | null {
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

export function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  let plainStart = 0;
  for (const match of text.matchAll(URL_CANDIDATE)) {
    const candidate = trimCandidate(match[0]);
    const href = webHref(candidate);
    if (!href) continue;
    if (match.index > plainStart) segments.push({ kind: 'text', text: text.slice(plainStart, match.index) });
    segments.push({ kind: 'link', text: candidate, href });
    plainStart = match.index + candidate.length;
  }
  if (plainStart < text.length) segments.push({ kind: 'text', text: text.slice(plainStart) });
  return segments;
}
