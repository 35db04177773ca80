#!/bin/sh
# Build the libFuzzer targets of the core (test/fuzz/Makefile: clang,
# -fsanitize=fuzzer,address,undefined) and run each for a bounded time,
# seeded from test/corpus, examples/ and the lists in test/fuzz/seeds/.
# Fails when any target finds a crash, a leak, undefined behaviour, a
# timeout or a broken check (fuzz_common.h); the input and the report are
# kept in test/fuzz/build/artifacts/ and test/fuzz/build/logs/.
#
#   test/fuzz/run.sh                 every target, FUZZ_SECONDS (12) each
#   FUZZ_SECONDS=300 test/fuzz/run.sh fuzz_record fuzz_epoch
#   FUZZ_JOBS=2                      targets run at the same time (default: 2)
#
# New inputs that reach new code are kept in test/fuzz/build/corpus/, so a
# later run goes on where the last one stopped.  Reproduce a finding with
#   test/fuzz/build/<target> test/fuzz/build/artifacts/<target>-crash-...
set -eu
cd "$(dirname "$0")"
here=$(pwd)
build=$here/build

ALL="fuzz_record fuzz_person fuzz_source fuzz_coerce_boolean fuzz_coerce_date
fuzz_coerce_datetime fuzz_coerce_float fuzz_coerce_integer fuzz_coerce_json
fuzz_coerce_string fuzz_datetime fuzz_epoch fuzz_domain"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# --- one target (run by the loop below, FUZZ_JOBS at a time) --------------
if [ "${1:-}" = "--one" ]; then
	t=$2
	case $t in
		fuzz_record) seeds=record; max_len=32768 ;;
		fuzz_person) seeds=person; max_len=16384 ;;
		fuzz_source) seeds=source; max_len=16384 ;;
		fuzz_coerce_*) seeds=coerce; max_len=16384 ;;
		fuzz_datetime) seeds=datetime; max_len=256 ;;
		fuzz_epoch) seeds=epoch; max_len=256 ;;
		fuzz_domain) seeds=domain; max_len=1024 ;;
		*) echo "unknown target $t" >&2; exit 2 ;;
	esac
	mkdir -p "$build/corpus/$t" "$build/artifacts" "$build/logs"
	status=0
	"$build/$t" "$build/corpus/$t" "$build/seeds/$seeds" \
		-max_total_time="$FUZZ_SECONDS" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
		-max_len=$max_len -dict="$here/json.dict" -artifact_prefix="$build/artifacts/$t-" \
		>"$build/logs/$t.log" 2>&1 || status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/logs/$t.log" | tail -n 1)
	seed=$(sed -n 's/.*Seed: \([0-9]*\).*/\1/p' "$build/logs/$t.log" | head -n 1)
	corpus=$(ls "$build/corpus/$t" | wc -l)
	if [ $status -eq 0 ]; then result=ok; else result="FAILED ($status)"; fi
	printf '%-22s %4ss %12s execs %9s/s  corpus %6s  seed %-10s %s\n' "$t" "$FUZZ_SECONDS" "${execs:-?}" \
		"$(( ${execs:-0} / FUZZ_SECONDS ))" "$corpus" "${seed:-?}" "$result" >"$build/logs/$t.summary"
	exit $status
fi

# --- build ---------------------------------------------------------------
FUZZ_SECONDS=${FUZZ_SECONDS:-12}
FUZZ_JOBS=${FUZZ_JOBS:-2}
export FUZZ_SECONDS
targets=${*:-$ALL}

if ! command -v clang-14 >/dev/null 2>&1 && ! command -v clang >/dev/null 2>&1; then
	echo "fuzz: clang is needed (apt-get install clang-14 libclang-rt-14-dev)" >&2
	exit 1
fi
make -s -j"$FUZZ_JOBS" all

# --- seeds: the corpus (templates expanded, up to 256 kB), the examples,
# the values inside them, and the lists of seeds/ -----------------------
rm -rf "$build/seeds"
for d in record person source coerce datetime epoch domain; do mkdir -p "$build/seeds/$d"; done
perl -I../corpus -MCorpus -e '
	my ($corpus, $out, $examples) = @ARGV;
	my $n = 0;
	for my $c (Corpus::load($corpus)) {
		my $b = Corpus::body($corpus, $c);
		next if length $b > 262144;
		(my $name = $c->{file}) =~ s{.*/}{};
		open my $fh, ">:raw", "$out/$c->{target}/$name" or die $!;
		print $fh $b;
		close $fh;
		$n++;
	}
	for my $f (glob("$examples/*.json")) {
		my $kind = $f =~ /\.record\.json$/ ? "record" : $f =~ m{/person\.} ? "person" : "source";
		(my $name = $f) =~ s{.*/}{};
		open my $in, "<:raw", $f or die $!;
		open my $fh, ">:raw", "$out/$kind/example-$name" or die $!;
		print $fh do { local $/; <$in> };
	}
' ../corpus "$build/seeds" ../../examples
"$build/extract-seeds" "$build/seeds" "$build"/seeds/record/* "$build"/seeds/person/* "$build"/seeds/source/*
perl -e '
	my ($out, $dir) = @ARGV;
	for my $kind (qw(coerce datetime epoch domain)) {
		open my $in, "<:raw", "$dir/$kind.txt" or die $!;
		while (my $line = <$in>) {
			chomp $line;
			open my $fh, ">:raw", "$out/$kind/list-$." or die $!;
			print $fh ($kind eq "domain" ? "\xff" : "") . $line;
		}
	}
' "$build/seeds" seeds

echo "fuzz: $(echo $targets | wc -w) targets, ${FUZZ_SECONDS}s each, $FUZZ_JOBS at a time" \
	"(seeds: $(ls "$build/seeds/record" | wc -l) record, $(ls "$build/seeds/person" | wc -l) person," \
	"$(ls "$build/seeds/source" | wc -l) source, $(ls "$build/seeds/coerce" | wc -l) value bodies)"

# --- run -----------------------------------------------------------------
rm -f "$build"/logs/*.summary
status=0
printf '%s\n' $targets | xargs -P "$FUZZ_JOBS" -I{} "$here/run.sh" --one {} || status=$?
for t in $targets; do
	cat "$build/logs/$t.summary" 2>/dev/null || echo "$t: no result"
done
total=$(cat "$build"/logs/*.summary 2>/dev/null | awk '{ s += $3 } END { print s + 0 }')
echo "fuzz: $total executions in all"
if [ $status -ne 0 ]; then
	for t in $targets; do
		if ! grep -q ' ok$' "$build/logs/$t.summary" 2>/dev/null; then
			echo "=== $t: $build/logs/$t.log"
			grep -v '^#[0-9]\|^INFO\|^MS:\|^NEW\|^REDUCE\|^pulse' "$build/logs/$t.log" | tail -n 60
			ls "$build/artifacts/$t"-* 2>/dev/null || true
		fi
	done
	exit 1
fi
