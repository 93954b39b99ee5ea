/* The terminal under the screens: start and stop, the keys as kumo reads them, bracketed paste, type-ahead. The one
   place that speaks to the terminal device; dialogs and the loop read keys through term_key. */
#ifndef KUMO_UI_TERM_H
#define KUMO_UI_TERM_H
#include <curses.h>

/* After initscr and the modes: bracketed paste on (its markers defined as keys above KEY_MAX), XON/XOFF flow
   control off (Ctrl-S reaches the editor), paste mode turned off and on again around a suspend (Ctrl-Z) and off at
   exit whatever the way out. */
void term_start(void);
/* Before endwin: paste mode off. */
void term_stop(void);
/* Reads one key in window w as a ui/keys.h code. A bracketed paste arrives whole as UK_PASTE with its text in
   ui_paste_text(): nothing between the markers is ever a key. A resize updates UI.rows and UI.cols. */
int term_key(WINDOW *w);
/* Throws away every key typed (or pasted without brackets) before now: called once a confirmation is on screen,
   so that it answers only a key pressed after the question was shown. */
void term_flush_typeahead(void);
#endif
