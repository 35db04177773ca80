# Per-key rate limit (GCRA), counted where feedback.authenticate runs.
#
# The same suite runs in every way the library can be loaded:
#   1. without shared_preload_libraries (the table lives in a dynamic shared
#      memory segment found through pg_stat_tmp/feedback_ratelimit),
#   2. with it (the table lives in the main shared memory),
#   3. without it again, so the file left by run 1 is stale and must be
#      ignored,
# then checks a crash restart in both modes, a file that was tampered with,
# and a hot standby (where nothing can be written at all).
#
# The suite: limit N allows exactly N requests at once and refuses N + 1 with
# SQLSTATE 53400 and the seconds to wait; the per-key override; keys are
# independent; refused requests consume nothing and one request comes back
# per 60/N seconds; connections share one count (one after the other,
# interleaved, and 4 pgbench clients at once: exactly N succeed); all of it
# inside READ ONLY transactions, including the very first use after a start.
use strict;
use warnings;
use IPC::Run;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(sleep);

my $node = PostgreSQL::Test::Cluster->new('primary');
$node->init(allows_streaming => 1);
$node->append_conf('postgresql.conf', 'restart_after_crash = on');
$node->start;

$node->safe_psql('postgres', q{
	CREATE EXTENSION feedback;
	SELECT feedback.create_organization('Acme');

	-- 'ok', or 'refused:<seconds>' from the 53400 error's DETAIL
	CREATE FUNCTION try_auth(k text) RETURNS text LANGUAGE plpgsql AS $$
	DECLARE
		detail text;
	BEGIN
		PERFORM feedback.authenticate(k);
		RETURN 'ok';
	EXCEPTION WHEN SQLSTATE '53400' THEN
		GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
		RETURN 'refused:' || coalesce(substring(detail from '(\d+) seconds?'), '?');
	END $$;

	-- n calls in a row, their outcomes joined by commas
	CREATE FUNCTION try_auth(k text, n int) RETURNS text LANGUAGE sql AS $$
		SELECT string_agg(r, ',') FROM (SELECT try_auth(k) AS r FROM generate_series(1, n)) s
	$$;

	-- an outcome as a NOTICE, for pgbench's stderr
	CREATE FUNCTION report(r text) RETURNS void LANGUAGE plpgsql AS $$
	BEGIN
		RAISE NOTICE 'outcome %', r;
	END $$;
});

my $rl_file = $node->data_dir . '/pg_stat_tmp/feedback_ratelimit';
my $script_no = 0;

# A new API key, with its own limit when one is given.
sub new_key
{
	my ($override) = @_;
	my $key = $node->safe_psql('postgres', 'SELECT feedback.create_api_key(1)');
	$node->safe_psql('postgres',
		"UPDATE feedback.api_keys SET rate_limit_per_minute = $override "
		  . "WHERE key_prefix = substr('$key', 1, 12)")
	  if defined $override;
	return $key;
}

# "ok,ok,ok,refused:12" as "ok*3,refused:12".
sub runs
{
	my ($outcomes) = @_;
	my @runs;
	for my $o (split /,/, $outcomes)
	{
		if (@runs && $runs[-1][0] eq $o) { $runs[-1][1]++; }
		else { push @runs, [ $o, 1 ]; }
	}
	return join ',', map { $_->[1] > 1 ? "$_->[0]*$_->[1]" : $_->[0] } @runs;
}

# n requests in a row from one new connection, with the GUC at guc_limit.
sub calls
{
	my ($on, $key, $n, $guc_limit) = @_;
	my $set = defined $guc_limit ? "SET feedback.rate_limit_per_minute = $guc_limit;" : '';
	return runs($on->safe_psql('postgres', "$set SELECT try_auth('$key', $n)"));
}

# pgbench: 4 clients send 15 requests each, each in a READ ONLY transaction
# of its own; the outcomes counted.
sub pgbench_outcomes
{
	my ($on, $key) = @_;
	my $file = $on->basedir . '/rl_' . ++$script_no . '.sql';
	PostgreSQL::Test::Utils::append_to_file($file,
		"BEGIN READ ONLY;\nSELECT report(try_auth('$key'));\nEND;\n");
	my ($out, $err) = ('', '');
	IPC::Run::run([ 'pgbench', '--no-vacuum', '--client=4', '--jobs=4',
			'--transactions=15', '--file', $file, '--host', $on->host,
			'--port', $on->port, 'postgres' ], '>', \$out, '2>', \$err)
	  or die "pgbench failed: $err";
	my %count;
	$count{$1}++ while $err =~ /NOTICE:  outcome (\S+)/g;
	return join ',', map { "$_*$count{$_}" } sort keys %count;
}

# The postmaster's start time in microseconds since 2000 (PgStartTime).
sub start_time_us
{
	my ($on) = @_;
	return $on->safe_psql('postgres',
		q{SELECT ((extract(epoch FROM pg_postmaster_start_time()) - 946684800) * 1000000)::bigint});
}

# What the file says: (magic, handle, start time), or () if there is none.
sub file_fields
{
	my ($path) = @_;
	return () unless -e $path;
	my $line = slurp_file($path);
	return $line =~ /^feedback_ratelimit ([0-9a-f]{8}) (\d+) (-?\d+)\n\z/ ? ($1, $2, $3) : ('garbage');
}

# Everything a client can see of the limit, in one way of loading.
sub suite
{
	my ($on, $mode) = @_;

	# The very first use since the start: 4 clients at once race to find (or
	# make) the table, in READ ONLY transactions.  Exactly 20 get through.
	my $key = new_key(20);
	is(pgbench_outcomes($on, $key), 'ok*20,refused:3*40',
		"$mode: 4 concurrent clients, 60 requests at a limit of 20: exactly 20 allowed");

	# READ ONLY, direct calls: the error itself, SQLSTATE and DETAIL.
	$key = new_key();
	my ($ret, $stdout, $stderr) = $on->psql('postgres', qq{
		SET default_transaction_read_only = on;
		SET feedback.rate_limit_per_minute = 2;
		SELECT feedback.authenticate('$key');
		BEGIN READ ONLY;
		SELECT feedback.authenticate('$key');
		SELECT feedback.authenticate('$key');
		COMMIT;
	}, extra_params => [ '-v', 'VERBOSITY=verbose' ]);
	is($stdout, "1\n1", "$mode: READ ONLY: 2 requests allowed at a limit of 2");
	like($stderr, qr/ERROR:  53400: .*\nDETAIL:  [^\n]*\b30 seconds/,
		"$mode: READ ONLY: request 3 fails with 53400, DETAIL says 30 seconds");

	# Limit N: N requests at once, N + 1 refused; the wait is 60/N seconds.
	$key = new_key();
	is(calls($on, $key, 6, 5), 'ok*5,refused:12', "$mode: limit 5: the 6th request is refused, wait 12 s");
	is(calls($on, $key, 1, 5), 'refused:12', "$mode: ... and so is the next one, from another connection");

	# Connections one after the other share the count.
	$key = new_key();
	is(calls($on, $key, 2, 4) . ' ' . calls($on, $key, 2, 4) . ' ' . calls($on, $key, 1, 4),
		'ok*2 ok*2 refused:15', "$mode: limit 4 over three connections in turn");

	# Two sessions open at once, interleaved.
	$key = new_key(3);
	my @s = map { $on->background_psql('postgres') } 1 .. 2;
	my @got = map { $s[ $_ % 2 ]->query_safe("SELECT try_auth('$key')") } 0 .. 4;
	$_->quit for @s;
	is(join(',', @got), 'ok,ok,ok,refused:20,refused:20',
		"$mode: limit 3 over two open sessions, interleaved");

	# The key's own limit overrides the setting, both ways.
	$key = new_key(2);
	is(calls($on, $key, 3, 100), 'ok*2,refused:30', "$mode: a key limit of 2 under a setting of 100");
	$key = new_key(7);
	is(calls($on, $key, 8, 3), 'ok*7,refused:9', "$mode: a key limit of 7 under a setting of 3");

	# Keys are independent.
	my ($a, $b) = (new_key(), new_key());
	is(calls($on, $a, 4, 3) . ' ' . calls($on, $b, 4, 3) . ' ' . calls($on, $a, 1, 3),
		'ok*3,refused:20 ok*3,refused:20 refused:20',
		"$mode: two keys at a limit of 3 each have their own count");

	# Refused requests consume nothing: after 2 s (60/30) one more request
	# is allowed, although ten were refused meanwhile.
	$key = new_key(30);
	is(calls($on, $key, 40), 'ok*30,refused:2*10', "$mode: limit 30: 30 allowed, then refused");
	sleep 2.5;
	like(calls($on, $key, 3), qr/^ok,refused:[12](\*2|,refused:[12])$/,
		"$mode: 2.5 s later exactly one more is allowed");
}

# Kill a backend: the postmaster resets shared memory (dynamic segments
# included) and the counts start over, while the file still names the old
# segment.
sub crash_restart
{
	my ($on, $mode) = @_;
	my $key = new_key(2);
	is(calls($on, $key, 3), 'ok*2,refused:30', "$mode: before a crash");
	my $started = start_time_us($on);

	my $bg = $on->background_psql('postgres');
	my $pid = $bg->query_safe('SELECT pg_backend_pid()');
	kill 'KILL', $pid;
	$bg->quit;
	$on->poll_query_until('postgres', 'SELECT true') or die 'no restart after the crash';
	note "$mode: crash restart "
	  . ($started eq start_time_us($on) ? 'kept' : 'changed') . ' the start time';

	is(calls($on, $key, 3), 'ok*2,refused:30', "$mode: after a crash restart, the counts start over and work");
}

# 1. Without shared_preload_libraries.
suite($node, 'no preload');
my @fields = file_fields($rl_file);
is_deeply([ @fields[ 0, 2 ] ], [ 'fb5a7e01', start_time_us($node) ],
	'no preload: the file names the segment, with the magic and start time');
is($node->safe_psql('postgres',
	q{SELECT count(*) FROM pg_shmem_allocations WHERE name = 'feedback_ratelimit'}),
	'0', 'no preload: nothing in the main shared memory');
crash_restart($node, 'no preload');
my $file_before = slurp_file($rl_file);

# 2. With shared_preload_libraries.
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'feedback'");
$node->restart;
suite($node, 'preload');
is($node->safe_psql('postgres',
	q{SELECT count(*) FROM pg_shmem_allocations WHERE name = 'feedback_ratelimit'}),
	'1', 'preload: the table is in the main shared memory');
is(slurp_file($rl_file), $file_before, 'preload: the file is neither read nor written');
crash_restart($node, 'preload');

# 3. Without it again: the file is from an earlier postmaster.
$node->append_conf('postgresql.conf', "shared_preload_libraries = ''");
$node->restart;
@fields = file_fields($rl_file);
isnt($fields[2], start_time_us($node), 'restart: the file left behind is stale');
suite($node, 'no preload after a restart');
@fields = file_fields($rl_file);
is($fields[2], start_time_us($node), 'restart: the file was written anew');

# 4. A file that was tampered with: the next connection makes a new table
# (connections that had the old one keep it), and connections share it.
for my $bad ("feedback_ratelimit\n",
	"feedback_ratelimit fb5a7e01 12345 " . start_time_us($node) . "\n")
{
	open my $fh, '>', $rl_file or die "could not write $rl_file: $!";
	print $fh $bad;
	close $fh;
	my $key = new_key();
	is(calls($node, $key, 2, 3) . ' ' . calls($node, $key, 2, 3), 'ok*2 ok,refused:20',
		'a bad file (' . ($bad =~ s/\n//r) . ') is replaced, and the table shared');
	@fields = file_fields($rl_file);
	is($fields[2], start_time_us($node), '... and the file written anew');
}

# 5. A hot standby, where nothing can be written.
$node->backup('standby_backup');
my $standby = PostgreSQL::Test::Cluster->new('standby');
$standby->init_from_backup($node, 'standby_backup', has_streaming => 1);
$standby->start;
my $key = new_key(4);
$node->wait_for_catchup($standby);
is(calls($standby, $key, 5) . ' ' . calls($standby, $key, 1), 'ok*4,refused:15 refused:15',
	'hot standby: limit 4 over two connections');
is(calls($node, $key, 5), 'ok*4,refused:15', 'hot standby: the primary counts on its own');

$standby->stop;
$node->stop;
done_testing();
