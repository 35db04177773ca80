/*
 * glue.h - what the PostgreSQL glue files share
 *
 * The glue turns SQL calls into calls of the pure core (src/core) and
 * stores the results with SPI.  Each file keeps one concern: module set-up
 * and GUCs (feedback.c), the tenant (tenant.c), raising errors in either
 * format (report.c), saved SPI plans and conversions (plans.c), the field
 * registry cache (registry.c), the rate limiter (ratelimit.c), one file per
 * resource (keys.c, sources.c, people.c, records.c), and the HTTP calls
 * that PostgREST makes (http.c).
 */
#ifndef FEEDBACK_GLUE_H
#define FEEDBACK_GLUE_H

#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/timestamp.h"

#include "field.h"
#include "problems.h"

/* feedback.c: settings */
extern int	fb_max_field_bytes;
extern int	fb_max_fields_per_record;
extern int	fb_rate_limit_per_minute;
extern int	fb_error_format;

typedef enum FbErrorFormat
{
	FB_ERROR_FORMAT_SQL,		/* plain SQLSTATEs, for SQL callers */
	FB_ERROR_FORMAT_POSTGREST	/* SQLSTATE PGRST with status and headers */
} FbErrorFormat;

/* tenant.c: the tenant of the current transaction */
extern void fb_tenant_init(void);
extern void fb_tenant_set(int64 org_id);
extern int64 fb_tenant_require(void);	/* the tenant, or 28000 */

/* report.c: raising errors from the one error table */
extern void fb_raise(FbErrorKind kind, const char *detail, const char *hint,
					 const char *fmt,...) pg_attribute_printf(4, 5) pg_attribute_noreturn();
extern void fb_raise_problems(const FbProblems *problems) pg_attribute_noreturn();
extern void fb_raise_rate_limited(int limit_per_minute, int wait_seconds) pg_attribute_noreturn();

/* plans.c: SPI plans prepared once per backend */
typedef struct FbPlanSpec
{
	SPIPlanPtr	plan;			/* NULL until first use */
	const char *sql;
	int			nargs;
	Oid			argtypes[8];
} FbPlanSpec;

extern SPIPlanPtr fb_plan(FbPlanSpec *spec);
extern int	fb_execute(FbPlanSpec *spec, Datum *values, const char *nulls, bool read_only);
extern Datum fb_get_datum(int row, int col, bool *isnull);
extern int64 fb_get_int64(int row, int col);
extern text *fb_json_body_text(Datum body, const char **data, int *len);
extern void fb_free_on_reset(MemoryContextCallbackFunction func, void *arg);

/* json bodies: the core reads them; the result is built as jsonb */
extern Datum fb_jsonb_from_cstring(const char *json);
extern int64 fb_timestamptz_to_epoch_us(TimestampTz ts);
extern TimestampTz fb_epoch_us_to_timestamptz(int64 epoch_us);

/*
 * ratelimit.c: per-key request counters shared by all backends, in the main
 * shared memory when preloaded, else in a dynamic shared memory segment.
 */
extern void fb_ratelimit_init(void);	/* from _PG_init */
extern int	fb_ratelimit_take(int64 key, int limit_per_minute);	/* 0, or seconds to wait */

/* The resources, for the SQL functions and the HTTP ones (http.c) alike */
typedef enum FbOnConflict
{
	FB_ON_CONFLICT_ERROR,		/* an existing external_id is a conflict */
	FB_ON_CONFLICT_UPDATE,		/* ... is replaced */
	FB_ON_CONFLICT_IGNORE		/* ... is returned unchanged */
} FbOnConflict;

extern Datum fb_create_source(Datum body);	/* sources.c */
extern Datum fb_put_person(Datum body, bool *created);	/* people.c */
extern Datum fb_ingest_record(bool has_source_id, int64 source_id, Datum body,
							  FbOnConflict mode, bool from_http, bool *created);	/* records.c */

/* registry.c: the per-backend cache of source_fields */
struct FbRecord;
extern void fb_registry_init(void);
extern bool fb_registry_resolve(int64 org_id, int64 source_id, struct FbRecord *record,
								ArrayType **registered);
extern void fb_registry_unregister(int64 org_id, int64 source_id, ArrayType *registered);
extern void fb_registry_forget(void);

#endif
