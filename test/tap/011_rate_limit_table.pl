# The rate limiter's fixed-size table (12288 keys in 16384 slots) under more
# keys than it holds, in both ways of loading the library:
#   - keys whose time has passed (idle keys) are forgotten first, which loses
#     nothing: a busy key keeps its count through 13000 idle keys;
#   - when every key is busy, the one with the oldest arrival time is
#     forgotten, and the most recent keys keep their counts.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $nkeys = 13000;

my $node = PostgreSQL::Test::Cluster->new('main');
$node->init;
$node->start;

$node->safe_psql('postgres', qq{
	CREATE EXTENSION feedback;
	SELECT feedback.create_organization('Acme');

	CREATE FUNCTION try_auth(k text) RETURNS text LANGUAGE plpgsql AS \$\$
	BEGIN
		PERFORM feedback.authenticate(k);
		RETURN 'ok';
	EXCEPTION WHEN SQLSTATE '53400' THEN
		RETURN 'refused';
	END \$\$;

	-- many keys, numbered; their limits are set per test
	CREATE TABLE k AS SELECT i, feedback.create_api_key(1) AS key FROM generate_series(1, $nkeys) i;
	CREATE TABLE busy AS SELECT i, feedback.create_api_key(1) AS key FROM generate_series(1, 2) i;
});

# Set the limit of some keys of a table.
sub set_limit
{
	my ($table, $limit, $where) = @_;
	$node->safe_psql('postgres', qq{
		UPDATE feedback.api_keys a SET rate_limit_per_minute = $limit
		FROM $table WHERE a.key_hash = sha256(convert_to($table.key, 'UTF8')) AND $where});
}

# One request for each of some keys, in key order: "ok:<n> refused:<n>".
sub requests
{
	my ($table, $where) = @_;
	return $node->safe_psql('postgres', qq{
		SELECT coalesce(string_agg(r || ':' || n, ' ' ORDER BY r), '')
		FROM (SELECT r, count(*) AS n
		      FROM (SELECT try_auth(key) AS r FROM (SELECT key FROM $table WHERE $where ORDER BY i) s) t
		      GROUP BY r) c});
}

sub suite
{
	my ($mode) = @_;

	# A busy key (limit 2, used up) and 13000 keys that go idle at once (a
	# limit of 60 million a minute frees each request after 1 us).
	set_limit('busy', 2, 'true');
	set_limit('k', 60000000, 'true');
	is(requests('busy', 'i = 1') . ' ' . requests('busy', 'i = 1') . ' ' . requests('busy', 'i = 1'),
		'ok:1 ok:1 refused:1', "$mode: a busy key at a limit of 2");
	is(requests('k', 'true'), "ok:$nkeys", "$mode: $nkeys keys that go idle at once");
	is(requests('k', 'true'), "ok:$nkeys", "$mode: ... all of them once more");
	is(requests('busy', 'i = 1'), 'refused:1', "$mode: the busy key kept its count");

	# Now 13000 busy keys (limit 1: each used up for a minute), more than
	# the table holds: the oldest are forgotten, the newest are not.
	set_limit('busy', 2, 'true');
	set_limit('k', 1, 'true');
	is(join(' ', map { requests('busy', 'i = 2') } 1 .. 3), 'ok:1 ok:1 refused:1', "$mode: a second busy key at a limit of 2");
	is(requests('k', 'true'), "ok:$nkeys", "$mode: $nkeys keys at a limit of 1: each first request allowed");
	is(requests('k', 'i > 2000'), 'refused:' . ($nkeys - 2000),
		"$mode: the newest " . ($nkeys - 2000) . ' keys kept their counts');
	is(requests('busy', 'true'), 'ok:2', "$mode: the two oldest busy keys were forgotten (allowed again)");
	is(requests('k', 'i <= 100'), 'ok:100', "$mode: and so were the oldest of the many");
}

suite('no preload');
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'feedback'");
$node->restart;
suite('preload');

$node->stop;
done_testing();
