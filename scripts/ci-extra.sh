#!/usr/bin/env bash
# Extra CI preparation, run by .ci/run before the checks, from Debian's packages:
# - chromium: the admin console's browser test (services/gateway/src/console/console.int.test.ts)
#   drives it through playwright-core. Required: without it that test file fails, naming it.
# - docker-compose (v1, no engine needed): scripts/ops/compose.int.test.ts also runs
#   `docker-compose config -q` on docker-compose.yml. Best effort: without it that one check is
#   skipped; the schema and per-service configuration checks still run.
set -uo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)

if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  printf '\n== installing %s (Debian packages)\n' "${missing[*]}"
  as_root apt-get update -qq || true
  for pkg in "${missing[@]}"; do
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null \
      || echo "could not install $pkg"
  done
fi
exit 0
