/**
 * The Firefox build passes Mozilla's linter (`web-ext lint`, what addons.mozilla.org runs on an
 * upload) with no error. Builds into a temporary folder, so it neither needs nor touches
 * `.output/`.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, 'lint-firefox.ts');
const folder = mkdtempSync(join(tmpdir(), 'samepage-lint-firefox-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The script's exit code and what it printed. */
function lintScript(...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', SCRIPT, ...args],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe('web-ext lint over the Firefox build', () => {
  const built = join(folder, 'built');
  let run: { code: number; output: string };

  beforeAll(async () => {
    run = await lintScript('--out', built);
  }, 180_000);

  it('finds no error', () => {
    expect(run.output).toMatch(/web-ext lint: 0 errors/);
    expect(run.code).toBe(0);
  });

  it('declares its data collection and carries no Function constructor', () => {
    const manifest = JSON.parse(readFileSync(join(built, 'firefox-mv3/manifest.json'), 'utf8')) as {
      browser_specific_settings: { gecko: { data_collection_permissions: { required: string[] } } };
    };
    expect(manifest.browser_specific_settings.gecko.data_collection_permissions.required).toContain(
      'personalCommunications',
    );
    expect(run.output).not.toMatch(/MISSING_DATA_COLLECTION_PERMISSIONS|DANGEROUS_EVAL/);
  });

  it('fails on an error', async () => {
    const broken = join(folder, 'broken');
    cpSync(join(built, 'firefox-mv3'), join(broken, 'firefox-mv3'), { recursive: true });
    const path = join(broken, 'firefox-mv3/manifest.json');
    const { name: _name, ...nameless } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify(nameless));
    const result = await lintScript('--out', broken, '--no-build');
    expect(result.output).toMatch(/^error MANIFEST_FIELD_REQUIRED manifest\.json/m);
    expect(result.code).toBe(1);
  }, 60_000);
});
