/* kumo: クラウドサービス利用申請・許可の管理. With a command it runs the command line (cli/), without one the terminal
   UI (ui/): two front ends beside each other over the same domain (app/). */
#include <limits.h>

#include "app/locale.h"
#include "app/privilege.h"
#include "cli/cli.h"
#include "ui/ui.h"

int main(int argc, char **argv)
{
    priv_init();           /* first: whether kumo runs setgid (app/privilege.h) */
    kumo_locale_setup();   /* a UTF-8 LC_CTYPE even under LANG=C; LC_NUMERIC stays "C" */
    char defpath[PATH_MAX];
    cli_ctx c;
    int rc = cli_start(&c, argc, argv, defpath, sizeof defpath);
    if (rc >= 0) return rc;
    return c.argc > 0 ? cli_run(&c) : ui_run(c.db_path);
}
