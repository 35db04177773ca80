/*
 * utf8.c - UTF-8 helpers (pure C)
 *
 * Validation follows RFC 3629 / Unicode table 3-7 exactly: no overlong
 * forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no
 * truncated sequences.
 */
#include "utf8.h"

#include <stdint.h>

/*
 * Length of the well-formed sequence starting at s[0] (at most avail bytes
 * available), or 0 when the bytes there are not a well-formed sequence.
 */
static size_t
utf8_seq_len(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80;
	unsigned char hi = 0xBF;
	size_t		n;
	size_t		i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
	{
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;			/* no overlongs */
		else if (c == 0xED)
			hi = 0x9F;			/* no surrogates */
	}
	else if (c >= 0xF0 && c <= 0xF4)
	{
		n = 4;
		if (c == 0xF0)
			lo = 0x90;			/* no overlongs */
		else if (c == 0xF4)
			hi = 0x8F;			/* nothing above U+10FFFF */
	}
	else
		return 0;				/* 0x80..0xC1 and 0xF5..0xFF never start one */

	if (avail < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return n;
}

/* True when s[0..len) is well-formed UTF-8. */
bool
fb_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		i = 0;

	while (i < len)
	{
		size_t		n;

		if (p[i] < 0x80)
		{
			i++;
			continue;
		}
		n = utf8_seq_len(p + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

/* Number of code points in well-formed UTF-8: the bytes that are not continuations. */
size_t
fb_utf8_length(const char *s, size_t len)
{
	size_t		count = 0;
	size_t		i;

	for (i = 0; i < len; i++)
		if (((unsigned char) s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

/*
 * Largest n <= max such that s[0..n) does not end inside a UTF-8 sequence:
 * when the last lead byte before the cut announces a sequence longer than
 * what is left before the cut, the cut moves back to that lead byte.  This
 * also drops a sequence that s itself leaves incomplete (max >= len), such
 * as the tail of a string that vsnprintf cut.  Bytes that cannot start a
 * sequence (stray continuations, 0xF8..0xFF) are left alone.
 */
size_t
fb_utf8_clip(const char *s, size_t len, size_t max)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		n = max < len ? max : len;
	size_t		back;

	for (back = 1; back <= 3 && back <= n; back++)
	{
		unsigned char c = p[n - back];
		size_t		seqlen;

		if ((c & 0xC0) == 0x80)
			continue;			/* a continuation byte: keep looking */
		if (c >= 0xF8)
			seqlen = 1;			/* never a lead byte */
		else if (c >= 0xF0)
			seqlen = 4;
		else if (c >= 0xE0)
			seqlen = 3;
		else if (c >= 0xC0)
			seqlen = 2;
		else
			seqlen = 1;
		return seqlen > back ? n - back : n;
	}
	return n;
}
