# Self-test of the PostgREST replay (PostgRESTReplay.pm), against a schema of
# its own: the statements it sends, the settings a request sees, how bodies and
# query strings become SQL and bind parameters, and how outcomes become HTTP
# statuses, headers and bodies, as PostgREST does (POSTGREST-FACTS.md).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use PostgRESTReplay;

my $node = PostgreSQL::Test::Cluster->new('replay');
$node->init;
$node->start;

$node->safe_psql('postgres', q{
CREATE ROLE replay_anon NOLOGIN;
CREATE ROLE replay_other NOLOGIN;
CREATE ROLE replay_authenticator LOGIN NOINHERIT;
GRANT replay_anon TO replay_authenticator;
CREATE SCHEMA replay;
GRANT USAGE ON SCHEMA replay TO replay_anon;
CREATE SEQUENCE replay.attempts;
CREATE TABLE replay.written (n bigint);
GRANT USAGE ON SEQUENCE replay.attempts TO replay_anon;
GRANT INSERT, SELECT ON replay.written TO replay_anon;

-- The pre-request function: can raise PGRST on request, records what it saw.
CREATE FUNCTION replay.pre_request() RETURNS void LANGUAGE plpgsql AS $$
DECLARE h json := current_setting('request.headers')::json;
BEGIN
	IF h->>'x-raise' IS NOT NULL AND h->>'x-raise-detail' = 'none' THEN
		RAISE SQLSTATE 'PGRST' USING MESSAGE = h->>'x-raise';
	ELSIF h->>'x-raise' IS NOT NULL THEN
		RAISE SQLSTATE 'PGRST' USING MESSAGE = h->>'x-raise', DETAIL = h->>'x-raise-detail';
	END IF;
	PERFORM set_config('replay.seen', json_build_object(
		'user', current_user,
		'search_path', current_setting('search_path'),
		'claims', current_setting('request.jwt.claims')::json,
		'method', current_setting('request.method'),
		'path', current_setting('request.path'),
		'headers', h,
		'cookies', current_setting('request.cookies')::json,
		'read_only', current_setting('transaction_read_only'),
		'isolation', current_setting('transaction_isolation'))::text, true);
END $$;

CREATE FUNCTION replay.echo(json) RETURNS jsonb LANGUAGE plpgsql AS $$
BEGIN
	IF json_typeof($1) = 'object' THEN
		IF $1->>'status' IS NOT NULL THEN
			PERFORM set_config('response.status', $1->>'status', true);
		END IF;
		IF $1->'headers' IS NOT NULL THEN
			PERFORM set_config('response.headers', CASE json_typeof($1->'headers')
				WHEN 'string' THEN $1->>'headers' ELSE ($1->'headers')::text END, true);
		END IF;
	END IF;
	RETURN jsonb_build_object('arg', $1, 'arg_type', json_typeof($1),
		'seen', current_setting('replay.seen', true)::jsonb);
END $$;

CREATE FUNCTION replay.fail(json) RETURNS jsonb LANGUAGE plpgsql AS $$
BEGIN
	IF $1->>'hint' IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = $1->>'sqlstate', MESSAGE = $1->>'message',
			DETAIL = $1->>'detail', HINT = $1->>'hint';
	ELSIF $1->>'detail' IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = $1->>'sqlstate', MESSAGE = $1->>'message',
			DETAIL = $1->>'detail';
	END IF;
	RAISE EXCEPTION USING ERRCODE = $1->>'sqlstate', MESSAGE = $1->>'message';
END $$;

-- Fails with the given SQLSTATE until the attempt counter is a multiple of "every".
CREATE FUNCTION replay.flaky(json) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE n bigint := nextval('replay.attempts');
BEGIN
	INSERT INTO replay.written VALUES (n);
	IF n % ($1->>'every')::int <> 0 THEN
		RAISE EXCEPTION USING ERRCODE = $1->>'sqlstate', MESSAGE = 'try again';
	END IF;
	RETURN jsonb_build_object('n', n);
END $$;

CREATE FUNCTION replay.peek(jsonb) RETURNS jsonb STABLE LANGUAGE sql AS $$
	SELECT jsonb_build_object('read_only', current_setting('transaction_read_only'), 'arg', $1)
$$;
-- Kills its own backend with SIGKILL, as a crash would (the owner is a superuser).
CREATE FUNCTION replay.crash(json) RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
	EXECUTE format('COPY (SELECT 1) TO PROGRAM %L', 'kill -9 ' || pg_backend_pid());
	RETURN '{}';
END $$;
CREATE FUNCTION replay.nothing(json) RETURNS void LANGUAGE sql AS $$ SELECT $$;
CREATE FUNCTION replay.named(a int, b int) RETURNS int LANGUAGE sql AS $$ SELECT a + b $$;

CREATE TABLE replay.items_t (id int PRIMARY KEY, grp text, ts timestamptz, doc jsonb);
INSERT INTO replay.items_t
	SELECT i, CASE WHEN i % 2 = 1 THEN 'a' ELSE 'b' END,
		timestamptz '2025-01-01 00:00:00+00' + i * interval '1 day',
		jsonb_build_object('priority', CASE WHEN i % 3 = 0 THEN 'high' ELSE 'low' END,
			'it''s', 'v' || i, 'n', jsonb_build_object('deep', i))
	FROM generate_series(1, 10) i;
CREATE VIEW replay.items AS SELECT * FROM replay.items_t;
CREATE VIEW replay."odd-name" AS SELECT 1 AS one;
CREATE VIEW replay.secret AS SELECT 1 AS x;
CREATE FUNCTION replay.write_something() RETURNS int LANGUAGE sql AS $$
	INSERT INTO replay.written VALUES (-1) RETURNING 1
$$;
CREATE VIEW replay.writes AS SELECT replay.write_something() AS w;
GRANT SELECT ON replay.items, replay."odd-name", replay.writes TO replay_anon;
});

my $dsn = 'dbi:Pg:dbname=postgres;host=' . $node->host . ';port=' . $node->port;
my $api = PostgRESTReplay->new(dsn => $dsn, user => 'replay_authenticator',
	schema => 'replay', anon_role => 'replay_anon', pre_request => 'replay.pre_request');

sub statements { [ map { $_->[0] } @{ $api->{last_statements} } ] }

# ---------------------------------------------------------------------------
note 'RPC: statements, settings and the body';

my $r = $api->request('POST', '/rpc/echo', { 'X-Thing' => 'v', Cookie => 'c=1; d=2' }, '{"a": 1}');
is($r->{status}, 200, 'RPC: 200 when response.status is not set');
is_deeply($r->{json}{arg}, { a => 1 }, 'RPC: the body is passed whole as the one unnamed argument');
is($r->header('Content-Type'), 'application/json; charset=utf-8', 'RPC: Content-Type');
is($r->header('Content-Range'), '0-0/*', 'RPC: Content-Range of a scalar');
my $st = statements();
is(scalar @$st, 5, 'RPC: five statements');
is($st->[0], 'BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE', 'RPC to a volatile function: READ WRITE');
is($st->[1], q{select set_config('search_path', $1, true), set_config('role', $2, true), }
	. q{set_config('request.jwt.claims', $3, true), set_config('request.method', $4, true), }
	. q{set_config('request.path', $5, true), set_config('request.headers', $6, true), }
	. q{set_config('request.cookies', $7, true)}, 'settings: one statement, in order');
is($st->[2], 'select "replay"."pre_request"()', 'the pre-request function');
like($st->[3], qr/^WITH pgrst_source AS \(SELECT pgrst_call\.pgrst_scalar FROM \(SELECT "replay"\."echo"\(\$1::json\) pgrst_scalar\) pgrst_call\) SELECT null::bigint AS total_result_set, 1 AS page_total, coalesce\(json_agg\(_postgrest_t\.pgrst_scalar\)->0, 'null'\) AS body, /,
	'main query: the scalar call shape');
is($api->{last_statements}[3][1], '{"a": 1}', 'the body is bound as $1, byte for byte');
is($st->[4], 'COMMIT', 'COMMIT');
my $seen = $r->{json}{seen};
is($seen->{user}, 'replay_anon', 'the request runs as the anon role');
is($seen->{search_path}, '"replay", "public"', 'search_path');
is_deeply($seen->{claims}, { role => 'replay_anon' }, 'request.jwt.claims of an anonymous request');
is($seen->{method}, 'POST', 'request.method');
is($seen->{path}, '/rpc/echo', 'request.path');
is($seen->{headers}{'x-thing'}, 'v', 'request.headers: names lower-cased');
$r = $api->request('POST', '/rpc/echo', { 'X-Number' => 42 }, '{}');
ok(PostgRESTReplay::json_is_string($r->{json}{seen}{headers}{'x-number'}), 'request.headers: values are strings');
ok(!exists $seen->{headers}{cookie}, 'request.headers: no Cookie');
is_deeply($seen->{cookies}, { c => '1', d => '2' }, 'request.cookies');
is($seen->{read_only}, 'off', 'READ WRITE transaction');
is($seen->{isolation}, 'read committed', 'READ COMMITTED');

$r = $api->request('POST', '/rpc/peek', {}, '{"x": true}');
is($r->{json}{read_only}, 'on', 'RPC to a STABLE function: READ ONLY transaction');
is_deeply($r->{json}{arg}, { x => JSON::PP::true }, 'jsonb parameter');
like(statements()->[3], qr/"replay"\."peek"\(\$1::jsonb\)/, 'cast to the parameter type');

$r = $api->request('POST', '/rpc/echo', {}, '{"a": ');
is($r->{status}, 400, 'malformed JSON: 400');
is($r->{json}{code}, 'PGRST102', 'malformed JSON: PGRST102');
is($r->{json}{message}, 'Empty or invalid json', 'malformed JSON: message');
is(scalar @{ statements() }, 0, 'malformed JSON: nothing is sent to the database');
$r = $api->request('POST', '/rpc/echo', {}, '{"a": 1} x');
is($r->{status}, 400, 'trailing garbage: 400');
$r = $api->request('POST', '/rpc/echo', {}, '42');
is($r->{json}{arg_type}, 'array', 'a scalar body is passed as []');
$r = $api->request('POST', '/rpc/echo', {}, '');
is_deeply($r->{json}{arg}, {}, 'an empty body is passed as {}');
$r = $api->request('POST', '/rpc/echo', {}, '[{"a": 1}, {"b": 1}]');
is($r->{status}, 400, 'array of objects with different keys: 400');
is($r->{json}{message}, 'All object keys must match', '... All object keys must match');

$r = $api->request('POST', '/rpc/nope', {}, '{"a": 1}');
is($r->{status}, 404, 'unknown function: 404');
is($r->{json}{code}, 'PGRST202', 'unknown function: PGRST202');
is(scalar @{ statements() }, 0, 'unknown function: nothing is sent to the database');
ok(!eval { $api->request('POST', '/rpc/named', {}, '{"a": 1, "b": 2}'); 1 }, 'a named-parameter call is not replayed');
ok(!eval { $api->request('POST', '/rpc/nothing', {}, '{}'); 1 }, 'a void function is not replayed');
ok(!eval { $api->request('DELETE', '/items', {}); 1 }, 'DELETE is not replayed');

# ---------------------------------------------------------------------------
note 'RPC: response.status and response.headers';

$r = $api->request('POST', '/rpc/echo', {}, { status => '201' });
is($r->{status}, 201, 'response.status sets the status');
$r = $api->request('POST', '/rpc/echo', {}, { status => 'abc' });
is($r->{status}, 500, 'invalid response.status: 500');
is($r->{json}{code}, 'PGRST112', 'invalid response.status: PGRST112');
$r = $api->request('POST', '/rpc/echo', {}, { headers => [ { 'X-A' => 'b' }, { 'Content-Type' => 'text/x' } ] });
is($r->header('X-A'), 'b', 'response.headers adds a header');
is($r->header('Content-Type'), 'text/x', 'response.headers overrides a header');
$r = $api->request('POST', '/rpc/echo', {}, { headers => { 'X-A' => 'b' } });
is($r->{status}, 500, 'response.headers not an array: 500');
is($r->{json}{code}, 'PGRST111', '... PGRST111');
$r = $api->request('POST', '/rpc/echo', {}, { headers => [ { 'X-A' => 1 } ] });
is($r->{json}{code}, 'PGRST111', 'response.headers with a number value: PGRST111');

# ---------------------------------------------------------------------------
note 'Errors: RAISE SQLSTATE PGRST';

$r = $api->request('POST', '/rpc/echo', {
	'X-Raise' => '{"code": "K1", "message": "no key", "details": "d", "hint": "h"}',
	'X-Raise-Detail' => '{"status": 401, "headers": {"WWW-Authenticate": "ApiKey", "X-B": "c"}}' }, '{}');
is($r->{status}, 401, 'PGRST: the status of the detail');
is_deeply($r->{json}, { code => 'K1', message => 'no key', details => 'd', hint => 'h' }, 'PGRST: the body of the message');
is($r->header('WWW-Authenticate'), 'ApiKey', 'PGRST: the headers of the detail');
is($r->header('X-B'), 'c', 'PGRST: every header of the detail');
is(scalar @{ statements() }, 4, 'an error in the pre-request function: no main query, then ROLLBACK');
is(statements()->[-1], 'ROLLBACK', '... ROLLBACK');
$r = $api->request('POST', '/rpc/echo', {
	'X-Raise' => '{"code": "K2", "message": "m"}', 'X-Raise-Detail' => '{"status": 401, "headers": {}}' }, '{}');
is($r->{status}, 401, 'PGRST 401 without headers');
ok(!defined $r->header('WWW-Authenticate'), 'PGRST 401: no WWW-Authenticate unless the detail gives it');
is_deeply($r->{json}, { code => 'K2', message => 'm', details => undef, hint => undef }, 'absent details and hint are null');
for my $case (
	[ 'not json', '{"status": 400, "headers": {}}', q{Invalid JSON value for MESSAGE: 'not json'} ],
	[ '{"message": "m"}', '{"status": 400, "headers": {}}', q{Invalid JSON value for MESSAGE: '{"message": "m"}'} ],
	[ '{"code": "c", "message": "m", "details": {"x": 1}}', '{"status": 400, "headers": {}}', q{Invalid JSON value for MESSAGE: '{"code": "c", "message": "m", "details": {"x": 1}}'} ],
	[ '{"code": "c", "message": "m"}', 'none', 'DETAIL is missing in the RAISE statement' ],
	[ '{"code": "c", "message": "m"}', '{"status": 429}', q{Invalid JSON value for DETAIL: '{"status": 429}'} ],
	[ '{"code": "c", "message": "m"}', '{"status": 429, "headers": {"Retry-After": 30}}', q{Invalid JSON value for DETAIL: '{"status": 429, "headers": {"Retry-After": 30}}'} ],
	[ '{"code": "c", "message": "m"}', '{"status": "429", "headers": {}}', q{Invalid JSON value for DETAIL: '{"status": "429", "headers": {}}'} ])
{
	$r = $api->request('POST', '/rpc/echo', { 'X-Raise' => $case->[0], 'X-Raise-Detail' => $case->[1] }, '{}');
	is("$r->{status} $r->{json}{code} $r->{json}{details}", "500 PGRST121 $case->[2]",
		"malformed PGRST error ($case->[0] / $case->[1]): 500 PGRST121");
}

# ---------------------------------------------------------------------------
note 'Errors: SQLSTATE to HTTP status';

for my $case ([ '22P02', 400 ], [ '22023', 400 ], [ '23502', 400 ], [ '22001', 400 ], [ '22003', 400 ],
	[ '22007', 400 ], [ '23505', 409 ], [ '23503', 409 ], [ '28000', 403 ], [ '28P01', 403 ],
	[ 'P0001', 400 ], [ 'P0002', 500 ], [ '42501', 401 ], [ '42883', 404 ], [ '42P01', 404 ],
	[ '08006', 503 ], [ '53300', 503 ], [ '53400', 500 ], [ '54000', 500 ], [ '55P03', 500 ],
	[ '57P01', 503 ], [ '57014', 500 ], [ 'XX000', 500 ], [ '25006', 405 ], [ '25001', 500 ],
	[ '40003', 500 ], [ '0P000', 403 ], [ '42P17', 500 ], [ '42703', 400 ], [ 'PT418', 418 ])
{
	my ($state, $status) = @$case;
	$r = $api->request('POST', '/rpc/fail', {}, { sqlstate => $state, message => "m $state", detail => 'd', hint => 'h' });
	is("$r->{status} $r->{json}{code} $r->{json}{message} $r->{json}{details} $r->{json}{hint}",
		"$status $state m $state d h", "SQLSTATE $state: $status");
}
$r = $api->request('POST', '/rpc/fail', {}, { sqlstate => '42501', message => 'permission denied' });
is($r->header('WWW-Authenticate'), 'Bearer', '42501 for the anon role: WWW-Authenticate: Bearer');
is($r->{json}{details}, undef, 'no detail: null');
$r = $api->request('POST', '/rpc/fail', {}, { sqlstate => '28000', message => 'no' });
ok(!defined $r->header('WWW-Authenticate'), '28000 (403): no WWW-Authenticate');
$r = $api->request('POST', '/rpc/fail', {}, { sqlstate => '22023', message => 'role "x" does not exist' });
is($r->{status}, 401, '22023 "role ... does not exist": 401');

my $other = PostgRESTReplay->new(dsn => $dsn, user => 'replay_authenticator',
	schema => 'replay', anon_role => 'replay_missing', pre_request => 'replay.pre_request');
$r = $other->request('POST', '/rpc/echo', {}, '{}');
is("$r->{status} $r->{json}{code}", '401 22023', 'an anon role that does not exist: 401 at set_config');
is($r->header('WWW-Authenticate'), 'Bearer', '... with WWW-Authenticate: Bearer');
$other = PostgRESTReplay->new(dsn => $dsn, user => 'replay_authenticator',
	schema => 'replay', anon_role => 'replay_other', pre_request => 'replay.pre_request');
$r = $other->request('POST', '/rpc/echo', {}, '{}');
is("$r->{status} $r->{json}{code}", '401 42501', 'an anon role not granted to the authenticator: 401');

# ---------------------------------------------------------------------------
note 'Retries';

$node->safe_psql('postgres', q{SELECT setval('replay.attempts', 1, false)});
$r = $api->request('POST', '/rpc/flaky', {}, { every => 3, sqlstate => '40001' });
is($r->{status}, 200, '40001 is retried until it succeeds');
is($api->{attempts}, 3, '... three attempts');
is($node->safe_psql('postgres', 'SELECT string_agg(n::text, \',\') FROM replay.written'), '3',
	'failed attempts are rolled back');
$node->safe_psql('postgres', q{TRUNCATE replay.written; SELECT setval('replay.attempts', 1, false)});
$r = $api->request('POST', '/rpc/flaky', {}, { every => 2, sqlstate => '40P01' });
is("$r->{status} $api->{attempts}", '200 2', '40P01 is retried');
$r = $api->request('POST', '/rpc/flaky', {}, { every => 1000, sqlstate => '40003' });
is("$r->{status} $api->{attempts}", '500 1', '40003 is not retried');

# ---------------------------------------------------------------------------
note 'GET: filters, order, limit, offset';

sub ids { [ map { $_->{id} } @{ $_[0]{json} } ] }

$r = $api->request('GET', '/items');
is($r->{status}, 200, 'GET: 200');
is(scalar @{ $r->{json} }, 10, 'GET: every row');
is($r->header('Content-Range'), '0-9/*', 'GET: Content-Range');
$st = statements();
is($st->[0], 'BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY', 'GET: READ ONLY transaction');
is($st->[2], 'select "replay"."pre_request"()', 'GET: the pre-request function runs');
like($st->[3], qr/^WITH pgrst_source AS \( SELECT "replay"\."items"\.\* FROM "replay"\."items"\s+\)\s+SELECT null::bigint AS total_result_set, pg_catalog\.count\(_postgrest_t\) AS page_total, coalesce\(json_agg\(_postgrest_t\), '\[\]'\) AS body/,
	'GET: the read query shape');

$r = $api->request('GET', '/items?grp=eq.a&order=id.desc&limit=2');
is_deeply(ids($r), [ 9, 7 ], 'eq, order desc, limit');
is($r->header('Content-Range'), '0-1/*', 'Content-Range of a limited read');
like(statements()->[3], qr/WHERE\s+"replay"\."items"\."grp" = \$1\s+ORDER BY "replay"\."items"\."id" DESC\s+LIMIT \$2 OFFSET \$3/,
	'filters, order, limit and offset in SQL, values as parameters');
$r = $api->request('GET', '/items?id=gt.3&id=lte.5&order=id');
is_deeply(ids($r), [ 4, 5 ], 'gt and lte on one column');
$r = $api->request('GET', '/items?id=gte.9&order=id');
is_deeply(ids($r), [ 9, 10 ], 'gte');
$r = $api->request('GET', '/items?id=lt.3&order=id');
is_deeply(ids($r), [ 1, 2 ], 'lt');
$r = $api->request('GET', '/items?ts=gte.2025-01-03T00:00:00Z&ts=lt.2025-01-05T00:00:00%2B00:00&order=id');
is_deeply(ids($r), [ 2, 3 ], 'timestamp range, URL-encoded offset');
$r = $api->request('GET', '/items?doc->>priority=eq.high&order=id');
is_deeply(ids($r), [ 3, 6, 9 ], 'col->>key=eq.val');
$r = $api->request('GET', q{/items?doc->>it's=eq.v4});
is_deeply(ids($r), [4], 'a JSON key with a quote');
my $main = $api->{last_statements}[3];
unlike($main->[0], qr/it's|v4/, 'JSON key and value are not in the SQL text');
like($main->[0], qr/"replay"\."items"\."doc"->>\$1 = \$2/, 'col->>$1 = $2');
is_deeply([ @$main[ 1, 2 ] ], [ q{it's}, 'v4' ], 'JSON key and value are bind parameters');
$r = $api->request('GET', '/items?doc->n->>deep=eq.5');
is_deeply(ids($r), [5], 'nested JSON path');
$r = $api->request('GET', '/items?order=id&limit=3&offset=3');
is_deeply(ids($r), [ 4, 5, 6 ], 'limit and offset');
is($r->header('Content-Range'), '3-5/*', 'Content-Range with an offset');
$r = $api->request('GET', '/items?order=id&offset=8');
is_deeply(ids($r), [ 9, 10 ], 'offset alone');
$r = $api->request('GET', '/items?id=in.(1,2,10)&order=id');
is_deeply(ids($r), [ 1, 2, 10 ], 'in');
$r = $api->request('GET', '/items?grp=not.eq.a&id=neq.2&order=id');
is_deeply(ids($r), [ 4, 6, 8, 10 ], 'not.eq and neq');
$r = $api->request('GET', '/items?grp=is.null');
is_deeply($r->{json}, [], 'no row: []');
is($r->header('Content-Range'), '*/*', 'no row: Content-Range */*');
$r = $api->request('GET', '/items?order=grp.desc,id.asc&limit=2');
is_deeply(ids($r), [ 2, 4 ], 'two order terms');
$r = $api->request('GET', '/items?id=eq.1&select=*');
is_deeply($r->{json}[0], { id => 1, grp => 'a', ts => '2025-01-02T00:00:00+00:00',
	doc => { priority => 'low', "it's" => 'v1', n => { deep => 1 } } }, 'a row as json_agg renders it');
$r = $api->request('GET', '/items?id=zz.1');
is("$r->{status} $r->{json}{code}", '400 PGRST100', 'unknown operator: 400 PGRST100');
$r = $api->request('GET', '/items?id=eq.x');
is("$r->{status} $r->{json}{code}", '400 22P02', 'a value of the wrong type: 400 from PostgreSQL');
$r = $api->request('GET', '/odd-name');
is_deeply($r->{json}, [ { one => 1 } ], 'a view whose name needs quoting');
$r = $api->request('GET', '/nope');
is("$r->{status} $r->{json}{code}", '404 PGRST205', 'unknown relation: 404 PGRST205');
is(scalar @{ statements() }, 0, 'unknown relation: nothing is sent to the database');
$r = $api->request('GET', '/secret');
is("$r->{status} $r->{json}{code}", '401 42501', 'a view the anon role may not read: 401');
is($r->header('WWW-Authenticate'), 'Bearer', '... with WWW-Authenticate: Bearer');
$r = $api->request('GET', '/writes');
is("$r->{status} $r->{json}{code}", '405 25006', 'a GET that writes fails in READ ONLY: 405');
$r = $api->request('GET', '/items', { 'X-Raise' => '{"code": "K", "message": "m"}',
	'X-Raise-Detail' => '{"status": 429, "headers": {"Retry-After": "7"}}' });
is("$r->{status} " . $r->header('Retry-After'), '429 7', 'GET: the pre-request function can refuse');

# ---------------------------------------------------------------------------
note 'db-max-rows and postgrest.conf';

my $capped = PostgRESTReplay->new(dsn => $dsn, user => 'replay_authenticator',
	schema => 'replay', anon_role => 'replay_anon', pre_request => 'replay.pre_request', max_rows => 3);
$r = $capped->request('GET', '/items?order=id');
is_deeply(ids($r), [ 1, 2, 3 ], 'db-max-rows caps a read without limit');
$r = $capped->request('GET', '/items?order=id&limit=2');
is_deeply(ids($r), [ 1, 2 ], 'a smaller limit stays');
$r = $capped->request('GET', '/items?order=id&limit=5&offset=6');
is_deeply(ids($r), [ 7, 8, 9 ], 'a larger limit is capped, the offset stays');

my $conf = "$PostgreSQL::Test::Utils::tmp_check/replay.conf";
open my $fh, '>', $conf or die;
print $fh qq{# comment\ndb-uri = "postgres://replay_authenticator:secret\@127.0.0.1:5432/x"\n},
	qq{db-schemas = "replay"\ndb-anon-role = "replay_anon"  # trailing comment\n},
	qq{db-pre-request = "replay.pre_request"\ndb-max-rows = 2\n};
close $fh;
my $configured = PostgRESTReplay->from_config($dsn, $conf);
is_deeply([ @{$configured}{qw(user schema anon_role pre_request max_rows)} ],
	[ qw(replay_authenticator replay replay_anon replay.pre_request 2) ], 'from_config reads postgrest.conf');
$r = $configured->request('POST', '/rpc/echo', {}, '{}');
is($r->{json}{seen}{user}, 'replay_anon', 'from_config: a working replay');

# ---------------------------------------------------------------------------
note 'Lost connections';

$node->safe_psql('postgres',
	q{SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'replay_authenticator'});
$r = $api->request('POST', '/rpc/echo', {}, '{}');
is($r->{status}, 200, 'a connection the server closed is replaced');
$r = $api->request('POST', '/rpc/crash', {}, '{}');
is("$r->{status} $r->{json}{code}", '503 PGRST001', 'a backend that dies in a request: 503 PGRST001');
$r = $api->request('GET', '/items');
is("$r->{status} $r->{json}{code}", '503 PGRST000', 'then no server (restart_after_crash is off): 503 PGRST000');
$node->stop('immediate', fail_ok => 1);    # it is down: no bail-out at teardown
done_testing();
