/*
 * problems.c - the error table and the list of problems of one request
 *
 * See problems.h.  The table is the single source of SQLSTATEs and HTTP
 * statuses for the glue (DESIGN.md section 5).
 */
#include "problems.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

/* At most this many bytes of a value's (escaped) content go into a preview. */
#define FB_PREVIEW_CONTENT 40

static const FbErrorInfo fb_error_table[FB_ERR__COUNT] = {
	{FB_ERR_NONE, "00000", 200, "ok"},
	{FB_ERR_MALFORMED_JSON, "22P02", 400, "malformed json"},
	{FB_ERR_INVALID, "22023", 400, "invalid value"},
	{FB_ERR_MISSING, "23502", 400, "missing member"},
	{FB_ERR_TOO_LARGE, "22001", 400, "value too large"},
	{FB_ERR_OUT_OF_RANGE, "22003", 400, "number out of range"},
	{FB_ERR_BAD_DATETIME, "22007", 400, "bad date or datetime"},
	{FB_ERR_NOT_FOUND, "P0002", 404, "not found"},
	{FB_ERR_CONFLICT, "23505", 409, "conflict"},
	{FB_ERR_UNAUTHENTICATED, "28000", 401, "unauthenticated"},
	{FB_ERR_RATE_LIMITED, "53400", 429, "rate limited"},
};

/* The row of the error table for kind; NULL when kind is not a valid kind. */
const FbErrorInfo *
fb_error_info(FbErrorKind kind)
{
	if ((int) kind < 0 || kind >= FB_ERR__COUNT)
		return NULL;
	return &fb_error_table[kind];
}

/* Start an empty list of problems. */
void
fb_problems_init(FbProblems *problems)
{
	memset(problems, 0, sizeof(*problems));
}

/*
 * Copy src into dst (size dstsz), truncating at a UTF-8 sequence boundary
 * when it does not fit.
 */
static void
copy_clipped(char *dst, size_t dstsz, const char *src)
{
	size_t		len = strlen(src);
	size_t		n = fb_utf8_clip(src, len, dstsz - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Record a problem.  count always goes up; the problem is kept only while
 * there is room.  Message and hint are cut to fit their arrays without
 * splitting a UTF-8 sequence.
 */
void
fb_problem_add(FbProblems *problems, FbErrorKind kind,
			   const char *path, const char *hint,
			   const char *fmt,...)
{
	FbProblem  *p;
	va_list		ap;

	problems->count++;
	if (problems->stored >= FB_MAX_PROBLEMS)
		return;
	p = &problems->items[problems->stored++];
	p->kind = kind;
	copy_clipped(p->path, sizeof(p->path), path != NULL ? path : "");
	copy_clipped(p->hint, sizeof(p->hint), hint != NULL ? hint : "");

	va_start(ap, fmt);
	fb_vformat_clipped(p->message, sizeof(p->message), fmt, ap);
	va_end(ap);
}

/* Format a message into a fixed array, never splitting UTF-8; see problems.h. */
void
fb_vformat_clipped(char *out, size_t outsz, const char *fmt, va_list ap)
{
	int			n = vsnprintf(out, outsz, fmt, ap);

	if (n < 0)
		out[0] = '\0';
	else if ((size_t) n >= outsz)
	{
		/* vsnprintf cut it at a byte: move the cut to a sequence boundary */
		size_t		len = strlen(out);

		out[fb_utf8_clip(out, len, len)] = '\0';
	}
}

/* The error kind of the whole request: that of the first problem, or none. */
FbErrorKind
fb_problems_kind(const FbProblems *problems)
{
	if (problems->stored == 0)
		return FB_ERR_NONE;
	return problems->items[0].kind;
}

/*
 * Render the unit of s at *pos (one ASCII byte, one well-formed UTF-8
 * sequence, or one bad byte) into esc as it appears in a preview; returns
 * its length and advances *pos.  Bad bytes become U+FFFD so that messages
 * stay valid UTF-8.
 */
static size_t
preview_unit(const char *s, size_t len, size_t *pos, char esc[8])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char c = (unsigned char) s[*pos];
	size_t		n;

	if (c < 0x80)
	{
		(*pos)++;
		switch (c)
		{
			case '"':
				memcpy(esc, "\\\"", 2);
				return 2;
			case '\\':
				memcpy(esc, "\\\\", 2);
				return 2;
			case '\b':
				memcpy(esc, "\\b", 2);
				return 2;
			case '\f':
				memcpy(esc, "\\f", 2);
				return 2;
			case '\n':
				memcpy(esc, "\\n", 2);
				return 2;
			case '\r':
				memcpy(esc, "\\r", 2);
				return 2;
			case '\t':
				memcpy(esc, "\\t", 2);
				return 2;
			default:
				if (c < 0x20 || c == 0x7f)
				{
					memcpy(esc, "\\u00", 4);
					esc[4] = hex[c >> 4];
					esc[5] = hex[c & 0xf];
					return 6;
				}
				esc[0] = (char) c;
				return 1;
		}
	}
	/* the length the lead byte announces, then check the whole sequence */
	n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	if (n <= len - *pos && fb_utf8_valid(s + *pos, n))
	{
		memcpy(esc, s + *pos, n);
		*pos += n;
		return n;
	}
	(*pos)++;
	memcpy(esc, "\xEF\xBF\xBD", 3);
	return 3;
}

/*
 * A short, quoted, printable preview of s[0..len) for a message: control
 * characters, quotes and backslashes escaped as in JSON, at most about 40
 * bytes of content, "..." before the closing quote when cut.  Always
 * NUL-terminates out (when outsz > 0) and never splits a UTF-8 sequence.
 */
void
fb_preview(const char *s, size_t len, char *out, size_t outsz)
{
	size_t		cap;
	size_t		o = 0;
	size_t		pos = 0;
	bool		cut = false;

	if (outsz == 0)
		return;
	if (outsz < 6)
	{
		/* no room even for "..." in quotes: give nothing rather than garbage */
		out[0] = '\0';
		return;
	}
	cap = outsz - 6;			/* two quotes, "...", NUL */
	if (cap > FB_PREVIEW_CONTENT)
		cap = FB_PREVIEW_CONTENT;

	out[o++] = '"';
	while (pos < len)
	{
		char		esc[8];
		size_t		save = pos;
		size_t		n = preview_unit(s, len, &pos, esc);

		if (o - 1 + n > cap)
		{
			pos = save;
			cut = true;
			break;
		}
		memcpy(out + o, esc, n);
		o += n;
	}
	if (cut)
	{
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o++] = '"';
	out[o] = '\0';
}
