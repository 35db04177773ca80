/*
 * field.h - field names, categories, types and typed coercion (pure C)
 *
 * The rules of DESIGN.md section 4: what each of the seven types accepts,
 * its canonical JSON form, and which error kind a rejected value gets.
 */
#ifndef FEEDBACK_FIELD_H
#define FEEDBACK_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "problems.h"

struct json_object;

#define FB_NAME_MAX_BYTES 63

typedef enum FbCategory
{
	FB_CAT_CONTENT,
	FB_CAT_CREATED_AT,
	FB_CAT_IDENTIFIER,
	FB_CAT_IDENTITY,
	FB_CAT_METADATA,
	FB_CAT__COUNT
} FbCategory;

typedef enum FbType
{
	FB_TYPE_BOOLEAN,
	FB_TYPE_DATE,
	FB_TYPE_DATETIME,
	FB_TYPE_FLOAT,
	FB_TYPE_INTEGER,
	FB_TYPE_JSON,
	FB_TYPE_STRING,
	FB_TYPE__COUNT
} FbType;

/* Names as in the API and in the SQL enums ("created_at", "datetime"). */
const char *fb_category_name(FbCategory category);
const char *fb_type_name(FbType type);
bool		fb_category_parse(const char *s, size_t len, FbCategory *out);
bool		fb_type_parse(const char *s, size_t len, FbType *out);

/* A field name matches ^[a-z][a-z0-9_]*$ and has at most 63 bytes. */
bool		fb_field_name_valid(const char *s, size_t len);

/*
 * The snake_case form of a bad name, for the hint: "Ticket Body" and
 * "ticketBody" -> "ticket_body", "2fa" -> "f_2fa".  Writes "" when no
 * valid name can be made (e.g. no letters or digits at all).
 */
void		fb_field_name_suggest(const char *s, size_t len, char *out, size_t outsz);

/*
 * The hint for a bad name s[0..len) (a field name, a source type):
 * "Use \"<suggestion>\"." when fb_field_name_suggest makes one, else
 * rule_hint.  Written into hint (hintsz bytes, cut to fit).
 */
void		fb_field_name_hint(const char *s, size_t len, const char *rule_hint,
							   char *hint, size_t hintsz);

/* The outcome of coercing one value. */
typedef struct FbCoercion
{
	FbErrorKind error;			/* FB_ERR_NONE when accepted */
	char		message[FB_MESSAGE_SIZE];	/* on error: e.g. "\"abc\" is not an integer" */
	bool		is_null;		/* the value was JSON null (canonical "null") */
	bool		has_instant;	/* date and datetime: epoch_us is set */
	int64_t		epoch_us;
} FbCoercion;

/*
 * Coerce value (NULL means JSON null) to type, appending its canonical
 * JSON text to out.  A canonical form over max_bytes (a string's UTF-8
 * bytes, else the JSON text's bytes) is rejected with FB_ERR_TOO_LARGE.
 * On error nothing is appended and result->message says what is wrong
 * with the value, without naming the field (the caller adds that).
 */
void		fb_coerce(FbType type, struct json_object *value, size_t max_bytes,
					  FbBuf *out, FbCoercion *result);

#endif
