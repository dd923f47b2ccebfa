/**
 * New identities earn trust (issue #11): a token costs nothing, so for its first
 * NEWCOMER_MINUTES after this relay first saw it, an identity sends at a slower rate, may not
 * post links, and its room messages are kept apart from the room's history, where a flood of
 * fresh identities cannot push out what the room really said.
 */
import type { Newcomer } from '../../protocol/index.ts';
import type { Config } from '../config.ts';
import type { ChatSocket } from './types.ts';

/**
 * What spam links look like, clickable or not: a scheme (`https://`, `ftp://`), `www.`, or a
 * domain followed by a path (`example.com/offer`). A bare `node.js` is not one.
 */
const LINK =
  /\b[a-z][a-z0-9+.-]*:\/\/\S|\bwww\.\S|(?<![\p{L}\p{N}-])[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}\/\S*/iu;

export function containsLink(text: string): boolean {
  return LINK.test(text);
}

/** How a connection's identity is held back right now, or null once it is trusted. */
export function newcomerStatus(config: Config, socket: ChatSocket, now: number): Newcomer | null {
  if (config.newcomerMinutes === 0) return null;
  const endsInMs = socket.data.firstSeenAt + config.newcomerMinutes * 60_000 - now;
  return endsInMs > 0 ? { endsInMs, messagesPerMinute: config.newcomerMessagesPerMinute } : null;
}
