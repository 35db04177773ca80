# The write calls through PostgREST (POST /rpc/create_source, put_person,
# ingest_record): the quick start, the source id from the header or the body,
# both Prefer resolutions, and every 400, 404 and 409 of API-REFERENCE.md.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use FeedbackContract;

my $node = start_node('writes');
my $api = replay($node);
my $acme = new_org($node, 'Acme', 100000);
my $key = $acme->{key};
my $iso = qr/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/;

# ---------------------------------------------------------------------------
note 'Quick start: a source, a person (created, then updated), a record';

my $r = rpc($api, 'create_source', $key, example('source.support-tickets.json'));
status_is($r, 201, 'create_source: 201');
is($r->header('Content-Type'), 'application/json; charset=utf-8', 'create_source: JSON');
is_deeply([ sort keys %{ $r->{json} } ], [qw(created_at id name type)], 'source: {id, name, type, created_at}');
is($r->{json}{name}, 'Customer Support Tickets', 'source: name');
is($r->{json}{type}, 'api', 'source: type');
like($r->{json}{id}, qr/^[0-9]+$/, 'source: integer id');
like($r->{json}{created_at}, $iso, 'source: created_at in UTC ISO 8601');
my $source = $r->{json}{id};

$r = rpc($api, 'put_person', $key, example('person.john.json'));
status_is($r, 201, 'put_person, a new e-mail address: 201');
my $person = $r->{json};
is($person->{email}, 'john@example.com', 'person: email');
is("$person->{first_name} $person->{last_name} $person->{boundary}", 'John Doe external', 'person: names and boundary');
like($person->{company_id}, qr/^[0-9]+$/, 'person: the company was created');
like($person->{id}, qr/^[0-9]+$/, 'person: integer id');

$r = rpc($api, 'put_person', $key, { email => ' John@Example.com ', first_name => 'Johnny' });
status_is($r, 200, 'put_person, a known e-mail address: 200');
is($r->{json}{id}, $person->{id}, 'the same person (e-mail trimmed and case-folded)');
is($r->{json}{first_name}, 'Johnny', 'the update is applied');
is("$r->{json}{last_name} $r->{json}{company_id}", "Doe $person->{company_id}", 'absent members keep their values');

my $ticket = example('support-ticket.record.json');
$r = rpc($api, 'ingest_record', $key, { %$ticket, person_id => $person->{id} },
	'X-Feedback-Source-Id' => $source);
status_is($r, 201, 'ingest_record: 201');
my $record = $r->{json};
is($record->{source_id}, $source, 'record: the source of the header');
is($record->{person_id}, $person->{id}, 'record: person_id');
is($record->{external_id}, 'zendesk-48213', 'record: external_id');
is($record->{display_ts}, '2025-01-01T10:30:00Z', 'record: display_ts');
ok($record->{created}, 'record: created is true');
is_deeply([ map { $_->{name} } @{ $record->{fields} } ],
	[qw(channel is_escalated opened_at priority tags ticket_body ticket_number ticket_subject)],
	'record: the eight fields, in name order');
my %value = map { $_->{name} => $_->{value} } @{ $record->{fields} };
is($value{ticket_number}, 48213, 'record: integer value');
is_deeply($value{tags}, [ 'export', 'performance' ], 'record: json value');
ok($value{is_escalated} && JSON::PP::is_bool($value{is_escalated}), 'record: boolean value');
is($value{opened_at}, '2025-01-01T10:30:00Z', 'record: datetime value');
is_deeply({ map { $_->{name} => "$_->{category}/$_->{type}" } @{ $record->{fields} } }, {
	channel => 'metadata/string', is_escalated => 'metadata/boolean', opened_at => 'created_at/datetime',
	priority => 'metadata/string', tags => 'metadata/json', ticket_body => 'content/string',
	ticket_number => 'identifier/integer', ticket_subject => 'content/string' }, 'record: categories and types');
like($record->{created_at}, $iso, 'record: created_at');

# ---------------------------------------------------------------------------
note 'The source id: header, body, both';

my $nps = rpc($api, 'create_source', $key, example('source.nps-survey.json'))->{json}{id};
$r = rpc($api, 'ingest_record', $key, { %{ example('nps-survey.record.json') }, source_id => $nps });
status_is($r, 201, 'source_id member of the body: 201');
is($r->{json}{source_id}, $nps, '... into that source');
$r = rpc($api, 'ingest_record', $key, { source_id => $nps, external_id => 'both-same',
	fields => [ { name => 'comment', category => 'content', type => 'string', value => 'x' } ] },
	'X-Feedback-Source-Id' => $nps);
status_is($r, 201, 'header and body naming the same source: 201');
$r = rpc($api, 'ingest_record', $key, { source_id => $nps,
	fields => [ { name => 'comment', category => 'content', type => 'string', value => 'x' } ] },
	'X-Feedback-Source-Id' => $source);
status_is($r, 400, 'header and body naming different sources: 400');
$r = rpc($api, 'ingest_record', $key, { fields => [ { name => 'comment', category => 'content', type => 'string', value => 'x' } ] });
status_is($r, 400, 'no source id at all: 400');
is($r->{json}{code}, '23502', '... a missing required member (23502)');
like($r->{json}{message}, qr/source_id/, '... that names source_id');
$r = rpc($api, 'ingest_record', $key, { fields => [ { name => 'comment', category => 'content', type => 'string', value => 'x' } ] },
	'X-Feedback-Source-Id' => 'abc');
status_is($r, 400, 'a source id header that is not an integer: 400');

# ---------------------------------------------------------------------------
note 'Prefer: resolution=merge-duplicates | ignore-duplicates';

my $first = { external_id => 'dup-1', person_id => $person->{id}, display_ts => '2025-03-01T00:00:00Z',
	fields => [ { name => 'ticket_body', category => 'content', type => 'string', value => 'first' } ] };
my $second = { external_id => 'dup-1', display_ts => '2025-03-02T00:00:00Z',
	fields => [ { name => 'ticket_body', category => 'content', type => 'string', value => 'second' } ] };
$r = rpc($api, 'ingest_record', $key, $first, 'X-Feedback-Source-Id' => $source);
status_is($r, 201, 'a new external_id: 201');
my $dup_id = $r->{json}{id};

$r = rpc($api, 'ingest_record', $key, $second, 'X-Feedback-Source-Id' => $source);
status_is($r, 409, 'the same external_id again: 409');
is($r->{json}{code}, '23505', '409: code 23505');
like($r->{json}{message}, qr/external_id.*dup-1/, '409: the message names the external_id');
like($r->{json}{details}, qr/\b$dup_id\b/, '409: the detail names the existing record');

$r = rpc($api, 'ingest_record', $key, $second, 'X-Feedback-Source-Id' => $source,
	Prefer => 'resolution=ignore-duplicates');
status_is($r, 200, 'ignore-duplicates: 200');
is($r->{json}{id}, $dup_id, 'ignore-duplicates: the existing record');
ok(!$r->{json}{created}, 'ignore-duplicates: created is false');
is($r->{json}{fields}[0]{value}, 'first', 'ignore-duplicates: unchanged');
is($r->{json}{display_ts}, '2025-03-01T00:00:00Z', 'ignore-duplicates: display_ts unchanged');

$r = rpc($api, 'ingest_record', $key, $second, 'X-Feedback-Source-Id' => $source,
	Prefer => 'return=representation, resolution=merge-duplicates');
status_is($r, 200, 'merge-duplicates: 200');
is($r->{json}{id}, $dup_id, 'merge-duplicates: the same record');
ok(!$r->{json}{created}, 'merge-duplicates: created is false');
is($r->{json}{fields}[0]{value}, 'second', 'merge-duplicates: fields replaced');
is($r->{json}{display_ts}, '2025-03-02T00:00:00Z', 'merge-duplicates: display_ts replaced');
is($r->{json}{person_id}, undef, 'merge-duplicates: person_id replaced (absent: none)');

$r = get($api, "/records?id=eq.$dup_id", $key);
is(rows($r)->[0]{fields}{ticket_body}, 'second', 'the update is stored');
$r = rpc($api, 'ingest_record', $key, $first, 'X-Feedback-Source-Id' => $source,
	Prefer => 'resolution=ignore-duplicates');
is($r->{json}{fields}[0]{value}, 'second', 'ignore-duplicates after the update: still the update');
is($node->safe_psql('postgres', q{SELECT count(*) FROM feedback.records WHERE external_id = 'dup-1'}), '1',
	'one record for the external_id');

# ---------------------------------------------------------------------------
note '400: malformed JSON, invalid members and values, missing members';

for my $fn (qw(create_source put_person ingest_record))
{
	$r = rpc($api, $fn, $key, '{"name": "Broken", ', 'X-Feedback-Source-Id' => $source);
	status_is($r, 400, "$fn, malformed JSON: 400");
	is($r->{json}{code}, 'PGRST102', "$fn, malformed JSON: PostgREST refuses it (PGRST102)");
}
is($node->safe_psql('postgres', q{SELECT count(*) FROM feedback.sources WHERE name = 'Broken'}), '0',
	'nothing of a malformed body is stored');

$r = rpc($api, 'ingest_record', $key, {
	display_time => '2025-01-01', fields => [
		{ category => 'content', type => 'string', name => 'Ticket Body', value => 'x' },
		{ category => 'metadata', type => 'integer', name => 'priority_level', value => 'high' } ] },
	'X-Feedback-Source-Id' => $source);
status_is($r, 400, 'unknown member and bad values: 400');
is($r->{json}{code}, '22023', '... 22023');
like($r->{json}{message}, qr/^display_time: .*display_time.*\(and 2 more problems\)$/,
	'... the message starts with the path of the first problem');
like($r->{json}{details}, qr/^fields\[0\]\.name: .*Ticket Body/m, '... the details name fields[0].name');
like($r->{json}{details}, qr/^fields\[1\]\.value: .*priority_level.*high/m, '... and fields[1].value');
like($r->{json}{hint}, qr/fields/, '... the hint lists the members');

$r = rpc($api, 'ingest_record', $key, { fields => [
	{ category => 'metadata', type => 'integer', name => 'priority_level', value => 'high' } ] },
	'X-Feedback-Source-Id' => $source);
status_is($r, 400, 'a value of the wrong type: 400');
like($r->{json}{message}, qr/^fields\[0\]\.value: .*priority_level/, '... with the field path in the message');

$r = rpc($api, 'ingest_record', $key, { fields => [
	{ category => 'identifier', type => 'string', name => 'ticket_number', value => 'x' } ] },
	'X-Feedback-Source-Id' => $source);
status_is($r, 400, 'a type that disagrees with the source registry: 400');
like($r->{json}{message}, qr/^fields\[0\]\.type: /, '... fields[0].type');

for my $case (
	[ 'date', '2025-02-30', '22007', 'an impossible date' ],
	[ 'datetime', 'yesterday', '22007', 'an unparseable datetime' ],
	[ 'integer', '99999999999999999999', '22003', 'an integer out of range' ],
	[ 'string', 'x' x 10241, '22001', 'a value larger than 10 KB' ])
{
	my ($type, $value, $state, $what) = @$case;
	$r = rpc($api, 'ingest_record', $key, { fields => [
		{ category => 'metadata', type => $type, name => "f_$type", value => $value } ] },
		'X-Feedback-Source-Id' => $source);
	status_is($r, 400, "$what: 400");
	is($r->{json}{code}, $state, "$what: $state");
	like($r->{json}{message}, qr/^fields\[0\]\.value: .*f_$type/, "$what: the path and the field");
}

for my $case (
	[ 'ingest_record', {}, qr/fields/ ],
	[ 'ingest_record', { external_id => 'x' }, qr/fields/ ],
	[ 'ingest_record', '', qr/fields/ ],
	[ 'create_source', { type => 'api' }, qr/name/ ],
	[ 'put_person', { first_name => 'Ann' }, qr/email/ ])
{
	my ($fn, $body, $names) = @$case;
	my $shown = ref $body ? JSON::PP->new->canonical->encode($body) : "''";
	$r = rpc($api, $fn, $key, $body, 'X-Feedback-Source-Id' => $source);
	status_is($r, 400, "$fn $shown, a missing member: 400");
	is($r->{json}{code}, '23502', "$fn $shown: 23502");
	like($r->{json}{message}, $names, "$fn $shown: the message names the member");
}

for my $case ([ 'create_source', '[]' ], [ 'put_person', '42' ], [ 'ingest_record', '"text"' ],
	[ 'ingest_record', '[{"fields": []}]' ])
{
	my ($fn, $body) = @$case;
	$r = rpc($api, $fn, $key, $body, 'X-Feedback-Source-Id' => $source);
	status_is($r, 400, "$fn with the body $body: 400");
}

$r = rpc($api, 'create_source', $key, { name => 'x', colour => 'red' });
status_is($r, 400, 'create_source with an unknown member: 400');
like($r->{json}{message}, qr/colour/, '... named in the message');
$r = rpc($api, 'put_person', $key, { email => 'ann@example.com', boundary => 'outer' });
status_is($r, 400, 'put_person with a bad boundary: 400');
like($r->{json}{message}, qr/boundary/, '... named in the message');

# ---------------------------------------------------------------------------
note '404: unknown source or person';

$r = rpc($api, 'ingest_record', $key, $first, 'X-Feedback-Source-Id' => '999999');
status_is($r, 404, 'an unknown source (header): 404');
is($r->{json}{code}, 'P0002', '... P0002 in the body');
like($r->{json}{message}, qr/999999/, '... the message names the id');
$r = rpc($api, 'ingest_record', $key, { %$first, external_id => 'u-2', source_id => 999999 });
status_is($r, 404, 'an unknown source (body): 404');
$r = rpc($api, 'ingest_record', $key, { %$first, external_id => 'u-3', person_id => 999999 },
	'X-Feedback-Source-Id' => $source);
status_is($r, 404, 'an unknown person: 404');
like($r->{json}{message}, qr/person/, '... the message says person');
is($node->safe_psql('postgres', q{SELECT count(*) FROM feedback.records WHERE external_id IN ('u-2', 'u-3')}), '0',
	'nothing stored');

# ---------------------------------------------------------------------------
note '409: duplicate source name';

$r = rpc($api, 'create_source', $key, { name => 'customer support TICKETS' });
status_is($r, 409, 'a source name taken (ignoring case): 409');
is($r->{json}{code}, '23505', '... 23505');

stop_node($node);
done_testing();
