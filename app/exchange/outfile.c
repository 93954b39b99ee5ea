#include "app/exchange/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/privilege.h"
#include "forms/clock.h"

/* Empties a private folder (only what is in it: names, never a path) and removes it from the destination's folder.
   Its descriptor is closed. */
static void remove_private(int dest_fd, int priv_fd, const char *name)
{
    int fd = dup(priv_fd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) unlinkat(priv_fd, e->d_name, 0);
        closedir(d);
    } else if (fd >= 0) {
        close(fd);
    }
    unlinkat(dest_fd, name, AT_REMOVEDIR);
    close(priv_fd);   /* after the removal: a sweep never sees it unlocked while it is still there */
}

/* Removes the private folders that exports killed before this run left in a folder: only names of kumo's own
   naming, only folders of this user, only older than this run, only when no live export holds their lock. */
static void sweep(int dest_fd)
{
    int fd = dup(dest_fd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0) close(fd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, OUTFILE_TMP_PREFIX, strlen(OUTFILE_TMP_PREFIX))) continue;
        struct stat st;
        if (fstatat(dest_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode) ||
            st.st_uid != geteuid() || !clock_before_run(&st.st_mtim))
            continue;
        int p = openat(dest_fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (p < 0) continue;
        if (flock(p, LOCK_EX | LOCK_NB) == 0) remove_private(dest_fd, p, e->d_name);
        else close(p);
    }
    closedir(d);
}

/* A new private folder in the destination's folder: made 0700 by this user under a random name, opened without
   following a link, and checked to be the empty folder just made before anything goes into it. */
static int make_private(outfile *o)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        static const char ALNUM[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        unsigned char r[8];
        if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) return -1;
        char suffix[9];
        for (size_t i = 0; i < 8; i++) suffix[i] = ALNUM[r[i] % (sizeof ALNUM - 1)];
        suffix[8] = 0;
        snprintf(o->priv_name, sizeof o->priv_name, OUTFILE_TMP_PREFIX "%s", suffix);
        if (mkdirat(o->dest_fd, o->priv_name, 0700) != 0) {
            if (errno == EEXIST) continue;
            return -1;
        }
        int fd = openat(o->dest_fd, o->priv_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
            (st.st_mode & 077) != 0 || st.st_nlink != 2 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
            /* someone replaced the name between mkdir and open: leave theirs alone */
            if (fd >= 0) close(fd);
            errno = EEXIST;
            return -1;
        }
        return fd;
    }
    errno = EEXIST;
    return -1;
}

/* Gives the paths a writer that works by name may use: through the open descriptor (/proc/self/fd/N), so that no
   rename of a folder on the way can redirect it; the folder's own path where /proc is missing. */
static void name_paths(outfile *o, const char *destdir)
{
    char via[64];
    snprintf(via, sizeof via, "/proc/self/fd/%d", o->priv_fd);
    struct stat a, b;
    if (stat(via, &a) == 0 && fstat(o->priv_fd, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
        snprintf(o->dir, sizeof o->dir, "%s", via);
    else
        snprintf(o->dir, sizeof o->dir, "%s/%s", destdir, o->priv_name);
    snprintf(o->tmp, sizeof o->tmp, "%s/%s", o->dir, o->leaf);
}

/* Undoes make_temp's steps so far. */
static void release(outfile *o)
{
    if (o->fp) fclose(o->fp);
    o->fp = NULL;
    if (o->priv_fd >= 0) {
        unlinkat(o->priv_fd, o->leaf, 0);
        remove_private(o->dest_fd, o->priv_fd, o->priv_name);
    }
    o->priv_fd = -1;
    if (o->dest_fd >= 0) close(o->dest_fd);
    o->dest_fd = -1;
    if (o->user) priv_user_end();
    o->user = false;
}

static kstatus open_failed(outfile *o, const char *dest, int err)
{
    release(o);
    kstatus s = err == EACCES || err == EROFS || err == EPERM ? KS_READONLY : KS_IO;
    return kumo_fail(o->k, s, "%s に書き込めません（%s）。既存のファイルは変更していません", dest, kumo_io_reason(err));
}

/* The private folder and, in it, the new empty file (left open in *fd). */
static kstatus make_temp(kumo *k, outfile *o, const char *dest, const char *kind, int *fd)
{
    memset(o, 0, sizeof *o);
    o->k = k;
    o->kind = kind;
    o->dest_fd = o->priv_fd = -1;
    *fd = -1;
    char stdout_path[PATH_MAX];
    if (!strcmp(dest, OUTFILE_STDOUT)) {
        /* standard output: the same private folder, under the temporary folder, then copied out */
        const char *tmp = secure_getenv("TMPDIR");
        if (!tmp || *tmp != '/' || strlen(tmp) > PATH_MAX - 32) tmp = "/tmp";
        snprintf(stdout_path, sizeof stdout_path, "%s/kumo-stdout", tmp);
        dest = stdout_path;
        o->to_stdout = true;
    }
    /* a cut path would be written under another name (and reported as written) */
    if (strlen(dest) >= sizeof o->dest) return kumo_fail(k, KS_INVALID, "出力先のパスが長すぎます");
    snprintf(o->dest, sizeof o->dest, "%s", dest);
    const char *slash = strrchr(dest, '/');
    const char *leaf = slash ? slash + 1 : dest;
    if (!*leaf || !strcmp(leaf, ".") || !strcmp(leaf, ".."))
        return kumo_fail(k, KS_INVALID, "%s はフォルダです。ファイル名まで指定してください", dest);
    size_t leaf_len = strlen(leaf);
    if (leaf_len >= sizeof o->leaf) return kumo_fail(k, KS_INVALID, "出力先のファイル名が長すぎます");
    /* memcpy after the length check: at -O1 gcc cannot see that it fits and -Wformat-truncation would stop the build */
    memcpy(o->leaf, leaf, leaf_len + 1);
    char destdir[PATH_MAX];
    if (!slash) snprintf(destdir, sizeof destdir, ".");
    else if (slash == dest) snprintf(destdir, sizeof destdir, "/");
    else snprintf(destdir, sizeof destdir, "%.*s", (int)(slash - dest), dest);

    /* from here until the file is in place (or abandoned), the user's own group */
    if (!priv_user_begin()) return kumo_fail(k, KS_ERROR, "利用者の権限に切り替えられないため %s を作成しません", dest);
    o->user = true;
    o->dest_fd = open(destdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (o->dest_fd < 0) return open_failed(o, dest, errno);
    struct stat st;
    if (fstatat(o->dest_fd, o->leaf, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
        return open_failed(o, dest, EISDIR);
    sweep(o->dest_fd);
    o->priv_fd = make_private(o);
    if (o->priv_fd < 0) return open_failed(o, dest, errno);
    /* the user's umask decides the permissions, as for any file they make */
    *fd = openat(o->priv_fd, o->leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (*fd < 0) return open_failed(o, dest, errno);
    name_paths(o, destdir);
    if (o->to_stdout) snprintf(o->dest, sizeof o->dest, "標準出力");
    return KS_OK;
}

kstatus outfile_open(kumo *k, outfile *o, const char *dest, const char *kind)
{
    int fd;
    kstatus s = make_temp(k, o, dest, kind, &fd);
    if (s) return s;
    o->fp = fdopen(fd, "wb");
    if (!o->fp) {
        int err = errno;
        close(fd);
        return open_failed(o, dest, err);
    }
    return KS_OK;
}

kstatus outfile_reserve(kumo *k, outfile *o, const char *dest, const char *kind)
{
    int fd;
    kstatus s = make_temp(k, o, dest, kind, &fd);
    if (!s) close(fd);
    return s;
}

/* Closes o->fp if open; the first write error it shows (0 when none). */
static int close_file(outfile *o, bool sync)
{
    if (!o->fp) return 0;
    int err = 0;
    if (fflush(o->fp) || ferror(o->fp)) err = errno ? errno : EIO;
    if (sync && !err && fsync(fileno(o->fp))) err = errno;
    if (fclose(o->fp) && !err) err = errno ? errno : EIO;
    o->fp = NULL;
    return err;
}

kstatus outfile_abandon(outfile *o)
{
    close_file(o, false);
    release(o);
    return o->k && *kumo_last_error(o->k) ? KS_ERROR : KS_IO;
}

kstatus outfile_fail(outfile *o, const char *why)
{
    close_file(o, false);
    release(o);
    return kumo_fail(o->k, KS_IO, "%s %s を書き込めません（%s）。既存のファイルは変更していません", o->kind, o->dest, why);
}

/* Copies the complete file to standard output; 0 or the errno of the failure. */
static int copy_to_stdout(outfile *o)
{
    int fd = openat(o->priv_fd, o->leaf, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return errno;
    char buf[65536];
    ssize_t n;
    int err = 0;
    while (!err && (n = read(fd, buf, sizeof buf)) != 0) {
        if (n < 0) {
            if (errno != EINTR) err = errno;
            continue;
        }
        if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n) err = errno ? errno : EIO;
    }
    close(fd);
    if (!err && fflush(stdout)) err = errno ? errno : EIO;
    return err;
}

kstatus outfile_commit(outfile *o)
{
    /* a write error (disk full …) shows at close, with its reason */
    int err = close_file(o, !o->to_stdout);
    if (err) return outfile_fail(o, kumo_io_reason(err));
    if (o->to_stdout) {
        err = copy_to_stdout(o);
        release(o);
        if (err) return kumo_fail(o->k, KS_IO, "%s を標準出力に書き出せません（%s）", o->kind, kumo_io_reason(err));
        return KS_OK;
    }
    /* a writer that wrote by name (libxlsxwriter) closed its own file: sync it through a descriptor of ours */
    int fd = openat(o->priv_fd, o->leaf, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        err = errno;
        if (fd >= 0) close(fd);
        return outfile_fail(o, kumo_io_reason(err));
    }
    close(fd);
    /* rename never follows a link at dest: it replaces the name itself */
    if (renameat(o->priv_fd, o->leaf, o->dest_fd, o->leaf) != 0) {
        err = errno;
        release(o);
        return kumo_fail(o->k, KS_IO, "%s に保存できません（%s）。既存のファイルは変更していません", o->dest,
                         kumo_io_reason(err));
    }
    fsync(o->dest_fd);
    release(o);
    return KS_OK;
}
