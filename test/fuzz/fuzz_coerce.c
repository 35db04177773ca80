/*
 * fuzz_coerce.c - libFuzzer target: fb_coerce of one type (built once per
 * type, with -DFUZZ_TYPE=FB_TYPE_...) on arbitrary JSON values.
 *
 * The input is a JSON value.  Read strictly (fb_json_parse, as a body is),
 * it is coerced with the default size limit and with a tiny one, and:
 * an error appends nothing and has a valid kind and message; an accepted
 * value appends strict JSON of the type's shape, within the limit, and
 * coercing that canonical text again gives the same text (canonical forms
 * are fixed points).  Input that only json-c's lenient parser reads (NaN,
 * single quotes, raw bytes...) never reaches fb_coerce in feedback, but
 * is coerced too, for memory safety.
 */
#include "fuzz_common.h"

#include "field.h"

#ifndef FUZZ_TYPE
#error "build with -DFUZZ_TYPE=FB_TYPE_..."
#endif

#define PREFIX "<>"

/*
 * A float's canonical text is the shortest that reads back (README: the
 * least number of significant digits), plain for decimal exponents -4..14
 * and in exponent form otherwise, as PostgreSQL's float8out prints.
 */
static void
check_float(const char *canon, size_t len)
{
	char		text[32];
	char		buf[40];
	double		d;
	int			p;
	int			x;
	int			sig = 0;
	size_t		i;
	size_t		first = 0;
	size_t		last = 0;
	bool		any = false;

	FZ_CHECK(len < sizeof(text), "float %.40s", canon);
	memcpy(text, canon, len);
	text[len] = '\0';
	d = strtod(text, NULL);
	if (d == 0)
	{
		FZ_CHECK(strcmp(text, "0") == 0, "zero is %s", text);
		return;
	}
	for (p = 1; p <= 17; p++)
	{
		snprintf(buf, sizeof(buf), "%.*e", p - 1, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	x = atoi(strchr(buf, 'e') + 1);
	/* significant digits of the mantissa as printed */
	for (i = 0; i < len && text[i] != 'e'; i++)
		if (text[i] >= '0' && text[i] <= '9')
		{
			if (!any && text[i] != '0')
			{
				any = true;
				first = i;
			}
			if (text[i] != '0')
				last = i;
		}
	for (i = first; any && i <= last; i++)
		sig += text[i] >= '0' && text[i] <= '9';
	FZ_CHECK(sig == p, "float %s has %d significant digits, the shortest has %d", text, sig, p);
	FZ_CHECK((strchr(text, 'e') == NULL) == (x >= -4 && x < 15),
			 "float %s (decimal exponent %d) in the wrong notation", text, x);
}

static void
coerce(struct json_object *v, size_t max_bytes, bool strict)
{
	FbBuf		out;
	FbCoercion	res;
	const char *canon;
	size_t		len;
	json_type	jt;

	fb_buf_init(&out);
	fb_buf_append_str(&out, PREFIX);
	fb_coerce(FUZZ_TYPE, v, max_bytes, &out, &res);
	FZ_CHECK(res.error >= FB_ERR_NONE && res.error < FB_ERR__COUNT, "error kind %d", (int) res.error);
	if (res.error != FB_ERR_NONE)
	{
		FZ_CHECK(out.len == strlen(PREFIX), "an error appended %zu bytes", out.len - strlen(PREFIX));
		FZ_CHECK(fz_cstr_ok(res.message, sizeof(res.message)) && res.message[0] != '\0', "message");
		FZ_CHECK(!res.has_instant, "error with an instant");
		fb_buf_free(&out);
		return;
	}

	canon = out.data + strlen(PREFIX);
	len = out.len - strlen(PREFIX);
	FZ_CHECK(res.is_null == (v == NULL || json_object_get_type(v) == json_type_null), "is_null");
	if (res.has_instant)
		FZ_CHECK(res.epoch_us >= FB_MIN_EPOCH_US && res.epoch_us <= FB_MAX_EPOCH_US, "instant out of range");
	if (!strict)
	{
		/*
		 * What only the lenient parser reads never reaches fb_coerce in
		 * feedback (fb_json_parse refuses it first): memory safety only.
		 */
		fb_buf_free(&out);
		return;
	}
	FZ_CHECK(fz_strict_json(canon, len, &jt), "canonical %.300s is not strict JSON", canon);
	if (res.is_null)
		FZ_CHECK(jt == json_type_null, "null is %s", canon);
	else
	{
		switch (FUZZ_TYPE)
		{
			case FB_TYPE_BOOLEAN:
				FZ_CHECK(jt == json_type_boolean, "boolean is %.100s", canon);
				break;
			case FB_TYPE_INTEGER:
				FZ_CHECK(jt == json_type_int && len <= 20, "integer is %.100s", canon);
				break;
			case FB_TYPE_FLOAT:
				FZ_CHECK((jt == json_type_double || jt == json_type_int) && len <= 24, "float is %.100s", canon);
				check_float(canon, len);
				break;
			case FB_TYPE_DATE:
				FZ_CHECK(jt == json_type_string && len == 12, "date is %.100s", canon);
				break;
			case FB_TYPE_DATETIME:
				FZ_CHECK(jt == json_type_string && (len == 22 || len == 29), "datetime is %.100s", canon);
				break;
			case FB_TYPE_STRING:
				FZ_CHECK(jt == json_type_string, "string is %.100s", canon);
				break;
			default:
				break;
		}
		if (FUZZ_TYPE != FB_TYPE_STRING)
			FZ_CHECK(len <= max_bytes, "canonical of %zu bytes, limit %zu", len, max_bytes);
	}
	FZ_CHECK(res.has_instant == (!res.is_null && (FUZZ_TYPE == FB_TYPE_DATE || FUZZ_TYPE == FB_TYPE_DATETIME)),
			 "has_instant");

	/* the canonical form is a fixed point */
	{
		struct json_object *v2 = NULL;
		FbProblems	problems;
		FbBuf		out2;
		FbCoercion	res2;

		fb_problems_init(&problems);
		FZ_CHECK(fb_json_parse(canon, len, &v2, &problems), "canonical does not parse");
		fb_buf_init(&out2);
		fb_coerce(FUZZ_TYPE, v2, max_bytes, &out2, &res2);
		FZ_CHECK(res2.error == FB_ERR_NONE, "canonical %.200s rejected: %s", canon, res2.message);
		FZ_CHECK(out2.len == len && memcmp(out2.data, canon, len) == 0,
				 "canonical is not a fixed point:\n  %.200s\n  %.200s", canon, out2.data);
		FZ_CHECK(res2.has_instant == res.has_instant && res2.epoch_us == res.epoch_us, "instant changed");
		json_object_put(v2);
		fb_buf_free(&out2);
	}
	fb_buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_object *v = NULL;
	FbProblems	problems;
	size_t		tiny = size % 40;

	fb_problems_init(&problems);
	if (fb_json_parse((const char *) data, size, &v, &problems))
	{
		coerce(v, 10240, true);
		coerce(v, tiny, true);
	}
	else
	{
		struct json_tokener *tok = json_tokener_new();

		fz_check_problems(&problems, false);
		v = json_tokener_parse_ex(tok, (const char *) data, (int) size);
		if (v == NULL && json_tokener_get_error(tok) == json_tokener_continue)
			v = json_tokener_parse_ex(tok, "", 1);
		json_tokener_free(tok);
		if (v != NULL)
		{
			coerce(v, 10240, false);
			coerce(v, tiny, false);
		}
	}
	json_object_put(v);
	return 0;
}
