/**
 * Banned addresses and ranges (issue #14): an operator bans `203.0.113.7`, `203.0.113.0/24` or
 * `2001:db8::/32`; a connection's address (server/net/client-address.ts) is matched with
 * Node's own BlockList, so IPv4-mapped IPv6 and the range arithmetic are the platform's.
 */
import { BlockList, isIP } from 'node:net';

/** The address or range as the store keeps it, or null when it is neither. */
export function normalizeBanAddress(input: string): string | null {
  const [address, prefix, ...rest] = input.trim().split('/');
  if (address === undefined || rest.length > 0) return null;
  const family = isIP(address);
  if (family === 0) return null;
  if (prefix === undefined) return address.toLowerCase();
  if (!/^\d{1,3}$/.test(prefix)) return null;
  const bits = Number(prefix);
  if (bits > (family === 4 ? 32 : 128)) return null;
  return `${address.toLowerCase()}/${bits}`;
}

/** Whether `address` (a connection's) is `banned` (one address or a range). */
export function addressMatches(banned: string, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const list = new BlockList();
  const [base = '', prefix] = banned.split('/');
  const type = isIP(base) === 6 ? 'ipv6' : 'ipv4';
  if (prefix === undefined) list.addAddress(base, type);
  else list.addSubnet(base, Number(prefix), type);
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
