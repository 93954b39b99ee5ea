#include "app/admin.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/mail.h"
#include "app/policy.h"
#include "forms/clock.h"
#include "forms/form.h"

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
    int64_t id = 0;
    s = db_dept_add(k->db, name, &id);
    if (!s) {
        kumo_audit(k, "部局追加", audit_kind_code(AK_DEPARTMENT), id, name, name);
        kumo_audit_touch(k, AK_DEPARTMENT, id);
        kumo_audit_change(k, "部局名", "", name);
    }
    return finish(k, s, what);
}

static kstatus dept_named(kumo *k, const char *name, kdept *out)
{
    int64_t id = 0;
    kstatus s = name && *name ? db_dept_find(k->db, name, &id) : KS_NOTFOUND;
    if (!s) s = db_dept_get(k->db, id, out);
    if (s == KS_NOTFOUND) return kumo_fail(k, s, "部局「%s」がありません", name ? name : "");
    return s ? kumo_fail(k, s, NULL) : KS_OK;
}

kstatus admin_rename_dept(kumo *k, const char *name, const char *new_name)
{
    kumo_step(k);
    if (!check(k)) return KS_DENIED;
    kstatus s = kumo_check_text(k, "部局名", new_name, 40, false, true);
    if (s) return s;
    kdept d;
    if ((s = dept_named(k, name, &d))) return s;
    if (!strcmp(d.name, new_name)) return KS_OK;
    char was[sizeof d.name];
    snprintf(was, sizeof was, "%s", d.name);
    snprintf(d.name, sizeof d.name, "%s", new_name);
    if ((s = kumo_tx_begin(k))) return s;
    char what[256];
    snprintf(what, sizeof what, "部局「%s」", new_name);
    s = db_dept_update(k->db, &d);
    if (!s) {
        kumo_audit(k, "部局名変更", audit_kind_code(AK_DEPARTMENT), d.id, d.name, d.name);
        kumo_audit_touch(k, AK_DEPARTMENT, d.id);
        kumo_audit_change(k, "部局名", was, d.name);
    }
    return finish(k, s, what);
}

/* Nobody may be left in a 部局 that takes no new application: they are moved first. */
static kstatus dept_has_no_users(kumo *k, const kdept *d)
{
    kuser *v = NULL;
    size_t n = 0;
    kstatus s = db_user_list(k->db, ROLE_NONE, d->id, &v, &n);
    if (s) return kumo_fail(k, s, NULL);
    if (n) {
        char list[400] = "";
        size_t len = 0;
        for (size_t i = 0; i < n && i < 3; i++) {
            int w = snprintf(list + len, sizeof list - len, "%s%s", i ? "、" : "", v[i].name);
            if (w < 0 || (size_t)w >= sizeof list - len) break;
            len += (size_t)w;
        }
        s = kumo_fail(k, KS_INVALID, "%sには有効な利用者が %zu人います（%s%s）。先に人事異動で他の部局に移すか無効にしてから"
                                    "廃止してください",
                      d->name, n, list, n > 3 ? " ほか" : "");
    }
    kuser_free(&v);
    return s;
}

kstatus admin_check_dept_retirable(kumo *k, const char *name)
{
    kumo_step(k);
    if (!check(k)) return KS_DENIED;
    kdept d;
    kstatus s = dept_named(k, name, &d);
    if (!s && d.active) s = dept_has_no_users(k, &d);
    return s;
}

kstatus admin_set_dept_active(kumo *k, const char *name, bool active)
{
    kumo_step(k);
    if (!check(k)) return KS_DENIED;
    kdept d;
    kstatus s = dept_named(k, name, &d);
    if (s) return s;
    if (d.active == active) return KS_OK;
    if (!active && (s = dept_has_no_users(k, &d))) return s;
    d.active = active;
    if ((s = kumo_tx_begin(k))) return s;
    s = db_dept_update(k->db, &d);
    if (!s) {
        kumo_audit(k, active ? "部局再開" : "部局廃止", audit_kind_code(AK_DEPARTMENT), d.id, d.name, d.name);
        kumo_audit_touch(k, AK_DEPARTMENT, d.id);
        kumo_audit_change(k, "部局の状態", active ? "廃止" : "有効", active ? "有効" : "廃止");
    }
    return finish(k, s, "部局");
}

kstatus admin_depts(kumo *k, kdept **out, size_t *n)
{
    kumo_step(k);
    *out = NULL;
    *n = 0;
    if (!check(k)) return KS_DENIED;
    return kumo_result(k, db_dept_list_all(k->db, out, n));
}

/* The first `list` services a user manages in 承認番号 order (a page through the index by manager) and how many they
   manage, counted up to ADMIN_MANAGED_MAX: what a preview or a refusal says, without reading every one of them. The
   caller frees *head. */
static kstatus managed_head(kumo *k, int64_t user_id, size_t list, kservice **head, size_t *nhead, size_t *total)
{
    *head = NULL;
    *nhead = *total = 0;
    kservice *v = calloc(list ? list : 1, sizeof *v);
    if (!v) return KS_NOMEM;
    kservice_filter f = {.manager_id = user_id};
    int n = 0;
    int64_t c = 0;
    kstatus s = db_service_page(k->db, &f, NULL, NULL, (int)list, v, &n);
    if (!s) s = db_service_managed_upto(k->db, user_id, ADMIN_MANAGED_MAX, &c);
    if (s) {
        free(v);
        return s;
    }
    *head = v;
    *nhead = (size_t)n;
    *total = (size_t)c;
    return KS_OK;
}

/* 「N件」, or 「1000件以上」 when the count stopped at ADMIN_MANAGED_MAX */
static const char *managed_more(size_t n) { return n >= ADMIN_MANAGED_MAX ? "以上" : ""; }

/* The refusal that lists the services a user manages (at most a few by number, then how many more). */
static kstatus refuse_managing(kumo *k, const kuser *u, const kservice *v, size_t n, const char *then)
{
    char list[600] = "";
    size_t len = 0;
    for (size_t i = 0; i < n && i < 5; i++) {
        int w = snprintf(list + len, sizeof list - len, "%s%s %s", i ? "、" : "", v[i].approval_no, v[i].name);
        if (w < 0 || (size_t)w >= sizeof list - len) break;
        len += (size_t)w;
    }
    return kumo_fail(k, KS_INVALID, "%s（%s）はクラウドサービス管理者として %zu 件%sのサービスを管理しています（%s%s）。%s",
                     u->name, u->login, n, managed_more(n), list, n > 5 ? " ほか" : "", then);
}

/* 004 §1(8)②: a designated manager is not made 監査 (nor システム管理者, who is never designated). */
static kstatus check_may_become(kumo *k, const kuser *u, krole role)
{
    if (role == u->role) return KS_OK;
    kservice *v = NULL;
    size_t shown = 0, n = 0;
    kstatus s = managed_head(k, u->id, 5, &v, &shown, &n);
    if (s) return kumo_fail(k, s, NULL);
    char why[512];
    if (!policy_may_become(u, role, n, why, sizeof why)) s = refuse_managing(k, u, v, n, why);
    free(v);
    return s;
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
    kdept d;
    if (dept_id && db_dept_get(k->db, dept_id, &d) == KS_OK && !d.active)
        return kumo_fail(k, KS_INVALID, "部局「%s」は廃止されています。有効な部局を選んでください", dept);
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
    s = db_user_add(k->db, &u, &u.id);
    if (!s) {
        snprintf(u.dept_name, sizeof u.dept_name, "%s", dept && u.dept_id ? dept : "");
        kumo_audit_user(k, "利用者追加", &u);
        kumo_audit_change(k, "ログイン名", "", u.login);
        kumo_audit_change(k, "氏名", "", u.name);
        kumo_audit_change(k, "役割", "", role_label(u.role));
        kumo_audit_change(k, "部局", "", u.dept_name);
        kumo_audit_change(k, "課", "", u.section);
    }
    return finish(k, s, what);
}

kstatus admin_update_user(kumo *k, int64_t user_id, const char *name, krole role, const char *dept,
                          const char *section)
{
    return admin_update_user_as_read(k, user_id, NULL, name, role, dept, section);
}

void admin_user_changes(const kuser *a, const kuser *b, char *out, size_t n)
{
    size_t len = 0;
    out[0] = 0;
    if (strcmp(a->name, b->name)) len += (size_t)snprintf(out + len, n - len, "氏名 %s → %s", a->name, b->name);
    if (len < n && a->role != b->role)
        len += (size_t)snprintf(out + len, n - len, "%s役割 %s → %s", len ? "、" : "", role_label(a->role),
                                role_label(b->role));
    if (len < n && a->dept_id != b->dept_id)
        len += (size_t)snprintf(out + len, n - len, "%s部局 %s → %s", len ? "、" : "", *a->dept_name ? a->dept_name : "なし",
                                *b->dept_name ? b->dept_name : "なし");
    if (len < n && strcmp(a->section, b->section))
        len += (size_t)snprintf(out + len, n - len, "%s課 %s → %s", len ? "、" : "", a->section, b->section);
    if (len < n && a->active != b->active)
        len += (size_t)snprintf(out + len, n - len, "%s状態 %s → %s", len ? "、" : "", a->active ? "有効" : "無効",
                                b->active ? "有効" : "無効");
    if (len < n && strcmp(a->mail, b->mail))
        len += (size_t)snprintf(out + len, n - len, "%sメールアドレス %s → %s", len ? "、" : "", *a->mail ? a->mail : "なし",
                                *b->mail ? b->mail : "なし");
    if (len < n && strcmp(a->login, b->login))
        snprintf(out + len, n - len, "%sログイン名 %s → %s", len ? "、" : "", a->login, b->login);
}

kstatus admin_update_user_as_read(kumo *k, int64_t user_id, const kuser *as_read, const char *name, krole role,
                                  const char *dept, const char *section)
{
    kumo_step(k);
    if (!check(k)) return KS_DENIED;
    kuser u;
    kstatus s = db_user_by_id(k->db, user_id, &u);
    if (s) return kumo_fail(k, s, NULL);
    kuser was = u;
    if ((s = user_fields(k, name, role, dept, section, &u))) return s;
    if (user_id == k->me.id && !policy_may_administer(&u, NULL, 0))
        return kumo_fail(k, KS_INVALID, "自分自身のシステム管理者の役割は外せません");
    if ((s = check_may_become(k, &was, role))) return s;
    /* the applications and services they hold keep their 部局 and history: a 人事異動 changes what comes next */
    if ((s = kumo_tx_begin(k))) return s;
    kuser now;
    char diff[600];
    /* two administrators never overwrite each other unseen: the user must still be as the form read it */
    if (as_read && db_user_by_id(k->db, user_id, &now) == KS_OK &&
        (admin_user_changes(as_read, &now, diff, sizeof diff), *diff)) {
        kumo_tx_end(k, KS_CONFLICT);   /* nothing written; then the message that says what changed */
        return kumo_fail(k, KS_CONFLICT, "他の管理者が先にこの利用者を変更しました（%s）", diff);
    }
    s = db_user_update(k->db, &u);
    if (!s) {
        snprintf(u.dept_name, sizeof u.dept_name, "%s", dept && u.dept_id ? dept : "");
        kumo_audit_user(k, "人事異動", &u);
        kumo_audit_change(k, "氏名", was.name, u.name);
        kumo_audit_change(k, "役割", role_label(was.role), role_label(u.role));
        kumo_audit_change(k, "部局", was.dept_name, u.dept_name);
        kumo_audit_change(k, "課", was.section, u.section);
    }
    return finish(k, s, "利用者");
}

kstatus admin_set_login(kumo *k, int64_t user_id, const char *login)
{
    kumo_step(k);
    if (!check(k)) return KS_DENIED;
    if (!login_ok(login))
        return kumo_fail(k, KS_INVALID, "「ログイン名」は OS のログイン名（英数字と . _ -、63文字以内）で入力してください");
    kuser u, other;
    kstatus s = db_user_by_id(k->db, user_id, &u);
    if (s) return kumo_fail(k, s, NULL);
    if (!strcmp(u.login, login)) return KS_OK;
    if (db_user_by_login(k->db, login, &other) == KS_OK)
        return kumo_fail(k, KS_EXISTS,
                         "ログイン名「%s」は既に %s が使っています。%s の管理するサービスをその利用者に引き継ぐには、%s を"
                         "無効にして後任に %s を選んでください（kumo user disable %s --successor %s）",
                         login, other.name, u.name, u.login, other.login, u.login, other.login);
    char was[sizeof u.login];
    snprintf(was, sizeof was, "%s", u.login);
    if ((s = kumo_tx_begin(k))) return s;
    s = db_user_set_login(k->db, user_id, login);
    if (!s) {
        snprintf(u.login, sizeof u.login, "%s", login);
        kumo_audit_user(k, "ログイン名変更", &u);
        kumo_audit_change(k, "ログイン名", was, login);
    }
    char what[256];
    snprintf(what, sizeof what, "ログイン名「%s」", login);
    return finish(k, s, what);
}

kstatus admin_set_active(kumo *k, int64_t user_id, bool active)
{
    if (!active) return admin_disable(k, user_id, 0);
    kumo_step(k);
    if (!check(k)) return KS_DENIED;
    kuser u;
    kstatus s = db_user_by_id(k->db, user_id, &u);
    if (s) return kumo_fail(k, s, NULL);
    bool was = u.active;
    u.active = true;
    if ((s = kumo_tx_begin(k))) return s;
    s = db_user_update(k->db, &u);
    if (!s) {
        kumo_audit_user(k, "利用者有効化", &u);
        kumo_audit_change(k, "状態", was ? "有効" : "無効", "有効");
    }
    return finish(k, s, "利用者");
}

/* One "承認番号: 前任 → 後任" line of the record per service handed over (admin_disable). */
typedef struct hand_line { kumo *k; const char *from, *to; long long n; } hand_line;

static int add_hand_line(const char *approval_no, void *ctx)
{
    hand_line *h = ctx;
    kumo_audit_change(h->k, approval_no, h->from, h->to);
    h->n++;
    return 0;
}

/* The front end's progress line while the services are handed over (a manager of the whole register hands over a
   hundred thousand: a second or two): 0 of N while they are written, N of N while the record is. */
#define HAND_OVER_WHAT "管理するサービスを後任に引継ぎ中"

kstatus admin_disable(kumo *k, int64_t user_id, int64_t successor_id)
{
    kumo_step(k);
    if (!check(k)) return KS_DENIED;
    if (user_id == k->me.id) return kumo_fail(k, KS_INVALID, "自分自身を無効にすることはできません");
    kuser u, succ = {0};
    kstatus s = db_user_by_id(k->db, user_id, &u);
    if (s) return kumo_fail(k, s, NULL);
    if (successor_id) {
        if (successor_id == user_id) return kumo_fail(k, KS_INVALID, "後任に無効にする本人は指定できません");
        if (db_user_by_id(k->db, successor_id, &succ) != KS_OK || !policy_may_manage(&succ))
            return kumo_fail(k, KS_INVALID,
                             "後任には、クラウドサービス管理者に指名できる有効な利用者を選んでください（監査・システム管理者は"
                             "指名できません）");
    }
    if ((s = kumo_tx_begin(k))) return s;
    /* the services are read inside the write lock: a designation made meanwhile is not left behind */
    if (!successor_id) {
        kservice *v = NULL;
        size_t shown = 0, n = 0;
        s = managed_head(k, user_id, 5, &v, &shown, &n);
        if (!s && n) s = refuse_managing(k, &u, v, n, "無効にできません。--successor で後任を指定してください");
        free(v);
    }
    bool was = u.active;
    u.active = false;
    if (!s) s = db_user_update(k->db, &u);
    if (!s) {
        kumo_audit_user(k, "利用者無効化", &u);
        kumo_audit_change(k, "状態", was ? "有効" : "無効", "無効");
    }
    if (!s && successor_id) {
        /* the successor takes each service over, however many (a manager of the whole register holds a hundred
           thousand): the record says so service by service — one line each, in 承認番号 order, read one at a time —
           and each service's history by a row written with the others in one statement, at the record's time; the
           record names those rows and the services by their range, not by a list held here */
        hand_line h = {k, u.login, succ.login, 0};
        s = db_service_each_managed_no(k->db, user_id, add_hand_line, &h);
        char note[512];
        snprintf(note, sizeof note, "%s → %s（前任の無効化による引継ぎ）", u.name, succ.name);
        int64_t lo = 0, hi = 0, n = 0;
        if (!s && h.n) kumo_progress(k, HAND_OVER_WHAT, 0, h.n);
        if (!s) s = db_service_hand_over(k->db, user_id, succ.id, kumo_audit_at(k), k->me.id, "管理者変更", note, &lo,
                                         &hi, &n);
        if (h.n) kumo_progress(k, HAND_OVER_WHAT, h.n, h.n);   /* (a front end clears its line at the end) */
        if (!s && n) {
            kumo_audit_history_bulk(k, lo, hi);
            char c[400];
            snprintf(c, sizeof c, "管理する %" PRId64 " 件のサービスを %s（%s）に引継ぎ", n, succ.name, succ.login);
            kumo_audit_comment(k, c);
        }
    }
    return finish(k, s, "利用者");
}

kstatus admin_role_warning(kumo *k, int64_t user_id, krole role, const char *dept, char *out, size_t n)
{
    kumo_step(k);
    if (n) out[0] = 0;
    if (!check(k)) return KS_DENIED;
    int64_t dept_id = 0;
    if (role != ROLE_DEPT_HEAD || !dept || !*dept || db_dept_find(k->db, dept, &dept_id) != KS_OK) return KS_OK;
    kuser *v = NULL;
    size_t nv = 0;
    kstatus s = db_user_list(k->db, ROLE_DEPT_HEAD, dept_id, &v, &nv);
    for (size_t i = 0; !s && i < nv; i++)
        if (v[i].id != user_id && policy_warn_second_dept_head(role, dept_id, &v[i], out, n)) break;
    kuser_free(&v);
    return kumo_result(k, s);
}

kstatus admin_disable_preview(kumo *k, int64_t user_id, size_t list, char *out, size_t n, size_t *services)
{
    kumo_step(k);
    if (n) out[0] = 0;
    *services = 0;
    if (!check(k)) return KS_DENIED;
    kuser u;
    kstatus s = db_user_by_id(k->db, user_id, &u);
    if (s) return kumo_fail(k, s, NULL);
    kservice *v = NULL;
    size_t shown = 0, nv = 0;
    if ((s = managed_head(k, user_id, list, &v, &shown, &nv))) return kumo_fail(k, s, NULL);
    size_t len = 0;
    if (nv)
        len += (size_t)snprintf(out + len, n - len, "クラウドサービス管理者として管理するサービス %zu件%s（後任に引き継ぎます）:\n",
                                nv, managed_more(nv));
    for (size_t i = 0; i < shown && len < n; i++)
        len += (size_t)snprintf(out + len, n - len, "  %s %s\n", v[i].approval_no, v[i].name);
    if (nv > shown && len < n)
        len += (size_t)snprintf(out + len, n - len, "  …ほか %zu件%s\n", nv - shown, managed_more(nv));
    free(v);
    *services = nv;
    /* who would be left to take this role's steps */
    size_t others = 0;
    kuser *same = NULL;
    size_t ns = 0;
    static const krole DECIDERS[] = {ROLE_APPROVER, ROLE_CISO};
    if (u.role == ROLE_APPROVER || u.role == ROLE_CISO) {
        for (size_t r = 0; !s && r < 2; r++) {
            s = db_user_list(k->db, DECIDERS[r], 0, &same, &ns);
            for (size_t i = 0; !s && i < ns; i++) others += same[i].id != u.id;
            kuser_free(&same);
        }
    } else if (u.role == ROLE_DEPT_HEAD && u.dept_id) {
        s = db_user_list(k->db, ROLE_DEPT_HEAD, u.dept_id, &same, &ns);
        for (size_t i = 0; !s && i < ns; i++) others += same[i].id != u.id;
        kuser_free(&same);
    }
    char why[512];
    if (!s && len < n && policy_warn_last_decider(&u, others, why, sizeof why))
        snprintf(out + len, n - len, "%s%s\n", len ? "\n" : "", why);
    return kumo_result(k, s);
}

kstatus admin_set_review_interval_text(kumo *k, const char *typed, int *months)
{
    char *v = form_normalize_typed(FT_INT, typed);
    if (!v) {
        kumo_step(k);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    char *end;
    long m = strtol(v, &end, 10);
    bool digits = *v && !*end && m > 0 && m <= KUMO_REVIEW_INTERVAL_MAX;
    free(v);
    *months = digits ? (int)m : 0;
    return admin_set_review_interval(k, *months);
}

kstatus admin_set_review_interval(kumo *k, int months)
{
    kumo_step(k);
    char why[256];
    if (!policy_may_set_review_interval(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    if (months < 1 || months > KUMO_REVIEW_INTERVAL_MAX)
        return kumo_fail(k, KS_INVALID,
                         "「利用状況確認の間隔」は1〜%dか月で入力してください（利用状況確認は少なくとも年1回: 規定003 §4(8)、"
                         "ポリシー004 §8-3(7)⑤）",
                         KUMO_REVIEW_INTERVAL_MAX);
    char v[16], was[16] = "";
    snprintf(v, sizeof v, "%d", months);
    kstatus s = kumo_tx_begin(k);
    if (s) return s;
    db_setting_get(k->db, "review_interval_months", was, sizeof was);
    s = db_setting_set(k->db, "review_interval_months", v);
    /* the first screen of a new database counts the interval as set */
    if (!s) s = db_setting_set(k->db, "review_interval_confirmed", "1");
    if (!s) {
        kumo_audit(k, "設定変更", audit_kind_code(AK_SETTINGS), 0, "review_interval_months", "");
        kumo_audit_touch(k, AK_SETTINGS, 0);
        kumo_audit_change(k, "利用状況確認の間隔（月）", was, v);
    }
    return finish(k, s, "設定");
}

kstatus admin_set_mail(kumo *k, int64_t user_id, const char *mail)
{
    kumo_step(k);
    if (!check(k)) return KS_DENIED;
    if (!mail) mail = "";
    if (*mail && !mail_address_valid(mail))
        return kumo_fail(k, KS_INVALID, "「メールアドレス」は user@example.jp の形（英数字、254文字以内）で入力してください");
    kuser u;
    kstatus s = db_user_by_id(k->db, user_id, &u);
    if (s) return kumo_fail(k, s, NULL);
    if (!strcmp(u.mail, mail)) return KS_OK;
    char was[sizeof u.mail];
    snprintf(was, sizeof was, "%s", u.mail);
    snprintf(u.mail, sizeof u.mail, "%s", mail);
    if ((s = kumo_tx_begin(k))) return s;
    s = db_user_update(k->db, &u);
    if (!s) {
        kumo_audit_user(k, "メールアドレス変更", &u);
        kumo_audit_change(k, "メールアドレス", was, u.mail);
    }
    return finish(k, s, "利用者");
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
    char was[64] = "";
    db_setting_get(k->db, "timezone", was, sizeof was);
    s = db_setting_set(k->db, "timezone", zone);
    if (!s) {
        kumo_audit(k, "設定変更", audit_kind_code(AK_SETTINGS), 0, "timezone", "");
        kumo_audit_touch(k, AK_SETTINGS, 0);
        kumo_audit_change(k, "タイムゾーン", was, zone);
    }
    s = finish(k, s, "設定");
    if (!s) clock_set_zone(zone);
    return s;
}
