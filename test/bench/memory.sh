#!/bin/sh
# Benchmark: the memory of one backend that ingests many records, valid and
# invalid mixed (every fourth body is rejected), in a throw-away cluster.
# One pgbench client, one connection, one transaction per record; the
# backend's private memory (RssAnon, which leaves out the shared buffers it
# touches) is sampled after a warm-up and until the end, and the growth
# printed.  Not a test: nothing here passes or fails.
#   BENCH_CALLS (default 1000000), BENCH_WARMUP (default 20000)
set -eu
self=$(readlink -f "$0")
cd "$(dirname "$self")"
: "${BENCH_CALLS:=1000000}" "${BENCH_WARMUP:=20000}"

if [ -z "${PGPORT:-}" ]; then
	exec pg_virtualenv -t -o "timezone=UTC" -o "synchronous_commit=off" "$self" "$@"
fi

psql -X -q -o /dev/null -v ON_ERROR_STOP=1 <<'SQL'
CREATE EXTENSION feedback;
SELECT feedback.create_organization('bench');
BEGIN;
SELECT feedback.set_org(1);
SELECT feedback.create_source('{"name": "Support Tickets"}');
COMMIT;
-- ingest(n): one record; every fourth is invalid (a bad value, a bad name,
-- malformed JSON, an unknown member) and its error is caught, as a client
-- would get it.
CREATE FUNCTION ingest(n bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	PERFORM feedback.set_org(1);
	PERFORM feedback.ingest_record(1, (CASE n % 16
		WHEN 3 THEN '{"fields": [{"name": "score", "category": "metadata", "type": "integer", "value": "ten"}]}'
		WHEN 7 THEN '{"fields": [{"name": "Bad Name", "category": "content", "type": "string", "value": "x"}]}'
		WHEN 11 THEN '{"display_time": "2025-01-01", "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}'
		WHEN 15 THEN '{"external_id": "dup", "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}'
		ELSE format('{"external_id": "m-%s", "display_ts": "2025-01-01T10:30:00Z", "fields": [
			{"category": "content", "type": "string", "name": "body", "value": "Export times out %s"},
			{"category": "metadata", "type": "integer", "name": "score", "value": %s},
			{"category": "metadata", "type": "json", "name": "tags", "value": ["export", "performance"]},
			{"category": "created_at", "type": "datetime", "name": "opened_at", "value": %s.25}]}', n, n, n % 11, 1736937912 + n)
		END)::json);
	RETURN true;
EXCEPTION WHEN OTHERS THEN
	RETURN false;
END
$$;
SQL

script=$(mktemp /tmp/feedback-memory.XXXXXX)
echo "SELECT ingest(nextval('n'));" > "$script"
psql -X -q -c "CREATE SEQUENCE n"

rss() { awk '/RssAnon/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
calls_done() { psql -XAtc "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM n"; }

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); PostgreSQL $(psql -XAtc 'SHOW server_version')"

# One backend for the whole run: pgbench with one client and one connection.
pgbench -n -c 1 -t $((BENCH_WARMUP + BENCH_CALLS)) -f "$script" >/dev/null 2>&1 &
bench=$!
pid=""
while [ -z "$pid" ]; do
	sleep 0.5
	pid=$(psql -XAtc "SELECT pid FROM pg_stat_activity WHERE application_name = 'pgbench' LIMIT 1")
done
while [ "$(calls_done)" -lt "$BENCH_WARMUP" ]; do sleep 1; done
start_calls=$(calls_done)
before=$(rss "$pid")
peak=$before
last=$before
while kill -0 "$bench" 2>/dev/null; do
	now=$(rss "$pid")
	if [ "$now" -gt 0 ]; then
		last=$now
		[ "$now" -gt "$peak" ] && peak=$now
	fi
	sleep 2
done
wait "$bench"
end_calls=$(calls_done)
stored=$(psql -XAtc "SELECT count(*) FROM feedback.records")
echo "calls: $end_calls in one backend ($stored records stored, the others rejected)"
echo "backend private memory (RssAnon) after $start_calls warm-up calls: ${before} kB; last sample: ${last} kB; peak: ${peak} kB"
echo "growth: $((last - before)) kB over the last $((end_calls - start_calls)) calls"
rm -f "$script"
