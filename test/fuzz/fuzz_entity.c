/*
 * fuzz_entity.c - libFuzzer targets: fb_person_body_parse and
 * fb_source_body_parse on arbitrary bodies (built twice: -DFUZZ_PERSON or
 * -DFUZZ_SOURCE).
 *
 * On success every member must obey its rule (trimmed, at most 255
 * characters, no control characters, valid UTF-8, e-mail lower-cased,
 * domain normalized), and the body rebuilt from the result must parse to
 * the same result.
 */
#include "fuzz_common.h"

#include "entity.h"
#include "field.h"

/* A text member as TakeText leaves it. */
static void
check_text(const char *what, const char *s)
{
	size_t		len;
	size_t		i;

	if (s == NULL)
		return;
	len = strlen(s);
	FZ_CHECK(len > 0, "%s is empty", what);
	FZ_CHECK(fb_utf8_valid(s, len), "%s is not UTF-8", what);
	FZ_CHECK(fb_utf8_length(s, len) <= FB_TEXT_MAX_CHARS, "%s has more than 255 characters", what);
	FZ_CHECK(strchr(" \t\n\r\f\v", s[0]) == NULL && strchr(" \t\n\r\f\v", s[len - 1]) == NULL,
			 "%s is not trimmed: \"%s\"", what, s);
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		FZ_CHECK(c >= 0x20 && c != 0x7f, "%s has a control character", what);
		FZ_CHECK(!(c == 0xc2 && i + 1 < len && (unsigned char) s[i + 1] <= 0x9f), "%s has a C1 control", what);
	}
}

static void
append_member(FbBuf *b, const char *key, const char *value)
{
	if (value == NULL)
		return;
	if (b->data[b->len - 1] != '{')
		fb_buf_append_char(b, ',');
	fb_buf_append_json_string(b, key, strlen(key));
	fb_buf_append_char(b, ':');
	fb_buf_append_json_string(b, value, strlen(value));
}

static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

#ifdef FUZZ_PERSON

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FbPersonBody body;
	FbPersonBody again;
	FbBuf		canon;
	bool		ok;
	size_t		i;

	fb_person_body_init(&body);
	ok = fb_person_body_parse(&body, (const char *) data, size);
	fz_check_problems(&body.problems, ok);
	if (!ok)
	{
		fb_person_body_free(&body);
		return 0;
	}

	FZ_CHECK(body.email != NULL, "no email");
	check_text("email", body.email);
	for (i = 0; body.email[i]; i++)
		FZ_CHECK(!(body.email[i] >= 'A' && body.email[i] <= 'Z'), "email not lower-cased");
	FZ_CHECK(strchr(body.email, '@') != NULL, "email without @");
	check_text("first_name", body.first_name);
	check_text("last_name", body.last_name);
	FZ_CHECK(body.boundary == NULL || strcmp(body.boundary, "internal") == 0 ||
			 strcmp(body.boundary, "external") == 0, "boundary");
	FZ_CHECK(body.has_company || (body.company_name == NULL && body.company_domain == NULL), "company");
	FZ_CHECK(!body.has_company || body.company_name != NULL || body.company_domain != NULL, "empty company");
	check_text("company name", body.company_name);
	if (body.company_domain != NULL)
	{
		size_t		len = strlen(body.company_domain);
		char	   *again_domain = malloc(len + 1);

		FZ_CHECK(len <= FB_TEXT_MAX_CHARS, "domain too long");
		FZ_CHECK(fb_normalize_domain(body.company_domain, len, again_domain, len + 1) &&
				 strcmp(again_domain, body.company_domain) == 0,
				 "domain \"%s\" is not normalized", body.company_domain);
		free(again_domain);
	}

	/* rebuild the body and parse it again */
	fb_buf_init(&canon);
	fb_buf_append_char(&canon, '{');
	append_member(&canon, "email", body.email);
	append_member(&canon, "first_name", body.first_name);
	append_member(&canon, "last_name", body.last_name);
	append_member(&canon, "boundary", body.boundary);
	if (body.has_company)
	{
		fb_buf_append_str(&canon, ",\"company\":{");
		append_member(&canon, "name", body.company_name);
		append_member(&canon, "domain", body.company_domain);
		fb_buf_append_char(&canon, '}');
	}
	fb_buf_append_char(&canon, '}');
	fb_person_body_init(&again);
	ok = fb_person_body_parse(&again, canon.data, canon.len);
	FZ_CHECK(ok, "rebuilt body rejected (%s): %.300s",
			 again.problems.stored ? again.problems.items[0].message : "", canon.data);
	FZ_CHECK(same(again.email, body.email) && same(again.first_name, body.first_name) &&
			 same(again.last_name, body.last_name) && same(again.boundary, body.boundary) &&
			 again.has_company == body.has_company && same(again.company_name, body.company_name) &&
			 same(again.company_domain, body.company_domain),
			 "rebuilt body parses differently: %.300s", canon.data);

	fb_buf_free(&canon);
	fb_person_body_free(&again);
	fb_person_body_free(&body);
	return 0;
}

#else

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FbSourceBody body;
	FbSourceBody again;
	FbBuf		canon;
	bool		ok;

	fb_source_body_init(&body);
	ok = fb_source_body_parse(&body, (const char *) data, size);
	fz_check_problems(&body.problems, ok);
	if (!ok)
	{
		fb_source_body_free(&body);
		return 0;
	}
	FZ_CHECK(body.name != NULL && body.type != NULL, "name or type missing");
	check_text("name", body.name);
	FZ_CHECK(fb_field_name_valid(body.type, strlen(body.type)), "type \"%s\"", body.type);

	fb_buf_init(&canon);
	fb_buf_append_char(&canon, '{');
	append_member(&canon, "name", body.name);
	append_member(&canon, "type", body.type);
	fb_buf_append_char(&canon, '}');
	fb_source_body_init(&again);
	ok = fb_source_body_parse(&again, canon.data, canon.len);
	FZ_CHECK(ok && same(again.name, body.name) && same(again.type, body.type),
			 "rebuilt body parses differently: %.300s", canon.data);

	fb_buf_free(&canon);
	fb_source_body_free(&again);
	fb_source_body_free(&body);
	return 0;
}

#endif
