/*
 * utf8.h - UTF-8 helpers (pure C)
 */
#ifndef FEEDBACK_UTF8_H
#define FEEDBACK_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool		fb_utf8_valid(const char *s, size_t len);

/* Number of code points in well-formed UTF-8 s[0..len). */
size_t		fb_utf8_length(const char *s, size_t len);

/* Largest n <= max such that s[0..n) does not end inside a UTF-8 sequence. */
size_t		fb_utf8_clip(const char *s, size_t len, size_t max);

#endif
