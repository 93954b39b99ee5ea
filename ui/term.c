/* The terminal: bracketed paste (ncurses 6.4 has none built in), flow control, suspend, type-ahead. */
#include "ui/term.h"

#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "forms/text.h"
#include "ui/ui.h"

/* The paste markers as keys of their own, above every key ncurses knows. */
#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)

static const char PASTE_ON[] = "\033[?2004h";
static const char PASTE_OFF[] = "\033[?2004l";
static volatile sig_atomic_t paste_on;
static struct sigaction curses_tstp;

static void say(const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(STDOUT_FILENO, s, n);
        if (w <= 0) return;
        s += w;
        n -= (size_t)w;
    }
}

static void paste_mode(bool on)
{
    if (on) say(PASTE_ON, sizeof PASTE_ON - 1);
    else say(PASTE_OFF, sizeof PASTE_OFF - 1);
    paste_on = on;
}

/* The shell gets its terminal back without paste mode, however kumo ends (ncurses' SIGINT and SIGTERM handlers
   call exit, so this runs then too). */
static void at_exit(void)
{
    if (paste_on) paste_mode(false);
}

/* Ctrl-Z: paste mode off while the shell has the terminal, on again when kumo comes back. ncurses' own handler
   (leaving curses mode, stopping, restoring) runs in between. */
static void on_tstp(int sig)
{
    bool was = paste_on;
    if (was) say(PASTE_OFF, sizeof PASTE_OFF - 1);
    if (curses_tstp.sa_handler != SIG_DFL && curses_tstp.sa_handler != SIG_IGN) {
        curses_tstp.sa_handler(sig);
    } else {
        signal(SIGTSTP, SIG_DFL);
        raise(SIGTSTP);
        signal(SIGTSTP, on_tstp);
    }
    if (was) say(PASTE_ON, sizeof PASTE_ON - 1);
}

void term_start(void)
{
    define_key("\033[200~", KEY_PASTE_BEGIN);
    define_key("\033[201~", KEY_PASTE_END);
    /* Ctrl-S and Ctrl-Q are keys, not XOFF/XON: the multi-line editor saves with Ctrl-S. Kept as the program mode,
       so endwin gives the shell its own settings back. */
    struct termios t;
    if (tcgetattr(STDIN_FILENO, &t) == 0) {
        t.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
        tcsetattr(STDIN_FILENO, TCSANOW, &t);
        def_prog_mode();
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    if (sigaction(SIGTSTP, NULL, &curses_tstp) == 0 && curses_tstp.sa_handler != SIG_IGN) {
        sa.sa_handler = on_tstp;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        sigaction(SIGTSTP, &sa, NULL);
    }
    static bool registered;
    if (!registered) registered = atexit(at_exit) == 0;
    paste_mode(true);
}

void term_stop(void)
{
    if (paste_on) paste_mode(false);
}

/* Reads what follows a paste marker up to the closing one as text. A paste whose closing marker never comes (a
   broken terminal) ends when nothing arrives for two seconds; keys decoded inside it (an escape sequence that was
   pasted) are left out. */
static void read_paste(WINDOW *w)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    bool cut = false;
    wtimeout(w, 2000);
    for (;;) {
        wint_t ch;
        int r = wget_wch(w, &ch);
        if (r == ERR) break;
        uint32_t cp;
        if (r == KEY_CODE_YES) {
            if (ch == KEY_PASTE_END) break;
            if (ch != KEY_ENTER) continue;
            cp = '\n';
        } else {
            cp = (uint32_t)ch;
        }
        if (!buf || cut) continue;
        if (n + 4 > UI_PASTE_MAX) {
            cut = true;
            continue;
        }
        if (n + 4 > cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                cut = true;
                continue;
            }
            buf = nb;
            cap *= 2;
        }
        n += text_utf8_encode(cp, buf + n);
    }
    wtimeout(w, -1);
    ui_paste_set(buf ? buf : "", buf ? n : 0);
    free(buf);
}

int term_key(WINDOW *w)
{
    for (;;) {
        wint_t ch;
        int r = wget_wch(w, &ch);
        if (r == ERR) continue;
        if (r == KEY_CODE_YES && ch == KEY_PASTE_BEGIN) {
            read_paste(w);
            return UK_PASTE;
        }
        if (r == KEY_CODE_YES && ch == KEY_PASTE_END) continue;   /* a closing marker alone: nothing */
        int key = ui_key_code(r, ch);
        if (key == UK_RESIZE) getmaxyx(stdscr, UI.rows, UI.cols);
        return key;
    }
}

void term_flush_typeahead(void) { flushinp(); }
