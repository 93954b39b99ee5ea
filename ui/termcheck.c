#include "ui/termcheck.h"

#include <curses.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <term.h>
#include <unistd.h>

#include "forms/text.h"

const char *ui_terminal_problem(char *buf, size_t n)
{
    buf[0] = 0;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        snprintf(buf, n, "kumo: 端末画面は端末から開いてください（標準入出力が端末ではありません）。"
                         "スクリプトや cron からはコマンドを使います（kumo --help）");
        return buf;
    }
    /* getenv, not secure_getenv: ncurses reads TERM itself in a setgid run too (only TERMINFO and TERMCAP are
       ignored there), so this only says in advance what it would find; the name is shown sanitised */
    const char *term = getenv("TERM");
    char *shown = text_sanitize(term ? term : "");
    int err = 0;
    if (!term || !*term) {
        snprintf(buf, n, "kumo: 端末の種類（環境変数 TERM）が設定されていないため、画面を表示できません。"
                         "TERM=xterm-256color などを設定してから開いてください（コマンドは kumo --help）");
    } else if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
        snprintf(buf, n, "kumo: 端末の種類 TERM=%s が分かりません（この機械の terminfo にありません）。"
                         "TERM=xterm-256color などを指定するか、ncurses-term パッケージを入れてください",
                 shown ? shown : "");
    } else {
        /* a terminal without cursor addressing (dumb, a printing terminal) cannot show a screen */
        const char *cup = tigetstr("cup");
        bool ok = cup && cup != (char *)-1;
        del_curterm(cur_term);
        if (!ok)
            snprintf(buf, n, "kumo: この端末（TERM=%s）はカーソルを動かせないため、画面を表示できません。"
                             "xterm-256color などの端末で開くか、コマンドを使ってください（kumo --help）",
                     shown ? shown : "");
    }
    free(shown);
    return *buf ? buf : NULL;
}
