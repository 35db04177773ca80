/*
 * http.c - the HTTP calls, as PostgREST makes them (schema feedback_api)
 *
 * PostgREST calls feedback_api.create_source, put_person and ingest_record
 * with the request body as their one json argument, after
 * feedback_api.pre_request has authenticated the request.  These functions
 * do what the SQL functions of the same names do, and also what HTTP needs:
 * the source id of a record comes from the header x-feedback-source-id (the
 * gateway sets it from the path) or the body's source_id; the header
 * "Prefer: resolution=merge-duplicates|ignore-duplicates" selects what an
 * existing external_id does; and response.status says 201 for something
 * created, 200 otherwise.  Request headers arrive as the JSON object in the
 * setting request.headers, with lower-case names.
 */
#include "glue.h"

#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/jsonb.h"

/* The request's headers (the setting request.headers), parsed once; or NULL. */
static Jsonb *
request_headers(void)
{
	const char *headers = GetConfigOption("request.headers", true, false);
	Jsonb	   *jsonb;

	if (headers == NULL || headers[0] == '\0')
		return NULL;
	jsonb = DatumGetJsonbP(fb_jsonb_from_cstring(headers));
	return JB_ROOT_IS_OBJECT(jsonb) ? jsonb : NULL;
}

/* The value of a header (lower-case name) of the parsed headers, or NULL. */
static char *
header_value(Jsonb *headers, const char *name)
{
	JsonbValue	key;
	JsonbValue *value;

	if (headers == NULL)
		return NULL;
	key.type = jbvString;
	key.val.string.val = (char *) name;
	key.val.string.len = strlen(name);
	value = findJsonbValueFromContainer(&headers->root, JB_FOBJECT, &key);
	if (value == NULL || value->type != jbvString)
		return NULL;
	return pnstrdup(value->val.string.val, value->val.string.len);
}

/* Set the HTTP status of a successful response. */
static void
set_status(int status)
{
	char		text[8];

	snprintf(text, sizeof(text), "%d", status);
	(void) set_config_option("response.status", text, PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_LOCAL, true, 0, false);
}

/*
 * What the Prefer header asks of an existing external_id.  It may hold
 * several preferences separated by commas; only "resolution" matters here.
 */
static FbOnConflict
preferred_resolution(Jsonb *headers)
{
	char	   *prefer = header_value(headers, "prefer");
	char	   *token;
	char	   *save;

	if (prefer == NULL)
		return FB_ON_CONFLICT_ERROR;
	for (token = strtok_r(prefer, ",", &save); token != NULL;
		 token = strtok_r(NULL, ",", &save))
	{
		char	   *end;

		while (*token == ' ' || *token == '\t')
			token++;
		end = token + strlen(token);
		while (end > token && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (strcmp(token, "resolution=merge-duplicates") == 0)
			return FB_ON_CONFLICT_UPDATE;
		if (strcmp(token, "resolution=ignore-duplicates") == 0)
			return FB_ON_CONFLICT_IGNORE;
	}
	return FB_ON_CONFLICT_ERROR;
}

/* The source id of the x-feedback-source-id header; false when absent. */
static bool
header_source_id(Jsonb *headers, int64 *source_id)
{
	char	   *text = header_value(headers, "x-feedback-source-id");
	char	   *end;
	long long	value;

	if (text == NULL)
		return false;
	errno = 0;
	value = strtoll(text, &end, 10);
	if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno == ERANGE)
		fb_raise(FB_ERR_INVALID, NULL, "The source id is the integer id of a feedback source.",
				 "source id \"%s\" is not an integer", text);
	*source_id = (int64) value;
	return true;
}

/* The body, or an error when the request has none. */
static Datum
required_body(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		fb_raise(FB_ERR_MISSING, NULL, "Send the JSON body of the request.",
				 "request body is required");
	return PG_GETARG_DATUM(0);
}

PG_FUNCTION_INFO_V1(feedback_api_create_source);

/* feedback_api.create_source(body): POST /feedback-sources, 201. */
Datum
feedback_api_create_source(PG_FUNCTION_ARGS)
{
	Datum		result;

	fb_tenant_require();
	result = fb_create_source(required_body(fcinfo));
	set_status(201);
	PG_RETURN_DATUM(result);
}

PG_FUNCTION_INFO_V1(feedback_api_put_person);

/* feedback_api.put_person(body): PUT /people, 201 when created, else 200. */
Datum
feedback_api_put_person(PG_FUNCTION_ARGS)
{
	Datum		result;
	bool		created;

	fb_tenant_require();
	result = fb_put_person(required_body(fcinfo), &created);
	set_status(created ? 201 : 200);
	PG_RETURN_DATUM(result);
}

PG_FUNCTION_INFO_V1(feedback_api_ingest_record);

/*
 * feedback_api.ingest_record(body): POST /feedback-sources/{id}/records,
 * 201 when created, else 200.
 */
Datum
feedback_api_ingest_record(PG_FUNCTION_ARGS)
{
	Datum		result;
	Jsonb	   *headers;
	int64		source_id = 0;
	bool		has_source_id;
	bool		created;

	fb_tenant_require();
	headers = request_headers();
	has_source_id = header_source_id(headers, &source_id);
	result = fb_ingest_record(has_source_id, source_id, required_body(fcinfo),
							  preferred_resolution(headers), true, &created);
	set_status(created ? 201 : 200);
	PG_RETURN_DATUM(result);
}
