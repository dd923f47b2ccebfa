import { afterEach, expect, it, vi } from 'vitest';
import { createTypingTracker } from './typing.ts';

afterEach(() => {
  vi.useRealTimers();
});

it('forgets a typist three seconds after their last signal', () => {
  vi.useFakeTimers();
  const tracker = createTypingTracker();
  tracker.saw('bob');
  vi.advanceTimersByTime(2000);
  tracker.saw('bob');
  vi.advanceTimersByTime(2000);
  expect([...tracker.active.value]).toEqual(['bob']);
  vi.advanceTimersByTime(1000);
  expect([...tracker.active.value]).toEqual([]);
});
