#!/bin/sh
# Benchmark: feedback.authenticate(key), which looks the key up and counts
# the request against the key's rate limit, against baselines that do the
# lookup without the limiter, interleaved in one pgbench run, in a
# throw-away cluster; once without shared_preload_libraries (the limiter's
# table in a dynamic shared memory segment) and once with it (main shared
# memory).  Per-transaction latencies come from pgbench's log, in
# microseconds.  Not a test: nothing here passes or fails on speed.
#
# The scripts:
#   authenticate  SELECT feedback.authenticate(key), the key's limit 2e9 a minute
#   lookup        the same SELECT authenticate runs through SPI, written in SQL
#                 (sha256 and all), without the function or the limiter
#   set_org       feedback.set_org(1): a C function and an SPI lookup, no limiter
# authenticate - lookup is the whole price of the function (fmgr, SECURITY
# DEFINER with SET search_path, SPI) plus the limiter; set_org, a C
# function with a simpler SPI lookup and no limiter, is there for scale.
# Then the limiter alone:
# ratelimit_loop.c (built in a scratch directory, never installed) calls the
# loaded library's fb_ratelimit_take in a loop, from one session and from
# BENCH_CLIENTS at once on one key (the worst case for its one lock).
#   BENCH_SECONDS (default 20 per mode), BENCH_CLIENTS (default 2)
set -eu
self=$(readlink -f "$0")
cd "$(dirname "$self")"
: "${BENCH_SECONDS:=20}" "${BENCH_CLIENTS:=2}"

if [ -z "${PGPORT:-}" ]; then
	# ratelimit_loop.c, built (not installed) where the server can read it
	BENCH_LOOP_DIR=$(mktemp -d /tmp/feedback-bench.XXXXXX)
	trap 'rm -rf "$BENCH_LOOP_DIR"' EXIT
	chmod 755 "$BENCH_LOOP_DIR"
	cp ratelimit_loop.c "$BENCH_LOOP_DIR/"
	printf 'MODULES = ratelimit_loop\nPG_CONFIG ?= pg_config\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n' \
		>"$BENCH_LOOP_DIR/Makefile"
	make -s -C "$BENCH_LOOP_DIR" >/dev/null 2>&1 || echo "(ratelimit_loop.c did not build: the limiter alone is not measured)"
	export BENCH_LOOP_DIR

	echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
	for mode in no-preload preload; do
		preload=""
		[ "$mode" = preload ] && preload="feedback"
		BENCH_MODE=$mode pg_virtualenv -t -o "timezone=UTC" -o "synchronous_commit=off" \
			-o "shared_preload_libraries=$preload" "$self" "$@"
	done
	exit 0
fi

key=$(psql -X -q -At -v ON_ERROR_STOP=1 <<'SQL'
CREATE EXTENSION feedback;
SELECT feedback.create_organization('bench') \gset
SELECT feedback.create_api_key(1) AS key \gset
UPDATE feedback.api_keys SET rate_limit_per_minute = 2000000000;
SELECT :'key';
SQL
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/authenticate.sql" <<EOF
SELECT feedback.authenticate('$key');
EOF
cat >"$work/lookup.sql" <<EOF
SELECT k.org_id, k.id, k.rate_limit_per_minute FROM feedback.api_keys k JOIN feedback.organizations o ON o.id = k.org_id WHERE k.key_hash = sha256(convert_to('$key', 'UTF8')) AND k.revoked_at IS NULL;
EOF
cat >"$work/set_org.sql" <<EOF
SELECT feedback.set_org(1);
EOF

echo
echo "== $BENCH_MODE: $(psql -XAtc 'SHOW server_version'), shared_preload_libraries='$(psql -XAtc 'SHOW shared_preload_libraries')', $BENCH_CLIENTS clients, ${BENCH_SECONDS}s"
(cd "$work" && pgbench -n -M prepared -c "$BENCH_CLIENTS" -j "$BENCH_CLIENTS" -T "$BENCH_SECONDS" \
	-l --log-prefix=txlog \
	-f authenticate.sql@1 -f lookup.sql@1 -f set_org.sql@1 >"$work/out" 2>&1) ||
	{ cat "$work/out"; exit 1; }

# log lines: client_id transaction_no time(us) script_no time_epoch time_us
for n in 0 1 2; do
	cat "$work"/txlog.* | awk -v s=$n '$4 == s { print $3 }' | sort -n >"$work/lat.$n"
done
awk -v dir="$work" '
	function stats(n,   f, v, i, sum, a) {
		f = dir "/lat." n
		i = 0; sum = 0
		while ((getline v < f) > 0) { a[++i] = v; sum += v }
		close(f)
		count[n] = i; mean[n] = i ? sum / i : 0
		median[n] = i ? (i % 2 ? a[(i + 1) / 2] : (a[i / 2] + a[i / 2 + 1]) / 2) : 0
	}
	BEGIN {
		name[0] = "authenticate"; name[1] = "lookup"; name[2] = "set_org"
		printf "%-14s %10s %11s %13s\n", "script", "calls", "mean (us)", "median (us)"
		for (n = 0; n < 3; n++) {
			stats(n)
			printf "%-14s %10d %11.1f %13.1f\n", name[n], count[n], mean[n], median[n]
		}
		printf "authenticate - lookup: %.1f us per call (median; mean %.1f)\n",
			median[0] - median[1], mean[0] - mean[1]
		printf "authenticate - set_org: %.1f us per call (median; mean %.1f)\n",
			median[0] - median[2], mean[0] - mean[2]
	}'

# The limiter alone: fb_ratelimit_take in a loop in the server, called
# through the loaded library's symbol (hidden on builds that hide symbols).
so="$BENCH_LOOP_DIR/ratelimit_loop.so"
if [ -f "$so" ] && psql -X -q -v ON_ERROR_STOP=1 >/dev/null 2>&1 <<SQL
LOAD 'feedback';
CREATE FUNCTION ratelimit_loop(bigint, int) RETURNS float8 AS '$so', 'ratelimit_loop' LANGUAGE C STRICT;
SQL
then
	loop() {
		psql -XAtq -c "LOAD 'feedback'" -c "SELECT round(ratelimit_loop($1, $2)::numeric)"
	}
	echo "fb_ratelimit_take alone, in a loop in the server (ns per call):"
	echo "  1 session, 1 key:          $(loop 2000000 1)"
	echo "  1 session, 10000 keys:     $(loop 2000000 10000)"
	for c in $(seq "$BENCH_CLIENTS"); do
		loop 2000000 1 >"$work/loop.$c" &
	done
	wait
	echo "  $BENCH_CLIENTS sessions at once, 1 key: $(cat "$work"/loop.* | tr '\n' ' ')"
else
	echo "fb_ratelimit_take alone: not measured (ratelimit_loop.so did not build or load)"
fi
psql -XAtc "SELECT 'shared memory: ' || coalesce((SELECT pg_size_pretty(size) || ' in the main shared memory' FROM pg_shmem_allocations WHERE name = 'feedback_ratelimit'), 'a dynamic segment')"
