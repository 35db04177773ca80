/*
 * entity.c - parsing and validating source and person bodies (pure C)
 *
 * The bodies of POST /feedback-sources and PUT /people, checked as strictly
 * as a record body (record.c): one strict JSON parse, unknown members
 * rejected, every problem collected with its path, in body order.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "entity.h"
#include "field.h"
#include "jsonutil.h"
#include "utf8.h"

#define SOURCE_MEMBERS_HINT "Members are name and type."
#define PERSON_MEMBERS_HINT \
	"Members are email, first_name, last_name, boundary and company."
#define COMPANY_MEMBERS_HINT "Members of company are name and domain."
#define TYPE_RULE_HINT \
	"A source type starts with a lower-case letter, contains only a-z, 0-9 and _, and has at most 63 bytes, e.g. \"api\"."
#define EMAIL_HINT "An e-mail address looks like \"name@example.com\"."
#define BOUNDARY_HINT \
	"Boundary is \"internal\" (your organization) or \"external\" (everyone else)."
#define DOMAIN_HINT \
	"Send a host name such as \"example.com\" (a URL is reduced to its host); internationalized names in their xn-- form."
#define COMPANY_HINT "Give the company a name, a domain, or both."


/* ASCII whitespace: what trimming removes. */
static bool
IsAsciiSpace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		c == '\f' || c == '\v';
}

/* ASCII upper case to lower case, independent of the locale. */
static char
AsciiLower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

/* ASCII letter, independent of the locale. */
static bool
IsAsciiAlpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ASCII digit, independent of the locale. */
static bool
IsAsciiDigit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * True when UTF-8 s[0..len) contains a control character: C0 (including
 * NUL), DEL, or C1 (U+0080..U+009F, encoded as C2 80..C2 9F).
 */
static bool
HasControlChar(const char *s, size_t len)
{
	size_t		i;

	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c < 0x20 || c == 0x7f)
			return true;
		if (c == 0xc2 && i + 1 < len && (unsigned char) s[i + 1] <= 0x9f)
			return true;
	}
	return false;
}

/* Narrow s[0..*len) to drop leading and trailing ASCII whitespace. */
static void
Trim(const char **s, size_t *len)
{
	while (*len > 0 && IsAsciiSpace((*s)[0]))
	{
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && IsAsciiSpace((*s)[*len - 1]))
		(*len)--;
}

/*
 * Check a text member (v, at path, called what in messages): a string,
 * trimmed, not empty, no control characters, at most 255 characters.
 * Returns a malloc'd trimmed copy, or NULL after adding a problem.
 */
static char *
TakeText(FbProblems *problems, const char *path, const char *what,
		 struct json_object *v)
{
	const char *s;
	size_t		len;
	size_t		nchars;

	if (!json_object_is_type(v, json_type_string))
	{
		fb_problem_add(problems, FB_ERR_INVALID, path, NULL,
					   "%s must be a string, not %s", what, fb_json_kind_phrase(v));
		return NULL;
	}
	s = json_object_get_string(v);
	len = (size_t) json_object_get_string_len(v);
	Trim(&s, &len);
	if (len == 0)
	{
		fb_problem_add(problems, FB_ERR_INVALID, path, NULL,
					   "%s is empty", what);
		return NULL;
	}
	if (HasControlChar(s, len))
	{
		fb_problem_add(problems, FB_ERR_INVALID, path,
					   "Remove control characters such as line breaks and tabs.",
					   "%s contains a control character", what);
		return NULL;
	}
	nchars = fb_utf8_length(s, len);
	if (nchars > FB_TEXT_MAX_CHARS)
	{
		fb_problem_add(problems, FB_ERR_TOO_LARGE, path, NULL,
					   "%s has %zu characters, more than %d",
					   what, nchars, FB_TEXT_MAX_CHARS);
		return NULL;
	}
	return fb_copy_text(s, len);
}

/* Prepare a source body for parsing. */
void
fb_source_body_init(FbSourceBody *body)
{
	memset(body, 0, sizeof(*body));
	fb_problems_init(&body->problems);
}

/* Release everything a source body holds; safe to call twice. */
void
fb_source_body_free(FbSourceBody *body)
{
	json_object_put(body->root);
	free(body->name);
	free(body->type);
	fb_source_body_init(body);
}

/* Check the "type" member of a source body; NULL after adding a problem. */
static char *
TakeSourceType(FbProblems *problems, struct json_object *v)
{
	char		preview[64];
	char		hint[FB_HINT_SIZE];
	const char *s;
	size_t		len;

	if (!json_object_is_type(v, json_type_string))
	{
		fb_problem_add(problems, FB_ERR_INVALID, "type", TYPE_RULE_HINT,
					   "source type must be a string, not %s", fb_json_kind_phrase(v));
		return NULL;
	}
	s = json_object_get_string(v);
	len = (size_t) json_object_get_string_len(v);
	if (fb_field_name_valid(s, len))
		return fb_copy_text(s, len);

	fb_preview(s, len, preview, sizeof(preview));
	fb_field_name_hint(s, len, TYPE_RULE_HINT, hint, sizeof(hint));
	fb_problem_add(problems, FB_ERR_INVALID, "type", hint,
				   "source type %s is not snake_case of at most %d bytes",
				   preview, FB_NAME_MAX_BYTES);
	return NULL;
}

/* Parse and validate a source body; see entity.h. */
bool
fb_source_body_parse(FbSourceBody *body, const char *json, size_t len)
{
	FbProblems *problems;
	struct json_object_iter iter;
	bool		has_name = false;

	fb_source_body_free(body);
	problems = &body->problems;

	if (!fb_json_parse_object(json, len, &body->root, problems,
							  "source", SOURCE_MEMBERS_HINT))
		return false;

	json_object_object_foreachC(body->root, iter)
	{
		if (strcmp(iter.key, "name") == 0)
		{
			has_name = true;
			if (iter.val == NULL)
				fb_problem_add(problems, FB_ERR_MISSING, "name",
							   "A source needs a name.", "source name is null");
			else
				body->name = TakeText(problems, "name", "source name", iter.val);
		}
		else if (strcmp(iter.key, "type") == 0)
		{
			if (iter.val != NULL)
				body->type = TakeSourceType(problems, iter.val);
		}
		else
			fb_json_unknown_member(problems, "", iter.key, SOURCE_MEMBERS_HINT);
	}
	if (!has_name)
		fb_problem_add(problems, FB_ERR_MISSING, "name", "A source needs a name.",
					   "missing required member \"name\"");
	if (body->type == NULL && problems->count == 0)
		body->type = fb_copy_text(FB_SOURCE_TYPE_DEFAULT, strlen(FB_SOURCE_TYPE_DEFAULT));

	return problems->count == 0;
}

/* Prepare a person body for parsing. */
void
fb_person_body_init(FbPersonBody *body)
{
	memset(body, 0, sizeof(*body));
	fb_problems_init(&body->problems);
}

/* Release everything a person body holds; safe to call twice. */
void
fb_person_body_free(FbPersonBody *body)
{
	json_object_put(body->root);
	free(body->email);
	free(body->first_name);
	free(body->last_name);
	free(body->boundary);
	free(body->company_name);
	free(body->company_domain);
	fb_person_body_init(body);
}

/*
 * True when a trimmed, lower-cased address has one '@', a non-empty local
 * part, and a domain with a dot that neither starts nor ends it; no
 * whitespace anywhere.
 */
static bool
EmailValid(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);
	const char *domain;
	size_t		dlen;
	size_t		i;

	if (at == NULL || at == s)
		return false;
	if (memchr(at + 1, '@', len - (size_t) (at + 1 - s)) != NULL)
		return false;
	for (i = 0; i < len; i++)
		if (IsAsciiSpace(s[i]))
			return false;
	domain = at + 1;
	dlen = len - (size_t) (domain - s);
	if (dlen < 3 || domain[0] == '.' || domain[dlen - 1] == '.')
		return false;
	return memchr(domain, '.', dlen) != NULL;
}

/* Check the "email" member: NULL after adding a problem. */
static char *
TakeEmail(FbProblems *problems, struct json_object *v)
{
	char	   *email;
	char		preview[64];
	size_t		len;
	size_t		i;

	email = TakeText(problems, "email", "email", v);
	if (email == NULL)
		return NULL;
	len = strlen(email);
	for (i = 0; i < len; i++)
		email[i] = AsciiLower(email[i]);
	if (EmailValid(email, len))
		return email;

	fb_preview(email, len, preview, sizeof(preview));
	fb_problem_add(problems, FB_ERR_INVALID, "email", EMAIL_HINT,
				   "email %s is not a valid e-mail address", preview);
	free(email);
	return NULL;
}

/* Check the "boundary" member: NULL after adding a problem. */
static char *
TakeBoundary(FbProblems *problems, struct json_object *v)
{
	char		preview[64];
	const char *s;
	size_t		len;

	if (!json_object_is_type(v, json_type_string))
	{
		fb_problem_add(problems, FB_ERR_INVALID, "boundary", BOUNDARY_HINT,
					   "boundary must be a string, not %s", fb_json_kind_phrase(v));
		return NULL;
	}
	s = json_object_get_string(v);
	len = (size_t) json_object_get_string_len(v);
	if ((len == 8 && memcmp(s, "internal", 8) == 0) ||
		(len == 8 && memcmp(s, "external", 8) == 0))
		return fb_copy_text(s, len);
	fb_preview(s, len, preview, sizeof(preview));
	fb_problem_add(problems, FB_ERR_INVALID, "boundary", BOUNDARY_HINT,
				   "boundary %s is not \"internal\" or \"external\"", preview);
	return NULL;
}

/* Check the company's "domain" member: NULL after adding a problem. */
static char *
TakeDomain(FbProblems *problems, struct json_object *v)
{
	const char *s;
	size_t		len;
	char	   *out;
	char		preview[64];
	size_t		nchars;

	if (!json_object_is_type(v, json_type_string))
	{
		fb_problem_add(problems, FB_ERR_INVALID, "company.domain", DOMAIN_HINT,
					   "company domain must be a string, not %s", fb_json_kind_phrase(v));
		return NULL;
	}
	s = json_object_get_string(v);
	len = (size_t) json_object_get_string_len(v);
	out = fb_xmalloc(len + 1);
	if (!fb_normalize_domain(s, len, out, len + 1))
	{
		fb_preview(s, len, preview, sizeof(preview));
		fb_problem_add(problems, FB_ERR_INVALID, "company.domain", DOMAIN_HINT,
					   "company domain %s is not a valid domain", preview);
		free(out);
		return NULL;
	}
	nchars = strlen(out);		/* ASCII only */
	if (nchars > FB_TEXT_MAX_CHARS)
	{
		fb_problem_add(problems, FB_ERR_TOO_LARGE, "company.domain", NULL,
					   "company domain has %zu characters, more than %d",
					   nchars, FB_TEXT_MAX_CHARS);
		free(out);
		return NULL;
	}
	return out;
}

/* Check the "company" member (an object, not null). */
static void
ParseCompany(FbPersonBody *body, struct json_object *company)
{
	FbProblems *problems = &body->problems;
	struct json_object_iter iter;
	bool		given = false;	/* a non-null name or domain */

	if (!json_object_is_type(company, json_type_object))
	{
		fb_problem_add(problems, FB_ERR_INVALID, "company", COMPANY_HINT,
					   "company must be an object, not %s", fb_json_kind_phrase(company));
		return;
	}
	body->has_company = true;
	json_object_object_foreachC(company, iter)
	{
		if (strcmp(iter.key, "name") == 0)
		{
			if (iter.val == NULL)
				continue;
			given = true;
			body->company_name = TakeText(problems, "company.name",
										  "company name", iter.val);
		}
		else if (strcmp(iter.key, "domain") == 0)
		{
			if (iter.val == NULL)
				continue;
			given = true;
			body->company_domain = TakeDomain(problems, iter.val);
		}
		else
			fb_json_unknown_member(problems, "company.", iter.key, COMPANY_MEMBERS_HINT);
	}
	if (!given)
		fb_problem_add(problems, FB_ERR_INVALID, "company", COMPANY_HINT,
					   "company has neither a name nor a domain");
}

/* Parse and validate a person body; see entity.h. */
bool
fb_person_body_parse(FbPersonBody *body, const char *json, size_t len)
{
	FbProblems *problems;
	struct json_object_iter iter;
	bool		has_email = false;

	fb_person_body_free(body);
	problems = &body->problems;

	if (!fb_json_parse_object(json, len, &body->root, problems,
							  "person", PERSON_MEMBERS_HINT))
		return false;

	json_object_object_foreachC(body->root, iter)
	{
		struct json_object *v = iter.val;

		if (strcmp(iter.key, "email") == 0)
		{
			has_email = true;
			if (v == NULL)
				fb_problem_add(problems, FB_ERR_MISSING, "email",
							   "A person is identified by an e-mail address.",
							   "email is null");
			else
				body->email = TakeEmail(problems, v);
		}
		else if (strcmp(iter.key, "first_name") == 0)
		{
			if (v != NULL)
				body->first_name = TakeText(problems, "first_name", "first_name", v);
		}
		else if (strcmp(iter.key, "last_name") == 0)
		{
			if (v != NULL)
				body->last_name = TakeText(problems, "last_name", "last_name", v);
		}
		else if (strcmp(iter.key, "boundary") == 0)
		{
			if (v != NULL)
				body->boundary = TakeBoundary(problems, v);
		}
		else if (strcmp(iter.key, "company") == 0)
		{
			if (v != NULL)
				ParseCompany(body, v);
		}
		else
			fb_json_unknown_member(problems, "", iter.key, PERSON_MEMBERS_HINT);
	}
	if (!has_email)
		fb_problem_add(problems, FB_ERR_MISSING, "email",
					   "A person is identified by an e-mail address.",
					   "missing required member \"email\"");

	return problems->count == 0;
}

/* A character a host name may hold once lower-cased. */
static bool
IsHostChar(char c)
{
	return (c >= 'a' && c <= 'z') || IsAsciiDigit(c) || c == '-' || c == '.';
}

/* A character of a URL scheme after its first letter (RFC 3986). */
static bool
IsSchemeChar(char c)
{
	return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '+' || c == '-' || c == '.';
}

/* Normalize a company domain or URL to its lower-case host; see entity.h. */
bool
fb_normalize_domain(const char *s, size_t len, char *out, size_t outsz)
{
	size_t		start = 0;
	size_t		end = len;
	size_t		i;
	size_t		n;
	size_t		label;

	if (outsz > 0)
		out[0] = '\0';

	while (start < end && IsAsciiSpace(s[start]))
		start++;
	while (end > start && IsAsciiSpace(s[end - 1]))
		end--;

	/* a scheme ("https://"), or a scheme-relative "//" */
	for (i = start; i < end && IsSchemeChar(s[i]); i++)
		;
	if (i > start && IsAsciiAlpha(s[start]) &&
		end - i >= 3 && memcmp(s + i, "://", 3) == 0)
		start = i + 3;
	else if (end - start >= 2 && s[start] == '/' && s[start + 1] == '/')
		start += 2;

	/* the authority ends at the path, query or fragment */
	for (i = start; i < end; i++)
		if (s[i] == '/' || s[i] == '?' || s[i] == '#')
			break;
	end = i;

	/* user information ends at the last '@' */
	for (i = end; i > start; i--)
		if (s[i - 1] == '@')
		{
			start = i;
			break;
		}

	/* a port: ':' and digits */
	for (i = start; i < end; i++)
		if (s[i] == ':')
			break;
	if (i < end)
	{
		size_t		j;

		for (j = i + 1; j < end; j++)
			if (!IsAsciiDigit(s[j]))
				return false;
		end = i;
	}

	/* the root's trailing dot */
	if (end > start && s[end - 1] == '.')
		end--;

	n = end - start;
	if (n == 0 || n + 1 > outsz)
		return false;

	/* lower-case, then check: labels of a-z 0-9 -, at least two of them */
	label = 0;
	for (i = 0; i < n; i++)
	{
		char		c = AsciiLower(s[start + i]);

		if (!IsHostChar(c))
			goto bad;
		if (c == '.')
		{
			if (label == 0 || out[i - 1] == '-')
				goto bad;		/* empty label, or one ending in '-' */
			label = 0;
		}
		else
		{
			if (label == 0 && c == '-')
				goto bad;		/* label starting with '-' */
			if (++label > 63)
				goto bad;
		}
		out[i] = c;
	}
	if (label == 0 || out[n - 1] == '-' || memchr(out, '.', n) == NULL)
		goto bad;
	out[n] = '\0';
	return true;

bad:
	out[0] = '\0';
	return false;
}
