#!/usr/bin/perl
# Test upstream of the gateway tests: an HTTP/1.1 server on 127.0.0.1 that
# stands where PostgREST would and records every request that reaches it.
#
#   perl test/gateway/upstream.pl DIR
#
# Listens on a free port and writes it to DIR/port.  For each request, named
# by its X-Test-Id header (or anon-PID-N), it stores
#   DIR/ID.head   the request line and headers, verbatim
#   DIR/ID.body   the body, byte for byte
# and appends "ID CONN_REQ METHOD TARGET" to DIR/log, CONN_REQ being the
# request's number on its connection (above 1: the connection was reused).
# It answers 200 with {"upstream":"ID"}, or the status that an X-Test-Status
# header asks for (with Retry-After: 7 on 429), always with a
# Content-Location header that the gateway must hide.
# Only core Perl modules (perl-base).  SIGTERM stops it with its children.
use strict;
use warnings;
use IO::Socket::INET;
use POSIX ();

my $dir = shift or die "usage: $0 DIR\n";

my $server = IO::Socket::INET->new(
	LocalAddr => '127.0.0.1',
	LocalPort => 0,
	Proto     => 'tcp',
	Listen    => 128,
	ReuseAddr => 1,
) or die "upstream: cannot listen: $!\n";

# A process group of our own, so that SIGTERM can take the children along.
setpgrp(0, 0);
$SIG{CHLD} = 'IGNORE';
$SIG{TERM} = sub {
	$SIG{TERM} = 'IGNORE';
	kill 'TERM', -$$;
	POSIX::_exit(0);
};

# Publish the port atomically: the test waits for the file to appear.
open my $pf, '>', "$dir/port.tmp" or die "upstream: $dir/port.tmp: $!\n";
print $pf $server->sockport, "\n";
close $pf;
rename "$dir/port.tmp", "$dir/port" or die "upstream: rename: $!\n";

while (1) {
	my $conn = $server->accept or next;
	my $pid = fork;
	if (!defined $pid) {
		close $conn;
		next;
	}
	if ($pid == 0) {
		close $server;
		Serve($conn);
		POSIX::_exit(0);
	}
	close $conn;
}

# Read from the connection into $$buf until it holds $want bytes (or, when
# $want is a regex, matches it); false at end of input.
sub Fill {
	my ($conn, $buf, $want) = @_;
	while (ref $want ? $$buf !~ $want : length($$buf) < $want) {
		my $n = sysread($conn, $$buf, 65536, length $$buf);
		return 0 if !$n;
	}
	return 1;
}

# Serve the requests of one connection, keeping it open (HTTP/1.1 keepalive)
# until the gateway closes it or it stays idle for 30 seconds.
sub Serve {
	my ($conn) = @_;
	binmode $conn;
	my $buf = '';
	my $count = 0;
	local $SIG{ALRM} = sub { POSIX::_exit(0) };
	while (1) {
		alarm 30;
		Fill($conn, \$buf, qr/\r\n\r\n/) or return;
		my $end = index($buf, "\r\n\r\n");
		my $head = substr($buf, 0, $end + 2);
		$buf = substr($buf, $end + 4);

		my ($line, @lines) = split /\r\n/, $head;
		my ($method, $target, $proto) = split / /, $line;
		my %h;
		for (@lines) {
			$h{lc $1} = $2 if /^([^:]+):[ \t]*(.*?)[ \t]*$/;
		}

		my $body = '';
		if (($h{'transfer-encoding'} // '') =~ /chunked/i) {
			while (1) {
				Fill($conn, \$buf, qr/\r\n/) or return;
				$buf =~ s/^([0-9a-fA-F]+)[^\r]*\r\n// or return;
				my $size = hex $1;
				Fill($conn, \$buf, $size + 2) or return;
				$body .= substr($buf, 0, $size);
				$buf = substr($buf, $size + 2);
				last if $size == 0;
			}
		} else {
			my $len = $h{'content-length'} // 0;
			Fill($conn, \$buf, $len) or return;
			$body = substr($buf, 0, $len);
			$buf = substr($buf, $len);
		}

		$count++;
		my $id = $h{'x-test-id'} // "anon-$$-$count";
		$id =~ s/[^A-Za-z0-9_.-]/_/g;
		WriteFile("$dir/$id.head", "$head");
		WriteFile("$dir/$id.body", $body);
		open my $log, '>>', "$dir/log" or die "upstream: $dir/log: $!\n";
		syswrite $log, "$id $count $method $target\n";
		close $log;

		my $close = ($h{connection} // '') =~ /close/i || ($proto // '') ne 'HTTP/1.1';
		my $status = $h{'x-test-status'} // '';
		$status = 200 if $status !~ /^[1-5][0-9][0-9]$/;
		my $out = qq({"upstream":"$id"});
		my $resp = "HTTP/1.1 $status Test\r\n"
			. "Content-Type: application/json; charset=utf-8\r\n"
			. "Content-Location: /rpc/test\r\n"
			. ($status == 429 ? "Retry-After: 7\r\n" : "")
			. ($close ? "Connection: close\r\n" : "")
			. "Content-Length: " . length($out) . "\r\n"
			. "\r\n" . $out;
		while (length $resp) {
			my $n = syswrite($conn, $resp) or return;
			$resp = substr($resp, $n);
		}
		return if $close;
	}
}

sub WriteFile {
	my ($path, $data) = @_;
	open my $f, '>', "$path.tmp" or die "upstream: $path.tmp: $!\n";
	binmode $f;
	print $f $data;
	close $f or die "upstream: $path: $!\n";
	rename "$path.tmp", $path or die "upstream: rename $path: $!\n";
}
