/*
 * jsonutil.h - strict JSON parsing and messages about JSON values (pure C)
 *
 * What the body parsers (record.c, entity.c) share: one strict parse of a
 * request body with json-c, and the phrases and paths of their problems.
 */
#ifndef FEEDBACK_JSONUTIL_H
#define FEEDBACK_JSONUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "problems.h"

struct json_object;

/*
 * Parse a request body as strict JSON (RFC 8259: json-c's strict mode plus
 * the checks it misses), valid UTF-8, at most 256 levels deep, nothing but
 * whitespace after the value.  On success *root is the tree (NULL for a
 * JSON null), which the caller releases with json_object_put; on failure
 * one problem at "" is added.
 */
bool		fb_json_parse(const char *body, size_t len, struct json_object **root,
						  FbProblems *problems);

/*
 * fb_json_parse, then require a JSON object: otherwise one problem at ""
 * ("<what> body must be a json object, not ...", with hint) is added.
 * *root is set as fb_json_parse sets it, also when it is not an object.
 */
bool		fb_json_parse_object(const char *body, size_t len,
								 struct json_object **root, FbProblems *problems,
								 const char *what, const char *hint);

/* A short phrase naming a JSON value's type, for messages ("an array"). */
const char *fb_json_kind_phrase(struct json_object *v);

/*
 * Report an unknown member of an object: an INVALID problem at prefix + its
 * name (clipped to fit a path, never mid-UTF-8), "unknown member <name>".
 */
void		fb_json_unknown_member(FbProblems *problems, const char *prefix,
								   const char *key, const char *hint);

#endif
