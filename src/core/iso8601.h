/*
 * iso8601.h - dates and datetimes as ISO 8601 / RFC 3339 text (pure C)
 *
 * Instants are int64 microseconds since 1970-01-01T00:00:00Z ("epoch us").
 * The supported range is 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z.
 */
#ifndef FEEDBACK_ISO8601_H
#define FEEDBACK_ISO8601_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FB_USECS_PER_SEC INT64_C(1000000)
#define FB_MIN_EPOCH_US (INT64_C(-62135596800) * FB_USECS_PER_SEC)	/* 0001-01-01 */
#define FB_MAX_EPOCH_US (INT64_C(253402300800) * FB_USECS_PER_SEC - 1)	/* 9999-12-31T23:59:59.999999 */

/* "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" plus NUL: 28 bytes; "YYYY-MM-DD" plus NUL: 11 */
#define FB_DATETIME_BUFSIZE 32
#define FB_DATE_BUFSIZE 11

/*
 * Parse a strict calendar date "YYYY-MM-DD" (year 0001-9999, a real day).
 * On success stores midnight UTC of that day in *epoch_us.
 */
bool		fb_parse_date(const char *s, size_t len, int64_t *epoch_us);

/*
 * Parse an ISO 8601 / RFC 3339 datetime: "YYYY-MM-DD" alone (midnight UTC),
 * or date, 'T' (or 't' or one space), "HH:MM[:SS[.fraction]]", then an
 * optional offset "Z", "z", "+HH:MM", "+HHMM" or "+HH" (no offset = UTC).
 * Seconds may be 60 (a leap second, rolls over); 24:00:00 means the end of
 * the day.  The fraction is rounded to microseconds.  Fails on anything
 * else, and when the instant falls outside the supported range.
 */
bool		fb_parse_datetime(const char *s, size_t len, int64_t *epoch_us);

/*
 * Convert Unix epoch seconds, given as the text of a JSON number (e.g.
 * "1736937912.0002", "-1.5e3"), exactly to microseconds (rounded half away
 * from zero).  Fails on non-numbers and out-of-range instants.
 */
bool		fb_epoch_text_to_us(const char *s, size_t len, int64_t *epoch_us);

/* Format as "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" (fraction only when non-zero). */
void		fb_format_datetime(int64_t epoch_us, char out[FB_DATETIME_BUFSIZE]);

/* Format the UTC day of an instant as "YYYY-MM-DD". */
void		fb_format_date(int64_t epoch_us, char out[FB_DATE_BUFSIZE]);

#endif
