#!/bin/sh
# Benchmark: feedback.ingest_record against a plain INSERT of the same
# canonical row into the same table, interleaved in one pgbench run, in a
# throw-away cluster.  Prints both latencies and their ratio.  Not a test:
# nothing here passes or fails on speed.
#   BENCH_SECONDS (default 30), BENCH_CLIENTS (default 2)
set -eu
self=$(readlink -f "$0")
cd "$(dirname "$self")"
: "${BENCH_SECONDS:=30}" "${BENCH_CLIENTS:=2}"

if [ -z "${PGPORT:-}" ]; then
	exec pg_virtualenv -t -o "timezone=UTC" -o "synchronous_commit=off" \
		-o "shared_buffers=256MB" "$self" "$@"
fi

psql -X -q -o /dev/null -v ON_ERROR_STOP=1 <<'SQL'
CREATE EXTENSION feedback;
SELECT feedback.create_organization('bench');
BEGIN;
SELECT feedback.set_org(1);
SELECT feedback.create_source('{"name": "Support Tickets"}');
COMMIT;
SQL

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "server:  $(psql -XAtc 'SHOW server_version'), synchronous_commit=off, $BENCH_CLIENTS clients, ${BENCH_SECONDS}s"
out=$(mktemp)
pgbench -n -M prepared -c "$BENCH_CLIENTS" -j "$BENCH_CLIENTS" -T "$BENCH_SECONDS" \
	-f ingest.sql@1 -f insert.sql@1 >"$out" 2>&1 || { cat "$out"; exit 1; }

# pgbench prints, per script: "SQL script N: <file>", "... - N transactions", "... - latency average = X ms"
awk '
	/^SQL script [0-9]+:/ { script = $4 }
	/ - [0-9]+ transactions/ { tx[script] = $2 }
	/ - latency average =/ { lat[script] = $5 }
	END {
		printf "%-12s %12s %14s\n", "script", "transactions", "latency (ms)"
		printf "%-12s %12s %14s\n", "ingest.sql", tx["ingest.sql"], lat["ingest.sql"]
		printf "%-12s %12s %14s\n", "insert.sql", tx["insert.sql"], lat["insert.sql"]
		if (lat["insert.sql"] > 0)
			printf "ratio: ingest_record takes %.2fx the time of a plain INSERT of the same row\n", lat["ingest.sql"] / lat["insert.sql"]
	}' "$out"
psql -XAtc "SELECT 'rows stored: ' || count(*) FROM feedback.records"
rm -f "$out"
