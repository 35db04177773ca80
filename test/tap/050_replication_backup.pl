# Replication and backup.
#
# A streaming standby (pgvector's 001_ivfflat_wal.pl pattern): three tenants'
# sources, people, companies, registry and records, part in the base backup
# and part streamed after it (new records, updates, new field names, a new
# source, a revoked key), are identical on the standby (md5 of each table,
# ordered), and feedback.authenticate works there in a read-only transaction
# (row-level security then shows the tenant's rows), while writes are
# refused cleanly.
#
# Then pg_dump -Fc of the primary's database, pg_restore into a fresh
# database on another node: every table restored identically (same ids),
# every sequence where it was (pg_extension_config_dump), every tenant's key
# still authenticating (and the revoked one not), new rows get ids after the
# old ones, and ALTER EXTENSION feedback UPDATE succeeds at the newest
# version.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my @tables = qw(organizations api_keys sources source_fields companies people records);
my @sequences = qw(organizations_id_seq api_keys_id_seq sources_id_seq companies_id_seq people_id_seq records_id_seq);
my $db = 'fbdb';

my $primary = PostgreSQL::Test::Cluster->new('primary');
$primary->init(allows_streaming => 1);
$primary->start;
$primary->safe_psql('postgres', qq{
	CREATE DATABASE $db;
	CREATE ROLE app LOGIN;
	CREATE ROLE ops LOGIN;
});
$primary->safe_psql($db, q{
	CREATE EXTENSION feedback;
	GRANT feedback_api TO app;
	GRANT feedback_admin TO ops;

	-- Ingest records from..upto into source s of the current tenant: fields
	-- of several types; the names depend on the round, so later rounds
	-- register new ones.
	CREATE FUNCTION seed(s bigint, person bigint, round int, from_n int, upto_n int, mode text DEFAULT 'error')
	RETURNS void LANGUAGE plpgsql AS $$
	BEGIN
		FOR n IN from_n .. upto_n LOOP
			PERFORM feedback.ingest_record(s, json_build_object(
				'external_id', format('s%s-%s', s, n),
				'person_id', CASE WHEN n % 3 = 0 THEN person END,
				'fields', json_build_array(
					json_build_object('name', 'body', 'category', 'content', 'type', 'string',
						'value', format('feedback %s of source %s, round %s', n, s, round)),
					json_build_object('name', 'score_' || round, 'category', 'metadata', 'type', 'integer', 'value', n % 10),
					json_build_object('name', 'ratio', 'category', 'metadata', 'type', 'float', 'value', (n / 8.0)::text),
					json_build_object('name', 'happy', 'category', 'metadata', 'type', 'boolean', 'value', n % 2 = 0),
					json_build_object('name', 'opened', 'category', 'created_at', 'type', 'datetime',
						'value', format('2025-02-%sT08:00:00-05:00', lpad((1 + n % 28)::text, 2, '0'))),
					json_build_object('name', 'extra', 'category', 'metadata', 'type', 'json',
						'value', json_build_object('n', n, 'round', round))))::json, mode);
		END LOOP;
	END $$;
});

# Tenants, each with a key, sources and people.
my (%key, %org);
for my $name (qw(Acme Globex Initech))
{
	$org{$name} = $primary->safe_psql($db, qq{SELECT feedback.create_organization('$name')});
	$key{$name} = $primary->safe_psql($db, qq{SELECT feedback.create_api_key($org{$name}, '$name app')});
	$primary->safe_psql($db, qq{
		BEGIN;
		SELECT feedback.set_org($org{$name});
		SELECT feedback.create_source('{"name": "$name tickets"}');
		SELECT feedback.create_source('{"name": "$name survey", "type": "survey"}');
		SELECT feedback.put_person('{"email": "Alice\@$name.example", "first_name": "Alice",
			"company": {"domain": "https://www.$name.example/about"}}');
		SELECT feedback.put_person('{"email": "bob\@$name.example", "boundary": "internal", "company": {"name": "$name Inc"}}');
		COMMIT;
	});
}
my $revoked = $primary->safe_psql($db, qq{SELECT feedback.create_api_key($org{Globex}, 'old')});

# Records of the base backup: 60 per source.
sub seed_all
{
	my ($round, $from, $upto, $mode) = @_;
	for my $name (sort keys %org)
	{
		$primary->safe_psql($db, qq{
			BEGIN;
			SELECT feedback.set_org($org{$name});
			SELECT seed(s.id, (SELECT min(id) FROM feedback.people WHERE org_id = $org{$name}), $round, $from, $upto, '$mode')
			FROM feedback.sources s WHERE s.org_id = $org{$name};
			COMMIT;
		});
	}
}
seed_all(1, 1, 60, 'error');

$primary->backup('base');
my $standby = PostgreSQL::Test::Cluster->new('standby');
$standby->init_from_backup($primary, 'base', has_streaming => 1);
$standby->start;

# Streamed after the backup: new records with new field names, updates of
# old ones, a new source, a person updated, a key revoked; one tenant writes
# through its API key as the application role.
seed_all(2, 41, 100, 'update');
$primary->safe_psql($db, qq{
	BEGIN;
	SELECT feedback.set_org($org{Initech});
	SELECT feedback.create_source('{"name": "Initech chat", "type": "slack"}');
	SELECT feedback.put_person('{"email": " ALICE\@initech.example ", "last_name": "Liddell", "boundary": "external"}');
	COMMIT;
	SELECT feedback.revoke_api_key(id) FROM feedback.api_keys WHERE name = 'old';
});
$primary->safe_psql($db, qq{
	SET ROLE app;
	BEGIN;
	SELECT feedback.authenticate('$key{Acme}');
	SELECT feedback.ingest_record(1, '{"external_id": "via-key", "fields": [{"name": "body", "category": "content", "type": "string", "value": "sent with the key"}]}');
	COMMIT;
});

# Identical table contents, as md5 of the rows in order.
sub table_md5
{
	my ($node, $dbname, $table) = @_;
	return $node->safe_psql($dbname,
		"SELECT count(*) || ' ' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM feedback.$table t");
}

$primary->wait_for_catchup($standby, 'replay', $primary->lsn('insert'));
my %on_primary = map { $_ => table_md5($primary, $db, $_) } @tables;
diag 'primary: ' . join(', ', map { "$_ " . (split / /, $on_primary{$_})[0] } @tables);
cmp_ok((split / /, $on_primary{records})[0], '>=', 3 * 2 * 100, 'the primary has every record');
for my $t (@tables)
{
	is(table_md5($standby, $db, $t), $on_primary{$t}, "standby: feedback.$t identical to the primary's");
}
is($standby->safe_psql($db, q{SELECT count(*) FROM feedback.records WHERE fields ? 'score_2'}),
	$primary->safe_psql($db, q{SELECT count(*) FROM feedback.records WHERE fields ? 'score_2'}),
	'standby: the records streamed after the backup are there');

# authenticate on the standby, in a read-only transaction.
is($standby->safe_psql($db, q{SELECT pg_is_in_recovery()}), 't', 'the standby is in recovery');
is($standby->safe_psql($db, qq{
	SET ROLE app;
	BEGIN READ ONLY;
	SELECT feedback.authenticate('$key{Globex}') = feedback.current_org();
	COMMIT;
}), 't', 'standby: authenticate sets the tenant in a READ ONLY transaction');
is($standby->safe_psql($db, qq{
	SET ROLE ops;
	BEGIN READ ONLY;
	SELECT feedback.authenticate('$key{Initech}');
	SELECT count(*) FROM feedback.records;
	COMMIT;
}), "$org{Initech}\n" . $primary->safe_psql($db, qq{SELECT count(*) FROM feedback.records WHERE org_id = $org{Initech}}),
	"standby: the tenant sees its own records only (row-level security)");
my ($ret, $out, $err) = $standby->psql($db, qq{
	BEGIN READ ONLY;
	SELECT feedback.authenticate('$revoked');
}, extra_params => [ '-v', 'VERBOSITY=verbose' ]);
like($err, qr/ERROR:  28000: invalid api key/, 'standby: the key revoked after the backup fails (28000)');
($ret, $out, $err) = $standby->psql($db, qq{
	BEGIN;
	SELECT feedback.authenticate('$key{Acme}');
	SELECT feedback.ingest_record(1, '{"fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}');
}, extra_params => [ '-v', 'VERBOSITY=verbose' ]);
like($err, qr/ERROR:  25006: /, 'standby: ingest_record is refused as a write in a read-only transaction (25006)');

# pg_dump -Fc, pg_restore into a fresh database on another node.
my $dump = $primary->basedir . '/feedback.dump';
$primary->command_ok([ 'pg_dump', '-Fc', '-f', $dump, '-d', $primary->connstr($db) ], 'pg_dump -Fc of the primary');
my %seq_primary = map { $_ => $primary->safe_psql($db, "SELECT last_value || ' ' || is_called FROM feedback.$_") } @sequences;

my $restored = PostgreSQL::Test::Cluster->new('restored');
$restored->init;
$restored->start;
$restored->safe_psql('postgres', qq{CREATE DATABASE $db; CREATE ROLE app LOGIN;});
$restored->command_checks_all(
	[ 'pg_restore', '--exit-on-error', '-d', $restored->connstr($db), $dump ],
	0, [qr/^$/], [qr/^$/], 'pg_restore into a fresh database: no error, no warning');
$restored->safe_psql($db, 'GRANT feedback_api TO app');

for my $t (@tables)
{
	is(table_md5($restored, $db, $t), $on_primary{$t}, "restored: feedback.$t identical to the primary's (same ids)");
}
for my $s (@sequences)
{
	is($restored->safe_psql($db, "SELECT last_value || ' ' || is_called FROM feedback.$s"), $seq_primary{$s},
		"restored: feedback.$s where it was");
}
for my $name (sort keys %org)
{
	is($restored->safe_psql($db, qq{
		SET ROLE app;
		BEGIN;
		SELECT feedback.authenticate('$key{$name}');
		COMMIT;
	}), $org{$name}, "restored: ${name}'s API key authenticates as its organization");
}
($ret, $out, $err) = $restored->psql($db, qq{BEGIN; SELECT feedback.authenticate('$revoked');},
	extra_params => [ '-v', 'VERBOSITY=verbose' ]);
like($err, qr/ERROR:  28000: invalid api key/, 'restored: the revoked key still fails (28000)');

# New rows get ids after the old ones.
my %max = map { $_ => $restored->safe_psql($db, "SELECT max(id) FROM feedback.$_") } qw(organizations sources people records companies);
my $new = $restored->safe_psql($db, qq{
	SET ROLE app;
	BEGIN;
	SELECT feedback.authenticate('$key{Globex}');
	SELECT (feedback.create_source('{"name": "Globex after restore"}')->>'id') || ' '
		|| (feedback.put_person('{"email": "carol\@new.example", "company": {"domain": "new.example"}}')->>'id') || ' '
		|| (feedback.put_person('{"email": "carol\@new.example"}')->>'company_id');
	COMMIT;
});
my ($new_source, $new_person, $new_company) = split / /, (split /\n/, $new)[-1];
my $new_record = $restored->safe_psql($db, qq{
	SET ROLE app;
	BEGIN;
	SELECT feedback.authenticate('$key{Globex}');
	SELECT feedback.ingest_record($new_source, '{"external_id": "after-restore", "fields": [{"name": "body", "category": "content", "type": "string", "value": "new"}]}')->>'id';
	COMMIT;
});
$new_record = (split /\n/, $new_record)[-1];
my $new_org = $restored->safe_psql($db, q{SELECT feedback.create_organization('After restore')});
cmp_ok($new_record, '>', $max{records}, "restored: a new record's id comes after the old ones ($new_record > $max{records})");
cmp_ok($new_source, '>', $max{sources}, "restored: a new source's id comes after the old ones");
cmp_ok($new_person, '>', $max{people}, "restored: a new person's id comes after the old ones");
cmp_ok($new_company, '>', $max{companies}, "restored: a new company's id comes after the old ones");
cmp_ok($new_org, '>', $max{organizations}, "restored: a new organization's id comes after the old ones");
($ret, $out, $err) = $restored->psql($db, qq{
	BEGIN;
	SELECT feedback.authenticate('$key{Acme}');
	SELECT feedback.ingest_record(1, '{"external_id": "s1-5", "fields": [{"name": "body", "category": "content", "type": "string", "value": "again"}]}');
}, extra_params => [ '-v', 'VERBOSITY=verbose' ]);
like($err, qr/ERROR:  23505: /, 'restored: a restored external_id is still a duplicate (23505)');

# ALTER EXTENSION UPDATE: already at the newest version.
my $default = $restored->safe_psql($db, q{SELECT default_version FROM pg_available_extensions WHERE name = 'feedback'});
is($default, '0.1.0', 'the newest version is 0.1.0');
$restored->safe_psql($db, 'ALTER EXTENSION feedback UPDATE');
is($restored->safe_psql($db, q{SELECT extversion FROM pg_extension WHERE extname = 'feedback'}), $default,
	'restored: ALTER EXTENSION feedback UPDATE succeeds and leaves the newest version');

$restored->stop;
$standby->stop;
$primary->stop;
done_testing();
