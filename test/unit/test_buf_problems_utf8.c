/*
 * test_buf_problems_utf8.c - unit tests of the small helpers of the core:
 * the byte buffer (buf.c), the error table and problem list (problems.c)
 * and UTF-8 validation and clipping (utf8.c)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "problems.h"
#include "utf8.h"

/* ---------------------------------------------------------------- buf */

/* Appends keep data NUL-terminated, grow as needed, count embedded NULs. */
static void
test_buf_append(void **state)
{
	FbBuf		buf;
	char		big[5000];
	size_t		i;

	(void) state;
	fb_buf_init(&buf);
	assert_null(buf.data);
	assert_int_equal(buf.len, 0);
	fb_buf_append(&buf, "", 0);
	assert_non_null(buf.data);
	assert_string_equal(buf.data, "");
	fb_buf_append_str(&buf, "abc");
	fb_buf_append_char(&buf, 'd');
	fb_buf_append(&buf, "e\0f", 3);
	assert_int_equal(buf.len, 7);
	assert_memory_equal(buf.data, "abcde\0f", 8);
	assert_true(buf.cap > buf.len);

	/* growth past the first allocation, contents kept */
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char) ('a' + i % 26);
	fb_buf_append(&buf, big, sizeof(big));
	assert_int_equal(buf.len, 7 + sizeof(big));
	assert_memory_equal(buf.data, "abcde\0f", 7);
	assert_memory_equal(buf.data + 7, big, sizeof(big));
	assert_int_equal(buf.data[buf.len], '\0');

	/* reset keeps the memory */
	{
		char	   *data = buf.data;
		size_t		cap = buf.cap;

		fb_buf_reset(&buf);
		assert_int_equal(buf.len, 0);
		assert_ptr_equal(buf.data, data);
		assert_int_equal(buf.cap, cap);
		assert_string_equal(buf.data, "");
	}
	fb_buf_free(&buf);
	assert_null(buf.data);
	assert_int_equal(buf.len, 0);
	assert_int_equal(buf.cap, 0);
	fb_buf_free(&buf);			/* twice is fine */
	fb_buf_reset(&buf);			/* and so is reset of an empty buffer */
	assert_null(buf.data);
}

/* appendf formats, including output longer than the free space. */
static void
test_buf_appendf(void **state)
{
	FbBuf		buf;
	char		expected[3000];
	int			i;

	(void) state;
	fb_buf_init(&buf);
	fb_buf_appendf(&buf, "%d-%s-%c", 42, "x", 'y');
	assert_string_equal(buf.data, "42-x-y");
	assert_int_equal(buf.len, 6);
	fb_buf_appendf(&buf, "%s", "");
	assert_int_equal(buf.len, 6);
	fb_buf_appendf(&buf, "%0*d", 2000, 7);
	assert_int_equal(buf.len, 2006);
	assert_int_equal(buf.data[2005], '7');
	assert_int_equal(buf.data[6], '0');
	assert_int_equal(buf.data[2006], '\0');
	fb_buf_free(&buf);

	/* many small appends */
	fb_buf_init(&buf);
	expected[0] = '\0';
	for (i = 0; i < 500; i++)
	{
		char		piece[8];

		snprintf(piece, sizeof(piece), "%d,", i % 10);
		strcat(expected, piece);
		fb_buf_appendf(&buf, "%d,", i % 10);
	}
	assert_string_equal(buf.data, expected);
	assert_int_equal(buf.len, strlen(expected));
	fb_buf_free(&buf);
}

/* JSON string escaping: exactly ", \ and control characters. */
static void
test_buf_json_string(void **state)
{
	FbBuf		buf;

	(void) state;
	fb_buf_init(&buf);
	fb_buf_append_json_string(&buf, "", 0);
	assert_string_equal(buf.data, "\"\"");
	fb_buf_reset(&buf);
	fb_buf_append_json_string(&buf, "plain text / caf\xc3\xa9 \xf0\x9f\x98\x80", 23);
	assert_string_equal(buf.data, "\"plain text / caf\xc3\xa9 \xf0\x9f\x98\x80\"");
	fb_buf_reset(&buf);
	fb_buf_append_json_string(&buf, "\"\\\b\f\n\r\t", 7);
	assert_string_equal(buf.data, "\"\\\"\\\\\\b\\f\\n\\r\\t\"");
	fb_buf_reset(&buf);
	fb_buf_append_json_string(&buf, "a\0b\x01\x1f\x7f", 6);
	assert_string_equal(buf.data, "\"a\\u0000b\\u0001\\u001f\x7f\"");
	fb_buf_reset(&buf);
	/* only len bytes are read */
	fb_buf_append_json_string(&buf, "abcdef", 3);
	assert_string_equal(buf.data, "\"abc\"");
	fb_buf_free(&buf);
}

/* Every byte string of ASCII round-trips through json-c's parser. */
static void
test_buf_json_string_round_trip(void **state)
{
	char		all[128];
	FbBuf		buf;
	struct json_object *v;
	int			i;

	(void) state;
	for (i = 0; i < 128; i++)
		all[i] = (char) i;
	fb_buf_init(&buf);
	fb_buf_append_json_string(&buf, all, sizeof(all));
	v = json_tokener_parse(buf.data);
	assert_non_null(v);
	assert_true(json_object_is_type(v, json_type_string));
	assert_int_equal(json_object_get_string_len(v), 128);
	assert_memory_equal(json_object_get_string(v), all, 128);
	/* no raw control characters in the output */
	for (i = 0; i < (int) buf.len; i++)
		assert_true((unsigned char) buf.data[i] >= 0x20);
	json_object_put(v);
	fb_buf_free(&buf);
}

/* ----------------------------------------------------------- problems */

/* The error table, row by row. */
static void
test_error_table(void **state)
{
	static const struct
	{
		FbErrorKind kind;
		const char *sqlstate;
		int			status;
		const char *title;
	}			rows[] = {
		{FB_ERR_MALFORMED_JSON, "22P02", 400, "malformed json"},
		{FB_ERR_INVALID, "22023", 400, "invalid value"},
		{FB_ERR_MISSING, "23502", 400, "missing member"},
		{FB_ERR_TOO_LARGE, "22001", 400, "value too large"},
		{FB_ERR_OUT_OF_RANGE, "22003", 400, "number out of range"},
		{FB_ERR_BAD_DATETIME, "22007", 400, "bad date or datetime"},
		{FB_ERR_NOT_FOUND, "P0002", 404, "not found"},
		{FB_ERR_CONFLICT, "23505", 409, "conflict"},
		{FB_ERR_UNAUTHENTICATED, "28000", 401, "unauthenticated"},
		{FB_ERR_RATE_LIMITED, "53400", 429, "rate limited"},
	};
	const FbErrorInfo *info;
	size_t		i;

	(void) state;
	assert_int_equal(sizeof(rows) / sizeof(rows[0]) + 1, FB_ERR__COUNT);
	info = fb_error_info(FB_ERR_NONE);
	assert_non_null(info);
	assert_int_equal(info->kind, FB_ERR_NONE);
	assert_string_equal(info->sqlstate, "00000");
	assert_int_equal(info->http_status, 200);
	assert_non_null(info->title);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
	{
		info = fb_error_info(rows[i].kind);
		assert_non_null(info);
		assert_int_equal(info->kind, rows[i].kind);
		assert_string_equal(info->sqlstate, rows[i].sqlstate);
		assert_int_equal(strlen(info->sqlstate), 5);
		assert_int_equal(info->http_status, rows[i].status);
		assert_string_equal(info->title, rows[i].title);
	}
	assert_null(fb_error_info(FB_ERR__COUNT));
	assert_null(fb_error_info((FbErrorKind) -1));
}

/* Problems are kept in order, at most FB_MAX_PROBLEMS, all counted. */
static void
test_problems_list(void **state)
{
	FbProblems	p;
	int			i;

	(void) state;
	memset(&p, 0x55, sizeof(p));
	fb_problems_init(&p);
	assert_int_equal(p.count, 0);
	assert_int_equal(p.stored, 0);
	assert_int_equal(fb_problems_kind(&p), FB_ERR_NONE);

	fb_problem_add(&p, FB_ERR_MISSING, "fields", NULL, "%s is required", "fields");
	fb_problem_add(&p, FB_ERR_INVALID, "fields[2].name", "Use \"ticket_body\".",
				   "field name %s is not snake_case", "\"Ticket Body\"");
	assert_int_equal(p.count, 2);
	assert_int_equal(p.stored, 2);
	assert_int_equal(fb_problems_kind(&p), FB_ERR_MISSING);
	assert_int_equal(p.items[0].kind, FB_ERR_MISSING);
	assert_string_equal(p.items[0].path, "fields");
	assert_string_equal(p.items[0].message, "fields is required");
	assert_string_equal(p.items[0].hint, "");
	assert_int_equal(p.items[1].kind, FB_ERR_INVALID);
	assert_string_equal(p.items[1].path, "fields[2].name");
	assert_string_equal(p.items[1].message,
						"field name \"Ticket Body\" is not snake_case");
	assert_string_equal(p.items[1].hint, "Use \"ticket_body\".");

	for (i = 2; i < 40; i++)
		fb_problem_add(&p, FB_ERR_OUT_OF_RANGE, "", NULL, "problem %d", i);
	assert_int_equal(p.count, 40);
	assert_int_equal(p.stored, FB_MAX_PROBLEMS);
	assert_string_equal(p.items[FB_MAX_PROBLEMS - 1].message, "problem 15");
	assert_int_equal(fb_problems_kind(&p), FB_ERR_MISSING);

	/* a NULL path is the body itself */
	fb_problems_init(&p);
	fb_problem_add(&p, FB_ERR_MALFORMED_JSON, NULL, NULL, "malformed json");
	assert_string_equal(p.items[0].path, "");
	assert_int_equal(fb_problems_kind(&p), FB_ERR_MALFORMED_JSON);
}

/* Long messages, paths and hints are cut, never inside a UTF-8 sequence. */
static void
test_problems_truncation(void **state)
{
	FbProblems	p;
	char		text[600];
	size_t		i;

	(void) state;
	fb_problems_init(&p);

	/* 238 ASCII bytes then 'é': vsnprintf would keep only its first byte */
	memset(text, 'a', 238);
	strcpy(text + 238, "\xc3\xa9 and more");
	fb_problem_add(&p, FB_ERR_INVALID, text, text, "%s", text);
	assert_int_equal(strlen(p.items[0].message), 238);
	assert_true(fb_utf8_valid(p.items[0].message, 238));
	assert_int_equal(strlen(p.items[0].path), FB_PATH_SIZE - 1);
	assert_int_equal(strlen(p.items[0].hint), FB_HINT_SIZE - 1);

	/* exactly fitting: 239 bytes ending with a complete 'é' */
	memset(text, 'a', 237);
	strcpy(text + 237, "\xc3\xa9");
	fb_problem_add(&p, FB_ERR_INVALID, "", NULL, "%s", text);
	assert_string_equal(p.items[1].message, text);

	/* 3- and 4-byte characters all along: every cut is on a boundary */
	text[0] = '\0';
	for (i = 0; i < 100; i++)	/* 350 bytes */
		strcat(text, i % 2 ? "\xe2\x82\xac" : "\xf0\x9f\x98\x80");
	for (i = 0; i < 4; i++)
	{
		char		fmt[8];

		/* shift the text by 0..3 bytes so each cut lands differently */
		snprintf(fmt, sizeof(fmt), "%.*s%%s", (int) i, "xxx");
		fb_problem_add(&p, FB_ERR_INVALID, text + 0, text, fmt, text);
	}
	for (i = 2; i < 6; i++)
	{
		assert_true(strlen(p.items[i].message) <= FB_MESSAGE_SIZE - 1);
		assert_true(strlen(p.items[i].message) >= FB_MESSAGE_SIZE - 4);
		assert_true(fb_utf8_valid(p.items[i].message, strlen(p.items[i].message)));
		assert_true(fb_utf8_valid(p.items[i].path, strlen(p.items[i].path)));
		assert_true(fb_utf8_valid(p.items[i].hint, strlen(p.items[i].hint)));
		assert_true(strlen(p.items[i].path) >= FB_PATH_SIZE - 4);
		assert_true(strlen(p.items[i].hint) >= FB_HINT_SIZE - 4);
	}
}

/* Preview into a buffer of size outsz and compare. */
static void
preview_is(int line, const char *s, size_t len, size_t outsz, const char *expected)
{
	char		out[128];

	memset(out, 'Z', sizeof(out));
	fb_preview(s, len, out, outsz);
	if (strcmp(out, expected) != 0)
		fail_msg("line %d: expected %s, got %s", line, expected, out);
	if (strlen(out) >= outsz)
		fail_msg("line %d: output overflows %zu bytes", line, outsz);
	if (!fb_utf8_valid(out, strlen(out)))
		fail_msg("line %d: output is not valid UTF-8", line);
}

#define PREVIEW(s, outsz, expected) preview_is(__LINE__, s, sizeof(s) - 1, outsz, expected)

/* Quoted, escaped, about 40 bytes of content, "..." when cut. */
static void
test_preview(void **state)
{
	(void) state;
	PREVIEW("", 64, "\"\"");
	PREVIEW("abc", 64, "\"abc\"");
	PREVIEW("a\"b\\c/d", 64, "\"a\\\"b\\\\c/d\"");
	PREVIEW("\n\t\r\b\f", 64, "\"\\n\\t\\r\\b\\f\"");
	PREVIEW("a\0b\x01\x1f\x7f", 64, "\"a\\u0000b\\u0001\\u001f\\u007f\"");
	PREVIEW("caf\xc3\xa9 \xf0\x9f\x98\x80", 64, "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"");
	/* bad bytes become U+FFFD */
	PREVIEW("a\xff" "b", 64, "\"a\xef\xbf\xbd" "b\"");
	PREVIEW("\xc3", 64, "\"\xef\xbf\xbd\"");
	PREVIEW("\xed\xa0\x80", 64, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	PREVIEW("\xe2\x82" "a", 64, "\"\xef\xbf\xbd\xef\xbf\xbd" "a\"");
	/* 40 bytes fit, 41 are cut */
	PREVIEW("0123456789012345678901234567890123456789", 64,
			"\"0123456789012345678901234567890123456789\"");
	PREVIEW("01234567890123456789012345678901234567890", 64,
			"\"0123456789012345678901234567890123456789...\"");
	/* never split a character or an escape */
	PREVIEW("012345678901234567890123456789012345678\xc3\xa9", 64,
			"\"012345678901234567890123456789012345678...\"");
	PREVIEW("01234567890123456789012345678901234567\xc3\xa9", 64,
			"\"01234567890123456789012345678901234567\xc3\xa9\"");
	PREVIEW("0123456789012345678901234567890123456\n", 64,
			"\"0123456789012345678901234567890123456\\n\"");
	PREVIEW("01234567890123456789012345678901234567\n", 64,
			"\"01234567890123456789012345678901234567\\n\"");
	PREVIEW("012345678901234567890123456789012345678\n", 64,
			"\"012345678901234567890123456789012345678...\"");
	PREVIEW("0123456789012345678901234567890123\x01xx", 64,
			"\"0123456789012345678901234567890123\\u0001...\"");
	PREVIEW("01234567890123456789012345678901234\x01xx", 64,
			"\"01234567890123456789012345678901234...\"");
	/* a small output buffer cuts earlier; a tiny one gives "" */
	PREVIEW("abcdefgh", 10, "\"abcd...\"");
	PREVIEW("abcd", 10, "\"abcd\"");
	PREVIEW("\xc3\xa9\xc3\xa9\xc3\xa9", 10, "\"\xc3\xa9\xc3\xa9...\"");
	PREVIEW("abc", 6, "\"...\"");
	PREVIEW("abc", 5, "");
	PREVIEW("", 6, "\"\"");
	{
		char		out[4] = "xyz";

		fb_preview("abc", 3, out, 0);
		assert_string_equal(out, "xyz");	/* outsz 0: nothing written */
		fb_preview("abc", 3, out, 1);
		assert_string_equal(out, "");
	}
}

/* --------------------------------------------------------------- utf8 */

#define VALID(s) assert_true(fb_utf8_valid(s, sizeof(s) - 1))
#define INVALID(s) assert_false(fb_utf8_valid(s, sizeof(s) - 1))

/* Boundaries of every sequence length, and each kind of ill-formed input. */
static void
test_utf8_valid(void **state)
{
	(void) state;
	VALID("");
	VALID("plain ASCII");
	VALID("a\0b");				/* U+0000 is a character */
	VALID("\x7f");
	VALID("\xc2\x80");			/* U+0080 */
	VALID("\xdf\xbf");			/* U+07FF */
	VALID("\xe0\xa0\x80");		/* U+0800 */
	VALID("\xed\x9f\xbf");		/* U+D7FF */
	VALID("\xee\x80\x80");		/* U+E000 */
	VALID("\xef\xbf\xbf");		/* U+FFFF */
	VALID("\xf0\x90\x80\x80");	/* U+10000 */
	VALID("\xf4\x8f\xbf\xbf");	/* U+10FFFF */
	VALID("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");

	INVALID("\x80");			/* lone continuation */
	INVALID("\xbf");
	INVALID("a\x80" "b");
	INVALID("\xc0\x80");		/* overlong U+0000 */
	INVALID("\xc1\xbf");		/* overlong U+007F */
	INVALID("\xe0\x80\x80");	/* overlong */
	INVALID("\xe0\x9f\xbf");	/* overlong U+07FF */
	INVALID("\xf0\x80\x80\x80");	/* overlong */
	INVALID("\xf0\x8f\xbf\xbf");	/* overlong U+FFFF */
	INVALID("\xed\xa0\x80");	/* U+D800 */
	INVALID("\xed\xbf\xbf");	/* U+DFFF */
	INVALID("\xed\xa0\xbd\xed\xb8\x80");	/* CESU-8 surrogate pair */
	INVALID("\xf4\x90\x80\x80");	/* U+110000 */
	INVALID("\xf5\x80\x80\x80");
	INVALID("\xf8\x88\x80\x80\x80");
	INVALID("\xfe");
	INVALID("\xff");
	INVALID("\xc2");			/* truncated */
	INVALID("\xe2\x82");
	INVALID("\xf0\x9f\x98");
	INVALID("abc\xc3");
	INVALID("\xc2\x41");		/* bad continuation */
	INVALID("\xe2\x28\xa1");
	INVALID("\xe2\x82\x28");
	INVALID("\xf0\x9f\x98\x28");
	/* only len bytes count */
	assert_true(fb_utf8_valid("ab\xff", 2));
	assert_false(fb_utf8_valid("\xc3\xa9", 1));
}

/* Encode code point cp as UTF-8 into out; returns the length. */
static size_t
encode(uint32_t cp, unsigned char *out)
{
	if (cp < 0x80)
	{
		out[0] = (unsigned char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		out[0] = (unsigned char) (0xC0 | (cp >> 6));
		out[1] = (unsigned char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		out[0] = (unsigned char) (0xE0 | (cp >> 12));
		out[1] = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
		out[2] = (unsigned char) (0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (unsigned char) (0xF0 | (cp >> 18));
	out[1] = (unsigned char) (0x80 | ((cp >> 12) & 0x3F));
	out[2] = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
	out[3] = (unsigned char) (0x80 | (cp & 0x3F));
	return 4;
}

/*
 * A reference decoder for the exhaustive check: decode one sequence of
 * exactly n bytes the permissive way, then apply the rules separately
 * (shortest form, no surrogates, at most U+10FFFF).
 */
static bool
reference_valid(const unsigned char *s, size_t n)
{
	uint32_t	cp;
	size_t		i;

	if (n == 1)
		return s[0] < 0x80;
	if (n == 2 && (s[0] & 0xE0) == 0xC0)
		cp = s[0] & 0x1F;
	else if (n == 3 && (s[0] & 0xF0) == 0xE0)
		cp = s[0] & 0x0F;
	else if (n == 4 && (s[0] & 0xF8) == 0xF0)
		cp = s[0] & 0x07;
	else
		return false;
	for (i = 1; i < n; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
			return false;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000))
		return false;
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return false;
	return cp <= 0x10FFFF;
}

/* Every code point encodes validly (surrogates excepted); all 1-3 byte strings agree with the reference. */
static void
test_utf8_exhaustive(void **state)
{
	unsigned char s[4];
	uint32_t	cp;
	uint32_t	a;
	uint32_t	b;
	uint32_t	c;

	(void) state;
	for (cp = 0; cp <= 0x10FFFF; cp++)
	{
		size_t		n = encode(cp, s);
		bool		expect = !(cp >= 0xD800 && cp <= 0xDFFF);

		if (fb_utf8_valid((char *) s, n) != expect)
			fail_msg("U+%04X: expected %d", cp, expect);
		if (expect && fb_utf8_length((char *) s, n) != 1)
			fail_msg("U+%04X: length is not 1", cp);
	}
	for (a = 0; a < 256; a++)
	{
		s[0] = (unsigned char) a;
		if (fb_utf8_valid((char *) s, 1) != reference_valid(s, 1))
			fail_msg("%02X disagrees", a);
		for (b = 0; b < 256; b++)
		{
			s[1] = (unsigned char) b;
			if (a >= 0x80 &&
				fb_utf8_valid((char *) s, 2) != reference_valid(s, 2))
				fail_msg("%02X %02X disagrees", a, b);
			if (a < 0xE0 || a > 0xF4)
				continue;
			for (c = 0; c < 256; c++)
			{
				s[2] = (unsigned char) c;
				if (fb_utf8_valid((char *) s, 3) != reference_valid(s, 3))
					fail_msg("%02X %02X %02X disagrees", a, b, c);
			}
		}
	}
	/* 4 bytes: every lead byte and second byte, a few third/fourth bytes */
	for (a = 0xF0; a < 256; a++)
		for (b = 0; b < 256; b++)
			for (c = 0; c < 4; c++)
			{
				static const unsigned char tails[4][2] = {
					{0x80, 0x80}, {0xBF, 0xBF}, {0x7F, 0x80}, {0x80, 0xC0}
				};

				s[0] = (unsigned char) a;
				s[1] = (unsigned char) b;
				s[2] = tails[c][0];
				s[3] = tails[c][1];
				if (fb_utf8_valid((char *) s, 4) != reference_valid(s, 4))
					fail_msg("%02X %02X %02X %02X disagrees", a, b, s[2], s[3]);
			}
}

/* Code points of well-formed text. */
static void
test_utf8_length(void **state)
{
	(void) state;
	assert_int_equal(fb_utf8_length("", 0), 0);
	assert_int_equal(fb_utf8_length("abc", 3), 3);
	assert_int_equal(fb_utf8_length("a\0b", 3), 3);
	assert_int_equal(fb_utf8_length("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 10), 4);
	assert_int_equal(fb_utf8_length("\xc3\xa9\xc3\xa9", 4), 2);
}

/* Cutting text at a byte limit without splitting a character. */
static void
test_utf8_clip(void **state)
{
	const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";	/* a é € 😀 z: 11 bytes */
	size_t		expected[] = {0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 11};
	size_t		max;

	(void) state;
	for (max = 0; max <= 11; max++)
		if (fb_utf8_clip(s, 11, max) != expected[max])
			fail_msg("clip(%zu) = %zu, expected %zu", max,
					 fb_utf8_clip(s, 11, max), expected[max]);
	assert_int_equal(fb_utf8_clip(s, 11, 100), 11);
	assert_int_equal(fb_utf8_clip(s, 3, 2), 1);
	assert_int_equal(fb_utf8_clip("", 0, 5), 0);
	assert_int_equal(fb_utf8_clip("abc", 3, 0), 0);
	/* ill-formed input: stray continuations are not sequences, nothing breaks */
	assert_int_equal(fb_utf8_clip("\x80\x80\x80\x80\x80", 5, 3), 3);
	assert_int_equal(fb_utf8_clip("a\xff\x80", 3, 2), 2);
	assert_int_equal(fb_utf8_clip("\xf0\x9f", 2, 1), 0);
	/* a sequence left incomplete by the text itself is dropped too */
	assert_int_equal(fb_utf8_clip("ab\xc3", 3, 3), 2);
	assert_int_equal(fb_utf8_clip("ab\xf0\x9f\x98", 5, 99), 2);
	assert_int_equal(fb_utf8_clip("ab\xf0\x9f\x98\x80", 6, 6), 6);
	assert_int_equal(fb_utf8_clip("ab\xff", 3, 3), 3);
	/* the result never ends inside a sequence, for every cut of valid text */
	for (max = 0; max <= 11; max++)
	{
		size_t		n = fb_utf8_clip(s, 11, max);

		assert_true(n <= max);
		assert_true(fb_utf8_valid(s, n));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_append),
		cmocka_unit_test(test_buf_appendf),
		cmocka_unit_test(test_buf_json_string),
		cmocka_unit_test(test_buf_json_string_round_trip),
		cmocka_unit_test(test_error_table),
		cmocka_unit_test(test_problems_list),
		cmocka_unit_test(test_problems_truncation),
		cmocka_unit_test(test_preview),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_exhaustive),
		cmocka_unit_test(test_utf8_length),
		cmocka_unit_test(test_utf8_clip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
