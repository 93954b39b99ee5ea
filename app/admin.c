#include "app/admin.h"

#include <stdio.h>
#include <string.h>

#include "app/internal.h"
#include "app/policy.h"
#include "forms/clock.h"

static bool check(kumo *k)
{
    char why[256];
    if (policy_may_administer(&k->me, why, sizeof why)) return true;
    kumo_fail(k, KS_DENIED, "%s", why);
    return false;
}

/* Ends the one write of a step; a duplicate name gets a message naming `what`. */
static kstatus finish(kumo *k, kstatus s, const char *what)
{
    if (s == KS_CONSTRAINT) kumo_fail(k, s, "%sは既に登録されています", what);
    return kumo_tx_end(k, s);
}

kstatus admin_add_dept(kumo *k, const char *name)
{
    kumo_step(k);
    if (!check(k)) return KS_DENIED;
    kstatus s = kumo_check_text(k, "部局名", name, 40, false, true);
    if (s) return s;
    if ((s = kumo_tx_begin(k))) return s;
    char what[256];
    snprintf(what, sizeof what, "部局「%s」", name);
    return finish(k, db_dept_add(k->db, name, NULL), what);
}

static bool login_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 63) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

/* The checks shared by adding and changing a user; fills u (all but login, id and active). */
static kstatus user_fields(kumo *k, const char *name, krole role, const char *dept, const char *section, kuser *u)
{
    kstatus s = kumo_check_text(k, "氏名", name, 40, false, true);
    if (!s) s = kumo_check_text(k, "課", section, 40, false, false);
    if (s) return s;
    if (role <= ROLE_NONE || role >= ROLE__COUNT) return kumo_fail(k, KS_INVALID, "「役割」を選んでください");
    int64_t dept_id = 0;
    if (dept && *dept && db_dept_find(k->db, dept, &dept_id) != KS_OK)
        return kumo_fail(k, KS_INVALID, "部局「%s」がありません。先に部局を追加してください", dept);
    if (!dept_id && policy_role_needs_dept(role))
        return kumo_fail(k, KS_INVALID, "職員等と情報セキュリティ責任者には「部局」が必要です");
    snprintf(u->name, sizeof u->name, "%s", name);
    u->role = role;
    snprintf(u->section, sizeof u->section, "%s", section ? section : "");
    u->dept_id = dept_id;
    return KS_OK;
}

kstatus admin_add_user(kumo *k, const char *login, const char *name, krole role, const char *dept,
                       const char *section)
{
    kumo_step(k);
    if (!check(k)) return KS_DENIED;
    if (!login_ok(login))
        return kumo_fail(k, KS_INVALID, "「ログイン名」は OS のログイン名（英数字と . _ -、63文字以内）で入力してください");
    kuser u = {0};
    kstatus s = user_fields(k, name, role, dept, section, &u);
    if (s) return s;
    snprintf(u.login, sizeof u.login, "%s", login);
    u.active = true;
    if ((s = kumo_tx_begin(k))) return s;
    char what[256];
    snprintf(what, sizeof what, "ログイン名「%s」", login);
    return finish(k, db_user_add(k->db, &u, NULL), what);
}

kstatus admin_update_user(kumo *k, int64_t user_id, const char *name, krole role, const char *dept,
                          const char *section)
{
    kumo_step(k);
    if (!check(k)) return KS_DENIED;
    kuser u;
    kstatus s = db_user_by_id(k->db, user_id, &u);
    if (s) return kumo_fail(k, s, NULL);
    if ((s = user_fields(k, name, role, dept, section, &u))) return s;
    if (user_id == k->me.id && !policy_may_administer(&u, NULL, 0))
        return kumo_fail(k, KS_INVALID, "自分自身のシステム管理者の役割は外せません");
    /* the applications and services they hold keep their 部局 and history: a 人事異動 changes what comes next */
    if ((s = kumo_tx_begin(k))) return s;
    return finish(k, db_user_update(k->db, &u), "利用者");
}

kstatus admin_set_active(kumo *k, int64_t user_id, bool active)
{
    kumo_step(k);
    if (!check(k)) return KS_DENIED;
    if (user_id == k->me.id && !active) return kumo_fail(k, KS_INVALID, "自分自身を無効にすることはできません");
    kuser u;
    kstatus s = db_user_by_id(k->db, user_id, &u);
    if (s) return kumo_fail(k, s, NULL);
    u.active = active;
    if ((s = kumo_tx_begin(k))) return s;
    return finish(k, db_user_update(k->db, &u), "利用者");
}

kstatus admin_set_review_interval(kumo *k, int months)
{
    kumo_step(k);
    if (!check(k)) return KS_DENIED;
    if (months < 1 || months > 60) return kumo_fail(k, KS_INVALID, "「利用状況確認の間隔」は1〜60か月で入力してください");
    char v[16];
    snprintf(v, sizeof v, "%d", months);
    kstatus s = kumo_tx_begin(k);
    if (s) return s;
    return finish(k, db_setting_set(k->db, "review_interval_months", v), "設定");
}

kstatus admin_set_timezone(kumo *k, const char *zone)
{
    kumo_step(k);
    if (!check(k)) return KS_DENIED;
    if (!zone || !clock_zone_valid(zone))
        return kumo_fail(k, KS_INVALID,
                         "「タイムゾーン」はこのコンピュータのタイムゾーン名で入力してください（例: Asia/Tokyo）");
    kstatus s = kumo_tx_begin(k);
    if (s) return s;
    s = finish(k, db_setting_set(k->db, "timezone", zone), "設定");
    if (!s) clock_set_zone(zone);
    return s;
}
