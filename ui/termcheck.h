/* Whether the terminal kumo runs in can show the screens (ui/termcheck.c): asked before curses starts, so that a
   terminal that cannot (TERM=dumb, an unknown or unset TERM, no terminal at all) gets a message, not a blank or
   garbled screen. Apart from ui.c because <term.h> defines macros (lines, columns …) the screens' code uses as names. */
#ifndef KUMO_UI_TERMCHECK_H
#define KUMO_UI_TERMCHECK_H
#include <stddef.h>

/* NULL when the screens can be shown; else the Japanese reason, written to buf. */
const char *ui_terminal_problem(char *buf, size_t n);
#endif
