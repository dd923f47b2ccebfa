#!/usr/bin/env bash
# Installs what `npm test` needs on a fresh Debian/Ubuntu machine: Chromium for the
# end-to-end suite, redis-server for the multi-node tests, nginx and openssl for the
# load-balancer example's test (all from the OS packages, never a downloaded browser), then
# the npm dependencies: `npm ci` under CI (CI=true), so that CI tests exactly the committed
# lockfile and fails fast when package.json disagrees with it; `npm install` for people, which
# keeps a node_modules they already have.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing OS packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ -n "${CI:-}" ] && [ "${CI}" != "false" ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi
