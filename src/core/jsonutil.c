/*
 * jsonutil.c - strict JSON parsing and messages about JSON values (pure C)
 *
 * json-c 0.16's strict mode still lets things through that are not JSON
 * (single-quoted member names, NaN and Infinity, numbers such as "1.",
 * "-01" or ".5", raw control characters in strings, overlong UTF-8 and
 * surrogates), silently clamps integers beyond int64/uint64, and cuts
 * member names at "\u0000".  fb_json_parse closes those gaps: a UTF-8
 * check before json-c, and one linear scan of the text json-c accepted.
 */
#include "jsonutil.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "number.h"
#include "utf8.h"

#define FB_JSON_MAX_DEPTH 256

/* JSON whitespace (RFC 8259): space, tab, line feed, carriage return. */
static bool
IsJsonSpace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ASCII digit, independent of the locale. */
static bool
IsDigit(char c)
{
	return c >= '0' && c <= '9';
}

/* Add a MALFORMED_JSON problem for the body as a whole. */
static void
Malformed(FbProblems *problems, const char *what, size_t offset)
{
	fb_problem_add(problems, FB_ERR_MALFORMED_JSON, "", NULL,
				   "malformed json: %s (at byte %zu)", what, offset);
}

/*
 * Check one number token s[0..len) against the JSON grammar, and that an
 * integer fits what json-c represents exactly (int64, or uint64 when
 * positive).  offset is its position in the body, for the message.
 */
static bool
CheckNumberToken(const char *s, size_t len, size_t offset, FbProblems *problems)
{
	static const char neg_limit[] = "9223372036854775808";
	static const char pos_limit[] = "18446744073709551615";
	FbJsonNumber num;
	const char *limit;
	size_t		limit_len;

	if (!fb_json_number_scan(s, len, &num))
	{
		char		what[96];
		char		preview[64];

		fb_preview(s, len, preview, sizeof(preview));
		snprintf(what, sizeof(what), "invalid number %s", preview);
		Malformed(problems, what, offset);
		return false;
	}

	if (num.is_integer)
	{
		limit = num.negative ? neg_limit : pos_limit;
		limit_len = strlen(limit);
		if (num.int_digits > limit_len ||
			(num.int_digits == limit_len &&
			 memcmp(s + (num.negative ? 1 : 0), limit, limit_len) > 0))
		{
			/* the token is ASCII digits: show at most 40 of them */
			fb_problem_add(problems, FB_ERR_OUT_OF_RANGE, "",
						   "JSON integers must lie between -9223372036854775808 and 18446744073709551615; send larger numbers as strings.",
						   "json integer %.*s%s is out of range (at byte %zu)",
						   (int) (len > 40 ? 40 : len), s, len > 40 ? "..." : "",
						   offset);
			return false;
		}
	}
	return true;
}

/*
 * One pass over text that json-c accepted, rejecting what json-c's strict
 * mode lets through although it is not JSON (or not representable): see
 * the file header.  Member names containing \u0000 are rejected too, as
 * json-c cuts them at the NUL ("a\u0000b" would silently become "a").
 */
static bool
CheckJsonText(const char *s, size_t len, FbProblems *problems)
{
	size_t		i = 0;

	while (i < len)
	{
		char		c = s[i];

		if (c == '"')
		{
			size_t		start = i;
			bool		has_nul = false;
			size_t		j;

			i++;
			while (i < len && s[i] != '"')
			{
				if ((unsigned char) s[i] < 0x20)
				{
					Malformed(problems, "unescaped control character in a string", i);
					return false;
				}
				if (s[i] == '\\')
				{
					if (len - i >= 6 && s[i + 1] == 'u' && memcmp(s + i + 2, "0000", 4) == 0)
						has_nul = true;
					i += 2;
				}
				else
					i++;
			}
			i++;				/* the closing quote */
			if (has_nul)
			{
				for (j = i; j < len && IsJsonSpace(s[j]); j++)
					;
				if (j < len && s[j] == ':')
				{
					fb_problem_add(problems, FB_ERR_INVALID, "",
								   "Member names cannot contain NUL characters.",
								   "json member name contains \\u0000 (at byte %zu)",
								   start);
					return false;
				}
			}
		}
		else if (c == '\'')
		{
			Malformed(problems, "single-quoted string", i);
			return false;
		}
		else if (c == 'N' || c == 'I' || (c == '-' && i + 1 < len && s[i + 1] == 'I'))
		{
			Malformed(problems, "NaN and Infinity are not json numbers", i);
			return false;
		}
		else if (c == '-' || IsDigit(c))
		{
			size_t		start = i;

			while (i < len && (IsDigit(s[i]) || s[i] == '-' || s[i] == '+' ||
							   s[i] == '.' || s[i] == 'e' || s[i] == 'E'))
				i++;
			if (!CheckNumberToken(s + start, i - start, start, problems))
				return false;
		}
		else
			i++;
	}
	return true;
}

/*
 * Parse a request body: strict JSON (RFC 8259), valid UTF-8, at most 256
 * levels deep, nothing but whitespace after the value.  On success *root
 * is the tree (NULL for a JSON null), which the caller releases; on
 * failure one problem at "" is added.
 */
bool
fb_json_parse(const char *body, size_t len, struct json_object **root,
			  FbProblems *problems)
{
	struct json_tokener *tok;
	struct json_object *tree;
	enum json_tokener_error err;
	size_t		end;
	size_t		i;

	*root = NULL;
	if (len > (size_t) INT_MAX - 1)
	{
		fb_problem_add(problems, FB_ERR_TOO_LARGE, "", NULL,
					   "json body is larger than %d bytes", INT_MAX - 1);
		return false;
	}
	if (body == NULL)
		body = "";

	/*
	 * json-c's own UTF-8 check (JSON_TOKENER_VALIDATE_UTF8) lets overlong
	 * forms, surrogates and code points above U+10FFFF through.
	 */
	if (!fb_utf8_valid(body, len))
	{
		fb_problem_add(problems, FB_ERR_MALFORMED_JSON, "", NULL,
					   "malformed json: the body is not valid UTF-8");
		return false;
	}

	tok = json_tokener_new_ex(FB_JSON_MAX_DEPTH);
	if (tok == NULL)
		abort();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	tree = json_tokener_parse_ex(tok, body, (int) len);
	err = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (err == json_tokener_continue)
	{
		/*
		 * The input ended inside a value, or right after a bare number that
		 * only a terminator can end: give json-c the terminating NUL.
		 */
		tree = json_tokener_parse_ex(tok, "", 1);
		err = json_tokener_get_error(tok);
		end = len;
	}
	json_tokener_free(tok);

	if (err == json_tokener_error_depth)
	{
		fb_problem_add(problems, FB_ERR_INVALID, "",
					   "Flatten the document to at most 256 levels of objects and arrays.",
					   "json nested deeper than %d levels", FB_JSON_MAX_DEPTH);
		json_object_put(tree);
		return false;
	}
	if (err != json_tokener_success)
	{
		Malformed(problems, json_tokener_error_desc(err), end);
		json_object_put(tree);
		return false;
	}

	/* json-c stops at a NUL byte: whatever follows must be whitespace too. */
	for (i = end; i < len; i++)
	{
		if (!IsJsonSpace(body[i]))
		{
			Malformed(problems, json_tokener_error_desc(json_tokener_error_parse_unexpected), i);
			json_object_put(tree);
			return false;
		}
	}

	if (!CheckJsonText(body, end, problems))
	{
		json_object_put(tree);
		return false;
	}
	*root = tree;
	return true;
}
/* Parse a body that must be a JSON object; see jsonutil.h. */
bool
fb_json_parse_object(const char *body, size_t len, struct json_object **root,
					 FbProblems *problems, const char *what, const char *hint)
{
	if (!fb_json_parse(body, len, root, problems))
		return false;
	if (!json_object_is_type(*root, json_type_object))
	{
		fb_problem_add(problems, FB_ERR_INVALID, "", hint,
					   "%s body must be a json object, not %s",
					   what, fb_json_kind_phrase(*root));
		return false;
	}
	return true;
}

/* A short phrase naming a JSON value's type, for messages ("an array"). */
const char *
fb_json_kind_phrase(struct json_object *v)
{
	switch (json_object_get_type(v))
	{
		case json_type_null:
			return "null";
		case json_type_boolean:
			return "a boolean";
		case json_type_double:
			return "a number with a fraction or exponent";
		case json_type_int:
			return "an integer";
		case json_type_string:
			return "a string";
		case json_type_object:
			return "an object";
		case json_type_array:
			return "an array";
	}
	return "an unknown value";
}

/* Report an unknown member at prefix + its name; see jsonutil.h. */
void
fb_json_unknown_member(FbProblems *problems, const char *prefix,
					   const char *key, const char *hint)
{
	char		path[FB_PATH_SIZE];
	char		preview[64];
	size_t		plen = strlen(prefix);
	size_t		klen = strlen(key);

	fb_preview(key, klen, preview, sizeof(preview));
	if (plen > FB_PATH_SIZE - 1)
		plen = FB_PATH_SIZE - 1;
	memcpy(path, prefix, plen);
	klen = fb_utf8_clip(key, klen, FB_PATH_SIZE - 1 - plen);
	memcpy(path + plen, key, klen);
	path[plen + klen] = '\0';
	fb_problem_add(problems, FB_ERR_INVALID, path, hint,
				   "unknown member %s", preview);
}
