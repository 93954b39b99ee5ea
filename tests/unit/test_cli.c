/* The command table (cli/): one row per command, found by its words; usage and --help made from the row; an
   option's value is never taken for an argument. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_admin.h"
#include "cli/cmd_exchange.h"
#include "cli/cmd_lifecycle.h"
#include "cli/cmd_setup.h"
#include "cli/cmd_show.h"

static const cli_command *const GROUPS[] = {
    CLI_SETUP_COMMANDS, CLI_EXCHANGE_COMMANDS, CLI_LIFECYCLE_COMMANDS, CLI_SHOW_COMMANDS, CLI_ADMIN_COMMANDS,
};
#define NGROUPS (sizeof GROUPS / sizeof GROUPS[0])

static const cli_command *find(int argc, const char *const *words, int *used)
{
    return cli_find(argc, (char **)words, used);
}

START_TEST(each_command_has_one_row)
{
    /* `export register` once: the CSV form is the --csv option of the same row, not a second row */
    for (size_t g = 0; g < NGROUPS; g++)
        for (const cli_command *a = GROUPS[g]; a->name; a++) {
            ck_assert_msg(a->fn && a->summary && *a->summary, "%s %s", a->name, a->sub ? a->sub : "");
            for (size_t h = 0; h < NGROUPS; h++)
                for (const cli_command *b = GROUPS[h]; b->name; b++)
                    if (a != b)
                        ck_assert_msg(strcmp(a->name, b->name) || (a->sub && b->sub ? strcmp(a->sub, b->sub) : a->sub != b->sub),
                                      "two rows for kumo %s %s", a->name, a->sub ? a->sub : "");
        }
}
END_TEST

START_TEST(each_option_is_listed_once_with_help)
{
    for (size_t g = 0; g < NGROUPS; g++)
        for (const cli_command *c = GROUPS[g]; c->name; c++)
            for (const cli_option *o = c->opts; o && o->name; o++) {
                ck_assert_msg(o->name[0] == '-' && o->help && *o->help, "kumo %s: %s", c->name, o->name);
                for (const cli_option *p = o + 1; p->name; p++)
                    ck_assert_msg(strcmp(o->name, p->name), "kumo %s lists %s twice", c->name, o->name);
            }
}
END_TEST

START_TEST(words_find_the_row)
{
    int used;
    const char *reg[] = {"export", "register", "-o", "r.xlsx"};
    const cli_command *c = find(4, reg, &used);
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(c->sub, "register");
    ck_assert_int_eq(used, 2);

    /* a second word that is not a sub-command is the plain command's argument */
    const char *rev[] = {"review", "AP-R7-0001", "--date", "2026-11-20"};
    c = find(4, rev, &used);
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_null(c->sub);
    ck_assert_int_eq(used, 1);
    const char *list[] = {"review", "list", "AP-R7-0001"};
    c = find(3, list, &used);
    ck_assert_str_eq(c->sub, "list");

    /* the first word alone runs the default form (kumo user → user list), an option is not a second word */
    const char *user[] = {"user", "--db", "x.db"};
    c = find(1, user, &used);
    ck_assert_str_eq(c->sub, "list");
    c = find(3, user, &used);
    ck_assert_str_eq(c->sub, "list");

    const char *bad[] = {"export", "bogus"};
    ck_assert_ptr_null(find(2, bad, &used));
    const char *none[] = {"bogus"};
    ck_assert_ptr_null(find(1, none, &used));
}
END_TEST

START_TEST(usage_line_from_the_row)
{
    int used;
    char line[512];
    const char *form[] = {"export", "form"};
    cli_usage_line(find(2, form, &used), true, line, sizeof line);
    ck_assert_str_eq(line, "kumo export form 申請番号 -o FILE.xlsx");
    /* short: the required options, the others as [オプション] */
    const char *rev[] = {"review", "AP-R7-0001"};
    cli_usage_line(find(2, rev, &used), false, line, sizeof line);
    ck_assert_str_eq(line, "kumo review 承認番号 --date 確認日 --status 継続|変更あり|終了予定 [オプション]");
    cli_usage_line(find(2, rev, &used), true, line, sizeof line);
    ck_assert_ptr_nonnull(strstr(line, " [--incident-detail 内容]"));
    /* a small buffer is cut on a whole character, never inside one */
    char small[24];
    cli_usage_line(find(2, form, &used), true, small, sizeof small);
    ck_assert_str_eq(small, "kumo export form 申請");
}
END_TEST

START_TEST(option_values_are_not_arguments)
{
    char *argv[] = {"review", "--date", "2026-11-20", "--status", "継続", "AP-R7-0001", "--answers", "all-適合"};
    cli_ctx c = {.argc = 8, .argv = argv};
    c.cmd = cli_find(c.argc, c.argv, &c.words);
    ck_assert_str_eq(cli_arg(&c, 0), "AP-R7-0001");
    ck_assert_ptr_null(cli_arg(&c, 1));
    ck_assert_str_eq(cli_opt(&c, "--status"), "継続");
    ck_assert_str_eq(cli_opt_or(&c, "--users", "-"), "-");

    /* a flag takes no value: the next word is an argument */
    char *argv2[] = {"import", "register", "--dry-run", "台帳.csv", "--encoding=cp932"};
    cli_ctx d = {.argc = 5, .argv = argv2};
    d.cmd = cli_find(d.argc, d.argv, &d.words);
    ck_assert_str_eq(cli_arg(&d, 0), "台帳.csv");
    ck_assert(cli_flag(&d, "--dry-run"));
    ck_assert_str_eq(cli_opt(&d, "--encoding"), "cp932");
}
END_TEST

static Suite *cli_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, each_command_has_one_row);
    tcase_add_test(tc, each_option_is_listed_once_with_help);
    tcase_add_test(tc, words_find_the_row);
    tcase_add_test(tc, usage_line_from_the_row);
    tcase_add_test(tc, option_values_are_not_arguments);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    SRunner *sr = srunner_create(cli_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
