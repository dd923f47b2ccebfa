/**
 * Banned addresses and ranges (issue #14): an operator bans `203.0.113.7`, `203.0.113.0/24` or
 * `2001:db8::/32`. The store keeps one spelling per range (host bits cleared, IPv6 compressed,
 * IPv4-mapped IPv6 as IPv4), so the same range typed twice is one ban and lifting it finds it.
 * An IPv6 ban is never narrower than a /64: the relay counts a connection by its /64
 * (server/net/client-address.ts), because one subscriber holds a whole /64 and picks any
 * address in it. Matching is Node's own BlockList.
 */
import { BlockList, isIP } from 'node:net';
import type { BanTarget } from './types.ts';

interface Parsed {
  family: 4 | 6;
  bytes: number[];
}

/** The bytes of a valid address; IPv6 in the URL parser's canonical form first, so any spelling works. */
function parse(address: string): Parsed | null {
  const family = isIP(address);
  if (family === 4) return { family, bytes: address.split('.').map(Number) };
  if (family !== 6) return null;
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return { family, bytes: all.flatMap((group) => [group >> 8, group & 0xff]) };
}

function format({ family, bytes }: Parsed): string {
  if (family === 4) return bytes.join('.');
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

const isMapped = ({ family, bytes }: Parsed): boolean =>
  family === 6 && bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;

/** The address or range as the store keeps it, or null when it is neither. */
export function normalizeBanAddress(input: string): string | null {
  const [address, prefix, ...rest] = input.trim().split('/');
  if (address === undefined || rest.length > 0) return null;
  let parsed = parse(address);
  if (parsed === null) return null;
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return null;
  let bits = prefix === undefined ? parsed.bytes.length * 8 : Number(prefix);
  if (bits > parsed.bytes.length * 8) return null;
  if (isMapped(parsed)) {
    // A mapped range wider than the mapped space would reach addresses that are not IPv4.
    if (bits < 96) return null;
    parsed = { family: 4, bytes: parsed.bytes.slice(12) };
    bits -= 96;
  }
  if (parsed.family === 6) bits = Math.min(bits, 64);
  const bytes = parsed.bytes.map((byte, i) => byte & (0xff << (8 - Math.min(8, Math.max(0, bits - 8 * i)))) & 0xff);
  const base = format({ family: parsed.family, bytes });
  return parsed.family === 4 && bits === 32 ? base : `${base}/${bits}`;
}

/**
 * Whether a connection from `address` is within `banned` (one address or a range). `address` is
 * what the relay counts a connection by: an IPv4 address, or an IPv6 /64 such as
 * `2001:db8:0:1::/64`, which is banned when its range is.
 */
export function addressMatches(banned: string, address: string): boolean {
  const range = normalizeBanAddress(banned);
  const who = address.endsWith('/64') ? address.slice(0, -3) : address;
  const family = isIP(who);
  if (range === null || family === 0) return false;
  const list = new BlockList();
  const [base = '', prefix] = range.split('/');
  const type = isIP(base) === 6 ? 'ipv6' : 'ipv4';
  if (prefix === undefined) list.addAddress(base, type);
  else list.addSubnet(base, Number(prefix), type);
  return list.check(who, family === 6 ? 'ipv6' : 'ipv4');
}

/** A ban's target with its address in the store's spelling (unchanged when it is no address: it then matches nothing). */
export function normalizedTarget<T extends BanTarget>(target: T): T {
  if (target.address === undefined) return target;
  return { ...target, address: normalizeBanAddress(target.address) ?? target.address };
}

/** The one key of a ban's target, user or address, as every store keys its bans. */
export const banKey = (target: BanTarget): string =>
  target.user !== undefined ? `u:${target.user}` : `a:${normalizedTarget(target).address}`;
