/* Display width of UTF-8 text: the one place that measures, clips and sanitises strings for the screen. */
#ifndef KUMO_TEXT_H
#define KUMO_TEXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Widths come from utf8proc's Unicode tables and never from the locale (LC_CTYPE may be C): East Asian Wide and
 * Fullwidth = 2, ambiguous width (① ※ ○ ■) = 1, combining marks and variation selectors = 0. An invalid byte
 * stands for one U+FFFD (width 1); a control character (C0, DEL, C1) is shown as '?' (width 1). */

/* Strict UTF-8 check of n bytes: no overlongs, no surrogates, nothing above U+10FFFF. NUL bytes are valid. */
bool   text_valid_utf8(const char *s, size_t n);
/* True if s holds a C0 control (TAB, LF and CR included), DEL or a C1 control (U+0080–U+009F). */
bool   text_has_control(const char *s);
/* Number of code points; each invalid byte counts as one. NULL counts 0. */
size_t text_chars(const char *s);
/* Display columns of s as kumo draws it. NULL is 0 wide. */
int    text_width(const char *s);
/* A malloc'd copy that is safe to draw: invalid bytes → U+FFFD, controls → '?'. NULL gives "". NULL on OOM. */
char  *text_sanitize(const char *s);
/* Sanitises the text in buf (of n bytes) in place, as text_sanitize: invalid bytes → U+FFFD, controls → '?'; what
 * no longer fits is cut at a whole character. For messages that quote what a user typed or a file held. */
void   text_sanitize_into(char *buf, size_t n);
/* Writes the sanitised s clipped to at most cols columns. When s is wider, the last column becomes '~' and a
 * double-width character that would straddle the limit is dropped (with pad, a space takes its place). A
 * user-perceived character is kept or dropped whole (葛󠄀 never loses its selector). With pad, spaces fill the result
 * to exactly cols columns. Returns the columns written. out is always NUL-terminated (when outsz > 0); if outsz is
 * too small, out holds the longest whole-character prefix of the result that fits. */
int    text_fit(char *out, size_t outsz, const char *s, int cols, bool pad);

/* Drops an incomplete UTF-8 sequence at the end of s, as a copy cut at a byte limit leaves it (snprintf into a fixed
 * field), so that the text ends on a whole character. Anything else, an invalid byte included, is left alone. */
void   text_trim_partial(char *s);

/* Encodes cp as UTF-8 into out (no NUL); a surrogate or a value above U+10FFFF becomes U+FFFD. Returns 1–4. */
size_t text_utf8_encode(uint32_t cp, char out[4]);
/* Decodes one character from the n bytes at s into *cp and returns the bytes used (0 only when n == 0). An
 * invalid byte gives U+FFFD and uses 1 byte. */
size_t text_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* True for C0, DEL and C1 code points. */
bool   text_cp_is_control(uint32_t cp);
/* Columns one code point takes on screen under the rules above (0, 1 or 2). */
int    text_cp_width(uint32_t cp);
/* Whether a user-perceived character (grapheme cluster, UAX #29) ends between the code points prev and next.
 * *state is 0 at the start of a cluster and carries the rules over emoji sequences and flag pairs: a base with its
 * combining marks (か + ゛) or variation selector (葛󠄀 = U+845B U+E0100) is one character. */
bool   text_grapheme_break(uint32_t prev, uint32_t next, int32_t *state);
/* Bytes of the user-perceived character that starts at s (n bytes available); 0 only when n == 0. An invalid byte
 * is a character of its own. */
size_t text_grapheme_len(const char *s, size_t n);
/* Lines that s takes when a spreadsheet or a printout wraps it at `cols` display columns: each line break starts a
   line; a Latin word (a run of ASCII letters, digits and signs) moves to the next line whole when it fits there; a
   character that may not start a line (、。」） and small kana: 禁則) takes the one before it along. 1 for "" or
   NULL. Widths as text_width, except that ambiguous characters (① ※ ○ ■ Greek) count 2: a Japanese font draws them
   full width on paper. */
int text_wrap_lines(const char *s, int cols);
/* The one check of free text typed into a field: valid UTF-8, no control characters (a line break only when
   allow_newline), at most max_chars characters (0 = no limit). */
typedef enum text_problem { TEXT_OK, TEXT_BAD_UTF8, TEXT_CONTROL, TEXT_TOO_LONG } text_problem;
text_problem text_check(const char *s, size_t max_chars, bool allow_newline);
/* The Japanese message for a problem, naming the field: 「label」に制御文字は使えません … Returns buf. */
const char *text_problem_msg(text_problem p, const char *label, const char *s, size_t max_chars, char *buf, size_t n);

/* A number typed to find a record (申請番号, 承認番号) in the form they are stored in: full-width letters and digits
   made ASCII (NFKC), surrounding spaces removed, letters upper case (r8-0001 → R8-0001). false when it is not UTF-8
   or does not fit in n bytes. */
bool   text_fold_number(const char *in, char *out, size_t n);
/* The form a search compares (the searched text and what is typed, folded the same way): NFKC with case folding
   (Ｒ８－０００１ and r8-0001 both become r8-0001; ｶﾅ becomes カナ), spaces and controls dropped. Returns the bytes
   written to out (always NUL-terminated when n > 0; cut at a whole character). Invalid UTF-8 is copied as it is. */
size_t text_fold(const char *s, char *out, size_t n);

#endif
