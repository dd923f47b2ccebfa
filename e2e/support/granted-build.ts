/**
 * A copy of the extension's build whose manifest already holds what the person would grant on a
 * click: headless Chromium shows an optional permission's prompt and nothing can answer it, so
 * a test of what comes after the grant loads this copy instead (keep-open, side panel,
 * notifications).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Manifest {
  permissions: string[];
  host_permissions?: string[];
  [key: string]: unknown;
}

export interface GrantedBuild {
  /** The folder to load with `--load-extension` (launchUser's `extensionDir`). */
  dir: string;
  remove(): void;
}

export function grantedBuild(label: string, grant: (manifest: Manifest) => Manifest): GrantedBuild {
  const folder = mkdtempSync(join(tmpdir(), `samepage-e2e-${label}-`));
  const dir = join(folder, 'chrome-mv3');
  cpSync(join(process.cwd(), '.output/chrome-mv3'), dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(grant(manifest)));
  return { dir, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
