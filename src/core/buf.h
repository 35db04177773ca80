/*
 * buf.h - a growable byte buffer in malloc memory (pure C, no PostgreSQL)
 *
 * The core writes canonical JSON text into an FbBuf.  Allocation failure
 * aborts the process: the core has no other way to report it, and under
 * PostgreSQL malloc failure is already a fatal condition for a backend.
 * fb_xmalloc and fb_copy_text allocate the same way for the rest of the core.
 */
#ifndef FEEDBACK_BUF_H
#define FEEDBACK_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct FbBuf
{
	char	   *data;			/* always NUL-terminated when non-NULL */
	size_t		len;
	size_t		cap;
} FbBuf;

void		fb_buf_init(FbBuf *buf);
void		fb_buf_reset(FbBuf *buf);	/* len = 0, memory kept */
void		fb_buf_free(FbBuf *buf);
void		fb_buf_append(FbBuf *buf, const char *data, size_t len);
void		fb_buf_append_str(FbBuf *buf, const char *s);
void		fb_buf_append_char(FbBuf *buf, char c);
void		fb_buf_appendf(FbBuf *buf, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));
/* Append s (len bytes of UTF-8) as a quoted, escaped JSON string. */
void		fb_buf_append_json_string(FbBuf *buf, const char *s, size_t len);

/* malloc that aborts on failure (never NULL, also for size 0). */
void	   *fb_xmalloc(size_t size);

/* A malloc'd, NUL-terminated copy of s[0..len) (fb_xmalloc memory). */
char	   *fb_copy_text(const char *s, size_t len);

#endif
