/*
 * sources.c - feedback.create_source: POST /feedback-sources
 */
#include "glue.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"

#include "entity.h"

static FbPlanSpec insert_source = {
	NULL,
	"INSERT INTO feedback.sources AS s (org_id, name, type) VALUES ($1, $2, $3) "
	"ON CONFLICT (org_id, pg_catalog.lower(name)) DO NOTHING "
	"RETURNING feedback.source_json(s)",
	3, {INT8OID, TEXTOID, TEXTOID}
};

static FbPlanSpec find_source_by_name = {
	NULL,
	"SELECT id FROM feedback.sources WHERE org_id = $1 AND pg_catalog.lower(name) = pg_catalog.lower($2)",
	2, {INT8OID, TEXTOID}
};

/* Free the parsed body, also when an error unwinds the call. */
static void
source_cleanup(void *arg)
{
	fb_source_body_free((FbSourceBody *) arg);
}

/* Create a source from a body: the work of create_source and its HTTP call. */
Datum
fb_create_source(Datum body_datum)
{
	int64		org_id = fb_tenant_require();
	FbSourceBody *body;
	const char *data;
	int			len;
	Datum		args[3];
	Datum		result = (Datum) 0;
	bool		isnull;
	int			attempt;

	body = palloc0(sizeof(FbSourceBody));
	fb_source_body_init(body);
	fb_free_on_reset(source_cleanup, body);

	fb_json_body_text(body_datum, &data, &len);
	if (!fb_source_body_parse(body, data, (size_t) len))
		fb_raise_problems(&body->problems);

	args[0] = Int64GetDatum(org_id);
	args[1] = CStringGetTextDatum(body->name);
	args[2] = CStringGetTextDatum(body->type);

	SPI_connect();
	for (attempt = 0;; attempt++)
	{
		if (fb_execute(&insert_source, args, NULL, false) == 1)
		{
			result = SPI_datumTransfer(fb_get_datum(0, 1, &isnull), false, -1);
			break;
		}
		if (fb_execute(&find_source_by_name, args, NULL, false) == 1)
		{
			char		detail[128];

			snprintf(detail, sizeof(detail), "The existing source is " INT64_FORMAT ".",
					 fb_get_int64(0, 1));
			fb_raise(FB_ERR_CONFLICT, detail, "Source names are unique per organization, ignoring case.",
					 "name: a feedback source named \"%s\" already exists", body->name);
		}
		if (attempt == 2)
			elog(ERROR, "feedback: source name kept conflicting and disappearing; try again");
	}
	SPI_finish();

	fb_source_body_free(body);
	return result;
}

PG_FUNCTION_INFO_V1(feedback_create_source);

/* feedback.create_source(body): the new source; a taken name is a conflict. */
Datum
feedback_create_source(PG_FUNCTION_ARGS)
{
	fb_tenant_require();
	if (PG_ARGISNULL(0))
		fb_raise(FB_ERR_MISSING, NULL, NULL, "source body is required");
	PG_RETURN_DATUM(fb_create_source(PG_GETARG_DATUM(0)));
}
