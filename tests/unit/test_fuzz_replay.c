/* The fuzz corpora replayed in `make test` (gcc, no clang needed): every file under tests/fuzz/corpus/<harness>/ is
   given to the same LLVMFuzzerTestOneInput `make fuzz` runs under libFuzzer (here renamed fuzz_<harness> by the
   Makefile, so the three live in one program). A harness aborts when a promise breaks; check runs each harness in
   its own process, so a crash is a failed test naming the harness, and the file is printed before it is fed. */
#include <check.h>
#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int fuzz_csv_import(const uint8_t *data, size_t size);
int fuzz_date(const uint8_t *data, size_t size);
int fuzz_text_width(const uint8_t *data, size_t size);

/* Feeds every file of the harness's corpus to it; the number of files fed. */
static int replay(const char *name, int (*fn)(const uint8_t *, size_t))
{
    char dir[PATH_MAX];
    const char *tries[] = {".", "..", "../..", "../../.."};
    DIR *d = NULL;
    for (size_t i = 0; i < sizeof tries / sizeof tries[0] && !d; i++) {
        snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", tries[i], name);
        d = opendir(dir);
    }
    ck_assert_msg(d != NULL, "no corpus folder tests/fuzz/corpus/%s", name);
    int fed = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[PATH_MAX + 256];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *fp = fopen(path, "rb");
        ck_assert_msg(fp != NULL, "cannot read %s", path);
        uint8_t *buf = malloc(1 << 20);
        ck_assert_ptr_nonnull(buf);
        size_t n = fread(buf, 1, 1 << 20, fp);
        fclose(fp);
        fprintf(stderr, "%s\n", path);   /* the last one named before a crash is the one */
        fn(buf, n);
        free(buf);
        fed++;
    }
    closedir(d);
    return fed;
}

START_TEST(csv_import_corpus)
{
    ck_assert_int_ge(replay("csv_import", fuzz_csv_import), 10);
}
END_TEST

START_TEST(date_corpus)
{
    ck_assert_int_ge(replay("date", fuzz_date), 10);
}
END_TEST

START_TEST(text_width_corpus)
{
    ck_assert_int_ge(replay("text_width", fuzz_text_width), 10);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fuzz_replay");
    TCase *tc = tcase_create("corpus");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, csv_import_corpus);
    tcase_add_test(tc, date_corpus);
    tcase_add_test(tc, text_width_corpus);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
