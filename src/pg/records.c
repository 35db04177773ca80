/*
 * records.c - feedback.ingest_record: POST /feedback-sources/{id}/records
 *
 * One parse of the body in the core, the registry from the backend cache,
 * then one INSERT ... ON CONFLICT that is race-free under concurrent calls.
 * A record that fails anywhere raises an error, and the transaction (or
 * subtransaction) takes back everything it had written: no row, no
 * registry entry.
 */
#include "glue.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "iso8601.h"
#include "record.h"

/* What one call holds in malloc memory, freed on every path. */
typedef struct IngestState
{
	FbRecord	record;
	FbBuf		buf;
} IngestState;

/*
 * The insert, in four variants: DO NOTHING (error and ignore) or DO UPDATE
 * (update), each without or with a person to check.  The source needs no
 * check here: fb_registry_resolve has seen it, and the foreign key guards
 * against its deletion since.
 */
#define INSERT_COLUMNS \
	"INSERT INTO feedback.records AS r (org_id, source_id, person_id, external_id, display_ts, fields) "
#define INSERT_VALUES \
	"VALUES ($1, $2, $3, $4, COALESCE($5, pg_catalog.now()), $6) "
#define INSERT_IF_PERSON \
	"SELECT $1, $2, $3, $4, COALESCE($5, pg_catalog.now()), $6 " \
	"WHERE EXISTS (SELECT 1 FROM feedback.people p WHERE p.org_id = $1 AND p.id = $3) "
#define SQL_DO_NOTHING \
	"ON CONFLICT (org_id, source_id, external_id) DO NOTHING "
/* an update that would change nothing writes nothing, so updated_at stays */
#define SQL_DO_UPDATE \
	"ON CONFLICT (org_id, source_id, external_id) DO UPDATE " \
	"SET person_id = excluded.person_id, display_ts = excluded.display_ts, " \
	"fields = excluded.fields, updated_at = pg_catalog.now() " \
	"WHERE (r.person_id, r.display_ts, r.fields) IS DISTINCT FROM " \
	"(excluded.person_id, excluded.display_ts, excluded.fields) "
#define INSERT_RETURNING \
	"RETURNING r.id, r.display_ts, r.created_at, r.updated_at, (r.xmax = 0) AS created"
#define INSERT_ARGS 6, {INT8OID, INT8OID, INT8OID, TEXTOID, TIMESTAMPTZOID, JSONBOID}

/* [update?][person?] */
static FbPlanSpec insert_record[2][2] = {
	{
		{NULL, INSERT_COLUMNS INSERT_VALUES SQL_DO_NOTHING INSERT_RETURNING, INSERT_ARGS},
		{NULL, INSERT_COLUMNS INSERT_IF_PERSON SQL_DO_NOTHING INSERT_RETURNING, INSERT_ARGS},
	},
	{
		{NULL, INSERT_COLUMNS INSERT_VALUES SQL_DO_UPDATE INSERT_RETURNING, INSERT_ARGS},
		{NULL, INSERT_COLUMNS INSERT_IF_PERSON SQL_DO_UPDATE INSERT_RETURNING, INSERT_ARGS},
	},
};

/* Why did an insert write nothing: no source, no person, or an existing record? */
static FbPlanSpec diagnose = {
	NULL,
	"SELECT EXISTS (SELECT 1 FROM feedback.sources s WHERE s.org_id = $1 AND s.id = $2), "
	"$3 IS NULL OR EXISTS (SELECT 1 FROM feedback.people p WHERE p.org_id = $1 AND p.id = $3), "
	"(SELECT r.id FROM feedback.records r "
	" WHERE r.org_id = $1 AND r.source_id = $2 AND r.external_id = $4)",
	4, {INT8OID, INT8OID, INT8OID, TEXTOID}
};

static FbPlanSpec existing_record = {
	NULL,
	"SELECT feedback.record_json(r, false) FROM feedback.records r "
	"WHERE r.org_id = $1 AND r.id = $2",
	2, {INT8OID, INT8OID}
};

static void source_not_found(int64 source_id) pg_attribute_noreturn();

/* Raise "source not found": missing, or of another tenant. */
static void
source_not_found(int64 source_id)
{
	fb_raise(FB_ERR_NOT_FOUND, NULL, NULL,
			 "feedback source " INT64_FORMAT " not found", source_id);
}

/* Free the record and buffers, also when an error unwinds the call. */
static void
ingest_cleanup(void *arg)
{
	IngestState *state = arg;

	fb_record_free(&state->record);
	fb_buf_free(&state->buf);
}

/* The on_conflict argument. */
static FbOnConflict
parse_on_conflict(FunctionCallInfo fcinfo)
{
	char	   *mode;

	if (PG_ARGISNULL(2))
		fb_raise(FB_ERR_INVALID, NULL, "Use 'error', 'update' or 'ignore'.",
				 "on_conflict must not be null");
	mode = text_to_cstring(PG_GETARG_TEXT_PP(2));
	if (strcmp(mode, "error") == 0)
		return FB_ON_CONFLICT_ERROR;
	if (strcmp(mode, "update") == 0)
		return FB_ON_CONFLICT_UPDATE;
	if (strcmp(mode, "ignore") == 0)
		return FB_ON_CONFLICT_IGNORE;
	fb_raise(FB_ERR_INVALID, NULL, "Use 'error', 'update' or 'ignore'.",
			 "invalid on_conflict \"%s\"", mode);
}

/* Push an object key. */
static void
push_key(JsonbParseState **state, const char *key)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) key;
	v.val.string.len = strlen(key);
	pushJsonbValue(state, WJB_KEY, &v);
}

/* Push a key and a string value (or null). */
static void
push_string(JsonbParseState **state, const char *key, const char *value, size_t len)
{
	JsonbValue	v;

	push_key(state, key);
	if (value == NULL)
		v.type = jbvNull;
	else
	{
		v.type = jbvString;
		v.val.string.val = (char *) value;
		v.val.string.len = len;
	}
	pushJsonbValue(state, WJB_VALUE, &v);
}

/* Push a key and a bigint value (or null). */
static void
push_int64(JsonbParseState **state, const char *key, int64 value, bool isnull)
{
	JsonbValue	v;

	push_key(state, key);
	if (isnull)
		v.type = jbvNull;
	else
	{
		v.type = jbvNumeric;
		v.val.numeric = DatumGetNumeric(DirectFunctionCall1(int8_numeric, Int64GetDatum(value)));
	}
	pushJsonbValue(state, WJB_VALUE, &v);
}

/*
 * Push a key and a timestamp as UTC ISO 8601 text.  The text is palloc'd:
 * pushJsonbValue keeps the pointer until the object is finished.
 */
static void
push_timestamp(JsonbParseState **state, const char *key, TimestampTz ts)
{
	char	   *text = palloc(FB_DATETIME_BUFSIZE);

	fb_format_datetime(fb_timestamptz_to_epoch_us(ts), text);
	push_string(state, key, text, strlen(text));
}

/*
 * The response for a record just written, built as jsonb from what the core
 * parsed and the stored fields object, without reading anything back: the
 * same value as feedback.record_json().
 */
static Datum
build_response(const FbRecord *record, Jsonb *fields, int64 id, int64 source_id,
			   TimestampTz display_ts, TimestampTz created_at,
			   TimestampTz updated_at, bool created)
{
	JsonbParseState *state = NULL;
	JsonbValue	v;
	JsonbValue *result;
	int			i;

	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	push_int64(&state, "id", id, false);
	push_int64(&state, "source_id", source_id, false);
	push_int64(&state, "person_id", record->person_id, !record->has_person_id);
	push_string(&state, "external_id",
				record->has_external_id ? record->external_id : NULL,
				record->external_id_len);
	push_timestamp(&state, "display_ts", display_ts);
	push_timestamp(&state, "created_at", created_at);
	push_timestamp(&state, "updated_at", updated_at);
	push_key(&state, "created");
	v.type = jbvBool;
	v.val.boolean = created;
	pushJsonbValue(&state, WJB_VALUE, &v);

	push_key(&state, "fields");
	pushJsonbValue(&state, WJB_BEGIN_ARRAY, NULL);
	for (i = 0; i < record->nfields; i++)
	{
		const FbRecordField *f = &record->fields[i];
		const char *category = fb_category_name(f->category);
		const char *type = fb_type_name(f->type);
		JsonbValue	key;
		JsonbValue *value;

		pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
		push_string(&state, "name", f->name, f->name_len);
		push_string(&state, "category", category, strlen(category));
		push_string(&state, "type", type, strlen(type));

		/* the canonical value, as stored */
		key.type = jbvString;
		key.val.string.val = (char *) f->name;
		key.val.string.len = f->name_len;
		value = findJsonbValueFromContainer(&fields->root, JB_FOBJECT, &key);
		if (value == NULL)
			elog(ERROR, "feedback: field \"%s\" missing from the stored object", f->name);
		push_key(&state, "value");
		pushJsonbValue(&state, WJB_VALUE, value);
		pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	}
	pushJsonbValue(&state, WJB_END_ARRAY, NULL);
	result = pushJsonbValue(&state, WJB_END_OBJECT, NULL);

	PG_RETURN_JSONB_P(JsonbValueToJsonb(result));
}

/*
 * Ingest one record: the work of feedback.ingest_record and of the HTTP
 * call.  source_id is the source named by the caller (has_source_id false
 * when none was); an HTTP body may name it instead (from_http).  *created
 * tells whether this call created the record.  Returns the jsonb response.
 */
Datum
fb_ingest_record(bool has_source_id, int64 source_id, Datum body_datum,
				 FbOnConflict mode, bool from_http, bool *created_out)
{
	int64		org_id = fb_tenant_require();
	IngestState *state;
	FbRecord   *record;
	FbLimits	limits;
	const char *body;
	int			body_len;
	Datum		args[6];
	char		nulls[6] = {' ', ' ', ' ', ' ', ' ', ' '};
	Datum		result = (Datum) 0;
	bool		have_result = false;
	int64		id = 0;
	TimestampTz display_ts = 0,
				created_at = 0,
				updated_at = 0;
	bool		created = false;
	int			attempt;
	ArrayType  *registered;
	Jsonb	   *fields;

	state = palloc0(sizeof(IngestState));
	record = &state->record;
	fb_record_init(record);
	fb_buf_init(&state->buf);
	fb_free_on_reset(ingest_cleanup, state);

	limits.max_field_bytes = (size_t) fb_max_field_bytes;
	limits.max_fields = fb_max_fields_per_record;
	limits.accept_source_id = from_http;
	fb_json_body_text(body_datum, &body, &body_len);
	if (!fb_record_parse(record, body, (size_t) body_len, &limits))
		fb_raise_problems(&record->problems);

	/* The source: named by the caller, or by the body (HTTP only). */
	if (record->has_source_id)
	{
		if (has_source_id && record->source_id != source_id)
			fb_raise(FB_ERR_INVALID, NULL,
					 "Name the source once: in the path or in the body.",
					 "source_id: the body names feedback source " INT64_FORMAT
					 ", the request names " INT64_FORMAT,
					 record->source_id, source_id);
		source_id = record->source_id;
		has_source_id = true;
	}
	if (!has_source_id)
		fb_raise(FB_ERR_MISSING, NULL,
				 "POST /feedback-sources/{id}/records names the source in its path.",
				 "source_id is required");

	/*
	 * The stored fields object, made here in the caller's memory: the
	 * response is built from it after SPI_finish has freed SPI's memory.
	 */
	fb_record_fields_object(record, &state->buf);
	fields = DatumGetJsonbP(fb_jsonb_from_cstring(state->buf.data));

	SPI_connect();

	if (!fb_registry_resolve(org_id, source_id, record, &registered))
		source_not_found(source_id);
	if (record->problems.count > 0)
		fb_raise_problems(&record->problems);

	args[0] = Int64GetDatum(org_id);
	args[1] = Int64GetDatum(source_id);
	args[2] = Int64GetDatum(record->person_id);
	nulls[2] = record->has_person_id ? ' ' : 'n';
	if (record->has_external_id)
		args[3] = PointerGetDatum(cstring_to_text_with_len(record->external_id,
															record->external_id_len));
	else
		nulls[3] = 'n';
	if (record->display_ts_source != FB_TS_NONE)
		args[4] = TimestampTzGetDatum(fb_epoch_us_to_timestamptz(record->display_ts_us));
	else
		nulls[4] = 'n';
	args[5] = JsonbPGetDatum(fields);

	/*
	 * Insert; when nothing was written, find out why.  A conflicting record
	 * that disappears between the two statements (deleted concurrently) is
	 * retried.
	 */
	for (attempt = 0; !have_result; attempt++)
	{
		FbPlanSpec *insert = &insert_record[mode == FB_ON_CONFLICT_UPDATE][record->has_person_id];
		bool		isnull;
		int64		existing;

		if (attempt == 3)
			elog(ERROR, "feedback: record kept conflicting and disappearing; try again");

		if (fb_execute(insert, args, nulls, false) == 1)
		{
			id = fb_get_int64(0, 1);
			display_ts = DatumGetTimestampTz(fb_get_datum(0, 2, &isnull));
			created_at = DatumGetTimestampTz(fb_get_datum(0, 3, &isnull));
			updated_at = DatumGetTimestampTz(fb_get_datum(0, 4, &isnull));
			created = DatumGetBool(fb_get_datum(0, 5, &isnull));
			break;
		}

		fb_execute(&diagnose, args, nulls, false);
		if (!DatumGetBool(fb_get_datum(0, 1, &isnull)))
			source_not_found(source_id);
		if (!DatumGetBool(fb_get_datum(0, 2, &isnull)))
		{
			FbProblems	problems;

			fb_problems_init(&problems);
			fb_problem_add(&problems, FB_ERR_NOT_FOUND, "person_id", NULL,
						   "person " INT64_FORMAT " not found", record->person_id);
			fb_raise_problems(&problems);
		}
		existing = DatumGetInt64(fb_get_datum(0, 3, &isnull));
		if (isnull)
			continue;

		if (mode == FB_ON_CONFLICT_ERROR)
		{
			char		detail[128];
			char		preview[64];

			snprintf(detail, sizeof(detail),
					 "The existing record is " INT64_FORMAT ".", existing);
			fb_preview(record->external_id, record->external_id_len,
					   preview, sizeof(preview));
			fb_raise(FB_ERR_CONFLICT, detail,
					 "Use a new external_id, or on_conflict 'update' or 'ignore'.",
					 "external_id: a record with external_id %s already exists in feedback source " INT64_FORMAT,
					 preview, source_id);
		}

		/* ignore, or an update that changes nothing: the stored record */
		fb_registry_unregister(org_id, source_id, registered);
		registered = NULL;
		args[1] = Int64GetDatum(existing);
		if (fb_execute(&existing_record, args, NULL, false) == 1)
		{
			result = SPI_datumTransfer(fb_get_datum(0, 1, &isnull), false, -1);
			have_result = true;
		}
		args[1] = Int64GetDatum(source_id);
	}

	SPI_finish();

	if (!have_result)
		result = build_response(record, fields, id, source_id,
								display_ts, created_at, updated_at, created);
	ingest_cleanup(state);
	*created_out = created;
	return result;
}

PG_FUNCTION_INFO_V1(feedback_ingest_record);

/* feedback.ingest_record(source_id, body, on_conflict): the stored record. */
Datum
feedback_ingest_record(PG_FUNCTION_ARGS)
{
	FbOnConflict mode;
	bool		created;

	fb_tenant_require();
	if (PG_ARGISNULL(0))
		fb_raise(FB_ERR_MISSING, NULL, NULL, "source_id is required");
	if (PG_ARGISNULL(1))
		fb_raise(FB_ERR_MISSING, NULL, NULL, "record body is required");
	mode = parse_on_conflict(fcinfo);
	PG_RETURN_DATUM(fb_ingest_record(true, PG_GETARG_INT64(0), PG_GETARG_DATUM(1),
									 mode, false, &created));
}
