/* libFuzzer harness: the import of a register CSV (app/exchange/register_import.c) — encoding detection (BOM, UTF-8,
   CP932 through iconv), libcsv parsing line by line, the header matched to the register's columns, every row checked
   and compared with what is registered — as a dry run on a small database made once per process. Whatever the file:
   no crash, no leak, no undefined behaviour, and a dry run writes nothing. `make fuzz` runs it with clang;
   `make test` replays its corpus (tests/fuzz/corpus/csv_import) through the same function. */
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "app/app.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kumo *k;
static int fd = -1;
static char path[64];
static char dir[] = "/tmp/kumo-fuzz-XXXXXX";

/* The database and its folder go when the process ends. */
static void teardown(void)
{
    kumo_close(&k);
    char p[128];
    const char *names[] = {"kumo.db", "kumo.db-wal", "kumo.db-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

/* A database with the 部局 and the manager the seed files name, the システム管理者 logged in. */
static void setup(void)
{
    char db[128];
    if (!mkdtemp(dir)) abort();
    atexit(teardown);
    snprintf(db, sizeof db, "%s/kumo.db", dir);
    setenv("KUMO_TODAY", "2026-11-23", 1);
    /* whoever runs the fuzzer is the システム管理者, as after their own kumo init */
    struct passwd *pw = getpwuid(getuid());
    if (!pw || kumo_init(db, "ファズ市", pw->pw_name, "ファズ 太郎") != KS_OK) abort();
    if (kumo_open(db, DB_OPEN_EXISTING, &k) != KS_OK || kumo_login(k, NULL) != KS_OK) abort();
    const char *depts[] = {"総務部", "企画部", "健康福祉部"};
    for (size_t i = 0; i < 3; i++)
        if (admin_add_dept(k, depts[i]) != KS_OK) abort();
    if (admin_add_user(k, "suzuki", "鈴木 花子", ROLE_STAFF, "総務部", "総務課") != KS_OK) abort();
    /* the file is handed over through a memory file: no disk churn per input */
    fd = memfd_create("kumo-fuzz.csv", 0);
    if (fd < 0) abort();
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024) return 0;
    if (!k) setup();
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size) abort();
    import_opts o = {.dry_run = true};
    import_report r;
    (void)import_register_csv(k, path, &o, &r);
    if (r.written) abort();
    import_report_clear(&r);
    return 0;
}
