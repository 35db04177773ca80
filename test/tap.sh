#!/bin/sh
# Run TAP cluster tests with PostgreSQL::Test::Cluster: test/tap/*.pl, or
# the .pl files of the folder given (test/contract/t for the contract
# tests).  Each test initdb's and starts its own clusters, which PostgreSQL
# refuses to do as root: as root, the tests run as the postgres OS user in a
# scratch folder that user owns, holding copies of the tests, examples/,
# test/corpus/, deploy/ and the Perl modules of test/contract/ (lib/).
# The extension must be installed (make install).
#   test/tap.sh [folder]    TAP_TESTS=t/010_writes.pl runs one file
set -eu
cd "$(dirname "$0")/.."
tests=${1:-test/tap}

bindir=$(pg_config --bindir)
pgxs_dir=$(pg_config --pgxs | sed "s|/src/makefiles/pgxs.mk$||")
perl_lib=$pgxs_dir/src/test/perl
work=$(mktemp -d /tmp/feedback-tap.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$tests" "$work/t"
cp -r examples "$work/examples"
cp -r test/corpus "$work/corpus"
cp -r deploy "$work/deploy"
mkdir "$work/lib"
cp test/contract/*.pm "$work/lib/"

run=""
if [ "$(id -u)" -eq 0 ]; then
	chown -R postgres "$work"
	run="runuser -u postgres --"
fi

cd "$work"
status=0
$run env PATH="$bindir:$PATH" TESTDIR="$work" PGPORT=65432 PG_REGRESS="$pgxs_dir/src/test/regress/pg_regress" \
	prove -I "$perl_lib" -I "$work/lib" ${PROVE_FLAGS:-} ${TAP_TESTS:-t/*.pl} || status=$?
if [ $status -ne 0 ] && [ -d tmp_check/log ]; then
	for f in tmp_check/log/*; do echo "=== $f"; tail -n 40 "$f"; done
fi
exit $status
