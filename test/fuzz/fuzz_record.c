/*
 * fuzz_record.c - libFuzzer target: fb_record_parse on arbitrary bodies
 *
 * Each input is parsed twice: with the default limits, and with tiny ones
 * (64 bytes a value, 4 fields, source_id accepted as in HTTP calls).  On
 * success the record must be well formed, fb_record_fields_object/_array
 * must write strict JSON, fb_record_check_registry must behave, and the
 * canonical body rebuilt from the record must parse to the same record.
 */
#include "fuzz_common.h"

#include <inttypes.h>

#include "field.h"

/* A made-up registry: about a third of all names, with some category and type. */
static bool
lookup(void *context, const char *name, size_t len, FbCategory *category, FbType *type)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	(void) context;
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char) name[i]) * 16777619u;
	if (h % 3 != 0)
		return false;
	*category = (FbCategory) ((h >> 8) % FB_CAT__COUNT);
	*type = (FbType) ((h >> 16) % FB_TYPE__COUNT);
	return true;
}

/* The record is what fb_record_parse promises for a valid body. */
static void
check_record(const FbRecord *r, const FbLimits *limits)
{
	int			k;

	FZ_CHECK(r->nfields >= 1 && r->nfields <= limits->max_fields, "nfields %d", r->nfields);
	for (k = 0; k < r->nfields; k++)
	{
		const FbRecordField *f = &r->fields[k];
		const char *value = r->values.data + f->value_off;
		json_type	jt;

		FZ_CHECK(strlen(f->name) == f->name_len && fb_field_name_valid(f->name, f->name_len),
				 "field %d name", k);
		FZ_CHECK(k == 0 || strcmp(r->fields[k - 1].name, f->name) < 0, "fields not in name order at %d", k);
		FZ_CHECK(fb_category_name(f->category) != NULL && fb_type_name(f->type) != NULL, "field %d enums", k);
		FZ_CHECK(f->value_off <= r->values.len && f->value_len <= r->values.len - f->value_off,
				 "field %d value %zu+%zu of %zu", k, f->value_off, f->value_len, r->values.len);
		FZ_CHECK(fz_strict_json(value, f->value_len, &jt), "field %d value %.*s is not strict JSON",
				 k, (int) (f->value_len > 200 ? 200 : f->value_len), value);
		FZ_CHECK(f->is_null == (jt == json_type_null), "field %d is_null", k);
		if (!f->is_null && f->type != FB_TYPE_JSON)
		{
			static const json_type want[FB_TYPE__COUNT] = {
				[FB_TYPE_BOOLEAN] = json_type_boolean, [FB_TYPE_DATE] = json_type_string,
				[FB_TYPE_DATETIME] = json_type_string, [FB_TYPE_FLOAT] = json_type_double,
				[FB_TYPE_INTEGER] = json_type_int, [FB_TYPE_STRING] = json_type_string,
			};

			/* a float may print as an integer ("100") */
			FZ_CHECK(jt == want[f->type] || (f->type == FB_TYPE_FLOAT && jt == json_type_int),
					 "field %d of type %s is a JSON %s", k, fb_type_name(f->type), json_type_to_name(jt));
		}
		FZ_CHECK(f->has_instant == (!f->is_null && (f->type == FB_TYPE_DATE || f->type == FB_TYPE_DATETIME)),
				 "field %d has_instant", k);
		if (f->has_instant)
			FZ_CHECK(f->epoch_us >= FB_MIN_EPOCH_US && f->epoch_us <= FB_MAX_EPOCH_US, "field %d instant", k);
	}
	if (r->has_external_id)
	{
		FZ_CHECK(r->external_id_len >= 1 && strlen(r->external_id) == r->external_id_len, "external_id length");
		FZ_CHECK(fb_utf8_valid(r->external_id, r->external_id_len), "external_id is not UTF-8");
		FZ_CHECK(fb_utf8_length(r->external_id, r->external_id_len) <= FB_EXTERNAL_ID_MAX_CHARS, "external_id too long");
	}
	else
		FZ_CHECK(r->external_id == NULL, "external_id without has_external_id");
	FZ_CHECK(!r->has_source_id || limits->accept_source_id, "source_id accepted");
	if (r->display_ts_source != FB_TS_NONE)
		FZ_CHECK(r->display_ts_us >= FB_MIN_EPOCH_US && r->display_ts_us <= FB_MAX_EPOCH_US, "display_ts");
}

/* The canonical body of a parsed record. */
static void
canonical_body(const FbRecord *r, const FbLimits *limits, FbBuf *out)
{
	fb_buf_append_str(out, "{\"fields\":");
	fb_record_fields_array(r, out);
	if (r->has_external_id)
	{
		fb_buf_append_str(out, ",\"external_id\":");
		fb_buf_append_json_string(out, r->external_id, r->external_id_len);
	}
	if (r->has_person_id)
		fb_buf_appendf(out, ",\"person_id\":%" PRId64, r->person_id);
	if (r->has_source_id && limits->accept_source_id)
		fb_buf_appendf(out, ",\"source_id\":%" PRId64, r->source_id);
	if (r->display_ts_source != FB_TS_NONE)
	{
		char		ts[FB_DATETIME_BUFSIZE];

		/* explicit, as the derived one depends on the order of the fields */
		fb_format_datetime(r->display_ts_us, ts);
		fb_buf_appendf(out, ",\"display_ts\":\"%s\"", ts);
	}
	fb_buf_append_char(out, '}');
}

static void
run(const uint8_t *data, size_t size, const FbLimits *limits)
{
	FbRecord	r;
	FbRecord	again;
	FbBuf		object;
	FbBuf		array;
	FbBuf		body;
	FbBuf		object2;
	json_type	jt;
	bool		ok;
	int			before;

	fb_record_init(&r);
	ok = fb_record_parse(&r, (const char *) data, size, limits);
	fz_check_problems(&r.problems, ok);
	if (!ok)
	{
		fb_record_free(&r);
		return;
	}
	check_record(&r, limits);

	fb_buf_init(&object);
	fb_buf_init(&array);
	fb_record_fields_object(&r, &object);
	fb_record_fields_array(&r, &array);
	FZ_CHECK(fz_strict_json(object.data, object.len, &jt) && jt == json_type_object,
			 "fields object is not strict JSON: %.300s", object.data);
	FZ_CHECK(fz_strict_json(array.data, array.len, &jt) && jt == json_type_array,
			 "fields array is not strict JSON: %.300s", array.data);

	/* the canonical body parses to the same record */
	fb_buf_init(&body);
	fb_buf_init(&object2);
	canonical_body(&r, limits, &body);
	fb_record_init(&again);
	ok = fb_record_parse(&again, body.data, body.len, limits);
	FZ_CHECK(ok, "canonical body rejected (%s: %s): %.300s",
			 again.problems.stored ? again.problems.items[0].path : "",
			 again.problems.stored ? again.problems.items[0].message : "", body.data);
	fb_record_fields_object(&again, &object2);
	FZ_CHECK(object.len == object2.len && memcmp(object.data, object2.data, object.len) == 0,
			 "canonical body gives other values:\n  %.300s\n  %.300s", object.data, object2.data);
	FZ_CHECK(again.has_external_id == r.has_external_id &&
			 (!r.has_external_id || strcmp(again.external_id, r.external_id) == 0), "external_id changed");
	FZ_CHECK(again.has_person_id == r.has_person_id && again.person_id == r.person_id, "person_id changed");
	FZ_CHECK((again.display_ts_source == FB_TS_NONE) == (r.display_ts_source == FB_TS_NONE) &&
			 again.display_ts_us == r.display_ts_us, "display_ts changed");

	/* the registry check only ever adds problems, and says so */
	before = r.problems.count;
	ok = fb_record_check_registry(&r, lookup, NULL);
	FZ_CHECK(ok == (r.problems.count == before), "check_registry result");
	fz_check_problems(&r.problems, r.problems.count == 0);

	fb_buf_free(&object);
	fb_buf_free(&array);
	fb_buf_free(&body);
	fb_buf_free(&object2);
	fb_record_free(&again);
	fb_record_free(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const FbLimits defaults = {10240, 100, false};
	static const FbLimits tiny = {64, 4, true};

	run(data, size, &defaults);
	run(data, size, &tiny);
	return 0;
}
