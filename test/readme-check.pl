#!/usr/bin/perl
# Every ```sql block of README.md must stand verbatim in sql/readme.sql, the
# pg_regress suite that runs them, so no README example goes untested.
use strict;
use warnings;

sub slurp { local (@ARGV, $/) = @_; return <> }

my $readme = slurp('README.md');
my $suite  = slurp('sql/readme.sql');
my ($blocks, $missing) = (0, 0);
while ($readme =~ /^```sql\n(.*?)^```$/msg)
{
	my $block = $1;
	$blocks++;
	next if index($suite, $block) >= 0;
	$missing++;
	print STDERR "README.md example not in sql/readme.sql:\n$block\n";
}
die "README.md has no sql examples\n" if $blocks == 0;
print "readme: $blocks sql examples, ", $blocks - $missing, " found in sql/readme.sql\n";
exit($missing ? 1 : 0);
