/* The encodings of Japanese Excel's CSV files, and conversion between UTF-8 (what kumo keeps) and CP932 (what
   「CSV（コンマ区切り）」 is), with iconv from glibc. */
#ifndef KUMO_APP_EXCHANGE_CP932_H
#define KUMO_APP_EXCHANGE_CP932_H
#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum csv_encoding { CSV_ENC_AUTO, CSV_ENC_UTF8, CSV_ENC_CP932 } csv_encoding;

/* "auto", "utf-8" (or utf8), "cp932" (or sjis, shift_jis, windows-31j); false for anything else. */
bool csv_encoding_parse(const char *name, csv_encoding *out);

/* An open converter to CP932 for many values ((iconv_t)-1 when iconv cannot make one); iconv_close it. */
iconv_t cp932_encoder(void);
/* UTF-8 to CP932 with an encoder: 〜 U+301C and the other characters JIS and Microsoft map differently are mapped
   to Microsoft's first. NULL when a character has no CP932 form (*bad, if given, then points at it in s) or memory
   runs out (*bad untouched). Caller frees; *outlen (may be NULL) gets the length. */
char *cp932_encode(iconv_t cd, const char *s, size_t *outlen, const char **bad);
/* What CP932 writes for a character it cannot hold when the user asks for the file anyway: 〓 (U+3013 GETA MARK,
   0x81AC), the mark Japanese forms and typesetting use for a character that could not be set — unlike ？ it cannot
   be mistaken for text that was typed. */
#define CP932_REPLACEMENT "\u3013"
/* A character CP932 cannot hold: where it is in the string given, its bytes and its code point. */
typedef void (*cp932_bad_cb)(const char *at, size_t len, uint32_t cp, void *ctx);
/* cp932_encode that looks at the whole string: every character CP932 cannot hold is given to bad (may be NULL) in
   order; with replace each becomes 〓 and the converted string is returned, without it NULL is returned once every
   one was reported. NULL with nothing reported: out of memory. */
char *cp932_encode_all(iconv_t cd, const char *s, size_t *outlen, bool replace, cp932_bad_cb bad, void *ctx);
/* The same with an encoder of its own, for one value. */
char *cp932_from_utf8(const char *s, size_t *outlen, const char **bad);
/* CP932 bytes to UTF-8. NULL on failure: *bad_at is the offset of the first byte it could not read, or
   (size_t)-1 when memory ran out. Caller frees. */
char *cp932_to_utf8(const char *buf, size_t n, size_t *outlen, size_t *bad_at);
#endif
