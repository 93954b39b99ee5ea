#include "db/dbfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "forms/clock.h"

static const char *const COMPANIONS[] = {"-wal", "-shm", "-journal"};
#define NCOMPANIONS (sizeof COMPANIONS / sizeof COMPANIONS[0])

/* The folder of path ("." when it has none) into dir. False when it does not fit. */
static bool folder_of(const char *path, char *dir, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return (size_t)snprintf(dir, n, ".") < n;
    size_t len = slash == path ? 1 : (size_t)(slash - path);
    if (len >= n) return false;
    memcpy(dir, path, len);
    dir[len] = 0;
    return true;
}

static void sync_folder(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static kstatus errno_status(int err)
{
    return err == EACCES || err == EPERM || err == EROFS ? KS_READONLY : KS_IO;
}

kstatus dbfile_begin(const char *final, unsigned mode, dbfile_new *n)
{
    memset(n, 0, sizeof *n);
    n->lock = -1;
    n->mode = mode;
    char dir[PATH_MAX];
    if ((size_t)snprintf(n->final, sizeof n->final, "%s", final) >= sizeof n->final || !folder_of(final, dir, sizeof dir) ||
        (size_t)snprintf(n->tmp, sizeof n->tmp, "%s/" DBFILE_TMP_PREFIX "XXXXXX", dir) >= sizeof n->tmp - 8)
        return KS_INVALID;
    /* O_EXCL underneath: a new file of mode 0600, never a name someone placed there */
    int fd = mkostemp(n->tmp, O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        n->tmp[0] = 0;
        return errno_status(err);
    }
    if (flock(fd, LOCK_EX) != 0) {
        int err = errno;
        close(fd);
        unlink(n->tmp);
        n->tmp[0] = 0;
        return errno_status(err);
    }
    n->lock = fd;
    return KS_OK;
}

static void remove_files(const char *tmp)
{
    char side[PATH_MAX + 16];
    for (size_t i = 0; i < NCOMPANIONS; i++) {
        snprintf(side, sizeof side, "%s%s", tmp, COMPANIONS[i]);
        unlink(side);
    }
    unlink(tmp);
}

void dbfile_discard(dbfile_new *n)
{
    if (*n->tmp) remove_files(n->tmp);
    n->tmp[0] = 0;
    if (n->lock >= 0) close(n->lock);   /* after the unlink: no sweep can take the name in between */
    n->lock = -1;
}

/* rename that never replaces: renameat2(RENAME_NOREPLACE), or link + unlink where the filesystem lacks it. */
static int rename_new(const char *from, const char *to)
{
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS) return -1;
    if (link(from, to) != 0) return -1;
    unlink(from);
    return 0;
}

kstatus dbfile_place(dbfile_new *n, bool replace)
{
    kstatus s = KS_OK;
    char side[PATH_MAX + 16];
    struct stat st;
    /* every connection closed cleanly: the write-ahead log was checkpointed into the file and removed */
    snprintf(side, sizeof side, "%s-wal", n->tmp);
    if (lstat(side, &st) == 0 && st.st_size > 0) s = KS_IO;
    if (!s && (fsync(n->lock) != 0 || fchmod(n->lock, (mode_t)n->mode) != 0)) s = errno_status(errno);
    if (!s) {
        for (size_t i = 0; i < NCOMPANIONS; i++) {
            snprintf(side, sizeof side, "%s%s", n->tmp, COMPANIONS[i]);
            unlink(side);
        }
        if ((replace ? rename(n->tmp, n->final) : rename_new(n->tmp, n->final)) != 0)
            s = errno == EEXIST ? KS_EXISTS : errno_status(errno);
    }
    if (s) {
        dbfile_discard(n);
        return s;
    }
    n->tmp[0] = 0;
    char dir[PATH_MAX];
    if (folder_of(n->final, dir, sizeof dir)) sync_folder(dir);
    close(n->lock);
    n->lock = -1;
    return KS_OK;
}

static bool older_than_run(const struct stat *st) { return clock_before_run(&st->st_mtim); }

/* The temporary database a name belongs to (its companions stripped) into base. */
static void base_name(const char *name, char *base, size_t n)
{
    snprintf(base, n, "%s", name);
    size_t len = strlen(base);
    for (size_t i = 0; i < NCOMPANIONS; i++) {
        size_t cl = strlen(COMPANIONS[i]);
        if (len > cl && !strcmp(base + len - cl, COMPANIONS[i])) {
            base[len - cl] = 0;
            return;
        }
    }
}

/* Whether a temporary database is a leftover: no live build holds its lock (a companion whose database is gone is
   one too). */
static bool abandoned(int dfd, const char *base)
{
    int fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return errno == ENOENT;
    struct stat st;
    bool free_ = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && older_than_run(&st) && flock(fd, LOCK_EX | LOCK_NB) == 0;
    close(fd);
    return free_;
}

void dbfile_sweep(const char *path)
{
    char dir[PATH_MAX];
    if (!folder_of(path, dir, sizeof dir)) return;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return;
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, DBFILE_TMP_PREFIX, strlen(DBFILE_TMP_PREFIX))) continue;
        struct stat st;
        if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) || !older_than_run(&st))
            continue;
        char base[NAME_MAX + 1];
        base_name(e->d_name, base, sizeof base);
        if (abandoned(dfd, base)) unlinkat(dfd, e->d_name, 0);
    }
    closedir(d);
}
