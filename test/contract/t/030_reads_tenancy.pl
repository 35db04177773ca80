# GET through PostgREST on the feedback_api views, with PostgREST's filters
# and keyset pagination, and tenant isolation through the API: tenant B's key
# neither reads nor writes tenant A's rows (empty arrays, 404).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use FeedbackContract;

my $node = start_node('reads');
my $api = replay($node);
my $acme = new_org($node, 'Acme', 100000);
my $beta = new_org($node, 'Beta', 100000);

sub created
{
	my ($r, $what) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	ok($r->{status} == 201 || $r->{status} == 200, "setup: $what") or diag $r->{body};
	return $r->{json};
}

sub field { { name => $_[0], category => $_[1], type => $_[2], value => $_[3] } }

# Tenant A: two sources, two people, 12 ticket records and 3 NPS answers.
my $tickets = created(rpc($api, 'create_source', $acme->{key}, { name => 'Tickets' }), 'A: Tickets')->{id};
my $nps = created(rpc($api, 'create_source', $acme->{key}, { name => 'NPS', type => 'survey' }), 'A: NPS')->{id};
my $john = created(rpc($api, 'put_person', $acme->{key}, example('person.john.json')), 'A: John');
my $ann = created(rpc($api, 'put_person', $acme->{key}, { email => 'ann@acme.test', company => { name => 'Acme' } }), 'A: Ann');
my (%a_record, @a_ids);
for my $i (1 .. 12)
{
	my $rec = created(rpc($api, 'ingest_record', $acme->{key}, {
		external_id => "t-$i",
		person_id => ($i % 2 ? $john->{id} : $ann->{id}),
		display_ts => sprintf('2025-01-%02dT00:00:00Z', $i),
		fields => [ field('body', 'content', 'string', "ticket $i"),
			field('priority', 'metadata', 'string', $i % 3 ? 'low' : 'high') ] },
		'X-Feedback-Source-Id' => $tickets), "A: ticket $i");
	$a_record{"t-$i"} = $rec->{id};
	push @a_ids, $rec->{id};
}
for my $i (1 .. 3)
{
	my $rec = created(rpc($api, 'ingest_record', $acme->{key}, {
		external_id => "n-$i", person_id => $john->{id}, display_ts => "2025-02-0${i}T12:00:00Z",
		fields => [ field('nps_score', 'metadata', 'integer', 6 + $i), field('priority', 'metadata', 'string', 'high') ] },
		'X-Feedback-Source-Id' => $nps), "A: NPS $i");
	$a_record{"n-$i"} = $rec->{id};
	push @a_ids, $rec->{id};
}

# Tenant B: a source of the same name, a person with the same address, 2 records.
my $b_tickets = created(rpc($api, 'create_source', $beta->{key}, { name => 'Tickets' }), 'B: a source named like A\'s');
my $b_john = created(rpc($api, 'put_person', $beta->{key}, example('person.john.json')), 'B: the same e-mail address as A\'s John');
isnt($b_john->{id}, $john->{id}, 'B\'s John is not A\'s');
my @b_ids;
for my $i (1 .. 2)
{
	push @b_ids, created(rpc($api, 'ingest_record', $beta->{key}, {
		external_id => "t-$i", person_id => $b_john->{id},
		fields => [ field('priority', 'metadata', 'string', 'high') ] },
		'X-Feedback-Source-Id' => $b_tickets->{id}), "B: record $i (same external_id as A's)")->{id};
}

sub ext_ids { [ map { $_->{external_id} } @{ rows($_[0]) } ] }
sub ids { [ map { $_->{id} } @{ rows($_[0]) } ] }

# ---------------------------------------------------------------------------
note 'GET /records: filters';

my $r = get($api, "/records?source_id=eq.$tickets&order=id", $acme->{key});
status_is($r, 200, 'GET /records: 200');
is_deeply(ext_ids($r), [ map { "t-$_" } 1 .. 12 ], 'source_id=eq: the source\'s records, in id order');
is($r->header('Content-Range'), '0-11/*', 'Content-Range');
is_deeply([ sort keys %{ rows($r)->[0] } ],
	[qw(created_at display_ts external_id fields id person_id source_id updated_at)], 'a record\'s columns');
is_deeply(rows($r)->[0]{fields}, { body => 'ticket 1', priority => 'low' }, 'fields: name to value');
is(rows($r)->[0]{display_ts}, '2025-01-01T00:00:00+00:00', 'display_ts in UTC');

$r = get($api, "/records?source_id=eq.$tickets&display_ts=gte.2025-01-03T00:00:00Z&display_ts=lt.2025-01-06T00:00:00Z&order=id", $acme->{key});
is_deeply(ext_ids($r), [qw(t-3 t-4 t-5)], 'display_ts range (gte, lt)');
$r = get($api, '/records?display_ts=gt.2025-01-11T00:00:00Z&display_ts=lte.2025-02-02T00:00:00%2B01:00&order=id', $acme->{key});
is_deeply(ext_ids($r), [qw(t-12 n-1)], 'display_ts range (gt, lte, an offset)');
$r = get($api, "/records?person_id=eq.$ann->{id}&order=id", $acme->{key});
is_deeply(ext_ids($r), [qw(t-2 t-4 t-6 t-8 t-10 t-12)], 'person_id=eq');
$r = get($api, '/records?fields->>priority=eq.high&order=id', $acme->{key});
is_deeply(ext_ids($r), [qw(t-3 t-6 t-9 t-12 n-1 n-2 n-3)], 'fields->>priority=eq.high');
$r = get($api, "/records?fields->>priority=eq.high&source_id=eq.$tickets&person_id=eq.$john->{id}&order=id", $acme->{key});
is_deeply(ext_ids($r), [qw(t-3 t-9)], 'three filters together');
$r = get($api, '/records?fields->>nps_score=eq.8', $acme->{key});
is_deeply(ext_ids($r), ['n-2'], 'fields->>key compares the text of a number');
$r = get($api, '/records?external_id=eq.t-7', $acme->{key});
is_deeply(ids($r), [ $a_record{'t-7'} ], 'external_id=eq');
$r = get($api, '/records?order=display_ts.desc&limit=2', $acme->{key});
is_deeply(ext_ids($r), [qw(n-3 n-2)], 'order=display_ts.desc, limit');
$r = get($api, '/records?source_id=eq.999999', $acme->{key});
is_deeply($r->{json}, [], 'no match: []');
is($r->header('Content-Range'), '*/*', 'no match: Content-Range */*');

# ---------------------------------------------------------------------------
note 'GET /records: keyset pagination (order=id, id=gt.N, limit)';

my (@seen, @sizes);
my $last = 0;
for (1 .. 10)
{
	$r = get($api, "/records?order=id&id=gt.$last&limit=4", $acme->{key});
	status_is($r, 200, "page after id $last") or last;
	push @sizes, scalar @{ rows($r) };
	last unless @{ rows($r) };
	push @seen, @{ ids($r) };
	$last = $seen[-1];
}
is_deeply(\@sizes, [ 4, 4, 4, 3, 0 ], 'pages of 4, 4, 4, 3, then an empty one');
is_deeply(\@seen, [ sort { $a <=> $b } @a_ids ], 'every record of the tenant once, in id order');
$r = get($api, "/records?order=id&limit=4&offset=4", $acme->{key});
is_deeply(ids($r), [ @seen[ 4 .. 7 ] ], 'limit and offset agree with the keyset pages');
is($r->header('Content-Range'), '4-7/*', 'Content-Range of an offset page');

# ---------------------------------------------------------------------------
note 'GET /feedback-sources, /people, /companies';

$r = get($api, '/feedback-sources?order=id', $acme->{key});
status_is($r, 200, 'GET /feedback-sources: 200');
is_deeply([ map { "$_->{name}/$_->{type}" } @{ rows($r) } ], [qw(Tickets/api NPS/survey)], 'the tenant\'s sources');
is_deeply([ sort keys %{ rows($r)->[0] } ], [qw(created_at id name type updated_at)], 'a source\'s columns');
$r = get($api, '/feedback-sources?name=eq.NPS', $acme->{key});
is_deeply(ids($r), [$nps], 'name=eq');
$r = get($api, "/feedback-sources?id=gt.$tickets", $acme->{key});
is_deeply(ids($r), [$nps], 'id=gt');

$r = get($api, '/people?order=id', $acme->{key});
status_is($r, 200, 'GET /people: 200');
is_deeply([ map { $_->{email} } @{ rows($r) } ], [qw(john@example.com ann@acme.test)], 'the tenant\'s people');
is_deeply([ sort keys %{ rows($r)->[0] } ],
	[qw(boundary company_id created_at email first_name id last_name updated_at)], 'a person\'s columns');
$r = get($api, '/people?email=eq.john@example.com', $acme->{key});
is_deeply(ids($r), [ $john->{id} ], 'email=eq');
is(rows($r)->[0]{company_id}, $john->{company_id}, 'company_id');

$r = get($api, '/companies?order=id', $acme->{key});
status_is($r, 200, 'GET /companies: 200');
is_deeply([ map { $_->{name} } @{ rows($r) } ], [ 'Example Corp', 'Acme' ], 'the tenant\'s companies');
is_deeply([ sort keys %{ rows($r)->[0] } ], [qw(created_at domain id name updated_at)], 'a company\'s columns');
$r = get($api, '/companies?domain=eq.example.com', $acme->{key});
is_deeply(ids($r), [ $john->{company_id} ], 'domain=eq');

$r = get($api, '/sources', $acme->{key});
is("$r->{status} " . (error_body($r)->{code} // ''), '404 PGRST205', 'an unknown view: 404 (PostgREST\'s schema cache)');
$r = get($api, '/records?nope=eq.1', $acme->{key});
status_is($r, 400, 'a filter on an unknown column: 400');

# ---------------------------------------------------------------------------
note 'Tenant B cannot read tenant A';

$r = get($api, '/records?order=id', $beta->{key});
is_deeply(ids($r), \@b_ids, 'GET /records with B\'s key: B\'s records only');
$r = get($api, "/records?source_id=eq.$tickets", $beta->{key});
is_deeply($r->{json}, [], 'A\'s source id as a filter: []');
$r = get($api, "/records?id=eq.$a_record{'t-1'}", $beta->{key});
is_deeply($r->{json}, [], 'A\'s record id: []');
$r = get($api, "/records?person_id=eq.$john->{id}", $beta->{key});
is_deeply($r->{json}, [], 'A\'s person id: []');
$r = get($api, '/records?external_id=eq.t-3', $beta->{key});
is_deeply($r->{json}, [], 'A\'s external id: []');
$r = get($api, '/records?fields->>priority=eq.high&order=id', $beta->{key});
is_deeply(ids($r), \@b_ids, 'a field filter: B\'s records only');
$r = get($api, '/feedback-sources', $beta->{key});
is_deeply(ids($r), [ $b_tickets->{id} ], 'GET /feedback-sources: B\'s source only');
$r = get($api, '/people', $beta->{key});
is_deeply(ids($r), [ $b_john->{id} ], 'GET /people: B\'s person only');
$r = get($api, "/people?id=eq.$ann->{id}", $beta->{key});
is_deeply($r->{json}, [], 'A\'s person by id: []');
$r = get($api, '/companies', $beta->{key});
is_deeply(ids($r), [ $b_john->{company_id} ], 'GET /companies: B\'s company only');
isnt($b_john->{company_id}, $john->{company_id}, 'B\'s company is not A\'s');

# ---------------------------------------------------------------------------
note 'Tenant B cannot write tenant A';

my $attempt = { external_id => 'x-1', fields => [ field('priority', 'metadata', 'string', 'high') ] };
$r = rpc($api, 'ingest_record', $beta->{key}, $attempt, 'X-Feedback-Source-Id' => $tickets);
status_is($r, 404, 'B ingests into A\'s source (header): 404');
my $other_tenant = $r->{json}{message};
$r = rpc($api, 'ingest_record', $beta->{key}, $attempt, 'X-Feedback-Source-Id' => 999999);
my $unknown = $r->{json}{message};
is($other_tenant =~ s/\b$tickets\b/N/r, $unknown =~ s/999999/N/r,
	'another tenant\'s source reads exactly like one that does not exist');
$r = rpc($api, 'ingest_record', $beta->{key}, { %$attempt, source_id => $nps });
status_is($r, 404, 'B ingests into A\'s source (body): 404');
$r = rpc($api, 'ingest_record', $beta->{key}, { %$attempt, external_id => 't-1' },
	'X-Feedback-Source-Id' => $tickets, Prefer => 'resolution=merge-duplicates');
status_is($r, 404, 'B updates A\'s record by its external id (merge-duplicates): 404');
$r = rpc($api, 'ingest_record', $beta->{key}, { %$attempt, person_id => $john->{id} },
	'X-Feedback-Source-Id' => $b_tickets->{id});
status_is($r, 404, 'B links its record to A\'s person: 404');
like($r->{json}{message}, qr/person/, '... person not found');
$r = rpc($api, 'put_person', $beta->{key}, { email => 'ann@acme.test', first_name => 'Mallory' });
status_is($r, 201, 'B puts A\'s person\'s e-mail address: a new person of B (201)');
isnt($r->{json}{id}, $ann->{id}, '... not A\'s person');
$r = rpc($api, 'create_source', $beta->{key}, { name => 'NPS' });
status_is($r, 201, 'B creates a source named like A\'s: 201 (names are unique per tenant)');

$r = get($api, '/records?order=id', $acme->{key});
is_deeply(ids($r), [ sort { $a <=> $b } @a_ids ], 'A\'s records are all there, and only they');
is_deeply(rows($r)->[0]{fields}, { body => 'ticket 1', priority => 'low' }, 'A\'s record is unchanged');
$r = get($api, "/people?id=eq.$ann->{id}", $acme->{key});
is(rows($r)->[0]{first_name}, undef, 'A\'s person is unchanged');
is($node->safe_psql('postgres', "SELECT count(*) FROM feedback.records WHERE org_id = $acme->{org}"), scalar @a_ids,
	'no record was added to A');

stop_node($node);
done_testing();
