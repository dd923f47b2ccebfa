/**
 * Pure helpers of the benchmark: percentiles, CPU, scheduling and memory readings from /proc,
 * and the table it prints. Kept apart from the processes so that they can be tested (stats.test.ts).
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

/**
 * Time a process's main thread (the one that runs its event loop) spent runnable but waiting
 * for a CPU, in microseconds: the second field of /proc/<pid>/schedstat. On a shared machine
 * this is what separates a relay that is slow from one that was not given the CPU.
 */
export function runQueueWaitMicros(pid: number): number {
  return parseRunQueueWaitMicros(readFileSync(`/proc/${pid}/schedstat`, 'utf8'));
}

export function parseRunQueueWaitMicros(schedstat: string): number {
  const waitNs = Number(schedstat.trim().split(/\s+/)[1]);
  if (!Number.isFinite(waitNs)) throw new Error('malformed /proc schedstat');
  return waitNs / 1000;
}

export interface MachineTicks {
  busy: number;
  total: number;
}

/** All CPUs' time since boot, from the first line of /proc/stat; idle and iowait are not busy. */
export function machineTicks(): MachineTicks {
  return parseMachineTicks(readFileSync('/proc/stat', 'utf8'));
}

export function parseMachineTicks(stat: string): MachineTicks {
  const fields = (stat.split('\n', 1)[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 5 || fields.some((value) => !Number.isFinite(value))) throw new Error('malformed /proc/stat');
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

/** How busy the whole machine was between two readings, in percent of all its CPUs. */
export function machineBusyPercent(before: MachineTicks, after: MachineTicks): number {
  const total = after.total - before.total;
  return total === 0 ? Number.NaN : ((after.busy - before.busy) / total) * 100;
}
