/**
 * `npm run zip`: the packages for the stores (docs/releasing.md), written under .output/:
 *
 *   samepage-<version>-chrome.zip           the Chrome Web Store upload
 *   samepage-<version>-firefox.zip          the addons.mozilla.org upload
 *   samepage-<version>-sources.zip          the sources Mozilla's reviewers rebuild it from
 *   samepage-<version>-reviewer-notes.txt   what to paste into AMO's "Notes to reviewer"
 *
 * The relay the packages connect to is the build's WXT_SERVER_URL (README, "Configuration"). A
 * store package needs the production relay's address there (https:// or wss://); without it the
 * packages point at http://localhost:3000, which is for trying them out, and this says so. The
 * Firefox package must pass `web-ext lint` with no error, or this fails.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverUrlProblem } from '../extension/lib/server-url-problem.ts';
import { formatReport, lintFirefox } from './lint-firefox.ts';

const OUT = '.output';
const DEFAULT_RELAY = 'http://localhost:3000';

const { name, version } = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string };
const relay = process.env.WXT_SERVER_URL?.trim() || undefined;

function fail(message: string): never {
  console.error(`\nnpm run zip: ${message}`);
  process.exit(1);
}

const problem = relay === undefined ? null : serverUrlProblem(relay);
if (problem) fail(`WXT_SERVER_URL=${relay}: ${problem}`);
const local = relay === undefined || /^(http|ws):/.test(relay);
if (local) {
  console.warn(
    `\n*** These packages connect to ${relay ?? `${DEFAULT_RELAY} (no WXT_SERVER_URL)`}: fine for trying them,` +
      `\n*** not for a store. Build the store's with WXT_SERVER_URL=https://<your relay> npm run zip.\n`,
  );
}

for (const browser of ['chrome', 'firefox']) {
  const zip = spawnSync('npx', ['wxt', 'zip', '-b', browser], { stdio: 'inherit' });
  if (zip.status !== 0) fail(`wxt zip -b ${browser} failed`);
}

const report = lintFirefox(join(OUT, 'firefox-mv3'));
console.log(`\n${formatReport(report)}`);
if (report.errors.length > 0)
  fail('the Firefox package has web-ext lint errors (above); addons.mozilla.org refuses it');

const notes = join(OUT, `${name}-${version}-reviewer-notes.txt`);
writeFileSync(
  notes,
  `To rebuild this add-on from ${name}-${version}-sources.zip (its BUILDING.md says the same):

  Node.js 20.19+ or 22.12+ (this one was built with ${process.version}) and npm 10 or later
  npm ci
  ${relay ? `WXT_SERVER_URL=${relay} ` : ''}npm run build:firefox

.output/firefox-mv3/ is then the uploaded package, file for file. ${
    relay
      ? `WXT_SERVER_URL is the address of the relay the add-on talks to, compiled into the build.`
      : `No WXT_SERVER_URL was set: the add-on talks to ${DEFAULT_RELAY}.`
  }
The code is bundled by Vite (through WXT) and minified, not obfuscated. The remaining web-ext lint
warnings are in libraries: Preact's support for dangerouslySetInnerHTML (never used by this
add-on) and emoji-picker-element's parsing of its own static templates.
`,
);

console.log(`\nWritten (relay: ${relay ?? DEFAULT_RELAY}):`);
for (const file of ['chrome.zip', 'firefox.zip', 'sources.zip'].map((end) => join(OUT, `${name}-${version}-${end}`))) {
  console.log(`  ${file}  ${(statSync(file).size / 1024).toFixed(0)} KiB`);
}
console.log(`  ${notes}`);
