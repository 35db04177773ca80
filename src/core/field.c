/*
 * field.c - field names, categories, types and typed coercion (pure C)
 *
 * The coercion rules of DESIGN.md section 4.  Numbers are always handled
 * through the exact text of the JSON number (json-c keeps a parsed
 * double's source text), so nothing is lost to binary floating point:
 * integers are evaluated as exact decimals (scanned by number.c), floats
 * are converted once by strtod and printed back in the shortest form that
 * round-trips.
 */
#include "field.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "iso8601.h"
#include "number.h"
#include "utf8.h"

#define PREVIEW_SIZE 64

static const char *const category_names[FB_CAT__COUNT] = {
	"content", "created_at", "identifier", "identity", "metadata"
};

static const char *const type_names[FB_TYPE__COUNT] = {
	"boolean", "date", "datetime", "float", "integer", "json", "string"
};

/* The API name of a category, or NULL for an invalid one. */
const char *
fb_category_name(FbCategory category)
{
	if ((int) category < 0 || category >= FB_CAT__COUNT)
		return NULL;
	return category_names[category];
}

/* The API name of a type, or NULL for an invalid one. */
const char *
fb_type_name(FbType type)
{
	if ((int) type < 0 || type >= FB_TYPE__COUNT)
		return NULL;
	return type_names[type];
}

/* Index of s[0..len) in names[0..n) (exact, case-sensitive), or -1. */
static int
find_name(const char *const *names, int n, const char *s, size_t len)
{
	int			i;

	for (i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return i;
	return -1;
}

/* Parse a category name as the API spells it. */
bool
fb_category_parse(const char *s, size_t len, FbCategory *out)
{
	int			i = find_name(category_names, FB_CAT__COUNT, s, len);

	if (i < 0)
		return false;
	*out = (FbCategory) i;
	return true;
}

/* Parse a type name as the API spells it. */
bool
fb_type_parse(const char *s, size_t len, FbType *out)
{
	int			i = find_name(type_names, FB_TYPE__COUNT, s, len);

	if (i < 0)
		return false;
	*out = (FbType) i;
	return true;
}

/* ASCII-only character classes: never locale-dependent. */
static bool
is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A field name matches ^[a-z][a-z0-9_]*$ and has at most 63 bytes. */
bool
fb_field_name_valid(const char *s, size_t len)
{
	size_t		i;

	if (len == 0 || len > FB_NAME_MAX_BYTES || !is_lower(s[0]))
		return false;
	for (i = 1; i < len; i++)
		if (!is_lower(s[i]) && !is_digit(s[i]) && s[i] != '_')
			return false;
	return true;
}

/*
 * The snake_case form of a name for a hint: words (split at anything not
 * an ASCII letter or digit, and at camelCase humps, keeping acronyms
 * together: "HTTPServer" -> "http_server") joined by '_', lower-cased;
 * "f_" in front when it would start with a digit; at most 63 bytes.
 * Writes "" when there are no letters or digits at all.
 */
void
fb_field_name_suggest(const char *s, size_t len, char *out, size_t outsz)
{
	char		tmp[FB_NAME_MAX_BYTES + 1];
	size_t		o = 0;
	size_t		limit = FB_NAME_MAX_BYTES;
	bool		digit_first = false;
	size_t		i;

	if (outsz == 0)
		return;
	out[0] = '\0';

	/* find whether the first letter-or-digit is a digit: then "f_" goes first */
	for (i = 0; i < len; i++)
	{
		if (is_lower(s[i]) || is_upper(s[i]))
			break;
		if (is_digit(s[i]))
		{
			digit_first = true;
			break;
		}
	}
	if (i == len)
		return;
	if (digit_first)
	{
		memcpy(tmp, "f_", 2);
		o = 2;
	}

	for (i = 0; i < len && o < limit; i++)
	{
		char		c = s[i];
		bool		sep = false;

		if (is_upper(c))
		{
			char		prev = i > 0 ? s[i - 1] : '\0';
			char		next = i + 1 < len ? s[i + 1] : '\0';

			/* a hump: "ticketBody", or the last capital of "HTTPServer" */
			if (is_lower(prev) || is_digit(prev) ||
				(is_upper(prev) && is_lower(next)))
				sep = true;
			c = (char) (c - 'A' + 'a');
		}
		else if (!is_lower(c) && !is_digit(c))
		{
			/* any other byte separates words */
			if (o > 0 && tmp[o - 1] != '_')
				tmp[o++] = '_';
			continue;
		}
		if (sep && o > 0 && tmp[o - 1] != '_')
		{
			tmp[o++] = '_';
			if (o >= limit)
				break;
		}
		tmp[o++] = c;
	}
	while (o > 0 && tmp[o - 1] == '_')
		o--;
	if (o > outsz - 1)
		o = outsz - 1;
	while (o > 0 && tmp[o - 1] == '_')
		o--;
	memcpy(out, tmp, o);
	out[o] = '\0';
}

/* The hint for a bad name: its snake_case form, else the rule; see field.h. */
void
fb_field_name_hint(const char *s, size_t len, const char *rule_hint,
				   char *hint, size_t hintsz)
{
	char		suggestion[FB_NAME_MAX_BYTES + 1];

	fb_field_name_suggest(s, len, suggestion, sizeof(suggestion));
	if (suggestion[0] != '\0')
		snprintf(hint, hintsz, "Use \"%s\".", suggestion);
	else
		snprintf(hint, hintsz, "%s", rule_hint);
}

/*
 * The exact integer value of d: FB_ERR_NONE and *out, FB_ERR_OUT_OF_RANGE
 * when its integer part is outside int64, FB_ERR_INVALID when it has a
 * non-zero fractional part.
 */
static FbErrorKind
decimal_to_int64(const FbDecimal *dec, int64_t *out)
{
	int			ndig = dec->ndig;
	int64_t		exp = dec->exp;
	int64_t		intdigits;
	uint64_t	mag = 0;
	int64_t		i;

	/* trailing zeros of the kept digits carry no fraction */
	while (ndig > 0 && dec->digits[ndig - 1] == '0' && !dec->tail_nonzero)
	{
		ndig--;
		exp++;
	}
	if (ndig == 0)
	{
		*out = 0;
		return FB_ERR_NONE;
	}
	intdigits = ndig + exp;
	if (intdigits > 19)
		return FB_ERR_OUT_OF_RANGE;
	/* with at most 19 integer digits, any tail digit is a fraction digit */
	if (exp < 0 || dec->tail_nonzero)
		return FB_ERR_INVALID;
	for (i = 0; i < intdigits; i++)
		mag = mag * 10 + (i < ndig ? (uint64_t) (dec->digits[i] - '0') : 0);
	if (dec->negative)
	{
		if (mag > (uint64_t) INT64_MAX + 1)
			return FB_ERR_OUT_OF_RANGE;
		*out = mag == (uint64_t) INT64_MAX + 1 ? INT64_MIN : -(int64_t) mag;
	}
	else
	{
		if (mag > (uint64_t) INT64_MAX)
			return FB_ERR_OUT_OF_RANGE;
		*out = (int64_t) mag;
	}
	return FB_ERR_NONE;
}

/* True when s[0..len) is ^[+-]?[0-9]+$. */
static bool
is_integer_string(const char *s, size_t len)
{
	size_t		i = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i == len)
		return false;
	for (; i < len; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* True when s[0..len) equals the lower-case ASCII word w, ignoring case. */
static bool
equals_nocase(const char *s, size_t len, const char *w)
{
	size_t		i;

	if (strlen(w) != len)
		return false;
	for (i = 0; i < len; i++)
	{
		char		c = s[i];

		if (is_upper(c))
			c = (char) (c - 'A' + 'a');
		if (c != w[i])
			return false;
	}
	return true;
}

/* True when s[0..len) is [+-]?(inf|infinity), any case. */
static bool
is_infinity_word(const char *s, size_t len)
{
	if (len > 0 && (s[0] == '+' || s[0] == '-'))
	{
		s++;
		len--;
	}
	return equals_nocase(s, len, "inf") || equals_nocase(s, len, "infinity");
}

/* True when s[0..len) is [+-]?nan, any case. */
static bool
is_nan_word(const char *s, size_t len)
{
	if (len > 0 && (s[0] == '+' || s[0] == '-'))
	{
		s++;
		len--;
	}
	return equals_nocase(s, len, "nan");
}

/*
 * The exact text of a JSON number (or boolean) as json-c prints it: the
 * source text for a parsed double, the decimal for an integer.  The
 * pointer lives in v's print buffer until v is printed again.
 */
static const char *
json_text(struct json_object *v, size_t *len)
{
	const char *s = json_object_to_json_string_ext(v,
												   JSON_C_TO_STRING_PLAIN |
												   JSON_C_TO_STRING_NOSLASHESCAPE);

	*len = strlen(s);
	return s;
}

/* True when v is a JSON number. */
static bool
is_number(struct json_object *v)
{
	json_type	t = json_object_get_type(v);

	return t == json_type_int || t == json_type_double;
}

/*
 * A preview of v for a message: a string quoted and escaped by fb_preview,
 * anything else as its JSON text, both cut to about 40 bytes with "...".
 * Bytes of the JSON text that are not well-formed UTF-8 (json-c passes
 * them through) become U+FFFD so that the message stays valid UTF-8.
 */
static void
preview_value(struct json_object *v, char out[PREVIEW_SIZE])
{
	const char *s;
	size_t		len;
	size_t		i = 0;
	size_t		o = 0;

	if (json_object_get_type(v) == json_type_string)
	{
		fb_preview(json_object_get_string(v),
				   (size_t) json_object_get_string_len(v), out, PREVIEW_SIZE);
		return;
	}
	s = json_text(v, &len);
	while (i < len)
	{
		unsigned char c = (unsigned char) s[i];
		size_t		n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		bool		ok = n <= len - i && fb_utf8_valid(s + i, n);
		size_t		outn = ok ? n : 3;

		if (o + outn > 40)
			break;
		memcpy(out + o, ok ? s + i : "\xEF\xBF\xBD", outn);
		o += outn;
		i += ok ? n : 1;
	}
	if (i < len)
	{
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

/* Reject the value: set the error kind and a printf-formatted message. */
static void
set_error(FbCoercion *result, FbErrorKind kind, const char *fmt,...)
__attribute__((format(printf, 3, 4)));

static void
set_error(FbCoercion *result, FbErrorKind kind, const char *fmt,...)
{
	va_list		ap;

	result->error = kind;
	va_start(ap, fmt);
	fb_vformat_clipped(result->message, sizeof(result->message), fmt, ap);
	va_end(ap);
}

/* Reject v with "<preview> <what>", e.g. "\"abc\" is not an integer". */
static void
reject(FbCoercion *result, FbErrorKind kind, struct json_object *v,
	   const char *what)
{
	char		preview[PREVIEW_SIZE];

	preview_value(v, preview);
	set_error(result, kind, "%s %s", preview, what);
}

/* False (and a TOO_LARGE error) when size bytes exceed the limit. */
static bool
check_size(FbCoercion *result, size_t size, size_t max_bytes)
{
	if (size <= max_bytes)
		return true;
	set_error(result, FB_ERR_TOO_LARGE,
			  "value is %zu bytes, more than the limit of %zu", size, max_bytes);
	return false;
}

/* Append text if it fits the size limit. */
static void
emit(FbBuf *out, FbCoercion *result, const char *text, size_t len,
	 size_t max_bytes)
{
	if (check_size(result, len, max_bytes))
		fb_buf_append(out, text, len);
}

/* string: a string as it is; a number or boolean as its JSON text. */
static void
coerce_string(struct json_object *v, size_t max_bytes, FbBuf *out,
			  FbCoercion *result)
{
	const char *s;
	size_t		len;

	switch (json_object_get_type(v))
	{
		case json_type_string:
			s = json_object_get_string(v);
			len = (size_t) json_object_get_string_len(v);
			if (memchr(s, '\0', len) != NULL)
			{
				reject(result, FB_ERR_INVALID, v, "contains a NUL character");
				return;
			}
			if (!fb_utf8_valid(s, len))
			{
				reject(result, FB_ERR_INVALID, v, "is not valid UTF-8");
				return;
			}
			break;
		case json_type_int:
		case json_type_double:
		case json_type_boolean:
			s = json_text(v, &len);
			break;
		case json_type_object:
			reject(result, FB_ERR_INVALID, v, "is an object, not a string");
			return;
		default:
			reject(result, FB_ERR_INVALID, v, "is an array, not a string");
			return;
	}
	if (check_size(result, len, max_bytes))
		fb_buf_append_json_string(out, s, len);
}

/* integer: exact int64 from an integer, a number with no fraction, or a digit string. */
static void
coerce_integer(struct json_object *v, size_t max_bytes, FbBuf *out,
			   FbCoercion *result)
{
	const char *s;
	size_t		len;
	FbDecimal	dec;
	int64_t		value;
	FbErrorKind kind;
	char		text[24];

	if (json_object_get_type(v) == json_type_string)
	{
		s = json_object_get_string(v);
		len = (size_t) json_object_get_string_len(v);
		if (!is_integer_string(s, len))
		{
			reject(result, FB_ERR_INVALID, v, "is not an integer");
			return;
		}
	}
	else if (is_number(v))
	{
		s = json_text(v, &len);
		if (is_infinity_word(s, len))
		{
			reject(result, FB_ERR_OUT_OF_RANGE, v, "is out of range for an integer");
			return;
		}
	}
	else
	{
		reject(result, FB_ERR_INVALID, v, "is not an integer");
		return;
	}

	if (!fb_decimal_parse(s, len, &dec))
	{
		reject(result, FB_ERR_INVALID, v, "is not an integer");
		return;
	}
	kind = decimal_to_int64(&dec, &value);
	if (kind == FB_ERR_OUT_OF_RANGE)
	{
		reject(result, kind, v, "is out of range for an integer");
		return;
	}
	if (kind != FB_ERR_NONE)
	{
		reject(result, kind, v, "has a fractional part");
		return;
	}
	snprintf(text, sizeof(text), "%" PRId64, value);
	emit(out, result, text, strlen(text), max_bytes);
}

/*
 * The shortest text that reads back as d: the least precision p (1..17)
 * that round-trips, printed plainly for decimal exponents -4..14 and in
 * exponent form otherwise (as PostgreSQL's float8out does): "100", "0.1",
 * "1e+21", "5e-324".  Zero of either sign is "0".
 */
static void
format_float(double d, char out[32])
{
	char		buf[32];
	int			p;
	int			x;
	const char *e;

	if (d == 0)
	{
		strcpy(out, "0");
		return;
	}
	for (p = 1; p <= 17; p++)
	{
		snprintf(buf, sizeof(buf), "%.*e", p - 1, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	e = strchr(buf, 'e');
	x = atoi(e + 1);
	if (x >= -4 && x < 15)
		snprintf(out, 32, "%.*f", p - 1 - x > 0 ? p - 1 - x : 0, d);
	else
		strcpy(out, buf);
}

/* float: a finite double from a number or a numeric string. */
static void
coerce_float(struct json_object *v, size_t max_bytes, FbBuf *out,
			 FbCoercion *result)
{
	const char *s;
	size_t		len;
	FbDecimal	dec;
	double		d;
	char		text[32];

	if (json_object_get_type(v) == json_type_string)
	{
		s = json_object_get_string(v);
		len = (size_t) json_object_get_string_len(v);
	}
	else if (is_number(v))
		s = json_text(v, &len);
	else
	{
		reject(result, FB_ERR_INVALID, v, "is not a float");
		return;
	}

	if (!fb_decimal_parse(s, len, &dec))
	{
		if (is_infinity_word(s, len))
			reject(result, FB_ERR_OUT_OF_RANGE, v, "is out of range for a float");
		else if (is_nan_word(s, len))
			reject(result, FB_ERR_INVALID, v, "is not a float (NaN is not allowed)");
		else
			reject(result, FB_ERR_INVALID, v, "is not a float");
		return;
	}

	/*
	 * s is NUL-terminated right after len bytes (json-c strings and print
	 * buffers both are) and was checked above, so strtod reads exactly it
	 * and never sees hex, "inf", "nan" or spaces.
	 */
	d = strtod(s, NULL);
	if (isinf(d) || (d == 0 && dec.ndig > 0))
	{
		/* overflow, or a non-zero literal that underflows to zero */
		reject(result, FB_ERR_OUT_OF_RANGE, v, "is out of range for a float");
		return;
	}
	format_float(d, text);
	emit(out, result, text, strlen(text), max_bytes);
}

/* boolean: true/false, the words of the table, or an integer 0 or 1. */
static void
coerce_boolean(struct json_object *v, size_t max_bytes, FbBuf *out,
			   FbCoercion *result)
{
	static const char *const true_words[] = {"true", "t", "yes", "1"};
	static const char *const false_words[] = {"false", "f", "no", "0"};
	int			value = -1;
	const char *s;
	size_t		len;
	size_t		i;

	switch (json_object_get_type(v))
	{
		case json_type_boolean:
			value = json_object_get_boolean(v) ? 1 : 0;
			break;
		case json_type_string:
			s = json_object_get_string(v);
			len = (size_t) json_object_get_string_len(v);
			for (i = 0; i < sizeof(true_words) / sizeof(true_words[0]); i++)
			{
				if (equals_nocase(s, len, true_words[i]))
					value = 1;
				else if (equals_nocase(s, len, false_words[i]))
					value = 0;
			}
			break;
		case json_type_int:
		case json_type_double:
			{
				FbDecimal	dec;
				int64_t		n;

				/* an integer literal only: "1.0" and "1e0" are not */
				s = json_text(v, &len);
				if (is_integer_string(s, len) && fb_decimal_parse(s, len, &dec) &&
					decimal_to_int64(&dec, &n) == FB_ERR_NONE &&
					(n == 0 || n == 1))
					value = (int) n;
				break;
			}
		default:
			break;
	}
	if (value < 0)
	{
		reject(result, FB_ERR_INVALID, v, "is not a boolean");
		return;
	}
	if (value)
		emit(out, result, "true", 4, max_bytes);
	else
		emit(out, result, "false", 5, max_bytes);
}

/* date: a string "YYYY-MM-DD" naming a real day. */
static void
coerce_date(struct json_object *v, size_t max_bytes, FbBuf *out,
			FbCoercion *result)
{
	const char *s;
	size_t		len;
	char		text[FB_DATE_BUFSIZE + 2];

	if (json_object_get_type(v) != json_type_string)
	{
		reject(result, FB_ERR_BAD_DATETIME, v,
			   "is not a valid date (expected YYYY-MM-DD)");
		return;
	}
	s = json_object_get_string(v);
	len = (size_t) json_object_get_string_len(v);
	if (!fb_parse_date(s, len, &result->epoch_us))
	{
		reject(result, FB_ERR_BAD_DATETIME, v,
			   "is not a valid date (expected YYYY-MM-DD)");
		return;
	}
	text[0] = '"';
	memcpy(text + 1, s, len);	/* len == 10 */
	text[len + 1] = '"';
	if (check_size(result, len + 2, max_bytes))
	{
		fb_buf_append(out, text, len + 2);
		result->has_instant = true;
	}
}

/* datetime: an ISO 8601 / RFC 3339 string, or a number of Unix epoch seconds. */
static void
coerce_datetime(struct json_object *v, size_t max_bytes, FbBuf *out,
				FbCoercion *result)
{
	const char *s;
	size_t		len;
	int64_t		us;
	char		text[FB_DATETIME_BUFSIZE + 2];

	if (json_object_get_type(v) == json_type_string)
	{
		s = json_object_get_string(v);
		len = (size_t) json_object_get_string_len(v);
		if (!fb_parse_datetime(s, len, &us))
		{
			reject(result, FB_ERR_BAD_DATETIME, v,
				   "is not a valid datetime (expected ISO 8601 from 0001 to 9999, "
				   "e.g. 2025-01-15T10:45:12Z)");
			return;
		}
	}
	else if (is_number(v))
	{
		FbDecimal	dec;

		s = json_text(v, &len);
		if (!fb_decimal_parse(s, len, &dec))
		{
			reject(result, FB_ERR_BAD_DATETIME, v,
				   "is not a valid datetime (expected Unix epoch seconds)");
			return;
		}
		if (!fb_epoch_text_to_us(s, len, &us))
		{
			reject(result, FB_ERR_BAD_DATETIME, v,
				   "is out of range for a datetime (as Unix epoch seconds)");
			return;
		}
	}
	else
	{
		reject(result, FB_ERR_BAD_DATETIME, v,
			   "is not a valid datetime (expected an ISO 8601 string "
			   "or Unix epoch seconds)");
		return;
	}
	text[0] = '"';
	fb_format_datetime(us, text + 1);
	len = strlen(text);
	text[len++] = '"';
	if (check_size(result, len, max_bytes))
	{
		fb_buf_append(out, text, len);
		result->has_instant = true;
		result->epoch_us = us;
	}
}

/*
 * Check everything inside a json value that PostgreSQL's jsonb would
 * refuse or that would be silently changed: NUL characters and bad UTF-8
 * in strings and keys, numbers that are not RFC 8259 numbers (json-c
 * accepts NaN, Infinity, "1.", "01").  On failure sets *what to the reason
 * and *detail to the offending number text (or NULL).
 */
static FbErrorKind
check_json_tree(struct json_object *v, const char **what, const char **detail)
{
	FbErrorKind kind = FB_ERR_NONE;

	switch (json_object_get_type(v))
	{
		case json_type_string:
			{
				const char *s = json_object_get_string(v);
				size_t		len = (size_t) json_object_get_string_len(v);

				if (memchr(s, '\0', len) != NULL)
				{
					*what = "contains a NUL character";
					return FB_ERR_INVALID;
				}
				if (!fb_utf8_valid(s, len))
				{
					*what = "contains invalid UTF-8";
					return FB_ERR_INVALID;
				}
				return FB_ERR_NONE;
			}
		case json_type_double:
			{
				size_t		len;
				const char *s = json_text(v, &len);
				FbJsonNumber num;

				if (!fb_json_number_scan(s, len, &num))
				{
					*what = "contains a number that is not valid JSON:";
					*detail = s;
					return FB_ERR_INVALID;
				}
				return FB_ERR_NONE;
			}
		case json_type_array:
			{
				size_t		n = json_object_array_length(v);
				size_t		i;

				for (i = 0; i < n && kind == FB_ERR_NONE; i++)
					kind = check_json_tree(json_object_array_get_idx(v, i),
										   what, detail);
				return kind;
			}
		case json_type_object:
			{
				json_object_object_foreach(v, key, child)
				{
					if (!fb_utf8_valid(key, strlen(key)))
					{
						*what = "contains invalid UTF-8";
						return FB_ERR_INVALID;
					}
					kind = check_json_tree(child, what, detail);
					if (kind != FB_ERR_NONE)
						return kind;
				}
				return FB_ERR_NONE;
			}
		default:
			return FB_ERR_NONE;
	}
}

/* json: any JSON value, printed compactly by json-c. */
static void
coerce_json(struct json_object *v, size_t max_bytes, FbBuf *out,
			FbCoercion *result)
{
	const char *what = NULL;
	const char *detail = NULL;
	const char *s;
	size_t		len;

	if (check_json_tree(v, &what, &detail) != FB_ERR_NONE)
	{
		char		preview[PREVIEW_SIZE];

		if (detail != NULL)
		{
			/* copy the number's text before v's print buffer is reused */
			char		number[48];
			size_t		n = fb_utf8_clip(detail, strlen(detail), 40);

			memcpy(number, detail, n);
			number[n] = '\0';
			preview_value(v, preview);
			set_error(result, FB_ERR_INVALID, "%s %s %s", preview, what, number);
		}
		else
		{
			preview_value(v, preview);
			set_error(result, FB_ERR_INVALID, "%s %s", preview, what);
		}
		return;
	}
	s = json_text(v, &len);
	emit(out, result, s, len, max_bytes);
}

/*
 * Coerce value (NULL: JSON null) to type, appending its canonical JSON text
 * to out; on error append nothing and describe the value's problem.
 */
void
fb_coerce(FbType type, struct json_object *value, size_t max_bytes,
		  FbBuf *out, FbCoercion *result)
{
	memset(result, 0, sizeof(*result));
	result->error = FB_ERR_NONE;

	if (value == NULL || json_object_get_type(value) == json_type_null)
	{
		result->is_null = true;
		fb_buf_append(out, "null", 4);
		return;
	}

	switch (type)
	{
		case FB_TYPE_BOOLEAN:
			coerce_boolean(value, max_bytes, out, result);
			break;
		case FB_TYPE_DATE:
			coerce_date(value, max_bytes, out, result);
			break;
		case FB_TYPE_DATETIME:
			coerce_datetime(value, max_bytes, out, result);
			break;
		case FB_TYPE_FLOAT:
			coerce_float(value, max_bytes, out, result);
			break;
		case FB_TYPE_INTEGER:
			coerce_integer(value, max_bytes, out, result);
			break;
		case FB_TYPE_JSON:
			coerce_json(value, max_bytes, out, result);
			break;
		case FB_TYPE_STRING:
			coerce_string(value, max_bytes, out, result);
			break;
		default:
			set_error(result, FB_ERR_INVALID, "unknown type");
			break;
	}
	if (result->error != FB_ERR_NONE)
	{
		result->has_instant = false;
		result->epoch_us = 0;
	}
}
