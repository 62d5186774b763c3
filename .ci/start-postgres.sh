#!/usr/bin/env bash
# Installs (if needed) and starts Debian's PostgreSQL for the storage tests, and prints the
# admin URL to use as GOVPERF_TEST_POSTGRES_URL. Idempotent: safe to run again.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >&2
fi
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q && break; sleep 0.5; done
pg_isready -q || { echo "PostgreSQL did not start" >&2; exit 1; }
su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname = 'govperf'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"create role govperf login createdb password 'govperf'\"" >&2
echo "postgres://govperf:govperf@127.0.0.1:5432/postgres"
