/*
 * test_field.c - unit tests of field names, categories, types and the
 * typed coercion table (src/core/field.c, DESIGN.md section 4)
 *
 * Every row of the coercion table is checked both ways: accepted values
 * with their exact canonical text, rejected values with their exact error
 * kind.  Test inputs are parsed with json_tokener_parse, as a body is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "field.h"
#include "iso8601.h"
#include "utf8.h"

#define DEFAULT_MAX 10240

/* Parse a test input; "null" gives NULL, anything unparseable fails the test. */
static struct json_object *
parse_input(int line, const char *json)
{
	struct json_object *v = json_tokener_parse(json);

	if (v == NULL && strcmp(json, "null") != 0)
		fail_msg("line %d: test input does not parse: %s", line, json);
	return v;
}

/*
 * Coerce an already built value; the buffer starts with "<" so that we
 * see that coercion appends and, on error, appends nothing.
 */
static void
coerce_value(struct json_object *v, FbType type, size_t max, FbBuf *buf,
			 FbCoercion *r)
{
	fb_buf_init(buf);
	fb_buf_append_char(buf, '<');
	fb_coerce(type, v, max, buf, r);
}

/* Check that v is accepted as type with canonical text canon. */
static void
check_value_ok(int line, FbType type, struct json_object *v, const char *shown,
			   const char *canon, size_t max)
{
	FbBuf		buf;
	FbCoercion	r;

	coerce_value(v, type, max, &buf, &r);
	if (r.error != FB_ERR_NONE)
		fail_msg("line %d: %s as %s: expected %s, got error %d: %s",
				 line, shown, fb_type_name(type), canon, r.error, r.message);
	if (strcmp(buf.data + 1, canon) != 0 || buf.data[0] != '<')
		fail_msg("line %d: %s as %s: expected %s, got %s",
				 line, shown, fb_type_name(type), canon, buf.data + 1);
	if (strcmp(r.message, "") != 0)
		fail_msg("line %d: message set on success: %s", line, r.message);
	if (r.is_null != (v == NULL))
		fail_msg("line %d: is_null is %d", line, r.is_null);
	if (r.has_instant != ((type == FB_TYPE_DATE || type == FB_TYPE_DATETIME) && v != NULL))
		fail_msg("line %d: has_instant is %d", line, r.has_instant);
	fb_buf_free(&buf);
}

/* Check that v is rejected as type with kind; returns the message in msg. */
static void
check_value_err(int line, FbType type, struct json_object *v, const char *shown,
				FbErrorKind kind, size_t max, char msg[FB_MESSAGE_SIZE])
{
	FbBuf		buf;
	FbCoercion	r;

	coerce_value(v, type, max, &buf, &r);
	if (r.error != kind)
		fail_msg("line %d: %s as %s: expected error %d (%s), got %d (%s) output %s",
				 line, shown, fb_type_name(type), kind,
				 fb_error_info(kind)->title, r.error, r.message, buf.data + 1);
	if (strcmp(buf.data, "<") != 0)
		fail_msg("line %d: %s: output appended on error: %s", line, shown, buf.data);
	if (r.message[0] == '\0' || !fb_utf8_valid(r.message, strlen(r.message)))
		fail_msg("line %d: %s: empty or invalid message", line, shown);
	if (r.has_instant || r.is_null)
		fail_msg("line %d: %s: has_instant/is_null set on error", line, shown);
	if (msg != NULL)
		strcpy(msg, r.message);
	fb_buf_free(&buf);
}

static void
check_ok(int line, FbType type, const char *json, const char *canon, size_t max)
{
	struct json_object *v = parse_input(line, json);

	check_value_ok(line, type, v, json, canon, max);
	json_object_put(v);
}

static void
check_err(int line, FbType type, const char *json, FbErrorKind kind, size_t max)
{
	struct json_object *v = parse_input(line, json);

	check_value_err(line, type, v, json, kind, max, NULL);
	json_object_put(v);
}

/* Check the exact message of a rejected value. */
static void
check_msg(int line, FbType type, const char *json, FbErrorKind kind,
		  size_t max, const char *expected)
{
	struct json_object *v = parse_input(line, json);
	char		msg[FB_MESSAGE_SIZE];

	check_value_err(line, type, v, json, kind, max, msg);
	if (strcmp(msg, expected) != 0)
		fail_msg("line %d: %s: expected message\n  %s\ngot\n  %s",
				 line, json, expected, msg);
	json_object_put(v);
}

#define OK(type, json, canon) check_ok(__LINE__, type, json, canon, DEFAULT_MAX)
#define ERR(type, json, kind) check_err(__LINE__, type, json, kind, DEFAULT_MAX)
#define OK_MAX(type, json, canon, max) check_ok(__LINE__, type, json, canon, max)
#define ERR_MAX(type, json, kind, max) check_err(__LINE__, type, json, kind, max)
#define MSG(type, json, kind, expected) \
	check_msg(__LINE__, type, json, kind, DEFAULT_MAX, expected)

/* ------------------------------------------------------------------ */

/* Category and type names round-trip; parsing is exact. */
static void
test_names(void **state)
{
	static const char *const cats[] = {
		"content", "created_at", "identifier", "identity", "metadata"
	};
	static const char *const types[] = {
		"boolean", "date", "datetime", "float", "integer", "json", "string"
	};
	int			i;

	(void) state;
	assert_int_equal(FB_CAT__COUNT, 5);
	assert_int_equal(FB_TYPE__COUNT, 7);
	for (i = 0; i < FB_CAT__COUNT; i++)
	{
		FbCategory	c = FB_CAT__COUNT;

		assert_string_equal(fb_category_name((FbCategory) i), cats[i]);
		assert_true(fb_category_parse(cats[i], strlen(cats[i]), &c));
		assert_int_equal(c, i);
	}
	for (i = 0; i < FB_TYPE__COUNT; i++)
	{
		FbType		t = FB_TYPE__COUNT;

		assert_string_equal(fb_type_name((FbType) i), types[i]);
		assert_true(fb_type_parse(types[i], strlen(types[i]), &t));
		assert_int_equal(t, i);
	}
	assert_null(fb_category_name(FB_CAT__COUNT));
	assert_null(fb_type_name(FB_TYPE__COUNT));
	{
		FbType		t;
		FbCategory	c;

		assert_false(fb_type_parse("String", 6, &t));
		assert_false(fb_type_parse("", 0, &t));
		assert_false(fb_type_parse("strin", 5, &t));
		assert_false(fb_type_parse("stringx", 7, &t));
		assert_false(fb_type_parse("int", 3, &t));
		assert_false(fb_type_parse("date\0", 5, &t));
		/* len, not strlen, decides */
		assert_true(fb_type_parse("datetime", 4, &t));
		assert_int_equal(t, FB_TYPE_DATE);
		assert_false(fb_category_parse("Content", 7, &c));
		assert_false(fb_category_parse("created-at", 10, &c));
		assert_false(fb_category_parse("", 0, &c));
	}
}

/* ^[a-z][a-z0-9_]*$, at most 63 bytes. */
static void
test_field_name_valid(void **state)
{
	char		name[80];

	(void) state;
	assert_true(fb_field_name_valid("a", 1));
	assert_true(fb_field_name_valid("ticket_body", 11));
	assert_true(fb_field_name_valid("a1_", 3));
	assert_true(fb_field_name_valid("z9", 2));
	assert_false(fb_field_name_valid("", 0));
	assert_false(fb_field_name_valid("A", 1));
	assert_false(fb_field_name_valid("ticketBody", 10));
	assert_false(fb_field_name_valid("1a", 2));
	assert_false(fb_field_name_valid("_a", 2));
	assert_false(fb_field_name_valid("a-b", 3));
	assert_false(fb_field_name_valid("a b", 3));
	assert_false(fb_field_name_valid("a.b", 3));
	assert_false(fb_field_name_valid("caf\xc3\xa9", 5));
	assert_false(fb_field_name_valid("a\0b", 3));
	memset(name, 'a', sizeof(name));
	assert_true(fb_field_name_valid(name, 63));
	assert_false(fb_field_name_valid(name, 64));
}

/* The snake_case hint for a bad name. */
static void
test_field_name_suggest(void **state)
{
	static const struct
	{
		const char *in;
		const char *out;
	}			cases[] = {
		{"Ticket Body", "ticket_body"},
		{"ticketBody", "ticket_body"},
		{"2fa", "f_2fa"},
		{"HTTPServer", "http_server"},
		{"ticketID", "ticket_id"},
		{"Ticket-Body", "ticket_body"},
		{"  --x--  ", "x"},
		{"_private", "private"},
		{"a__b", "a_b"},
		{"user.email", "user_email"},
		{"caf\xc3\xa9 au lait", "caf_au_lait"},
		{"ticket_body", "ticket_body"},
		{"Version2Name", "version2_name"},
		{"!!!", ""},
		{"", ""},
		{"\xc3\xa9", ""},
		{"  42  ", "f_42"},
	};
	char		out[80];
	char		longname[200];
	size_t		i;

	(void) state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		fb_field_name_suggest(cases[i].in, strlen(cases[i].in), out, sizeof(out));
		if (strcmp(out, cases[i].out) != 0)
			fail_msg("suggest(\"%s\"): expected \"%s\", got \"%s\"",
					 cases[i].in, cases[i].out, out);
		if (out[0] != '\0')
			assert_true(fb_field_name_valid(out, strlen(out)));
	}

	/* capped at 63 bytes, still valid, no trailing '_' */
	memset(longname, 'A', sizeof(longname));
	fb_field_name_suggest(longname, sizeof(longname), out, sizeof(out));
	assert_int_equal(strlen(out), 63);
	assert_true(fb_field_name_valid(out, 63));
	memset(longname, 0, sizeof(longname));
	for (i = 0; i < 62; i++)
		longname[i] = 'a';
	strcpy(longname + 62, " b");
	fb_field_name_suggest(longname, strlen(longname), out, sizeof(out));
	assert_int_equal(strlen(out), 62);	/* "a...a_" would end in '_' */
	assert_true(fb_field_name_valid(out, strlen(out)));

	/* a small output buffer truncates */
	fb_field_name_suggest("abcdef", 6, out, 4);
	assert_string_equal(out, "abc");
	fb_field_name_suggest("ab cd", 5, out, 4);
	assert_string_equal(out, "ab");
	out[0] = 'x';
	fb_field_name_suggest("abc", 3, out, 1);
	assert_string_equal(out, "");
}

/* JSON null is accepted by every type as "null". */
static void
test_null(void **state)
{
	int			t;

	(void) state;
	for (t = 0; t < FB_TYPE__COUNT; t++)
	{
		OK((FbType) t, "null", "null");
		OK_MAX((FbType) t, "null", "null", 0);
	}
}

/* string: strings as they are; numbers and booleans as their JSON text. */
static void
test_string(void **state)
{
	(void) state;
	OK(FB_TYPE_STRING, "\"abc\"", "\"abc\"");
	OK(FB_TYPE_STRING, "\"\"", "\"\"");
	OK(FB_TYPE_STRING, "\"caf\\u00e9\"", "\"caf\xc3\xa9\"");
	OK(FB_TYPE_STRING, "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"");
	/* escaping: quote, backslash, controls; not '/' nor non-ASCII */
	OK(FB_TYPE_STRING, "\"a\\\"b\\\\c\\/d\"", "\"a\\\"b\\\\c/d\"");
	OK(FB_TYPE_STRING, "\"\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\"",
	   "\"\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\"");
	/* numbers keep their exact text */
	OK(FB_TYPE_STRING, "1.50", "\"1.50\"");
	OK(FB_TYPE_STRING, "1E400", "\"1E400\"");
	OK(FB_TYPE_STRING, "-0.0", "\"-0.0\"");
	OK(FB_TYPE_STRING, "42", "\"42\"");
	OK(FB_TYPE_STRING, "-9223372036854775808", "\"-9223372036854775808\"");
	OK(FB_TYPE_STRING, "18446744073709551615", "\"18446744073709551615\"");
	OK(FB_TYPE_STRING, "1736937912.0002", "\"1736937912.0002\"");
	OK(FB_TYPE_STRING, "true", "\"true\"");
	OK(FB_TYPE_STRING, "false", "\"false\"");
	/* rejected */
	ERR(FB_TYPE_STRING, "{\"a\":1}", FB_ERR_INVALID);
	ERR(FB_TYPE_STRING, "{}", FB_ERR_INVALID);
	ERR(FB_TYPE_STRING, "[1,2]", FB_ERR_INVALID);
	ERR(FB_TYPE_STRING, "[]", FB_ERR_INVALID);
	ERR(FB_TYPE_STRING, "\"\\u0000\"", FB_ERR_INVALID);
	ERR(FB_TYPE_STRING, "\"a\\u0000b\"", FB_ERR_INVALID);
	ERR(FB_TYPE_STRING, "\"bad \xff byte\"", FB_ERR_INVALID);
	ERR(FB_TYPE_STRING, "\"\xed\xa0\x80\"", FB_ERR_INVALID);
	MSG(FB_TYPE_STRING, "\"a\\u0000b\"", FB_ERR_INVALID,
		"\"a\\u0000b\" contains a NUL character");
	MSG(FB_TYPE_STRING, "{\"a\": 1}", FB_ERR_INVALID,
		"{\"a\":1} is an object, not a string");
	MSG(FB_TYPE_STRING, "[1, 2]", FB_ERR_INVALID, "[1,2] is an array, not a string");
}

/* integer: exact int64 values only. */
static void
test_integer(void **state)
{
	(void) state;
	OK(FB_TYPE_INTEGER, "0", "0");
	OK(FB_TYPE_INTEGER, "-0", "0");
	OK(FB_TYPE_INTEGER, "42", "42");
	OK(FB_TYPE_INTEGER, "-42", "-42");
	OK(FB_TYPE_INTEGER, "9223372036854775807", "9223372036854775807");
	OK(FB_TYPE_INTEGER, "-9223372036854775808", "-9223372036854775808");
	ERR(FB_TYPE_INTEGER, "9223372036854775808", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_INTEGER, "18446744073709551615", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_INTEGER, "99999999999999999999", FB_ERR_OUT_OF_RANGE);

	/* numbers with a fraction part or an exponent: exact decimal value */
	OK(FB_TYPE_INTEGER, "1.0", "1");
	OK(FB_TYPE_INTEGER, "1.000000000000000000000000000000000000000000000000", "1");
	OK(FB_TYPE_INTEGER, "1e2", "100");
	OK(FB_TYPE_INTEGER, "1E+2", "100");
	OK(FB_TYPE_INTEGER, "1.5e1", "15");
	OK(FB_TYPE_INTEGER, "1500e-2", "15");
	OK(FB_TYPE_INTEGER, "-0.0", "0");
	OK(FB_TYPE_INTEGER, "0e999999999999", "0");
	OK(FB_TYPE_INTEGER, "9223372036854775807.0", "9223372036854775807");
	OK(FB_TYPE_INTEGER, "-9223372036854775808.0", "-9223372036854775808");
	OK(FB_TYPE_INTEGER, "9.223372036854775807e18", "9223372036854775807");
	OK(FB_TYPE_INTEGER, "9007199254740993.0", "9007199254740993");	/* not a double */
	ERR(FB_TYPE_INTEGER, "1.5", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "-0.5", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "1.0000000000000000000000000000000000000000000000001", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "1e-1", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "1e-400", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "1e20", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_INTEGER, "1e400", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_INTEGER, "9223372036854775808.0", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_INTEGER, "-9223372036854775809.0", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_INTEGER, "9223372036854775807.5", FB_ERR_INVALID);

	/* strings ^[+-]?[0-9]+$ */
	OK(FB_TYPE_INTEGER, "\"5\"", "5");
	OK(FB_TYPE_INTEGER, "\"+5\"", "5");
	OK(FB_TYPE_INTEGER, "\"-5\"", "-5");
	OK(FB_TYPE_INTEGER, "\"007\"", "7");
	OK(FB_TYPE_INTEGER, "\"-0\"", "0");
	OK(FB_TYPE_INTEGER, "\"9223372036854775807\"", "9223372036854775807");
	OK(FB_TYPE_INTEGER, "\"-9223372036854775808\"", "-9223372036854775808");
	OK(FB_TYPE_INTEGER, "\"0000000000000000000000000000042\"", "42");
	ERR(FB_TYPE_INTEGER, "\"9223372036854775808\"", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_INTEGER, "\"-9223372036854775809\"", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_INTEGER, "\"99999999999999999999\"", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_INTEGER, "\" 5\"", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "\"5 \"", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "\"5.0\"", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "\"1e2\"", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "\"\"", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "\"+\"", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "\"-\"", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "\"+-5\"", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "\"abc\"", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "\"0x10\"", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "\"5\\u0000\"", FB_ERR_INVALID);

	/* other JSON types */
	ERR(FB_TYPE_INTEGER, "true", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "false", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "{\"a\":1}", FB_ERR_INVALID);
	ERR(FB_TYPE_INTEGER, "[1]", FB_ERR_INVALID);

	MSG(FB_TYPE_INTEGER, "\"abc\"", FB_ERR_INVALID, "\"abc\" is not an integer");
	MSG(FB_TYPE_INTEGER, "99999999999999999999", FB_ERR_OUT_OF_RANGE,
		"18446744073709551615 is out of range for an integer");
	MSG(FB_TYPE_INTEGER, "\"99999999999999999999\"", FB_ERR_OUT_OF_RANGE,
		"\"99999999999999999999\" is out of range for an integer");
	MSG(FB_TYPE_INTEGER, "1e20", FB_ERR_OUT_OF_RANGE,
		"1e20 is out of range for an integer");
	MSG(FB_TYPE_INTEGER, "1.5", FB_ERR_INVALID, "1.5 has a fractional part");
	MSG(FB_TYPE_INTEGER, "true", FB_ERR_INVALID, "true is not an integer");
}

/*
 * json-c 0.16 saturates integer literals beyond int64/uint64 while parsing
 * (-9223372036854775809 arrives as INT64_MIN): the coercion cannot see
 * that.  A caller that keeps such a literal's text (as a double built with
 * json_object_new_double_s) gets the exact rules, as these tests show.
 */
static void
test_integer_literal_as_text(void **state)
{
	struct json_object *v;
	char		msg[FB_MESSAGE_SIZE];

	(void) state;
	v = json_object_new_double_s(-9223372036854775809.0, "-9223372036854775809");
	check_value_err(__LINE__, FB_TYPE_INTEGER, v, "-9223372036854775809",
					FB_ERR_OUT_OF_RANGE, DEFAULT_MAX, msg);
	assert_string_equal(msg, "-9223372036854775809 is out of range for an integer");
	check_value_ok(__LINE__, FB_TYPE_STRING, v, "-9223372036854775809",
				   "\"-9223372036854775809\"", DEFAULT_MAX);
	check_value_ok(__LINE__, FB_TYPE_FLOAT, v, "-9223372036854775809",
				   "-9.223372036854776e+18", DEFAULT_MAX);
	json_object_put(v);

	v = json_object_new_double_s(1e20, "100000000000000000000");
	check_value_err(__LINE__, FB_TYPE_INTEGER, v, "1e20 literal",
					FB_ERR_OUT_OF_RANGE, DEFAULT_MAX, NULL);
	check_value_err(__LINE__, FB_TYPE_DATETIME, v, "1e20 literal",
					FB_ERR_BAD_DATETIME, DEFAULT_MAX, NULL);
	check_value_err(__LINE__, FB_TYPE_BOOLEAN, v, "1e20 literal",
					FB_ERR_INVALID, DEFAULT_MAX, NULL);
	check_value_ok(__LINE__, FB_TYPE_JSON, v, "1e20 literal",
				   "100000000000000000000", DEFAULT_MAX);
	json_object_put(v);

	/* the same path for an in-range literal kept as text */
	v = json_object_new_double_s(1.0, "1");
	check_value_ok(__LINE__, FB_TYPE_INTEGER, v, "1 literal", "1", DEFAULT_MAX);
	check_value_ok(__LINE__, FB_TYPE_BOOLEAN, v, "1 literal", "true", DEFAULT_MAX);
	json_object_put(v);

	/* values built by code rather than parsed */
	v = json_object_new_int64(INT64_MIN);
	check_value_ok(__LINE__, FB_TYPE_INTEGER, v, "INT64_MIN", "-9223372036854775808",
				   DEFAULT_MAX);
	json_object_put(v);
	v = json_object_new_uint64(UINT64_MAX);
	check_value_err(__LINE__, FB_TYPE_INTEGER, v, "UINT64_MAX",
					FB_ERR_OUT_OF_RANGE, DEFAULT_MAX, NULL);
	json_object_put(v);
	v = json_object_new_double(0.1);	/* json-c prints 0.10000000000000001 */
	check_value_ok(__LINE__, FB_TYPE_FLOAT, v, "new_double(0.1)", "0.1", DEFAULT_MAX);
	json_object_put(v);
	v = json_object_new_double(NAN);
	check_value_err(__LINE__, FB_TYPE_FLOAT, v, "new_double(NAN)",
					FB_ERR_INVALID, DEFAULT_MAX, NULL);
	json_object_put(v);
	v = json_object_new_double(-INFINITY);
	check_value_err(__LINE__, FB_TYPE_FLOAT, v, "new_double(-INFINITY)",
					FB_ERR_OUT_OF_RANGE, DEFAULT_MAX, NULL);
	json_object_put(v);
}

/* float: finite doubles in their shortest round-trip text. */
static void
test_float(void **state)
{
	(void) state;
	OK(FB_TYPE_FLOAT, "0.1", "0.1");
	OK(FB_TYPE_FLOAT, "0.82", "0.82");
	OK(FB_TYPE_FLOAT, "1.50", "1.5");
	OK(FB_TYPE_FLOAT, "-1.5", "-1.5");
	OK(FB_TYPE_FLOAT, "1e21", "1e+21");
	OK(FB_TYPE_FLOAT, "5e-324", "5e-324");
	OK(FB_TYPE_FLOAT, "4.9406564584124654e-324", "5e-324");
	OK(FB_TYPE_FLOAT, "1.7976931348623157e308", "1.7976931348623157e+308");
	OK(FB_TYPE_FLOAT, "-1.7976931348623157e308", "-1.7976931348623157e+308");
	OK(FB_TYPE_FLOAT, "2.2250738585072014e-308", "2.2250738585072014e-308");
	OK(FB_TYPE_FLOAT, "0.30000000000000004", "0.30000000000000004");
	OK(FB_TYPE_FLOAT, "0.1000000000000000055511151231257827", "0.1");
	OK(FB_TYPE_FLOAT, "123.456", "123.456");
	OK(FB_TYPE_FLOAT, "100", "100");
	OK(FB_TYPE_FLOAT, "1e2", "100");
	OK(FB_TYPE_FLOAT, "0", "0");
	OK(FB_TYPE_FLOAT, "-0", "0");
	OK(FB_TYPE_FLOAT, "-0.0", "0");
	OK(FB_TYPE_FLOAT, "0e-400", "0");
	OK(FB_TYPE_FLOAT, "0.0001", "0.0001");
	OK(FB_TYPE_FLOAT, "0.00001", "1e-05");
	OK(FB_TYPE_FLOAT, "123456789012345", "123456789012345");
	OK(FB_TYPE_FLOAT, "1e15", "1e+15");
	OK(FB_TYPE_FLOAT, "9007199254740993", "9.007199254740992e+15");
	OK(FB_TYPE_FLOAT, "900719925474099.3", "900719925474099.2");
	OK(FB_TYPE_FLOAT, "9223372036854775807", "9.223372036854776e+18");
	OK(FB_TYPE_FLOAT, "-9223372036854775808", "-9.223372036854776e+18");
	OK(FB_TYPE_FLOAT, "1736937912.0002", "1736937912.0002");
	ERR(FB_TYPE_FLOAT, "1e400", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_FLOAT, "-1E400", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_FLOAT, "1e-400", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_FLOAT, "-2e-324", FB_ERR_OUT_OF_RANGE);
	/* json-c (even strict) accepts these literals; they are not finite */
	ERR(FB_TYPE_FLOAT, "NaN", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "Infinity", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_FLOAT, "-Infinity", FB_ERR_OUT_OF_RANGE);

	/* numeric strings, strict syntax */
	OK(FB_TYPE_FLOAT, "\"1.5\"", "1.5");
	OK(FB_TYPE_FLOAT, "\"+1.5\"", "1.5");
	OK(FB_TYPE_FLOAT, "\"-1.5\"", "-1.5");
	OK(FB_TYPE_FLOAT, "\".5\"", "0.5");
	OK(FB_TYPE_FLOAT, "\"5.\"", "5");
	OK(FB_TYPE_FLOAT, "\"007\"", "7");
	OK(FB_TYPE_FLOAT, "\"1e5\"", "100000");
	OK(FB_TYPE_FLOAT, "\"1E-5\"", "1e-05");
	OK(FB_TYPE_FLOAT, "\"0.82\"", "0.82");
	ERR(FB_TYPE_FLOAT, "\"1e400\"", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_FLOAT, "\"1e-400\"", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_FLOAT, "\"NaN\"", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "\"nan\"", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "\"-NAN\"", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "\"Infinity\"", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_FLOAT, "\"-Infinity\"", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_FLOAT, "\"+infinity\"", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_FLOAT, "\"inf\"", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_FLOAT, "\"-INF\"", FB_ERR_OUT_OF_RANGE);
	ERR(FB_TYPE_FLOAT, "\"infinit\"", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "\"abc\"", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "\"\"", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "\" 1.5\"", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "\"1.5 \"", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "\"0x10\"", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "\"0x1p3\"", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "\".\"", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "\"1e\"", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "\"1e+\"", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "\"1,5\"", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "\"1.5\\u0000\"", FB_ERR_INVALID);

	ERR(FB_TYPE_FLOAT, "true", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "false", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "{}", FB_ERR_INVALID);
	ERR(FB_TYPE_FLOAT, "[1.5]", FB_ERR_INVALID);

	MSG(FB_TYPE_FLOAT, "\"abc\"", FB_ERR_INVALID, "\"abc\" is not a float");
	MSG(FB_TYPE_FLOAT, "\"NaN\"", FB_ERR_INVALID,
		"\"NaN\" is not a float (NaN is not allowed)");
	MSG(FB_TYPE_FLOAT, "1e400", FB_ERR_OUT_OF_RANGE,
		"1e400 is out of range for a float");
	MSG(FB_TYPE_FLOAT, "\"-Infinity\"", FB_ERR_OUT_OF_RANGE,
		"\"-Infinity\" is out of range for a float");
}

/*
 * Shortest round trip, as a property: for many doubles (random bit
 * patterns), the canonical text is valid JSON, reads back as the same
 * double, and one significant digit less never does.
 */
static void
test_float_round_trip(void **state)
{
	uint64_t	x = UINT64_C(0x9E3779B97F4A7C15);
	int			i;

	(void) state;
	for (i = 0; i < 20000; i++)
	{
		double		d;
		char		in[64];
		struct json_object *v;
		struct json_object *back;
		FbBuf		buf;
		FbCoercion	r;
		int			sig = 0;
		const char *p;

		/* xorshift64* */
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		{
			uint64_t	bits = x * UINT64_C(2685821657736338717);

			memcpy(&d, &bits, sizeof(d));
		}
		if (!isfinite(d))
			continue;
		snprintf(in, sizeof(in), "%.17g", d);
		v = json_tokener_parse(in);
		assert_non_null(v);
		fb_buf_init(&buf);
		fb_coerce(FB_TYPE_FLOAT, v, DEFAULT_MAX, &buf, &r);
		if (d != 0 && fabs(d) < 1e-300 && r.error == FB_ERR_OUT_OF_RANGE)
		{
			/* %.17g of a tiny subnormal can round to zero? never, but be exact */
			fail_msg("%s rejected", in);
		}
		if (r.error != FB_ERR_NONE)
			fail_msg("%s: error %s", in, r.message);
		if (strtod(buf.data, NULL) != d && !(d == 0 && strcmp(buf.data, "0") == 0))
			fail_msg("%s -> %s does not round-trip", in, buf.data);
		back = json_tokener_parse(buf.data);
		if (back == NULL || !(json_object_is_type(back, json_type_double) ||
							  json_object_is_type(back, json_type_int)))
			fail_msg("%s -> %s is not a JSON number", in, buf.data);
		json_object_put(back);
		/* significant digits: the shortest possible */
		for (p = buf.data; *p && *p != 'e'; p++)
			if (*p >= '0' && *p <= '9' && (sig > 0 || *p != '0'))
				sig++;
		if (sig > 1 && d != 0)
		{
			char		shorter[64];

			snprintf(shorter, sizeof(shorter), "%.*e", sig - 2, d);
			if (strtod(shorter, NULL) == d)
				fail_msg("%s -> %s is not the shortest (%s)", in, buf.data, shorter);
		}
		fb_buf_free(&buf);
		json_object_put(v);
	}
}

/* boolean: true/false, a few words, integers 0 and 1. */
static void
test_boolean(void **state)
{
	static const char *const yes[] = {
		"true", "\"true\"", "\"TRUE\"", "\"True\"", "\"t\"", "\"T\"",
		"\"yes\"", "\"YES\"", "\"Yes\"", "\"1\"", "1"
	};
	static const char *const no[] = {
		"false", "\"false\"", "\"FALSE\"", "\"f\"", "\"F\"", "\"no\"",
		"\"NO\"", "\"No\"", "\"0\"", "0", "-0"
	};
	static const char *const bad[] = {
		"1.0", "0.0", "2", "-1", "1e0", "0.5", "\"y\"", "\"n\"", "\"on\"",
		"\"off\"", "\"\"", "\" true\"", "\"true \"", "\"tru\"", "\"yess\"",
		"\"01\"", "\"+1\"", "\"2\"", "\"t\\u0000\"", "[]", "[true]", "{}",
		"\"1.0\""
	};
	size_t		i;

	(void) state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		check_ok(__LINE__, FB_TYPE_BOOLEAN, yes[i], "true", DEFAULT_MAX);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		check_ok(__LINE__, FB_TYPE_BOOLEAN, no[i], "false", DEFAULT_MAX);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_err(__LINE__, FB_TYPE_BOOLEAN, bad[i], FB_ERR_INVALID, DEFAULT_MAX);
	MSG(FB_TYPE_BOOLEAN, "\"maybe\"", FB_ERR_INVALID, "\"maybe\" is not a boolean");
	MSG(FB_TYPE_BOOLEAN, "2", FB_ERR_INVALID, "2 is not a boolean");
}

/* Coerce json as type and check the instant it yields. */
static void
check_instant(int line, FbType type, const char *json, int64_t expected)
{
	struct json_object *v = parse_input(line, json);
	FbBuf		buf;
	FbCoercion	r;

	coerce_value(v, type, DEFAULT_MAX, &buf, &r);
	if (r.error != FB_ERR_NONE || !r.has_instant || r.epoch_us != expected)
		fail_msg("line %d: %s: expected instant %lld, got %lld (error %d, has %d)",
				 line, json, (long long) expected, (long long) r.epoch_us,
				 r.error, r.has_instant);
	fb_buf_free(&buf);
	json_object_put(v);
}

/* date: strictly YYYY-MM-DD, a real day, years 0001-9999. */
static void
test_date(void **state)
{
	static const char *const bad[] = {
		"\"2023-02-29\"", "\"1900-02-29\"", "\"2100-02-29\"", "\"2025-02-30\"",
		"\"2025-04-31\"", "\"2025-06-31\"", "\"2025-09-31\"", "\"2025-11-31\"",
		"\"2025-01-32\"", "\"2025-13-01\"", "\"2025-00-10\"", "\"2025-01-00\"",
		"\"0000-01-01\"", "\"0000-12-31\"", "\"10000-01-01\"", "\"2025-1-01\"",
		"\"2025-01-1\"", "\"25-01-01\"", "\"20250101\"", "\"2025/01/01\"",
		"\"2025-01-01T00:00:00Z\"", "\"2025-01-01 \"", "\" 2025-01-01\"",
		"\"2025-01-01\\u0000\"", "\"\"", "\"+2025-01-01\"", "\"-2025-01-01\"",
		"\"2025-0a-01\"", "\"2025\\u201001\\u201001\"", "\"15/01/2025\"",
		"20250101", "1736937912", "true", "false", "{}", "[\"2025-01-01\"]"
	};
	size_t		i;

	(void) state;
	OK(FB_TYPE_DATE, "\"2025-01-15\"", "\"2025-01-15\"");
	OK(FB_TYPE_DATE, "\"2024-02-29\"", "\"2024-02-29\"");
	OK(FB_TYPE_DATE, "\"2000-02-29\"", "\"2000-02-29\"");
	OK(FB_TYPE_DATE, "\"2023-02-28\"", "\"2023-02-28\"");
	OK(FB_TYPE_DATE, "\"2025-01-31\"", "\"2025-01-31\"");
	OK(FB_TYPE_DATE, "\"2025-04-30\"", "\"2025-04-30\"");
	OK(FB_TYPE_DATE, "\"2025-12-31\"", "\"2025-12-31\"");
	OK(FB_TYPE_DATE, "\"0001-01-01\"", "\"0001-01-01\"");
	OK(FB_TYPE_DATE, "\"9999-12-31\"", "\"9999-12-31\"");
	OK(FB_TYPE_DATE, "\"1969-12-31\"", "\"1969-12-31\"");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_err(__LINE__, FB_TYPE_DATE, bad[i], FB_ERR_BAD_DATETIME, DEFAULT_MAX);

	check_instant(__LINE__, FB_TYPE_DATE, "\"1970-01-01\"", 0);
	check_instant(__LINE__, FB_TYPE_DATE, "\"1969-12-31\"", INT64_C(-86400000000));
	check_instant(__LINE__, FB_TYPE_DATE, "\"2025-01-15\"", INT64_C(1736899200000000));
	check_instant(__LINE__, FB_TYPE_DATE, "\"0001-01-01\"", FB_MIN_EPOCH_US);
	check_instant(__LINE__, FB_TYPE_DATE, "\"9999-12-31\"",
				  FB_MAX_EPOCH_US + 1 - INT64_C(86400000000));

	MSG(FB_TYPE_DATE, "\"2025-02-30\"", FB_ERR_BAD_DATETIME,
		"\"2025-02-30\" is not a valid date (expected YYYY-MM-DD)");
	MSG(FB_TYPE_DATE, "20250101", FB_ERR_BAD_DATETIME,
		"20250101 is not a valid date (expected YYYY-MM-DD)");
}

/* datetime: ISO 8601 / RFC 3339 strings and epoch-second numbers, in UTC. */
static void
test_datetime(void **state)
{
	static const char *const bad[] = {
		"\"2025-02-30T10:00:00Z\"", "\"2023-02-29\"", "\"2025-01-15T\"",
		"\"2025-01-15T10\"", "\"2025-01-15T10:4\"", "\"2025-01-15T1:45\"",
		"\"2025-01-15T10:45:1\"", "\"2025-01-15T10:45:12.\"",
		"\"2025-01-15T10:45:12.Z\"", "\"2025-01-15T10:45.5Z\"",
		"\"2025-01-15T10:45:12,5Z\"", "\"2025-01-15T10:45:12+5\"",
		"\"2025-01-15T10:45:12+05:3\"", "\"2025-01-15T10:45:12+053\"",
		"\"2025-01-15T10:45:12+24:00\"", "\"2025-01-15T10:45:12+05:60\"",
		"\"2025-01-15T10:45:12ZZ\"", "\"2025-01-15T10:45:12Z \"",
		"\" 2025-01-15T10:45:12Z\"", "\"2025-01-15  10:45:12Z\"",
		"\"2025-01-15x10:45:12Z\"", "\"2025-01-15T25:00:00Z\"",
		"\"2025-01-15T10:60:00Z\"", "\"2025-01-15T10:45:61Z\"",
		"\"2025-01-15T24:00:01Z\"", "\"2025-01-15T24:01:00Z\"",
		"\"2025-01-15T24:00:00.000001Z\"", "\"2025-01-15T10:45:12 Z\"",
		"\"2025-01-15T10:45:12EST\"", "\"2025-01-15T10:45:12Z\\u0000\"",
		"\"20250115T104512Z\"", "\"2025-01-15T10:45:12UTC\"", "\"\"",
		"\"now\"", "\"1736937912\"",
		/* out of range */
		"\"0000-12-31\"", "\"0000-12-31T23:59:59Z\"",
		"\"9999-12-31T23:59:59-01:00\"", "\"9999-12-31T24:00:00Z\"",
		"\"9999-12-31T23:59:60Z\"", "\"0001-01-01T00:00:00+00:01\"",
		"\"0001-01-01T00:59:59+01\"", "\"9999-12-31T23:59:59.9999995Z\"",
		/* numbers out of range, other types */
		"1e20", "-1e20", "253402300800", "-62135596801", "1e400", "NaN",
		"Infinity", "true", "false", "{}", "[]", "[0]"
	};
	size_t		i;

	(void) state;
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45:12Z\"", "\"2025-01-15T10:45:12Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15t10:45:12z\"", "\"2025-01-15T10:45:12Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15 10:45:12Z\"", "\"2025-01-15T10:45:12Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45:12\"", "\"2025-01-15T10:45:12Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45\"", "\"2025-01-15T10:45:00Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45Z\"", "\"2025-01-15T10:45:00Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15\"", "\"2025-01-15T00:00:00Z\"");
	/* offsets */
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45:12+05:30\"", "\"2025-01-15T05:15:12Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45:12-0800\"", "\"2025-01-15T18:45:12Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45:12+05\"", "\"2025-01-15T05:45:12Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45:12-00:00\"", "\"2025-01-15T10:45:12Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45+01:00\"", "\"2025-01-15T09:45:00Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-01T01:00:00+02:00\"", "\"2024-12-31T23:00:00Z\"");
	OK(FB_TYPE_DATETIME, "\"2024-12-31T23:00:00-23:59\"", "\"2025-01-01T22:59:00Z\"");
	/* fractions: rounded half up to microseconds, with carry */
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45:12.5Z\"", "\"2025-01-15T10:45:12.500000Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45:12.000200Z\"",
	   "\"2025-01-15T10:45:12.000200Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45:12.000000Z\"", "\"2025-01-15T10:45:12Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45:12.1234564Z\"",
	   "\"2025-01-15T10:45:12.123456Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45:12.1234565Z\"",
	   "\"2025-01-15T10:45:12.123457Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45:12.123456999999999999Z\"",
	   "\"2025-01-15T10:45:12.123457Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45:12.9999995Z\"", "\"2025-01-15T10:45:13Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T10:45:12.9999994Z\"",
	   "\"2025-01-15T10:45:12.999999Z\"");
	OK(FB_TYPE_DATETIME, "\"2024-12-31T23:59:59.9999999Z\"", "\"2025-01-01T00:00:00Z\"");
	/* leap second and end of day */
	OK(FB_TYPE_DATETIME, "\"2016-12-31T23:59:60Z\"", "\"2017-01-01T00:00:00Z\"");
	OK(FB_TYPE_DATETIME, "\"2016-12-31T23:59:60.5Z\"", "\"2017-01-01T00:00:00.500000Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T24:00:00Z\"", "\"2025-01-16T00:00:00Z\"");
	OK(FB_TYPE_DATETIME, "\"2025-01-15T24:00\"", "\"2025-01-16T00:00:00Z\"");
	OK(FB_TYPE_DATETIME, "\"2024-02-28T24:00:00Z\"", "\"2024-02-29T00:00:00Z\"");
	OK(FB_TYPE_DATETIME, "\"2024-02-29T12:00:00Z\"", "\"2024-02-29T12:00:00Z\"");
	/* range ends */
	OK(FB_TYPE_DATETIME, "\"0001-01-01T00:00:00Z\"", "\"0001-01-01T00:00:00Z\"");
	OK(FB_TYPE_DATETIME, "\"0001-01-01T01:00:00+01:00\"", "\"0001-01-01T00:00:00Z\"");
	OK(FB_TYPE_DATETIME, "\"9999-12-31T23:59:59.999999Z\"",
	   "\"9999-12-31T23:59:59.999999Z\"");
	OK(FB_TYPE_DATETIME, "\"9999-12-31T23:59:59.9999994Z\"",
	   "\"9999-12-31T23:59:59.999999Z\"");
	OK(FB_TYPE_DATETIME, "\"9999-12-31T22:59:59-01:00\"", "\"9999-12-31T23:59:59Z\"");
	/* epoch seconds */
	OK(FB_TYPE_DATETIME, "0", "\"1970-01-01T00:00:00Z\"");
	OK(FB_TYPE_DATETIME, "-1.5", "\"1969-12-31T23:59:58.500000Z\"");
	OK(FB_TYPE_DATETIME, "1736937912", "\"2025-01-15T10:45:12Z\"");
	OK(FB_TYPE_DATETIME, "1736937912.0002", "\"2025-01-15T10:45:12.000200Z\"");
	OK(FB_TYPE_DATETIME, "1.7369379120002e9", "\"2025-01-15T10:45:12.000200Z\"");
	OK(FB_TYPE_DATETIME, "1736937912.0000005", "\"2025-01-15T10:45:12.000001Z\"");
	OK(FB_TYPE_DATETIME, "-0.0000005", "\"1969-12-31T23:59:59.999999Z\"");
	OK(FB_TYPE_DATETIME, "-62135596800", "\"0001-01-01T00:00:00Z\"");
	OK(FB_TYPE_DATETIME, "253402300799.999999", "\"9999-12-31T23:59:59.999999Z\"");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_err(__LINE__, FB_TYPE_DATETIME, bad[i], FB_ERR_BAD_DATETIME, DEFAULT_MAX);

	check_instant(__LINE__, FB_TYPE_DATETIME, "\"1970-01-01T00:00:00Z\"", 0);
	check_instant(__LINE__, FB_TYPE_DATETIME, "1736937912.0002",
				  INT64_C(1736937912000200));
	check_instant(__LINE__, FB_TYPE_DATETIME, "\"2025-01-15T10:45:12.0002Z\"",
				  INT64_C(1736937912000200));
	check_instant(__LINE__, FB_TYPE_DATETIME, "\"0001-01-01\"", FB_MIN_EPOCH_US);
	check_instant(__LINE__, FB_TYPE_DATETIME, "\"9999-12-31T23:59:59.999999Z\"",
				  FB_MAX_EPOCH_US);

	MSG(FB_TYPE_DATETIME, "1e20", FB_ERR_BAD_DATETIME,
		"1e20 is out of range for a datetime (as Unix epoch seconds)");
	MSG(FB_TYPE_DATETIME, "\"yesterday\"", FB_ERR_BAD_DATETIME,
		"\"yesterday\" is not a valid datetime (expected ISO 8601 from 0001 to 9999, "
		"e.g. 2025-01-15T10:45:12Z)");
}

/* json: any value, printed compactly; no NUL inside, valid numbers only. */
static void
test_json(void **state)
{
	(void) state;
	OK(FB_TYPE_JSON, "{\"a\": [1, 2.50, {\"b\": \"x/y\"}], \"c\": null}",
	   "{\"a\":[1,2.50,{\"b\":\"x/y\"}],\"c\":null}");
	OK(FB_TYPE_JSON, "[]", "[]");
	OK(FB_TYPE_JSON, "{}", "{}");
	OK(FB_TYPE_JSON, "\"text\"", "\"text\"");
	OK(FB_TYPE_JSON, "\"caf\\u00e9 \\\"q\\\" \\n\"", "\"caf\xc3\xa9 \\\"q\\\" \\n\"");
	OK(FB_TYPE_JSON, "42", "42");
	OK(FB_TYPE_JSON, "-0.0", "-0.0");
	OK(FB_TYPE_JSON, "1E400", "1E400");
	OK(FB_TYPE_JSON, "true", "true");
	OK(FB_TYPE_JSON, "[null, false]", "[null,false]");
	OK(FB_TYPE_JSON, "{\"k\": {\"k\": {\"k\": [[[1]]]}}}", "{\"k\":{\"k\":{\"k\":[[[1]]]}}}");
	/* NUL anywhere inside */
	ERR(FB_TYPE_JSON, "\"\\u0000\"", FB_ERR_INVALID);
	ERR(FB_TYPE_JSON, "[\"ok\", \"a\\u0000\"]", FB_ERR_INVALID);
	ERR(FB_TYPE_JSON, "{\"a\": {\"b\": [1, {\"c\": \"x\\u0000y\"}]}}", FB_ERR_INVALID);
	ERR(FB_TYPE_JSON, "[\"bad \xff\"]", FB_ERR_INVALID);
	ERR(FB_TYPE_JSON, "{\"bad \xff\": 1}", FB_ERR_INVALID);
	MSG(FB_TYPE_JSON, "[\"bad \xff\"]", FB_ERR_INVALID,
		"[\"bad \xef\xbf\xbd\"] contains invalid UTF-8");
	/* literals json-c lets through but JSON (and jsonb) does not */
	ERR(FB_TYPE_JSON, "[NaN]", FB_ERR_INVALID);
	ERR(FB_TYPE_JSON, "{\"x\": -Infinity}", FB_ERR_INVALID);
	ERR(FB_TYPE_JSON, "[1.]", FB_ERR_INVALID);
	ERR(FB_TYPE_JSON, "[00.5]", FB_ERR_INVALID);
	MSG(FB_TYPE_JSON, "{\"a\": [\"x\\u0000\"]}", FB_ERR_INVALID,
		"{\"a\":[\"x\\u0000\"]} contains a NUL character");
	MSG(FB_TYPE_JSON, "[1, NaN]", FB_ERR_INVALID,
		"[1,NaN] contains a number that is not valid JSON: NaN");
}

/* The canonical text of every type is limited to max_bytes, exactly. */
static void
test_size_limits(void **state)
{
	char	   *big;
	char	   *json;
	size_t		i;

	(void) state;
	/* string: UTF-8 bytes of the content, not characters, not escapes */
	OK_MAX(FB_TYPE_STRING, "\"abcd\"", "\"abcd\"", 4);
	ERR_MAX(FB_TYPE_STRING, "\"abcd\"", FB_ERR_TOO_LARGE, 3);
	OK_MAX(FB_TYPE_STRING, "\"\xc3\xa9\"", "\"\xc3\xa9\"", 2);
	ERR_MAX(FB_TYPE_STRING, "\"\xc3\xa9\"", FB_ERR_TOO_LARGE, 1);
	OK_MAX(FB_TYPE_STRING, "\"a\xc3\xa9\xc3\xa9\"", "\"a\xc3\xa9\xc3\xa9\"", 5);
	ERR_MAX(FB_TYPE_STRING, "\"a\xc3\xa9\xc3\xa9\"", FB_ERR_TOO_LARGE, 4);
	OK_MAX(FB_TYPE_STRING, "\"\\n\\\"\"", "\"\\n\\\"\"", 2);
	ERR_MAX(FB_TYPE_STRING, "\"\\n\\\"\"", FB_ERR_TOO_LARGE, 1);
	OK_MAX(FB_TYPE_STRING, "\"\"", "\"\"", 0);
	OK_MAX(FB_TYPE_STRING, "1.50", "\"1.50\"", 4);
	ERR_MAX(FB_TYPE_STRING, "1.50", FB_ERR_TOO_LARGE, 3);
	OK_MAX(FB_TYPE_STRING, "false", "\"false\"", 5);
	ERR_MAX(FB_TYPE_STRING, "false", FB_ERR_TOO_LARGE, 4);
	/* others: their canonical JSON text */
	OK_MAX(FB_TYPE_INTEGER, "\"-12345\"", "-12345", 6);
	ERR_MAX(FB_TYPE_INTEGER, "\"-12345\"", FB_ERR_TOO_LARGE, 5);
	OK_MAX(FB_TYPE_FLOAT, "1.50", "1.5", 3);
	ERR_MAX(FB_TYPE_FLOAT, "1.50", FB_ERR_TOO_LARGE, 2);
	OK_MAX(FB_TYPE_BOOLEAN, "\"no\"", "false", 5);
	ERR_MAX(FB_TYPE_BOOLEAN, "\"no\"", FB_ERR_TOO_LARGE, 4);
	OK_MAX(FB_TYPE_DATE, "\"2025-01-15\"", "\"2025-01-15\"", 12);
	ERR_MAX(FB_TYPE_DATE, "\"2025-01-15\"", FB_ERR_TOO_LARGE, 11);
	OK_MAX(FB_TYPE_DATETIME, "0", "\"1970-01-01T00:00:00Z\"", 22);
	ERR_MAX(FB_TYPE_DATETIME, "0", FB_ERR_TOO_LARGE, 21);
	OK_MAX(FB_TYPE_JSON, "[1, \"\xc3\xa9\"]", "[1,\"\xc3\xa9\"]", 8);
	ERR_MAX(FB_TYPE_JSON, "[1, \"\xc3\xa9\"]", FB_ERR_TOO_LARGE, 7);

	/* the default limit, at and one over, with a 2-byte character last */
	big = malloc(DEFAULT_MAX + 2);
	json = malloc(DEFAULT_MAX + 8);
	assert_non_null(big);
	assert_non_null(json);
	for (i = 0; i < DEFAULT_MAX - 2; i++)
		big[i] = 'a';
	memcpy(big + DEFAULT_MAX - 2, "\xc3\xa9", 3);	/* 10240 bytes */
	snprintf(json, DEFAULT_MAX + 8, "\"%s\"", big);
	check_ok(__LINE__, FB_TYPE_STRING, json, json, DEFAULT_MAX);
	memcpy(big + DEFAULT_MAX - 2, "a\xc3\xa9", 4);	/* 10241 bytes */
	snprintf(json, DEFAULT_MAX + 8, "\"%s\"", big);
	check_msg(__LINE__, FB_TYPE_STRING, json, FB_ERR_TOO_LARGE, DEFAULT_MAX,
			  "value is 10241 bytes, more than the limit of 10240");
	free(big);
	free(json);
}

/* Previews in messages are cut and escaped. */
static void
test_message_preview(void **state)
{
	(void) state;
	MSG(FB_TYPE_INTEGER,
		"\"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz\"", FB_ERR_INVALID,
		"\"abcdefghijklmnopqrstuvwxyzabcdefghijklmn...\" is not an integer");
	MSG(FB_TYPE_INTEGER, "\"a\\nb\\\"c\"", FB_ERR_INVALID,
		"\"a\\nb\\\"c\" is not an integer");
	MSG(FB_TYPE_STRING,
		"[1111111111, 2222222222, 3333333333, 4444444444, 5555555555]", FB_ERR_INVALID,
		"[1111111111,2222222222,3333333333,444444... is an array, not a string");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_field_name_valid),
		cmocka_unit_test(test_field_name_suggest),
		cmocka_unit_test(test_null),
		cmocka_unit_test(test_string),
		cmocka_unit_test(test_integer),
		cmocka_unit_test(test_integer_literal_as_text),
		cmocka_unit_test(test_float),
		cmocka_unit_test(test_float_round_trip),
		cmocka_unit_test(test_boolean),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_datetime),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_size_limits),
		cmocka_unit_test(test_message_preview),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
