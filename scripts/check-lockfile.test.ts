import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, 'check-lockfile.mjs');
const folder = mkdtempSync(join(tmpdir(), 'samepage-check-lockfile-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function check(lock?: unknown): { status: number | null; output: string } {
  const args = [SCRIPT];
  if (lock !== undefined) {
    const path = join(folder, `lock-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(lock));
    args.push(path);
  }
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

const platform = (os: string, cpu: string) => ({ version: '4.0.0', optional: true, os: [os], cpu: [cpu] });

/** A lockfile shaped like npm's: Rollup at the top, and an older copy nested under a tool. */
const fixture = () => ({
  name: 'fixture',
  lockfileVersion: 3,
  packages: {
    '': { name: 'fixture', dependencies: { rollup: '^4.0.0', tool: '^1.0.0' } },
    'node_modules/rollup': {
      version: '4.0.0',
      optionalDependencies: {
        '@rollup/rollup-darwin-arm64': '4.0.0',
        '@rollup/rollup-linux-x64-gnu': '4.0.0',
        '@rollup/rollup-win32-x64-msvc': '4.0.0',
      },
    },
    'node_modules/@rollup/rollup-darwin-arm64': platform('darwin', 'arm64'),
    'node_modules/@rollup/rollup-linux-x64-gnu': platform('linux', 'x64'),
    'node_modules/@rollup/rollup-win32-x64-msvc': platform('win32', 'x64'),
    'node_modules/tool': { version: '1.0.0', dependencies: { rollup: '^3.0.0' } },
    'node_modules/tool/node_modules/rollup': {
      version: '3.0.0',
      // Rollup 3 needs its own Windows binary: the one at the top is Rollup 4's.
      optionalDependencies: { '@rollup/rollup-win32-x64-msvc': '3.0.0' },
    },
    'node_modules/tool/node_modules/@rollup/rollup-win32-x64-msvc': { ...platform('win32', 'x64'), version: '3.0.0' },
  },
});

describe('scripts/check-lockfile.mjs', () => {
  it('passes a lockfile that holds every platform package, nested ones found where Node would look', () => {
    expect(check(fixture())).toMatchObject({ status: 0 });
  });

  it('names a platform package that is missing', () => {
    const lock = fixture();
    delete (lock.packages as Record<string, unknown>)['node_modules/@rollup/rollup-darwin-arm64'];
    const { status, output } = check(lock);
    expect(status).toBe(1);
    expect(output).toContain('@rollup/rollup-darwin-arm64@4.0.0 (optional dependency of rollup@4.0.0)');
    expect(output).not.toContain('rollup-linux-x64-gnu');
  });

  it('does not count a top-level copy of another version for a nested package that lacks its own', () => {
    const lock = fixture();
    delete (lock.packages as Record<string, unknown>)['node_modules/tool/node_modules/@rollup/rollup-win32-x64-msvc'];
    const { status, output } = check(lock);
    expect(status).toBe(1);
    expect(output).toContain(
      '@rollup/rollup-win32-x64-msvc@3.0.0 (optional dependency of rollup@3.0.0, found only 4.0.0 at node_modules/@rollup/rollup-win32-x64-msvc)',
    );
  });

  it("passes the project's own lockfile, and fails it without one of Rollup's platforms", () => {
    expect(check()).toMatchObject({ status: 0 });
    const lock = JSON.parse(readFileSync(join(import.meta.dirname, '../package-lock.json'), 'utf8'));
    delete lock.packages['node_modules/@rollup/rollup-darwin-arm64'];
    const { status, output } = check(lock);
    expect(status).toBe(1);
    expect(output).toContain('@rollup/rollup-darwin-arm64@');
  });

  it('refuses a lockfile from before npm 7, which has no "packages"', () => {
    expect(check({ lockfileVersion: 1, dependencies: {} })).toMatchObject({ status: 1 });
  });
});
