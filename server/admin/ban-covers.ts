/**
 * Whether a ban covers a connection. A connection is known by its address key
 * (server/net/client-address.ts): an IPv4 address, or for IPv6 the /64 it lies in, since one
 * subscriber usually holds a whole /64. So a ban of one IPv6 address (or of a range inside a
 * /64) covers that whole /64: the relay cannot tell its addresses apart, and neither could
 * the ban be dodged by moving within it. The stores match the same way at the handshake
 * (ban-address.ts), so the live part and the handshake agree.
 */
import { addressMatches } from '../stores/ban-address.ts';
import type { Ban } from '../stores/types.ts';

export function banCovers(ban: Ban, user: string, addressKey: string): boolean {
  return ban.user !== undefined ? ban.user === user : addressMatches(ban.address, addressKey);
}
