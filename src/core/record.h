/*
 * record.h - parsing and validating a record body (pure C)
 *
 * One parse of the JSON body with json-c, every rule of DESIGN.md section 4
 * checked, every problem collected with its path, and the canonical values
 * kept so the glue can store them without further work.
 */
#ifndef FEEDBACK_RECORD_H
#define FEEDBACK_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "field.h"
#include "jsonutil.h"			/* fb_json_parse, which record bodies go through */
#include "problems.h"

struct json_object;

#define FB_EXTERNAL_ID_MAX_CHARS 255

typedef struct FbLimits
{
	size_t		max_field_bytes;	/* feedback.max_field_bytes */
	int			max_fields;			/* feedback.max_fields_per_record */
	bool		accept_source_id;	/* the body may name its source (HTTP calls) */
} FbLimits;

typedef enum FbDisplayTsSource
{
	FB_TS_NONE,					/* neither given nor derivable: use the ingest time */
	FB_TS_BODY,					/* the body's display_ts */
	FB_TS_FIELD					/* the first created_at field with a date or datetime */
} FbDisplayTsSource;

/* One validated field. */
typedef struct FbRecordField
{
	const char *name;			/* NUL-terminated, owned by the parse tree */
	size_t		name_len;
	int			index;			/* position in the body's "fields" array */
	FbCategory	category;
	FbType		type;
	size_t		value_off;		/* canonical JSON text: values.data + value_off */
	size_t		value_len;
	bool		is_null;
	bool		has_instant;	/* date/datetime value: epoch_us is set */
	int64_t		epoch_us;
} FbRecordField;

typedef struct FbRecord
{
	struct json_object *root;	/* the parse tree; owns the name strings */
	bool		has_external_id;
	char	   *external_id;	/* NUL-terminated UTF-8, owned by the record */
	size_t		external_id_len;
	bool		has_person_id;
	int64_t		person_id;
	bool		has_source_id;	/* only with limits->accept_source_id */
	int64_t		source_id;
	FbDisplayTsSource display_ts_source;
	int64_t		display_ts_us;	/* set unless FB_TS_NONE */
	int			nfields;
	FbRecordField *fields;		/* sorted by name (byte order) */
	FbBuf		values;			/* the canonical values, concatenated */
	FbProblems	problems;
} FbRecord;

/* Prepare a record for parsing; always pair with fb_record_free. */
void		fb_record_init(FbRecord *record);

/* Release everything the record holds; safe to call twice. */
void		fb_record_free(FbRecord *record);

/*
 * Parse and validate body (len bytes, need not be NUL-terminated).
 * Returns true when the record is valid; otherwise record->problems lists
 * every problem found, in body order, each with its path:
 *   ""                      body is not a JSON object / malformed JSON
 *   "display_time"          unknown member
 *   "fields"                missing, not an array, empty, too many entries
 *   "fields[2]"             entry not an object, missing or unknown member
 *   "fields[2].name"        bad or duplicate name (hint: snake_case form)
 *   "fields[2].category" / "fields[2].type"   unknown value
 *   "fields[2].value"       value rejected by its type (field.h)
 *   "external_id" / "person_id" / "display_ts"
 *   "source_id"             (accepted only with limits->accept_source_id)
 */
bool		fb_record_parse(FbRecord *record, const char *body, size_t len,
							const FbLimits *limits);

/*
 * The source's registry, as the glue knows it: true and the registered
 * category and type when name is registered in the source.
 */
typedef bool (*FbRegistryLookup) (void *context, const char *name, size_t name_len,
								  FbCategory *category, FbType *type);

/*
 * Check each field of a parsed, valid record against the registry.  A
 * field whose category or type differs from its registered one adds a
 * problem at "fields[i].category" / "fields[i].type" naming the registered
 * value.  Returns true when every registered field agrees.
 */
bool		fb_record_check_registry(FbRecord *record, FbRegistryLookup lookup,
									 void *context);

/* {"name": value, ...}: the canonical fields object as stored. */
void		fb_record_fields_object(const FbRecord *record, FbBuf *out);

/* [{"name":..,"category":..,"type":..,"value":..}, ...] in name order. */
void		fb_record_fields_array(const FbRecord *record, FbBuf *out);

#endif
