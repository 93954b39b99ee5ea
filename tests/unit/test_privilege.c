/* Unit tests for app/privilege.c: a run that holds a group it was not started with (setgid) gives it up around a
   user's file, for good when asked, and never lends it to a child (issue 8). As root the privileged state is made
   for real (the effective group set to another than the real one before priv_init); elsewhere those tests only
   check the unprivileged behaviour. check forks each test, so what one test does to its ids stays in it. */
#include "app/privilege.h"

#include <check.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/session.h"

#define OTHER_GID 65534   /* nogroup: stands for the kumo group */

/* As root: real group 0, effective (and saved) group OTHER_GID — what a setgid binary starts with. */
static bool become_privileged(void)
{
    if (geteuid() != 0) return false;
    ck_assert_int_eq(setgroups(0, NULL), 0);
    ck_assert_int_eq(setresgid(0, OTHER_GID, OTHER_GID), 0);
    priv_init();
    return true;
}

START_TEST(unprivileged_run_changes_nothing)
{
    priv_init();   /* real = effective group under the test runner */
    ck_assert(!priv_active());
    ck_assert(!priv_started());
    gid_t g = getegid();
    ck_assert(priv_user_begin());
    ck_assert_int_eq(getegid(), g);
    priv_user_end();
    ck_assert_int_eq(getegid(), g);
}
END_TEST

START_TEST(user_group_around_a_users_file_nests)
{
    if (!become_privileged()) return;
    ck_assert(priv_active());
    ck_assert(priv_user_begin());
    ck_assert_int_eq(getegid(), 0);
    ck_assert(!priv_active());
    ck_assert(priv_user_begin());   /* nested: still the user's */
    priv_user_end();
    ck_assert_int_eq(getegid(), 0);
    priv_user_end();
    ck_assert_int_eq(getegid(), OTHER_GID);   /* the saved group comes back for the database */
    ck_assert(priv_active());
}
END_TEST

START_TEST(drop_is_for_good)
{
    if (!become_privileged()) return;
    priv_drop();
    gid_t r, e, s;
    ck_assert_int_eq(getresgid(&r, &e, &s), 0);
    ck_assert_int_eq(r, 0);
    ck_assert_int_eq(e, 0);
    ck_assert_int_eq(s, 0);   /* no saved group left to come back to */
    ck_assert(!priv_active());
    ck_assert(priv_started());   /* the environment stays unread */
}
END_TEST

/* A privileged run asked for another database gives the group up before anything is opened. */
START_TEST(db_elsewhere_drops_the_group)
{
    if (!become_privileged()) return;
    char buf[4096];
    ck_assert_str_eq(kumo_resolve_db_path(NULL, buf, sizeof buf), kumo_system_db_path());
    ck_assert(priv_active());
    ck_assert_str_eq(kumo_resolve_db_path(kumo_system_db_path(), buf, sizeof buf), kumo_system_db_path());
    ck_assert(priv_active());
    ck_assert_str_eq(kumo_resolve_db_path("/tmp/elsewhere.db", buf, sizeof buf), "/tmp/elsewhere.db");
    ck_assert(!priv_active());
    ck_assert_int_eq(getegid(), 0);
}
END_TEST

START_TEST(environment_db_elsewhere_drops_the_group)
{
    if (!become_privileged()) return;
    setenv("KUMO_DB", "/tmp/mine.db", 1);
    char buf[4096];
    ck_assert_str_eq(kumo_default_db_path(buf, sizeof buf), "/tmp/mine.db");
    ck_assert(!priv_active());
}
END_TEST

/* The child gets the user's group, the pipe as its input and none of kumo's other descriptors. */
START_TEST(child_runs_without_the_group)
{
    bool priv = become_privileged();
    char out[] = "/tmp/kumo-priv-XXXXXX";
    int ofd = mkstemp(out);
    ck_assert_int_ge(ofd, 0);
    int keep = open("/dev/null", O_RDONLY);   /* a descriptor without close-on-exec: the child must not get it */
    ck_assert_int_ge(keep, 3);
    char fdpath[64];
    snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", keep);
    char script[512];
    snprintf(script, sizeof script, "id -g; read line; echo \"$line\"; [ -e %s ] && echo leaked || echo closed",
             fdpath);
    char *argv[] = {"/bin/sh", "-c", script, NULL};
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    dup2(ofd, STDOUT_FILENO);
    FILE *to = NULL;
    pid_t pid = -1;
    kstatus s = priv_spawn("/bin/sh", argv, &to, &pid);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    ck_assert_int_eq(s, KS_OK);
    fputs("送った行\n", to);
    fclose(to);
    ck_assert_int_eq(priv_wait(pid), 0);
    if (priv) ck_assert_int_eq(getegid(), OTHER_GID);   /* kumo itself keeps its group */
    FILE *fp = fdopen(ofd, "r");
    rewind(fp);
    char line[3][128] = {{0}};
    for (int i = 0; i < 3; i++) ck_assert_ptr_nonnull(fgets(line[i], sizeof line[i], fp));
    fclose(fp);
    unlink(out);
    char want[32];
    snprintf(want, sizeof want, "%d\n", (int)getgid());
    ck_assert_str_eq(line[0], want);
    ck_assert_str_eq(line[1], "送った行\n");
    ck_assert_str_eq(line[2], "closed\n");
    close(keep);
}
END_TEST

START_TEST(child_that_cannot_run_is_said)
{
    char *argv[] = {"nothing", NULL};
    FILE *to = NULL;
    pid_t pid = -1;
    ck_assert_int_eq(priv_spawn("/nonexistent/sendmail", argv, &to, &pid), KS_OK);
    fclose(to);
    ck_assert_int_eq(priv_wait(pid), -1);
}
END_TEST

static Suite *privilege_suite(void)
{
    Suite *s = suite_create("privilege");
    TCase *tc = tcase_create("privilege");
    tcase_add_test(tc, unprivileged_run_changes_nothing);
    tcase_add_test(tc, user_group_around_a_users_file_nests);
    tcase_add_test(tc, drop_is_for_good);
    tcase_add_test(tc, db_elsewhere_drops_the_group);
    tcase_add_test(tc, environment_db_elsewhere_drops_the_group);
    tcase_add_test(tc, child_runs_without_the_group);
    tcase_add_test(tc, child_that_cannot_run_is_said);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (geteuid() != 0) fprintf(stderr, "test_privilege: not root: the privileged cases only check what they can\n");
    SRunner *sr = srunner_create(privilege_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
