#include "app/backup.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/audit.h"
#include "app/exchange/outfile.h"
#include "app/internal.h"
#include "app/policy.h"
#include "app/privilege.h"
#include "db/db_audit.h"
#include "forms/clock.h"

static bool allowed(kumo *k)
{
    char why[256];
    if (policy_may_backup(&k->me, why, sizeof why)) return true;
    kumo_fail(k, KS_DENIED, "%s", why);
    return false;
}

static void copy_progress(void *ctx, long long done, long long total)
{
    kumo_progress(ctx, "データベースをコピー中", done, total);
}

static void restore_progress(void *ctx, long long done, long long total)
{
    kumo_progress(ctx, "データベースを復元中", done, total);
}

kstatus backup_write(kumo *k, const char *dest, kbackup *out)
{
    kumo_step(k);
    memset(out, 0, sizeof *out);
    if (!allowed(k)) return KS_DENIED;
    outfile o;
    kstatus s = outfile_reserve(k, &o, dest, "バックアップ");
    if (s) return s;
    s = db_backup_to(k->db, o.tmp, copy_progress, k, &out->pages);
    if (s) {
        kumo_fail(k, s, "データベースをコピーできません（%s）", db_errmsg(k->db));
        outfile_abandon(&o);
        return s;
    }
    s = db_check_file(o.tmp, &out->check);
    if (s || !out->check.intact) {
        char why[700];
        snprintf(why, sizeof why, "コピーの整合性検査で問題が見つかりました: %s",
                 s ? kumo_strerror(s) : out->check.integrity);
        return outfile_fail(&o, why);
    }
    out->bytes = out->check.pages * out->check.page_size;
    return outfile_commit(&o);
}

kstatus backup_check(kumo *k, const char *file, kdb_check *out)
{
    kumo_step(k);
    memset(out, 0, sizeof *out);
    if (!allowed(k)) return KS_DENIED;
    struct stat st;
    if (!priv_user_begin()) return kumo_fail(k, KS_ERROR, "利用者の権限に切り替えられないため %s を開きません", file);
    int err = stat(file, &st) ? errno : S_ISREG(st.st_mode) ? 0 : EISDIR;
    kstatus s = err ? KS_NOTFOUND : db_check_file(file, out);
    priv_user_end();
    if (err) return kumo_fail(k, KS_NOTFOUND, "%s を開けません（%s）", file, kumo_io_reason(err));
    if (s == KS_CORRUPT || (!s && !out->kumo))
        return kumo_fail(k, KS_INVALID, "%s は kumo のデータベースではありません", file);
    if (s) return kumo_fail(k, s, "%s を読めません（%s）", file, kumo_strerror(s));
    if (out->too_new)
        return kumo_fail(k, KS_INVALID, "%s は新しい版の kumo で作られています。kumo を更新してから復元してください", file);
    if (!out->intact)
        return kumo_fail(k, KS_INVALID, "%s は壊れています（整合性検査: %s）。復元しません", file, out->integrity);
    if (out->audited && !out->audit.ok)
        return kumo_fail(k, KS_INVALID, "%s の監査証跡が記録と一致しません（%s）。復元しません", file, out->audit.what);
    return KS_OK;
}

/* The name the replaced database is kept under: beside it, with the time of the restore; a number is added when
   that name is taken. */
static bool kept_name(const char *db, char *out, size_t n)
{
    /* the organisation's time (2026-11-23T10:00:00+09:00 → 20261123-100000) */
    char iso[CLOCK_STAMP_SIZE], stamp[32];
    clock_stamp(iso);
    size_t j = 0;
    for (size_t i = 0; iso[i] && i < 19 && j + 1 < sizeof stamp; i++)
        if (iso[i] == 'T') stamp[j++] = '-';
        else if (iso[i] >= '0' && iso[i] <= '9') stamp[j++] = iso[i];
    stamp[j] = 0;
    for (int i = 0; i < 100; i++) {
        int w = i ? snprintf(out, n, "%s.replaced-%s-%d", db, stamp, i) : snprintf(out, n, "%s.replaced-%s", db, stamp);
        if (w < 0 || (size_t)w >= n) return false;
        struct stat st;
        if (lstat(out, &st) != 0 && errno == ENOENT) return true;
    }
    return false;
}

kstatus backup_restore(kumo *k, const char *file, char *kept, size_t n)
{
    kdb_check c;
    kstatus s = backup_check(k, file, &c);
    if (s) return s;
    kumo_step(k);
    if (db_readonly(k->db))
        return kumo_fail(k, KS_READONLY, "データベースに書き込めないため復元できません（%s）", db_readonly_why(k->db));
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", db_path(k->db));
    kaudit_head before = {0};
    db_audit_head(k->db, &before);
    /* the database as it is now, kept beside it (made with the database's own rights: it stays with the record) */
    if (!kept_name(path, kept, n)) return kumo_fail(k, KS_IO, "置き換える前のデータベースを保存する名前を決められません");
    s = db_backup_to(k->db, kept, copy_progress, k, NULL);
    if (s) {
        unlink(kept);
        return kumo_fail(k, s, "置き換える前のデータベースを %s に保存できません（%s）。復元していません", kept,
                         db_errmsg(k->db));
    }
    struct stat st;
    if (stat(path, &st) == 0) chmod(kept, st.st_mode & 0666);
    /* the backup file is read as the user; the live database is written through its open connection */
    if (!priv_user_begin()) return kumo_fail(k, KS_ERROR, "利用者の権限に切り替えられないため %s を開きません", file);
    s = db_restore_from(k->db, file, restore_progress, k);
    priv_user_end();
    if (s)
        return kumo_fail(k, s, "復元できませんでした（%s）。データベースは %s に保存したものと同じです", db_errmsg(k->db),
                         kept);
    /* reopened: an older backup's schema is brought up to date, and the session reads the restored settings */
    kdb *db = NULL;
    s = db_open(path, DB_OPEN_EXISTING, &db);
    if (s) return kumo_fail(k, s, "復元したデータベースを開けません（%s）。%s に元のデータベースがあります", kumo_strerror(s), kept);
    db_close(&k->db);
    k->db = db;
    kdb_check after;
    s = db_check_file(path, &after);
    if (s || !after.intact)
        return kumo_fail(k, s ? s : KS_CORRUPT, "復元したデータベースの整合性検査で問題が見つかりました（%s）。%s に元のデータベースがあります",
                         s ? kumo_strerror(s) : after.integrity, kept);
    /* the restore is the next record of the restored trail: what it replaced, and where that was kept */
    char was[160], now_head[160];
    audit_head_text(&before, was, sizeof was);
    audit_head_text(&c.audit.head, now_head, sizeof now_head);
    s = kumo_tx_begin(k);
    if (s) return s;
    const char *base = strrchr(file, '/');
    kumo_audit(k, "データベース復元", audit_kind_code(AK_SETTINGS), 0, base ? base + 1 : file, "");
    kumo_audit_change(k, "監査証跡の最新", was, now_head);
    char comment[PATH_MAX + 64];
    snprintf(comment, sizeof comment, "置き換えたデータベースは %s に保存", kept);
    kumo_audit_comment(k, comment);
    return kumo_tx_end(k, KS_OK);
}
