/**
 * Pure helpers of the benchmark: percentiles, CPU and memory readings from /proc, and the
 * table it prints. Kept apart from the processes so that they can be tested (stats.test.ts).
 */
import { readFileSync } from 'node:fs';

export interface Summary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** The value at quantile `q` (0..1) of an ascending array, nearest-rank; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] as number),
  };
}

/** ours / reference, or NaN when either is missing. */
export function ratio(ours: number | undefined, reference: number | undefined): number {
  if (ours === undefined || reference === undefined || !Number.isFinite(ours) || !Number.isFinite(reference)) {
    return Number.NaN;
  }
  return reference === 0 ? Number.NaN : ours / reference;
}

/** A number for the table: a few significant digits, `-` when missing. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A plain-text table with right-aligned numeric columns (every column but the first). */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** Resident memory of a process in bytes (VmRSS of /proc/<pid>/status). */
export function rssBytes(pid: number): number {
  return parseRss(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

export function parseRss(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error('no VmRSS in /proc status');
  return Number(match[1]) * 1024;
}

/** Clock ticks per second for /proc/<pid>/stat; 100 on every Linux the bench targets. */
export const CLOCK_TICKS = 100;

/** CPU time (user + system) a process has used, in microseconds. */
export function cpuMicros(pid: number): number {
  return parseCpuMicros(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

export function parseCpuMicros(stat: string): number {
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('malformed /proc stat');
  return ((utime + stime) * 1_000_000) / CLOCK_TICKS;
}
