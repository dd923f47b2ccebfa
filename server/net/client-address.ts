/**
 * Which network address a connection counts against, for the per-address budgets (issue #11).
 * It is the socket's peer, unless that peer is a reverse proxy listed in TRUST_PROXY: then it is
 * the rightmost `X-Forwarded-For` entry that is not itself a trusted proxy (each proxy appends
 * the peer it saw, so entries left of that one were written by the client and prove nothing).
 * A header from any other peer is ignored, or anyone could pose as any address.
 *
 * The answer is a key, not an address to reach: an IPv4-mapped IPv6 address is its IPv4
 * address, and an IPv6 address is its /64 (`2001:db8:0:1::/64`), because one subscriber
 * usually holds a whole /64 and could otherwise take a fresh address per connection.
 */
import { BlockList, isIP } from 'node:net';

/** The address key of a connection from `peer` that carries `forwardedFor` (`X-Forwarded-For`). */
export type ClientAddressOf = (peer: string | undefined, forwardedFor: string | string[] | undefined) => string;

/** What a connection whose peer is unknown (its socket already gone) counts against. */
export const UNKNOWN_ADDRESS = 'unknown';

/** Builds the resolver for the proxies listed in `trustProxy` (addresses and CIDR ranges, as validated by config.ts). */
export function clientAddressResolver(trustProxy: readonly string[]): ClientAddressOf {
  const trusted = new BlockList();
  for (const entry of trustProxy) {
    const [address = '', prefix] = entry.split('/');
    const plain = unmapped(address);
    const type = isIP(plain) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) trusted.addAddress(plain, type);
    else trusted.addSubnet(plain, Number(prefix), type);
  }
  const isTrusted = (address: string): boolean => trusted.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');

  return (peer, forwardedFor) => {
    let client = peer === undefined ? null : plainAddress(peer);
    if (client === null) return UNKNOWN_ADDRESS;
    if (trustProxy.length > 0 && forwardedFor !== undefined) {
      const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
      // Walk from the nearest hop outwards while the hop that reported it is a proxy we trust.
      for (let i = hops.length - 1; i >= 0 && isTrusted(client); i--) {
        const hop = plainAddress(hops[i] ?? '');
        // A malformed entry ends the chain: the connection counts against the last hop known.
        if (hop === null) break;
        client = hop;
      }
    }
    return addressKey(client);
  };
}

/** The key an address counts under: IPv4 as is, IPv6 as its canonical /64 prefix. */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = hextets(address);
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/**
 * An address as it appears in a socket or a header, without zone, brackets or port, with an
 * IPv4-mapped IPv6 address as plain IPv4; null when it is no address at all.
 */
function plainAddress(raw: string): string | null {
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1] !== undefined) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  address = address.replace(/%.*$/, '');
  if (isIP(address) === 0) return null;
  return unmapped(address);
}

/** `::ffff:192.0.2.1` (in any spelling) is the IPv4 address 192.0.2.1. */
function unmapped(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = hextets(address);
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (!mapped) return address;
  const [high = 0, low = 0] = groups.slice(6);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing dotted IPv4 as two groups). */
function hextets(address: string): number[] {
  let text = address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
