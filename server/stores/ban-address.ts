/**
 * Banned addresses and ranges (issue #14): an operator bans `203.0.113.7`, `203.0.113.0/24` or
 * `2001:db8::/32`. The store keeps one spelling per range (host bits cleared, IPv6 compressed,
 * IPv4-mapped IPv6 as IPv4), so the same range typed twice is one ban and lifting it finds it.
 * An IPv6 ban is never narrower than a /64: the relay counts a connection by its /64
 * (server/net/client-address.ts), because one subscriber holds a whole /64 and picks any
 * address in it. A connection's address is compared with each range byte by byte, every range
 * read once per process, because `banOf` runs at every handshake.
 */
import { isIP } from 'node:net';
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

interface Range extends Parsed {
  bits: number;
}

/** The range `input` stands for, host bits cleared, or null when it is no address or range. */
function rangeOf(input: string): Range | null {
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
  const mask = (i: number): number => (0xff << (8 - Math.min(8, Math.max(0, bits - 8 * i)))) & 0xff;
  return { family: parsed.family, bytes: parsed.bytes.map((byte, i) => byte & mask(i)), bits };
}

/** The address or range as the store keeps it, or null when it is neither. */
export function normalizeBanAddress(input: string): string | null {
  const range = rangeOf(input);
  if (range === null) return null;
  const base = format(range);
  return range.family === 4 && range.bits === 32 ? base : `${base}/${range.bits}`;
}

/**
 * Ranges already read, by what the store holds: the same few bans are matched at every
 * handshake. Bounded like the bans themselves; cleared when full.
 */
const known = new Map<string, Range | null>();
const KNOWN_MAX = 20_000;

function knownRange(banned: string): Range | null {
  let range = known.get(banned);
  if (range === undefined) {
    range = rangeOf(banned);
    if (known.size >= KNOWN_MAX) known.clear();
    known.set(banned, range);
  }
  return range;
}

/**
 * Whether a connection from `address` is within a banned address or range, for each ban asked
 * about: the address is read once, each range once per process. `address` is what the relay
 * counts a connection by: an IPv4 address, or an IPv6 /64 such as `2001:db8:0:1::/64`, which is
 * banned when its range is (an IPv6 ban is never narrower).
 */
export function addressMatcher(address: string): (banned: string) => boolean {
  const who = rangeOf(address.endsWith('/64') ? address.slice(0, -3) : address);
  if (who === null) return () => false;
  return (banned) => {
    const range = knownRange(banned);
    if (range === null || range.family !== who.family) return false;
    for (let i = 0; i * 8 < range.bits; i++) {
      const mask = (0xff << (8 - Math.min(8, range.bits - 8 * i))) & 0xff;
      if (((who.bytes[i] ?? 0) & mask) !== range.bytes[i]) return false;
    }
    return true;
  };
}

/** Whether a connection from `address` is within `banned` (one address or a range). */
export const addressMatches = (banned: string, address: string): boolean => addressMatcher(address)(banned);

/** A ban's target with its address in the store's spelling (unchanged when it is no address: it then matches nothing). */
export function normalizedTarget<T extends BanTarget>(target: T): T {
  if (target.address === undefined) return target;
  return { ...target, address: normalizeBanAddress(target.address) ?? target.address };
}

/** The one key of a ban's target, user or address, as every store keys its bans. */
export const banKey = (target: BanTarget): string =>
  target.user !== undefined ? `u:${target.user}` : `a:${normalizedTarget(target).address}`;
