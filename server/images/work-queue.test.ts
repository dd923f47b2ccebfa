/** The work queue: how many run at once, how many wait, and who goes next. */
import { describe, expect, it } from 'vitest';
import { QueueFullError, WorkQueue } from './work-queue.ts';

/** A piece of work that runs until the test lets it finish. */
function held() {
  let finish = (): void => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { work: () => done, finish };
}

describe('WorkQueue', () => {
  it('runs at most `concurrency` at once, lines up `maxWaiting` more and refuses the next', async () => {
    const queue = new WorkQueue(2, 1);
    const jobs = [held(), held(), held()];
    const runs = jobs.map((job) => queue.run(job.work));
    await Promise.resolve();
    expect(queue.load).toEqual({ running: 2, waiting: 1 });
    await expect(queue.run(async () => 'late')).rejects.toBeInstanceOf(QueueFullError);
    for (const job of jobs) job.finish();
    await Promise.all(runs);
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
    expect(await queue.run(async () => 'after')).toBe('after');
  });

  it('hands a freed slot to the one waiting longest, before a newcomer', async () => {
    const queue = new WorkQueue(1, 5);
    const order: string[] = [];
    const first = held();
    const running = queue.run(first.work);
    const waiting = ['second', 'third'].map((name) => queue.run(async () => void order.push(name)));
    first.finish();
    await running;
    const newcomer = queue.run(async () => void order.push('newcomer'));
    await Promise.all([...waiting, newcomer]);
    expect(order).toEqual(['second', 'third', 'newcomer']);
  });

  it('frees the slot of work that fails', async () => {
    const queue = new WorkQueue(1, 0);
    await expect(queue.run(async () => Promise.reject(new Error('bad image')))).rejects.toThrow('bad image');
    expect(await queue.run(async () => 'next')).toBe('next');
  });
});
