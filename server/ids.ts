/**
 * Server message ids: fixed-width strings whose plain string order is the order in which
 * this process accepted the messages (time, then a counter within the millisecond), with a
 * per-process tag so that two nodes never mint the same id.
 */
import { randomBytes } from 'node:crypto';

const TIME_WIDTH = 9; // base36 milliseconds: enough until the year 5188
const SEQ_WIDTH = 4;
const SEQ_LIMIT = 36 ** SEQ_WIDTH;

export type IdGenerator = () => string;

export function createIdGenerator(now: () => number = Date.now): IdGenerator {
  const tag = randomBytes(4).readUInt32BE(0).toString(36).padStart(7, '0').slice(-4);
  let lastTime = 0;
  let seq = 0;
  return () => {
    const time = now();
    if (time > lastTime) {
      lastTime = time;
      seq = 0;
    } else if (++seq === SEQ_LIMIT) {
      // More ids in one millisecond than the counter holds: borrow the next millisecond.
      lastTime++;
      seq = 0;
    }
    return lastTime.toString(36).padStart(TIME_WIDTH, '0') + seq.toString(36).padStart(SEQ_WIDTH, '0') + tag;
  };
}

/** The smallest id minted at or after `time`: ids made earlier sort before it, later ones after. */
export function idFloor(time: number): string {
  return Math.max(0, time).toString(36).padStart(TIME_WIDTH, '0');
}
