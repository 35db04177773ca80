#!/bin/bash
# Gateway tests: the shipped deploy/nginx.conf, served by a real nginx, in
# front of a test upstream (test/gateway/upstream.pl) that stands where
# PostgREST would and records every request that reaches it.
#
# Checks `nginx -t`; the mapping of the hosted API's paths onto PostgREST's
# RPC calls (method, path, headers, body byte for byte); the API key headers;
# PostgREST's answers passing through unchanged; 404 for every other path
# (PostgREST's own included), 405 for another method, 413 for a body over
# 1 MB, the gateway's own errors as JSON; the per-key rate limit (429 with
# Retry-After); and, in a throw-away cluster, deploy/postgrest-roles.sql.
# Only nginx.conf's listen port and upstream address are changed, to free
# loopback ports.
#
# Needs nginx, curl and perl (test/deps.sh), pg_virtualenv for the roles
# check; loopback only; runs as root (CI) or as any user, in a few seconds.
# Prints "N passed, M failed"; exits non-zero on a failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
for tool in "$NGINX" curl perl; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "gateway: $tool not found (make deps installs it)" >&2
		exit 1
	fi
done

work=$(mktemp -d /tmp/feedback-gateway.XXXXXX)
chmod 755 "$work"        # nginx workers run as another user when we are root
up=$work/upstream        # what the test upstream recorded
prefix=$work/nginx       # the nginx prefix: config, logs, temporary files
mkdir "$up" "$prefix"
up_pid=""
ngx_pid=""

# Stop what this script started, by process id, whatever way it ends.
cleanup() {
	if [ -n "$ngx_pid" ]; then
		kill -TERM "$ngx_pid" 2>/dev/null
		wait "$ngx_pid" 2>/dev/null
	fi
	if [ -n "$up_pid" ]; then
		# The upstream leads its own process group: its children go too.
		kill -TERM -- "-$up_pid" 2>/dev/null || kill -TERM "$up_pid" 2>/dev/null
		wait "$up_pid" 2>/dev/null
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# ---------------------------------------------------------------------------
# Reporting

passed=0
failed=0
pass() {
	passed=$((passed + 1))
	echo "ok $((passed + failed)) - $1"
}
fail() {
	failed=$((failed + 1))
	echo "not ok $((passed + failed)) - $1"
	[ $# -gt 1 ] && echo "#   $2"
	return 0
}
# is NAME GOT WANT
is() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi
}
# ok NAME COMMAND...: passes when COMMAND succeeds
ok() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name" "failed: $*"; fi
}
bail() {
	echo "gateway: $*" >&2
	[ -f "$prefix/error.log" ] && tail -n 20 "$prefix/error.log" >&2
	echo "$passed passed, $((failed + 1)) failed"
	exit 1
}

# ---------------------------------------------------------------------------
# Helpers

free_port() {
	perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(LocalAddr => "127.0.0.1",
		LocalPort => 0, Listen => 1, ReuseAddr => 1)->sockport'
}

# config DIR PORT UPSTREAM_PORT: the shipped configuration in DIR, with the
# listen port and the upstream address replaced (nothing else).
config() {
	local dir=$1
	cp deploy/nginx-standalone.conf "$dir/nginx-standalone.conf"
	sed -e "s|^\([[:space:]]*\)listen 80;|\1listen 127.0.0.1:$2;|" \
		-e "s|^\([[:space:]]*\)server 127\.0\.0\.1:3000;|\1server 127.0.0.1:$3;|" \
		deploy/nginx.conf >"$dir/nginx.conf"
	if [ "$(grep -c "^[[:space:]]*listen 127.0.0.1:$2;" "$dir/nginx.conf")" != 1 ] ||
		[ "$(grep -c "^[[:space:]]*listen " "$dir/nginx.conf")" != 1 ] ||
		[ "$(grep -c "^[[:space:]]*server 127.0.0.1:$3;" "$dir/nginx.conf")" != 1 ]; then
		bail "deploy/nginx.conf must have exactly one 'listen 80;' and one 'server 127.0.0.1:3000;'"
	fi
}

# send ID METHOD PATH [CURL ARGS...]: one request, tagged X-Test-Id: ID.
# Sets $status; the response is in $work/resp.head and $work/resp.body.
send() {
	local id=$1 method=$2 path=$3
	shift 3
	status=$(curl -sS --max-time 20 -o "$work/resp.body" -D "$work/resp.head" -w '%{http_code}' \
		-X "$method" -H "X-Test-Id: $id" "$@" "http://127.0.0.1:$port$path") || status="curl failed"
}
# resp_hdr NAME: the value of a response header ('' when absent)
resp_hdr() {
	grep -i "^$1:" "$work/resp.head" | sed 's/^[^:]*:[[:space:]]*//' | tr -d '\r'
}
resp_body() {
	cat "$work/resp.body"
}
# reached ID: whether the request ID reached the upstream
reached() {
	[ -f "$up/$1.head" ]
}
not_reached() {
	! reached "$1"
}
# up_line ID: the request line the upstream received
up_line() {
	head -n 1 "$up/$1.head" 2>/dev/null | tr -d '\r'
}
# up_hdr ID NAME: the values of a request header the upstream received, one a line
up_hdr() {
	grep -i "^$2:" "$up/$1.head" 2>/dev/null | sed 's/^[^:]*:[[:space:]]*//' | tr -d '\r'
}
up_hdr_count() {
	grep -ci "^$2:" "$up/$1.head" 2>/dev/null
}
# same_body ID FILE: whether the upstream received FILE byte for byte
same_body() {
	cmp -s "$up/$1.body" "$2"
}
# json_error CODE: whether the response is a JSON error body of the gateway
json_error() {
	resp_body | grep -q "^{\"code\":\"$1\",\"message\":\"[^\"]*\",\"details\":.*,\"hint\":.*}$" &&
		[ "$(resp_hdr Content-Type)" = application/json ]
}

# ---------------------------------------------------------------------------
# Start the test upstream, then nginx on a free port in front of it (after
# `nginx -t`, which binds the listen port too: hence a free port, not 80).

perl test/gateway/upstream.pl "$up" &
up_pid=$!
for _ in $(seq 50); do
	[ -f "$up/port" ] && break
	sleep 0.1
done
[ -f "$up/port" ] || bail "the test upstream did not start"
up_port=$(cat "$up/port")

# A port found free may be taken before nginx binds it: up to 3 ports.
started=""
for _ in 1 2 3; do
	port=$(free_port)
	config "$prefix" "$port" "$up_port"
	if ! tested=$("$NGINX" -t -q -p "$prefix/" -c "$prefix/nginx-standalone.conf" 2>&1); then
		grep -q 'Address already in use' <<<"$tested" && continue
		break
	fi
	"$NGINX" -p "$prefix/" -c "$prefix/nginx-standalone.conf" -g 'daemon off;' 2>>"$prefix/stderr" &
	ngx_pid=$!
	for _ in $(seq 50); do
		kill -0 "$ngx_pid" 2>/dev/null || break
		if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
			started=yes
			break
		fi
		sleep 0.1
	done
	[ -n "$started" ] && break
	kill -TERM "$ngx_pid" 2>/dev/null
	wait "$ngx_pid" 2>/dev/null
	ngx_pid=""
done
if [ -n "$started" ]; then
	pass "nginx -t accepts deploy/nginx.conf (listen port and upstream replaced)"
else
	[ -f "$prefix/stderr" ] && cat "$prefix/stderr" >&2
	bail "nginx -t failed or nginx did not start: $tested"
fi
echo "# nginx $("$NGINX" -v 2>&1 | sed 's|.*/||') on 127.0.0.1:$port, test upstream on 127.0.0.1:$up_port"

# ---------------------------------------------------------------------------
# POST /v3/rest/feedback-sources -> POST /rpc/create_source

send src POST /v3/rest/feedback-sources --data-binary @examples/source.support-tickets.json \
	-H 'X-Api-Key: key-one' -H 'Content-Type: text/plain' -H 'Accept: text/html' \
	-H 'X-Feedback-Source-Id: 999'
is "create source: answered by the upstream" "$status $(resp_body)" '200 {"upstream":"src"}'
is "create source: arrives as POST /rpc/create_source" "$(up_line src)" "POST /rpc/create_source HTTP/1.1"
ok "create source: body unchanged" same_body src examples/source.support-tickets.json
is "create source: X-Api-Key passed" "$(up_hdr src X-Api-Key)" "key-one"
is "create source: Content-Type set to application/json" "$(up_hdr src Content-Type)" "application/json"
is "create source: Accept set to application/json" "$(up_hdr src Accept)" "application/json"
is "create source: a client's X-Feedback-Source-Id is not passed" "$(up_hdr_count src X-Feedback-Source-Id)" 0
is "create source: the upstream's Content-Location is hidden" "$(resp_hdr Content-Location)" ""
is "create source: Server header without version" "$(resp_hdr Server)" "nginx"

# ---------------------------------------------------------------------------
# PUT /v3/rest/people -> POST /rpc/put_person

send person PUT /v3/rest/people --data-binary @examples/person.john.json \
	-H 'X-BuildBetter-Api-Key: bb-key' -H 'Content-Type: application/json'
is "put person: answered by the upstream" "$status $(resp_body)" '200 {"upstream":"person"}'
is "put person: PUT arrives as POST /rpc/put_person" "$(up_line person)" "POST /rpc/put_person HTTP/1.1"
ok "put person: body unchanged" same_body person examples/person.john.json
is "put person: X-BuildBetter-Api-Key arrives as X-Api-Key" "$(up_hdr person X-Api-Key)" "bb-key"
is "put person: X-BuildBetter-Api-Key itself is not passed" "$(up_hdr_count person X-BuildBetter-Api-Key)" 0
is "put person: Content-Type application/json" "$(up_hdr person Content-Type)" "application/json"

# ---------------------------------------------------------------------------
# POST /v3/rest/feedback-sources/{id}/records -> POST /rpc/ingest_record

send rec POST /v3/rest/feedback-sources/42/records --data-binary @examples/support-ticket.record.json \
	-H 'X-Api-Key: key-one' -H 'Prefer: resolution=merge-duplicates' -H 'X-Feedback-Source-Id: 7'
is "ingest record: answered by the upstream" "$status $(resp_body)" '200 {"upstream":"rec"}'
is "ingest record: arrives as POST /rpc/ingest_record" "$(up_line rec)" "POST /rpc/ingest_record HTTP/1.1"
is "ingest record: X-Feedback-Source-Id from the path, the client's dropped" "$(up_hdr rec X-Feedback-Source-Id)" "42"
is "ingest record: Prefer merge-duplicates passed" "$(up_hdr rec Prefer)" "resolution=merge-duplicates"
ok "ingest record: body unchanged" same_body rec examples/support-ticket.record.json
is "ingest record: X-Api-Key passed" "$(up_hdr rec X-Api-Key)" "key-one"

send rec2 POST /v3/rest/feedback-sources/000123456789/records --data-binary @examples/slack-message.record.json \
	-H 'X-BuildBetter-Api-Key: bb-key' -H 'Prefer: resolution=ignore-duplicates'
is "ingest record: source id digits passed verbatim" "$(up_line rec2) $(up_hdr rec2 X-Feedback-Source-Id)" \
	"POST /rpc/ingest_record HTTP/1.1 000123456789"
is "ingest record: Prefer ignore-duplicates passed" "$(up_hdr rec2 Prefer)" "resolution=ignore-duplicates"
ok "ingest record: body unchanged (second record)" same_body rec2 examples/slack-message.record.json

# ---------------------------------------------------------------------------
# API key headers, headers not passed, query strings

send both POST /v3/rest/feedback-sources --data-binary @examples/source.slack.json \
	-H 'X-BuildBetter-Api-Key: key-y' -H 'X-Api-Key: key-x'
is "both key headers: X-Api-Key wins, the other is not passed" \
	"$(up_hdr both X-Api-Key) $(up_hdr_count both X-BuildBetter-Api-Key)" "key-x 0"

send emptykey POST /v3/rest/feedback-sources --data-binary @examples/source.slack.json \
	-H 'X-Api-Key;' -H 'X-BuildBetter-Api-Key: key-z'
is "empty X-Api-Key: X-BuildBetter-Api-Key used" "$(up_hdr emptykey X-Api-Key)" "key-z"

send nokey POST /v3/rest/feedback-sources --data-binary @examples/source.slack.json
is "no key: passed on without X-Api-Key (the database answers 401)" \
	"$status $(up_hdr_count nokey X-Api-Key)" "200 0"

send query POST '/v3/rest/feedback-sources?select=id&name=eq.x' --data-binary @examples/source.slack.json \
	-H 'X-Api-Key: key-one'
is "query string dropped" "$(up_line query)" "POST /rpc/create_source HTTP/1.1"

send strip POST /v3/rest/feedback-sources --data-binary @examples/source.slack.json -H 'X-Api-Key: key-one' \
	-H 'Authorization: Bearer abc' -H 'Accept-Profile: feedback' -H 'Content-Profile: feedback' -H 'Cookie: a=b'
is "Authorization, Accept-Profile, Content-Profile and Cookie are not passed" \
	"$(grep -ciE '^(authorization|accept-profile|content-profile|cookie):' "$up/strip.head")" 0
is "upstream keepalive: HTTP/1.1 without Connection: close" \
	"$(up_line strip | sed 's/.* //') $(up_hdr_count strip Connection)" "HTTP/1.1 0"

# ---------------------------------------------------------------------------
# PostgREST's answers pass through unchanged, errors included

for code in 400 401 404 409 500; do
	send "pass$code" POST /v3/rest/feedback-sources/1/records --data-binary @examples/nps-survey.record.json \
		-H 'X-Api-Key: key-one' -H "X-Test-Status: $code"
	is "upstream $code passes through with its body" "$status $(resp_body)" "$code {\"upstream\":\"pass$code\"}"
done
send pass429 POST /v3/rest/feedback-sources/1/records --data-binary @examples/nps-survey.record.json \
	-H 'X-Api-Key: key-one' -H 'X-Test-Status: 429'
is "upstream 429 passes through with its Retry-After" "$status $(resp_hdr Retry-After) $(resp_body)" \
	'429 7 {"upstream":"pass429"}'

# ---------------------------------------------------------------------------
# Bodies: chunked, large, too large

send chunked POST /v3/rest/feedback-sources/9/records --data-binary @examples/support-ticket.record.json \
	-H 'X-Api-Key: key-one' -H 'Transfer-Encoding: chunked'
ok "chunked body: arrives unchanged" same_body chunked examples/support-ticket.record.json
is "chunked body: arrives with Content-Length" \
	"$(up_hdr chunked Content-Length) $(up_hdr_count chunked Transfer-Encoding)" \
	"$(wc -c <examples/support-ticket.record.json | tr -d ' ') 0"

# 1 MB exactly (all 256 byte values), then one byte more.
perl -e 'binmode STDOUT; print substr(join("", map { chr } 0..255) x 4096, 0, 1048576)' >"$work/1m.bin"
perl -e 'binmode STDOUT; print "x" x 1048577' >"$work/1m+1.bin"
send big POST /v3/rest/feedback-sources/9/records --data-binary @"$work/1m.bin" -H 'X-Api-Key: key-one'
is "1 MB body: accepted" "$status" 200
ok "1 MB body: arrives byte for byte" same_body big "$work/1m.bin"

send toobig POST /v3/rest/feedback-sources/9/records --data-binary @"$work/1m+1.bin" -H 'X-Api-Key: key-one'
is "1 MB + 1 byte body: 413" "$status" 413
ok "1 MB + 1 byte body: JSON error payload_too_large" json_error payload_too_large
ok "1 MB + 1 byte body: never reaches the upstream" not_reached toobig

send toobigchunked POST /v3/rest/feedback-sources/9/records --data-binary @"$work/1m+1.bin" \
	-H 'X-Api-Key: key-one' -H 'Transfer-Encoding: chunked'
is "1 MB + 1 byte chunked body: 413, never reaching the upstream" \
	"$status $(reached toobigchunked && echo reached)" "413 "

# ---------------------------------------------------------------------------
# Every other path is 404 (JSON) and never reaches the upstream

n=0
while read -r method path; do
	n=$((n + 1))
	send "nf$n" "$method" "$path" -H 'X-Api-Key: key-one' -H 'Content-Type: application/json' -d '{}'
	if [ "$status" = 404 ] && json_error not_found && ! reached "nf$n"; then
		pass "404: $method $path"
	else
		fail "404: $method $path" "status $status, body $(resp_body), reached: $(reached "nf$n" && echo yes)"
	fi
done <<'EOF'
GET /
GET /index.html
POST /rpc/create_source
POST /rpc/put_person
POST /rpc/ingest_record
GET /rpc/create_source
GET /records
GET /people?select=id,email
GET /feedback-sources
GET /companies
POST /feedback-sources
GET /v3/rest/feedback-sources/1
POST /v3/rest/feedback-sources/
PUT /v3/rest/people/
POST /v3/rest/feedback-sources/abc/records
POST /v3/rest/feedback-sources/12a/records
POST /v3/rest/feedback-sources/-1/records
POST /v3/rest/feedback-sources/1.5/records
POST /v3/rest/feedback-sources/records
POST /v3/rest/feedback-sources/1/records/
POST /v3/rest/feedback-sources/1/records/extra
POST /v3/rest/Feedback-Sources
POST /v3/rest/feedback-sources.json
POST /v2/rest/feedback-sources
POST /rest/v1/rpc/create_source
GET /_gateway/404
POST /_gateway/429
EOF

# ---------------------------------------------------------------------------
# Another method on a known path is 405 with Allow, never reaching the upstream

n=0
while read -r method path allow; do
	n=$((n + 1))
	send "na$n" "$method" "$path" -H 'X-Api-Key: key-one'
	if [ "$status" = 405 ] && [ "$(resp_hdr Allow)" = "$allow" ] && json_error method_not_allowed &&
		! reached "na$n"; then
		pass "405: $method $path (Allow: $allow)"
	else
		fail "405: $method $path (Allow: $allow)" \
			"status $status, Allow '$(resp_hdr Allow)', body $(resp_body), reached: $(reached "na$n" && echo yes)"
	fi
done <<'EOF'
GET /v3/rest/feedback-sources POST
PUT /v3/rest/feedback-sources POST
DELETE /v3/rest/feedback-sources POST
POST /v3/rest/people PUT
GET /v3/rest/people PUT
PATCH /v3/rest/people PUT
OPTIONS /v3/rest/people PUT
GET /v3/rest/feedback-sources/5/records POST
PUT /v3/rest/feedback-sources/5/records POST
EOF

# ---------------------------------------------------------------------------
# Requests nginx refuses before any location: JSON too, never reaching the upstream

# raw BYTES: BYTES (a printf format) sent as they are; the response is split
# into $work/resp.head and $work/resp.body, its status put in $status
raw() {
	# shellcheck disable=SC2059
	printf "$1" | perl -MIO::Socket::INET -e '
		alarm 10;
		my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$ARGV[0]", Timeout => 10) or die "connect: $!\n";
		binmode $s; binmode STDIN; binmode STDOUT;
		local $/; print $s <STDIN>; shutdown $s, 1; print <$s>;' "$port" >"$work/resp.raw"
	perl -0777 -ne 'my ($h, $b) = split /\r\n\r\n/, $_, 2;
		open my $f, ">", "$ARGV.head"; print $f $h; open $f, ">", "$ARGV.body"; print $f $b' "$work/resp.raw"
	mv "$work/resp.raw.head" "$work/resp.head"
	mv "$work/resp.raw.body" "$work/resp.body"
	status=$(head -n 1 "$work/resp.head" | cut -d' ' -f2)
}
# refused NAME STATUS CODE: the last response had STATUS and a JSON error CODE
refused() {
	if [ "$status" = "$2" ] && json_error "$3"; then
		pass "$1"
	else
		fail "$1" "status $status, body $(resp_body)"
	fi
}
lines_before=$(wc -l <"$up/log")

raw 'GARBAGE\r\n\r\n'
refused "malformed request line: 400 as JSON" 400 bad_request
send badhost POST /v3/rest/feedback-sources -H 'Host: bad/host' -H 'X-Api-Key: key-one' -d '{}'
refused "invalid Host header: 400 as JSON" 400 bad_request
send bighdr POST /v3/rest/feedback-sources -H "X-Api-Key: $(printf '%020000d' 0)" -d '{}'
refused "request header over 8 kB: 400 as JSON" 400 bad_request
send longuri GET "/$(printf '%020000d' 0)"
refused "URI over 8 kB: 414 as JSON" 414 uri_too_long
send trace TRACE /v3/rest/feedback-sources
refused "TRACE: 405 as JSON" 405 method_not_allowed
send gzipped POST /v3/rest/feedback-sources -H 'Transfer-Encoding: gzip' -H 'X-Api-Key: key-one' -d '{}'
refused "unknown Transfer-Encoding: 501 as JSON" 501 not_implemented
is "refused requests never reach the upstream" "$(wc -l <"$up/log")" "$lines_before"

# ---------------------------------------------------------------------------
# Rate limit per key: a burst of 100 at once, then 100 a minute

# burst N [CURL ARGS...]: N POSTs to /v3/rest/feedback-sources in one curl
# run (one connection, as fast as the gateway answers); the status codes,
# one a line
burst() {
	local n=$1 i
	shift
	local urls=()
	for ((i = 0; i < n; i++)); do
		urls+=(-o /dev/null "http://127.0.0.1:$port/v3/rest/feedback-sources")
	done
	curl -sS --max-time 30 -w '%{http_code}\n' -X POST -H 'X-Test-Id: burst' \
		--data-binary @examples/source.nps-survey.json "$@" "${urls[@]}"
}
# first_ok_then_429 FILE: the first 100 codes are 200 and the last is 429
first_ok_then_429() {
	[ "$(head -n 100 "$1" | grep -c '^200$')" = 100 ] && [ "$(tail -n 1 "$1")" = 429 ]
}

burst 120 -H 'X-Api-Key: rate-one' >"$work/codes.rate-one"
ok "rate limit: the first 100 requests of a key pass, then 429" first_ok_then_429 "$work/codes.rate-one"
echo "# rate-one: $(grep -c '^200$' "$work/codes.rate-one") of 120 passed"

send over POST /v3/rest/feedback-sources --data-binary @examples/source.nps-survey.json -H 'X-Api-Key: rate-one'
is "rate limit: 429 with Retry-After" "$status $(resp_hdr Retry-After)" "429 1"
ok "rate limit: JSON error rate_limited" json_error rate_limited
ok "rate limit: a refused request never reaches the upstream" not_reached over

send overbb PUT /v3/rest/people --data-binary @examples/person.john.json -H 'X-BuildBetter-Api-Key: rate-one'
is "rate limit: the same key under X-BuildBetter-Api-Key is limited too" "$status" 429

send other POST /v3/rest/feedback-sources --data-binary @examples/source.nps-survey.json -H 'X-Api-Key: rate-two'
is "rate limit: another key still passes" "$status $(reached other && echo reached)" "200 reached"

burst 120 >"$work/codes.nokey"
ok "rate limit without a key: per client address, 100 pass, then 429" first_ok_then_429 "$work/codes.nokey"
send nokeyover POST /v3/rest/feedback-sources --data-binary @examples/source.nps-survey.json
is "rate limit without a key: 429 with Retry-After" "$status $(resp_hdr Retry-After)" "429 1"
send keyafter POST /v3/rest/feedback-sources --data-binary @examples/source.nps-survey.json -H 'X-Api-Key: rate-three'
is "rate limit without a key: a request with a key from that address passes" "$status" 200

ok "upstream keepalive: connections to the upstream are reused" \
	awk '$2 > 1 { found = 1 } END { exit !found }' "$up/log"

# ---------------------------------------------------------------------------
# Upstream down: 502 as JSON

kill -TERM -- "-$up_pid" 2>/dev/null
wait "$up_pid" 2>/dev/null
up_pid=""
send down POST /v3/rest/feedback-sources --data-binary @examples/source.nps-survey.json -H 'X-Api-Key: key-down'
is "upstream down: 502" "$status" 502
ok "upstream down: JSON error service_unavailable" json_error service_unavailable

# ---------------------------------------------------------------------------

if grep -E '\[(alert|crit|emerg)\]' "$prefix/error.log" >"$work/bad.log"; then
	fail "nginx error log has no alert, crit or emerg" "$(head -n 5 "$work/bad.log")"
else
	pass "nginx error log has no alert, crit or emerg"
fi

# ---------------------------------------------------------------------------
# deploy/postgrest-roles.sql in a throw-away cluster: refuses to run before
# feedback_api exists; creates authenticator LOGIN NOINHERIT, member of
# feedback_api, timezone UTC; a second run keeps the password set meanwhile.

if command -v pg_virtualenv >/dev/null 2>&1; then
	roles=$(pg_virtualenv -t sh -c '
		psql -X -q -v ON_ERROR_STOP=1 -f deploy/postgrest-roles.sql 2>&1 |
			grep -c "role \"feedback_api\" does not exist"
		psql -X -q -c "CREATE ROLE feedback_api NOLOGIN" &&
		psql -X -q -v ON_ERROR_STOP=1 -f deploy/postgrest-roles.sql 2>/dev/null &&
		psql -X -q -c "ALTER ROLE authenticator PASSWORD '\''p'\''" &&
		psql -X -q -v ON_ERROR_STOP=1 -f deploy/postgrest-roles.sql 2>/dev/null &&
		psql -X -At -c "SELECT a.rolcanlogin, a.rolinherit, a.rolpassword IS NOT NULL, s.setconfig,
				pg_has_role(a.oid, '\''feedback_api'\'', '\''MEMBER'\'')
			FROM pg_authid a LEFT JOIN pg_db_role_setting s ON s.setrole = a.oid AND s.setdatabase = 0
			WHERE a.rolname = '\''authenticator'\''"' 2>&1 | grep -v -e '^Creating' -e '^Dropping')
	is "postgrest-roles.sql: needs feedback_api; authenticator login, noinherit, member, UTC; idempotent" \
		"$(echo "$roles" | tr '\n' ' ')" "1 t|f|t|{TimeZone=UTC}|t "
else
	echo "# skipped: deploy/postgrest-roles.sql (no pg_virtualenv)"
fi

if [ "$failed" -ne 0 ]; then
	echo "# nginx error log (tail):"
	grep -v -e 'limiting requests' -e 'buffered to a temporary file' "$prefix/error.log" |
		tail -n 20 | sed 's/^/#   /'
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
