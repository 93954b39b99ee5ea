/* The command table (cli/): one row per command, found by its words; usage and --help made from the row; an
   option's value is never taken for an argument. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* The groups as cli.c lists them: every command of kumo is checked here, including those added later. */
static const cli_command *const *GROUPS;
static size_t NGROUPS;

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
    ck_assert_str_eq(line, "kumo export form 申請番号|承認番号 -o FILE.xlsx");
    /* an optional argument in brackets */
    static const cli_command opt = {"x", NULL, NULL, "A [B]", NULL, "s", false};
    cli_usage_line(&opt, true, line, sizeof line);
    ck_assert_str_eq(line, "kumo x A [B]");
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

/* A ctx for argv as cli_run would make it: the row found, the words counted. */
static cli_ctx ctx_for(int argc, char **argv)
{
    cli_ctx c = {.argc = argc, .argv = argv};
    c.cmd = cli_find(c.argc, c.argv, &c.words);
    return c;
}

START_TEST(option_values_are_not_arguments)
{
    char *argv[] = {"review", "--date", "2026-11-20", "--status", "継続", "AP-R7-0001", "--answers-file", "a.csv"};
    cli_ctx c = ctx_for(8, argv);
    ck_assert_int_eq(cli_parse(&c), -1);
    ck_assert_str_eq(cli_arg(&c, 0), "AP-R7-0001");
    ck_assert_ptr_null(cli_arg(&c, 1));
    ck_assert_str_eq(cli_opt(&c, "--status"), "継続");
    ck_assert_str_eq(cli_opt_or(&c, "--users", "-"), "-");

    /* a flag takes no value: the next word is an argument */
    char *argv2[] = {"import", "register", "--dry-run", "台帳.csv", "--encoding=cp932"};
    cli_ctx d = ctx_for(5, argv2);
    ck_assert_int_eq(cli_parse(&d), -1);
    ck_assert_str_eq(cli_arg(&d, 0), "台帳.csv");
    ck_assert(cli_flag(&d, "--dry-run"));
    ck_assert_str_eq(cli_opt(&d, "--encoding"), "cp932");

    /* after --, a word beginning with - is an argument */
    char *argv3[] = {"show", "--", "-R8-0001"};
    cli_ctx e = ctx_for(3, argv3);
    ck_assert_int_eq(cli_parse(&e), -1);
    ck_assert_str_eq(cli_arg(&e, 0), "-R8-0001");
}
END_TEST

/* The conventions of the command line (issue 11): what a command's row does not list is refused with exit 2. */
START_TEST(what_the_row_does_not_list_is_refused)
{
    char *unknown[] = {"export", "register", "-o", "f.xlsx", "--bogus"};
    cli_ctx c = ctx_for(5, unknown);
    ck_assert_int_eq(cli_parse(&c), CLI_USAGE);

    /* --encoding only with --csv */
    char *enc[] = {"export", "register", "--encoding", "cp932", "-o", "f.xlsx"};
    c = ctx_for(6, enc);
    ck_assert_int_eq(cli_parse(&c), CLI_USAGE);
    char *enc_csv[] = {"export", "register", "--csv", "--encoding", "cp932", "-o", "f.csv"};
    c = ctx_for(7, enc_csv);
    ck_assert_int_eq(cli_parse(&c), -1);

    /* a required option missing, a value missing, a value given to a flag, an option given twice */
    char *no_out[] = {"export", "applications"};
    c = ctx_for(2, no_out);
    ck_assert_int_eq(cli_parse(&c), CLI_USAGE);
    char *no_value[] = {"export", "applications", "-o"};
    c = ctx_for(3, no_value);
    ck_assert_int_eq(cli_parse(&c), CLI_USAGE);
    char *flag_value[] = {"export", "register", "--all=yes", "-o", "f.xlsx"};
    c = ctx_for(5, flag_value);
    ck_assert_int_eq(cli_parse(&c), CLI_USAGE);
    char *twice[] = {"export", "applications", "-o", "a.xlsx", "--output", "b.xlsx"};
    c = ctx_for(6, twice);
    ck_assert_int_eq(cli_parse(&c), CLI_USAGE);

    /* too few and too many arguments */
    char *few[] = {"manager", "AP-R7-0001"};
    c = ctx_for(2, few);
    ck_assert_int_eq(cli_parse(&c), CLI_USAGE);
    char *many[] = {"show", "R8-0001", "R8-0002"};
    c = ctx_for(3, many);
    ck_assert_int_eq(cli_parse(&c), CLI_USAGE);

    /* kumo's own options among a command's: --db, -q (and the alias of -o) */
    char *global[] = {"export", "applications", "--output=a.xlsx", "-q", "--db", "x.db"};
    c = ctx_for(6, global);
    ck_assert_int_eq(cli_parse(&c), -1);
    ck_assert(c.quiet);
    ck_assert_str_eq(c.db_path, "x.db");
    ck_assert_str_eq(cli_opt(&c, "-o"), "a.xlsx");
    char *version[] = {"show", "R8-0001", "--version"};
    c = ctx_for(3, version);
    ck_assert_int_eq(cli_parse(&c), CLI_USAGE);
}
END_TEST

START_TEST(kumo_options_before_the_command)
{
    char def[256];
    cli_ctx c;
    char *db_no_value[] = {"kumo", "--db"};
    ck_assert_int_eq(cli_start(&c, 2, db_no_value, def, sizeof def), CLI_USAGE);
    char *x[] = {"kumo", "-x", "due"};
    ck_assert_int_eq(cli_start(&c, 3, x, def, sizeof def), CLI_USAGE);
    char *ok[] = {"kumo", "-q", "--db=k.db", "due", "--within", "7"};
    ck_assert_int_eq(cli_start(&c, 6, ok, def, sizeof def), -1);
    ck_assert(c.quiet);
    ck_assert_str_eq(c.db_path, "k.db");
    ck_assert_int_eq(c.argc, 3);
    ck_assert_str_eq(c.argv[0], "due");
}
END_TEST

/* Reads a generator's output into a string (caller frees). */
static char *generated(void (*gen)(FILE *))
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    gen(f);
    fclose(f);
    return buf;
}

static void man_all(FILE *f) { cli_help_man(f, NULL); }

/* s as roff writes it: '-' as \- (the man page's text). */
static const char *roff(const char *s, char *out, size_t n)
{
    size_t len = 0;
    for (; *s && len + 3 < n; s++) {
        if (*s == '-') out[len++] = '\\';
        out[len++] = *s;
    }
    out[len] = 0;
    return out;
}

/* The README's and the man page's command lists come from the table: every command and every option is in them. */
START_TEST(docs_list_every_command_and_option)
{
    char *md = generated(cli_help_markdown), *man = generated(man_all), *help = generated(cli_usage);
    char line[1024];
    for (size_t g = 0; g < NGROUPS; g++)
        for (const cli_command *c = GROUPS[g]; c->name; c++) {
            cli_usage_line(c, false, line, sizeof line);
            ck_assert_msg(strstr(md, line), "README lacks %s", line);
            ck_assert_msg(strstr(help, line), "--help lacks %s", line);
            char r[1024], bold[1100];
            ck_assert_msg(strstr(man, roff(c->summary, r, sizeof r)), "man page lacks %s", c->summary);
            for (const cli_option *o = c->opts; o && o->name; o++) {
                snprintf(bold, sizeof bold, "\\fB%s\\fR", roff(o->name, r, sizeof r));
                ck_assert_msg(strstr(man, bold), "man page lacks %s of kumo %s", o->name, c->name);
                ck_assert_msg(strstr(man, roff(o->help, r, sizeof r)), "man page lacks the help of %s", o->name);
            }
        }
    for (const cli_exit_doc *e = CLI_EXIT_CODES; e->text; e++) {
        ck_assert(strstr(md, e->text));
        char r[1024];
        ck_assert(strstr(man, roff(e->text, r, sizeof r)));
        ck_assert(strstr(help, e->text));
    }
    ck_assert(strstr(man, ".SH \"EXIT STATUS\""));
    free(md);
    free(man);
    free(help);
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
    tcase_add_test(tc, what_the_row_does_not_list_is_refused);
    tcase_add_test(tc, kumo_options_before_the_command);
    tcase_add_test(tc, docs_list_every_command_and_option);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    GROUPS = cli_groups(&NGROUPS);
    setlocale(LC_CTYPE, "C.UTF-8");
    SRunner *sr = srunner_create(cli_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
