/**
 * The relay's HTTP origin from the address Socket.IO connects to. Socket.IO reads a path in
 * that address as a namespace, so the relay itself, and its `/images`, is at the origin; a
 * `ws(s)://` address names the same server over HTTP(S).
 */
const HTTP_SCHEMES: Record<string, string> = { 'http:': 'http:', 'https:': 'https:', 'ws:': 'http:', 'wss:': 'https:' };

export function relayOrigin(address: string): string | null {
  if (!URL.canParse(address)) return null;
  const url = new URL(address);
  const scheme = HTTP_SCHEMES[url.protocol];
  return scheme === undefined ? null : `${scheme}//${url.host}`;
}

/** What the panel shows of the relay: its host and any port (`relay.example`, `localhost:3000`). */
export function relayHost(address: string): string {
  return URL.canParse(address) ? new URL(address).host : address;
}
