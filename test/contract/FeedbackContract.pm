# FeedbackContract: what every contract test of feedback's HTTP API needs.
#
#   my $node = start_node('writes');          # cluster, extension, roles
#   my $api  = replay($node);                  # PostgREST as deploy/postgrest.conf says
#   my $a    = new_org($node, 'Acme', 1000);   # {org, key, key_id}
#   my $res  = rpc($api, 'create_source', $a->{key}, {name => 'Tickets'});
#   status_is($res, 201, 'created');
package FeedbackContract;

use strict;
use warnings;
use Exporter 'import';
use PostgreSQL::Test::Cluster;
use Test::More;
use JSON::PP;
use PostgRESTReplay;

our @EXPORT = qw(start_node replay new_org rpc get status_is rows error_body example slurp stop_node);

sub slurp
{
	my ($file) = @_;
	open my $fh, '<', $file or die "$file: $!";
	local $/;
	return scalar <$fh>;
}

# An example body of examples/, decoded.
sub example { JSON::PP->new->utf8->decode(slurp("examples/$_[0]")) }

# A started cluster with the extension and PostgREST's login role: created
# here as PostgREST needs it (LOGIN NOINHERIT, granted the anon role), then
# deploy/postgrest-roles.sql, which must leave it that way.
sub start_node
{
	my ($name) = @_;
	my $node = PostgreSQL::Test::Cluster->new($name);
	$node->init;
	$node->start;
	$node->safe_psql('postgres', 'CREATE EXTENSION feedback');
	$node->safe_psql('postgres', 'CREATE ROLE authenticator LOGIN NOINHERIT; GRANT feedback_api TO authenticator');
	$node->safe_psql('postgres', slurp('deploy/postgrest-roles.sql'));
	return $node;
}

# Stop the node, as a test: a server that crashed fails this test instead of
# PostgreSQL::Test::Cluster bailing out of the whole run at teardown.
sub stop_node
{
	my ($node) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	ok($node->stop('fast', fail_ok => 1), 'the server is still up at the end (no backend crashed)');
}

sub dsn
{
	my ($node) = @_;
	return 'dbi:Pg:dbname=postgres;host=' . $node->host . ';port=' . $node->port;
}

# PostgREST as deploy/postgrest.conf configures it, connected to $node.
sub replay
{
	my ($node) = @_;
	return PostgRESTReplay->from_config(dsn($node), 'deploy/postgrest.conf');
}

# A new organization with an API key; $limit sets the key's rate limit.
sub new_org
{
	my ($node, $name, $limit) = @_;
	my $org = $node->safe_psql('postgres', "SELECT feedback.create_organization('$name')");
	my $key = $node->safe_psql('postgres', "SELECT feedback.create_api_key($org, 'contract tests')");
	my $key_id = $node->safe_psql('postgres', "SELECT max(id) FROM feedback.api_keys WHERE org_id = $org");
	$node->safe_psql('postgres', "UPDATE feedback.api_keys SET rate_limit_per_minute = $limit WHERE id = $key_id")
		if defined $limit;
	return { org => $org, key => $key, key_id => $key_id };
}

# POST /rpc/$fn with the key (undef: no X-Api-Key header) and more headers.
sub rpc
{
	my ($api, $fn, $key, $body, %headers) = @_;
	$headers{'X-Api-Key'} = $key if defined $key;
	return $api->request('POST', "/rpc/$fn", \%headers, $body);
}

# GET $target with the key.
sub get
{
	my ($api, $target, $key, %headers) = @_;
	$headers{'X-Api-Key'} = $key if defined $key;
	return $api->request('GET', $target, \%headers);
}

# The rows of a GET's response: its JSON array, or [] (and the body shown)
# when it is something else, so that a wrong answer fails a test, not the file.
sub rows
{
	my ($res) = @_;
	return $res->{json} if ref $res->{json} eq 'ARRAY';
	diag("expected an array of rows: $res->{status} " . ($res->{body} // '(none)'));
	return [];
}

# The error body {code, message, details, hint} of a response, or {} when
# the body is something else (e.g. the rows of a GET that should have failed).
sub error_body
{
	my ($res) = @_;
	return ref $res->{json} eq 'HASH' ? $res->{json} : {};
}

# The status is $status; on failure, show the response.
sub status_is
{
	my ($res, $status, $name) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	my $ok = is($res->{status}, $status, $name);
	diag("body: " . ($res->{body} // '(none)')) unless $ok;
	return $ok;
}

1;
