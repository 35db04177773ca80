/*
 * ratelimit_loop.c - the limiter alone, for test/bench/authenticate.sh
 *
 * Built and loaded by the benchmark from a scratch directory, never
 * installed.  It calls fb_ratelimit_take of the loaded feedback library
 * (which must be loaded first: LOAD 'feedback'), so it measures exactly the
 * installed code in the mode the server runs it in.
 */
#include "postgres.h"

#include "fmgr.h"
#include "portability/instr_time.h"

PG_MODULE_MAGIC;

extern int	fb_ratelimit_take(int64 key_id, int limit_per_minute);

PG_FUNCTION_INFO_V1(ratelimit_loop);

/*
 * ratelimit_loop(calls, keys): nanoseconds per fb_ratelimit_take call, over
 * that many calls spread over that many keys (ids from 10^12 up, which no
 * real key has), at a limit that never refuses.
 */
Datum
ratelimit_loop(PG_FUNCTION_ARGS)
{
	int64		calls = PG_GETARG_INT64(0);
	int32		keys = PG_GETARG_INT32(1);
	instr_time	start;
	instr_time	duration;
	int64		i;

	if (calls < 1 || keys < 1)
		elog(ERROR, "calls and keys must be positive");
	INSTR_TIME_SET_CURRENT(start);
	for (i = 0; i < calls; i++)
	{
		if (fb_ratelimit_take(INT64CONST(1000000000000) + i % keys, 2000000000) != 0)
			elog(ERROR, "refused after " INT64_FORMAT " calls", i);
	}
	INSTR_TIME_SET_CURRENT(duration);
	INSTR_TIME_SUBTRACT(duration, start);
	PG_RETURN_FLOAT8(INSTR_TIME_GET_DOUBLE(duration) * 1e9 / calls);
}
