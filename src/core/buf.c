/*
 * buf.c - a growable byte buffer in malloc memory (pure C, no PostgreSQL)
 *
 * See buf.h.  Every append keeps the data NUL-terminated, so the buffer can
 * be handed to C string functions at any time.  Allocation failure aborts.
 */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Initialise an empty buffer; no memory is allocated until the first append. */
void
fb_buf_init(FbBuf *buf)
{
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
}

/* Empty the buffer but keep its memory for reuse. */
void
fb_buf_reset(FbBuf *buf)
{
	buf->len = 0;
	if (buf->data != NULL)
		buf->data[0] = '\0';
}

/* Release the buffer's memory and leave it empty (safe to call twice). */
void
fb_buf_free(FbBuf *buf)
{
	free(buf->data);
	fb_buf_init(buf);
}

/* Make room for extra more bytes plus the terminating NUL. */
static void
fb_buf_reserve(FbBuf *buf, size_t extra)
{
	size_t		need;
	size_t		newcap;
	char	   *p;

	if (extra > SIZE_MAX - buf->len - 1)
		abort();
	need = buf->len + extra + 1;
	if (need <= buf->cap)
		return;
	newcap = buf->cap < 64 ? 64 : buf->cap;
	while (newcap < need)
	{
		if (newcap > SIZE_MAX / 2)
		{
			newcap = need;
			break;
		}
		newcap *= 2;
	}
	p = realloc(buf->data, newcap);
	if (p == NULL)
		abort();
	buf->data = p;
	buf->cap = newcap;
}

/* Append len bytes of data (which may contain NULs). */
void
fb_buf_append(FbBuf *buf, const char *data, size_t len)
{
	fb_buf_reserve(buf, len);
	if (len > 0)
		memcpy(buf->data + buf->len, data, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
}

/* Append a NUL-terminated string. */
void
fb_buf_append_str(FbBuf *buf, const char *s)
{
	fb_buf_append(buf, s, strlen(s));
}

/* Append one byte. */
void
fb_buf_append_char(FbBuf *buf, char c)
{
	fb_buf_append(buf, &c, 1);
}

/* Append printf-formatted text. */
void
fb_buf_appendf(FbBuf *buf, const char *fmt,...)
{
	va_list		ap;
	int			n;

	fb_buf_reserve(buf, 32);
	for (;;)
	{
		size_t		avail = buf->cap - buf->len;

		va_start(ap, fmt);
		n = vsnprintf(buf->data + buf->len, avail, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if ((size_t) n < avail)
		{
			buf->len += (size_t) n;
			return;
		}
		fb_buf_reserve(buf, (size_t) n);
	}
}

/*
 * Append s[0..len) as a quoted JSON string: '"', '\' and control characters
 * are escaped ("\n" style where JSON has a short form, else "\u00XX");
 * '/' and non-ASCII bytes are copied as they are.
 */
void
fb_buf_append_json_string(FbBuf *buf, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t		i;
	size_t		start = 0;

	fb_buf_reserve(buf, len + 2);
	fb_buf_append_char(buf, '"');
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];
		char		esc[6];
		size_t		esclen = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		fb_buf_append(buf, s + start, i - start);
		start = i + 1;
		esc[0] = '\\';
		switch (c)
		{
			case '"':
				esc[1] = '"';
				break;
			case '\\':
				esc[1] = '\\';
				break;
			case '\b':
				esc[1] = 'b';
				break;
			case '\f':
				esc[1] = 'f';
				break;
			case '\n':
				esc[1] = 'n';
				break;
			case '\r':
				esc[1] = 'r';
				break;
			case '\t':
				esc[1] = 't';
				break;
			default:
				esc[1] = 'u';
				esc[2] = '0';
				esc[3] = '0';
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 0xf];
				esclen = 6;
				break;
		}
		fb_buf_append(buf, esc, esclen);
	}
	fb_buf_append(buf, s + start, len - start);
	fb_buf_append_char(buf, '"');
}

/* malloc that aborts on failure, as the buffer's own growth does. */
void *
fb_xmalloc(size_t size)
{
	void	   *p = malloc(size ? size : 1);

	if (p == NULL)
		abort();
	return p;
}

/* A malloc'd, NUL-terminated copy of s[0..len). */
char *
fb_copy_text(const char *s, size_t len)
{
	char	   *copy = fb_xmalloc(len + 1);

	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}
