#include "app/exchange/outfile.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* The temporary file beside dest (mkstemp: a new file of mode 0600, never one that was there). */
static kstatus make_temp(kumo *k, outfile *o, const char *dest, const char *kind, int *fd)
{
    memset(o, 0, sizeof *o);
    o->k = k;
    o->kind = kind;
    /* a cut path would be written under another name (and reported as written) */
    if (strlen(dest) >= sizeof o->dest) return kumo_fail(k, KS_INVALID, "出力先のパスが長すぎます");
    snprintf(o->dest, sizeof o->dest, "%s", dest);
    snprintf(o->tmp, sizeof o->tmp, "%s.tmpXXXXXX", dest);
    char d[PATH_MAX];
    snprintf(d, sizeof d, "%s", dest);
    snprintf(o->dir, sizeof o->dir, "%s", dirname(d));
    *fd = mkstemp(o->tmp);
    if (*fd < 0) {
        int err = errno;
        kstatus s = err == EACCES || err == EROFS || err == EPERM ? KS_READONLY : KS_IO;
        return kumo_fail(k, s, "%s に書き込めません（%s）。既存のファイルは変更していません", dest, kumo_io_reason(err));
    }
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
        unlink(o->tmp);
        return kumo_fail(k, KS_IO, "%s に書き込めません（%s）", dest, kumo_io_reason(err));
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
    unlink(o->tmp);
    return o->k && *kumo_last_error(o->k) ? KS_ERROR : KS_IO;
}

kstatus outfile_fail(outfile *o, const char *why)
{
    close_file(o, false);
    unlink(o->tmp);
    return kumo_fail(o->k, KS_IO, "%s %s を書き込めません（%s）。既存のファイルは変更していません", o->kind, o->dest, why);
}

kstatus outfile_commit(outfile *o)
{
    /* a write error (disk full …) shows at close, with its reason */
    int err = close_file(o, true);
    if (err) return outfile_fail(o, kumo_io_reason(err));
    /* mkstemp made the file private; give it the mode an ordinary new file would have */
    mode_t mask = umask(0);
    umask(mask);
    chmod(o->tmp, 0666 & ~mask);
    if (rename(o->tmp, o->dest)) {
        err = errno;
        unlink(o->tmp);
        return kumo_fail(o->k, KS_IO, "%s に保存できません（%s）。既存のファイルは変更していません", o->dest,
                         kumo_io_reason(err));
    }
    return KS_OK;
}
