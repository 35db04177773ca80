/*
 * test_entity.c - unit tests of source and person bodies (entity.c)
 *
 * POST /feedback-sources and PUT /people bodies: accepted and rejected
 * members with the exact error kind and path of every problem, the
 * normalized values (trimmed names, lower-cased e-mail, company domain
 * reduced to its host), and fb_normalize_domain on its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "entity.h"
#include "testutil.h"

/* The shared examples, embedded verbatim. */
static const char person_john_body[] =
"{\"first_name\": \"John\", \"last_name\": \"Doe\", \"email\": \"john@example.com\", \"boundary\": \"external\",\n"
" \"company\": {\"name\": \"Example Corp\", \"domain\": \"example.com\"}}\n";
static const char source_support_body[] = "{\"name\": \"Customer Support Tickets\", \"type\": \"api\"}\n";
static const char source_nps_body[] = "{\"name\": \"NPS Survey\", \"type\": \"api\"}\n";
static const char source_slack_body[] = "{\"name\": \"Slack #product-feedback\", \"type\": \"api\"}\n";

/* ---- sources ---- */

/* Parse a source body that must be valid. */
static void
source_valid(FbSourceBody *b, const char *json)
{
	if (!fb_source_body_parse(b, json, strlen(json)))
	{
		fprintf(stderr, "  body: %s\n", json);
		print_problems(&b->problems);
		fail_msg("a valid source body was rejected");
	}
}

/* Parse a source body that must be rejected with exactly these problems. */
static void
source_problems(const char *json, const Expected *exp, int n)
{
	FbSourceBody b;

	fb_source_body_init(&b);
	if (fb_source_body_parse(&b, json, strlen(json)))
	{
		fprintf(stderr, "  body: %s\n", json);
		fb_source_body_free(&b);
		fail_msg("an invalid source body was accepted");
	}
	check_problems(&b.problems, exp, n);
	fb_source_body_free(&b);
}

/* The first problem's message (and hint) of a rejected source body. */
static void
source_message(const char *json, const char *message, const char *hint)
{
	FbSourceBody b;

	fb_source_body_init(&b);
	assert_false(fb_source_body_parse(&b, json, strlen(json)));
	assert_string_equal(b.problems.items[0].message, message);
	if (hint != NULL)
		assert_string_equal(b.problems.items[0].hint, hint);
	fb_source_body_free(&b);
}

/* The three example sources parse as given. */
static void
test_source_examples(void **state)
{
	FbSourceBody b;

	(void) state;
	fb_source_body_init(&b);
	source_valid(&b, source_support_body);
	assert_string_equal(b.name, "Customer Support Tickets");
	assert_string_equal(b.type, "api");
	source_valid(&b, source_nps_body);
	assert_string_equal(b.name, "NPS Survey");
	source_valid(&b, source_slack_body);
	assert_string_equal(b.name, "Slack #product-feedback");
	assert_string_equal(b.type, "api");
	assert_int_equal(b.problems.count, 0);
	fb_source_body_free(&b);
}

/* name: required, trimmed, 1..255 characters, no control characters. */
static void
test_source_name(void **state)
{
	FbSourceBody b;
	char	   *n255 = repeat("\xe2\x82\xac", 255);	/* the euro sign */
	char	   *n256 = repeat("\xe2\x82\xac", 256);
	char	   *b255 = format("{\"name\":\"%s\"}", n255);
	char	   *b256 = format("{\"name\":\"%s\"}", n256);

	(void) state;
	fb_source_body_init(&b);
	source_valid(&b, "{\"name\":\"  NPS Survey \\n\\t\"}");
	assert_string_equal(b.name, "NPS Survey");
	assert_string_equal(b.type, "api");	/* the default */
	source_valid(&b, "{\"name\":\"Caf\xc3\xa9 \\\"Feedback\\\"\",\"type\":null}");
	assert_string_equal(b.name, "Caf\xc3\xa9 \"Feedback\"");
	assert_string_equal(b.type, "api");
	source_valid(&b, b255);
	assert_int_equal(strlen(b.name), 765);
	/* 255 characters after trimming */
	{
		char	   *padded = format("{\"name\":\"   %s   \"}", n255);

		source_valid(&b, padded);
		free(padded);
	}
	fb_source_body_free(&b);

	source_problems("{}", EXPECT({FB_ERR_MISSING, "name"}));
	source_problems("{\"type\":\"api\"}", EXPECT({FB_ERR_MISSING, "name"}));
	source_problems("{\"name\":null}", EXPECT({FB_ERR_MISSING, "name"}));
	source_problems("{\"name\":5}", EXPECT({FB_ERR_INVALID, "name"}));
	source_problems("{\"name\":[\"a\"]}", EXPECT({FB_ERR_INVALID, "name"}));
	source_problems("{\"name\":\"\"}", EXPECT({FB_ERR_INVALID, "name"}));
	source_problems("{\"name\":\" \\t\\r\\n \"}", EXPECT({FB_ERR_INVALID, "name"}));
	source_problems(b256, EXPECT({FB_ERR_TOO_LARGE, "name"}));
	source_problems("{\"name\":\"a\\nb\"}", EXPECT({FB_ERR_INVALID, "name"}));
	source_problems("{\"name\":\"a\\u0000b\"}", EXPECT({FB_ERR_INVALID, "name"}));
	source_problems("{\"name\":\"a\\u007fb\"}", EXPECT({FB_ERR_INVALID, "name"}));
	source_problems("{\"name\":\"a\\u0085b\"}", EXPECT({FB_ERR_INVALID, "name"}));	/* C1 */
	source_message("{}", "missing required member \"name\"", NULL);
	source_message("{\"name\":5}", "source name must be a string, not an integer", NULL);
	source_message("{\"name\":\"  \"}", "source name is empty", NULL);
	source_message(b256, "source name has 256 characters, more than 255", NULL);
	source_message("{\"name\":\"a\\tb\"}", "source name contains a control character", NULL);
	free(n255);
	free(n256);
	free(b255);
	free(b256);
}

/* type: optional, snake_case, at most 63 bytes. */
static void
test_source_type(void **state)
{
	FbSourceBody b;
	char	   *t63 = format("{\"name\":\"n\",\"type\":\"%s\"}", "a23456789012345678901234567890123456789012345678901234567890123");
	char	   *t64 = format("{\"name\":\"n\",\"type\":\"%s\"}", "a234567890123456789012345678901234567890123456789012345678901234");

	(void) state;
	fb_source_body_init(&b);
	source_valid(&b, "{\"type\":\"web_hook_2\",\"name\":\"n\"}");
	assert_string_equal(b.type, "web_hook_2");
	source_valid(&b, t63);
	assert_int_equal(strlen(b.type), 63);
	fb_source_body_free(&b);

	source_problems(t64, EXPECT({FB_ERR_INVALID, "type"}));
	source_problems("{\"name\":\"n\",\"type\":\"API\"}", EXPECT({FB_ERR_INVALID, "type"}));
	source_problems("{\"name\":\"n\",\"type\":\"\"}", EXPECT({FB_ERR_INVALID, "type"}));
	source_problems("{\"name\":\"n\",\"type\":1}", EXPECT({FB_ERR_INVALID, "type"}));
	source_problems("{\"name\":\"n\",\"type\":\" api\"}", EXPECT({FB_ERR_INVALID, "type"}));
	source_message("{\"name\":\"n\",\"type\":\"Web Hook\"}",
				   "source type \"Web Hook\" is not snake_case of at most 63 bytes",
				   "Use \"web_hook\".");
	free(t63);
	free(t64);
}

/* Strictness of the body: an object, known members, well-formed JSON. */
static void
test_source_body(void **state)
{
	FbSourceBody b;

	(void) state;
	source_problems("{\"name\":\"n\",\"kind\":\"api\"}", EXPECT({FB_ERR_INVALID, "kind"}));
	source_message("{\"name\":\"n\",\"kind\":\"api\"}", "unknown member \"kind\"",
				   "Members are name and type.");
	source_problems("[]", EXPECT({FB_ERR_INVALID, ""}));
	source_problems("null", EXPECT({FB_ERR_INVALID, ""}));
	source_problems("\"n\"", EXPECT({FB_ERR_INVALID, ""}));
	source_problems("{\"name\":\"n\"", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	source_problems("{'name':\"n\"}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	source_problems("{\"name\":\"n\"} {}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	/* every problem, in body order */
	source_problems("{\"type\":\"X Y\",\"foo\":1,\"name\":\"\",\"bar\":null}",
					EXPECT({FB_ERR_INVALID, "type"}, {FB_ERR_INVALID, "foo"},
						   {FB_ERR_INVALID, "name"}, {FB_ERR_INVALID, "bar"}));
	source_problems("{\"type\":5,\"x\":1}",
					EXPECT({FB_ERR_INVALID, "type"}, {FB_ERR_INVALID, "x"},
						   {FB_ERR_MISSING, "name"}));
	/* duplicates: the last one counts */
	fb_source_body_init(&b);
	source_valid(&b, "{\"name\":\"first\",\"name\":\"second\"}");
	assert_string_equal(b.name, "second");
	/* reuse and double free */
	assert_false(fb_source_body_parse(&b, "{}", 2));
	assert_null(b.name);
	assert_int_equal(b.problems.count, 1);
	source_valid(&b, "{\"name\":\"again\"}");
	assert_int_equal(b.problems.count, 0);
	fb_source_body_free(&b);
	fb_source_body_free(&b);
	assert_null(b.root);
	assert_null(b.name);
	assert_null(b.type);
}

/* ---- people ---- */

/* Parse a person body that must be valid. */
static void
person_valid(FbPersonBody *b, const char *json)
{
	if (!fb_person_body_parse(b, json, strlen(json)))
	{
		fprintf(stderr, "  body: %s\n", json);
		print_problems(&b->problems);
		fail_msg("a valid person body was rejected");
	}
}

/* Parse a person body that must be rejected with exactly these problems. */
static void
person_problems(const char *json, const Expected *exp, int n)
{
	FbPersonBody b;

	fb_person_body_init(&b);
	if (fb_person_body_parse(&b, json, strlen(json)))
	{
		fprintf(stderr, "  body: %s\n", json);
		fb_person_body_free(&b);
		fail_msg("an invalid person body was accepted");
	}
	check_problems(&b.problems, exp, n);
	fb_person_body_free(&b);
}

/* The first problem's message (and hint) of a rejected person body. */
static void
person_message(const char *json, const char *message, const char *hint)
{
	FbPersonBody b;

	fb_person_body_init(&b);
	assert_false(fb_person_body_parse(&b, json, strlen(json)));
	assert_string_equal(b.problems.items[0].message, message);
	if (hint != NULL)
		assert_string_equal(b.problems.items[0].hint, hint);
	fb_person_body_free(&b);
}

/* The example person parses with every member. */
static void
test_person_example(void **state)
{
	FbPersonBody b;

	(void) state;
	fb_person_body_init(&b);
	person_valid(&b, person_john_body);
	assert_string_equal(b.email, "john@example.com");
	assert_string_equal(b.first_name, "John");
	assert_string_equal(b.last_name, "Doe");
	assert_string_equal(b.boundary, "external");
	assert_true(b.has_company);
	assert_string_equal(b.company_name, "Example Corp");
	assert_string_equal(b.company_domain, "example.com");
	fb_person_body_free(&b);
}

/* email: required; trimmed and lower-cased; one '@'; a domain with a dot. */
static void
test_person_email(void **state)
{
	FbPersonBody b;
	char	   *local = repeat("a", 243);
	char	   *e255 = format("{\"email\":\"%s@example.com\"}", local);	/* 243 + 12 */
	char	   *e256 = format("{\"email\":\"%sa@example.com\"}", local);

	(void) state;
	fb_person_body_init(&b);
	person_valid(&b, "{\"email\":\"  John.Doe+tag@Example.COM \\n\"}");
	assert_string_equal(b.email, "john.doe+tag@example.com");
	assert_null(b.first_name);
	assert_null(b.last_name);
	assert_null(b.boundary);
	assert_false(b.has_company);
	assert_null(b.company_name);
	assert_null(b.company_domain);
	/* only ASCII is lower-cased */
	person_valid(&b, "{\"email\":\"\xc3\x89LISE@b\xc3\xbc" "cher.DE\"}");
	assert_string_equal(b.email, "\xc3\x89lise@b\xc3\xbc" "cher.de");
	person_valid(&b, e255);
	assert_int_equal(strlen(b.email), 255);
	fb_person_body_free(&b);

	person_problems("{}", EXPECT({FB_ERR_MISSING, "email"}));
	person_problems("{\"first_name\":\"J\"}", EXPECT({FB_ERR_MISSING, "email"}));
	person_problems("{\"email\":null}", EXPECT({FB_ERR_MISSING, "email"}));
	person_problems("{\"email\":5}", EXPECT({FB_ERR_INVALID, "email"}));
	person_problems("{\"email\":\"\"}", EXPECT({FB_ERR_INVALID, "email"}));
	person_problems("{\"email\":\"   \"}", EXPECT({FB_ERR_INVALID, "email"}));
	person_problems(e256, EXPECT({FB_ERR_TOO_LARGE, "email"}));
	person_problems("{\"email\":\"john\"}", EXPECT({FB_ERR_INVALID, "email"}));
	person_problems("{\"email\":\"@example.com\"}", EXPECT({FB_ERR_INVALID, "email"}));
	person_problems("{\"email\":\"john@\"}", EXPECT({FB_ERR_INVALID, "email"}));
	person_problems("{\"email\":\"john@example\"}", EXPECT({FB_ERR_INVALID, "email"}));
	person_problems("{\"email\":\"a@b@example.com\"}", EXPECT({FB_ERR_INVALID, "email"}));
	person_problems("{\"email\":\"john@.com\"}", EXPECT({FB_ERR_INVALID, "email"}));
	person_problems("{\"email\":\"john@example.\"}", EXPECT({FB_ERR_INVALID, "email"}));
	person_problems("{\"email\":\"jo hn@example.com\"}", EXPECT({FB_ERR_INVALID, "email"}));
	person_problems("{\"email\":\"john@exa\\nmple.com\"}", EXPECT({FB_ERR_INVALID, "email"}));
	person_message("{\"email\":\" John@Example \"}",
				   "email \"john@example\" is not a valid e-mail address",
				   "An e-mail address looks like \"name@example.com\".");
	person_message("{}", "missing required member \"email\"", NULL);
	free(local);
	free(e255);
	free(e256);
}

/* first_name, last_name: optional, trimmed, 1..255, null keeps. */
static void
test_person_names(void **state)
{
	FbPersonBody b;
	char	   *n256 = repeat("x", 256);
	char	   *b256 = format("{\"email\":\"a@b.co\",\"last_name\":\"%s\"}", n256);

	(void) state;
	fb_person_body_init(&b);
	person_valid(&b, "{\"email\":\"a@b.co\",\"first_name\":\"  Mary Ann \",\"last_name\":\"O'Neil\"}");
	assert_string_equal(b.first_name, "Mary Ann");
	assert_string_equal(b.last_name, "O'Neil");
	person_valid(&b, "{\"email\":\"a@b.co\",\"first_name\":null,\"last_name\":null}");
	assert_null(b.first_name);
	assert_null(b.last_name);
	fb_person_body_free(&b);

	person_problems("{\"email\":\"a@b.co\",\"first_name\":\"\"}", EXPECT({FB_ERR_INVALID, "first_name"}));
	person_problems("{\"email\":\"a@b.co\",\"first_name\":\"  \"}", EXPECT({FB_ERR_INVALID, "first_name"}));
	person_problems("{\"email\":\"a@b.co\",\"first_name\":7}", EXPECT({FB_ERR_INVALID, "first_name"}));
	person_problems("{\"email\":\"a@b.co\",\"first_name\":\"A\\u0001\"}", EXPECT({FB_ERR_INVALID, "first_name"}));
	person_problems(b256, EXPECT({FB_ERR_TOO_LARGE, "last_name"}));
	person_problems("{\"email\":\"a@b.co\",\"last_name\":{}}", EXPECT({FB_ERR_INVALID, "last_name"}));
	person_message("{\"email\":\"a@b.co\",\"first_name\":false}",
				   "first_name must be a string, not a boolean", NULL);
	free(n256);
	free(b256);
}

/* boundary: "internal" or "external"; null keeps. */
static void
test_person_boundary(void **state)
{
	FbPersonBody b;

	(void) state;
	fb_person_body_init(&b);
	person_valid(&b, "{\"email\":\"a@b.co\",\"boundary\":\"internal\"}");
	assert_string_equal(b.boundary, "internal");
	person_valid(&b, "{\"email\":\"a@b.co\",\"boundary\":\"external\"}");
	assert_string_equal(b.boundary, "external");
	person_valid(&b, "{\"email\":\"a@b.co\",\"boundary\":null}");
	assert_null(b.boundary);
	fb_person_body_free(&b);

	person_problems("{\"email\":\"a@b.co\",\"boundary\":\"External\"}", EXPECT({FB_ERR_INVALID, "boundary"}));
	person_problems("{\"email\":\"a@b.co\",\"boundary\":\"customer\"}", EXPECT({FB_ERR_INVALID, "boundary"}));
	person_problems("{\"email\":\"a@b.co\",\"boundary\":\"\"}", EXPECT({FB_ERR_INVALID, "boundary"}));
	person_problems("{\"email\":\"a@b.co\",\"boundary\":true}", EXPECT({FB_ERR_INVALID, "boundary"}));
	person_message("{\"email\":\"a@b.co\",\"boundary\":\"customer\"}",
				   "boundary \"customer\" is not \"internal\" or \"external\"", NULL);
}

/* company: an object with a name and/or a domain; null keeps. */
static void
test_person_company(void **state)
{
	FbPersonBody b;

	(void) state;
	fb_person_body_init(&b);
	person_valid(&b, "{\"email\":\"a@b.co\",\"company\":null}");
	assert_false(b.has_company);
	person_valid(&b, "{\"email\":\"a@b.co\",\"company\":{\"name\":\" Acme \"}}");
	assert_true(b.has_company);
	assert_string_equal(b.company_name, "Acme");
	assert_null(b.company_domain);
	person_valid(&b, "{\"email\":\"a@b.co\",\"company\":{\"domain\":\"HTTPS://www.Example.com:8443/path?q#f\"}}");
	assert_true(b.has_company);
	assert_null(b.company_name);
	assert_string_equal(b.company_domain, "www.example.com");
	person_valid(&b, "{\"email\":\"a@b.co\",\"company\":{\"name\":null,\"domain\":\"example.com.\"}}");
	assert_null(b.company_name);
	assert_string_equal(b.company_domain, "example.com");
	person_valid(&b, "{\"email\":\"a@b.co\",\"company\":{\"name\":\"Acme\",\"domain\":null}}");
	assert_string_equal(b.company_name, "Acme");
	assert_null(b.company_domain);
	fb_person_body_free(&b);

	person_problems("{\"email\":\"a@b.co\",\"company\":{}}", EXPECT({FB_ERR_INVALID, "company"}));
	person_problems("{\"email\":\"a@b.co\",\"company\":{\"name\":null,\"domain\":null}}",
					EXPECT({FB_ERR_INVALID, "company"}));
	person_problems("{\"email\":\"a@b.co\",\"company\":\"Acme\"}", EXPECT({FB_ERR_INVALID, "company"}));
	person_problems("{\"email\":\"a@b.co\",\"company\":[]}", EXPECT({FB_ERR_INVALID, "company"}));
	person_problems("{\"email\":\"a@b.co\",\"company\":{\"name\":\"\"}}", EXPECT({FB_ERR_INVALID, "company.name"}));
	person_problems("{\"email\":\"a@b.co\",\"company\":{\"name\":1}}", EXPECT({FB_ERR_INVALID, "company.name"}));
	person_problems("{\"email\":\"a@b.co\",\"company\":{\"domain\":\"localhost\"}}",
					EXPECT({FB_ERR_INVALID, "company.domain"}));
	person_problems("{\"email\":\"a@b.co\",\"company\":{\"domain\":\"exa_mple.com\"}}",
					EXPECT({FB_ERR_INVALID, "company.domain"}));
	person_problems("{\"email\":\"a@b.co\",\"company\":{\"domain\":\"\"}}",
					EXPECT({FB_ERR_INVALID, "company.domain"}));
	person_problems("{\"email\":\"a@b.co\",\"company\":{\"domain\":5}}",
					EXPECT({FB_ERR_INVALID, "company.domain"}));
	person_problems("{\"email\":\"a@b.co\",\"company\":{\"name\":\"A\",\"url\":\"x\"}}",
					EXPECT({FB_ERR_INVALID, "company.url"}));
	person_message("{\"email\":\"a@b.co\",\"company\":{\"name\":\"A\",\"url\":\"x\"}}",
				   "unknown member \"url\"", "Members of company are name and domain.");
	person_message("{\"email\":\"a@b.co\",\"company\":{}}",
				   "company has neither a name nor a domain", NULL);
	person_message("{\"email\":\"a@b.co\",\"company\":{\"domain\":\"localhost\"}}",
				   "company domain \"localhost\" is not a valid domain", NULL);
	/* a domain longer than 255 characters */
	{
		char	   *labels = repeat("abcdefghi.", 26);	/* 260 */
		char	   *body = format("{\"email\":\"a@b.co\",\"company\":{\"domain\":\"%scom\"}}", labels);

		person_problems(body, EXPECT({FB_ERR_TOO_LARGE, "company.domain"}));
		free(labels);
		free(body);
	}
}

/* Strictness of the body and every problem in body order. */
static void
test_person_body(void **state)
{
	FbPersonBody b;

	(void) state;
	person_problems("{\"email\":\"a@b.co\",\"phone\":\"1\"}", EXPECT({FB_ERR_INVALID, "phone"}));
	person_message("{\"email\":\"a@b.co\",\"phone\":\"1\"}", "unknown member \"phone\"",
				   "Members are email, first_name, last_name, boundary and company.");
	person_problems("[]", EXPECT({FB_ERR_INVALID, ""}));
	person_problems("", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	person_problems("{\"email\":NaN}", EXPECT({FB_ERR_MALFORMED_JSON, ""}));
	person_problems("{\"first_name\":\"\",\"boundary\":\"x\",\"email\":\"bad\","
					"\"company\":{\"domain\":\"nodot\",\"name\":\"\",\"x\":1},\"y\":2,"
					"\"last_name\":3}",
					EXPECT({FB_ERR_INVALID, "first_name"},
						   {FB_ERR_INVALID, "boundary"},
						   {FB_ERR_INVALID, "email"},
						   {FB_ERR_INVALID, "company.domain"},
						   {FB_ERR_INVALID, "company.name"},
						   {FB_ERR_INVALID, "company.x"},
						   {FB_ERR_INVALID, "y"},
						   {FB_ERR_INVALID, "last_name"}));
	person_problems("{\"company\":{},\"boundary\":1}",
					EXPECT({FB_ERR_INVALID, "company"},
						   {FB_ERR_INVALID, "boundary"},
						   {FB_ERR_MISSING, "email"}));

	/* reuse and double free release everything (LSan) */
	fb_person_body_init(&b);
	person_valid(&b, person_john_body);
	{
		static const char bad[] = "{\"email\":\"x\",\"company\":{\"name\":\"A\",\"domain\":\"b\"}}";

		assert_false(fb_person_body_parse(&b, bad, sizeof(bad) - 1));
	}
	assert_null(b.email);
	assert_string_equal(b.company_name, "A");
	assert_int_equal(b.problems.count, 2);
	person_valid(&b, person_john_body);
	assert_int_equal(b.problems.count, 0);
	fb_person_body_free(&b);
	fb_person_body_free(&b);
	assert_null(b.root);
	assert_null(b.email);
	assert_null(b.company_domain);
	assert_false(b.has_company);
}

/* ---- fb_normalize_domain ---- */

/* Assert that s normalizes to expected (NULL: that it is rejected). */
static void
check_domain(const char *s, const char *expected)
{
	char		out[300];
	bool		ok = fb_normalize_domain(s, strlen(s), out, sizeof(out));

	if (expected == NULL)
	{
		if (ok)
			fail_msg("\"%s\" normalized to \"%s\", expected a rejection", s, out);
		assert_string_equal(out, "");
	}
	else
	{
		if (!ok)
			fail_msg("\"%s\" was rejected, expected \"%s\"", s, expected);
		assert_string_equal(out, expected);
	}
}

/* Domains and URLs reduce to a lower-case host name with a dot. */
static void
test_normalize_domain(void **state)
{
	char		out[16];

	(void) state;
	check_domain("example.com", "example.com");
	check_domain("HTTPS://www.Example.com:8443/path?q#f", "www.example.com");
	check_domain("https://Example.COM/x", "example.com");
	check_domain("example.com.", "example.com");
	check_domain("  Example.com  ", "example.com");
	check_domain("http://user:pw@Example.com/", "example.com");
	check_domain("ftp://ftp.example.org", "ftp.example.org");
	check_domain("//cdn.example.net/a.js", "cdn.example.net");
	check_domain("example.com:443", "example.com");
	check_domain("example.com?x=1", "example.com");
	check_domain("example.com#top", "example.com");
	check_domain("sub-1.my-site.co.uk", "sub-1.my-site.co.uk");
	check_domain("xn--bcher-kva.de", "xn--bcher-kva.de");
	check_domain("1.2.3.4", "1.2.3.4");

	check_domain("", NULL);
	check_domain("   ", NULL);
	check_domain("localhost", NULL);
	check_domain("https://localhost:8080/", NULL);
	check_domain("https://", NULL);
	check_domain("example.com..", NULL);
	check_domain(".example.com", NULL);
	check_domain("a..example.com", NULL);
	check_domain("-a.example.com", NULL);
	check_domain("a-.example.com", NULL);
	check_domain("exa_mple.com", NULL);
	check_domain("exa mple.com", NULL);
	check_domain("b\xc3\xbc" "cher.de", NULL);
	check_domain("example.com:https", NULL);
	check_domain("[::1]", NULL);
	check_domain("example.com\ttab", NULL);
	{
		char	   *label63 = repeat("a", 63);
		char	   *label64 = repeat("a", 64);
		char	   *d63 = format("%s.com", label63);
		char	   *d64 = format("%s.com", label64);

		check_domain(d63, d63);
		check_domain(d64, NULL);
		free(label63);
		free(label64);
		free(d63);
		free(d64);
	}

	/* the output buffer: room for the host and its NUL, or a rejection */
	assert_true(fb_normalize_domain("https://a.bc/", 13, out, 5));
	assert_string_equal(out, "a.bc");
	assert_false(fb_normalize_domain("https://a.bc/", 13, out, 4));
	/* not NUL-terminated input: only len bytes count */
	assert_true(fb_normalize_domain("a.bcdef", 4, out, sizeof(out)));
	assert_string_equal(out, "a.bc");
	assert_false(fb_normalize_domain("a.b\0c.d", 7, out, sizeof(out)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_examples),
		cmocka_unit_test(test_source_name),
		cmocka_unit_test(test_source_type),
		cmocka_unit_test(test_source_body),
		cmocka_unit_test(test_person_example),
		cmocka_unit_test(test_person_email),
		cmocka_unit_test(test_person_names),
		cmocka_unit_test(test_person_boundary),
		cmocka_unit_test(test_person_company),
		cmocka_unit_test(test_person_body),
		cmocka_unit_test(test_normalize_domain),
	};

	return cmocka_run_group_tests_name("entity", tests, NULL, NULL);
}
