# Crash recovery: nothing acknowledged is lost, nothing partial is left.
#
# Four psql clients each run a stream of single-statement transactions
# (autocommit): records (fields of all seven types, every tenth with a field
# name never seen before, so the registry is written throughout) and, every
# seventh statement, a person with a new company.  psql prints a statement's
# answer only once the server has reported it complete, which is after the
# commit, so each printed line is an acknowledged write.  Mid-stream the
# server is stopped with 'immediate' (no shutdown checkpoint: the restart
# replays the WAL), then started again.
#
# Afterwards:
#   - every acknowledged record and person is there, exactly as answered
#     (record_json / person_json equal to the response), and its fields are
#     the canonical forms of what was sent;
#   - nothing else is there but, per client, at most the one statement that
#     was in flight (committed or not, the client never heard);
#   - nothing partial: every record has all the fields of its body; every
#     field of every record is registered in its source with the type it was
#     sent with; every registry entry is used by a record of its source
#     (every transaction here that registers a name also stores a record
#     with it, so an entry without one would be half a transaction); every
#     company has its person;
#   - indexes agree with the tables (amcheck), duplicates are still refused,
#     and new ids come after every id handed out before the crash.
#
# Round 1 runs without shared_preload_libraries and sets the tenant with
# set_org; round 2 preloads the library and authenticates every statement
# with an API key (limit raised), so the rate limiter's shared memory is in
# use at the crash; afterwards the limiter still counts.
use strict;
use warnings;
use IPC::Run;
use JSON::PP;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(sleep);

my $nclients = 4;
my $stream_len = 4000;      # statements per client: far more than run before the crash
my $crash_after = 1500;     # records of the round stored (polled) before the crash

my $node = PostgreSQL::Test::Cluster->new('main');
$node->init;
$node->start;

my $have_amcheck = $node->safe_psql('postgres',
	q{SELECT count(*) FROM pg_available_extensions WHERE name = 'amcheck'});

$node->safe_psql('postgres', q{
	CREATE EXTENSION feedback;
	SELECT feedback.create_organization('Acme');
	BEGIN;
	SELECT feedback.set_org(1);
	SELECT feedback.create_source('{"name": "Tickets"}');
	SELECT feedback.create_source('{"name": "Surveys"}');
	COMMIT;

	-- Record i of client c: values in non-canonical forms where they have one.
	CREATE FUNCTION crash_body(c int, i int) RETURNS json LANGUAGE sql AS $$
		SELECT jsonb_build_object(
			'external_id', CASE WHEN i % 3 = 0 THEN to_jsonb(c * 100000 + i) ELSE to_jsonb(format('c%s-%s', c, i)) END,
			'fields', jsonb_build_array(
				jsonb_build_object('name', 'body', 'category', 'content', 'type', 'string',
					'value', format('record %s of client %s ', i, c) || repeat('é', i % 20)),
				jsonb_build_object('name', 'priority', 'category', 'metadata', 'type', 'integer', 'value', (i % 5)::text),
				jsonb_build_object('name', 'ratio', 'category', 'metadata', 'type', 'float', 'value', i % 100 + 0.25),
				jsonb_build_object('name', 'ok', 'category', 'metadata', 'type', 'boolean',
					'value', CASE WHEN i % 2 = 0 THEN 'yes' ELSE 'No' END),
				jsonb_build_object('name', 'day', 'category', 'metadata', 'type', 'date',
					'value', format('2025-03-%s', lpad((1 + i % 28)::text, 2, '0'))),
				jsonb_build_object('name', 'at', 'category', 'created_at', 'type', 'datetime', 'value', 1735689600 + i),
				jsonb_build_object('name', 'payload', 'category', 'metadata', 'type', 'json',
					'value', jsonb_build_object('c', c, 'i', i)))
			|| CASE WHEN i % 10 = 0 THEN jsonb_build_array(jsonb_build_object('name', format('new_c%s_%s', c, i),
					'category', 'identifier', 'type', 'string', 'value', i)) ELSE '[]' END)::json
	$$;

	-- The same, as it must be stored: canonical values, written out by hand.
	CREATE FUNCTION crash_fields(c int, i int) RETURNS jsonb LANGUAGE sql AS $$
		SELECT jsonb_build_object(
			'body', format('record %s of client %s ', i, c) || repeat('é', i % 20),
			'priority', i % 5,
			'ratio', i % 100 + 0.25,
			'ok', i % 2 = 0,
			'day', format('2025-03-%s', lpad((1 + i % 28)::text, 2, '0')),
			'at', to_char(to_timestamp(1735689600 + i) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
			'payload', jsonb_build_object('c', c, 'i', i))
		|| CASE WHEN i % 10 = 0 THEN jsonb_build_object(format('new_c%s_%s', c, i), i::text) ELSE '{}' END
	$$;

	-- Which (client, statement) a stored record or person came from.
	CREATE FUNCTION record_origin(external_id text, OUT c int, OUT i int) LANGUAGE sql AS $$
		SELECT CASE WHEN external_id ~ '^\d+$' THEN external_id::int / 100000 ELSE substring(external_id from '^c(\d+)-')::int END,
			   CASE WHEN external_id ~ '^\d+$' THEN external_id::int % 100000 ELSE substring(external_id from '-(\d+)$')::int END
	$$;
	CREATE FUNCTION person_origin(email text, OUT c int, OUT i int) LANGUAGE sql AS $$
		SELECT substring(email from '^e(\d+)-')::int, substring(email from '-(\d+)@')::int
	$$;

	CREATE TABLE acked (round int, kind text, c int, i int, response jsonb);

	-- 'ok', or the SQLSTATE of the error
	CREATE FUNCTION try_auth(k text) RETURNS text LANGUAGE plpgsql AS $$
	BEGIN
		PERFORM feedback.authenticate(k);
		RETURN 'ok';
	EXCEPTION WHEN OTHERS THEN
		RETURN SQLSTATE;
	END $$;
});

my $key = $node->safe_psql('postgres', q{SELECT feedback.create_api_key(1, 'crash test')});
$node->safe_psql('postgres', q{UPDATE feedback.api_keys SET rate_limit_per_minute = 100000000});

sub q1 { return $node->safe_psql('postgres', shift); }

# One round: stream, crash, restart, check.  $auth sets the tenant.
sub crash_round
{
	my ($round, $mode, $auth) = @_;
	my @clients = map { $round * 10 + $_ } 1 .. $nclients;
	my $in_round = 'BETWEEN ' . ($round * 10 + 1) . ' AND ' . ($round * 10 + $nclients);

	# The streams, and a psql for each.
	my (@handles, @out, @err);
	for my $k (0 .. $#clients)
	{
		my $c = $clients[$k];
		my $file = $node->basedir . "/stream_${round}_$c.sql";
		open my $fh, '>', $file or die "could not write $file: $!";
		for my $i (1 .. $stream_len)
		{
			if ($i % 7 == 0)
			{
				print $fh "SELECT 'P $c $i ' || feedback.put_person('{\"email\": \"e$c-$i\@crash.example\", "
				  . "\"first_name\": \"C$c\", \"company\": {\"domain\": \"https://C$c-$i.crash.example/\"}}')::text FROM $auth;\n";
			}
			else
			{
				print $fh "SELECT 'R $c $i ' || feedback.ingest_record(" . (1 + $i % 2)
				  . ", crash_body($c, $i))::text FROM $auth;\n";
			}
		}
		close $fh;
		# output to files, not pipes: a client never waits for the test to read
		($out[$k], $err[$k]) = ("$file.out", "$file.err");
		$handles[$k] = IPC::Run::start(
			[ 'psql', '-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d',
			  $node->connstr('postgres') . ' application_name=crash_stream', '-f', $file ],
			'>', $out[$k], '2>', $err[$k]);
	}

	# Crash once enough is stored, while every client is still sending.
	my ($stored, $running) = (0, 0);
	for (1 .. 600)
	{
		($stored, $running) = split /\|/, q1(qq{
			SELECT (SELECT count(*) FROM feedback.records r, record_origin(r.external_id) o WHERE o.c $in_round),
				   (SELECT count(*) FROM pg_stat_activity WHERE application_name = 'crash_stream')});
		last if $stored >= $crash_after || $running < $nclients;
		sleep 0.1;
	}
	$node->stop('immediate');
	$_->finish for @handles;
	is($running, $nclients, "$mode: every client was still sending at the crash ($stored records stored)");
	for my $k (0 .. $#clients)
	{
		like(slurp_file($err[$k]), qr/server closed the connection unexpectedly|connection to server was lost|terminating connection|could not send data to server|no connection to the server/,
			"$mode: client $clients[$k] lost its connection mid-stream");
	}
	$node->start;

	# What the clients heard.
	my (%acked, %last, @values);
	my $acked_records = 0;
	my $acked_people = 0;
	for my $k (0 .. $#clients)
	{
		for my $line (split /\n/, slurp_file($out[$k]))
		{
			$line =~ /^([RP]) (\d+) (\d+) (\{.*\})$/ or die "unexpected output: $line";
			my ($kind, $c, $i, $json) = ($1, $2, $3, $4);
			decode_json($json);    # whole
			$acked{"$c $i"} = 1;
			$last{$c} = $i if !defined $last{$c} || $i > $last{$c};
			$kind eq 'R' ? $acked_records++ : $acked_people++;
			push @values, "($round, '$kind', $c, $i, \$j\$$json\$j\$)";
		}
	}
	q1('INSERT INTO acked VALUES ' . join(",\n", @values)) if @values;

	# What is there.
	my @found = split /\n/, q1(qq{
		SELECT o.c || ' ' || o.i FROM feedback.records r, record_origin(r.external_id) o WHERE o.c $in_round
		UNION ALL
		SELECT o.c || ' ' || o.i FROM feedback.people p, person_origin(p.email) o WHERE o.c $in_round});
	my $found_records = q1("SELECT count(*) FROM feedback.records r, record_origin(r.external_id) o WHERE o.c $in_round");
	my $found_people = scalar(@found) - $found_records;
	my %found = map { $_ => 1 } @found;
	my @lost = grep { !$found{$_} } sort keys %acked;
	my @extra = grep { !$acked{$_} } sort @found;
	my @in_doubt = grep { my ($c, $i) = split / /; $i == ($last{$c} // 0) + 1 } @extra;
	my @unexplained = grep { my ($c, $i) = split / /; $i != ($last{$c} // 0) + 1 } @extra;

	diag "$mode: acknowledged $acked_records records and $acked_people people; found $found_records records "
	  . "and $found_people people (" . scalar(@in_doubt) . ' in flight at the crash, committed but unacknowledged)';

	cmp_ok($acked_records, '>', 0, "$mode: records were acknowledged before the crash");
	is(join(' ', @lost), '', "$mode: every acknowledged record and person is there");
	is(join(' ', @unexplained), '', "$mode: nothing else is there but the statements in flight");

	is(q1(qq{SELECT count(*) FROM acked a LEFT JOIN feedback.records r ON r.id = (a.response->>'id')::bigint
			 WHERE a.round = $round AND a.kind = 'R' AND (r.id IS NULL OR feedback.record_json(r, true) <> a.response)}),
		'0', "$mode: every acknowledged record is stored exactly as it was answered");
	is(q1(qq{SELECT count(*) FROM acked a LEFT JOIN feedback.people p ON p.id = (a.response->>'id')::bigint
			 WHERE a.round = $round AND a.kind = 'P' AND (p.id IS NULL OR feedback.person_json(p) <> a.response)}),
		'0', "$mode: every acknowledged person is stored exactly as it was answered");
}

# Checks of everything stored so far, whichever round it came from.
sub check_whole
{
	my ($mode, $round) = @_;

	is(q1(q{SELECT count(*) FROM feedback.records r, record_origin(r.external_id) o
			WHERE r.fields <> crash_fields(o.c, o.i) OR r.source_id <> 1 + o.i % 2
			   OR r.display_ts <> to_timestamp(1735689600 + o.i) OR r.person_id IS NOT NULL}),
		'0', "$mode: every record is whole, its fields the canonical forms of what was sent");
	is(q1(q{SELECT coalesce(string_agg(r.id || '.' || f.key, ' '), '') FROM feedback.records r, jsonb_each(r.fields) f
			WHERE NOT EXISTS (SELECT 1 FROM feedback.source_fields sf
							  WHERE sf.org_id = r.org_id AND sf.source_id = r.source_id AND sf.name = f.key)}),
		'', "$mode: every field of every record is registered in its source");
	is(q1(q{SELECT coalesce(string_agg(sf.source_id || '.' || sf.name || ':' || sf.type, ' '), '')
			FROM feedback.source_fields sf
			WHERE sf.type::text <> CASE sf.name WHEN 'body' THEN 'string' WHEN 'priority' THEN 'integer'
					WHEN 'ratio' THEN 'float' WHEN 'ok' THEN 'boolean' WHEN 'day' THEN 'date'
					WHEN 'at' THEN 'datetime' WHEN 'payload' THEN 'json' ELSE 'string' END}),
		'', "$mode: every registry entry has the type its name was sent with");
	is(q1(q{SELECT coalesce(string_agg(sf.source_id || '.' || sf.name, ' '), '') FROM feedback.source_fields sf
			WHERE NOT EXISTS (SELECT 1 FROM feedback.records r
							  WHERE r.org_id = sf.org_id AND r.source_id = sf.source_id AND r.fields ? sf.name)}),
		'', "$mode: every registry entry is used by a record of its source (no half-committed registration)");
	is(q1(q{SELECT count(*) FROM feedback.companies c
			WHERE NOT EXISTS (SELECT 1 FROM feedback.people p WHERE p.org_id = c.org_id AND p.company_id = c.id)
			   OR c.domain IS DISTINCT FROM (SELECT 'c' || substring(p.email from '^e(\d+-\d+)@') || '.crash.example'
											 FROM feedback.people p WHERE p.company_id = c.id)}),
		'0', "$mode: every company is there with its person");

	SKIP:
	{
		skip 'amcheck is not available', 2 unless $have_amcheck;
		is(q1(q{CREATE EXTENSION IF NOT EXISTS amcheck;
				SELECT count(*) FROM (SELECT bt_index_check(i.indexrelid, true)
					FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
					WHERE c.relnamespace = 'feedback'::regnamespace AND a.amname = 'btree') x}),
			q1(q{SELECT count(*) FROM pg_class c JOIN pg_am a ON a.oid = c.relam
				 WHERE c.relnamespace = 'feedback'::regnamespace AND a.amname = 'btree'}),
			"$mode: every index agrees with its table (bt_index_check, heapallindexed)");
		is(q1(q{SELECT count(*) FROM pg_class c, verify_heapam(c.oid)
				WHERE c.relnamespace = 'feedback'::regnamespace AND c.relkind = 'r'}),
			'0', "$mode: no table corruption (verify_heapam)");
	}

	# Duplicates are still refused; a new record gets an id after every old one.
	my ($ret, $out, $err) = $node->psql('postgres',
		q{SELECT feedback.ingest_record(2, crash_body(11, 1)) FROM feedback.set_org(1)},
		extra_params => [ '-v', 'VERBOSITY=verbose' ]);
	like($err, qr/ERROR:  23505: /, "$mode: an acknowledged external_id sent again is still a duplicate (23505)");
	my $max = q1('SELECT max(id) FROM feedback.records');
	my $i = $round;
	my $new = q1(qq{SELECT feedback.ingest_record(1 + $i % 2, crash_body(9, $i))->>'id' FROM feedback.set_org(1)});
	cmp_ok($new, '>', $max, "$mode: a new record after the restart gets an id after every old one ($new > $max)");
}

# Round 1: no preload, set_org.
crash_round(1, 'no preload', 'feedback.set_org(1)');
check_whole('no preload', 1);

# Round 2: preload, authenticate with an API key.
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'feedback'");
$node->restart;
is(q1(q{SELECT count(*) FROM pg_shmem_allocations WHERE name = 'feedback_ratelimit'}), '1',
	'preload: the rate limiter lives in the main shared memory');
crash_round(2, 'preload', "feedback.authenticate('$key')");
check_whole('preload', 2);
is(q1(qq{SELECT try_auth('$key')}), 'ok', 'preload: the key still authenticates after the crash');
my $limited = q1(q{SELECT feedback.create_api_key(1, 'limited')});
q1(qq{UPDATE feedback.api_keys SET rate_limit_per_minute = 2 WHERE key_prefix = substr('$limited', 1, 12)});
is(q1(qq{SELECT string_agg(try_auth('$limited'), ',') FROM generate_series(1, 3)}), 'ok,ok,53400',
	'preload: after the crash the limiter counts again (limit 2: the third request refused)');

$node->stop;
done_testing();
