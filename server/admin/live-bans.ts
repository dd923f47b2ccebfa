/**
 * A ban's live part (issue #14): every connection it covers, on every node (with the Redis
 * adapter `fetchSockets` reaches them all), is told why and closed at once. A v1 connection
 * has no `session:banned`, so it is only closed. Refusing the banned at the handshake is the
 * chat's.
 */
import { ServerEvent } from '../../protocol/index.ts';
import { userChannel } from '../chat/channels.ts';
import type { ChatServer } from '../chat/types.ts';
import { banWords } from '../moderation/ban-words.ts';
import type { Ban } from '../stores/types.ts';
import { banCovers } from './ban-covers.ts';

/** Closes every connection `ban` covers; answers how many there were. */
export async function disconnectBanned(io: ChatServer, ban: Ban, now: number): Promise<number> {
  // A user's connections are all in its own channel; an address ban has to look at every one.
  const sockets = await (ban.user !== undefined ? io.in(userChannel(ban.user)) : io).fetchSockets();
  const covered = sockets.filter((socket) => banCovers(ban, socket.data.user.id, socket.data.address));
  const words = banWords(ban, now);
  for (const socket of covered) {
    if (socket.data.v >= 2) socket.emit(ServerEvent.SessionBanned, words);
    socket.disconnect(true);
  }
  return covered.length;
}
