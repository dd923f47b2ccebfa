/**
 * Turns a refused request into a sentence a person can act on. The server's own message is
 * written for developers, so it is shown only where nothing better can be said.
 */
import type { ProtocolError } from '../../protocol/index.ts';

/** `peerName` names the DM recipient, for `not_here`. */
export function explainError(error: ProtocolError, peerName?: string): string {
  switch (error.code) {
    case 'rate_limited': {
      const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
      return `You're sending too fast — try again in ${seconds} s`;
    }
    case 'not_here':
      return `${peerName ?? 'This person'} has left this page`;
    case 'not_joined':
      return "You're not in this room yet — try again in a moment";
    case 'room_full':
      return 'This room is full';
    case 'unavailable':
      return 'The chat server is unavailable right now — try again in a moment';
    case 'unsupported_version':
      return 'This version of samepage is too old for the server — update the extension';
    case 'bad_request':
      return `The server refused this: ${error.message}`;
    case 'internal':
      return 'Something went wrong on the chat server — try again';
  }
}
