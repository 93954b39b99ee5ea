/* The character locale kumo runs in, chosen once at start-up for the UI and the command line alike (issue 11).
   Widths never come from the locale (forms/text.h); only ncursesw needs a UTF-8 LC_CTYPE to draw Japanese. */
#ifndef KUMO_LOCALE_H
#define KUMO_LOCALE_H
#include <stddef.h>

typedef enum kumo_locale_state {
    KUMO_LOCALE_UTF8,       /* the environment's own locale is UTF-8 */
    KUMO_LOCALE_FALLBACK,   /* it was not (LANG=C, unset, or a locale that is not generated): a UTF-8 one is used */
    KUMO_LOCALE_NONE        /* no UTF-8 locale at all: LC_CTYPE is "C", the screen cannot draw Japanese */
} kumo_locale_state;

/* Sets LC_CTYPE from the environment when that gives a UTF-8 codeset, else the first UTF-8 locale available
   (C.UTF-8, en_US.UTF-8, ja_JP.UTF-8, …); LC_NUMERIC stays "C" (libxlsxwriter prints numbers with %G).
   Call it once, first thing in main. */
kumo_locale_state kumo_locale_setup(void);
/* The same with the fallback names to try (NULL-terminated), for tests. */
kumo_locale_state kumo_locale_choose(const char *const *fallbacks);
/* What the last setup found. */
kumo_locale_state kumo_locale_state_now(void);
/* One Japanese sentence for the status line after a fallback (which locale was asked for, which one is used);
   "" when the environment's locale was used as it is. */
const char *kumo_locale_notice(void);
/* Why the UI cannot start when no UTF-8 locale exists: a Japanese line and an English one (for a terminal that
   cannot show Japanese), each ending in a newline. */
const char *kumo_locale_missing_message(void);
#endif
