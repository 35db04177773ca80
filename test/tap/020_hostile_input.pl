# Hostile input: no body, however malformed or large, crashes a backend,
# gets an undocumented error, or leaves anything behind.
#
# 1. The corpus (test/corpus/MANIFEST.tsv): every body goes through
#    ingest_record, put_person or create_source in a transaction, which the
#    client then commits; each must fail with exactly its SQLSTATE (or be
#    accepted, 00000, and rolled back), the backend must survive (same
#    connection, same backend process), and nothing may be stored.  The
#    bodies that are not UTF-8 are sent once more into a SQL_ASCII
#    database, where PostgreSQL lets them through to feedback's own check.
# 2. Mutation fuzzing of the example records (in the style of pgvector's
#    037_inputs.pl): seeded random mutations, each ingested on its own; every
#    outcome must be success or a documented SQLSTATE, and a failure must
#    store nothing.  FEEDBACK_FUZZ_SEED and FEEDBACK_MUTATIONS change the
#    seed (default 20250101) and the number of mutated bodies (default 3000).
#
# The corpus is found at $FEEDBACK_CORPUS, next to this file
# (../corpus), or under the folder test/tap.sh started in ($OLDPWD).
use strict;
use warnings;
use DBI;
use DBD::Pg qw(:pg_types);
use Encode ();
use File::Basename qw(dirname);
use JSON::PP;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Cwd ();
use Test::More;
use Time::HiRes qw(time);

my $started = time;

my ($corpus) = grep { defined && -f "$_/MANIFEST.tsv" }
  ($ENV{FEEDBACK_CORPUS}, dirname(__FILE__) . '/../corpus',
	$ENV{OLDPWD} ? "$ENV{OLDPWD}/test/corpus" : undef);
BAIL_OUT('test/corpus not found: set FEEDBACK_CORPUS') unless $corpus;
$corpus = Cwd::abs_path($corpus);	# require needs a path that @INC does not resolve
my ($examples) = grep { defined && -d $_ }
  ('examples', dirname(__FILE__) . '/../../examples',
	$ENV{OLDPWD} ? "$ENV{OLDPWD}/examples" : undef);
BAIL_OUT('examples/ not found') unless $examples;
require "$corpus/Corpus.pm";

my @cases = Corpus::load($corpus);
note(scalar(@cases) . " corpus cases from $corpus");

my $node = PostgreSQL::Test::Cluster->new('hostile');
$node->init;
# statements carry megabytes: keep them out of the log
$node->append_conf('postgresql.conf', "log_min_error_statement = panic\n");
$node->start;

$node->safe_psql('postgres', q{
	CREATE EXTENSION feedback;
	SELECT feedback.create_organization('Hostile Org');
	SELECT feedback.create_organization('Other Org');
	BEGIN;
	SELECT feedback.set_org(1);
	SELECT feedback.create_source('{"name": "Hostile"}');
	SELECT feedback.put_person('{"email": "known@example.com"}');
	SELECT feedback.ingest_record(1, '{"external_id": "existing-1", "fields": [{"name": "registered_int", "category": "metadata", "type": "integer", "value": 1}]}');
	SELECT feedback.ingest_record(1, '{"external_id": "42", "fields": [{"name": "registered_int", "category": "metadata", "type": "integer", "value": 2}]}');
	COMMIT;
	BEGIN;
	SELECT feedback.set_org(2);
	SELECT feedback.create_source('{"name": "Other"}');
	SELECT feedback.put_person('{"email": "other@example.com"}');
	COMMIT;
	BEGIN;
	SELECT feedback.set_org(1);
	SELECT feedback.create_source('{"name": "Mutations"}');
	COMMIT;
});
is($node->safe_psql('postgres', q{
	SELECT string_agg(format('%s:%s:%s', 'source', id, org_id), ' ' ORDER BY id) FROM feedback.sources}) . ' '
	  . $node->safe_psql('postgres', q{
	SELECT string_agg(format('%s:%s:%s', 'person', id, org_id), ' ' ORDER BY id) FROM feedback.people}),
	'source:1:1 source:2:2 source:3:1 person:1:1 person:2:2',
	'the state the corpus assumes (test/corpus/README.md)');

sub connect_db
{
	my ($dbname) = @_;
	my $dbh = DBI->connect('dbi:Pg:dbname=' . $dbname . ';host=' . $node->host . ';port=' . $node->port,
		'', '', { AutoCommit => 1, RaiseError => 0, PrintError => 0, pg_enable_utf8 => 0 })
	  or die "connect: $DBI::errstr";
	return $dbh;
}

# What the tables hold, as one string: any write shows in it.
my $FINGERPRINT = q{SELECT concat_ws('/',
	(SELECT count(*) FROM feedback.records),
	(SELECT max(updated_at) FROM feedback.records),
	(SELECT count(*) FROM feedback.source_fields),
	(SELECT count(*) FROM feedback.people),
	(SELECT max(updated_at) FROM feedback.people),
	(SELECT count(*) FROM feedback.companies),
	(SELECT count(*) FROM feedback.sources))};

my %CALL = (
	record => 'SELECT feedback.ingest_record(1, %s)',
	person => 'SELECT feedback.put_person(%s)',
	source => 'SELECT feedback.create_source(%s)',
);

# The response of ingest_record is the stored record (README): compare it
# with feedback.record_json of the row, in the transaction that wrote it.
my $RESPONSE_CHECK = q{SELECT $1::jsonb = feedback.record_json(r, ($1::jsonb->>'created')::boolean)
	FROM feedback.records r WHERE r.id = ($1::jsonb->>'id')::bigint};

# Bind a body: as text when it is UTF-8 without NUL (PostgreSQL would refuse
# anything else in a text parameter), else as bytea that the server converts
# from $encoding, so that exactly these bytes reach its checks.
sub body_arg
{
	my ($sth, $bytes, $encoding) = @_;
	my $copy = $bytes;
	if ($bytes !~ /\x00/ && eval { Encode::decode('UTF-8', $copy, Encode::FB_CROAK); 1 })
	{
		$sth->bind_param(1, $bytes);
	}
	else
	{
		$sth->bind_param(1, $bytes, { pg_type => PG_BYTEA });
	}
}

sub body_sql
{
	my ($bytes, $encoding) = @_;
	my $copy = $bytes;
	return '$1::json' if $bytes !~ /\x00/ && eval { Encode::decode('UTF-8', $copy, Encode::FB_CROAK); 1 };
	return "convert_from(\$1::bytea, '$encoding')::json";
}

# Send one body in a transaction of organization 1 and end it the way a
# client would: COMMIT (which rolls back a failed transaction); a body that
# was accepted is rolled back so the corpus can run again.  Returns the
# SQLSTATE ('00000' when accepted) and the error message; for an accepted
# record, the message is 'response differs' unless the response is the
# stored record.
sub send_body
{
	my ($dbh, $target, $bytes, $encoding) = @_;
	$dbh->do('BEGIN') or return ($dbh->state, $dbh->errstr);
	$dbh->do('SELECT feedback.set_org(1)') or return ($dbh->state, $dbh->errstr);
	my $sth = $dbh->prepare(sprintf($CALL{$target}, body_sql($bytes, $encoding)));
	body_arg($sth, $bytes, $encoding);
	my ($state, $message) = ('00000', '');
	if ($sth->execute)
	{
		my ($response) = $sth->fetchrow_array;
		if ($target eq 'record')
		{
			my ($same) = $dbh->selectrow_array($RESPONSE_CHECK, undef, $response);
			$message = 'response differs from the stored record' unless $same;
		}
	}
	else
	{
		($state, $message) = ($dbh->state, $dbh->errstr);
	}
	$sth->finish;
	$dbh->do($state eq '00000' ? 'ROLLBACK' : 'COMMIT');
	return ($state, $message);
}

# The backend behind $dbh still answers, and is the same process.
sub alive
{
	my ($dbh, $pid) = @_;
	my ($one) = $dbh->selectrow_array('SELECT 1');
	return defined $one && $one == 1 && $dbh->{pg_pid} == $pid;
}

# --- 1. the corpus ------------------------------------------------------

my $dbh = connect_db('postgres');
my $pid = $dbh->{pg_pid};
my ($before) = $dbh->selectrow_array($FINGERPRINT);
my (%outcomes, %per_target, @crashes);
for my $case (@cases)
{
	my $bytes = Corpus::body($corpus, $case);
	my ($state, $message) = send_body($dbh, $case->{target}, $bytes, 'UTF8');
	my $label = sprintf('%s (%s): %s', $case->{file}, $case->{sqlstate}, $case->{what});
	unless (alive($dbh, $pid))
	{
		push @crashes, $case->{file};
		fail("$label: the backend survives");
		$node->poll_query_until('postgres', 'SELECT 1') or BAIL_OUT('the server did not come back');
		$dbh = connect_db('postgres');
		$pid = $dbh->{pg_pid};
		next;
	}
	$outcomes{$state}++;
	$per_target{"$case->{target} $state"}++;
	is($state, $case->{sqlstate}, $label) or diag("got $state: $message");
	is($message, '', "$label: the response is the stored record") if $state eq '00000' && $message ne '';
	my ($after) = $dbh->selectrow_array($FINGERPRINT);
	is($after, $before, "$case->{file}: nothing stored") if $after ne $before;
	$before = $after;
}
is(scalar @crashes, 0, 'no corpus body crashed a backend') or diag("crashed: @crashes");
my ($end) = $dbh->selectrow_array($FINGERPRINT);
ok(alive($dbh, $pid), 'the corpus ran in one backend, which is still alive');

# Registration is transactional, and so is the backend's registry cache:
# none of the names the corpus used (with every type) is registered now.
is($dbh->selectrow_array('SELECT string_agg(name, \',\' ORDER BY name) FROM feedback.source_fields WHERE source_id = 1'),
	'registered_int', 'only the setup registered a field in the Hostile source');
my ($state) = send_body($dbh, 'record',
	'{"fields":[{"name":"f","category":"identity","type":"boolean","value":true},'
	  . '{"name":"body","category":"identifier","type":"date","value":"2025-01-01"}]}', 'UTF8');
is($state, '00000', 'names the corpus used are still free in the same backend');

diag(sprintf('corpus: %d cases, outcomes: %s', scalar @cases,
	join(', ', map { "$_ $outcomes{$_}" } sort keys %outcomes)));
diag('  ' . join(', ', map { "$_ $per_target{$_}" } sort keys %per_target));

# SQL arguments that are not bodies.
my @calls = (
	[ '23502', 'SELECT feedback.ingest_record(NULL, \'{}\')', 'source_id NULL' ],
	[ '23502', 'SELECT feedback.ingest_record(1, NULL)', 'body NULL' ],
	[ '22023', 'SELECT feedback.ingest_record(1, \'{}\', NULL)', 'on_conflict NULL' ],
	[ '22023', 'SELECT feedback.ingest_record(1, \'{}\', \'UPDATE\')', 'on_conflict UPDATE' ],
	[ '22023', 'SELECT feedback.ingest_record(1, \'{}\', \'\')', "on_conflict ''" ],
	[ 'P0002', 'SELECT feedback.ingest_record(999, \'{"fields":[{"name":"a","category":"content","type":"string","value":"x"}]}\')', 'source that does not exist' ],
	[ 'P0002', 'SELECT feedback.ingest_record(2, \'{"fields":[{"name":"a","category":"content","type":"string","value":"x"}]}\')', "another organization's source" ],
	[ 'P0002', 'SELECT feedback.ingest_record(-9223372036854775808, \'{"fields":[{"name":"a","category":"content","type":"string","value":"x"}]}\')', 'source -2^63' ],
	[ '23502', 'SELECT feedback.create_source(NULL)', 'source body NULL' ],
	[ '23502', 'SELECT feedback.put_person(NULL)', 'person body NULL' ],
);
for my $c (@calls)
{
	my ($want, $sql, $what) = @$c;
	$dbh->do('BEGIN');
	$dbh->do('SELECT feedback.set_org(1)');
	my $ok = $dbh->do($sql);
	my $got = $ok ? '00000' : $dbh->state;
	$dbh->do('COMMIT');
	is($got, $want, "SQL call, $what");
}
$dbh->do('SELECT feedback.ingest_record(1, \'{"fields":[{"name":"a","category":"content","type":"string","value":"x"}]}\')');
is($dbh->state, '28000', 'SQL call without a tenant');
is($dbh->selectrow_array($FINGERPRINT), $end, 'the SQL calls stored nothing');
ok(alive($dbh, $pid), 'the backend is still alive');

# --- 1b. bytes that are not UTF-8, in a SQL_ASCII database ----------------
# In a UTF-8 database PostgreSQL refuses them before feedback sees them
# (22021); in a SQL_ASCII one only NUL is refused, and feedback's own UTF-8
# check must reject the rest as malformed JSON.

$node->safe_psql('postgres', q{CREATE DATABASE hostile_ascii ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0});
$node->safe_psql('hostile_ascii', q{
	CREATE EXTENSION feedback;
	SELECT feedback.create_organization('Hostile Org');
	BEGIN;
	SELECT feedback.set_org(1);
	SELECT feedback.create_source('{"name": "Hostile"}');
	COMMIT;
});
my $ascii = connect_db('hostile_ascii');
my $ascii_pid = $ascii->{pg_pid};
my ($ascii_before) = $ascii->selectrow_array($FINGERPRINT);
my $nbytes = 0;
for my $case (grep { $_->{sqlstate} eq '22021' } @cases)
{
	my $bytes = Corpus::body($corpus, $case);
	my $want = $bytes =~ /\x00/ ? '22021' : '22P02';
	my ($state, $message) = send_body($ascii, $case->{target}, $bytes, 'SQL_ASCII');
	is($state, $want, "SQL_ASCII database: $case->{file}") or diag("got $state: $message");
	$nbytes++;
}
ok(alive($ascii, $ascii_pid), "SQL_ASCII database: $nbytes bodies, the backend is still alive");
is($ascii->selectrow_array($FINGERPRINT), $ascii_before, 'SQL_ASCII database: nothing stored');
$ascii->disconnect;

# --- 2. mutation fuzzing of the example records ---------------------------

my $seed = $ENV{FEEDBACK_FUZZ_SEED} // 20250101;
my $count = $ENV{FEEDBACK_MUTATIONS} // 3000;
srand($seed);

my $json = JSON::PP->new->utf8->canonical;
my @bases;
for my $file (sort glob("$examples/*.record.json"))
{
	open my $fh, '<:raw', $file or die "$file: $!";
	local $/;
	push @bases, $json->decode(scalar <$fh>);
}
BAIL_OUT("no example records in $examples") unless @bases;

my @ALLOWED = qw(22P02 22023 23502 22001 22003 22007 P0002 23505);
my @POSTGRES = qw(22P05 54001 22021);    # PostgreSQL's own input checks
my %allowed = map { $_ => 1 } @ALLOWED, @POSTGRES;

my @BOUNDARY = qw(9223372036854775807 9223372036854775808 -9223372036854775808
  -9223372036854775809 18446744073709551615 18446744073709551616 1e309 -1e309
  1e-400 -0 0.0 -0.0 4.9e-324 2e-324 1.7976931348623157e308 1e19 1.5 1e2 0e999
  123456789012345678901234567890 253402300800 -62135596801 1736937912.0002);
my @TYPES = qw(string integer float boolean date datetime json);
my @CATEGORIES = qw(content created_at identifier identity metadata);

my $nraw = 0;
my %raw;

# A value that is put into the body as raw JSON text.
sub raw
{
	my ($text) = @_;
	my $key = '__RAW_' . $nraw++ . '__';
	$raw{$key} = $text;
	return $key;
}

sub pick { return $_[ int(rand(@_)) ] }

sub random_value
{
	my $r = rand;
	return pick(undef, JSON::PP::true, JSON::PP::false, 0, 1, -1, '', 'x', [], {}, [ [] ], { a => 1 },
		'2025-01-01', '2025-01-01T10:30:00Z', '2025-02-30', 'true', 'yes', '1', '1.5', 'NaN', 'Infinity',
		"caf\x{e9}", "\x{1F600}", "a\x{0}b", 'x' x 10241, pick(@TYPES), pick(@CATEGORIES))
	  if $r < 0.6;
	return raw(pick(@BOUNDARY)) if $r < 0.85;
	return raw('"' . pick('\\u0000', '\\ud800', '\\udc00x', '\\ud83d\\ude00', '\\u00e9', '\\/', '\\"') . '"');
}

# Every place in a structure a value sits: [container, key or index].
sub slots
{
	my ($v, $out) = @_;
	if (ref $v eq 'HASH')
	{
		for my $k (sort keys %$v)
		{
			push @$out, [ $v, $k ];
			slots($v->{$k}, $out);
		}
	}
	elsif (ref $v eq 'ARRAY')
	{
		for my $i (0 .. $#$v)
		{
			push @$out, [ $v, $i ];
			slots($v->[$i], $out);
		}
	}
	return $out;
}

sub slot_get { my ($c, $k) = @{ $_[0] }; return ref $c eq 'HASH' ? $c->{$k} : $c->[$k] }
sub slot_set { my ($c, $k) = @{ $_[0] }; if (ref $c eq 'HASH') { $c->{$k} = $_[1] } else { $c->[$k] = $_[1] } }

sub nest
{
	my ($v, $depth) = @_;
	my $open = rand() < 0.5;
	return $open ? ('[' x $depth) . 'null' . (']' x $depth) : ('{"a":' x $depth) . '1' . ('}' x $depth);
}

my %dup_keys;
my $ndup = 0;

# Structural mutations of a decoded body.
my @STRUCTURAL = (
	sub {    # type swap: any value becomes a random one
		my ($b) = @_;
		my $s = pick(@{ slots($b, []) });
		slot_set($s, random_value());
		return 'type swap';
	},
	sub {    # a boundary number anywhere
		my ($b) = @_;
		my $s = pick(@{ slots($b, []) });
		slot_set($s, raw(pick(@BOUNDARY)));
		return 'boundary number';
	},
	sub {    # a field's type or category becomes another valid one
		my ($b) = @_;
		my $fields = ref $b->{fields} eq 'ARRAY' ? $b->{fields} : return 'noop';
		my $e = pick(@$fields);
		return 'noop' unless ref $e eq 'HASH';
		if (rand() < 0.7) { $e->{type} = pick(@TYPES) } else { $e->{category} = pick(@CATEGORIES) }
		return 'retype';
	},
	sub {    # delete a member
		my ($b) = @_;
		my @hs = grep { ref $_->[0] eq 'HASH' } @{ slots($b, []) };
		return 'noop' unless @hs;
		my $s = pick(@hs);
		delete $s->[0]{ $s->[1] };
		return 'delete member';
	},
	sub {    # misspell a member
		my ($b) = @_;
		my @hs = grep { ref $_->[0] eq 'HASH' } @{ slots($b, []) };
		return 'noop' unless @hs;
		my $s = pick(@hs);
		my ($h, $k) = @$s;
		my $new = $k;
		my $r = int(rand(5));
		if ($r == 0) { $new = ucfirst $k }
		elsif ($r == 1) { substr($new, int(rand(length $new)), 1) = '' if length $new }
		elsif ($r == 2) { $new .= ' ' }
		elsif ($r == 3) { $new =~ s/_/-/ or $new .= '_' }
		else { $new = { fields => 'field', external_id => 'externalId', display_ts => 'display_time', person_id => 'personId',
				name => 'Name', value => 'values', type => 'tpye', category => 'categroy' }->{$k} // "x$k" }
		$h->{$new} = delete $h->{$k};
		return 'misspell member';
	},
	sub {    # add a member
		my ($b) = @_;
		my @hs = ($b, grep { ref eq 'HASH' } map { slot_get($_) } @{ slots($b, []) });
		my $h = pick(@hs);
		$h->{ pick(qw(person_id display_ts external_id source_id fields display_time extra name type value category)) } = random_value();
		return 'add member';
	},
	sub {    # duplicate a member (the same name twice in the text)
		my ($b) = @_;
		my @hs = grep { ref $_->[0] eq 'HASH' } @{ slots($b, []) };
		return 'noop' unless @hs;
		my $s = pick(@hs);
		my $key = '__DUPKEY_' . $ndup++ . '__';
		$dup_keys{$key} = $s->[1];
		$s->[0]{$key} = rand() < 0.5 ? slot_get($s) : random_value();
		return 'duplicate member';
	},
	sub {    # deep nesting
		my ($b) = @_;
		my $s = pick(@{ slots($b, []) });
		slot_set($s, raw(nest(undef, pick(250 .. 260, 300, 1000, 5000))));
		return 'deep nesting';
	},
	sub {    # duplicate a field entry, or many
		my ($b) = @_;
		my $fields = ref $b->{fields} eq 'ARRAY' ? $b->{fields} : return 'noop';
		return 'noop' unless @$fields;
		my $n = rand() < 0.8 ? 1 : pick(50, 95, 101, 500);
		my $e = pick(@$fields);
		for my $i (1 .. $n)
		{
			my $copy = $json->decode($json->encode([$e]))->[0];
			$copy->{name} .= "_$i" if ref $copy eq 'HASH' && defined $copy->{name} && !ref $copy->{name} && rand() < 0.9;
			push @$fields, $copy;
		}
		return 'duplicate entry';
	},
	sub {    # a long string
		my ($b) = @_;
		my $s = pick(@{ slots($b, []) });
		slot_set($s, pick('y' x 10240, 'y' x 10241, "\x{e9}" x 5121, 'z' x 300000));
		return 'long string';
	},
);

# Byte mutations of the encoded text.
my @BYTES = (
	sub {    # change a byte
		my ($t) = @_;
		return $t unless length $$t;
		my $p = int(rand(length $$t));
		substr($$t, $p, 1) = rand() < 0.2 ? chr(int(rand(256))) : pick(split //, '{}[]:,"\\ 0123456789-+.eEtfnul');
		return 'byte flip';
	},
	sub {    # truncate
		my ($t) = @_;
		$$t = substr($$t, 0, int(rand(length $$t)));
		return 'truncation';
	},
	sub {    # insert NUL, raw or escaped, preferably into a string
		my ($t) = @_;
		my @quotes;
		push @quotes, $-[0] + 1 while $$t =~ /"/g;
		my $p = @quotes ? pick(@quotes) : int(rand(length($$t) + 1));
		substr($$t, $p, 0) = rand() < 0.8 ? '\\u0000' : "\x00";
		return 'nul';
	},
	sub {    # delete a span
		my ($t) = @_;
		return $t unless length $$t;
		my $p = int(rand(length $$t));
		substr($$t, $p, 1 + int(rand(20))) = '';
		return 'delete span';
	},
	sub {    # repeat a span
		my ($t) = @_;
		return $t unless length $$t;
		my $p = int(rand(length $$t));
		my $l = 1 + int(rand(40));
		substr($$t, $p, 0) = substr($$t, $p, $l);
		return 'repeat span';
	},
);

my (%mut_outcomes, %by_kind, @unexpected, @stored, @mut_crashes);
my ($mut_before) = $dbh->selectrow_array($FINGERPRINT);
my $faildir = "$PostgreSQL::Test::Utils::tmp_check/mutations";
mkdir $faildir;
my (@bad_responses, %phase);
$phase{corpus} = time - $started;
my $mut_started = time;
for my $i (1 .. $count)
{
	my $body = $json->decode($json->encode(pick(@bases)));
	$body->{external_id} = "m-$i" if rand() < 0.7;
	%raw = ();
	%dup_keys = ();
	my @kinds;
	# mostly one structural change, which leaves the JSON well-formed
	my $r = rand;
	my ($nstruct, $nbytes) = $r < 0.45 ? (1, 0) : $r < 0.6 ? (2, 0) : $r < 0.85 ? (0, 1) : (1, 1 + int(rand(2)));
	push @kinds, pick(@STRUCTURAL)->($body) for 1 .. $nstruct;
	my $text = $json->encode($body);
	$text =~ s/"(__RAW_\d+__)"/$raw{$1}/g;
	$text =~ s/"(__DUPKEY_\d+__)"/'"' . $dup_keys{$1} . '"'/ge;
	push @kinds, pick(@BYTES)->(\$text) for 1 .. $nbytes;
	my $mode = pick(qw(error update ignore));

	my $sth = $dbh->prepare('SELECT feedback.ingest_record(3, ' . body_sql($text, 'UTF8') . ', $2) FROM feedback.set_org(1)');
	body_arg($sth, $text, 'UTF8');
	$sth->bind_param(2, $mode);
	my $state = $sth->execute ? '00000' : $dbh->state;
	my $message = $dbh->errstr // '';
	my ($response) = $state eq '00000' ? $sth->fetchrow_array : ();
	$sth->finish;
	if ($state eq '00000')
	{
		my ($same) = $dbh->selectrow_array($RESPONSE_CHECK, undef, $response);
		unless ($same)
		{
			push @bad_responses, $i;
			open my $fh, '>:raw', "$faildir/response-$i.json";
			print $fh $text;
			close $fh;
		}
	}

	unless (alive($dbh, $pid))
	{
		push @mut_crashes, $i;
		open my $fh, '>:raw', "$faildir/crash-$i.json";
		print $fh $text;
		close $fh;
		$node->poll_query_until('postgres', 'SELECT 1') or BAIL_OUT('the server did not come back');
		$dbh = connect_db('postgres');
		$pid = $dbh->{pg_pid};
		($mut_before) = $dbh->selectrow_array($FINGERPRINT);
		next;
	}
	$mut_outcomes{$state}++;
	$by_kind{$_}{$state eq '00000' ? 'ok' : 'error'}++ for @kinds;
	if ($state ne '00000' && !$allowed{$state})
	{
		push @unexpected, "$i $state $message";
		open my $fh, '>:raw', "$faildir/unexpected-$i.json";
		print $fh $text;
		close $fh;
	}
	my ($after) = $dbh->selectrow_array($FINGERPRINT);
	if ($state ne '00000' && $after ne $mut_before)
	{
		push @stored, "$i $state: $mut_before -> $after";
	}
	$mut_before = $after;
}

is(scalar @mut_crashes, 0, "mutations: no backend crashed (seed $seed)")
  or diag("crashing inputs in $faildir: @mut_crashes");
is(scalar @unexpected, 0, 'mutations: every error has a documented SQLSTATE')
  or diag(join("\n", 'inputs in ' . $faildir, @unexpected[ 0 .. ($#unexpected < 9 ? $#unexpected : 9) ]));
is(scalar @stored, 0, 'mutations: no failed call stored anything')
  or diag(join("\n", @stored[ 0 .. ($#stored < 9 ? $#stored : 9) ]));
ok(alive($dbh, $pid), 'mutations: the backend is still alive');
is(scalar @bad_responses, 0, 'mutations: every response is the stored record')
  or diag("inputs in $faildir: @bad_responses[0 .. ($#bad_responses < 9 ? $#bad_responses : 9)]");
$phase{mutations} = time - $mut_started;
cmp_ok($mut_outcomes{'00000'} // 0, '>', $count / 10, 'mutations: at least a tenth of the bodies are still accepted');

# What was accepted is whole and consistent with the registry.
is($dbh->selectrow_array(q{
	SELECT count(*) FROM feedback.records r, jsonb_each(r.fields) e(k, v)
	WHERE NOT EXISTS (SELECT 1 FROM feedback.source_fields f
	                  WHERE f.org_id = r.org_id AND f.source_id = r.source_id AND f.name = e.k)}),
	0, 'every stored field is registered in its source');
is($dbh->selectrow_array(q{
	SELECT count(*) FROM feedback.records r, jsonb_each(r.fields) e(k, v)
	JOIN feedback.source_fields f ON f.name = e.k
	WHERE f.org_id = r.org_id AND f.source_id = r.source_id AND jsonb_typeof(e.v) <> 'null'
	  AND NOT CASE f.type::text
		WHEN 'string' THEN jsonb_typeof(e.v) = 'string'
		WHEN 'integer' THEN jsonb_typeof(e.v) = 'number' AND e.v::text ~ '^-?[0-9]+$'
		WHEN 'float' THEN jsonb_typeof(e.v) = 'number'
		WHEN 'boolean' THEN jsonb_typeof(e.v) = 'boolean'
		WHEN 'date' THEN jsonb_typeof(e.v) = 'string' AND e.v #>> '{}' ~ '^\d{4}-\d{2}-\d{2}$'
		WHEN 'datetime' THEN jsonb_typeof(e.v) = 'string'
		     AND e.v #>> '{}' ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$'
		ELSE true END}),
	0, 'every stored value has the canonical form of its registered type');
is($dbh->selectrow_array(q{
	SELECT count(*) FROM feedback.records
	WHERE NOT (fields <> '{}' AND (SELECT count(*) FROM jsonb_object_keys(fields)) <= 100
	           AND (SELECT bool_and(k ~ '^[a-z][a-z0-9_]{0,62}$') FROM jsonb_object_keys(fields) k))}),
	0, 'every stored record has 1 to 100 fields with valid names');

diag(sprintf('mutations: %d bodies (seed %d), outcomes: %s', $count, $seed,
	join(', ', map { "$_ $mut_outcomes{$_}" } sort keys %mut_outcomes)));
diag('  by mutation (accepted/rejected): '
	  . join(', ', map { sprintf('%s %d/%d', $_, $by_kind{$_}{ok} // 0, $by_kind{$_}{error} // 0) } sort keys %by_kind));
my @others = grep { !{ map { $_ => 1 } '00000', @ALLOWED }->{$_} } sort keys %mut_outcomes;
diag("  SQLSTATEs from PostgreSQL's own input checks: @others") if @others;

$dbh->disconnect;

# No backend died anywhere: the server log would say so.
my $log = slurp_file($node->logfile);
unlike($log, qr/terminated by signal|server process .* was terminated|PANIC/,
	'the server log shows no crashed backend');
diag(sprintf('020_hostile_input: %.1f s (corpus and set-up %.1f s, mutations %.1f s)',
	time - $started, $phase{corpus}, $phase{mutations}));

$node->stop;
done_testing();
