/*
 * test_iso8601.c - unit tests of date and datetime parsing and formatting
 * (src/core/iso8601.c)
 *
 * Besides single cases, two exhaustive checks: every day from 0001-01-01
 * to 9999-12-31 against an independent day counter, and format/parse
 * round trips across the whole supported range.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "iso8601.h"

#define US INT64_C(1000000)
#define DAY_US (INT64_C(86400) * US)

/* Parse s as a datetime; fails the test unless it gives expected. */
static void
dt_ok(int line, const char *s, int64_t expected)
{
	int64_t		us = INT64_C(0x5555);

	if (!fb_parse_datetime(s, strlen(s), &us))
		fail_msg("line %d: \"%s\" rejected", line, s);
	if (us != expected)
		fail_msg("line %d: \"%s\": expected %lld, got %lld",
				 line, s, (long long) expected, (long long) us);
}

/* Parse s as a datetime; fails the test if it is accepted or touches *out. */
static void
dt_bad(int line, const char *s)
{
	int64_t		us = INT64_C(0x5555);

	if (fb_parse_datetime(s, strlen(s), &us))
		fail_msg("line %d: \"%s\" accepted as %lld", line, s, (long long) us);
	if (us != INT64_C(0x5555))
		fail_msg("line %d: \"%s\": output written on failure", line, s);
}

/* Convert epoch text; fails the test unless it gives expected. */
static void
ep_ok(int line, const char *s, int64_t expected)
{
	int64_t		us = INT64_C(0x5555);

	if (!fb_epoch_text_to_us(s, strlen(s), &us))
		fail_msg("line %d: \"%s\" rejected", line, s);
	if (us != expected)
		fail_msg("line %d: \"%s\": expected %lld, got %lld",
				 line, s, (long long) expected, (long long) us);
}

/* Convert epoch text; fails the test if it is accepted. */
static void
ep_bad(int line, const char *s)
{
	int64_t		us = INT64_C(0x5555);

	if (fb_epoch_text_to_us(s, strlen(s), &us))
		fail_msg("line %d: \"%s\" accepted as %lld", line, s, (long long) us);
	if (us != INT64_C(0x5555))
		fail_msg("line %d: \"%s\": output written on failure", line, s);
}

#define DT_OK(s, us) dt_ok(__LINE__, s, us)
#define DT_BAD(s) dt_bad(__LINE__, s)
#define EP_OK(s, us) ep_ok(__LINE__, s, us)
#define EP_BAD(s) ep_bad(__LINE__, s)

/* The range constants in the header are what they claim. */
static void
test_range_constants(void **state)
{
	int64_t		us;

	(void) state;
	assert_true(fb_parse_date("0001-01-01", 10, &us));
	assert_int_equal(us, FB_MIN_EPOCH_US);
	assert_true(fb_parse_datetime("9999-12-31T23:59:59.999999Z", 27, &us));
	assert_int_equal(us, FB_MAX_EPOCH_US);
}

/* Strict YYYY-MM-DD: real days, leap years, years 0001-9999. */
static void
test_parse_date(void **state)
{
	static const char *const bad[] = {
		"2023-02-29", "1900-02-29", "2100-02-29", "2025-02-30", "2025-04-31",
		"2025-06-31", "2025-09-31", "2025-11-31", "2025-01-32", "2025-13-01",
		"2025-00-01", "2025-01-00", "0000-01-01", "2025-1-01", "2025-01-1",
		"20250101", "2025/01/01", "2025-01-01T", "2025-01-01Z", " 2025-01-01",
		"2025-01-01 ", "", "abcd-ef-gh", "-001-01-01", "+025-01-01", "2025-01-0a",
		"2025--1-01", "1e03-01-01"
	};
	int64_t		us;
	size_t		i;

	(void) state;
	assert_true(fb_parse_date("1970-01-01", 10, &us));
	assert_int_equal(us, 0);
	assert_true(fb_parse_date("1969-12-31", 10, &us));
	assert_int_equal(us, -DAY_US);
	assert_true(fb_parse_date("2000-03-01", 10, &us));
	assert_int_equal(us, INT64_C(951868800) * US);
	assert_true(fb_parse_date("2024-02-29", 10, &us));
	assert_int_equal(us, INT64_C(1709164800) * US);
	assert_true(fb_parse_date("2000-02-29", 10, &us));
	assert_int_equal(us, INT64_C(951782400) * US);
	assert_true(fb_parse_date("1600-02-29", 10, &us));
	assert_true(fb_parse_date("0004-02-29", 10, &us));
	assert_true(fb_parse_date("9999-12-31", 10, &us));
	assert_int_equal(us, INT64_C(253402214400) * US);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		us = 77;
		if (fb_parse_date(bad[i], strlen(bad[i]), &us))
			fail_msg("date \"%s\" accepted", bad[i]);
		assert_int_equal(us, 77);
	}
	/* len decides, not the NUL terminator */
	assert_true(fb_parse_date("2025-01-15T10:00:00Z", 10, &us));
	assert_false(fb_parse_date("2025-01-15", 9, &us));
	assert_false(fb_parse_date("2025-01-15\0", 11, &us));
}

/*
 * Every day of the supported range, checked against a plain day counter
 * with its own leap-year rule: parse gives consecutive days, format gives
 * the same text back.
 */
static void
test_every_day(void **state)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			y;
	int			m;
	int			d;
	int64_t		expected = FB_MIN_EPOCH_US;
	long		ndays = 0;

	(void) state;
	for (y = 1; y <= 9999; y++)
	{
		bool		leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

		for (m = 1; m <= 12; m++)
		{
			int			last = mdays[m - 1] + (m == 2 && leap);

			for (d = 1; d <= last + 1; d++)
			{
				char		text[40];
				char		back[FB_DATE_BUFSIZE];
				char		dt[FB_DATETIME_BUFSIZE];
				int64_t		us;

				snprintf(text, sizeof(text), "%04d-%02d-%02d", y, m, d);
				if (d > last)
				{
					/* the day after the month's last does not exist */
					if (fb_parse_date(text, 10, &us))
						fail_msg("%s accepted", text);
					continue;
				}
				if (!fb_parse_date(text, 10, &us) || us != expected)
					fail_msg("%s: expected %lld", text, (long long) expected);
				fb_format_date(us + DAY_US - 1, back);
				if (strcmp(back, text) != 0)
					fail_msg("format_date(%s 23:59:59.999999) = %s", text, back);
				fb_format_datetime(us, dt);
				if (strncmp(dt, text, 10) != 0 || strcmp(dt + 10, "T00:00:00Z") != 0)
					fail_msg("format_datetime(%s) = %s", text, dt);
				expected += DAY_US;
				ndays++;
			}
		}
	}
	assert_int_equal(ndays, 3652059);
	assert_int_equal(expected, FB_MAX_EPOCH_US + 1);
}

/* The datetime grammar: separators, optional parts, offsets. */
static void
test_parse_datetime_forms(void **state)
{
	const int64_t base = INT64_C(1736937912) * US;	/* 2025-01-15T10:45:12Z */
	const int64_t day = INT64_C(1736899200) * US;	/* 2025-01-15T00:00:00Z */

	(void) state;
	DT_OK("2025-01-15T10:45:12Z", base);
	DT_OK("2025-01-15t10:45:12z", base);
	DT_OK("2025-01-15 10:45:12Z", base);
	DT_OK("2025-01-15T10:45:12", base);
	DT_OK("2025-01-15", day);
	DT_OK("2025-01-15T10:45", base - 12 * US);
	DT_OK("2025-01-15T10:45Z", base - 12 * US);
	DT_OK("2025-01-15T10:45+01:00", base - 12 * US - 3600 * US);
	/* offsets: local time minus offset is UTC */
	DT_OK("2025-01-15T16:15:12+05:30", base);
	DT_OK("2025-01-15T16:15:12+0530", base);
	DT_OK("2025-01-15T15:45:12+05", base);
	DT_OK("2025-01-15T02:45:12-0800", base);
	DT_OK("2025-01-15T02:45:12-08:00", base);
	DT_OK("2025-01-15T02:45:12-08", base);
	DT_OK("2025-01-15T10:45:12+00:00", base);
	DT_OK("2025-01-15T10:45:12-00:00", base);
	DT_OK("2025-01-15T10:45:12+0000", base);
	DT_OK("2025-01-15T10:45:12+00", base);
	DT_OK("2025-01-15T10:45:12+23:59", base - (23 * 60 + 59) * 60 * US);
	DT_OK("2025-01-15T10:45:12-23:59", base + (23 * 60 + 59) * 60 * US);
	/* an offset crossing midnight and a year */
	DT_OK("2025-01-01T01:00:00+02:00", INT64_C(1735686000) * US);

	DT_BAD("2025-01-15T");
	DT_BAD("2025-01-15T10");
	DT_BAD("2025-01-15T10:");
	DT_BAD("2025-01-15T10:4");
	DT_BAD("2025-01-15T1:45");
	DT_BAD("2025-01-15T10:45:");
	DT_BAD("2025-01-15T10:45:1");
	DT_BAD("2025-01-15T10:45:12.");
	DT_BAD("2025-01-15T10:45:12.Z");
	DT_BAD("2025-01-15T10:45.5");
	DT_BAD("2025-01-15T10:45:12,5");
	DT_BAD("2025-01-15T10:45:12+");
	DT_BAD("2025-01-15T10:45:12+5");
	DT_BAD("2025-01-15T10:45:12+05:");
	DT_BAD("2025-01-15T10:45:12+05:3");
	DT_BAD("2025-01-15T10:45:12+053");
	DT_BAD("2025-01-15T10:45:12+05300");
	DT_BAD("2025-01-15T10:45:12+05:30:00");
	DT_BAD("2025-01-15T10:45:12+24:00");
	DT_BAD("2025-01-15T10:45:12+05:60");
	DT_BAD("2025-01-15T10:45:12Z+01:00");
	DT_BAD("2025-01-15T10:45:12ZZ");
	DT_BAD("2025-01-15T10:45:12Z ");
	DT_BAD("2025-01-15T10:45:12 Z");
	DT_BAD("2025-01-15T10:45:12 +01:00");
	DT_BAD(" 2025-01-15T10:45:12Z");
	DT_BAD("2025-01-15  10:45:12Z");
	DT_BAD("2025-01-15_10:45:12Z");
	DT_BAD("2025-01-15TT10:45:12Z");
	DT_BAD("2025-01-15T10:45:12EST");
	DT_BAD("2025-01-15T10:45:12UTC");
	DT_BAD("20250115T104512Z");
	DT_BAD("2025-01-15T104512Z");
	DT_BAD("2025-01-15T10-45-12Z");
	DT_BAD("2025-01-15T+1:45:12Z");
	DT_BAD("2025-01-15T10:45:-1Z");
	DT_BAD("2025-01-15T10:45:12.-5Z");
	DT_BAD("2025-02-30T10:45:12Z");
	DT_BAD("2023-02-29");
	DT_BAD("");
	DT_BAD("T10:45:12Z");
	DT_BAD("10:45:12");
	DT_BAD("now");
	{
		int64_t		us;

		/* len decides: a NUL inside or trailing bytes are not ignored */
		assert_false(fb_parse_datetime("2025-01-15T10:45:12Z\0", 21, &us));
		assert_false(fb_parse_datetime("2025-01-15\0T10:45:12Z", 21, &us));
		assert_true(fb_parse_datetime("2025-01-15T10:45:12Zjunk", 20, &us));
		assert_int_equal(us, base);
	}
}

/* Field ranges, leap seconds, end of day, and fraction rounding. */
static void
test_parse_datetime_fields(void **state)
{
	const int64_t base = INT64_C(1736937912) * US;	/* 2025-01-15T10:45:12Z */
	const int64_t next_day = INT64_C(1736985600) * US;	/* 2025-01-16T00:00:00Z */

	(void) state;
	DT_OK("2025-01-15T00:00:00Z", next_day - DAY_US);
	DT_OK("2025-01-15T23:59:59Z", next_day - US);
	DT_BAD("2025-01-15T25:00:00Z");
	DT_BAD("2025-01-15T10:60:00Z");
	DT_BAD("2025-01-15T10:99:00Z");
	DT_BAD("2025-01-15T10:45:61Z");
	DT_BAD("2025-01-15T10:45:99Z");
	/* 60 seconds: a leap second, rolls over to the next minute */
	DT_OK("2025-01-15T10:45:60Z", base + 48 * US);
	DT_OK("2016-12-31T23:59:60Z", INT64_C(1483228800) * US);
	DT_OK("2016-12-31T23:59:60.5Z", INT64_C(1483228800) * US + 500000);
	/* 24:00:00 is the end of the day */
	DT_OK("2025-01-15T24:00:00Z", next_day);
	DT_OK("2025-01-15T24:00Z", next_day);
	DT_OK("2025-01-15T24:00:00.000Z", next_day);
	DT_OK("2025-01-15T24:00:00+01:00", next_day - 3600 * US);
	DT_OK("2024-02-28T24:00:00Z", INT64_C(1709164800) * US);
	DT_OK("2024-12-31T24:00:00Z", INT64_C(1735689600) * US);
	DT_BAD("2025-01-15T24:00:01Z");
	DT_BAD("2025-01-15T24:01:00Z");
	DT_BAD("2025-01-15T24:00:00.000001Z");
	DT_BAD("2025-01-15T24:00:00.0000005Z");
	DT_BAD("2025-01-15T24:00:60Z");
	/* fractions, rounded half up to microseconds, with carry */
	DT_OK("2025-01-15T10:45:12.5Z", base + 500000);
	DT_OK("2025-01-15T10:45:12.0002Z", base + 200);
	DT_OK("2025-01-15T10:45:12.000001Z", base + 1);
	DT_OK("2025-01-15T10:45:12.0000005Z", base + 1);
	DT_OK("2025-01-15T10:45:12.0000004999999Z", base);
	DT_OK("2025-01-15T10:45:12.1234565Z", base + 123457);
	DT_OK("2025-01-15T10:45:12.1234564999Z", base + 123456);
	DT_OK("2025-01-15T10:45:12.000000000000000000000000000000Z", base);
	DT_OK("2025-01-15T10:45:12.9999995Z", base + US);
	DT_OK("2025-01-15T10:45:12.9999994Z", base + 999999);
	DT_OK("2025-01-15T23:59:59.9999995Z", next_day);
	DT_OK("2025-01-15T10:45:12.5+05:30", base - 330 * 60 * US + 500000);
}

/* The supported range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z. */
static void
test_parse_datetime_range(void **state)
{
	(void) state;
	DT_OK("0001-01-01T00:00:00Z", FB_MIN_EPOCH_US);
	DT_OK("0001-01-01", FB_MIN_EPOCH_US);
	DT_OK("0001-01-01T01:00:00+01:00", FB_MIN_EPOCH_US);
	DT_OK("0001-01-01T00:00:00-01:00", FB_MIN_EPOCH_US + 3600 * US);
	DT_OK("9999-12-31T23:59:59.999999Z", FB_MAX_EPOCH_US);
	DT_OK("9999-12-31T23:59:59.9999994Z", FB_MAX_EPOCH_US);
	DT_OK("9999-12-31T22:59:59.999999-01:00", FB_MAX_EPOCH_US);
	DT_OK("9999-12-31", FB_MAX_EPOCH_US + 1 - DAY_US);
	DT_BAD("0000-12-31");
	DT_BAD("0000-12-31T23:59:59Z");
	DT_BAD("0001-01-01T00:00:00+00:01");
	DT_BAD("0001-01-01T00:59:59.999999+01");
	DT_BAD("9999-12-31T23:59:59-01:00");
	DT_BAD("9999-12-31T23:59:59.9999995Z");
	DT_BAD("9999-12-31T24:00:00Z");
	DT_BAD("9999-12-31T23:59:60Z");
	DT_BAD("10000-01-01T00:00:00Z");
}

/* Epoch seconds as JSON number text, exact to the microsecond. */
static void
test_epoch_text(void **state)
{
	char		text[200];

	(void) state;
	EP_OK("0", 0);
	EP_OK("-0", 0);
	EP_OK("-0.0", 0);
	EP_OK("0e999999999999999", 0);
	EP_OK("0.000", 0);
	EP_OK("1", US);
	EP_OK("-1.5", -1500000);
	EP_OK("-1.5e3", INT64_C(-1500) * US);
	EP_OK("1736937912", INT64_C(1736937912) * US);
	EP_OK("1736937912.0002", INT64_C(1736937912000200));
	EP_OK("1.7369379120002E9", INT64_C(1736937912000200));
	EP_OK("1.7369379120002e+9", INT64_C(1736937912000200));
	EP_OK("17369379120002e-4", INT64_C(1736937912000200));
	EP_OK("000000000000000000000000001736937912", INT64_C(1736937912) * US);
	EP_OK("1736937912.000000000000000000000000000000000000000", INT64_C(1736937912) * US);
	/* rounding half away from zero */
	EP_OK("0.0000005", 1);
	EP_OK("-0.0000005", -1);
	EP_OK("0.00000049999999999", 0);
	EP_OK("-0.00000049999999999", 0);
	EP_OK("0.0000015", 2);
	EP_OK("0.0000025", 3);
	EP_OK("1e-7", 0);
	EP_OK("5e-7", 1);
	EP_OK("1e-400", 0);
	EP_OK("1.", US);
	/* range ends */
	EP_OK("-62135596800", FB_MIN_EPOCH_US);
	EP_OK("-62135596800.0000004", FB_MIN_EPOCH_US);
	EP_BAD("-62135596800.0000005");
	EP_BAD("-62135596800.000001");
	EP_BAD("-62135596801");
	EP_OK("253402300799.999999", FB_MAX_EPOCH_US);
	EP_OK("253402300799.9999994", FB_MAX_EPOCH_US);
	EP_BAD("253402300799.9999995");
	EP_BAD("253402300800");
	EP_BAD("1e20");
	EP_BAD("-1e20");
	EP_BAD("1e12");
	EP_BAD("1e400");
	EP_BAD("1e999999999999999999999");
	EP_BAD("18446744073709551615");
	EP_BAD("99999999999999999999999999999999999999999999999999");
	/* not numbers */
	EP_BAD("");
	EP_BAD("-");
	EP_BAD("+");
	EP_BAD(".");
	EP_BAD("e5");
	EP_BAD("1e");
	EP_BAD("1e+");
	EP_BAD("1.2.3");
	EP_BAD("1ee5");
	EP_BAD(" 1");
	EP_BAD("1 ");
	EP_BAD("0x10");
	EP_BAD("NaN");
	EP_BAD("Infinity");
	EP_BAD("-Infinity");
	EP_BAD("abc");
	EP_BAD("--1");
	{
		int64_t		us;

		assert_false(fb_epoch_text_to_us("1\0", 2, &us));
		assert_true(fb_epoch_text_to_us("12345", 2, &us));
		assert_int_equal(us, 12 * US);
	}
	/* a long fraction: only the seventh digit decides */
	snprintf(text, sizeof(text), "1.000000%0150d", 9);
	EP_OK(text, US);
	snprintf(text, sizeof(text), "1.0000005%0150d", 0);
	EP_OK(text, US + 1);
}

/* Format an instant and compare. */
static void
fmt_is(int line, int64_t us, const char *expected)
{
	char		out[FB_DATETIME_BUFSIZE];

	memset(out, 'x', sizeof(out));
	fb_format_datetime(us, out);
	if (strcmp(out, expected) != 0)
		fail_msg("line %d: format(%lld): expected %s, got %s",
				 line, (long long) us, expected, out);
}

/* "YYYY-MM-DDTHH:MM:SS[.ffffff]Z", fraction only when non-zero. */
static void
test_format(void **state)
{
	char		date[FB_DATE_BUFSIZE];

	(void) state;
	fmt_is(__LINE__, 0, "1970-01-01T00:00:00Z");
	fmt_is(__LINE__, 1, "1970-01-01T00:00:00.000001Z");
	fmt_is(__LINE__, -1, "1969-12-31T23:59:59.999999Z");
	fmt_is(__LINE__, -1500000, "1969-12-31T23:59:58.500000Z");
	fmt_is(__LINE__, INT64_C(1736937912000200), "2025-01-15T10:45:12.000200Z");
	fmt_is(__LINE__, INT64_C(1736937912) * US, "2025-01-15T10:45:12Z");
	fmt_is(__LINE__, INT64_C(951782400) * US, "2000-02-29T00:00:00Z");
	fmt_is(__LINE__, FB_MIN_EPOCH_US, "0001-01-01T00:00:00Z");
	fmt_is(__LINE__, FB_MAX_EPOCH_US, "9999-12-31T23:59:59.999999Z");
	/* out of range instants are clamped, never overflow the buffer */
	fmt_is(__LINE__, FB_MIN_EPOCH_US - 1, "0001-01-01T00:00:00Z");
	fmt_is(__LINE__, INT64_MIN, "0001-01-01T00:00:00Z");
	fmt_is(__LINE__, INT64_MAX, "9999-12-31T23:59:59.999999Z");

	fb_format_date(0, date);
	assert_string_equal(date, "1970-01-01");
	fb_format_date(-1, date);
	assert_string_equal(date, "1969-12-31");
	fb_format_date(FB_MAX_EPOCH_US, date);
	assert_string_equal(date, "9999-12-31");
	fb_format_date(FB_MIN_EPOCH_US, date);
	assert_string_equal(date, "0001-01-01");
	fb_format_date(INT64_C(1736937912000200), date);
	assert_string_equal(date, "2025-01-15");
}

/*
 * Round trips over the whole range: format an instant, parse it back
 * (also with an offset, and as epoch-second text), get the same instant.
 */
static void
test_round_trip(void **state)
{
	uint64_t	x = UINT64_C(88172645463325252);
	const uint64_t span = (uint64_t) (FB_MAX_EPOCH_US - FB_MIN_EPOCH_US) + 1;
	int			i;

	(void) state;
	for (i = 0; i < 200000; i++)
	{
		int64_t		us;
		int64_t		back;
		char		text[FB_DATETIME_BUFSIZE];
		char		shifted[64];
		char		epoch[64];
		int64_t		secs;
		int64_t		frac;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		us = FB_MIN_EPOCH_US + (int64_t) (x % span);
		if (i % 3 == 0)
			us -= us % US;		/* whole seconds too */
		fb_format_datetime(us, text);
		if (!fb_parse_datetime(text, strlen(text), &back) || back != us)
			fail_msg("%lld -> %s -> %lld", (long long) us, text, (long long) back);

		/* epoch seconds text, written with a fraction */
		secs = us / US;
		frac = us % US;
		if (frac < 0)
		{
			frac += US;
			secs--;
		}
		if (secs < 0 && frac != 0)
			snprintf(epoch, sizeof(epoch), "-%lld.%06lld",
					 (long long) (-secs - 1), (long long) (US - frac));
		else
			snprintf(epoch, sizeof(epoch), "%lld.%06lld",
					 (long long) secs, (long long) frac);
		if (!fb_epoch_text_to_us(epoch, strlen(epoch), &back) || back != us)
			fail_msg("epoch %s -> %lld, expected %lld", epoch, (long long) back,
					 (long long) us);

		/* the same instant written 02:00 ahead, where it stays in range */
		if (us <= FB_MAX_EPOCH_US - 2 * 3600 * US)
		{
			fb_format_datetime(us + 2 * 3600 * US, text);
			snprintf(shifted, sizeof(shifted), "%.*s+02:00",
					 (int) (strlen(text) - 1), text);
			if (!fb_parse_datetime(shifted, strlen(shifted), &back) || back != us)
				fail_msg("%s -> %lld, expected %lld", shifted, (long long) back,
						 (long long) us);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_range_constants),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_every_day),
		cmocka_unit_test(test_parse_datetime_forms),
		cmocka_unit_test(test_parse_datetime_fields),
		cmocka_unit_test(test_parse_datetime_range),
		cmocka_unit_test(test_epoch_text),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
