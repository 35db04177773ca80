/*
 * plans.c - SPI plans prepared once per backend, and small conversions
 * between PostgreSQL and the core (bodies, jsonb, timestamps)
 */
#include "glue.h"

#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "iso8601.h"

/* The saved plan of a statement, prepared on first use. */
SPIPlanPtr
fb_plan(FbPlanSpec *spec)
{
	if (spec->plan == NULL)
	{
		SPIPlanPtr	plan = SPI_prepare(spec->sql, spec->nargs, spec->argtypes);

		if (plan == NULL)
			elog(ERROR, "feedback: SPI_prepare failed: %s",
				 SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "feedback: SPI_keepplan failed");
		spec->plan = plan;
	}
	return spec->plan;
}

/* Run a saved statement; returns the number of rows it returned or changed. */
int
fb_execute(FbPlanSpec *spec, Datum *values, const char *nulls, bool read_only)
{
	int			rc = SPI_execute_plan(fb_plan(spec), values, nulls, read_only, 0);

	if (rc < 0)
		elog(ERROR, "feedback: SPI_execute_plan failed: %s",
			 SPI_result_code_string(rc));
	return (int) SPI_processed;
}

/* A column (1-based) of a row of the last SPI result. */
Datum
fb_get_datum(int row, int col, bool *isnull)
{
	return SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, isnull);
}

/* A bigint column that must not be NULL. */
int64
fb_get_int64(int row, int col)
{
	bool		isnull;
	Datum		d = fb_get_datum(row, col, &isnull);

	if (isnull)
		elog(ERROR, "feedback: unexpected NULL in column %d", col);
	return DatumGetInt64(d);
}

/* The bytes of a json argument, without copying when it is not toasted. */
text *
fb_json_body_text(Datum body, const char **data, int *len)
{
	text	   *t = DatumGetTextPP(body);

	*data = VARDATA_ANY(t);
	*len = VARSIZE_ANY_EXHDR(t);
	return t;
}

/*
 * Call func(arg) when the current memory context is reset or deleted: how
 * the core's malloc memory (json-c trees, buffers) is freed on every path,
 * an error's included.  Freeing it earlier is fine if func may run twice.
 */
void
fb_free_on_reset(MemoryContextCallbackFunction func, void *arg)
{
	MemoryContextCallback *callback = palloc(sizeof(MemoryContextCallback));

	callback->func = func;
	callback->arg = arg;
	MemoryContextRegisterResetCallback(CurrentMemoryContext, callback);
}

/* jsonb from JSON text that the core wrote (always well-formed). */
Datum
fb_jsonb_from_cstring(const char *json)
{
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(json));
}

/* Microseconds since 1970 from a timestamptz (PostgreSQL counts from 2000). */
int64
fb_timestamptz_to_epoch_us(TimestampTz ts)
{
	return ts + (int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * USECS_PER_DAY;
}

/* A timestamptz from microseconds since 1970. */
TimestampTz
fb_epoch_us_to_timestamptz(int64 epoch_us)
{
	return epoch_us - (int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * USECS_PER_DAY;
}

PG_FUNCTION_INFO_V1(feedback_iso8601);

/* feedback.iso8601(ts): UTC ISO 8601 text, the form of every response. */
Datum
feedback_iso8601(PG_FUNCTION_ARGS)
{
	TimestampTz ts = PG_GETARG_TIMESTAMPTZ(0);
	char		out[FB_DATETIME_BUFSIZE];
	int64		epoch_us;

	if (TIMESTAMP_NOT_FINITE(ts))
		PG_RETURN_NULL();
	epoch_us = fb_timestamptz_to_epoch_us(ts);
	if (epoch_us < FB_MIN_EPOCH_US || epoch_us > FB_MAX_EPOCH_US)
		ereport(ERROR,
				errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("timestamp out of range for ISO 8601 output"));
	fb_format_datetime(epoch_us, out);
	PG_RETURN_TEXT_P(cstring_to_text(out));
}
