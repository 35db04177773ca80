# Concurrent ingest: de-duplication by (source, external_id) is race-free.
# Four clients send records with external ids drawn from a small pool, in
# update and ignore modes, while others upsert the same people.  Afterwards
# there is exactly one record per external id, one person per e-mail
# address, one registry entry per field, and no client saw an error.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('main');
$node->init;
$node->start;

$node->safe_psql('postgres', q{
	CREATE EXTENSION feedback;
	SELECT feedback.create_organization('Acme');
	BEGIN;
	SELECT feedback.set_org(1);
	SELECT feedback.create_source('{"name": "Tickets"}');
	COMMIT;
});

my $record = q{SELECT feedback.ingest_record(1, format('{"external_id": "t-%s", "fields": [{"name": "body", "category": "content", "type": "string", "value": "%s"}, {"name": "n_%s", "category": "metadata", "type": "integer", "value": %s}]}', :id, :client_id, :id % 5, :client_id)::json, 'MODE') FROM feedback.set_org(1);};

$node->pgbench(
	'--no-vacuum --client=4 --jobs=2 --transactions=400',
	0,
	[qr{processed: 1600/1600}],
	[qr{^$}],
	'concurrent ingest (update and ignore modes) and person upserts',
	{
		'001_update' => "\\set id random(1, 25)\n" . ($record =~ s/MODE/update/r),
		'002_ignore' => "\\set id random(1, 25)\n" . ($record =~ s/MODE/ignore/r),
		'003_person' => "\\set id random(1, 10)\n"
		  . q{SELECT feedback.put_person(format('{"email": " Person%s@Example.com ", "first_name": "P%s", "company": {"domain": "example.com"}}', :id, :client_id)::json) FROM feedback.set_org(1);},
	});

is($node->safe_psql('postgres',
	'SELECT count(*) FROM (SELECT source_id, external_id FROM feedback.records GROUP BY 1, 2 HAVING count(*) > 1) d'),
	'0', 'one record per (source, external_id)');
cmp_ok($node->safe_psql('postgres', 'SELECT count(*) FROM feedback.records'),
	'<=', 25, 'no more records than external ids');
is($node->safe_psql('postgres',
	'SELECT count(*) FROM (SELECT email FROM feedback.people GROUP BY 1 HAVING count(*) > 1) d'),
	'0', 'one person per e-mail address');
is($node->safe_psql('postgres', 'SELECT count(*) FROM feedback.companies'),
	'1', 'one company for the shared domain');
is($node->safe_psql('postgres',
	q{SELECT string_agg(name || ':' || type, ',' ORDER BY name) FROM feedback.source_fields}),
	'body:string,n_0:integer,n_1:integer,n_2:integer,n_3:integer,n_4:integer',
	'one registry entry per field name');
is($node->safe_psql('postgres',
	q{SELECT count(*) FROM feedback.records r WHERE NOT (r.fields ? 'body')}),
	'0', 'every record is whole');

# In error mode, a duplicate is refused with 23505 and nothing else.
my ($ret, $stdout, $stderr) = $node->psql('postgres', q{
	BEGIN;
	SELECT feedback.set_org(1);
	SELECT feedback.ingest_record(1, '{"external_id": "t-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "again"}]}');
	COMMIT;
}, extra_params => ['-v', 'VERBOSITY=verbose']);
like($stderr, qr/ERROR:  23505: /, 'a duplicate in error mode is 23505');

$node->stop;
done_testing();
