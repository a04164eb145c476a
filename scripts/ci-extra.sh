#!/usr/bin/env bash
# Extra CI preparation, run by .ci/run before the checks. Installs Debian's docker-compose (v1,
# no engine needed) so scripts/ops/compose.int.test.ts can also run `docker-compose config -q`
# on docker-compose.yml. Best effort: without it that one check is skipped, the schema and
# per-service configuration checks still run.
set -uo pipefail

if ! command -v docker-compose >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  printf '\n== installing docker-compose (offline compose-file validation)\n'
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null; }; then
    echo "could not install docker-compose; the compose test skips its docker-compose check"
  fi
fi
exit 0
