/* Unit tests for app/exchange/pathname: the name of an export or an import as the user types it — a default in the
   current folder, Tab completion from the folder typed so far (Japanese names completed by whole characters), and
   the absolute path kumo names after writing. Run in a temporary folder of its own. */
#include "app/exchange/pathname.h"

#include <check.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[PATH_MAX];

static void touch(const char *name)
{
    int fd = open(name, O_CREAT | O_WRONLY, 0600);
    ck_assert_int_ge(fd, 0);
    close(fd);
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s/kumo-pathname-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(chdir(dir), 0);
    touch("台帳_20261123.xlsx");
    touch("台帳_20261124.csv");
    touch("申請一覧.xlsx");
    touch(".hidden.csv");
    ck_assert_int_eq(mkdir("sub", 0700), 0);
    ck_assert_int_eq(mkdir(".kumo-tmp-abc123", 0700), 0);
    touch("sub/取込.csv");
    ck_assert_int_eq(mkdir("home", 0700), 0);
    touch("home/register.csv");
}

static void teardown(void)
{
    if (chdir("/") != 0) return;
    char cmd[PATH_MAX + 32];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) { /* left for the temporary folder's sweep */ }
}

/* A name in the current folder becomes absolute; ./ is dropped; ~/ is the home folder. */
START_TEST(absolute_paths)
{
    char out[PATH_MAX], want[PATH_MAX + 64], cwd[PATH_MAX];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    ck_assert_int_eq(path_absolute("台帳.xlsx", out, sizeof out), KS_OK);
    snprintf(want, sizeof want, "%s/台帳.xlsx", cwd);
    ck_assert_str_eq(out, want);
    ck_assert_int_eq(path_absolute("./sub/a.csv", out, sizeof out), KS_OK);
    snprintf(want, sizeof want, "%s/sub/a.csv", cwd);
    ck_assert_str_eq(out, want);
    ck_assert_int_eq(path_absolute("/tmp/x.xlsx", out, sizeof out), KS_OK);
    ck_assert_str_eq(out, "/tmp/x.xlsx");
    setenv("HOME", "/home/tanaka", 1);
    ck_assert_int_eq(path_absolute("~/out.xlsx", out, sizeof out), KS_OK);
    ck_assert_str_eq(out, "/home/tanaka/out.xlsx");
    ck_assert_int_eq(path_absolute("", out, sizeof out), KS_INVALID);
    path_default("台帳_20261123.xlsx", out, sizeof out);
    snprintf(want, sizeof want, "%s/台帳_20261123.xlsx", cwd);
    ck_assert_str_eq(out, want);
    path_default("", out, sizeof out);
    snprintf(want, sizeof want, "%s/", cwd);
    ck_assert_str_eq(out, want);
}
END_TEST

/* Several names share a start: the text grows to what they share (by whole characters) and they are listed. */
START_TEST(ambiguous_lists_the_candidates)
{
    path_completion c;
    ck_assert_int_eq(path_complete("台", &c), KS_OK);
    ck_assert_str_eq(c.completed, "台帳_2026112");
    ck_assert_uint_eq(c.n, 2);
    ck_assert_uint_eq(c.total, 2);
    ck_assert_str_eq(c.names[0], "台帳_20261123.xlsx");
    ck_assert_str_eq(c.names[1], "台帳_20261124.csv");
    path_completion_clear(&c);
    ck_assert_ptr_null(c.completed);
    /* the same start in an absolute path keeps the folder as typed */
    char typed[PATH_MAX + 8];
    snprintf(typed, sizeof typed, "%s/申", dir);
    ck_assert_int_eq(path_complete(typed, &c), KS_OK);
    char want[PATH_MAX + 32];
    snprintf(want, sizeof want, "%s/申請一覧.xlsx", dir);
    ck_assert_str_eq(c.completed, want);
    ck_assert_uint_eq(c.n, 1);
    path_completion_clear(&c);
}
END_TEST

/* One folder matches: it is completed with its '/', and its own entries complete next. */
START_TEST(folders_end_in_a_slash)
{
    path_completion c;
    ck_assert_int_eq(path_complete("su", &c), KS_OK);
    ck_assert_str_eq(c.completed, "sub/");
    path_completion_clear(&c);
    ck_assert_int_eq(path_complete("sub/", &c), KS_OK);
    ck_assert_str_eq(c.completed, "sub/取込.csv");
    path_completion_clear(&c);
    setenv("HOME", dir, 1);
    ck_assert_int_eq(path_complete("~/home/r", &c), KS_OK);
    ck_assert_str_eq(c.completed, "~/home/register.csv");
    path_completion_clear(&c);
}
END_TEST

/* Hidden entries only when asked for; kumo's own temporary folders never; no match leaves the text; a folder that
   does not exist is said. */
START_TEST(hidden_none_and_missing)
{
    path_completion c;
    ck_assert_int_eq(path_complete("", &c), KS_OK);
    ck_assert_uint_eq(c.total, 5);   /* 台帳 ×2, 申請一覧, sub/, home/ */
    for (size_t i = 0; i < c.n; i++) ck_assert_msg(c.names[i][0] != '.', "%s listed", c.names[i]);
    path_completion_clear(&c);
    ck_assert_int_eq(path_complete(".", &c), KS_OK);
    ck_assert_str_eq(c.completed, ".hidden.csv");
    path_completion_clear(&c);
    ck_assert_int_eq(path_complete("zzz", &c), KS_OK);
    ck_assert_str_eq(c.completed, "zzz");
    ck_assert_uint_eq(c.total, 0);
    path_completion_clear(&c);
    ck_assert_int_eq(path_complete("nowhere/a", &c), KS_NOTFOUND);
    ck_assert_str_eq(c.completed, "nowhere/a");
    path_completion_clear(&c);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("pathname");
    TCase *tc = tcase_create("pathname");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, absolute_paths);
    tcase_add_test(tc, ambiguous_lists_the_candidates);
    tcase_add_test(tc, folders_end_in_a_slash);
    tcase_add_test(tc, hidden_none_and_missing);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
