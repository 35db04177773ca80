# Input a client controls never makes the API answer 5xx: error messages that
# quote the client's text stay well-formed PGRST errors (else PostgREST says
# PGRST121, 500), and JSON values nested as deep as the body parser allows
# (256 levels for the whole body) are stored intact.  The deepest case runs
# last: it once took the whole cluster down.
use strict;
use warnings;
use utf8;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use FeedbackContract;

my $node = start_node('hostile');
my $api = replay($node);
my $acme = new_org($node, 'Acme', 100000);
my $key = $acme->{key};
my $source = rpc($api, 'create_source', $key, { name => 'Tickets' })->{json}{id};
my %src = ('X-Feedback-Source-Id' => $source);

sub field { { name => $_[0], category => $_[1], type => $_[2], value => $_[3] } }

# ---------------------------------------------------------------------------
note 'The client\'s text inside error messages';

my $weird = qq{we"ird\\\n\t\x{1}é😀};
my $r = rpc($api, 'ingest_record', $key, { $weird => 1, fields => [ field('a', 'content', 'string', 'x') ] }, %src);
status_is($r, 400, 'an unknown member with quotes, backslash, control characters, non-ASCII: 400');
is($r->{json}{code}, '22023', '... a well-formed PGRST error, not PGRST121');
ok(index($r->{json}{message}, $weird) == 0, '... the message starts with the member\'s name, intact');

$r = rpc($api, 'ingest_record', $key, { fields => [ field($weird, 'content', 'string', 'x') ] }, %src);
status_is($r, 400, 'such a field name: 400');
like($r->{json}{message}, qr/^fields\[0\]\.name: /, '... with its path');

$r = rpc($api, 'ingest_record', $key, { fields => [ field('n', 'metadata', 'integer', $weird) ] }, %src);
status_is($r, 400, 'such an integer value: 400');
is($r->{json}{code}, '22023', '... 22023');

$r = rpc($api, 'ingest_record', $key, { fields => [ field('a', 'content', 'string', 'x') ] },
	'X-Feedback-Source-Id' => qq{1"\\2\t});
status_is($r, 400, 'a source id header with quotes and a tab: 400');
is($r->{json}{code}, '22023', '... 22023');

$r = rpc($api, 'put_person', $key, { email => $weird, boundary => $weird });
status_is($r, 400, 'such an e-mail address and boundary: 400');
like($r->{json}{details}, qr/^boundary: /m, '... both problems in the details');

my $ext = ('"\\' x 40) . ('é' x 30) . ('😀' x 30);
$r = rpc($api, 'ingest_record', $key, { external_id => $ext, fields => [ field('a', 'content', 'string', 'x') ] }, %src);
status_is($r, 201, 'an external_id with quotes, backslashes and multi-byte characters: 201');
is($r->{json}{external_id}, $ext, '... stored intact');
$r = rpc($api, 'ingest_record', $key, { external_id => $ext, fields => [ field('a', 'content', 'string', 'x') ] }, %src);
status_is($r, 409, '... again: 409, its (shortened) text quoted in the message');
is($r->{json}{code}, '23505', '... a well-formed PGRST error');

$r = rpc($api, 'create_source', $key, { name => $weird });
ok($r->{status} == 201 || $r->{status} == 400, 'a source name with control characters: 201 or 400')
	or diag $r->{body};

# ---------------------------------------------------------------------------
note 'JSON values nested deep (the body may nest 256 levels)';

sub nested
{
	my ($kind, $depth) = @_;
	my $v = 1;
	$v = $kind eq 'object' ? { a => $v } : [$v] for 1 .. $depth;
	return $v;
}

# The same JSON value (deep structures: compared as canonical text).
sub same_json
{
	my ($got, $expected, $name) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	my $canon = JSON::PP->new->canonical->allow_nonref->max_depth(100_000);
	my ($g, $e) = map { $canon->encode($_) } $got, $expected;
	my $at = 0;
	$at++ while $at < length($g) && $at < length($e) && substr($g, $at, 1) eq substr($e, $at, 1);
	return ok($g eq $e, $name) || diag("differs at character $at: got ...", substr($g, $at, 60),
		"... expected ...", substr($e, $at, 60), '...');
}

my $n = 0;
for my $case ([ 'array', 60 ], [ 'object', 40 ], ([ 'object', 60 ]) x 5, [ 'object', 100 ], [ 'array', 200 ],
	[ 'object', 150 ], [ 'object', 200 ], [ 'object', 250 ])
{
	my ($kind, $depth) = @$case;
	my $value = nested($kind, $depth);
	$n++;
	$r = rpc($api, 'ingest_record', $key, { external_id => "deep-$n", fields => [ field('doc', 'metadata', 'json', $value) ] }, %src);
	status_is($r, 201, "a json field: $kind nested $depth deep: 201");
	same_json($r->{json}{fields}[0]{value}, $value, '... the response holds the value intact');
	$r = get($api, "/records?external_id=eq.deep-$n", $key);
	same_json(rows($r)->[0]{fields}{doc}, $value, '... and so does the stored record');
}
$r = rpc($api, 'ingest_record', $key, { external_id => 'deeper', fields => [ field('doc', 'metadata', 'json', nested('array', 300)) ] }, %src);
status_is($r, 400, 'a body nested deeper than 256 levels: 400');

stop_node($node);
done_testing();
