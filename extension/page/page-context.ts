/**
 * Which room this page is in (PROTOCOL.md, "Room keys"): its normalized URL, or its same-origin
 * canonical, hashed. The URL and title stay in the browser; only the keys reach the server.
 */
import { normalizeUrl, pageUrlFor, roomKeyOf, siteKeyOf, siteOf } from '../../protocol/room-key.ts';
import type { PageContext } from '../messaging/panel-hub.ts';

/** The publisher's opt-out: `<meta name="samepage" content="off">`. */
export function optedOut(doc: Document): boolean {
  const meta = doc.querySelector<HTMLMetaElement>('meta[name="samepage" i]');
  return meta?.content.trim().toLowerCase() === 'off';
}

export function canonicalHref(doc: Document): string | null {
  return doc.querySelector<HTMLLinkElement>('link[rel~="canonical" i][href]')?.getAttribute('href') ?? null;
}

/** Everything the room depends on, to tell cheaply whether a change matters. */
export function contextInputs(doc: Document, href: string): string {
  return `${href}\n${canonicalHref(doc) ?? ''}\n${optedOut(doc)}`;
}

export async function readPageContext(doc: Document, href: string): Promise<PageContext> {
  const title = doc.title.trim() || href;
  if (optedOut(doc)) return { status: 'opted_out', title };
  if (!normalizeUrl(href)) return { status: 'no_room', title };
  const pageUrl = pageUrlFor(href, canonicalHref(doc)) ?? href;
  const origin = siteOf(pageUrl);
  return {
    status: 'ok',
    title,
    page: { key: await roomKeyOf(pageUrl), label: pageUrl },
    site: { key: await siteKeyOf(origin), label: origin },
  };
}
