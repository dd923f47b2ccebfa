/**
 * Which rooms a page is in (PROTOCOL.md, "Room keys"): its normalized URL, or its same-origin
 * canonical, hashed; and its site's origin, hashed. Computed in extension pages and the service
 * worker, never in the content script: `crypto.subtle` exists only in secure contexts, and a
 * plain-http page is not one. The URL and title stay in the browser; only keys reach the server.
 */
import { normalizeUrl, pageUrlFor, roomKeyOf, siteKeyOf, siteOf } from '../../protocol/room-key.ts';
import type { PageLocation } from '../messaging/page-hub.ts';
import type { PageContext } from './domain.ts';

export async function contextOf({ href, canonical, optedOut, title }: PageLocation): Promise<PageContext> {
  const shownTitle = title || href;
  if (optedOut) return { status: 'opted_out', title: shownTitle };
  const pageUrl = normalizeUrl(href) === null ? null : pageUrlFor(href, canonical);
  if (pageUrl === null) return { status: 'no_room', title: shownTitle };
  const origin = siteOf(pageUrl);
  const [pageKey, siteKey] = await Promise.all([roomKeyOf(pageUrl), siteKeyOf(origin)]);
  return {
    status: 'ok',
    title: shownTitle,
    page: { key: pageKey, label: pageUrl },
    site: { key: siteKey, label: origin },
  };
}

/**
 * The context of a page known only by its URL: what a popped-out panel computes for itself,
 * as it has no content script to ask. It cannot see the page's canonical link or opt-out.
 */
export function pageContextOf(url: string, title: string | null = null): Promise<PageContext> {
  return contextOf({ href: url, canonical: null, optedOut: false, title: title ?? url });
}
