import { longWait } from '../../lib/wait-words.ts';
import type { NewcomerNotice as Notice } from '../models/newcomer.ts';

/**
 * Says up front why a newcomer's messages go slowly and a link is refused (issue #11), rather
 * than letting them find out one refusal at a time. Counts down and goes when it ends.
 */
export function NewcomerNotice({ notice }: { notice: Notice | null }) {
  if (notice === null) return null;
  const rate = notice.messagesPerMinute === 1 ? '1 message' : `${notice.messagesPerMinute} messages`;
  return (
    <p class="newcomer-notice" role="note" data-testid="newcomer-notice">
      You're new here: for the next {longWait(notice.leftMs)} you can send {rate} a minute and links are held back.
    </p>
  );
}
