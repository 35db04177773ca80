/*
 * entity.h - parsing and validating source and person bodies (pure C)
 */
#ifndef FEEDBACK_ENTITY_H
#define FEEDBACK_ENTITY_H

#include <stdbool.h>
#include <stddef.h>

#include "problems.h"

struct json_object;

#define FB_TEXT_MAX_CHARS 255	/* names, e-mail addresses, domains */
#define FB_SOURCE_TYPE_DEFAULT "api"

/*
 * POST /feedback-sources: {"name": "...", "type": "api"}.
 * name: required string, trimmed, 1 to 255 characters, no control characters.
 * type: optional (default "api"), ^[a-z][a-z0-9_]*$, at most 63 bytes.
 * Unknown members are an error.
 */
typedef struct FbSourceBody
{
	struct json_object *root;
	char	   *name;			/* trimmed; malloc'd */
	char	   *type;			/* malloc'd */
	FbProblems	problems;
} FbSourceBody;

void		fb_source_body_init(FbSourceBody *body);
void		fb_source_body_free(FbSourceBody *body);
bool		fb_source_body_parse(FbSourceBody *body, const char *json, size_t len);

/*
 * PUT /people: {"email", "first_name", "last_name", "boundary",
 * "company": {"name", "domain"}}.
 * email: required string; trimmed and lower-cased; one '@' with a non-empty
 *        local part and a domain containing a dot; at most 255 characters.
 * first_name, last_name: optional strings (null = keep the stored value),
 *        trimmed, at most 255 characters.
 * boundary: optional, "internal" or "external".
 * company: optional object (null = keep); name and/or domain, at least one.
 *        domain is normalized: lower-cased, scheme ("https://"), user info,
 *        port, path, query and fragment stripped, trailing dot removed; it
 *        must then be a host name with a dot.
 * Absent or null members leave the stored value alone (has_* false).
 */
typedef struct FbPersonBody
{
	struct json_object *root;
	char	   *email;
	char	   *first_name;		/* NULL when absent or null */
	char	   *last_name;
	char	   *boundary;
	bool		has_company;
	char	   *company_name;	/* NULL when absent */
	char	   *company_domain; /* normalized; NULL when absent */
	FbProblems	problems;
} FbPersonBody;

void		fb_person_body_init(FbPersonBody *body);
void		fb_person_body_free(FbPersonBody *body);
bool		fb_person_body_parse(FbPersonBody *body, const char *json, size_t len);

/*
 * Normalize a company domain or URL into out ("https://Example.COM/x" ->
 * "example.com").  False when nothing usable remains.
 */
bool		fb_normalize_domain(const char *s, size_t len, char *out, size_t outsz);

#endif
