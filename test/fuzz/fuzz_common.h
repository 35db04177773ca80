/*
 * fuzz_common.h - what every libFuzzer target of the core shares
 *
 * Each target feeds one entry point of src/core arbitrary bytes and checks,
 * beyond "no crash, no leak, no undefined behaviour" (the sanitizers), what
 * the entry point promises: problems well formed, canonical output strict
 * JSON, results in range, and re-parsing a result gives the same result.
 * A broken promise aborts with a message, which libFuzzer reports as a crash.
 */
#ifndef FEEDBACK_FUZZ_COMMON_H
#define FEEDBACK_FUZZ_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "iso8601.h"
#include "problems.h"
#include "record.h"
#include "utf8.h"

/* Abort with a message when cond is false: libFuzzer keeps the input. */
#define FZ_CHECK(cond, ...) \
	do { \
		if (!(cond)) \
			fz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)

static void fz_fail(const char *file, int line, const char *cond, const char *fmt,...)
			__attribute__((noreturn, format(printf, 4, 5)));

static void
fz_fail(const char *file, int line, const char *cond, const char *fmt,...)
{
	va_list		ap;

	fprintf(stderr, "\n==FUZZ CHECK FAILED== %s:%d: %s\n  ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

/* A NUL-terminated char array of size n holds valid UTF-8. */
static inline bool
fz_cstr_ok(const char *s, size_t n)
{
	const char *end = memchr(s, '\0', n);

	return end != NULL && fb_utf8_valid(s, (size_t) (end - s));
}

/*
 * The problems of a parse are well formed: ok exactly when there are none;
 * at most FB_MAX_PROBLEMS kept; each with a real kind and NUL-terminated,
 * valid UTF-8 path, message and hint (they go into ereport).
 */
static inline void
fz_check_problems(const FbProblems *p, bool ok)
{
	int			i;

	FZ_CHECK(ok == (p->count == 0), "ok=%d count=%d", ok, p->count);
	FZ_CHECK(p->count >= 0 && p->stored >= 0 && p->stored <= FB_MAX_PROBLEMS,
			 "count=%d stored=%d", p->count, p->stored);
	FZ_CHECK(p->stored == (p->count < FB_MAX_PROBLEMS ? p->count : FB_MAX_PROBLEMS),
			 "count=%d stored=%d", p->count, p->stored);
	for (i = 0; i < p->stored; i++)
	{
		const FbProblem *q = &p->items[i];

		FZ_CHECK(q->kind > FB_ERR_NONE && q->kind < FB_ERR__COUNT, "problem %d kind %d", i, (int) q->kind);
		FZ_CHECK(fb_error_info(q->kind) != NULL, "problem %d", i);
		FZ_CHECK(fz_cstr_ok(q->path, sizeof(q->path)), "problem %d path", i);
		FZ_CHECK(fz_cstr_ok(q->message, sizeof(q->message)), "problem %d message", i);
		FZ_CHECK(fz_cstr_ok(q->hint, sizeof(q->hint)), "problem %d hint", i);
		FZ_CHECK(q->message[0] != '\0', "problem %d has no message", i);
	}
	FZ_CHECK(fb_problems_kind(p) == (p->stored ? p->items[0].kind : FB_ERR_NONE), "kind");
}

/* s[0..len) is strict JSON by the core's own parser (what jsonb will read). */
static inline bool
fz_strict_json(const char *s, size_t len, json_type *type)
{
	FbProblems	problems;
	struct json_object *root = NULL;
	bool		ok;

	fb_problems_init(&problems);
	ok = fb_json_parse(s, len, &root, &problems);
	if (ok && type)
		*type = json_object_get_type(root);
	json_object_put(root);
	return ok;
}

/* A copy of a fuzz input as a NUL-terminated string (for json-c's lenient parser). */
static inline char *
fz_cstring(const uint8_t *data, size_t size)
{
	char	   *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
