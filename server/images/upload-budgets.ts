/**
 * What uploads cost a user: one of UPLOADS_PER_MINUTE, and their bytes out of
 * UPLOAD_MB_PER_HOUR. Both are token buckets in the stores, so through Redis a user's uploads
 * to every node share them. Bytes are counted in 64 KiB units, so a bucket holds a modest
 * whole number of tokens and an upload costs at most IMAGE_MAX_BYTES / 64 KiB of them.
 */
import { rateLimited, type Failure, type UserId } from '../../protocol/index.ts';
import { budget } from '../chat/budgets.ts';
import { inWords } from '../chat/wait-words.ts';
import type { Config } from '../config.ts';
import type { Stores } from '../stores/types.ts';

const UNIT_BYTES = 65_536;
const UNITS_PER_MB = 1_048_576 / UNIT_BYTES;

/** Charges an upload of `bytes` to `user`: null when allowed, else the refusal to answer. */
export type UploadCharge = (user: UserId, bytes: number) => Promise<Failure | null>;

export function uploadBudgets(config: Config, stores: Stores): UploadCharge {
  const uploads = budget(stores, 'uploads', config.uploadsPerMinute, 60_000);
  const bytes = budget(stores, 'upload-bytes', config.uploadMbPerHour * UNITS_PER_MB, 3_600_000);
  return async (user, size) => {
    const countWait = await uploads.take(user);
    if (countWait > 0) {
      return rateLimited('uploads', `too many uploads; try again in ${inWords(countWait)}`, countWait);
    }
    const bytesWait = await bytes.take(user, Math.ceil(size / UNIT_BYTES));
    if (bytesWait > 0) {
      const words = `${config.uploadMbPerHour} MB an hour`;
      return rateLimited('upload_bytes', `over ${words} of uploads; try again in ${inWords(bytesWait)}`, bytesWait);
    }
    return null;
  };
}
