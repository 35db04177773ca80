# Concurrency in every on_conflict mode.
#
# 8 pgbench clients (2 threads) run four scripts at once against the same
# two sources and the same ~10 people:
#   error   ingest_record with the default on_conflict ('error'), through a
#           PL/pgSQL wrapper that catches any error and logs its SQLSTATE
#   update  ingest_record(..., 'update')
#   ignore  ingest_record(..., 'ignore')
#   person  put_person of 10 e-mail addresses, in four spellings each (case,
#           blanks, tabs), with companies by domain (in URL, port and case
#           variants) or by name
# External ids come from a pool of 30 per source; field arrays arrive in
# either order.  Every call logs what it was answered in a table.
#
# Afterwards: exactly one record per (source, external_id), created by
# exactly one call; every error-mode call either created its record or was
# answered 23505 naming the stored record, nothing else; every record whole;
# the registry has one entry per source and name, every record's fields are
# registered with the category and type they were sent with, and the values
# have that type; one person per e-mail address, and every call for it
# answered the same person; one company per domain (and per name when it has
# none); no deadlock, no error in the server log.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $clients = 8;
my $per_client = 200;
my $total = $clients * $per_client;

my $node = PostgreSQL::Test::Cluster->new('main');
$node->init;
# SQLSTATEs in the server log ("ERROR:  23505: ...")
$node->append_conf('postgresql.conf', "log_error_verbosity = verbose\ndeadlock_timeout = '100ms'");
$node->start;

$node->safe_psql('postgres', q{
	CREATE EXTENSION feedback;
	SELECT feedback.create_organization('Acme');
	BEGIN;
	SELECT feedback.set_org(1);
	SELECT feedback.create_source('{"name": "Tickets"}');
	SELECT feedback.create_source('{"name": "Surveys"}');
	SELECT feedback.put_person('{"email": "person1@example.com", "company": {"domain": "d1.example.com"}}');
	COMMIT;

	-- The body client c sends for external id n of source s in a mode.  The
	-- field names depend on (s, n) only, plus one more in error mode; the
	-- values depend on the client; odd clients send the fields in reverse.
	CREATE FUNCTION body(s int, n int, c int, mode text) RETURNS json LANGUAGE sql AS $$
		SELECT (jsonb_build_object(
			'external_id', 'x-' || n,
			'fields', (SELECT jsonb_agg(f ORDER BY CASE WHEN c % 2 = 0 THEN i ELSE -i END)
					   FROM (VALUES
						(1, jsonb_build_object('name', 'body', 'category', 'content', 'type', 'string',
							'value', mode || ' by client ' || c)),
						(2, jsonb_build_object('name', 'n_' || n % 4, 'category', 'metadata', 'type', 'integer',
							'value', CASE WHEN c % 2 = 0 THEN to_jsonb(c::text) ELSE to_jsonb(c) END)),
						(3, jsonb_build_object('name', 'flag_' || n % 3, 'category', 'metadata', 'type', 'boolean',
							'value', CASE WHEN c % 3 = 0 THEN to_jsonb('Yes'::text) ELSE to_jsonb(c % 2) END)),
						(4, jsonb_build_object('name', 'opened_at', 'category', 'created_at', 'type', 'datetime',
							'value', format('2025-01-01T10:%s:00+01:00', lpad(c::text, 2, '0')))),
						(5, CASE WHEN s = 1
							THEN jsonb_build_object('name', 'score', 'category', 'metadata', 'type', 'string', 'value', 1.50)
							ELSE jsonb_build_object('name', 'score', 'category', 'metadata', 'type', 'float', 'value', '2.5') END),
						(6, CASE WHEN s = 2 THEN jsonb_build_object('name', 'meta', 'category', 'metadata', 'type', 'json',
							'value', jsonb_build_object('client', c, 'tags', jsonb_build_array('a', 'b'))) END),
						(7, CASE WHEN mode = 'error' THEN jsonb_build_object('name', 'dup_' || n % 5,
							'category', 'identifier', 'type', 'integer', 'value', n) END)
					   ) v(i, f) WHERE f IS NOT NULL))
			|| CASE WHEN n % 4 = 0 THEN '{"person_id": 1}'::jsonb ELSE '{}'::jsonb END)::json
	$$;

	-- The sorted field names of a body.
	CREATE FUNCTION body_names(s int, n int, mode text) RETURNS text[] LANGUAGE sql AS $$
		SELECT array_agg(f->>'name' ORDER BY f->>'name')
		FROM json_array_elements(body(s, n, 0, mode)->'fields') f
	$$;

	-- Every field any body can have: source, name, category, type.
	CREATE TABLE universe AS
		SELECT DISTINCT s AS source_id, f->>'name' AS name, f->>'category' AS category, f->>'type' AS type
		FROM generate_series(1, 2) s, generate_series(1, 30) n, unnest(ARRAY['error', 'update']) m,
			 json_array_elements(body(s, n, 0, m)->'fields') f;

	-- The e-mail address of person k in spelling v, and the body client c sends.
	CREATE FUNCTION person_email(k int, v int) RETURNS text LANGUAGE sql AS $$
		SELECT CASE v WHEN 1 THEN format('person%s@example.com', k)
					  WHEN 2 THEN format(' Person%s@Example.COM ', k)
					  WHEN 3 THEN format(E'\tPERSON%s@EXAMPLE.com\n', k)
					  ELSE format('person%s@example.COM  ', k) END
	$$;
	CREATE FUNCTION person_body(k int, v int, c int) RETURNS json LANGUAGE sql AS $$
		SELECT json_build_object(
			'email', person_email(k, v),
			'first_name', 'P' || c,
			'boundary', CASE WHEN c % 2 = 0 THEN 'internal' ELSE 'external' END,
			'company', CASE WHEN k % 5 = 0
				THEN json_build_object('name', (ARRAY['Name Co ', 'NAME CO ', ' name co ', 'Name co '])[v] || k / 5)
				ELSE json_build_object('domain', format((ARRAY['d%s.example.com', 'https://D%s.Example.COM/feedback?x=1',
					' D%s.EXAMPLE.com:8443 ', 'd%s.example.com.'])[v], k % 3)) END)
	$$;

	-- What every call was answered.
	CREATE TABLE outcomes (
		mode text, source_id int, n int, client int,
		record_id bigint, created boolean,
		sqlstate text, message text, detail text,
		person_k int, person_id bigint);

	-- error mode: an error is caught (rolling back the call) and logged
	CREATE FUNCTION ingest_error_mode(s int, n int, c int) RETURNS void LANGUAGE plpgsql AS $$
	DECLARE
		r jsonb;
		st text;
		msg text;
		det text;
	BEGIN
		BEGIN
			r := feedback.ingest_record(s, body(s, n, c, 'error'));
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
			INSERT INTO outcomes (mode, source_id, n, client, sqlstate, message, detail)
			VALUES ('error', s, n, c, st, msg, det);
			RETURN;
		END;
		INSERT INTO outcomes (mode, source_id, n, client, record_id, created)
		VALUES ('error', s, n, c, (r->>'id')::bigint, (r->>'created')::boolean);
	END $$;
});

# update and ignore: an error aborts the client (and fails the pgbench check)
my $mode_script = q{\set s random(1, 2)
\set n random(1, 30)
BEGIN;
SELECT feedback.set_org(1);
INSERT INTO outcomes (mode, source_id, n, client, record_id, created)
SELECT 'MODE', :s, :n, :client_id, (r->>'id')::bigint, (r->>'created')::boolean
FROM feedback.ingest_record(:s, body(:s, :n, :client_id, 'MODE'), 'MODE') r;
COMMIT;
};

my $offset = -s $node->logfile;
$node->pgbench(
	"--no-vacuum --client=$clients --jobs=2 --transactions=$per_client",
	0,
	[qr{processed: $total/$total}],
	[qr{^$}],
	"$clients clients, $total transactions: error, update and ignore modes and person upserts at once",
	{
		'030_error@3' => q{\set s random(1, 2)
\set n random(1, 30)
BEGIN;
SELECT feedback.set_org(1);
SELECT ingest_error_mode(:s, :n, :client_id);
COMMIT;
},
		'030_update@3' => $mode_script =~ s/MODE/update/gr,
		'030_ignore@3' => $mode_script =~ s/MODE/ignore/gr,
		'030_person@2' => q{\set k random(1, 10)
\set v random(1, 4)
BEGIN;
SELECT feedback.set_org(1);
INSERT INTO outcomes (mode, client, person_k, person_id)
SELECT 'person', :client_id, :k, (p->>'id')::bigint FROM feedback.put_person(person_body(:k, :v, :client_id)) p;
COMMIT;
},
	});

my $log = slurp_file($node->logfile, $offset);

sub q1 { return $node->safe_psql('postgres', shift); }

note 'calls per mode: ' . q1(q{SELECT string_agg(mode || '=' || n, ' ' ORDER BY mode) FROM (SELECT mode, count(*) n FROM outcomes GROUP BY 1) c});
note 'error mode: ' . q1(q{SELECT string_agg(coalesce(sqlstate, 'created') || '=' || n, ' ') FROM (SELECT sqlstate, count(*) n FROM outcomes WHERE mode = 'error' GROUP BY 1) c});
is(q1('SELECT count(*) FROM outcomes'), $total, 'every call answered and logged');

# Records: one per (source, external_id), created by exactly one call.
is(q1('SELECT count(*) FROM (SELECT 1 FROM feedback.records GROUP BY source_id, external_id HAVING count(*) > 1) d'),
	'0', 'exactly one record per (source, external_id)');
is(q1(q{SELECT count(*) FROM feedback.records}),
	q1(q{SELECT count(*) FROM (SELECT DISTINCT source_id, n FROM outcomes WHERE mode <> 'person') k}),
	'a record for every (source, external_id) sent, and no other');
is(q1(q{SELECT count(*) FROM feedback.records r
		WHERE (SELECT count(*) FROM outcomes o
			   WHERE o.source_id = r.source_id AND 'x-' || o.n = r.external_id AND o.created) <> 1}),
	'0', 'each record was created by exactly one call');
is(q1(q{SELECT count(*) FROM outcomes o WHERE o.mode <> 'person' AND o.sqlstate IS NULL
		AND o.record_id IS DISTINCT FROM (SELECT r.id FROM feedback.records r
			WHERE r.source_id = o.source_id AND r.external_id = 'x-' || o.n)}),
	'0', 'every successful call answered the id of the stored record');
is(q1(q{SELECT count(*) FROM outcomes WHERE mode IN ('update', 'ignore') AND (sqlstate IS NOT NULL OR created IS NULL)}),
	'0', 'update and ignore calls all succeeded');

# Error mode: the creator, or 23505 naming the stored record; nothing else.
is(q1(q{SELECT coalesce(string_agg(DISTINCT sqlstate || ' ' || message, '; '), '') FROM outcomes
		WHERE mode = 'error' AND sqlstate IS DISTINCT FROM '23505' AND sqlstate IS NOT NULL}),
	'', 'error mode: no error other than 23505');
is(q1(q{SELECT count(*) FROM outcomes WHERE mode = 'error' AND sqlstate IS NULL AND created IS NOT TRUE}),
	'0', 'error mode: every call that succeeded created its record');
is(q1(q{SELECT count(*) FROM outcomes o WHERE o.mode = 'error' AND o.sqlstate = '23505'
		AND o.detail IS DISTINCT FROM (SELECT format('The existing record is %s.', r.id) FROM feedback.records r
			WHERE r.source_id = o.source_id AND r.external_id = 'x-' || o.n)}),
	'0', 'error mode: every 23505 names the stored record');
cmp_ok(q1(q{SELECT count(*) FROM outcomes WHERE mode = 'error' AND sqlstate = '23505'}), '>', 0,
	'error mode: duplicates did happen');

# Whole records, with canonical values of the types they were sent with.
is(q1(q{SELECT count(*) FROM feedback.records r,
		LATERAL (SELECT array_agg(k ORDER BY k) AS names FROM jsonb_object_keys(r.fields) k) f
		WHERE f.names IS DISTINCT FROM body_names(r.source_id::int, substr(r.external_id, 3)::int, 'update')
		  AND f.names IS DISTINCT FROM body_names(r.source_id::int, substr(r.external_id, 3)::int, 'error')}),
	'0', 'every record is whole (the fields of one body)');
is(q1(q{SELECT count(*) FROM feedback.records WHERE (substr(external_id, 3)::int % 4 = 0) <> (person_id IS NOT DISTINCT FROM 1)}),
	'0', 'every record has the person it was sent with');

# The registry.
is(q1('SELECT count(*) FROM (SELECT 1 FROM feedback.source_fields GROUP BY source_id, name HAVING count(*) > 1) d'),
	'0', 'registry: one entry per source and name');
is(q1(q{SELECT coalesce(string_agg(source_id || '.' || name, ' '), '') FROM (
		SELECT source_id, name, category::text, type::text FROM feedback.source_fields
		EXCEPT SELECT source_id, name, category, type FROM universe) x}),
	'', 'registry: every entry has the category and type its name is sent with');
is(q1(q{SELECT coalesce(string_agg(r.id || '.' || f.key, ' '), '') FROM feedback.records r, jsonb_each(r.fields) f
		WHERE NOT EXISTS (SELECT 1 FROM feedback.source_fields sf
						  WHERE sf.org_id = r.org_id AND sf.source_id = r.source_id AND sf.name = f.key)}),
	'', "registry: every record's field names are registered in its source");
is(q1(q{SELECT coalesce(string_agg(r.id || '.' || f.key || ':' || sf.type, ' '), '')
		FROM feedback.records r, jsonb_each(r.fields) f, feedback.source_fields sf
		WHERE sf.org_id = r.org_id AND sf.source_id = r.source_id AND sf.name = f.key
		  AND NOT CASE sf.type
			WHEN 'string' THEN jsonb_typeof(f.value) = 'string'
			WHEN 'integer' THEN jsonb_typeof(f.value) = 'number' AND f.value::text ~ '^-?[0-9]+$'
			WHEN 'float' THEN jsonb_typeof(f.value) = 'number'
			WHEN 'boolean' THEN jsonb_typeof(f.value) = 'boolean'
			WHEN 'datetime' THEN f.value #>> '{}' ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
			WHEN 'json' THEN jsonb_typeof(f.value) = 'object'
			ELSE false END}),
	'', "registry: every record's values have the registered type, in canonical form");

# People and companies.
is(q1('SELECT count(*) FROM (SELECT 1 FROM feedback.people GROUP BY org_id, email HAVING count(*) > 1) d'),
	'0', 'one person per e-mail address');
is(q1(q{SELECT string_agg(email, ' ' ORDER BY id) FROM feedback.people WHERE email !~ '^person([1-9]|10)@example\.com$'}),
	'', 'every e-mail address stored trimmed and lower-case');
is(q1(q{SELECT count(*) FROM feedback.people}),
	q1(q{SELECT count(DISTINCT k) FROM (SELECT person_k AS k FROM outcomes WHERE mode = 'person' UNION SELECT 1) p}),
	'a person for every e-mail address sent, and no other');
is(q1(q{SELECT count(*) FROM outcomes o WHERE o.mode = 'person'
		AND o.person_id IS DISTINCT FROM (SELECT p.id FROM feedback.people p WHERE p.email = format('person%s@example.com', o.person_k))}),
	'0', 'every put_person call answered the one person of its address');
is(q1('SELECT count(*) FROM (SELECT 1 FROM feedback.companies WHERE domain IS NOT NULL GROUP BY org_id, domain HAVING count(*) > 1) d'),
	'0', 'one company per domain');
is(q1('SELECT count(*) FROM (SELECT 1 FROM feedback.companies WHERE domain IS NULL GROUP BY org_id, lower(name) HAVING count(*) > 1) d'),
	'0', 'one company per name, among companies without a domain');
is(q1(q{SELECT string_agg(coalesce(domain, lower(name)), ' ' ORDER BY coalesce(domain, lower(name))) FROM feedback.companies}),
	q1(q{SELECT string_agg(c, ' ' ORDER BY c) FROM (SELECT DISTINCT CASE WHEN k % 5 = 0 THEN 'name co ' || k / 5 ELSE format('d%s.example.com', k % 3) END c
		FROM (SELECT person_k AS k FROM outcomes WHERE mode = 'person' UNION SELECT 1) p) x}),
	'companies are exactly the normalized domains and names sent');
is(q1(q{SELECT count(*) FROM feedback.people p JOIN feedback.companies c ON c.org_id = p.org_id AND c.id = p.company_id
		WHERE coalesce(c.domain, lower(c.name)) <> CASE WHEN substring(p.email from 'person(\d+)')::int % 5 = 0
			THEN 'name co ' || substring(p.email from 'person(\d+)')::int / 5
			ELSE format('d%s.example.com', substring(p.email from 'person(\d+)')::int % 3) END}),
	'0', 'every person has the company it was sent with');

# The server log: no deadlock, no error at all (error mode's are caught).
unlike($log, qr/deadlock detected/, 'no deadlock in the server log');
my @errors = grep { /\b(ERROR|FATAL|PANIC):/ && !/ERROR:  23505:/ } split /\n/, $log;
is(join("\n", @errors), '', 'no error in the server log other than 23505');
unlike($log, qr/terminated by signal|server process .* exited/, 'no backend crashed');

$node->stop;
done_testing();
