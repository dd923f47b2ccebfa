/**
 * Room keys (PROTOCOL.md, "Room keys"): a page's room is the SHA-256 of its normalized URL,
 * so the server can match people on the same page without ever learning which page it is.
 * Pure and dependency-free: the content script, the panel and tests all use it.
 */

const KEY_PREFIX = 'samepage:v1:';
const SITE_KEY_PREFIX = 'samepage:v1:site:';

const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'igshid',
  'yclid',
  '_ga',
  '_gl',
  'ref_src',
  'si',
]);

function isTrackingParam(name: string): boolean {
  return name.startsWith('utm_') || TRACKING_PARAMS.has(name);
}

function parseHttpUrl(input: string): URL | null {
  if (!URL.canParse(input)) return null;
  const url = new URL(input);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

/**
 * The normalized form of a page URL, or null for a page that has no room (not http/https,
 * or not a URL at all). The WHATWG parser already lower-cases the scheme and host, drops
 * the scheme's default port, gives an empty path as `/` and canonicalizes percent-encoding.
 */
export function normalizeUrl(input: string): string | null {
  const url = parseHttpUrl(input);
  if (!url) return null;
  const host = url.host.startsWith('www.') ? url.host.slice(4) : url.host;
  const path = url.pathname.length > 1 && url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  const params = new URLSearchParams([...url.searchParams].filter(([name]) => !isTrackingParam(name)));
  params.sort();
  const query = params.toString();
  const hashRouted = url.hash.startsWith('#/') || url.hash.startsWith('#!/');
  return `${url.protocol}//${host}${path}${query ? `?${query}` : ''}${hashRouted ? url.hash : ''}`;
}

/** The origin (scheme, host, port) of a normalized URL: what the site's room is keyed by. */
export function siteOf(normalized: string): string {
  return new URL(normalized).origin;
}

/**
 * The URL a page is keyed by: its own, or its `<link rel="canonical">` when that has the same
 * origin, unless the canonical is the site root and the page is not (a common misconfiguration
 * that would put a whole site in one room).
 */
export function pageUrlFor(location: string, canonical: string | null): string | null {
  const page = normalizeUrl(location);
  if (!page || !canonical) return page;
  const preferred = normalizeUrl(new URL(canonical, location).href);
  if (!preferred || siteOf(preferred) !== siteOf(page)) return page;
  const root = `${siteOf(page)}/`;
  return preferred === root && page !== root ? page : preferred;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The page room's key for a normalized URL. */
export function roomKeyOf(normalized: string): Promise<string> {
  return sha256Hex(KEY_PREFIX + normalized);
}

/** The site room's key for an origin such as `https://example.com`. */
export function siteKeyOf(origin: string): Promise<string> {
  return sha256Hex(SITE_KEY_PREFIX + origin);
}
