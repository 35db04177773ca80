#!/bin/sh
# PostgREST contract tests (test/contract/t/*.pl): each test starts a
# throw-away cluster with PostgreSQL::Test::Cluster and answers HTTP requests
# the way PostgREST would, by replaying its SQL (test/contract/PostgRESTReplay.pm).
# As root they run as the postgres OS user, like test/tap.sh, in a scratch
# folder that user owns.  The extension must be installed (make install).
# The replay is configured by deploy/postgrest.conf, and the roles come
# from deploy/postgrest-roles.sql.  Needs DBI and DBD::Pg (libdbd-pg-perl,
# see test/deps.sh).  CONTRACT_TESTS=t/010_writes.pl runs one file.
set -eu
cd "$(dirname "$0")/../.."

bindir=$(pg_config --bindir)
pgxs_dir=$(pg_config --pgxs | sed "s|/src/makefiles/pgxs.mk$||")
perl_lib=$pgxs_dir/src/test/perl
work=$(mktemp -d /tmp/feedback-contract.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r test/contract/t "$work/t"
mkdir "$work/lib"
cp test/contract/*.pm "$work/lib/"
cp -r examples "$work/examples"
cp -r deploy "$work/deploy"

run=""
if [ "$(id -u)" -eq 0 ]; then
	chown -R postgres "$work"
	run="runuser -u postgres --"
fi

cd "$work"
status=0
$run env PATH="$bindir:$PATH" TESTDIR="$work" PGPORT=65433 PG_REGRESS="$pgxs_dir/src/test/regress/pg_regress" \
	prove -I "$perl_lib" -I "$work/lib" ${PROVE_FLAGS:-} ${CONTRACT_TESTS:-t/*.pl} || status=$?
if [ $status -ne 0 ] && [ -d tmp_check/log ]; then
	for f in tmp_check/log/*; do echo "=== $f"; tail -n 40 "$f"; done
fi
exit $status
