# PostgRESTReplay: answer an HTTP request the way PostgREST would, by sending
# a real PostgreSQL exactly the statements PostgREST sends for it and mapping
# the outcome to an HTTP status, headers and body the way PostgREST does.
#
# PostgREST is not installable on our machines; /work/shared/POSTGREST-FACTS.md
# (read from PostgREST's source, v12.2 to v13.0) is what this module follows.
# Only what the feedback API uses is replayed: POST /rpc/<fn> to a function
# with one unnamed json or jsonb parameter that returns a scalar, and GET on a
# table or view with horizontal filters, order, limit and offset.  Anything
# else dies ("not replayed"), so a test can never pass by accident on a
# request this module would answer differently from PostgREST.
#
#   my $api = PostgRESTReplay->new(dsn => $dsn, user => 'authenticator',
#       schema => 'feedback_api', anon_role => 'feedback_api',
#       pre_request => 'feedback_api.pre_request', max_rows => 1000);
#   or PostgRESTReplay->from_config($dsn, 'deploy/postgrest.conf');
#   my $res = $api->request('POST', '/rpc/create_source',
#       { 'X-Api-Key' => $key }, '{"name": "Tickets"}');
#   $res->{status}; $res->header('Retry-After'); $res->{body}; $res->{json};
#
# One request is one transaction on one connection (PostgREST's pool has many;
# a request never sees another's transaction, so one connection is faithful):
#   1. BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE | READ ONLY
#   2. select set_config('search_path', $1, true), set_config('role', $2, true),
#      ... request.jwt.claims, request.method, request.path, request.headers,
#      request.cookies  (values bound as parameters of type unknown)
#   3. select "schema"."pre_request"()
#   4. the main query (below), its values bound as parameters
#   5. COMMIT, or ROLLBACK on error; 40001 and 40P01 are retried.
# $api->{last_statements} holds what the last request sent: [[sql, @params], ...].
package PostgRESTReplay;

use strict;
use warnings;
use Carp qw(croak);
use DBI;
use DBD::Pg qw(:pg_types);
use JSON::PP;
use B ();

# aeson, PostgREST's parser, has no nesting limit; JSON::PP's default is 512.
our $JSON = JSON::PP->new->utf8->canonical->allow_nonref->max_depth(100_000);

sub new
{
	my ($class, %o) = @_;
	croak 'dsn is required' unless $o{dsn};
	my $self = bless {
		dsn               => $o{dsn},
		user              => $o{user} // 'authenticator',
		password          => $o{password} // '',
		schema            => $o{schema} // 'feedback_api',
		extra_search_path => $o{extra_search_path} // ['public'],
		anon_role         => $o{anon_role} // $o{schema} // 'feedback_api',
		pre_request       => $o{pre_request},
		max_rows          => $o{max_rows},    # db-max-rows
		max_attempts      => $o{max_attempts} // 10,
		last_statements   => [],
	}, $class;
	$self->connect;
	return $self;
}

# The settings of a postgrest.conf that shape what PostgREST sends.
sub read_config
{
	my ($file) = @_;
	open my $fh, '<', $file or croak "$file: $!";
	my %conf;
	while (<$fh>)
	{
		next if /^\s*(#|$)/;
		/^\s*([a-z0-9-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|(\S+))\s*(#.*)?$/
			or croak "$file:$.: cannot parse: $_";
		$conf{$1} = $2 // $3;
	}
	return \%conf;
}

sub from_config
{
	my ($class, $dsn, $file, %o) = @_;
	my $conf = read_config($file);
	my @schemas = split /\s*,\s*/, $conf->{'db-schemas'} // 'public';
	my $user = $conf->{'db-uri'} =~ m{^postgres(?:ql)?://([^:@/]+)} ? $1 : undef;
	return $class->new(
		dsn               => $dsn,
		user              => $user,
		schema            => $schemas[0],
		anon_role         => $conf->{'db-anon-role'},
		pre_request       => $conf->{'db-pre-request'},
		max_rows          => $conf->{'db-max-rows'},
		extra_search_path => [ split /\s*,\s*/, $conf->{'db-extra-search-path'} // 'public' ],
		%o);
}

sub connect
{
	my ($self) = @_;
	$self->{dbh}->disconnect if $self->{dbh};
	$self->{dbh} = DBI->connect($self->{dsn}, $self->{user}, $self->{password}, {
		AutoCommit                => 1,    # we send BEGIN and COMMIT ourselves
		RaiseError                => 0,
		PrintError                => 0,
		PrintWarn                 => 0,
		pg_enable_utf8            => 0,    # bytes in, bytes out
		pg_server_prepare         => 1,
		pg_placeholder_dollaronly => 1,
	}) or croak "cannot connect as $self->{user}: $DBI::errstr";
	return $self->{dbh};
}

sub dbh { $_[0]{dbh} }

# PostgREST reads the catalog at start-up and on NOTIFY pgrst; so do we.
sub reload_schema_cache { $_[0]{schema_cache} = undef }

# ---------------------------------------------------------------------------
# Identifiers, URL decoding

sub ident
{
	my ($name) = @_;
	$name =~ s/"/""/g;
	return qq{"$name"};
}

sub qualified
{
	my ($qi) = @_;
	my ($schema, $name) = $qi =~ /^([^.]+)\.(.+)$/ ? ($1, $2) : (undef, $qi);
	return (defined $schema ? ident($schema) . '.' : '') . ident($name);
}

sub utf8_bytes
{
	my ($s) = @_;
	utf8::encode($s) if defined $s && utf8::is_utf8($s);
	return $s;
}

sub url_decode
{
	my ($s, $plus) = @_;
	$s =~ tr/+/ / if $plus;
	$s =~ s/%([0-9A-Fa-f]{2})/chr(hex $1)/ge;
	return $s;
}

# ---------------------------------------------------------------------------
# Schema cache: relations and functions of the exposed schema

sub schema_cache
{
	my ($self) = @_;
	return $self->{schema_cache} if $self->{schema_cache};
	my $dbh = $self->{dbh};
	my %rel;
	my $rows = $dbh->selectall_arrayref(q{
		SELECT c.relname, c.relkind FROM pg_catalog.pg_class c
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'f', 'p')},
		undef, $self->{schema}) or croak $dbh->errstr;
	$rel{ $_->[0] } = $_->[1] for @$rows;
	my %fn;
	$rows = $dbh->selectall_arrayref(q{
		SELECT p.proname, p.pronargs,
		       pg_catalog.array_to_string(p.proargtypes::regtype[], ','),
		       coalesce(pg_catalog.array_to_string(p.proargnames, ','), ''),
		       p.provolatile, p.proretset, p.prorettype::regtype::text,
		       t.typtype
		FROM pg_catalog.pg_proc p
		JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
		JOIN pg_catalog.pg_type t ON t.oid = p.prorettype
		WHERE n.nspname = $1 AND p.prokind = 'f'},
		undef, $self->{schema}) or croak $dbh->errstr;
	for my $r (@$rows)
	{
		my ($name, $nargs, $types, $names, $vol, $retset, $rettype, $typtype) = @$r;
		push @{ $fn{$name} }, {
			nargs => $nargs, types => [ split /,/, $types ], names => [ split /,/, $names, -1 ],
			volatile => $vol eq 'v', retset => $retset, rettype => $rettype,
			scalar => ($typtype ne 'c' && $rettype ne 'record' && $rettype ne 'void'),
		};
	}
	return $self->{schema_cache} = { rel => \%rel, fn => \%fn };
}

# ---------------------------------------------------------------------------
# Responses

package PostgRESTReplay::Response;

sub header
{
	my ($self, $name) = @_;
	return $self->{headers}{ lc $name };
}

package PostgRESTReplay;

sub response
{
	my ($self, $status, $headers, $body) = @_;
	my %h;
	$h{ lc $_->[0] } = $_->[1] for @$headers;
	my $json = eval { length($body // '') ? $JSON->decode($body) : undef };
	return bless { status => $status, headers => \%h, body => $body, json => $json },
		'PostgRESTReplay::Response';
}

use constant CONTENT_TYPE => [ 'Content-Type', 'application/json; charset=utf-8' ];

# An error PostgREST raises itself (ApiRequestError, SchemaCacheError).
sub pgrst_error
{
	my ($self, $status, $code, $message, $details, $hint, $headers) = @_;
	my $body = $JSON->encode({ code => $code, message => $message,
		details => $details, hint => $hint });
	return $self->response($status, [ CONTENT_TYPE, @{ $headers // [] } ], $body);
}

# SQLSTATE to HTTP status: PostgREST's Error.hs, mapSQLtoHTTP (v12.2-v13),
# for an anonymous request (no JWT: "authed" is false).
sub sqlstate_status
{
	my ($state, $message, $authed) = @_;
	$message //= '';
	for ($state)
	{
		return 503 if /^08/;
		return 500 if /^09/;
		return 403 if /^0[LP]/;
		return 409 if $_ eq '23503' || $_ eq '23505';
		return 405 if $_ eq '25006';
		return ($message =~ /requires a WHERE clause$/ ? 400 : 500) if $_ eq '21000';
		return (($message =~ /^role/ && $message =~ /does not exist$/) ? 401 : 400)
			if $_ eq '22023';
		return 500 if /^25/;
		return 403 if /^28/;
		return 500 if /^(2D|38|39|3B|40)/;
		return 500 if $_ eq '53400';
		return 503 if /^53/;
		return 500 if /^5[45]/;
		return 503 if $_ eq '57P01';
		return 500 if /^5[78]/ || /^F0/ || /^HV/;
		return 400 if $_ eq 'P0001';
		return 500 if /^P0/ || /^XX/;
		return ($message =~ /^function xmlagg\(/ ? 406 : 404) if $_ eq '42883';
		return 404 if $_ eq '42P01';
		return 500 if $_ eq '42P17';
		return ($authed ? 403 : 401) if $_ eq '42501';
		if (/^PT(.*)$/)
		{
			my $n = $1;
			return ($n =~ /^[0-9]+$/ && $n >= 100 && $n <= 999) ? $n + 0 : 500;
		}
	}
	return 400;
}

# RAISE SQLSTATE 'PGRST': MESSAGE is {code, message, details?, hint?} with
# string values, DETAIL is {status, headers, status_text?} (headers: string
# values).  Anything else is PGRST121.  Returns (message, detail) or an error.
# A decoded JSON value's JSON type, told apart by the flags JSON::PP leaves
# (a string is POK only, a number IOK or NOK): aeson is strict about them.
sub json_is_string
{
	my ($v) = @_;
	return 0 if !defined $v || ref $v;
	my $f = B::svref_2object(\$v)->FLAGS;
	return ($f & B::SVp_POK) && !($f & (B::SVp_IOK | B::SVp_NOK)) ? 1 : 0;
}

sub json_is_integer
{
	my ($v) = @_;
	return 0 if !defined $v || ref $v;
	my $f = B::svref_2object(\$v)->FLAGS;
	return 0 if ($f & B::SVp_POK) || !($f & (B::SVp_IOK | B::SVp_NOK));
	return $v == int($v) ? 1 : 0;
}

sub parse_raise_pgrst
{
	my ($m, $d) = @_;
	my $msg = eval { $JSON->decode($m) };
	my $optstr = sub { my ($o, $k) = @_; !defined $o->{$k} || json_is_string($o->{$k}) };
	unless (ref $msg eq 'HASH' && json_is_string($msg->{code}) && json_is_string($msg->{message})
		&& $optstr->($msg, 'details') && $optstr->($msg, 'hint'))
	{
		return (undef, undef, [ "Invalid JSON value for MESSAGE: '$m'",
			"MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'." ]);
	}
	my $dhint = "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.";
	return (undef, undef, [ 'DETAIL is missing in the RAISE statement', $dhint ]) unless defined $d;
	my $det = eval { $JSON->decode($d) };
	unless (ref $det eq 'HASH' && json_is_integer($det->{status})
		&& ref $det->{headers} eq 'HASH' && !grep({ !json_is_string($_) } values %{ $det->{headers} })
		&& $optstr->($det, 'status_text'))
	{
		return (undef, undef, [ "Invalid JSON value for DETAIL: '$d'", $dhint ]);
	}
	return ($msg, $det, undef);
}

# The HTTP response PostgREST gives for a PostgreSQL error.
sub db_error_response
{
	my ($self, $err) = @_;
	my ($state, $m, $d, $h) = @{$err}{qw(state message detail hint)};
	return $self->pgrst_error(503, 'PGRST000', 'Database connection error. Retrying the connection.', $m)
		if $err->{connection};
	return $self->pgrst_error(503, 'PGRST001', 'Database client error. Retrying the connection.', $m)
		if $err->{client};
	if ($state eq 'PGRST')
	{
		my ($msg, $det, $bad) = parse_raise_pgrst($m, $d);
		return $self->pgrst_error(500, 'PGRST121',
			q{Could not parse JSON in the "RAISE SQLSTATE 'PGRST'" error}, @$bad) if $bad;
		my @headers = map { [ $_, $det->{headers}{$_} ] } sort keys %{ $det->{headers} };
		return $self->pgrst_error($det->{status}, $msg->{code}, $msg->{message},
			$msg->{details}, $msg->{hint}, \@headers);
	}
	my $status = sqlstate_status($state, $m, 0);
	my @headers = $status == 401 ? ([ 'WWW-Authenticate', 'Bearer' ]) : ();
	return $self->pgrst_error($status, $state, $m, $d, $h, \@headers);
}

# ---------------------------------------------------------------------------
# Running one request's transaction

sub exec_stmt
{
	my ($self, $sql, @params) = @_;
	my $dbh = $self->{dbh};
	push @{ $self->{last_statements} }, [ $sql, @params ];
	my $sth = $dbh->prepare($sql);
	if ($sth)
	{
		# Every value PostgREST binds is of type unknown (hasql's HE.unknown),
		# so PostgreSQL infers it from the context, e.g. $1::json.
		for my $i (0 .. $#params)
		{
			$sth->bind_param($i + 1, $params[$i], { pg_type => PG_UNKNOWN });
		}
		if (defined $sth->execute)
		{
			my $row = $sth->{NUM_OF_FIELDS} ? $sth->fetchrow_hashref : undef;
			$sth->finish;
			return ($row, undef);
		}
	}
	# No SQLSTATE from the server: the connection failed (hasql's ClientError).
	return (undef, { client => 1, state => '', message => $dbh->errstr // 'connection lost' })
		unless defined $dbh->pg_error_field('state');
	my %err = (
		state   => $dbh->state,
		message => $dbh->pg_error_field('primary'),
		detail  => $dbh->pg_error_field('detail'),
		hint    => $dbh->pg_error_field('hint'),
		errstr  => $dbh->errstr,
	);
	$err{message} //= $err{errstr};
	return (undef, \%err);
}

# Runs BEGIN, settings, pre-request, main query, COMMIT; returns the main
# query's row or the error, retrying serialization failures and deadlocks.
sub run_transaction
{
	my ($self, $read_only, $settings, $main_sql, $main_params) = @_;
	my ($row, $err);
	for my $attempt (1 .. $self->{max_attempts})
	{
		$self->{attempts} = $attempt;
		($row, $err) = $self->try_transaction($read_only, $settings, $main_sql, $main_params);
		last unless $err && ($err->{state} eq '40001' || $err->{state} eq '40P01');
		last if $err->{client};
	}
	return ($row, $err);
}

sub try_transaction
{
	my ($self, $read_only, $settings, $main_sql, $main_params) = @_;
	my $dbh = $self->{dbh};
	my ($row, $err);
	# A connection that died (say, the server restarted) is replaced, as
	# PostgREST's pool does; none to be had is PGRST000 (503).
	unless ($dbh->ping)
	{
		$dbh = eval { $self->connect } or return (undef, { client => 1, connection => 1,
			state => '', message => "$@" });
	}
	(undef, $err) = $self->exec_stmt('BEGIN ISOLATION LEVEL READ COMMITTED '
		. ($read_only ? 'READ ONLY' : 'READ WRITE'));
	return (undef, $err) if $err;
	my $n = 0;
	my $set = 'select ' . join(', ', map { $n++; "set_config('$_->[0]', \$$n, true)" } @$settings);
	(undef, $err) = $self->exec_stmt($set, map { $_->[1] } @$settings);
	(undef, $err) = $self->exec_stmt('select ' . qualified($self->{pre_request}) . '()')
		if !$err && $self->{pre_request};
	($row, $err) = $self->exec_stmt($main_sql, @$main_params) unless $err;
	if ($err)
	{
		local $dbh->{RaiseError} = 0;
		$self->exec_stmt('ROLLBACK');
		return (undef, $err);
	}
	(undef, $err) = $self->exec_stmt('COMMIT');
	return $err ? (undef, $err) : ($row, undef);
}

# ---------------------------------------------------------------------------
# The request

sub request
{
	my ($self, $method, $target, $headers, $body) = @_;
	$self->{last_statements} = [];
	$self->{attempts} = 0;
	my ($path, $query) = split /\?/, $target, 2;
	$query //= '';

	# Request headers as PostgREST passes them: names lower-cased, no Cookie.
	# Bodies and header values travel as UTF-8 bytes.
	$body = ref $body ? $JSON->encode($body) : utf8_bytes($body);
	my %h = (host => 'localhost:3000', 'user-agent' => 'postgrest-replay/1', accept => '*/*');
	if (defined $body)
	{
		$h{'content-type'} = 'application/json';
		$h{'content-length'} = length $body;
	}
	$h{ lc $_ } = $headers->{$_} for keys %{ $headers // {} };
	delete $h{$_} for grep { !defined $h{$_} } keys %h;
	for (values %h)
	{
		$_ = "$_";    # header values are strings, even 42
		utf8::decode($_) unless utf8::is_utf8($_);    # UTF-8 bytes are text (for JSON)
	}
	my $cookies = {};
	if (defined(my $c = delete $h{cookie}))
	{
		for (split /;\s*/, $c) { my ($k, $v) = split /=/, $_, 2; $cookies->{$k} = $v // '' }
	}

	croak 'not replayed: Authorization (JWT)' if exists $h{authorization};
	my @segments = map { url_decode($_, 0) } grep { length } split m{/}, $path;
	$self->schema_cache;    # PostgREST reads it at start-up
	my @settings = (
		[ 'search_path', join(', ', map { ident($_) } $self->{schema}, @{ $self->{extra_search_path} }) ],
		[ 'role', $self->{anon_role} ],
		[ 'request.jwt.claims', $JSON->encode({ role => $self->{anon_role} }) ],
		[ 'request.method', $method ],
		[ 'request.path', $path ],
		[ 'request.headers', $JSON->encode(\%h) ],
		[ 'request.cookies', $JSON->encode($cookies) ],
	);

	if (@segments == 2 && $segments[0] eq 'rpc')
	{
		croak "not replayed: $method on RPC" unless $method eq 'POST';
		croak 'not replayed: query parameters on a POST to RPC' if length $query;
		return $self->call_rpc($segments[1], \%h, $body, \@settings);
	}
	if (@segments == 1)
	{
		croak "not replayed: $method on a relation" unless $method eq 'GET' || $method eq 'HEAD';
		return $self->read_relation($segments[0], $query, $method, \@settings);
	}
	return $self->pgrst_error(404, 'PGRST125', 'Invalid path specified in request URL');
}

sub call_rpc
{
	my ($self, $fn, $h, $body, $settings) = @_;
	my $schema = $self->{schema};
	my $ct = $h->{'content-type'} // 'application/json';
	croak "not replayed: Content-Type $ct" unless $ct =~ m{^application/json\b};

	# The payload is parsed before any database work: invalid JSON is
	# PGRST102; an empty body is {}; a scalar becomes [].
	$body = '{}' if !defined $body || !length $body;
	my $value = eval { $JSON->decode($body) };
	return $self->pgrst_error(400, 'PGRST102', 'Empty or invalid json') if $@;
	my @keys;
	if (ref $value eq 'HASH')
	{
		@keys = sort keys %$value;
	}
	elsif (ref $value eq 'ARRAY')
	{
		if (@$value)
		{
			my $keyset = sub { ref $_[0] eq 'HASH' ? join("\0", sort keys %{ $_[0] }) : undef };
			my $first = $keyset->($value->[0]);
			return $self->pgrst_error(400, 'PGRST102', 'All object keys must match')
				if !defined $first || grep { !defined $keyset->($_) || $keyset->($_) ne $first } @$value;
			@keys = sort keys %{ $value->[0] };
		}
	}
	else
	{
		$body = '[]';
	}

	# Function resolution: a named-parameter overload matching the body's keys
	# wins; else the single unnamed json/jsonb parameter; else PGRST202.
	my @candidates = @{ $self->schema_cache->{fn}{$fn} // [] };
	my %keyset = map { $_ => 1 } @keys;
	for my $c (@candidates)
	{
		next unless $c->{nargs} && @{ $c->{names} } && grep { length } @{ $c->{names} };
		croak "not replayed: named-parameter call of $schema.$fn"
			if !grep { !$keyset{$_} } @{ $c->{names} };
	}
	my ($proc) = grep {
		$_->{nargs} == 1 && ($_->{types}[0] eq 'json' || $_->{types}[0] eq 'jsonb')
			&& !grep { length } @{ $_->{names} }
	} @candidates;
	unless ($proc)
	{
		my $prms = @keys ? ' with parameter' . (@keys > 1 ? 's ' : ' ') . join(', ', @keys)
			: ' without parameters';
		return $self->pgrst_error(404, 'PGRST202',
			"Could not find the function $schema.$fn" . (@keys ? '(' . join(', ', @keys) . ')' : ' without parameters')
			. ' in the schema cache',
			"Searched for the function $schema.$fn$prms or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.",
			undef);
	}
	croak "not replayed: $schema.$fn returns $proc->{rettype}" if $proc->{retset} || !$proc->{scalar};

	my $call = qualified("$schema.$fn") . '($1::' . $proc->{types}[0] . ')';
	my $sql = "WITH pgrst_source AS (SELECT pgrst_call.pgrst_scalar FROM (SELECT $call pgrst_scalar) pgrst_call) "
		. 'SELECT null::bigint AS total_result_set, 1 AS page_total, '
		. "coalesce(json_agg(_postgrest_t.pgrst_scalar)->0, 'null') AS body, "
		. "nullif(current_setting('response.headers', true), '') AS response_headers, "
		. "nullif(current_setting('response.status', true), '') AS response_status "
		. 'FROM (SELECT * FROM pgrst_source) _postgrest_t';
	my ($row, $err) = $self->run_transaction(!$proc->{volatile}, $settings, $sql, [$body]);
	return $self->db_error_response($err) if $err;
	return $self->success($row, [ [ 'Content-Range', '0-0/*' ], CONTENT_TYPE ]);
}

# Status and headers of a successful response, overridden by the GUCs.
sub success
{
	my ($self, $row, $headers, $no_body) = @_;
	my $status = 200;
	if (defined(my $s = $row->{response_status}))
	{
		return $self->pgrst_error(500, 'PGRST112', 'response.status guc must be a valid status code')
			unless $s =~ /^([0-9]+)/;
		$status = $1 + 0;
	}
	if (defined(my $g = $row->{response_headers}))
	{
		my $list = eval { $JSON->decode($g) };
		my $ok = ref $list eq 'ARRAY' && !grep {
			!(ref $_ eq 'HASH' && keys %$_ == 1 && json_is_string((values %$_)[0]))
		} @$list;
		return $self->pgrst_error(500, 'PGRST111',
			'response.headers guc must be a JSON array composed of objects with a single key and a string value')
			unless $ok;
		my @guc = map { [ %$_ ] } @$list;
		my %new = map { lc $_->[0] => 1 } @guc;
		$headers = [ (grep { !$new{ lc $_->[0] } } @$headers), @guc ];
	}
	return $self->response($status, $headers, $no_body ? '' : $row->{body});
}

# GET on a table or view: horizontal filters, order, limit, offset.
sub read_relation
{
	my ($self, $rel, $query, $method, $settings) = @_;
	my $schema = $self->{schema};
	my $cache = $self->schema_cache;
	unless (exists $cache->{rel}{$rel})
	{
		return $self->pgrst_error(404, 'PGRST205',
			"Could not find the table '$schema.$rel' in the schema cache");
	}
	my $qi = qualified("$schema.$rel");
	my (@where, @order, @params, $limit, $offset);
	my $param = sub { push @params, $_[0]; '$' . scalar @params };
	my $field = sub {
		# col, col->key, col->>key, col->a->>b: JSON keys are bind parameters.
		my ($spec) = @_;
		my ($col, @path) = split /(->>?)/, $spec;
		return if !length($col // '') || @path % 2;
		my $sql = "$qi." . ident($col);
		while (my ($arrow, $key) = splice @path, 0, 2)
		{
			return unless length $key;
			$sql .= $arrow . ($key =~ /^-?[0-9]+$/ ? $param->($key) . '::int' : $param->($key));
		}
		return $sql;
	};
	my $qp_error = sub {
		$self->pgrst_error(400, 'PGRST100', "\"failed to parse $_[0] ($_[1])\" (line 1, column 1)",
			"unexpected \"$_[1]\"", undef);
	};
	my %ops = (eq => '=', neq => '<>', gt => '>', gte => '>=', lt => '<', lte => '<=',
		like => 'like', ilike => 'ilike');
	for my $pair (grep { length } split /&/, $query)
	{
		my ($k, $v) = map { url_decode($_, 1) } split /=/, $pair, 2;
		$v //= '';
		if ($k eq 'select')
		{
			croak "not replayed: select=$v" unless $v eq '*' || $v eq '';
			next;
		}
		if ($k eq 'limit' || $k eq 'offset')
		{
			return $qp_error->($k, $v) unless $v =~ /^[0-9]+$/;
			$k eq 'limit' ? ($limit = $v + 0) : ($offset = $v + 0);
			next;
		}
		if ($k eq 'order')
		{
			for my $term (split /,/, $v)
			{
				my ($f, @mods) = split /\.(?=(?:asc|desc|nullsfirst|nullslast)(?:\.|$))/, $term;
				my $sql = $field->($f) // return $qp_error->('order', $term);
				my %m = map { $_ => 1 } @mods;
				my @words = (($m{desc} ? 'DESC' : $m{asc} ? 'ASC' : ()),
					($m{nullsfirst} ? 'NULLS FIRST' : $m{nullslast} ? 'NULLS LAST' : ()));
				push @order, join(' ', $sql, @words);
			}
			next;
		}
		croak "not replayed: logic operator $k" if $k =~ /^(and|or|not\.and|not\.or|on_conflict|columns)$/;
		my $not = $v =~ s/^not\.// ? 'NOT' : '';
		my ($op, $val) = $v =~ /^([a-z]+)\.(.*)$/s or return $qp_error->('filter', $v);
		my $fsql = $field->($k) // return $qp_error->('filter', $k);
		my $cond;
		if ($ops{$op})
		{
			$val =~ tr/*/%/ if $op =~ /like/;
			$cond = "$fsql $ops{$op} " . $param->($val);
		}
		elsif ($op eq 'is')
		{
			my %is = (null => 'NULL', not_null => 'NOT NULL', true => 'TRUE', false => 'FALSE', unknown => 'UNKNOWN');
			my $w = $is{ lc $val } // return $qp_error->('filter', $v);
			$cond = "$fsql IS $w";
		}
		elsif ($op eq 'in')
		{
			my ($list) = $val =~ /^\((.*)\)$/s or return $qp_error->('filter', $v);
			my @vals = $list eq '' ? () : map { s/^"(.*)"$/$1/sr } split /,/, $list;
			$cond = @vals
				? "$fsql = ANY (" . $param->('{' . join(',', map { '"' . (s/(["\\])/\\$1/gr) . '"' } @vals) . '}') . ')'
				: "$fsql = ANY('{}')";
		}
		else
		{
			return $qp_error->('filter', $v);
		}
		push @where, "$not $cond";
	}
	# db-max-rows caps the top-level range (PostgREST's restrictRange).
	$limit = $self->{max_rows} if defined $self->{max_rows} && (!defined $limit || $limit > $self->{max_rows});

	# The spacing of PostgREST's readPlanToQuery and prepareRead.
	my $select = "SELECT $qi.* FROM $qi  "
		. (@where ? 'WHERE ' . join(' AND ', @where) : '') . ' '
		. (@order ? 'ORDER BY ' . join(', ', @order) : '') . ' '
		. (defined $limit || defined $offset
			? 'LIMIT ' . (defined $limit ? $param->($limit) : 'ALL') . ' OFFSET ' . $param->($offset // 0)
			: '');
	my $sql = "WITH pgrst_source AS ( $select )  "
		. 'SELECT null::bigint AS total_result_set, pg_catalog.count(_postgrest_t) AS page_total, '
		. "coalesce(json_agg(_postgrest_t), '[]') AS body, "
		. "nullif(current_setting('response.headers', true), '') AS response_headers, "
		. "nullif(current_setting('response.status', true), '') AS response_status "
		. 'FROM ( SELECT * FROM pgrst_source ) _postgrest_t';
	my ($row, $err) = $self->run_transaction(1, $settings, $sql, \@params);
	return $self->db_error_response($err) if $err;
	my $lower = $offset // 0;
	my $n = $row->{page_total};
	my $range = $n > 0 ? "$lower-" . ($lower + $n - 1) . '/*' : '*/*';
	return $self->success($row, [ [ 'Content-Range', $range ], CONTENT_TYPE ], $method eq 'HEAD');
}

1;
