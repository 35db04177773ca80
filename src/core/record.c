/*
 * record.c - parsing and validating a record body (pure C)
 *
 * A record body is parsed once with json-c; the tree is then walked in body
 * order and every rule of DESIGN.md section 4 is checked, each problem
 * collected with its path.  Field values are coerced by field.c straight
 * into one buffer of canonical JSON text, which the glue stores as is.
 * The strict parse itself is fb_json_parse (jsonutil.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "iso8601.h"
#include "jsonutil.h"
#include "record.h"
#include "utf8.h"

/* Defaults of feedback.max_field_bytes and feedback.max_fields_per_record. */
#define DEFAULT_MAX_FIELD_BYTES 10240
#define DEFAULT_MAX_FIELDS 100

#define RECORD_MEMBERS_HINT \
	"Members are fields, external_id, display_ts and person_id."
#define ENTRY_MEMBERS_HINT \
	"A field entry has exactly the members name, category, type and value."
#define NAME_RULE_HINT \
	"Field names start with a lower-case letter, contain only a-z, 0-9 and _, and have at most 63 bytes."
#define CATEGORIES_HINT \
	"Categories are content, created_at, identifier, identity and metadata."
#define TYPES_HINT \
	"Types are boolean, date, datetime, float, integer, json and string."
#define DATETIME_HINT \
	"Send an ISO 8601 datetime such as \"2025-01-01T10:30:00Z\", or Unix epoch seconds as a number."
#define REGISTRY_HINT \
	"The first record that uses a field name in a source fixes its category and type; use them, or a new field name."

/* One entry of "fields" with a valid name, while the body is checked. */
typedef struct FieldCandidate
{
	FbRecordField field;
	bool		valid;			/* name, category, type and value all valid */
} FieldCandidate;

/* A later entry repeating an earlier entry's name. */
typedef struct DuplicateName
{
	int			index;			/* the later entry */
	int			first;			/* the first entry with that name */
	const char *name;
} DuplicateName;

/* What one fb_record_parse call carries around. */
typedef struct RecordParse
{
	FbRecord   *record;
	size_t		max_field_bytes;
	int			max_fields;
	bool		have_field_ts;	/* a created_at date/datetime field was seen */
	int64_t		field_ts_us;
} RecordParse;


/* Prepare a record for parsing. */
void
fb_record_init(FbRecord *record)
{
	memset(record, 0, sizeof(*record));
	record->display_ts_source = FB_TS_NONE;
	fb_buf_init(&record->values);
	fb_problems_init(&record->problems);
}

/* Release everything the record holds and leave it as fb_record_init does. */
void
fb_record_free(FbRecord *record)
{
	json_object_put(record->root);
	free(record->external_id);
	free(record->fields);
	fb_buf_free(&record->values);
	fb_record_init(record);
}

/* Order field candidates by name (bytes), then by position in the body. */
static int
CompareCandidates(const void *a, const void *b)
{
	const FieldCandidate *ca = a;
	const FieldCandidate *cb = b;
	int			cmp = strcmp(ca->field.name, cb->field.name);

	if (cmp != 0)
		return cmp;
	return (ca->field.index > cb->field.index) - (ca->field.index < cb->field.index);
}

/* Order duplicates by the position of the later entry. */
static int
CompareDuplicates(const void *a, const void *b)
{
	const DuplicateName *da = a;
	const DuplicateName *db = b;

	return (da->index > db->index) - (da->index < db->index);
}

/* Check a field name, adding a problem with the snake_case hint if bad. */
static bool
CheckFieldName(FbProblems *problems, int i, struct json_object *name)
{
	char		path[FB_PATH_SIZE];
	char		preview[64];
	char		hint[FB_HINT_SIZE];
	const char *s;
	size_t		len;

	snprintf(path, sizeof(path), "fields[%d].name", i);
	if (name == NULL)
	{
		fb_problem_add(problems, FB_ERR_MISSING, path, NULL,
					   "field %d: name is null", i);
		return false;
	}
	if (!json_object_is_type(name, json_type_string))
	{
		fb_problem_add(problems, FB_ERR_INVALID, path, NAME_RULE_HINT,
					   "field name must be a string, not %s", fb_json_kind_phrase(name));
		return false;
	}
	s = json_object_get_string(name);
	len = (size_t) json_object_get_string_len(name);
	if (fb_field_name_valid(s, len))
		return true;

	fb_preview(s, len, preview, sizeof(preview));
	fb_field_name_hint(s, len, NAME_RULE_HINT, hint, sizeof(hint));
	if (len > FB_NAME_MAX_BYTES)
		fb_problem_add(problems, FB_ERR_INVALID, path, hint,
					   "field name %s is longer than %d bytes", preview, FB_NAME_MAX_BYTES);
	else
		fb_problem_add(problems, FB_ERR_INVALID, path, hint,
					   "field name %s is not snake_case", preview);
	return false;
}

/*
 * Check a category or type member (what is "category" or "type") with
 * parse, adding a problem when it is not one of the names.
 */
static bool
CheckEnumMember(FbProblems *problems, int i, const char *what,
				struct json_object *v, const char *hint,
				bool (*parse) (const char *, size_t, int *), int *out)
{
	char		path[FB_PATH_SIZE];
	char		preview[64];
	const char *s;
	size_t		len;

	snprintf(path, sizeof(path), "fields[%d].%s", i, what);
	if (v == NULL)
	{
		fb_problem_add(problems, FB_ERR_MISSING, path, hint,
					   "field %d: %s is null", i, what);
		return false;
	}
	if (!json_object_is_type(v, json_type_string))
	{
		fb_problem_add(problems, FB_ERR_INVALID, path, hint,
					   "field %s must be a string, not %s", what, fb_json_kind_phrase(v));
		return false;
	}
	s = json_object_get_string(v);
	len = (size_t) json_object_get_string_len(v);
	if (parse(s, len, out))
		return true;
	fb_preview(s, len, preview, sizeof(preview));
	fb_problem_add(problems, FB_ERR_INVALID, path, hint,
				   "unknown field %s %s", what, preview);
	return false;
}

/* fb_category_parse with an int result, for CheckEnumMember. */
static bool
ParseCategory(const char *s, size_t len, int *out)
{
	FbCategory	c;

	if (!fb_category_parse(s, len, &c))
		return false;
	*out = (int) c;
	return true;
}

/* fb_type_parse with an int result, for CheckEnumMember. */
static bool
ParseType(const char *s, size_t len, int *out)
{
	FbType		t;

	if (!fb_type_parse(s, len, &t))
		return false;
	*out = (int) t;
	return true;
}

/*
 * Check entry i of "fields".  Returns true when its name is valid, and then
 * fills cand (cand->valid when everything else is valid too).
 */
static bool
ParseFieldEntry(RecordParse *rp, int i, struct json_object *entry,
				FieldCandidate *cand)
{
	static const char *const members[] = {"name", "category", "type", "value"};
	FbProblems *problems = &rp->record->problems;
	struct json_object *vals[4] = {NULL, NULL, NULL, NULL};
	bool		present[4] = {false, false, false, false};
	char		path[FB_PATH_SIZE];
	bool		name_ok = false;
	bool		category_ok = false;
	bool		type_ok = false;
	bool		value_ok = false;
	int			category = 0;
	int			type = 0;
	FbCoercion	coercion;
	size_t		value_off = 0;
	struct json_object_iter iter;
	int			m;

	snprintf(path, sizeof(path), "fields[%d]", i);
	if (!json_object_is_type(entry, json_type_object))
	{
		fb_problem_add(problems, FB_ERR_INVALID, path, ENTRY_MEMBERS_HINT,
					   "field entry must be an object, not %s", fb_json_kind_phrase(entry));
		return false;
	}

	json_object_object_foreachC(entry, iter)
	{
		for (m = 0; m < 4; m++)
			if (strcmp(iter.key, members[m]) == 0)
				break;
		if (m < 4)
		{
			present[m] = true;
			vals[m] = iter.val;
		}
		else
		{
			/* the path is the entry itself */
			char		preview[64];

			fb_preview(iter.key, strlen(iter.key), preview, sizeof(preview));
			fb_problem_add(problems, FB_ERR_INVALID, path, ENTRY_MEMBERS_HINT,
						   "field entry has unknown member %s", preview);
		}
	}
	for (m = 0; m < 4; m++)
		if (!present[m])
			fb_problem_add(problems, FB_ERR_MISSING, path, ENTRY_MEMBERS_HINT,
						   "field entry is missing \"%s\"", members[m]);

	if (present[0])
		name_ok = CheckFieldName(problems, i, vals[0]);
	if (present[1])
		category_ok = CheckEnumMember(problems, i, "category", vals[1],
									  CATEGORIES_HINT, ParseCategory, &category);
	if (present[2])
		type_ok = CheckEnumMember(problems, i, "type", vals[2],
								  TYPES_HINT, ParseType, &type);
	if (present[3] && type_ok)
	{
		FbBuf	   *values = &rp->record->values;

		memset(&coercion, 0, sizeof(coercion));
		value_off = values->len;
		fb_coerce((FbType) type, vals[3], rp->max_field_bytes, values, &coercion);
		if (coercion.error == FB_ERR_NONE)
			value_ok = true;
		else
		{
			snprintf(path, sizeof(path), "fields[%d].value", i);
			if (name_ok)
				fb_problem_add(problems, coercion.error, path, NULL,
							   "field \"%s\": %s", json_object_get_string(vals[0]),
							   coercion.message);
			else
				fb_problem_add(problems, coercion.error, path, NULL,
							   "field %d: %s", i, coercion.message);
		}
	}

	if (!name_ok)
		return false;

	memset(cand, 0, sizeof(*cand));
	cand->field.name = json_object_get_string(vals[0]);
	cand->field.name_len = (size_t) json_object_get_string_len(vals[0]);
	cand->field.index = i;
	cand->valid = category_ok && type_ok && value_ok;
	if (cand->valid)
	{
		cand->field.category = (FbCategory) category;
		cand->field.type = (FbType) type;
		cand->field.value_off = value_off;
		cand->field.value_len = rp->record->values.len - value_off;
		cand->field.is_null = coercion.is_null;
		cand->field.has_instant = coercion.has_instant;
		cand->field.epoch_us = coercion.epoch_us;

		/* the fallback display_ts: the first created_at date or datetime */
		if (!rp->have_field_ts &&
			cand->field.category == FB_CAT_CREATED_AT &&
			(cand->field.type == FB_TYPE_DATE || cand->field.type == FB_TYPE_DATETIME) &&
			!coercion.is_null && coercion.has_instant)
		{
			rp->have_field_ts = true;
			rp->field_ts_us = coercion.epoch_us;
		}
	}
	return true;
}

/*
 * Check the "fields" member: every entry, then duplicate names; keep the
 * valid fields, sorted by name, in the record.
 */
static void
ParseFields(RecordParse *rp, struct json_object *fields)
{
	FbRecord   *record = rp->record;
	FbProblems *problems = &record->problems;
	FieldCandidate *cands;
	DuplicateName *dups;
	size_t		n;
	int			ncands = 0;
	int			ndups = 0;
	int			nvalid = 0;
	int			k;
	int			first;

	if (fields == NULL)
	{
		fb_problem_add(problems, FB_ERR_MISSING, "fields",
					   "A record needs a non-empty array of fields.",
					   "member \"fields\" is null");
		return;
	}
	if (!json_object_is_type(fields, json_type_array))
	{
		fb_problem_add(problems, FB_ERR_INVALID, "fields",
					   "A record needs a non-empty array of fields.",
					   "fields must be an array, not %s", fb_json_kind_phrase(fields));
		return;
	}
	n = json_object_array_length(fields);
	if (n == 0)
	{
		fb_problem_add(problems, FB_ERR_INVALID, "fields",
					   "A record needs at least one field.",
					   "fields is empty");
		return;
	}
	if (n > (size_t) rp->max_fields)
	{
		char		hint[FB_HINT_SIZE];

		snprintf(hint, sizeof(hint), "Send at most %d fields in one record.",
				 rp->max_fields);
		fb_problem_add(problems, FB_ERR_INVALID, "fields", hint,
					   "fields has %zu entries, more than the limit of %d",
					   n, rp->max_fields);
		return;
	}

	cands = fb_xmalloc(n * sizeof(FieldCandidate));
	for (k = 0; k < (int) n; k++)
	{
		if (ParseFieldEntry(rp, k, json_object_array_get_idx(fields, (size_t) k),
							&cands[ncands]))
			ncands++;
	}

	/* duplicate names, reported in body order of the later entry */
	qsort(cands, (size_t) ncands, sizeof(FieldCandidate), CompareCandidates);
	dups = fb_xmalloc((size_t) ncands * sizeof(DuplicateName));
	first = 0;
	for (k = 1; k < ncands; k++)
	{
		if (strcmp(cands[k].field.name, cands[first].field.name) == 0)
		{
			dups[ndups].index = cands[k].field.index;
			dups[ndups].first = cands[first].field.index;
			dups[ndups].name = cands[k].field.name;
			ndups++;
			cands[k].valid = false;
		}
		else
			first = k;
	}
	qsort(dups, (size_t) ndups, sizeof(DuplicateName), CompareDuplicates);
	for (k = 0; k < ndups; k++)
	{
		char		path[FB_PATH_SIZE];

		snprintf(path, sizeof(path), "fields[%d].name", dups[k].index);
		fb_problem_add(problems, FB_ERR_INVALID, path,
					   "Field names must be unique within a record.",
					   "duplicate field name \"%s\" (first at fields[%d])",
					   dups[k].name, dups[k].first);
	}
	free(dups);

	/* the valid fields, still in name order */
	record->fields = fb_xmalloc((size_t) ncands * sizeof(FbRecordField));
	for (k = 0; k < ncands; k++)
		if (cands[k].valid)
			record->fields[nvalid++] = cands[k].field;
	record->nfields = nvalid;
	free(cands);
}

/* Check the "external_id" member: a string of 1..255 characters or an integer. */
static void
ParseExternalId(FbRecord *record, struct json_object *v)
{
	FbProblems *problems = &record->problems;
	const char	hint[] = "An external_id is a string of 1 to 255 characters (or an integer).";
	char		text[32];
	const char *s;
	size_t		len;
	size_t		nchars;

	if (v == NULL)
		return;
	if (json_object_is_type(v, json_type_int))
	{
		int64_t		i64 = json_object_get_int64(v);
		uint64_t	u64 = json_object_get_uint64(v);

		if (i64 == INT64_MAX && u64 > (uint64_t) INT64_MAX)
			snprintf(text, sizeof(text), "%" PRIu64, u64);
		else
			snprintf(text, sizeof(text), "%" PRId64, i64);
		s = text;
		len = strlen(text);
	}
	else if (json_object_is_type(v, json_type_string))
	{
		s = json_object_get_string(v);
		len = (size_t) json_object_get_string_len(v);
		if (len == 0)
		{
			fb_problem_add(problems, FB_ERR_INVALID, "external_id", hint,
						   "external_id is empty");
			return;
		}
		if (memchr(s, '\0', len) != NULL)
		{
			fb_problem_add(problems, FB_ERR_INVALID, "external_id", hint,
						   "external_id contains a NUL character");
			return;
		}
		nchars = fb_utf8_length(s, len);
		if (nchars > FB_EXTERNAL_ID_MAX_CHARS)
		{
			fb_problem_add(problems, FB_ERR_TOO_LARGE, "external_id", hint,
						   "external_id has %zu characters, more than %d",
						   nchars, FB_EXTERNAL_ID_MAX_CHARS);
			return;
		}
	}
	else
	{
		fb_problem_add(problems, FB_ERR_INVALID, "external_id", hint,
					   "external_id must be a string or an integer, not %s",
					   fb_json_kind_phrase(v));
		return;
	}

	record->external_id = fb_copy_text(s, len);
	record->external_id_len = len;
	record->has_external_id = true;
}

/*
 * Check an id member ("person_id", "source_id"): an integer within int64.
 * Sets *id and returns true when it is one; null counts as absent.
 */
static bool
ParseId(FbRecord *record, struct json_object *v, const char *member,
		const char *hint, int64_t *id)
{
	FbProblems *problems = &record->problems;
	int64_t		i64;
	uint64_t	u64;

	if (v == NULL)
		return false;
	if (!json_object_is_type(v, json_type_int))
	{
		fb_problem_add(problems, FB_ERR_INVALID, member, hint,
					   "%s must be an integer, not %s", member, fb_json_kind_phrase(v));
		return false;
	}
	i64 = json_object_get_int64(v);
	u64 = json_object_get_uint64(v);
	if (i64 == INT64_MAX && u64 > (uint64_t) INT64_MAX)
	{
		fb_problem_add(problems, FB_ERR_OUT_OF_RANGE, member, NULL,
					   "%s %" PRIu64 " is out of range", member, u64);
		return false;
	}
	*id = i64;
	return true;
}

/* Check the "display_ts" member: a datetime string or epoch seconds. */
static void
ParseDisplayTs(FbRecord *record, struct json_object *v)
{
	FbProblems *problems = &record->problems;
	char		preview[64];
	const char *s;
	size_t		len;
	int64_t		us;

	if (v == NULL)
		return;
	if (json_object_is_type(v, json_type_string))
	{
		s = json_object_get_string(v);
		len = (size_t) json_object_get_string_len(v);
		if (fb_parse_datetime(s, len, &us))
			goto ok;
	}
	else if (json_object_is_type(v, json_type_int) ||
			 json_object_is_type(v, json_type_double))
	{
		/* a parsed number prints as its original text */
		s = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
		len = strlen(s);
		if (fb_epoch_text_to_us(s, len, &us))
			goto ok;
	}
	else
	{
		/* as field.c treats a datetime value of another JSON type */
		fb_problem_add(problems, FB_ERR_BAD_DATETIME, "display_ts", DATETIME_HINT,
					   "display_ts must be a datetime string or a number, not %s",
					   fb_json_kind_phrase(v));
		return;
	}
	fb_preview(s, len, preview, sizeof(preview));
	fb_problem_add(problems, FB_ERR_BAD_DATETIME, "display_ts", DATETIME_HINT,
				   "display_ts %s is not a valid datetime", preview);
	return;

ok:
	record->display_ts_source = FB_TS_BODY;
	record->display_ts_us = us;
}

/* Parse and validate a record body; see record.h. */
bool
fb_record_parse(FbRecord *record, const char *body, size_t len,
				const FbLimits *limits)
{
	RecordParse rp;
	struct json_object_iter iter;
	bool		has_fields = false;
	bool		has_display_ts = false;

	fb_record_free(record);

	memset(&rp, 0, sizeof(rp));
	rp.record = record;
	rp.max_field_bytes = limits ? limits->max_field_bytes : DEFAULT_MAX_FIELD_BYTES;
	rp.max_fields = limits ? limits->max_fields : DEFAULT_MAX_FIELDS;
	if (rp.max_fields < 0)
		rp.max_fields = 0;

	if (!fb_json_parse_object(body, len, &record->root, &record->problems,
							  "record", RECORD_MEMBERS_HINT))
		return false;

	/* members in body order, so problems come in body order */
	json_object_object_foreachC(record->root, iter)
	{
		if (strcmp(iter.key, "fields") == 0)
		{
			has_fields = true;
			ParseFields(&rp, iter.val);
		}
		else if (strcmp(iter.key, "external_id") == 0)
			ParseExternalId(record, iter.val);
		else if (strcmp(iter.key, "person_id") == 0)
			record->has_person_id =
				ParseId(record, iter.val, "person_id",
						"A person_id is the integer id of a person, as PUT /people returns it.",
						&record->person_id);
		else if (strcmp(iter.key, "source_id") == 0 && limits && limits->accept_source_id)
			record->has_source_id =
				ParseId(record, iter.val, "source_id",
						"A source_id is the integer id of a feedback source.",
						&record->source_id);
		else if (strcmp(iter.key, "display_ts") == 0)
		{
			has_display_ts = iter.val != NULL;
			ParseDisplayTs(record, iter.val);
		}
		else
			fb_json_unknown_member(&record->problems, "", iter.key, RECORD_MEMBERS_HINT);
	}
	if (!has_fields)
		fb_problem_add(&record->problems, FB_ERR_MISSING, "fields",
					   "A record needs a non-empty array of fields.",
					   "missing required member \"fields\"");

	if (!has_display_ts && rp.have_field_ts)
	{
		record->display_ts_source = FB_TS_FIELD;
		record->display_ts_us = rp.field_ts_us;
	}

	return record->problems.count == 0;
}

/* Order pointers to fields by the fields' position in the body. */
static int
CompareFieldsByIndex(const void *a, const void *b)
{
	int			ia = (*(const FbRecordField *const *) a)->index;
	int			ib = (*(const FbRecordField *const *) b)->index;

	return (ia > ib) - (ia < ib);
}

/* Check the record's fields against the source's registry; see record.h. */
bool
fb_record_check_registry(FbRecord *record, FbRegistryLookup lookup,
						 void *context)
{
	int			before = record->problems.count;
	const FbRecordField **order;
	int			k;

	if (record->nfields == 0)
		return true;

	/* report in body order: visit the fields by index */
	order = fb_xmalloc((size_t) record->nfields * sizeof(FbRecordField *));
	for (k = 0; k < record->nfields; k++)
		order[k] = &record->fields[k];
	qsort(order, (size_t) record->nfields, sizeof(FbRecordField *),
		  CompareFieldsByIndex);

	for (k = 0; k < record->nfields; k++)
	{
		const FbRecordField *f = order[k];
		FbCategory	category;
		FbType		type;
		char		path[FB_PATH_SIZE];

		if (!lookup(context, f->name, f->name_len, &category, &type))
			continue;
		if (category != f->category)
		{
			snprintf(path, sizeof(path), "fields[%d].category", f->index);
			fb_problem_add(&record->problems, FB_ERR_INVALID, path, REGISTRY_HINT,
						   "field \"%s\" is registered in this source as category \"%s\", not \"%s\"",
						   f->name, fb_category_name(category),
						   fb_category_name(f->category));
		}
		if (type != f->type)
		{
			snprintf(path, sizeof(path), "fields[%d].type", f->index);
			fb_problem_add(&record->problems, FB_ERR_INVALID, path, REGISTRY_HINT,
						   "field \"%s\" is registered in this source as type \"%s\", not \"%s\"",
						   f->name, fb_type_name(type), fb_type_name(f->type));
		}
	}
	free(order);
	return record->problems.count == before;
}

/* Write {"name": value, ...}, the fields object as stored. */
void
fb_record_fields_object(const FbRecord *record, FbBuf *out)
{
	int			k;

	fb_buf_append_char(out, '{');
	for (k = 0; k < record->nfields; k++)
	{
		const FbRecordField *f = &record->fields[k];

		if (k > 0)
			fb_buf_append_char(out, ',');
		fb_buf_append_json_string(out, f->name, f->name_len);
		fb_buf_append_char(out, ':');
		fb_buf_append(out, record->values.data + f->value_off, f->value_len);
	}
	fb_buf_append_char(out, '}');
}

/* Write [{"name":..,"category":..,"type":..,"value":..}, ...] in name order. */
void
fb_record_fields_array(const FbRecord *record, FbBuf *out)
{
	int			k;

	fb_buf_append_char(out, '[');
	for (k = 0; k < record->nfields; k++)
	{
		const FbRecordField *f = &record->fields[k];

		if (k > 0)
			fb_buf_append_char(out, ',');
		fb_buf_append_str(out, "{\"name\":");
		fb_buf_append_json_string(out, f->name, f->name_len);
		fb_buf_append_str(out, ",\"category\":");
		fb_buf_append_json_string(out, fb_category_name(f->category),
								  strlen(fb_category_name(f->category)));
		fb_buf_append_str(out, ",\"type\":");
		fb_buf_append_json_string(out, fb_type_name(f->type),
								  strlen(fb_type_name(f->type)));
		fb_buf_append_str(out, ",\"value\":");
		fb_buf_append(out, record->values.data + f->value_off, f->value_len);
		fb_buf_append_char(out, '}');
	}
	fb_buf_append_char(out, ']');
}
