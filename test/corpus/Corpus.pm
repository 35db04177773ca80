# Corpus: reading test/corpus (MANIFEST.tsv and the bodies it names).
#
#   use lib 'test/corpus';
#   use Corpus;
#   my @cases = Corpus::load('test/corpus');   # [{file, target, sqlstate, what}]
#   my $bytes = Corpus::body('test/corpus', $case);   # templates expanded
#
# MANIFEST.tsv: one line a case, tab-separated: file (relative to the corpus
# folder), target (record, person or source), the SQLSTATE the call is
# expected to fail with (00000: accepted), and what the case is.  Lines
# starting with # are comments.
#
# A body whose file name ends in .tmpl is a template, so that bodies of many
# megabytes need not be committed: every
#     $$REPEAT(N,TEXT)$$
# is replaced by N copies of TEXT, in which $$I$$ is the copy's number
# (0, 1, ...).  TEXT runs to the first ")$$"; templates do not nest.
package Corpus;

use strict;
use warnings;

sub load
{
	my ($dir) = @_;
	my @cases;
	open my $fh, '<', "$dir/MANIFEST.tsv" or die "$dir/MANIFEST.tsv: $!";
	while (my $line = <$fh>)
	{
		chomp $line;
		next if $line =~ /^(#|\s*$)/;
		my ($file, $target, $sqlstate, $what) = split /\t/, $line, 4;
		die "MANIFEST.tsv line $.: bad line\n"
		  unless defined $what
		  && $target =~ /^(record|person|source)$/
		  && $sqlstate =~ /^[0-9A-Z]{5}$/;
		push @cases, { file => $file, target => $target, sqlstate => $sqlstate, what => $what };
	}
	close $fh;
	return @cases;
}

# Expand the templates of a body (see above).
sub expand
{
	my ($text) = @_;
	$text =~ s{\$\$REPEAT\((\d+),(.*?)\)\$\$}{
		my ($n, $t) = ($1, $2);
		$t =~ /\$\$I\$\$/
		  ? join('', map { (my $c = $t) =~ s/\$\$I\$\$/$_/g; $c } 0 .. $n - 1)
		  : $t x $n
	}gse;
	return $text;
}

# The bytes of a case's body, templates expanded.
sub body
{
	my ($dir, $case) = @_;
	my $file = ref $case ? $case->{file} : $case;
	open my $fh, '<:raw', "$dir/$file" or die "$dir/$file: $!";
	local $/;
	my $bytes = <$fh>;
	close $fh;
	$bytes = expand($bytes) if $file =~ /\.tmpl$/;
	return $bytes;
}

1;
