/**
 * What the page knows about its own room: its address, its canonical link and the
 * publisher's opt-out. The content script only reads these; the service worker turns them
 * into room keys, because SHA-256 (`crypto.subtle`) exists only in secure contexts and a
 * plain-http page is not one.
 */
import type { PageLocation } from '../messaging/page-hub.ts';

/** The publisher's opt-out: `<meta name="samepage" content="off">`. */
export function optedOut(doc: Document): boolean {
  const meta = doc.querySelector<HTMLMetaElement>('meta[name="samepage" i]');
  return meta?.content.trim().toLowerCase() === 'off';
}

export function canonicalHref(doc: Document): string | null {
  const href = doc.querySelector<HTMLLinkElement>('link[rel~="canonical" i][href]')?.getAttribute('href');
  if (!href) return null;
  return URL.canParse(href, doc.baseURI) ? new URL(href, doc.baseURI).href : null;
}

export function readPageLocation(doc: Document, href: string): PageLocation {
  return { href, canonical: canonicalHref(doc), optedOut: optedOut(doc), title: doc.title.trim() };
}

/** Everything the room depends on (not the title), to tell cheaply whether a change matters. */
export function locationInputs({ href, canonical, optedOut: off }: PageLocation): string {
  return `${href}\n${canonical ?? ''}\n${off}`;
}
