/*
 * problems.h - error kinds and the list of problems found in one request
 *
 * One table maps each kind of error to the SQLSTATE that SQL callers see
 * and the HTTP status that PostgREST callers see (DESIGN.md section 5).
 * The PostgreSQL glue and the HTTP error format both read this table.
 */
#ifndef FEEDBACK_PROBLEMS_H
#define FEEDBACK_PROBLEMS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum FbErrorKind
{
	FB_ERR_NONE = 0,
	FB_ERR_MALFORMED_JSON,		/* 22P02, 400 */
	FB_ERR_INVALID,				/* 22023, 400 */
	FB_ERR_MISSING,				/* 23502, 400 */
	FB_ERR_TOO_LARGE,			/* 22001, 400 */
	FB_ERR_OUT_OF_RANGE,		/* 22003, 400 */
	FB_ERR_BAD_DATETIME,		/* 22007, 400 */
	FB_ERR_NOT_FOUND,			/* P0002, 404 */
	FB_ERR_CONFLICT,			/* 23505, 409 */
	FB_ERR_UNAUTHENTICATED,		/* 28000, 401 */
	FB_ERR_RATE_LIMITED,		/* 53400, 429 */
	FB_ERR__COUNT
} FbErrorKind;

typedef struct FbErrorInfo
{
	FbErrorKind kind;
	const char *sqlstate;		/* five characters, e.g. "22023" */
	int			http_status;	/* e.g. 400 */
	const char *title;			/* short lower-case name, e.g. "invalid value" */
} FbErrorInfo;

/* The row of the error table for a kind (never NULL for a valid kind). */
const FbErrorInfo *fb_error_info(FbErrorKind kind);

#define FB_MAX_PROBLEMS 16
#define FB_PATH_SIZE 48
#define FB_MESSAGE_SIZE 240
#define FB_HINT_SIZE 160

/*
 * One problem: its kind, where it is in the body ("fields[2].value",
 * "external_id", "" for the body itself), a lower-case message that names
 * the field and what is wrong with the value, and an optional hint (a
 * sentence, e.g. the snake_case form of a bad field name).
 */
typedef struct FbProblem
{
	FbErrorKind kind;
	char		path[FB_PATH_SIZE];
	char		message[FB_MESSAGE_SIZE];
	char		hint[FB_HINT_SIZE];
} FbProblem;

/*
 * The problems of one request, in body order.  At most FB_MAX_PROBLEMS
 * are kept; count goes on counting the rest.
 */
typedef struct FbProblems
{
	int			count;			/* problems found (may exceed stored) */
	int			stored;			/* problems kept in items[] */
	FbProblem	items[FB_MAX_PROBLEMS];
} FbProblems;

void		fb_problems_init(FbProblems *problems);

/* Add a problem; hint may be NULL.  Message and hint are truncated to fit. */
void		fb_problem_add(FbProblems *problems, FbErrorKind kind,
						   const char *path, const char *hint,
						   const char *fmt,...)
			__attribute__((format(printf, 5, 6)));

/*
 * vsnprintf into out (outsz > 0 bytes), the cut moved back to a UTF-8
 * sequence boundary when the text does not fit; "" when formatting fails.
 * For messages of a fixed size (problems, coercion results).
 */
void		fb_vformat_clipped(char *out, size_t outsz, const char *fmt, va_list ap)
			__attribute__((format(printf, 3, 0)));

/* The kind that the request as a whole fails with: that of the first problem. */
FbErrorKind fb_problems_kind(const FbProblems *problems);

/*
 * Write into out a short, printable, quoted preview of a value for a
 * message: at most about 40 bytes of it, control characters escaped,
 * "..." when cut, never splitting a UTF-8 sequence.
 */
void		fb_preview(const char *s, size_t len, char *out, size_t outsz);

#endif
