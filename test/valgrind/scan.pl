#!/usr/bin/perl
# scan.pl - read the logs of a `make valgrind` run (one per process, %p.log)
# and tell what valgrind found in our code and elsewhere.
#
#   perl test/valgrind/scan.pl [--server-log FILE] LOG...
#
# Valgrind ran with --error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END and
# --fullpath-after=<repo>/, so each report sits between the markers and a
# frame of ours reads "(src/core/x.c:N)" or "(src/pg/x.c:N)" (or, without
# debug information, "(in .../feedback.so)").
#
# A report is ours when any of its stacks has a frame of ours: the stack of
# the access, the stack that allocated or freed the block it touched, the
# stack that created an uninitialised value, or the stack that allocated a
# leaked block.  The run fails (exit 1) on:
#   - any error of ours (invalid access, use of uninitialised or freed
#     memory, bad free, overlap, a process killed by a signal, ...);
#   - any definite leak of ours;
#   - any block that our code took from malloc (src/core's malloc/realloc,
#     and json-c, which only src/core calls) still allocated when a process
#     exited, whatever valgrind's leak kind: the glue frees the core's memory
#     from a reset callback of the memory context of the call (fb_free_on_reset),
#     at the latest when the transaction ends, so none should outlive a
#     backend.  A leaked pointer that is still stored in
#     memory PostgreSQL freed to its own allocator (palloc memory is not
#     returned to malloc) looks "reachable" or "possibly lost" to valgrind,
#     so the definite kind alone would miss it.
# and also (exit 1) when a log has no final ERROR SUMMARY (the process died
# before valgrind could report) or when there are no logs at all.
use strict;
use warnings;

my $server_log;
my @logs;
while (@ARGV)
{
	my $a = shift @ARGV;
	if ($a eq '--server-log') { $server_log = shift @ARGV; }
	else { push @logs, $a; }
}
die "scan.pl: no valgrind logs\n" unless @logs;

# pid -> what the process was, from the server log's "connection authorized"
# lines (pg_regress names each suite's connection pg_regress/<suite>).
my %role;
if ($server_log && open my $fh, '<', $server_log)
{
	while (<$fh>)
	{
		$role{$1} = $2
		  if /\[(\d+)\].*connection authorized: .*application_name=(\S+)/;
	}
	close $fh;
}

sub ours_frame
{
	my ($f) = @_;
	return $f =~ m{\((?:[^()]*/)?src/(?:core|pg)/[^():/]+:\d+\)} || $f =~ m{/feedback\.so\)};
}

sub core_frame
{
	my ($f) = @_;
	return $f =~ m{\((?:[^()]*/)?src/core/[^():/]+:\d+\)} || $f =~ m{libjson-c\.so};
}

# The frame that called the allocator: the first frame past valgrind's own
# malloc/realloc/calloc replacement.
sub allocator_caller
{
	my (@frames) = @_;
	my $i = 0;
	$i++ while $i < @frames && $frames[$i] =~ /vgpreload|\b(?:malloc|calloc|realloc)\b/;
	return $i < @frames ? $frames[$i] : '';
}

my (%totals, @ours, %elsewhere);
my $seen_ours = 0;    # reports of any kind with a frame of ours
my ($processes, $incomplete, $suppressed) = (0, 0, 0);

for my $log (@logs)
{
	open my $fh, '<', $log or die "scan.pl: $log: $!\n";
	$processes++;
	my ($pid) = $log =~ m{(\d+)\.log$};
	$pid //= $log;
	my ($complete, $in, @block, $dying) = (0, 0);
	my @reports;
	while (my $line = <$fh>)
	{
		next unless $line =~ s/^==(\d+)==\s?//;
		chomp $line;
		if ($line =~ /^ERROR SUMMARY: .*suppressed: (\d+) from/)
		{
			$complete = 1;
			$suppressed += $1;
		}
		if ($line eq 'VALGRINDERROR-BEGIN') { $in = 1; @block = (); next; }
		if ($line eq 'VALGRINDERROR-END') { $in = 0; push @reports, [@block]; next; }
		# A process killed by a signal: valgrind says so, with a stack,
		# outside the markers.
		if (!$in && $line =~ /^Process terminating with default action of signal/)
		{
			$dying = [$line];
			next;
		}
		if ($dying)
		{
			if ($line =~ /^\s+(?:at|by) 0x/ || $line =~ /^\s+\S/) { push @$dying, $line; next; }
			push @reports, $dying;
			undef $dying;
		}
		push @block, $line if $in;
	}
	push @reports, $dying if $dying;
	close $fh;
	$incomplete++, push @ours, { pid => $pid, what => 'log has no ERROR SUMMARY: the process died before valgrind reported', lines => [] }
	  unless $complete;

	for my $r (@reports)
	{
		my @lines = grep { $_ ne '' } @$r;
		next unless @lines;
		my $head = $lines[0];
		my @frames = grep { /^\s+(?:at|by) 0x/ } @lines;
		my $ours = grep { ours_frame($_) } @frames;
		$seen_ours++ if $ours;
		my $kind;
		if ($head =~ /are (definitely|indirectly|possibly) lost|are (still reachable)/)
		{
			$kind = 'leak: ' . ($1 // $2);
			my ($bytes) = $head =~ /^([\d,]+)/;
			$bytes =~ tr/,//d;
			my $core = core_frame(allocator_caller(@frames));
			# An indirect leak hangs from a definite one, reported itself.
			next if $kind eq 'leak: indirectly';
			if ($kind eq 'leak: definitely' || $core)
			{
				if ($ours || $core)
				{
					push @ours, { pid => $pid, what => $core && $kind ne 'leak: definitely'
						  ? "core memory still allocated at exit ($kind)" : 'definite leak',
						lines => \@lines };
					next;
				}
			}
			next unless $kind eq 'leak: definitely';
			$totals{leak_blocks}++;
			$totals{leak_bytes} += $bytes;
		}
		else
		{
			$kind = 'error';
			if ($ours)
			{
				push @ours, { pid => $pid, what => 'error', lines => \@lines };
				next;
			}
			$totals{errors}++;
		}
		# Elsewhere: count by headline (numbers blanked) and top frame
		# outside libc/valgrind.
		(my $key = $head) =~ s/0x[0-9A-Fa-f]+|\b\d[\d,]*\b/N/g;
		my ($top) = grep { !/vgpreload|\(libio|\(string|sysdeps|\(io\/|\(posix\// } @frames;
		$top //= $frames[0] // '';
		$top =~ s/^\s+(?:at|by) 0x[0-9A-Fa-f]+: //;
		$top =~ s{\(in /\S*/}{(in };
		$elsewhere{"$key  [$top]"}++;
	}
}

my $describe = sub {
	my ($pid) = @_;
	return $role{$pid} ? "$pid ($role{$pid})" : $pid;
};

my %count;
$count{$_->{what}}++ for @ours;
print "\n==== valgrind summary ====\n";
printf "processes checked:            %d%s\n", $processes, $incomplete ? " ($incomplete without a final report)" : '';
printf "errors in our code:           %d\n", scalar grep { $_->{what} eq 'error' } @ours;
printf "definite leaks in our code:   %d\n", $count{'definite leak'} // 0;
printf "core memory alive at exit:    %d\n", scalar grep { $_->{what} =~ /^core memory/ } @ours;
printf "elsewhere (for information):  %d errors, %d definite leaks (%d bytes), %d suppressed\n",
  $totals{errors} // 0, $totals{leak_blocks} // 0, $totals{leak_bytes} // 0, $suppressed;
for my $k (sort { $elsewhere{$b} <=> $elsewhere{$a} || $a cmp $b } keys %elsewhere)
{
	printf "  %4d x %s\n", $elsewhere{$k}, $k;
}

printf "reports naming our code:      %d (of any kind, reachable memory included: proof that feedback.so ran under valgrind)\n", $seen_ours;

# A run in which no frame of ours appears at all proves nothing: the
# extension was not loaded, or its frames are not recognised.
push @ours, { pid => '-', what => 'no frame of feedback.so in any report: was the extension loaded under valgrind?', lines => [] }
  unless $seen_ours;

if (@ours)
{
	# The same report from several processes (or several times in one, as
	# leak records of different sizes) is printed once, with where it was.
	my (%group, @order);
	for my $f (@ours)
	{
		my $key = join "\n", $f->{what}, map { (my $l = $_) =~ s/0x[0-9A-Fa-f]+|[\d,]+ (?:\([^)]*\) )?bytes in [\d,]+ blocks|loss record [\d,]+ of [\d,]+|[\d,]+ bytes (?:inside|after|before)|block of size [\d,]+/N/g; $l } @{ $f->{lines} };
		push @order, $key unless $group{$key};
		push @{ $group{$key} }, $f;
	}
	printf "\n==== findings in our code: %d reports, %d distinct ====\n", scalar @ours, scalar @order;
	for my $key (@order)
	{
		my @fs = @{ $group{$key} };
		my %seen;
		my @where = grep { !$seen{$_}++ } map { $describe->($_->{pid}) } @fs;
		printf "\n-- %s, %d time(s), process %s\n", $fs[0]{what}, scalar @fs, join(', ', @where);
		print "   $_\n" for @{ $fs[0]{lines} };
	}
	print "\nFAIL: valgrind found problems in our code\n";
	exit 1;
}
print "PASS: no error, definite leak or leftover core memory in our code\n";
exit 0;
