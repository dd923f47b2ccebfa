import { plural } from '../../lib/i18n.ts';
import { longWait } from '../../lib/wait-words.ts';
import type { NewcomerNotice as Notice } from '../models/newcomer.ts';

/**
 * Says up front why a newcomer's messages go slowly and a link is refused (issue #11), rather
 * than letting them find out one refusal at a time. Counts down and goes when it ends.
 */
export function NewcomerNotice({ notice }: { notice: Notice | null }) {
  if (notice === null) return null;
  return (
    <p class="newcomer-notice" role="note" data-testid="newcomer-notice">
      {plural('notice_newcomer', notice.messagesPerMinute, longWait(notice.leftMs))}
    </p>
  );
}
