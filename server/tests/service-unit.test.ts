/**
 * deploy/samepage.service and its backup timer: systemd accepts them (`systemd-analyze
 * verify`, where systemd is installed: Debian's `systemd` package), and the relay's unit stays
 * in step with the relay it runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';

const UNITS = ['samepage.service', 'samepage-backup.service', 'samepage-backup.timer'];
const read = (name: string): string => readFileSync(new URL(`../../deploy/${name}`, import.meta.url), 'utf8');
const UNIT = read('samepage.service');
const analyzer = spawnSync('systemd-analyze', ['--version']).status === 0;

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const setting = (name: string): string[] =>
  [...UNIT.matchAll(new RegExp(`^${name}=(.*)$`, 'gm'))].map((match) => match[1] ?? '');

describe('deploy/samepage.service', () => {
  it.skipIf(!analyzer)(
    `passes systemd-analyze verify, with its backup timer${analyzer ? '' : ' (skipped: no systemd-analyze here; Debian: apt-get install systemd)'}`,
    () => {
      dir = mkdtempSync(join(tmpdir(), 'samepage-unit-'));
      const files = UNITS.map((name) => join(dir, name));
      // verify fails on an ExecStart binary that is missing: this machine's node may live elsewhere.
      for (const [index, name] of UNITS.entries()) {
        writeFileSync(files[index] ?? '', read(name).replaceAll('/usr/bin/node', process.execPath));
      }
      const verified = spawnSync('systemd-analyze', ['verify', ...files], { encoding: 'utf8' });
      // Unknown or malformed settings are only warnings, on stderr, naming the file.
      const warnings = verified.stderr.split('\n').filter((line) => line.includes('samepage'));
      expect(warnings).toEqual([]);
      expect(verified.status).toBe(0);
    },
  );

  it("waits for the relay's graceful shutdown before killing it", () => {
    expect(setting('KillSignal')).toEqual(['SIGTERM']);
    const [stopAfter] = setting('TimeoutStopSec');
    expect(stopAfter).toMatch(/^\d+s$/);
    expect(parseInt(stopAfter ?? '', 10) * 1000).toBeGreaterThan(loadConfig({}).shutdownTimeoutMs);
  });

  it("keeps its data in its state directory and lets Node's JIT run", () => {
    expect(setting('StateDirectory')).toEqual(['samepage']);
    expect(setting('Environment')).toContain('DATA_DIR=/var/lib/samepage');
    expect(setting('MemoryDenyWriteExecute')).toEqual(['no']);
  });
});
