import { describe, expect, it } from 'vitest';
import {
  formatNumber,
  formatTable,
  machineBusyPercent,
  parseCpuMicros,
  parseMachineTicks,
  parseRss,
  parseRunQueueWaitMicros,
  percentile,
  ratio,
  summarize,
} from './stats.ts';

describe('bench helpers', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile(sorted, 1)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('summarizes unsorted values', () => {
    expect(summarize([5, 1, 3, 2, 4])).toEqual({ count: 5, p50: 3, p99: 5, max: 5 });
    expect(summarize([]).max).toBeNaN();
  });

  it('divides ours by the reference, NaN when a side is missing', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNaN();
    expect(ratio(undefined, 2)).toBeNaN();
  });

  it('formats numbers and aligns a table', () => {
    expect(formatNumber(12_345.6)).toBe('12,346');
    expect(formatNumber(123.4)).toBe('123');
    expect(formatNumber(12.34)).toBe('12.3');
    expect(formatNumber(1.234)).toBe('1.23');
    expect(formatNumber(Number.NaN)).toBe('-');
    expect(
      formatTable(
        ['figure', 'ours'],
        [
          ['a', '1.00'],
          ['longer', '12.3'],
        ],
      ),
    ).toBe(['figure  ours', '------  ----', 'a       1.00', 'longer  12.3'].join('\n'));
  });

  it('reads RSS and CPU time from /proc text', () => {
    expect(parseRss('Name:\tnode\nVmRSS:\t   2048 kB\n')).toBe(2048 * 1024);
    const stat = '42 (node (x) y) S 1 2 3 4 5 6 7 8 9 10 150 50 0 0 20 0 11 0 100';
    expect(parseCpuMicros(stat)).toBe(2_000_000);
  });

  it('reads run-queue wait and machine busy time from /proc text', () => {
    expect(parseRunQueueWaitMicros('1454190 4963896 3\n')).toBe(4963.896);
    const before = parseMachineTicks('cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3\n');
    const after = parseMachineTicks('cpu  400 0 150 1300 50 0 0 0 0 0\n');
    expect(before).toEqual({ busy: 150, total: 1000 });
    expect(machineBusyPercent(before, after)).toBe(44.44444444444444);
  });
});
