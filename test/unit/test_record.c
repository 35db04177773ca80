/*
 * test_record.c - unit tests of record parsing and validation (record.c)
 *
 * Every rule of DESIGN.md section 4 that record.c enforces, accepted and
 * rejected: the exact error kind and path of each problem, the canonical
 * output, the display_ts fallback, the limits, and the JSON that json-c's
 * strict mode lets through although it is not JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "record.h"
#include "testutil.h"

/* One field entry as JSON text; value is JSON text too. */
#define FIELD(name, category, type, value) \
	"{\"name\":\"" name "\",\"category\":\"" category "\",\"type\":\"" type \
	"\",\"value\":" value "}"

/* A record body with the given fields array content. */
#define FIELDS(...) "{\"fields\":[" __VA_ARGS__ "]}"

/* A simple valid field entry. */
#define F_OK FIELD("a", "content", "string", "\"x\"")

static const FbLimits limits = {10240, 100, false};

/* The shared examples (the three record bodies), embedded verbatim. */
static const char support_ticket_body[] =
"{\n"
"  \"external_id\": \"zendesk-48213\",\n"
"  \"display_ts\": \"2025-01-01T10:30:00Z\",\n"
"  \"fields\": [\n"
"    {\"category\": \"content\", \"type\": \"string\", \"name\": \"ticket_subject\", \"value\": \"CSV export times out\"},\n"
"    {\"category\": \"content\", \"type\": \"string\", \"name\": \"ticket_body\", \"value\": \"Exporting more than 10k rows to CSV spins for a minute and then fails with a gateway error. We need this for our monthly board report.\"},\n"
"    {\"category\": \"identifier\", \"type\": \"integer\", \"name\": \"ticket_number\", \"value\": 48213},\n"
"    {\"category\": \"metadata\", \"type\": \"string\", \"name\": \"priority\", \"value\": \"high\"},\n"
"    {\"category\": \"metadata\", \"type\": \"string\", \"name\": \"channel\", \"value\": \"email\"},\n"
"    {\"category\": \"metadata\", \"type\": \"json\", \"name\": \"tags\", \"value\": [\"export\", \"performance\"]},\n"
"    {\"category\": \"metadata\", \"type\": \"boolean\", \"name\": \"is_escalated\", \"value\": true},\n"
"    {\"category\": \"created_at\", \"type\": \"datetime\", \"name\": \"opened_at\", \"value\": \"2025-01-01T10:30:00Z\"}\n"
"  ]\n"
"}\n";

static const char nps_survey_body[] =
"{\n"
"  \"external_id\": \"nps-2025-q1-000912\",\n"
"  \"fields\": [\n"
"    {\"category\": \"metadata\", \"type\": \"integer\", \"name\": \"nps_score\", \"value\": 6},\n"
"    {\"category\": \"content\", \"type\": \"string\", \"name\": \"comment\", \"value\": \"Good product, but onboarding new teammates takes too long.\"},\n"
"    {\"category\": \"metadata\", \"type\": \"string\", \"name\": \"survey_wave\", \"value\": \"2025-Q1\"},\n"
"    {\"category\": \"metadata\", \"type\": \"float\", \"name\": \"seats_used_ratio\", \"value\": 0.82},\n"
"    {\"category\": \"created_at\", \"type\": \"date\", \"name\": \"answered_on\", \"value\": \"2025-02-14\"}\n"
"  ]\n"
"}\n";

static const char slack_message_body[] =
"{\n"
"  \"external_id\": \"C024BE91L-1736937912.000200\",\n"
"  \"fields\": [\n"
"    {\"category\": \"content\", \"type\": \"string\", \"name\": \"message_text\", \"value\": \"Would love a keyboard shortcut to jump between open tickets :pray:\"},\n"
"    {\"category\": \"identifier\", \"type\": \"string\", \"name\": \"channel_id\", \"value\": \"C024BE91L\"},\n"
"    {\"category\": \"identity\", \"type\": \"string\", \"name\": \"slack_user_id\", \"value\": \"U02ABCDEF\"},\n"
"    {\"category\": \"metadata\", \"type\": \"integer\", \"name\": \"reaction_count\", \"value\": 4},\n"
"    {\"category\": \"created_at\", \"type\": \"datetime\", \"name\": \"posted_at\", \"value\": 1736937912.0002},\n"
"    {\"category\": \"metadata\", \"type\": \"json\", \"name\": \"thread\", \"value\": {\"replies\": 2, \"latest_reply\": \"1736940001.000100\"}}\n"
"  ]\n"
"}\n";

/* Parse body (a C string) with lim; the record must be initialized. */
static bool
parse_with(FbRecord *r, const char *body, const FbLimits *lim)
{
	return fb_record_parse(r, body, strlen(body), lim);
}

/* Parse body that must be valid, failing with its problems otherwise. */
static void
parse_valid(FbRecord *r, const char *body)
{
	if (!parse_with(r, body, &limits))
	{
		fprintf(stderr, "  body: %s\n", body);
		print_problems(&r->problems);
		fail_msg("a valid body was rejected");
	}
	assert_int_equal(r->problems.count, 0);
}

/* Parse body that must be rejected with exactly the expected problems. */
static void
expect_problems_lim(const char *body, size_t len, const FbLimits *lim,
					const Expected *exp, int n)
{
	FbRecord	r;

	fb_record_init(&r);
	if (fb_record_parse(&r, body, len, lim))
	{
		fprintf(stderr, "  body: %.*s\n", (int) len, body);
		fb_record_free(&r);
		fail_msg("an invalid body was accepted");
	}
	check_problems(&r.problems, exp, n);
	fb_record_free(&r);
}

/* As expect_problems_lim for a C string with the default limits. */
static void
expect_problems(const char *body, const Expected *exp, int n)
{
	expect_problems_lim(body, strlen(body), &limits, exp, n);
}

/* The first problem's message of a rejected body. */
static void
expect_message(const char *body, const char *message, const char *hint)
{
	FbRecord	r;

	fb_record_init(&r);
	assert_false(parse_with(&r, body, &limits));
	assert_true(r.problems.stored >= 1);
	assert_string_equal(r.problems.items[0].message, message);
	if (hint != NULL)
		assert_string_equal(r.problems.items[0].hint, hint);
	fb_record_free(&r);
}

/* The canonical fields array of a valid body. */
static void
expect_fields_array(const char *body, const char *expected)
{
	FbRecord	r;
	FbBuf		out;

	fb_record_init(&r);
	fb_buf_init(&out);
	parse_valid(&r, body);
	fb_record_fields_array(&r, &out);
	assert_string_equal(out.data, expected);
	fb_buf_free(&out);
	fb_record_free(&r);
}

/* ---- the shared examples ---- */

/* support-ticket: explicit display_ts, every type but date and float. */
static void
test_example_support_ticket(void **state)
{
	FbRecord	r;
	FbBuf		out;

	(void) state;
	fb_record_init(&r);
	fb_buf_init(&out);
	parse_valid(&r, support_ticket_body);
	assert_true(r.has_external_id);
	assert_string_equal(r.external_id, "zendesk-48213");
	assert_int_equal(r.external_id_len, 13);
	assert_false(r.has_person_id);
	assert_int_equal(r.display_ts_source, FB_TS_BODY);
	assert_int_equal(r.display_ts_us, INT64_C(1735727400) * 1000000);
	assert_int_equal(r.nfields, 8);

	fb_record_fields_object(&r, &out);
	assert_string_equal(out.data,
						"{\"channel\":\"email\",\"is_escalated\":true,"
						"\"opened_at\":\"2025-01-01T10:30:00Z\",\"priority\":\"high\","
						"\"tags\":[\"export\",\"performance\"],"
						"\"ticket_body\":\"Exporting more than 10k rows to CSV spins for a minute and then fails with a gateway error. We need this for our monthly board report.\","
						"\"ticket_number\":48213,\"ticket_subject\":\"CSV export times out\"}");
	fb_buf_reset(&out);
	fb_record_fields_array(&r, &out);
	assert_string_equal(out.data,
						"[{\"name\":\"channel\",\"category\":\"metadata\",\"type\":\"string\",\"value\":\"email\"},"
						"{\"name\":\"is_escalated\",\"category\":\"metadata\",\"type\":\"boolean\",\"value\":true},"
						"{\"name\":\"opened_at\",\"category\":\"created_at\",\"type\":\"datetime\",\"value\":\"2025-01-01T10:30:00Z\"},"
						"{\"name\":\"priority\",\"category\":\"metadata\",\"type\":\"string\",\"value\":\"high\"},"
						"{\"name\":\"tags\",\"category\":\"metadata\",\"type\":\"json\",\"value\":[\"export\",\"performance\"]},"
						"{\"name\":\"ticket_body\",\"category\":\"content\",\"type\":\"string\",\"value\":\"Exporting more than 10k rows to CSV spins for a minute and then fails with a gateway error. We need this for our monthly board report.\"},"
						"{\"name\":\"ticket_number\",\"category\":\"identifier\",\"type\":\"integer\",\"value\":48213},"
						"{\"name\":\"ticket_subject\",\"category\":\"content\",\"type\":\"string\",\"value\":\"CSV export times out\"}]");

	/* sorted by name, each knowing its position in the body */
	assert_string_equal(r.fields[0].name, "channel");
	assert_int_equal(r.fields[0].index, 4);
	assert_int_equal(r.fields[0].category, FB_CAT_METADATA);
	assert_int_equal(r.fields[0].type, FB_TYPE_STRING);
	assert_string_equal(r.fields[7].name, "ticket_subject");
	assert_int_equal(r.fields[7].index, 0);
	assert_int_equal(r.fields[7].name_len, 14);
	assert_true(r.fields[2].has_instant);
	assert_int_equal(r.fields[2].epoch_us, INT64_C(1735727400) * 1000000);
	assert_false(r.fields[2].is_null);
	fb_buf_free(&out);
	fb_record_free(&r);
}

/* nps-survey: no display_ts, so the created_at date gives midnight. */
static void
test_example_nps_survey(void **state)
{
	FbRecord	r;
	FbBuf		out;

	(void) state;
	fb_record_init(&r);
	fb_buf_init(&out);
	parse_valid(&r, nps_survey_body);
	assert_string_equal(r.external_id, "nps-2025-q1-000912");
	assert_int_equal(r.display_ts_source, FB_TS_FIELD);
	assert_int_equal(r.display_ts_us, INT64_C(1739491200) * 1000000);	/* 2025-02-14 */
	fb_record_fields_object(&r, &out);
	assert_string_equal(out.data,
						"{\"answered_on\":\"2025-02-14\","
						"\"comment\":\"Good product, but onboarding new teammates takes too long.\","
						"\"nps_score\":6,\"seats_used_ratio\":0.82,\"survey_wave\":\"2025-Q1\"}");
	fb_buf_free(&out);
	fb_record_free(&r);
}

/* slack-message: display_ts from posted_at, given as epoch seconds. */
static void
test_example_slack_message(void **state)
{
	FbRecord	r;
	FbBuf		out;

	(void) state;
	fb_record_init(&r);
	fb_buf_init(&out);
	parse_valid(&r, slack_message_body);
	assert_string_equal(r.external_id, "C024BE91L-1736937912.000200");
	assert_int_equal(r.display_ts_source, FB_TS_FIELD);
	assert_int_equal(r.display_ts_us, INT64_C(1736937912000200));
	fb_record_fields_object(&r, &out);
	assert_string_equal(out.data,
						"{\"channel_id\":\"C024BE91L\","
						"\"message_text\":\"Would love a keyboard shortcut to jump between open tickets :pray:\","
						"\"posted_at\":\"2025-01-15T10:45:12.000200Z\",\"reaction_count\":4,"
						"\"slack_user_id\":\"U02ABCDEF\","
						"\"thread\":{\"replies\":2,\"latest_reply\":\"1736940001.000100\"}}");
	fb_buf_free(&out);
	fb_record_free(&r);
}

/* ---- the body ---- */

/* A body that is JSON but not an object is invalid at "". */
static void
test_body_not_object(void **state)
{
	(void) state;
	expect_problems("[]", EXPECT({FB_ERR_INVALID, ""}));
	expect_problems("\"fields\"", EXPECT({FB_ERR_INVALID, ""}));
	expect_problems("5", EXPECT({FB_ERR_INVALID, ""}));
	expect_problems(" 5 ", EXPECT({FB_ERR_INVALID, ""}));
	expect_problems("null", EXPECT({FB_ERR_INVALID, ""}));
	expect_problems(" null ", EXPECT({FB_ERR_INVALID, ""}));
	expect_message("null", "record body must be a json object, not null", NULL);
	expect_problems("true", EXPECT({FB_ERR_INVALID, ""}));
	expect_message("[1]", "record body must be a json object, not an array", NULL);
}

/* Malformed JSON is MALFORMED_JSON at "", with json-c's description. */
static void
test_malformed(void **state)
{
	(void) state;
	expect_problems("", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("   ", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("{", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("{\"fields\":[}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("{\"fields\":[],}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("{fields:[]}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("{\"a\":tru}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("{\"a\":True}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("{\"a\":\"\\x\"}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("{\"a\":1 /* c */}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("// c\n{}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("\xef\xbb\xbf{}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));	/* BOM */
	expect_problems("{\"a\":\"\xff\"}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));	/* bad UTF-8 */
	/* json-c's own UTF-8 check lets these through: overlong, surrogate, > U+10FFFF */
	expect_problems("{\"a\":\"\xc0\xaf\"}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("{\"a\":\"\xed\xa0\x80\"}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("{\"a\":\"\xf4\x90\x80\x80\"}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("{\"\xe0\x80\xaf\":1}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_message("{\"fields\":[]", "malformed json: unexpected end of data (at byte 12)", NULL);
	expect_message("{\"fields\":[]} x", "malformed json: unexpected character (at byte 14)", NULL);
}

/* Only whitespace may follow the value; the body need not end in a NUL. */
static void
test_trailing(void **state)
{
	static const char body_nul[] = FIELDS(F_OK) "\0{}";
	static const char body_nul_only[] = FIELDS(F_OK) "\0";
	static const char slice[] = FIELDS(F_OK) "GARBAGE";
	FbRecord	r;

	(void) state;
	fb_record_init(&r);
	parse_valid(&r, FIELDS(F_OK) " \t\r\n ");
	/* a buffer that goes on after len bytes: only len bytes are read */
	assert_true(fb_record_parse(&r, slice, sizeof(slice) - 1 - 7, &limits));
	assert_int_equal(r.nfields, 1);
	fb_record_free(&r);

	expect_problems(FIELDS(F_OK) FIELDS(F_OK), EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems(FIELDS(F_OK) " x", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems(FIELDS(F_OK) "\f", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	/* json-c stops at a NUL byte; what follows still counts */
	expect_problems_lim(body_nul, sizeof(body_nul) - 1, &limits,
						EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems_lim(body_nul_only, sizeof(body_nul_only) - 1, &limits,
						EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	/* a NUL inside a string ends json-c's input there */
	expect_problems_lim("{\"a\":\"x\0y\"}", 11, &limits,
						EXPECT({FB_ERR_MALFORMED_JSON, ""}));
}

/* What json-c's strict mode accepts although it is not JSON is malformed. */
static void
test_json_c_laxness(void **state)
{
	(void) state;
	/* single-quoted member names */
	expect_problems("{'fields':[" F_OK "]}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	/* NaN and Infinity, anywhere */
	expect_problems(FIELDS(FIELD("a", "content", "json", "NaN")),
					EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems(FIELDS(FIELD("a", "content", "json", "[Infinity]")),
					EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems(FIELDS(FIELD("a", "content", "float", "-Infinity")),
					EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	/* numbers outside the RFC 8259 grammar */
	expect_problems(FIELDS(FIELD("a", "content", "json", "1.")),
					EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems(FIELDS(FIELD("a", "content", "json", "1.e5")),
					EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems(FIELDS(FIELD("a", "content", "json", "-.5")),
					EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("{\"person_id\":-01," "\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems("{\"person_id\":00," "\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	/* raw control characters in strings */
	expect_problems(FIELDS(FIELD("a", "content", "string", "\"a\tb\"")),
					EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems(FIELDS(FIELD("a", "content", "string", "\"a\nb\"")),
					EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	expect_problems(FIELDS(FIELD("a", "content", "string", "\"a\x01" "b\"")),
					EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	/* a member name with \u0000, which json-c would cut ("fields") */
	expect_problems("{\"fields\\u0000x\":[" F_OK "]}", EXPECT({FB_ERR_INVALID, ""}));
	expect_message("{\"fields\":1.}", "malformed json: invalid number \"1.\" (at byte 10)", NULL);
	expect_message("{\"a\":\"\xed\xa0\x80\"}", "malformed json: the body is not valid UTF-8", NULL);
	expect_message("{'fields':[]}", "malformed json: single-quoted string (at byte 1)", NULL);

	/* valid numbers and escapes are untouched */
	expect_fields_array(FIELDS(FIELD("a", "content", "json",
									 "[0,-0,0.5,-1.25e-3,1E+2,10,\"'\\\\u0000\",\"NaN\",{\"k\\\\u0000\":1}]")),
						"[{\"name\":\"a\",\"category\":\"content\",\"type\":\"json\","
						"\"value\":[0,0,0.5,-1.25e-3,1E+2,10,\"'\\\\u0000\",\"NaN\",{\"k\\\\u0000\":1}]}]");
	/* a nested member name with \u0000 too */
	expect_problems(FIELDS(FIELD("a", "content", "json", "{\"k\\u0000\":1}")),
					EXPECT({FB_ERR_INVALID, ""}));
}

/*
 * Integers beyond what json-c holds exactly (it would clamp them silently)
 * are out of range for the body; int64 and uint64 values themselves are not.
 */
static void
test_integer_range(void **state)
{
	FbRecord	r;

	(void) state;
	expect_problems(FIELDS(FIELD("a", "content", "json", "18446744073709551616")),
					EXPECT({FB_ERR_OUT_OF_RANGE, ""}));
	expect_problems(FIELDS(FIELD("a", "content", "json", "-9223372036854775809")),
					EXPECT({FB_ERR_OUT_OF_RANGE, ""}));
	expect_problems("{\"person_id\":123456789012345678901234567890,\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_OUT_OF_RANGE, ""}));
	expect_fields_array(FIELDS(FIELD("a", "content", "json",
									 "[18446744073709551615,-9223372036854775808,1e400]")),
						"[{\"name\":\"a\",\"category\":\"content\",\"type\":\"json\","
						"\"value\":[18446744073709551615,-9223372036854775808,1e400]}]");

	fb_record_init(&r);
	expect_problems(FIELDS(FIELD("a", "content", "integer", "9223372036854775808")),
					EXPECT({FB_ERR_OUT_OF_RANGE, "fields[0].value"}));
	parse_valid(&r, FIELDS(FIELD("a", "content", "integer", "-9223372036854775808")));
	fb_record_free(&r);
}

/* json-c nests 256 levels; one more is an INVALID body. */
static void
test_depth(void **state)
{
	char	   *open253 = repeat("[", 253);
	char	   *close253 = repeat("]", 253);
	char	   *ok;
	char	   *deep;
	FbRecord	r;

	(void) state;
	/* body object, fields array and entry are 3 levels */
	ok = format("{\"fields\":[{\"name\":\"a\",\"category\":\"content\",\"type\":\"json\","
				"\"value\":%s%s}]}", open253, close253);
	deep = format("{\"fields\":[{\"name\":\"a\",\"category\":\"content\",\"type\":\"json\","
				  "\"value\":[%s%s]}]}", open253, close253);
	fb_record_init(&r);
	parse_valid(&r, ok);
	fb_record_free(&r);
	expect_problems(deep, EXPECT({FB_ERR_INVALID, ""}));
	expect_message(deep, "json nested deeper than 256 levels", NULL);
	free(open253);
	free(close253);
	free(ok);
	free(deep);
}

/* Unknown members are errors at their name; duplicates keep the last. */
static void
test_members(void **state)
{
	FbRecord	r;
	char	   *longname = repeat("x", 100);
	char	   *body = format("{\"%s\":1,\"fields\":[" F_OK "]}", longname);

	(void) state;
	expect_problems("{\"display_time\":\"2025-01-01\",\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_INVALID, "display_time"}));
	expect_message("{\"display_time\":\"2025-01-01\",\"fields\":[" F_OK "]}",
				   "unknown member \"display_time\"",
				   "Members are fields, external_id, display_ts and person_id.");
	expect_problems("{\"Fields\":[" F_OK "]}",
					EXPECT({FB_ERR_INVALID, "Fields"}, {FB_ERR_MISSING, "fields"}));
	expect_problems("{\"source_id\":1,\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_INVALID, "source_id"}));

	/* a long member name is cut to fit the path */
	fb_record_init(&r);
	assert_false(parse_with(&r, body, &limits));
	assert_int_equal(r.problems.count, 1);
	assert_int_equal(strlen(r.problems.items[0].path), FB_PATH_SIZE - 1);
	assert_memory_equal(r.problems.items[0].path, longname, FB_PATH_SIZE - 1);

	/* json-c keeps the last of duplicate members */
	parse_valid(&r, "{\"external_id\":\"first\",\"fields\":[" F_OK "],\"external_id\":\"second\"}");
	assert_string_equal(r.external_id, "second");
	parse_valid(&r, "{\"fields\":5,\"fields\":[" F_OK "]}");
	assert_int_equal(r.nfields, 1);
	fb_record_free(&r);
	free(longname);
	free(body);
}

/* ---- fields ---- */

/* fields: required, an array, not empty. */
static void
test_fields_member(void **state)
{
	(void) state;
	expect_problems("{}", EXPECT({FB_ERR_MISSING, "fields"}));
	expect_problems("{\"external_id\":\"x\"}", EXPECT({FB_ERR_MISSING, "fields"}));
	expect_problems("{\"fields\":null}", EXPECT({FB_ERR_MISSING, "fields"}));
	expect_problems("{\"fields\":{}}", EXPECT({FB_ERR_INVALID, "fields"}));
	expect_problems("{\"fields\":\"a\"}", EXPECT({FB_ERR_INVALID, "fields"}));
	expect_problems("{\"fields\":1}", EXPECT({FB_ERR_INVALID, "fields"}));
	expect_problems("{\"fields\":[]}", EXPECT({FB_ERR_INVALID, "fields"}));
	expect_message("{}", "missing required member \"fields\"", NULL);
	expect_message("{\"fields\":[]}", "fields is empty", NULL);
	expect_message("{\"fields\":{}}", "fields must be an array, not an object", NULL);
}

/* At most max_fields entries: exactly at the limit is fine. */
static void
test_max_fields(void **state)
{
	const FbLimits three = {10240, 3, false};
	FbRecord	r;

	(void) state;
	fb_record_init(&r);
	assert_true(parse_with(&r, FIELDS(FIELD("a", "content", "string", "1") ","
									  FIELD("b", "content", "string", "2") ","
									  FIELD("c", "content", "string", "3")), &three));
	assert_int_equal(r.nfields, 3);

	/* one over: one problem, and the entries are not looked at */
	assert_false(parse_with(&r, FIELDS(FIELD("a", "content", "string", "1") ","
									   FIELD("b", "content", "string", "2") ","
									   FIELD("c", "content", "string", "3") ","
									   "5"), &three));
	check_problems(&r.problems, EXPECT({FB_ERR_INVALID, "fields"}));
	assert_string_equal(r.problems.items[0].message,
						"fields has 4 entries, more than the limit of 3");
	assert_int_equal(r.nfields, 0);

	/* the default limit is 100 when no limits are given */
	{
		char	   *entries = repeat(F_OK ",", 101);
		char	   *body;

		entries[strlen(entries) - 1] = '\0';
		body = format("{\"fields\":[%s]}", entries);
		assert_false(fb_record_parse(&r, body, strlen(body), NULL));
		check_problems(&r.problems, EXPECT({FB_ERR_INVALID, "fields"}));
		free(body);
		free(entries);
	}
	fb_record_free(&r);
}

/* Each entry is an object with exactly name, category, type and value. */
static void
test_entry_shape(void **state)
{
	(void) state;
	expect_problems(FIELDS("5"), EXPECT({FB_ERR_INVALID, "fields[0]"}));
	expect_problems(FIELDS(F_OK ",[]"), EXPECT({FB_ERR_INVALID, "fields[1]"}));
	expect_problems(FIELDS(F_OK ",null"), EXPECT({FB_ERR_INVALID, "fields[1]"}));
	expect_problems(FIELDS("{}"),
					EXPECT({FB_ERR_MISSING, "fields[0]"}, {FB_ERR_MISSING, "fields[0]"},
						   {FB_ERR_MISSING, "fields[0]"}, {FB_ERR_MISSING, "fields[0]"}));
	expect_problems(FIELDS("{\"name\":\"a\",\"category\":\"content\",\"type\":\"string\"}"),
					EXPECT({FB_ERR_MISSING, "fields[0]"}));
	expect_message(FIELDS("{\"name\":\"a\",\"category\":\"content\",\"type\":\"string\"}"),
				   "field entry is missing \"value\"", NULL);
	expect_problems(FIELDS("{\"name\":\"a\",\"type\":\"string\",\"value\":1}"),
					EXPECT({FB_ERR_MISSING, "fields[0]"}));
	expect_message(FIELDS("{\"name\":\"a\",\"type\":\"string\",\"value\":1}"),
				   "field entry is missing \"category\"", NULL);
	expect_problems(FIELDS("{\"name\":\"a\",\"category\":\"content\",\"type\":\"string\","
						   "\"value\":1,\"label\":\"A\"}"),
					EXPECT({FB_ERR_INVALID, "fields[0]"}));
	expect_message(FIELDS("{\"name\":\"a\",\"category\":\"content\",\"type\":\"string\","
						  "\"value\":1,\"label\":\"A\"}"),
				   "field entry has unknown member \"label\"", NULL);
	/* member order inside an entry does not matter */
	expect_fields_array(FIELDS("{\"value\":\"v\",\"type\":\"string\",\"category\":\"identity\",\"name\":\"who\"}"),
						"[{\"name\":\"who\",\"category\":\"identity\",\"type\":\"string\",\"value\":\"v\"}]");
}

/* name: a snake_case string of at most 63 bytes; the hint suggests one. */
static void
test_field_name(void **state)
{
	char	   *name63 = repeat("a", 63);
	char	   *name64 = repeat("a", 64);
	char	   *body63 = format(FIELDS("{\"name\":\"%s\",\"category\":\"content\",\"type\":\"string\",\"value\":1}"), name63);
	char	   *body64 = format(FIELDS("{\"name\":\"%s\",\"category\":\"content\",\"type\":\"string\",\"value\":1}"), name64);
	FbRecord	r;

	(void) state;
	fb_record_init(&r);
	parse_valid(&r, FIELDS(FIELD("a", "content", "string", "1") ","
						   FIELD("a_1_b", "content", "string", "1") ","
						   FIELD("z9", "content", "string", "1")));
	parse_valid(&r, body63);
	fb_record_free(&r);

	expect_problems(body64, EXPECT({FB_ERR_INVALID, "fields[0].name"}));
	expect_problems(FIELDS(FIELD("Ticket Body", "content", "string", "1")),
					EXPECT({FB_ERR_INVALID, "fields[0].name"}));
	expect_message(FIELDS(FIELD("Ticket Body", "content", "string", "1")),
				   "field name \"Ticket Body\" is not snake_case", "Use \"ticket_body\".");
	expect_message(FIELDS(FIELD("ticketBody", "content", "string", "1")),
				   "field name \"ticketBody\" is not snake_case", "Use \"ticket_body\".");
	expect_message(FIELDS(FIELD("2fa", "content", "string", "1")),
				   "field name \"2fa\" is not snake_case", "Use \"f_2fa\".");
	expect_message(FIELDS(FIELD("", "content", "string", "1")),
				   "field name \"\" is not snake_case",
				   "Field names start with a lower-case letter, contain only a-z, 0-9 and _, and have at most 63 bytes.");
	expect_message(FIELDS(FIELD("__", "content", "string", "1")),
				   "field name \"__\" is not snake_case",
				   "Field names start with a lower-case letter, contain only a-z, 0-9 and _, and have at most 63 bytes.");
	expect_problems(FIELDS(FIELD("_a", "content", "string", "1")),
					EXPECT({FB_ERR_INVALID, "fields[0].name"}));
	expect_problems(FIELDS(FIELD("a-b", "content", "string", "1")),
					EXPECT({FB_ERR_INVALID, "fields[0].name"}));
	expect_problems(FIELDS(FIELD("caf\xc3\xa9", "content", "string", "1")),
					EXPECT({FB_ERR_INVALID, "fields[0].name"}));
	expect_problems(FIELDS("{\"name\":5,\"category\":\"content\",\"type\":\"string\",\"value\":1}"),
					EXPECT({FB_ERR_INVALID, "fields[0].name"}));
	expect_message(FIELDS("{\"name\":5,\"category\":\"content\",\"type\":\"string\",\"value\":1}"),
				   "field name must be a string, not an integer", NULL);
	expect_problems(FIELDS("{\"name\":null,\"category\":\"content\",\"type\":\"string\",\"value\":1}"),
					EXPECT({FB_ERR_MISSING, "fields[0].name"}));
	expect_message(body64, "field name \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\" is longer than 63 bytes", NULL);
	free(name63);
	free(name64);
	free(body63);
	free(body64);
}

/* category: one of the five; type: one of the seven. */
static void
test_category_and_type(void **state)
{
	(void) state;
	expect_fields_array(FIELDS(FIELD("a", "content", "string", "1") ","
							   FIELD("b", "created_at", "string", "1") ","
							   FIELD("c", "identifier", "string", "1") ","
							   FIELD("d", "identity", "string", "1") ","
							   FIELD("e", "metadata", "string", "1")),
						"[{\"name\":\"a\",\"category\":\"content\",\"type\":\"string\",\"value\":\"1\"},"
						"{\"name\":\"b\",\"category\":\"created_at\",\"type\":\"string\",\"value\":\"1\"},"
						"{\"name\":\"c\",\"category\":\"identifier\",\"type\":\"string\",\"value\":\"1\"},"
						"{\"name\":\"d\",\"category\":\"identity\",\"type\":\"string\",\"value\":\"1\"},"
						"{\"name\":\"e\",\"category\":\"metadata\",\"type\":\"string\",\"value\":\"1\"}]");
	expect_fields_array(FIELDS(FIELD("a", "content", "boolean", "\"yes\"") ","
							   FIELD("b", "content", "date", "\"2025-02-28\"") ","
							   FIELD("c", "content", "datetime", "\"2025-01-01T12:00:00+02:00\"") ","
							   FIELD("d", "content", "float", "\"1.50\"") ","
							   FIELD("e", "content", "integer", "\"+42\"") ","
							   FIELD("f", "content", "json", "{\"x\":[null]}") ","
							   FIELD("g", "content", "string", "true")),
						"[{\"name\":\"a\",\"category\":\"content\",\"type\":\"boolean\",\"value\":true},"
						"{\"name\":\"b\",\"category\":\"content\",\"type\":\"date\",\"value\":\"2025-02-28\"},"
						"{\"name\":\"c\",\"category\":\"content\",\"type\":\"datetime\",\"value\":\"2025-01-01T10:00:00Z\"},"
						"{\"name\":\"d\",\"category\":\"content\",\"type\":\"float\",\"value\":1.5},"
						"{\"name\":\"e\",\"category\":\"content\",\"type\":\"integer\",\"value\":42},"
						"{\"name\":\"f\",\"category\":\"content\",\"type\":\"json\",\"value\":{\"x\":[null]}},"
						"{\"name\":\"g\",\"category\":\"content\",\"type\":\"string\",\"value\":\"true\"}]");

	expect_problems(FIELDS(FIELD("a", "Content", "string", "1")),
					EXPECT({FB_ERR_INVALID, "fields[0].category"}));
	expect_message(FIELDS(FIELD("a", "feedback", "string", "1")),
				   "unknown field category \"feedback\"",
				   "Categories are content, created_at, identifier, identity and metadata.");
	expect_problems(FIELDS("{\"name\":\"a\",\"category\":1,\"type\":\"string\",\"value\":1}"),
					EXPECT({FB_ERR_INVALID, "fields[0].category"}));
	expect_problems(FIELDS("{\"name\":\"a\",\"category\":null,\"type\":\"string\",\"value\":1}"),
					EXPECT({FB_ERR_MISSING, "fields[0].category"}));
	expect_problems(FIELDS(FIELD("a", "content", "text", "1")),
					EXPECT({FB_ERR_INVALID, "fields[0].type"}));
	expect_message(FIELDS(FIELD("a", "content", "timestamp", "1")),
				   "unknown field type \"timestamp\"",
				   "Types are boolean, date, datetime, float, integer, json and string.");
	expect_problems(FIELDS("{\"name\":\"a\",\"category\":\"content\",\"type\":[],\"value\":1}"),
					EXPECT({FB_ERR_INVALID, "fields[0].type"}));
	/* with no known type the value is not judged */
	expect_problems(FIELDS(FIELD("a", "content", "int", "\"abc\"")),
					EXPECT({FB_ERR_INVALID, "fields[0].type"}));
}

/* value: coerced by its type; errors name the field and keep their kind. */
static void
test_field_value(void **state)
{
	FbRecord	r;

	(void) state;
	expect_problems(FIELDS(FIELD("n", "metadata", "integer", "\"abc\"")),
					EXPECT({FB_ERR_INVALID, "fields[0].value"}));
	expect_message(FIELDS(FIELD("n", "metadata", "integer", "\"abc\"")),
				   "field \"n\": \"abc\" is not an integer", NULL);
	expect_message(FIELDS(FIELD("Bad Name", "metadata", "integer", "\"abc\"")),
				   "field name \"Bad Name\" is not snake_case", NULL);
	{
		fb_record_init(&r);
		assert_false(parse_with(&r, FIELDS(F_OK "," FIELD("Bad Name", "metadata", "integer", "\"abc\"")),
								&limits));
		check_problems(&r.problems, EXPECT({FB_ERR_INVALID, "fields[1].name"},
										   {FB_ERR_INVALID, "fields[1].value"}));
		assert_string_equal(r.problems.items[1].message, "field 1: \"abc\" is not an integer");
		fb_record_free(&r);
	}
	expect_problems(FIELDS(FIELD("d", "created_at", "date", "\"2025-02-30\"")),
					EXPECT({FB_ERR_BAD_DATETIME, "fields[0].value"}));
	expect_problems(FIELDS(FIELD("d", "created_at", "datetime", "\"yesterday\"")),
					EXPECT({FB_ERR_BAD_DATETIME, "fields[0].value"}));
	expect_problems(FIELDS(FIELD("n", "metadata", "integer", "1.5")),
					EXPECT({FB_ERR_INVALID, "fields[0].value"}));
	expect_problems(FIELDS(FIELD("n", "metadata", "integer", "\"99999999999999999999\"")),
					EXPECT({FB_ERR_OUT_OF_RANGE, "fields[0].value"}));
	expect_problems(FIELDS(FIELD("s", "content", "string", "{}")),
					EXPECT({FB_ERR_INVALID, "fields[0].value"}));
	expect_problems(FIELDS(FIELD("s", "content", "string", "\"a\\u0000b\"")),
					EXPECT({FB_ERR_INVALID, "fields[0].value"}));
	expect_problems(FIELDS(FIELD("b", "content", "boolean", "2")),
					EXPECT({FB_ERR_INVALID, "fields[0].value"}));

	/* null is a value of every type */
	fb_record_init(&r);
	parse_valid(&r, FIELDS(FIELD("a", "content", "integer", "null") ","
						   FIELD("b", "content", "date", "null")));
	assert_true(r.fields[0].is_null);
	assert_true(r.fields[1].is_null);
	assert_false(r.fields[1].has_instant);
	assert_int_equal(r.fields[0].value_len, 4);
	assert_memory_equal(r.values.data + r.fields[0].value_off, "null", 4);
	fb_record_free(&r);
}

/* max_field_bytes: a string's UTF-8 bytes, exactly at the limit is fine. */
static void
test_max_field_bytes(void **state)
{
	const FbLimits small = {8, 100, false};
	FbRecord	r;

	(void) state;
	fb_record_init(&r);
	assert_true(parse_with(&r, FIELDS(FIELD("s", "content", "string", "\"12345678\"")), &small));
	assert_true(parse_with(&r, FIELDS(FIELD("s", "content", "string", "\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"")), &small));
	assert_false(parse_with(&r, FIELDS(FIELD("s", "content", "string", "\"123456789\"")), &small));
	check_problems(&r.problems, EXPECT({FB_ERR_TOO_LARGE, "fields[0].value"}));
	assert_false(parse_with(&r, FIELDS(FIELD("s", "content", "string", "\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9x\"")), &small));
	check_problems(&r.problems, EXPECT({FB_ERR_TOO_LARGE, "fields[0].value"}));
	assert_false(parse_with(&r, FIELDS(FIELD("j", "content", "json", "[1,2,3,4,5]")), &small));
	check_problems(&r.problems, EXPECT({FB_ERR_TOO_LARGE, "fields[0].value"}));
	assert_true(parse_with(&r, FIELDS(FIELD("j", "content", "json", "[1,2,3]")), &small));
	fb_record_free(&r);
}

/* Duplicate names: each later one, in body order, names the first. */
static void
test_duplicate_names(void **state)
{
	FbRecord	r;

	(void) state;
	expect_problems(FIELDS(FIELD("a", "content", "string", "1") ","
						   FIELD("b", "content", "string", "1") ","
						   FIELD("a", "content", "string", "2") ","
						   FIELD("a", "content", "string", "3")),
					EXPECT({FB_ERR_INVALID, "fields[2].name"}, {FB_ERR_INVALID, "fields[3].name"}));
	fb_record_init(&r);
	assert_false(parse_with(&r, FIELDS(FIELD("b", "content", "string", "1") ","
									   FIELD("a", "content", "string", "1") ","
									   FIELD("b", "content", "string", "2") ","
									   FIELD("a", "content", "string", "3")), &limits));
	check_problems(&r.problems, EXPECT({FB_ERR_INVALID, "fields[2].name"}, {FB_ERR_INVALID, "fields[3].name"}));
	assert_string_equal(r.problems.items[0].message, "duplicate field name \"b\" (first at fields[0])");
	assert_string_equal(r.problems.items[1].message, "duplicate field name \"a\" (first at fields[1])");

	/* a duplicate is found even when the first entry has another problem */
	assert_false(parse_with(&r, FIELDS(FIELD("a", "content", "integer", "\"x\"") ","
									   FIELD("a", "content", "string", "1")), &limits));
	check_problems(&r.problems, EXPECT({FB_ERR_INVALID, "fields[0].value"}, {FB_ERR_INVALID, "fields[1].name"}));
	assert_string_equal(r.problems.items[1].message, "duplicate field name \"a\" (first at fields[0])");
	fb_record_free(&r);
}

/* fields[] is sorted by name in byte order, offsets point at the values. */
static void
test_sorted_fields(void **state)
{
	FbRecord	r;
	int			k;

	(void) state;
	fb_record_init(&r);
	parse_valid(&r, FIELDS(FIELD("zeta", "content", "string", "\"z\"") ","
						   FIELD("a_", "content", "integer", "7") ","
						   FIELD("ab", "content", "boolean", "false") ","
						   FIELD("a1", "content", "float", "2.50") ","
						   FIELD("a", "content", "json", "[ 1 , 2 ]")));
	assert_int_equal(r.nfields, 5);
	{
		static const char *const names[] = {"a", "a1", "a_", "ab", "zeta"};
		static const int indexes[] = {4, 3, 1, 2, 0};
		static const char *const values[] = {"[1,2]", "2.5", "7", "false", "\"z\""};

		for (k = 0; k < 5; k++)
		{
			assert_string_equal(r.fields[k].name, names[k]);
			assert_int_equal(r.fields[k].name_len, strlen(names[k]));
			assert_int_equal(r.fields[k].index, indexes[k]);
			assert_int_equal(r.fields[k].value_len, strlen(values[k]));
			assert_memory_equal(r.values.data + r.fields[k].value_off, values[k],
								strlen(values[k]));
			assert_false(r.fields[k].is_null);
		}
	}
	assert_int_equal(r.display_ts_source, FB_TS_NONE);
	fb_record_free(&r);
}

/* Several problems in one body: all reported, with paths, in body order. */
static void
test_many_problems(void **state)
{
	FbRecord	r;

	(void) state;
	expect_problems("{\"display_time\":1,"
					"\"fields\":[" FIELD("Ticket Body", "contents", "strin", "1") ","
					"5,"
					"{\"name\":\"a\",\"category\":\"content\",\"type\":\"integer\",\"value\":\"x\",\"extra\":1},"
					"{\"name\":\"a\"}],"
					"\"external_id\":\"\",\"person_id\":\"5\",\"display_ts\":\"nope\"}",
					EXPECT({FB_ERR_INVALID, "display_time"},
						   {FB_ERR_INVALID, "fields[0].name"},
						   {FB_ERR_INVALID, "fields[0].category"},
						   {FB_ERR_INVALID, "fields[0].type"},
						   {FB_ERR_INVALID, "fields[1]"},
						   {FB_ERR_INVALID, "fields[2]"},
						   {FB_ERR_INVALID, "fields[2].value"},
						   {FB_ERR_MISSING, "fields[3]"},
						   {FB_ERR_MISSING, "fields[3]"},
						   {FB_ERR_MISSING, "fields[3]"},
						   {FB_ERR_INVALID, "fields[3].name"},
						   {FB_ERR_INVALID, "external_id"},
						   {FB_ERR_INVALID, "person_id"},
						   {FB_ERR_BAD_DATETIME, "display_ts"}));
	/* the members' order in the body decides the order of the problems */
	expect_problems("{\"display_ts\":\"nope\",\"person_id\":\"5\","
					"\"fields\":[" FIELD("n", "content", "integer", "\"x\"") "],"
					"\"external_id\":[]}",
					EXPECT({FB_ERR_BAD_DATETIME, "display_ts"},
						   {FB_ERR_INVALID, "person_id"},
						   {FB_ERR_INVALID, "fields[0].value"},
						   {FB_ERR_INVALID, "external_id"}));

	/* more problems than are kept: all are counted */
	{
		char	   *entries = repeat("1,", 20);
		char	   *body;

		entries[strlen(entries) - 1] = '\0';
		body = format("{\"fields\":[%s]}", entries);
		fb_record_init(&r);
		assert_false(parse_with(&r, body, &limits));
		assert_int_equal(r.problems.count, 20);
		assert_int_equal(r.problems.stored, FB_MAX_PROBLEMS);
		assert_string_equal(r.problems.items[FB_MAX_PROBLEMS - 1].path, "fields[15]");
		fb_record_free(&r);
		free(body);
		free(entries);
	}
}

/* ---- external_id, person_id, display_ts ---- */

/* external_id: 1..255 characters, or an integer as its text. */
static void
test_external_id(void **state)
{
	FbRecord	r;
	char	   *e255 = repeat("\xc3\xa9", 255);
	char	   *e256 = repeat("\xc3\xa9", 256);
	char	   *b255 = format("{\"external_id\":\"%s\",\"fields\":[" F_OK "]}", e255);
	char	   *b256 = format("{\"external_id\":\"%s\",\"fields\":[" F_OK "]}", e256);

	(void) state;
	fb_record_init(&r);
	parse_valid(&r, FIELDS(F_OK));
	assert_false(r.has_external_id);
	assert_null(r.external_id);
	parse_valid(&r, "{\"external_id\":null,\"fields\":[" F_OK "]}");
	assert_false(r.has_external_id);
	parse_valid(&r, "{\"external_id\":\"unique-id-123\",\"fields\":[" F_OK "]}");
	assert_true(r.has_external_id);
	assert_string_equal(r.external_id, "unique-id-123");
	assert_int_equal(r.external_id_len, 13);
	parse_valid(&r, "{\"external_id\":42,\"fields\":[" F_OK "]}");
	assert_string_equal(r.external_id, "42");
	assert_int_equal(r.external_id_len, 2);
	parse_valid(&r, "{\"external_id\":-7,\"fields\":[" F_OK "]}");
	assert_string_equal(r.external_id, "-7");
	parse_valid(&r, "{\"external_id\":18446744073709551615,\"fields\":[" F_OK "]}");
	assert_string_equal(r.external_id, "18446744073709551615");
	parse_valid(&r, "{\"external_id\":\" a b \",\"fields\":[" F_OK "]}");
	assert_string_equal(r.external_id, " a b ");
	parse_valid(&r, b255);
	assert_int_equal(r.external_id_len, 510);
	fb_record_free(&r);

	expect_problems(b256, EXPECT({FB_ERR_TOO_LARGE, "external_id"}));
	expect_message(b256, "external_id has 256 characters, more than 255", NULL);
	expect_problems("{\"external_id\":\"\",\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_INVALID, "external_id"}));
	expect_problems("{\"external_id\":\"a\\u0000b\",\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_INVALID, "external_id"}));
	expect_problems("{\"external_id\":1.5,\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_INVALID, "external_id"}));
	expect_problems("{\"external_id\":1e3,\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_INVALID, "external_id"}));
	expect_problems("{\"external_id\":true,\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_INVALID, "external_id"}));
	expect_problems("{\"external_id\":{},\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_INVALID, "external_id"}));
	expect_problems("{\"external_id\":[\"a\"],\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_INVALID, "external_id"}));
	free(e255);
	free(e256);
	free(b255);
	free(b256);
}

/* person_id: an integer within int64. */
static void
test_person_id(void **state)
{
	FbRecord	r;

	(void) state;
	fb_record_init(&r);
	parse_valid(&r, "{\"person_id\":456,\"fields\":[" F_OK "]}");
	assert_true(r.has_person_id);
	assert_int_equal(r.person_id, 456);
	parse_valid(&r, "{\"person_id\":null,\"fields\":[" F_OK "]}");
	assert_false(r.has_person_id);
	parse_valid(&r, "{\"person_id\":9223372036854775807,\"fields\":[" F_OK "]}");
	assert_true(r.person_id == INT64_MAX);
	parse_valid(&r, "{\"person_id\":-9223372036854775808,\"fields\":[" F_OK "]}");
	assert_true(r.person_id == INT64_MIN);
	fb_record_free(&r);

	expect_problems("{\"person_id\":9223372036854775808,\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_OUT_OF_RANGE, "person_id"}));
	expect_problems("{\"person_id\":18446744073709551615,\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_OUT_OF_RANGE, "person_id"}));
	expect_problems("{\"person_id\":\"456\",\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_INVALID, "person_id"}));
	expect_problems("{\"person_id\":456.0,\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_INVALID, "person_id"}));
	expect_problems("{\"person_id\":4.5,\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_INVALID, "person_id"}));
	expect_problems("{\"person_id\":true,\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_INVALID, "person_id"}));
	expect_problems("{\"person_id\":{\"id\":1},\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_INVALID, "person_id"}));
	expect_message("{\"person_id\":\"456\",\"fields\":[" F_OK "]}",
				   "person_id must be an integer, not a string", NULL);
}

/* display_ts: an ISO 8601 string or epoch seconds; else BAD_DATETIME. */
static void
test_display_ts(void **state)
{
	FbRecord	r;

	(void) state;
	fb_record_init(&r);
	parse_valid(&r, "{\"display_ts\":\"2025-01-01T10:30:00Z\",\"fields\":[" F_OK "]}");
	assert_int_equal(r.display_ts_source, FB_TS_BODY);
	assert_int_equal(r.display_ts_us, INT64_C(1735727400000000));
	parse_valid(&r, "{\"display_ts\":\"2025-01-01T12:30:00+02:00\",\"fields\":[" F_OK "]}");
	assert_int_equal(r.display_ts_us, INT64_C(1735727400000000));
	parse_valid(&r, "{\"display_ts\":\"2025-01-01\",\"fields\":[" F_OK "]}");
	assert_int_equal(r.display_ts_us, INT64_C(1735689600000000));
	parse_valid(&r, "{\"display_ts\":1735727400,\"fields\":[" F_OK "]}");
	assert_int_equal(r.display_ts_source, FB_TS_BODY);
	assert_int_equal(r.display_ts_us, INT64_C(1735727400000000));
	/* the number's exact text: no binary rounding */
	parse_valid(&r, "{\"display_ts\":1736937912.0002,\"fields\":[" F_OK "]}");
	assert_int_equal(r.display_ts_us, INT64_C(1736937912000200));
	parse_valid(&r, "{\"display_ts\":1.7359e9,\"fields\":[" F_OK "]}");
	assert_int_equal(r.display_ts_us, INT64_C(1735900000000000));
	parse_valid(&r, "{\"display_ts\":0,\"fields\":[" F_OK "]}");
	assert_int_equal(r.display_ts_source, FB_TS_BODY);
	assert_int_equal(r.display_ts_us, 0);
	parse_valid(&r, "{\"display_ts\":null,\"fields\":[" F_OK "]}");
	assert_int_equal(r.display_ts_source, FB_TS_NONE);
	/* an explicit display_ts wins over a created_at field */
	parse_valid(&r, "{\"display_ts\":\"2025-01-01T10:30:00Z\",\"fields\":["
				FIELD("d", "created_at", "date", "\"2020-01-01\"") "]}");
	assert_int_equal(r.display_ts_source, FB_TS_BODY);
	assert_int_equal(r.display_ts_us, INT64_C(1735727400000000));
	fb_record_free(&r);

	expect_problems("{\"display_ts\":\"2025-02-30T00:00:00Z\",\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_BAD_DATETIME, "display_ts"}));
	expect_problems("{\"display_ts\":\"yesterday\",\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_BAD_DATETIME, "display_ts"}));
	expect_problems("{\"display_ts\":\"\",\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_BAD_DATETIME, "display_ts"}));
	expect_problems("{\"display_ts\":1e20,\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_BAD_DATETIME, "display_ts"}));
	expect_problems("{\"display_ts\":99999999999999,\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_BAD_DATETIME, "display_ts"}));
	expect_problems("{\"display_ts\":true,\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_BAD_DATETIME, "display_ts"}));
	expect_problems("{\"display_ts\":[],\"fields\":[" F_OK "]}",
					EXPECT({FB_ERR_BAD_DATETIME, "display_ts"}));
	expect_message("{\"display_ts\":\"yesterday\",\"fields\":[" F_OK "]}",
				   "display_ts \"yesterday\" is not a valid datetime",
				   "Send an ISO 8601 datetime such as \"2025-01-01T10:30:00Z\", or Unix epoch seconds as a number.");
}

/* Without display_ts: the first created_at date/datetime field in body order. */
static void
test_display_ts_fallback(void **state)
{
	FbRecord	r;

	(void) state;
	fb_record_init(&r);
	/* body order, not name order */
	parse_valid(&r, FIELDS(FIELD("z_at", "created_at", "datetime", "\"2020-01-01T00:00:01Z\"") ","
						   FIELD("a_at", "created_at", "date", "\"2021-01-01\"")));
	assert_int_equal(r.display_ts_source, FB_TS_FIELD);
	assert_int_equal(r.display_ts_us, INT64_C(1577836801000000));
	/* null values, other types and other categories do not count */
	parse_valid(&r, FIELDS(FIELD("a", "created_at", "datetime", "null") ","
						   FIELD("b", "created_at", "string", "\"2019-01-01\"") ","
						   FIELD("c", "metadata", "date", "\"2018-01-01\"") ","
						   FIELD("d", "created_at", "integer", "1") ","
						   FIELD("e", "created_at", "date", "\"2021-01-01\"")));
	assert_int_equal(r.display_ts_source, FB_TS_FIELD);
	assert_int_equal(r.display_ts_us, INT64_C(1609459200000000));
	/* nothing usable: the ingest time */
	parse_valid(&r, FIELDS(FIELD("a", "created_at", "datetime", "null") ","
						   FIELD("c", "metadata", "datetime", "\"2018-01-01\"")));
	assert_int_equal(r.display_ts_source, FB_TS_NONE);
	/* a null display_ts counts as absent */
	parse_valid(&r, "{\"display_ts\":null,\"fields\":["
				FIELD("d", "created_at", "date", "\"2021-01-01\"") "]}");
	assert_int_equal(r.display_ts_source, FB_TS_FIELD);
	assert_int_equal(r.display_ts_us, INT64_C(1609459200000000));
	/* epoch seconds in a created_at datetime field */
	parse_valid(&r, FIELDS(FIELD("t", "created_at", "datetime", "-1.5")));
	assert_int_equal(r.display_ts_source, FB_TS_FIELD);
	assert_int_equal(r.display_ts_us, INT64_C(-1500000));
	fb_record_free(&r);
}

/* ---- registry, output, memory ---- */

/* A registry for tests: name -> category and type. */
typedef struct TestRegistry
{
	const char *name;
	FbCategory	category;
	FbType		type;
} TestRegistry;

static int registry_calls;

/* FbRegistryLookup over a NULL-terminated TestRegistry array. */
static bool
test_lookup(void *context, const char *name, size_t name_len,
			FbCategory *category, FbType *type)
{
	const TestRegistry *reg = context;

	registry_calls++;
	assert_int_equal(strlen(name), name_len);
	for (; reg->name != NULL; reg++)
		if (strcmp(reg->name, name) == 0)
		{
			*category = reg->category;
			*type = reg->type;
			return true;
		}
	return false;
}

/* Registered fields must keep their category and type. */
static void
test_check_registry(void **state)
{
	static const TestRegistry reg[] = {
		{"priority", FB_CAT_METADATA, FB_TYPE_STRING},
		{"score", FB_CAT_METADATA, FB_TYPE_INTEGER},
		{"body", FB_CAT_CONTENT, FB_TYPE_STRING},
		{NULL, FB_CAT_CONTENT, FB_TYPE_STRING}
	};
	FbRecord	r;

	(void) state;
	fb_record_init(&r);
	parse_valid(&r, FIELDS(FIELD("priority", "metadata", "string", "\"high\"") ","
						   FIELD("new_field", "identity", "json", "1") ","
						   FIELD("body", "content", "string", "\"x\"")));
	registry_calls = 0;
	assert_true(fb_record_check_registry(&r, test_lookup, (void *) reg));
	assert_int_equal(registry_calls, 3);
	assert_int_equal(r.problems.count, 0);

	/* mismatches, reported in body order although fields[] is by name */
	parse_valid(&r, FIELDS(FIELD("score", "metadata", "float", "1.5") ","
						   FIELD("priority", "content", "string", "\"high\"") ","
						   FIELD("body", "identity", "json", "1")));
	assert_false(fb_record_check_registry(&r, test_lookup, (void *) reg));
	check_problems(&r.problems, EXPECT({FB_ERR_INVALID, "fields[0].type"},
									   {FB_ERR_INVALID, "fields[1].category"},
									   {FB_ERR_INVALID, "fields[2].category"},
									   {FB_ERR_INVALID, "fields[2].type"}));
	assert_string_equal(r.problems.items[0].message,
						"field \"score\" is registered in this source as type \"integer\", not \"float\"");
	assert_string_equal(r.problems.items[1].message,
						"field \"priority\" is registered in this source as category \"metadata\", not \"content\"");
	fb_record_free(&r);

	/* an empty record has nothing to check */
	fb_record_init(&r);
	assert_true(fb_record_check_registry(&r, test_lookup, (void *) reg));
	fb_record_free(&r);
}

/* The stored object and the response array, with escaping. */
static void
test_output(void **state)
{
	FbRecord	r;
	FbBuf		out;

	(void) state;
	fb_record_init(&r);
	fb_buf_init(&out);
	parse_valid(&r, FIELDS(FIELD("quote", "content", "string", "\"say \\\"hi\\\"\\n\\u00e9/\"") ","
						   FIELD("none", "content", "float", "null")));
	fb_record_fields_object(&r, &out);
	assert_string_equal(out.data, "{\"none\":null,\"quote\":\"say \\\"hi\\\"\\n\xc3\xa9/\"}");
	fb_buf_reset(&out);
	fb_record_fields_array(&r, &out);
	assert_string_equal(out.data,
						"[{\"name\":\"none\",\"category\":\"content\",\"type\":\"float\",\"value\":null},"
						"{\"name\":\"quote\",\"category\":\"content\",\"type\":\"string\",\"value\":\"say \\\"hi\\\"\\n\xc3\xa9/\"}]");
	fb_record_free(&r);

	/* appends to what is in the buffer; an empty record gives {} and [] */
	fb_buf_reset(&out);
	fb_buf_append_str(&out, "x");
	fb_record_fields_object(&r, &out);
	fb_record_fields_array(&r, &out);
	assert_string_equal(out.data, "x{}[]");
	fb_buf_free(&out);
}

/* source_id is a member only where the caller accepts it (the HTTP calls). */
static void
test_source_id_member(void **state)
{
	const FbLimits http = {10240, 100, true};
	const char *body =
		"{\"source_id\": 7, \"fields\": [{\"name\": \"a\", \"category\": \"content\", "
		"\"type\": \"string\", \"value\": \"x\"}]}";
	FbRecord	r;

	(void) state;
	fb_record_init(&r);
	assert_true(parse_with(&r, body, &http));
	assert_true(r.has_source_id);
	assert_int_equal(r.source_id, 7);
	fb_record_free(&r);

	/* without it, source_id is an unknown member */
	expect_problems(body, EXPECT({FB_ERR_INVALID, "source_id"}));

	/* absent or null: no source id */
	fb_record_init(&r);
	assert_true(parse_with(&r, "{\"source_id\": null, \"fields\": [{\"name\": \"a\", "
						   "\"category\": \"content\", \"type\": \"string\", \"value\": \"x\"}]}",
						   &http));
	assert_false(r.has_source_id);
	fb_record_free(&r);

	/* not an integer, or out of range */
	expect_problems_lim("{\"source_id\": \"7\", \"fields\": [{\"name\": \"a\", \"category\": "
						"\"content\", \"type\": \"string\", \"value\": \"x\"}]}",
						strlen("{\"source_id\": \"7\", \"fields\": [{\"name\": \"a\", \"category\": "
							   "\"content\", \"type\": \"string\", \"value\": \"x\"}]}"),
						&http, EXPECT({FB_ERR_INVALID, "source_id"}));
	expect_problems_lim("{\"source_id\": 9223372036854775808, \"fields\": [{\"name\": \"a\", "
						"\"category\": \"content\", \"type\": \"string\", \"value\": \"x\"}]}",
						strlen("{\"source_id\": 9223372036854775808, \"fields\": [{\"name\": \"a\", "
							   "\"category\": \"content\", \"type\": \"string\", \"value\": \"x\"}]}"),
						&http, EXPECT({FB_ERR_OUT_OF_RANGE, "source_id"}));
}

/* Free is safe twice; a record can be parsed again; no leaks (LSan). */
static void
test_free_and_reuse(void **state)
{
	FbRecord	r;

	(void) state;
	fb_record_init(&r);
	fb_record_free(&r);
	fb_record_free(&r);

	parse_valid(&r, support_ticket_body);
	assert_false(parse_with(&r, "{\"fields\":[5]", &limits));
	assert_int_equal(r.problems.count, 1);
	assert_int_equal(r.nfields, 0);
	assert_false(r.has_external_id);
	assert_false(parse_with(&r, "{\"external_id\":\"x\",\"fields\":[5]}", &limits));
	parse_valid(&r, nps_survey_body);
	assert_int_equal(r.problems.count, 0);
	assert_int_equal(r.nfields, 5);
	fb_record_free(&r);
	fb_record_free(&r);
	assert_null(r.root);
	assert_null(r.fields);
	assert_null(r.external_id);
	assert_int_equal(r.nfields, 0);
	assert_int_equal(r.problems.count, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_support_ticket),
		cmocka_unit_test(test_example_nps_survey),
		cmocka_unit_test(test_example_slack_message),
		cmocka_unit_test(test_body_not_object),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_trailing),
		cmocka_unit_test(test_json_c_laxness),
		cmocka_unit_test(test_integer_range),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_fields_member),
		cmocka_unit_test(test_max_fields),
		cmocka_unit_test(test_entry_shape),
		cmocka_unit_test(test_field_name),
		cmocka_unit_test(test_category_and_type),
		cmocka_unit_test(test_field_value),
		cmocka_unit_test(test_max_field_bytes),
		cmocka_unit_test(test_duplicate_names),
		cmocka_unit_test(test_sorted_fields),
		cmocka_unit_test(test_many_problems),
		cmocka_unit_test(test_external_id),
		cmocka_unit_test(test_person_id),
		cmocka_unit_test(test_display_ts),
		cmocka_unit_test(test_display_ts_fallback),
		cmocka_unit_test(test_check_registry),
		cmocka_unit_test(test_output),
		cmocka_unit_test(test_source_id_member),
		cmocka_unit_test(test_free_and_reuse),
	};

	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
