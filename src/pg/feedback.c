/*
 * feedback.c - module set-up: settings and callbacks
 */
#include "glue.h"

#include "utils/guc.h"

PG_MODULE_MAGIC;

/* feedback.max_field_bytes: the largest canonical value of one field */
int			fb_max_field_bytes = 10240;

/* feedback.max_fields_per_record: the most fields one record may have */
int			fb_max_fields_per_record = 100;

/* feedback.rate_limit_per_minute: requests per key and minute, unless the key says otherwise */
int			fb_rate_limit_per_minute = 100;

/* feedback.error_format: how errors are raised, for SQL callers or for PostgREST */
int			fb_error_format = FB_ERROR_FORMAT_SQL;

static const struct config_enum_entry error_format_options[] = {
	{"sql", FB_ERROR_FORMAT_SQL, false},
	{"postgrest", FB_ERROR_FORMAT_POSTGREST, false},
	{NULL, 0, false}
};

void		_PG_init(void);

/* Define the settings and hook the tenant and registry into transactions. */
void
_PG_init(void)
{
	DefineCustomIntVariable("feedback.max_field_bytes",
							"Largest size in bytes of one field value in its canonical form.",
							"A string counts its UTF-8 bytes; other types their JSON text.",
							&fb_max_field_bytes,
							10240, 1, 64 * 1024 * 1024,
							PGC_SUSET, 0,
							NULL, NULL, NULL);

	DefineCustomIntVariable("feedback.max_fields_per_record",
							"Largest number of fields in one record.",
							NULL,
							&fb_max_fields_per_record,
							100, 1, 10000,
							PGC_SUSET, 0,
							NULL, NULL, NULL);

	DefineCustomIntVariable("feedback.rate_limit_per_minute",
							"Requests that one API key may make per minute.",
							"A key's own rate_limit_per_minute overrides it.",
							&fb_rate_limit_per_minute,
							100, 1, 1000000,
							PGC_SUSET, 0,
							NULL, NULL, NULL);

	DefineCustomEnumVariable("feedback.error_format",
							 "How errors are raised: for SQL callers, or for PostgREST.",
							 "feedback_api.pre_request sets 'postgrest' for the transaction: errors are then "
							 "SQLSTATE PGRST with an HTTP status and headers.",
							 &fb_error_format,
							 FB_ERROR_FORMAT_SQL, error_format_options,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);

#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("feedback");
#else
	EmitWarningsOnPlaceholders("feedback");
#endif

	fb_tenant_init();
	fb_registry_init();
	fb_ratelimit_init();
}
