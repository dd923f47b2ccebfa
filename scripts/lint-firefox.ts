/**
 * Mozilla's linter over the Firefox build: `web-ext lint`, the checks addons.mozilla.org runs on
 * every upload (docs/releasing.md). Builds the Firefox extension first, prints every message, and
 * exits 1 when there is an error (warnings are printed and pass).
 *
 *   node --import tsx scripts/lint-firefox.ts                        # builds into .output/firefox-mv3
 *   node --import tsx scripts/lint-firefox.ts --out <dir>            # builds into <dir>/firefox-mv3
 *   node --import tsx scripts/lint-firefox.ts [--out <dir>] --no-build  # lints that folder as it is
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface LintReport {
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

/** web-ext's command line (its package exports no package.json, so from its main module). */
const WEB_EXT = join(dirname(createRequire(import.meta.url).resolve('web-ext')), 'bin/web-ext.js');

/** Builds the Firefox extension into `<outDir>/firefox-mv3` and returns that folder. */
export async function buildFirefox(outDir = '.output'): Promise<string> {
  const { build } = await import('wxt');
  await build({ browser: 'firefox', outDir: resolve(outDir) });
  return resolve(outDir, 'firefox-mv3');
}

/** Runs `web-ext lint` over the unpacked extension in `dir`. */
export function lintFirefox(dir: string): LintReport {
  const run = spawnSync(
    process.execPath,
    [WEB_EXT, 'lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'],
    // No update check: it would reach for the registry on every run.
    { encoding: 'utf8', env: { ...process.env, NO_UPDATE_NOTIFIER: '1' }, maxBuffer: 64 * 1024 * 1024 },
  );
  const start = run.stdout.indexOf('{');
  if (start === -1) throw new Error(`web-ext lint printed no report (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout.slice(start)) as LintReport;
}

/** One line per message: `error CODE file:line:column message`. */
export function formatReport(report: LintReport): string {
  const lines = (['errors', 'warnings', 'notices'] as const).flatMap((kind) =>
    report[kind].map((entry) => {
      const where = entry.file
        ? ` ${[entry.file, entry.line, entry.column].filter((part) => part !== undefined).join(':')}`
        : '';
      return `${kind.slice(0, -1)} ${entry.code}${where} ${entry.message}`;
    }),
  );
  const summary = `web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings, ${report.notices.length} notices`;
  return [...lines, summary].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'no-build': { type: 'boolean' } } });
  const out = values.out ?? '.output';
  const dir = values['no-build'] ? resolve(out, 'firefox-mv3') : await buildFirefox(out);
  const report = lintFirefox(dir);
  console.log(formatReport(report));
  process.exitCode = report.errors.length > 0 ? 1 : 0;
}
