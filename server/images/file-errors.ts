/** How the file stores (images, encrypted blobs) tell a missing file from a failing disk. */
import { StoreUnavailableError } from '../stores/types.ts';

/** Answers null for a file that is not there; any other failure stays one. */
export async function absentAsNull<T>(pending: Promise<T>): Promise<T | null> {
  try {
    return await pending;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * A failing disk or volume (full, gone, not writable) is the store being unavailable, which
 * the routes answer 503 rather than as a bug.
 */
export async function failsAsUnavailable<T>(work: () => Promise<T>, what = 'image store'): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    throw new StoreUnavailableError(`${what}: ${(error as Error).message}`);
  }
}
