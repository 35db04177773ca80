#!/bin/sh
# make valgrind: the pg_regress suites against a PostgreSQL whose every
# process runs under valgrind (memcheck), then a scan of valgrind's logs.
#
# The postmaster is started under valgrind; the processes it forks stay
# under valgrind and each writes its own log (%p.log).  pg_regress runs the
# suites of the Makefile's REGRESS list with the options `make installcheck`
# passes.  The cluster is then stopped (fast) so that every process exits
# normally and valgrind checks it for leaks; test/valgrind/scan.pl fails the
# run on any error, or definite leak, with a frame of ours (src/core, src/pg,
# feedback.so) in one of its stacks (see scan.pl for the exact rules).
#
# The server runs from a private installation in the scratch folder: this
# tree's build, installed there with `make install DESTDIR=...`, beside a copy
# of the server binary and links to the rest of PostgreSQL.  So the run tests
# exactly this tree, needs no `make install` into the system, and is not
# disturbed by (nor disturbs) other clusters using the system's feedback.so.
#
# PostgreSQL refuses to run as root: as root, the cluster runs as the
# postgres OS user in a scratch folder that user owns (as test/tap.sh).
#
# Environment:
#   REGRESS, REGRESS_OPTS  the suites and pg_regress options (the Makefile's)
#   VALGRIND_TIMEOUT       seconds pg_regress may take (default 1200)
#   VALGRIND_OUT           where the logs are kept (default test/valgrind/out)
#   VALGRIND_EXTRA         more valgrind options, e.g. --gen-suppressions=all
#   VALGRIND_SUPP          the suppression file (default
#                          test/valgrind/postgresql.supp; /dev/null for none)
set -eu
cd "$(dirname "$0")/../.."
repo=$(pwd)

: "${REGRESS:?the suites to run (make valgrind sets REGRESS)}"
REGRESS_OPTS=${REGRESS_OPTS:-}
# PGXS adds --dbname=contrib_regression to REGRESS_OPTS; a direct call may not.
case " $REGRESS_OPTS " in
*" --dbname="*) ;;
*) REGRESS_OPTS="$REGRESS_OPTS --dbname=contrib_regression" ;;
esac
timeout_s=${VALGRIND_TIMEOUT:-1200}
out=${VALGRIND_OUT:-$repo/test/valgrind/out}
port=${VALGRIND_PORT:-65431}

command -v valgrind >/dev/null || { echo "valgrind is not installed (test/deps.sh valgrind)" >&2; exit 2; }
[ -f feedback.so ] || { echo "feedback.so is not built (make)" >&2; exit 2; }
bindir=$(pg_config --bindir)
pkglibdir=$(pg_config --pkglibdir)
sharedir=$(pg_config --sharedir)
pgxs_dir=$(pg_config --pgxs | sed "s|/src/makefiles/pgxs.mk$||")
pg_regress=$pgxs_dir/src/test/regress/pg_regress

started=$(date +%s)
work=$(mktemp -d /tmp/feedback-valgrind.XXXXXX)
data=$work/data
logs=$work/vglogs
inst=$work/inst
mkdir -p "$logs" "$work/suite"
cp -r sql expected examples "$work/suite/"   # records.sql reads examples/
cat "${VALGRIND_SUPP:-test/valgrind/postgresql.supp}" >"$work/postgresql.supp"

pm=""
run=""
cleanup() {
	status=$?
	if [ -n "$pm" ] && kill -0 "$pm" 2>/dev/null; then
		echo "valgrind: stopping the cluster left running" >&2
		$run "$bindir/pg_ctl" stop -D "$data" -m immediate -t 60 >/dev/null 2>&1 || true
		kill "$pm" 2>/dev/null || true
		wait "$pm" 2>/dev/null || true
	fi
	rm -rf "$work"
	exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The private installation.  PostgreSQL finds $libdir and its share folder
# relative to the binary it runs from, so a copy of the server binary at
# $inst$bindir uses $inst$pkglibdir and $inst$sharedir.
echo "valgrind: installing this tree into $inst"
make -s --no-print-directory install DESTDIR="$inst" >"$work/install.log" 2>&1 ||
	{ cat "$work/install.log"; exit 1; }
mkdir -p "$inst$bindir" "$inst$pkglibdir" "$inst$sharedir/extension"
cp "$bindir/postgres" "$inst$bindir/"
for f in "$pkglibdir"/*; do
	[ -e "$inst$pkglibdir/${f##*/}" ] || ln -s "$f" "$inst$pkglibdir/"
done
for f in "$sharedir"/*; do
	[ "${f##*/}" = extension ] || ln -s "$f" "$inst$sharedir/"
done
for f in "$sharedir"/extension/*; do
	[ -e "$inst$sharedir/extension/${f##*/}" ] || ln -s "$f" "$inst$sharedir/extension/"
done
cmp -s feedback.so "$inst$pkglibdir/feedback.so" || { echo "valgrind: the private feedback.so is not this tree's" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then
	chown -R postgres "$work"
	run="runuser -u postgres --"
fi

echo "valgrind: initdb"
$run "$bindir/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 -A trust >"$work/initdb.log" 2>&1 ||
	{ cat "$work/initdb.log"; exit 1; }

# Settings: regress.sh runs the suites with timezone=UTC.  The rest keeps
# valgrind's work down to what the suites need: no JIT (LLVM-generated code
# under valgrind is slow and only PostgreSQL's), no autovacuum (processes
# that never load feedback.so), no fsync.  Connections are logged with their
# application name (pg_regress/<suite>) so scan.pl can name each process.
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$work'
port = $port
timezone = 'UTC'
jit = off
autovacuum = off
fsync = off
log_line_prefix = '%m [%p] %a '
log_connections = on
EOF

# Valgrind's options: leaks of every kind are listed (only definite ones
# count as valgrind errors) so that scan.pl can find core memory alive at
# exit that only looks reachable; --fullpath-after makes our frames read
# src/pg/x.c:N; --track-origins names where an uninitialised value came from
# (which may be our code when the use is PostgreSQL's); the error markers
# delimit each report for scan.pl.
valgrind="valgrind --tool=memcheck --trace-children=yes \
 --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=definite \
 --num-callers=30 --track-origins=yes --fullpath-after=$repo/ \
 --error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END \
 --suppressions=$work/postgresql.supp --log-file=$logs/%p.log ${VALGRIND_EXTRA:-}"

echo "valgrind: starting the postmaster under valgrind"
$run $valgrind "$inst$bindir/postgres" -D "$data" >"$work/server.log" 2>&1 &
pm=$!

ready=""
for _ in $(seq 1 180); do
	if "$bindir/pg_isready" -q -h "$work" -p "$port"; then ready=1; break; fi
	kill -0 "$pm" 2>/dev/null || break
	sleep 1
done
if [ -z "$ready" ]; then
	echo "valgrind: the server did not start" >&2
	tail -n 40 "$work/server.log" >&2
	exit 1
fi
echo "valgrind: server up after $(($(date +%s) - started)) s; suites: $REGRESS"

# As `make installcheck` (see make -n installcheck), against our server.
regress_status=0
(cd "$work/suite" && $run env PGHOST="$work" PGPORT="$port" PGUSER=postgres \
	timeout --kill-after=30 "$timeout_s" \
	"$pg_regress" --inputdir=./ --bindir="$bindir" $REGRESS_OPTS $REGRESS) ||
	regress_status=$?
[ $regress_status -eq 124 ] && echo "valgrind: pg_regress timed out after $timeout_s s" >&2

echo "valgrind: stopping the cluster"
$run "$bindir/pg_ctl" stop -D "$data" -m fast -t 300 >/dev/null ||
	echo "valgrind: the cluster did not stop in time" >&2
# pg_ctl returns once the pid file is gone; valgrind's leak check of the
# postmaster runs after that, so wait for the process itself.
wait "$pm" || true
pm=""

rm -rf "$out"
mkdir -p "$out"
cp "$logs"/*.log "$work/server.log" "$out/"
[ -f "$work/suite/regression.diffs" ] && cp "$work/suite/regression.diffs" "$out/"

scan_status=0
perl test/valgrind/scan.pl --server-log "$out/server.log" "$out"/[0-9]*.log || scan_status=$?

if [ $regress_status -ne 0 ]; then
	echo "valgrind: pg_regress failed (exit $regress_status)"
	[ -f "$out/regression.diffs" ] && cat "$out/regression.diffs"
fi
echo "valgrind: logs in $out; the run took $(($(date +%s) - started)) s"
[ $scan_status -eq 0 ] && [ $regress_status -eq 0 ]
