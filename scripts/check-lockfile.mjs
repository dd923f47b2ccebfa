// `node scripts/check-lockfile.mjs [lockfile]`, run by `npm test`: fails when a package in the
// lockfile lists optionalDependencies that the lockfile does not hold. Packages such as Rollup,
// esbuild and sharp ship their native binary as one optional package per platform, and npm can
// drop the other platforms' entries when it updates a lockfile (npm/cli#4828); `npm ci` on macOS,
// Windows or Alpine then installs without the binary and the build fails. Plain Node, no
// dependencies, so that it runs before anything is installed.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const path = process.argv[2] ?? fileURLToPath(new URL('../package-lock.json', import.meta.url));
const lock = JSON.parse(readFileSync(path, 'utf8'));

if (lock.packages === undefined) {
  process.stderr.write(`${path} has no "packages" section: regenerate it with npm 10 or later.\n`);
  process.exit(1);
}

/** Where Node would find `name` from the package at `location`: its own node_modules, then each parent's. */
function resolve(location, name) {
  let base = location;
  for (;;) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
    if (candidate in lock.packages) return candidate;
    if (base === '') return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent === -1 ? '' : base.slice(0, parent);
  }
}

// Platform packages are pinned to their parent's exact version; a copy of another version found
// higher up is what Node would load, and the wrong binary.
const EXACT = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

const missing = [];
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const found = resolve(location, name);
    const version = found === undefined ? undefined : lock.packages[found].version;
    if (version === undefined || (EXACT.test(range) && version !== range)) {
      const owner = entry.name ?? location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
      const instead = version === undefined ? '' : `, found only ${version} at ${found}`;
      missing.push(`  ${name}@${range} (optional dependency of ${owner || 'the project'}@${entry.version}${instead})`);
    }
  }
}

if (missing.length > 0) {
  process.stderr.write(
    `${path} lacks ${missing.length} optional package(s) that its packages depend on:\n${missing.join('\n')}\n` +
      'npm left them out when it updated the lockfile from one platform (npm/cli#4828), and `npm ci` on the\n' +
      'platforms they serve would install without them. Run `npm install --package-lock-only --ignore-scripts`\n' +
      'to add them (docs/development.md, "Updating a dependency").\n',
  );
  process.exit(1);
}
process.stdout.write(`${path}: every optional platform package is in the lockfile.\n`);
