# Authentication and rate limits through PostgREST: feedback_api.pre_request
# reads X-Api-Key, answers 401 (with WWW-Authenticate) for a missing, wrong,
# malformed or revoked key, and 429 with Retry-After over the key's limit; for
# the writes (READ WRITE) and for GET, which PostgREST runs READ ONLY.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(time);
use FeedbackContract;

my $node = start_node('auth');
my $api = replay($node);
my $acme = new_org($node, 'Acme', 100000);

my $r = rpc($api, 'create_source', $acme->{key}, { name => 'Tickets' });
status_is($r, 201, 'a valid key: 201');
my $source = $r->{json}{id};

# ---------------------------------------------------------------------------
note '401: missing, wrong, malformed, revoked key';

my $revoked = new_org($node, 'Revoked Inc');
$node->safe_psql('postgres', "SELECT feedback.revoke_api_key($revoked->{key_id})");
my %keys = (
	'no X-Api-Key header' => undef,
	'an empty key' => '',
	'a wrong key' => 'fbk_' . ('0' x 64),
	'a malformed key' => 'hello',
	'a revoked key' => $revoked->{key},
);
my %messages;
for my $what (sort keys %keys)
{
	my %extra;
	for my $call (
		[ 'POST /rpc/create_source', sub { rpc($api, 'create_source', $keys{$what}, { name => "x $what" }, %extra) } ],
		[ 'POST /rpc/put_person', sub { rpc($api, 'put_person', $keys{$what}, { email => 'a@example.com' }, %extra) } ],
		[ 'POST /rpc/ingest_record', sub { rpc($api, 'ingest_record', $keys{$what},
			{ fields => [ { name => 'b', category => 'content', type => 'string', value => 'x' } ] },
			'X-Feedback-Source-Id' => $source, %extra) } ],
		[ 'GET /records', sub { get($api, '/records', $keys{$what}, %extra) } ],
		[ 'GET /feedback-sources', sub { get($api, '/feedback-sources', $keys{$what}, %extra) } ])
	{
		my ($name, $send) = @$call;
		$r = $send->();
		status_is($r, 401, "$name with $what: 401");
		like($r->header('WWW-Authenticate') // '', qr/\S/, "$name with $what: WWW-Authenticate");
		is(error_body($r)->{code}, '28000', "$name with $what: code 28000");
		push @{ $messages{ error_body($r)->{message} // '' } }, "$name with $what" if defined $keys{$what};
	}
}
is(scalar keys %messages, 1, 'an unknown, revoked or malformed key: always the same message')
	or diag explain { map { $_ => scalar @{ $messages{$_} } . ' of them, e.g. ' . $messages{$_}[0] } keys %messages };
is($node->safe_psql('postgres', q{SELECT count(*) FROM feedback.sources WHERE name LIKE 'x %'}), '0',
	'nothing was created without a valid key');
is($node->safe_psql('postgres', q{SELECT count(*) FROM feedback.people}), '0', 'no person either');

# A backend serves one request after another: a valid key's tenant must not
# outlive its request.
$r = get($api, '/feedback-sources', $acme->{key});
is(scalar @{ $r->{json} }, 1, 'a GET with the key sees the source');
$r = get($api, '/feedback-sources', undef);
status_is($r, 401, 'the next request on the same connection, without a key: 401');
$r = rpc($api, 'create_source', $acme->{key}, { name => 'Tickets 2' });
$r = rpc($api, 'create_source', undef, { name => 'Tickets 3' });
status_is($r, 401, 'a write after a write, without a key: 401');

# ---------------------------------------------------------------------------
note '429: over the key limit, with Retry-After';

sub over_limit
{
	my ($what, $send) = @_;
	my $limited = new_org($node, "Limited $what", 3);
	my @status = map { $send->($limited)->{status} } 1 .. 3;
	is(scalar(grep { $_ >= 200 && $_ < 300 } @status), 3, "$what: the key's 3 requests a minute pass")
		or diag explain \@status;
	my $r = $send->($limited);
	status_is($r, 429, "$what: the 4th is refused with 429");
	like($r->header('Retry-After') // '', qr/^[1-9][0-9]*$/, "$what: Retry-After in whole seconds");
	cmp_ok($r->header('Retry-After') // 0, '<=', 20, "$what: Retry-After at most 60/3 seconds");
	is(error_body($r)->{code}, '53400', "$what: code 53400");
	my $again = $send->($limited);
	status_is($again, 429, "$what: and the 5th");
	my $other = $send->($acme);
	ok($other->{status} >= 200 && $other->{status} < 300, "$what: another key is not limited")
		or diag $other->{body};
	return $limited;
}

my $writer = over_limit('POST /rpc/put_person',
	sub { rpc($api, 'put_person', $_[0]{key}, { email => 'same@example.com' }) });
$r = rpc($api, 'put_person', $writer->{key}, { email => 'other@example.com' });
status_is($r, 429, 'a refused write stores nothing (429)');
is($node->safe_psql('postgres', "SELECT count(*) FROM feedback.people WHERE org_id = $writer->{org}"), '1',
	'the three accepted upserts made one person; the refused one nothing');
over_limit('GET /records (READ ONLY)', sub { get($api, '/records', $_[0]{key}) });
my $n = 0;
over_limit('GET and POST alternating', sub {
	$n++ % 2 ? get($api, '/people', $_[0]{key}) : rpc($api, 'put_person', $_[0]{key}, { email => 'm@example.com' });
});

# GET is READ ONLY: the proof is in what was sent.
get($api, '/records', $acme->{key});
is($api->{last_statements}[0][0], 'BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY', 'GET runs READ ONLY');
is($api->{last_statements}[2][0], 'select "feedback_api"."pre_request"()', 'GET runs the pre-request function');

# The limit default: feedback.rate_limit_per_minute (100).  A request every
# 0.6 s is earned back, so the first refusal may come a little later than the
# 101st request if the 100 took longer than that.
my $default = new_org($node, 'Default limit');
my $t0 = time;
my @status = map { get($api, '/people', $default->{key})->{status} } 1 .. 100;
is(scalar(grep { $_ == 200 } @status), 100, 'a key without its own limit: 100 requests at once pass');
my $extra = 0;
$extra++ while ($r = get($api, '/people', $default->{key}))->{status} == 200 && $extra < 100;
my $elapsed = time - $t0;
status_is($r, 429, '... then one is refused');
cmp_ok($extra, '<=', int($elapsed / 0.6) + 1, "... after at most one more per 0.6 s ($extra in ${elapsed}s)");
is($r->header('Retry-After'), '1', '... Retry-After: 1 (a request every 0.6 s)');

stop_node($node);
done_testing();
