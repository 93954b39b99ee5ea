/* The policy's rules of who may do what, in one place for the UI and the command line.
   Sources: 004 §1(8) 兼務の禁止, §8-3(5) 利用承認, §8-4(2) 機密性1 の利用申請, 003 §4(4). */
#include "app/policy.h"

#include <stdio.h>
#include <string.h>

#include "app/internal.h"
#include "forms/date.h"

/* ---- the roles (003 §3, 004 §1) ---- */

/* 統括・CISO keep the register, 監査 reads everything (004 §9), the システム管理者 runs the system. */
static bool sees_all(krole r) { return r == ROLE_APPROVER || r == ROLE_CISO || r == ROLE_AUDITOR || r == ROLE_ADMIN; }
/* 監査 reads, the システム管理者 administers: neither files, decides or records anything of a service. */
static bool read_only(krole r) { return r == ROLE_AUDITOR || r == ROLE_ADMIN; }
/* 利用申請の許可権限者: the 統括情報セキュリティ責任者 and the CISO (003 §4(4)②). */
static bool decides_register(krole r) { return r == ROLE_APPROVER || r == ROLE_CISO; }

/* The deciders of a service's end: the 統括・CISO; for a 機密性1 service also the 部局's 情報セキュリティ責任者, who
   decides §8-4 (004 §8-4(2)②). */
static bool decides_end(const kuser *u, int64_t dept_id, const char *conf)
{
    if (decides_register(u->role)) return true;
    return u->role == ROLE_DEPT_HEAD && u->dept_id == dept_id && form_track_of(conf) == TRACK_84;
}

bool policy_sees_all(const kuser *u) { return u && sees_all(u->role); }

bool policy_is_read_only(const kuser *u) { return !u || read_only(u->role); }

bool policy_role_needs_dept(krole r) { return r == ROLE_STAFF || r == ROLE_DEPT_HEAD; }

bool policy_may_file_track(krole role, form_track t)
{
    if (role == ROLE_DEPT_HEAD) return t == TRACK_83 || t == TRACK_84 || t == TRACK_NONE;
    /* §8-4(2)①: 職員等 file applications that handle no 機密性2以上 information */
    if (role == ROLE_STAFF) return t == TRACK_84 || t == TRACK_NONE;
    return false;
}

bool policy_may_manage(const kuser *u)
{
    return u && u->active && u->role != ROLE_AUDITOR && u->role != ROLE_ADMIN;
}

static bool say(char *why, size_t n, const char *msg)
{
    if (why && n) snprintf(why, n, "%s", msg);
    return false;
}

/* Who decides an application: §8-3 → 統括情報セキュリティ責任者 (or CISO); §8-4 → the 情報セキュリティ責任者 of the
   applicant's 部局, or the 統括 when the applicant is that 情報セキュリティ責任者 (004 §1(8) 兼務の禁止). */
/* Where an application goes: §8-4 to the 情報セキュリティ責任者 of the applicant's 部局 (004 §8-4(2)②), unless the
   applicant is that person (兼務の禁止); everything else to the 統括情報セキュリティ責任者 (003 §4(4)②). */
static bool goes_to_dept_head(const kapp *app, krole applicant_role)
{
    return form_track_from_code(app->track) == TRACK_84 && applicant_role != ROLE_DEPT_HEAD;
}

static bool may_decide(const kuser *u, const kapp *app, krole applicant_role, char *why, size_t n)
{
    if (u->id == app->applicant_id)
        return say(why, n, "申請者は自分の申請を審査・承認できません（兼務の禁止: ポリシー004 §1(8)①）");
    if (goes_to_dept_head(app, applicant_role)) {
        if (u->role == ROLE_DEPT_HEAD && u->dept_id == app->dept_id) return true;
        return say(why, n, "機密性1の申請は申請者の部局の情報セキュリティ責任者が審査します（ポリシー004 §8-4(2)②）");
    }
    if (decides_register(u->role)) return true;
    return say(why, n, "機密性2以上の申請は統括情報セキュリティ責任者（利用申請の許可権限者）が審査します（規定003 §4(4)②）");
}

bool policy_may_administer(const kuser *u, char *why, size_t n)
{
    if (u && u->active && u->role == ROLE_ADMIN) return true;
    return say(why, n, "利用者・部局・設定の管理はシステム管理者が行います");
}

bool policy_may_set_review_interval(const kuser *u, char *why, size_t n)
{
    if (u && u->active && decides_register(u->role)) return true;
    return say(why, n, "利用状況確認の間隔は統括情報セキュリティ責任者又はCISOが定めます（規定003 §4(8)、ポリシー004 §8-3(7)⑤）");
}

bool policy_may_review_regulation(const kuser *u, char *why, size_t n)
{
    if (u && u->active && decides_register(u->role)) return true;
    return say(why, n, "規定の見直しは統括情報セキュリティ責任者（又はCISO）が記録します（規定003 §5）");
}

bool policy_may_read_regulation_reviews(const kuser *u, char *why, size_t n)
{
    if (u && u->active && (decides_register(u->role) || u->role == ROLE_AUDITOR)) return true;
    return say(why, n, "規定の見直しの記録は統括情報セキュリティ責任者・CISO・監査が見られます（規定003 §5、ポリシー004 §9）");
}

bool policy_may_read_audit(const kuser *u, char *why, size_t n)
{
    /* 監査 reads the trail (004 §9-1); the 統括 and the CISO answer for the register and the audit's findings
       (§9-1(7)). The システム管理者 and the staff are the audited (004 §1(8)②) */
    if (u && u->active && (u->role == ROLE_AUDITOR || decides_register(u->role))) return true;
    return say(why, n, "監査証跡は監査・統括情報セキュリティ責任者・CISO が見られます（ポリシー004 §9-1、§1(8)②）");
}

bool policy_may_verify_audit(const kuser *u, char *why, size_t n)
{
    /* the completeness check names no content: the システム管理者 runs it too (backups, cron) */
    if (u && u->active && (u->role == ROLE_ADMIN || policy_may_read_audit(u, NULL, 0))) return true;
    return say(why, n, "監査証跡の検証は監査・統括情報セキュリティ責任者・CISO・システム管理者が行えます");
}

bool policy_may_backup(const kuser *u, char *why, size_t n)
{
    /* a copy holds every record and the whole trail: the one who runs the system keeps it */
    if (u && u->active && u->role == ROLE_ADMIN) return true;
    return say(why, n, "バックアップと復元はシステム管理者が行います");
}

bool policy_may_send_reminders(const kuser *u, char *why, size_t n)
{
    if (u && u->active && (u->role == ROLE_ADMIN || decides_register(u->role))) return true;
    return say(why, n, "期限のお知らせメールはシステム管理者・統括情報セキュリティ責任者・CISO が送ります");
}

bool policy_reminded_of_service(const kuser *u, const kservice *s)
{
    /* the クラウドサービス管理者 keeps the service up (003 §4(8)), the 情報セキュリティ責任者 answers for the 部局's */
    if (!u || !u->active || !s) return false;
    return u->id == s->manager_id || (u->role == ROLE_DEPT_HEAD && u->dept_id && u->dept_id == s->dept_id);
}

bool policy_reminded_of_decision(const kuser *u, const kapp *app, krole applicant_role)
{
    /* the one the application waits for: the 統括 (§8-3), the 部局's 情報セキュリティ責任者 (§8-4); a CISO who
       may also decide is not reminded of every application */
    if (!u || (u->role != ROLE_APPROVER && u->role != ROLE_DEPT_HEAD)) return false;
    return policy_allows(u, ACT_DECIDE, app, applicant_role, NULL, 0);
}

bool policy_may_become(const kuser *u, krole role, size_t services_managed, char *why, size_t n)
{
    (void)u;
    /* 004 §1(8)②: the audited do not audit — a designated クラウドサービス管理者 is audited for that service */
    if (role == ROLE_AUDITOR && services_managed)
        return say(why, n, "クラウドサービス管理者に指名されている利用者は監査にできません（監査を受ける者と監査を実施する者の"
                           "兼務の禁止: ポリシー004 §1(8)②）。先に管理するサービスの管理者を変更してください");
    /* a システム管理者 is never designated (policy_may_manage): the services would have nobody to review them */
    if (role == ROLE_ADMIN && services_managed)
        return say(why, n, "クラウドサービス管理者に指名されている利用者はシステム管理者にできません（システム管理者は"
                           "管理者に指名できません）。先に管理するサービスの管理者を変更してください");
    return true;
}

bool policy_warn_second_dept_head(krole role, int64_t dept_id, const kuser *other, char *why, size_t n)
{
    if (role != ROLE_DEPT_HEAD || !dept_id || !other || !other->active || other->role != ROLE_DEPT_HEAD ||
        other->dept_id != dept_id)
        return false;
    if (why && n)
        snprintf(why, n,
                 "%sには既に情報セキュリティ責任者 %s（%s）がいます。情報セキュリティ責任者は部局の長1名です（ポリシー004 "
                 "§1(3)①）。交代のときは前任の役割を変えてください",
                 other->dept_name, other->name, other->login);
    return true;
}

bool policy_warn_last_decider(const kuser *u, size_t others, char *why, size_t n)
{
    if (!u || !u->active || others) return false;
    if (decides_register(u->role))
        return !say(why, n, "統括情報セキュリティ責任者・CISO が他にいなくなります: 機密性2以上の申請を審査し、"
                            "終了連絡を受理する人がいません（規定003 §4(4)②③）");
    if (u->role == ROLE_DEPT_HEAD) {
        if (why && n)
            snprintf(why, n,
                     "%sの情報セキュリティ責任者が他にいなくなります: この部局の機密性1の申請を審査する人がいません"
                     "（ポリシー004 §8-4(2)②）",
                     u->dept_name);
        return true;
    }
    return false;
}

bool policy_may_list_users(const kuser *u, char *why, size_t n)
{
    /* the directory of users with their roles: for those who administer or see everything */
    if (u && u->active && sees_all(u->role)) return true;   /* the システム管理者 sees all too */
    return say(why, n, "利用者の一覧はシステム管理者・統括情報セキュリティ責任者・CISO・監査が見られます");
}

bool policy_may_change(const kuser *u, const kservice *s, char *why, size_t n)
{
    if (!u || !u->active || !s) return say(why, n, "利用者が無効です");
    if (strcmp(s->status, "active")) return say(why, n, "終了したクラウドサービスは変更申請できません");
    /* the 情報セキュリティ責任者 of the service's 部局 (003 §4(4)①); a 職員等 who manages a 機密性1 service (§8-4) */
    if (u->role == ROLE_DEPT_HEAD && u->dept_id == s->dept_id) return true;
    if (u->role == ROLE_STAFF && s->manager_id == u->id && !strcmp(s->conf, "1")) return true;
    return say(why, n, "変更申請はこのサービスの部局の情報セキュリティ責任者が行います（規定003 §4(4)①）");
}

bool policy_decided_in_dept(const kuser *applicant, const kapp *app)
{
    return goes_to_dept_head(app, applicant->role);
}

const char *policy_decider_label(const kuser *applicant, const kapp *app)
{
    return policy_decided_in_dept(applicant, app) ? "部局の情報セキュリティ責任者" : "統括情報セキュリティ責任者";
}

bool policy_allows(const kuser *u, kaction a, const kapp *app, krole applicant_role, char *why, size_t n)
{
    if (!u || !u->active) return say(why, n, "利用者が無効です");
    krole role = u->role;
    bool own = app && app->applicant_id == u->id;

    if (a == ACT_VIEW) {
        if (!app || sees_all(role) || own) return true;
        if (role == ROLE_DEPT_HEAD && app->dept_id == u->dept_id) return true;
        if (app->manager_id == u->id) return true;
        return say(why, n, "この申請を閲覧する権限がありません");
    }
    if (read_only(role))
        return say(why, n, role == ROLE_AUDITOR ? "監査の役割では閲覧と出力のみできます（変更はできません）"
                                              : "システム管理者は申請の作成・審査を行いません");
    switch (a) {
    case ACT_CREATE:
    case ACT_CHANGE:
        if (role == ROLE_STAFF || role == ROLE_DEPT_HEAD) return true;
        return say(why, n, "申請は情報セキュリティ責任者又は職員等が行います（規定003 §4(4)①、ポリシー004 §8-4(2)①）");
    case ACT_EDIT:
    case ACT_DELETE:
        if (!own) return say(why, n, "申請を編集できるのは申請者本人だけです");
        if (a == ACT_DELETE && app->app_no && *app->app_no)
            return say(why, n, "申請番号のある申請は削除できません（履歴を残すため）。引戻し後も記録は残ります");
        if (strcmp(app->state, "draft") && strcmp(app->state, "returned"))
            return say(why, n, "下書き又は差戻しの申請だけを編集できます");
        return true;
    case ACT_SUBMIT:
        if (!own) return say(why, n, "申請を提出できるのは申請者本人だけです");
        if (strcmp(app->state, "draft") && strcmp(app->state, "returned"))
            return say(why, n, "下書き又は差戻しの申請だけを提出できます");
        if (!policy_may_file_track(role, form_track_from_code(app->track)))
            return say(why, n, "職員等は機密性1の申請のみ行えます（ポリシー004 §8-4(2)①）。機密性2以上は情報セキュリティ責任者が申請します");
        return true;
    case ACT_WITHDRAW:
        if (!own) return say(why, n, "引戻しできるのは申請者本人だけです");
        if (strcmp(app->state, "submitted")) return say(why, n, "申請中（審査前）の申請だけを引き戻せます");
        return true;
    case ACT_DECIDE:
        if (strcmp(app->state, "submitted")) return say(why, n, "申請中の申請だけを審査できます");
        return may_decide(u, app, applicant_role, why, n);
    default:
        return say(why, n, "この操作の権限がありません");
    }
}

void policy_app_scope(const kuser *u, kapp_filter *f)
{
    if (!u || sees_all(u->role)) return;
    if (u->role == ROLE_DEPT_HEAD) {
        f->visible_dept_id = u->dept_id;
        f->visible_user_id = u->id;
    } else {
        f->applicant_id = u->id;
    }
}

bool policy_decision_queue(const kuser *u, kapp_filter *f)
{
    if (!u || read_only(u->role) || u->role == ROLE_STAFF) return false;
    f->state = "submitted";
    f->exclude_applicant = u->id;
    if (u->role == ROLE_DEPT_HEAD) f->decider_dept_id = u->dept_id;
    return true;
}

/* The register (003 §4(8) 利用状況の管理): the 統括・CISO keep it, 監査 reads everything (004 §9), the
   情報セキュリティ責任者 sees the own 部局, a 職員等 the services they were designated to manage. */
void policy_register_scope(const kuser *u, kservice_filter *f)
{
    /* the register lists services in use: a 終了連絡 accepted ahead of its 終了日 takes effect on that day */
    date_format(date_today(), f->in_use_on, sizeof f->in_use_on);
    if (!u || sees_all(u->role)) return;
    if (u->role == ROLE_DEPT_HEAD) f->dept_id = u->dept_id ? u->dept_id : -1;
    else f->manager_id = u->id ? u->id : -1;
}

bool policy_may_import(const kuser *u, char *why, size_t n)
{
    if (!u || !u->active) return say(why, n, "利用者が無効です");
    if (u->role == ROLE_ADMIN || decides_register(u->role)) return true;
    return say(why, n, "台帳の取込はシステム管理者又は統括情報セキュリティ責任者・CISO が行います");
}

/* ---- after approval: 利用状況確認, 管理者の指名, 終了連絡 (003 §4(4)②③, §4(8); 004 §1(8), §8-3(5)③) ---- */

static const char *read_only_why(krole role)
{
    return role == ROLE_AUDITOR ? "監査の役割では閲覧と出力のみできます（変更はできません）"
                               : "システム管理者はクラウドサービスの利用状況確認・終了連絡を行いません";
}

bool policy_may_view_service(const kuser *u, const kservice *s)
{
    if (!u || !u->active || !s) return false;
    if (sees_all(u->role) || s->manager_id == u->id) return true;
    return u->role == ROLE_DEPT_HEAD && u->dept_id == s->dept_id;
}

bool policy_may_review(const kuser *u, const kservice *s, char *why, size_t n)
{
    if (!u || !u->active) return say(why, n, "利用者が無効です");
    if (read_only(u->role)) return say(why, n, read_only_why(u->role));
    if (strcmp(s->status, "active")) return say(why, n, "終了したクラウドサービスの利用状況確認は記録できません");
    if (s->manager_id == u->id || decides_register(u->role)) return true;
    return say(why, n,
               "利用状況確認は指名されたクラウドサービス管理者（又は統括情報セキュリティ責任者・CISO）が記録します"
               "（規定003 §4(8)）");
}

bool policy_may_respond_review(const kuser *u, const kservice *s, const kreview *r, char *why, size_t n)
{
    if (!u || !u->active) return say(why, n, "利用者が無効です");
    if (read_only(u->role)) return say(why, n, read_only_why(u->role));
    if (!r->needs_response) return say(why, n, "この利用状況確認は対応を要する事項がありません");
    if (*r->responded_on) return say(why, n, "この利用状況確認には既に対応が記録されています");
    if (r->reviewer_id == u->id)
        return say(why, n, "自分が記録した利用状況確認への対応は記録できません（兼務の禁止: ポリシー004 §1(8)）");
    if (decides_register(u->role)) return true;
    if (u->role == ROLE_DEPT_HEAD && u->dept_id == s->dept_id) return true;
    return say(why, n,
               "利用状況確認への対応は情報セキュリティ責任者又は統括情報セキュリティ責任者が記録します"
               "（規定003 §4(8)：相談）");
}

bool policy_may_redesignate(const kuser *u, const kservice *s, char *why, size_t n)
{
    if (!u || !u->active) return say(why, n, "利用者が無効です");
    /* §8-4: the 部局's 情報セキュリティ責任者 decides the 機密性1 services of the 部局 (004 §8-4(2)②) */
    if (!decides_end(u, s->dept_id, s->conf))
        return say(why, n,
                   "クラウドサービス管理者の指名は利用申請の許可権限者（統括情報セキュリティ責任者・CISO）が、機密性1の"
                   "サービスは部局の情報セキュリティ責任者が行います（規定003 §4(4)②、ポリシー004 §8-3(5)③・§8-4(2)②）");
    if (strcmp(s->status, "active")) return say(why, n, "終了したクラウドサービスの管理者は変更できません");
    return true;
}

bool policy_may_build_check(const kuser *u, const kservice *s, char *why, size_t n)
{
    if (!u || !u->active) return say(why, n, "利用者が無効です");
    if (read_only(u->role)) return say(why, n, read_only_why(u->role));
    if (strcmp(s->status, "active")) return say(why, n, "終了したクラウドサービスの導入・構築時確認は記録できません");
    if (!strcmp(s->build_state, "done")) return say(why, n, "このサービスの導入・構築時確認は記録済みです");
    if (!strcmp(s->build_state, "none"))
        return say(why, n, "機密性1のサービスには導入・構築時確認はありません（ポリシー004 §8-4）");
    if (strcmp(s->build_state, "pending"))
        return say(why, n, "このサービスは導入・構築時確認の記録を始める前から利用されています（記録の対象外）");
    if (s->manager_id == u->id) return true;
    return say(why, n,
               "導入・構築時確認は指名されたクラウドサービス管理者が記録します（ポリシー004 §8-3(6)④、規定003 §4(5)）");
}

bool policy_may_terminate(const kuser *u, const kservice *s, char *why, size_t n)
{
    if (!u || !u->active) return say(why, n, "利用者が無効です");
    if (read_only(u->role)) return say(why, n, read_only_why(u->role));
    if (strcmp(s->status, "active")) return say(why, n, "このクラウドサービスは既に終了しています");
    if (s->manager_id == u->id) return true;
    if (u->role == ROLE_DEPT_HEAD && u->dept_id == s->dept_id) return true;
    return say(why, n,
               "終了連絡はこのサービスの部局の情報セキュリティ責任者又はクラウドサービス管理者が行います"
               "（規定003 §4(4)③）");
}

bool policy_review_queue(const kuser *u, int64_t *dept_id)
{
    *dept_id = 0;
    if (sees_all(u->role)) return true;
    if (u->role != ROLE_DEPT_HEAD || !u->dept_id) return false;
    *dept_id = u->dept_id;
    return true;
}

bool policy_termination_queue(const kuser *u, int64_t *dept_id, int64_t *filer_id)
{
    *dept_id = *filer_id = 0;
    if (!u) return false;
    if (sees_all(u->role)) return true;
    *filer_id = u->id;
    if (u->role == ROLE_DEPT_HEAD) *dept_id = u->dept_id;
    return true;
}

void policy_due_scope(const kuser *u, bool mine, kdue_query *q)
{
    /* the CISO and the 統括 keep the exceptions: reports due, re-checks, expiries (004 §7-4(2)(3)) */
    q->governance = decides_register(u->role);
    if (!mine && sees_all(u->role)) return;
    q->user_id = u->id;
    if (u->role == ROLE_DEPT_HEAD) q->dept_id = u->dept_id;
}

bool policy_annual_scope(const kuser *u, int64_t *dept_id, char *why, size_t n)
{
    if (sees_all(u->role)) return true;
    if (u->role == ROLE_DEPT_HEAD && u->dept_id) {
        *dept_id = u->dept_id;
        return true;
    }
    return say(why, n,
               "年次利用状況確認は統括情報セキュリティ責任者・CISO・監査（部局の情報セキュリティ責任者は自部局分）が"
               "閲覧します（規定003 §4(8)、ポリシー004 §8-3(7)⑤）");
}

bool policy_sees_annual(const kuser *u)
{
    int64_t dept = 0;
    return u && u->active && policy_annual_scope(u, &dept, NULL, 0);
}

/* The due lists are about services one manages or oversees; the システム管理者 manages users and settings. */
bool policy_sees_due(const kuser *u) { return u && u->active && u->role != ROLE_NONE && u->role != ROLE_ADMIN; }

static const char END_DECIDERS[] =
    "は統括情報セキュリティ責任者（利用申請の許可権限者）又はCISOが、機密性1のサービスは部局の情報セキュリティ責任者"
    "が行います（規定003 §4(4)③、ポリシー004 §8-4(2)②）";

bool policy_may_accept_termination(const kuser *u, const ktermination *t, char *why, size_t n)
{
    if (!u || !u->active) return say(why, n, "利用者が無効です");
    if (!decides_end(u, t->dept_id, t->conf)) {
        if (why && n) snprintf(why, n, "終了連絡の受理%s", END_DECIDERS);
        return false;
    }
    if (strcmp(t->state, "filed")) return say(why, n, "受理待ちの終了連絡ではありません");
    if (t->filed_by == u->id)
        return say(why, n, "終了連絡を提出した本人は受理・差戻しできません（兼務の禁止: ポリシー004 §1(8)）");
    return true;
}

bool policy_may_file_disposal(const kuser *u, const kservice *s, char *why, size_t n)
{
    if (!u || !u->active) return say(why, n, "利用者が無効です");
    if (read_only(u->role)) return say(why, n, read_only_why(u->role));
    if (strcmp(s->status, "terminated") || strcmp(s->disposal_state, "pending"))
        return say(why, n,
                   !strcmp(s->status, "active") ? "廃棄・削除完了報告は終了連絡の受理の後に行います（規定003 §4(7)）"
                                                : "このサービスの廃棄・削除は確認済みです");
    if (s->manager_id == u->id) return true;
    if (u->role == ROLE_DEPT_HEAD && u->dept_id == s->dept_id) return true;
    return say(why, n,
               "廃棄・削除完了報告はこのサービスの部局の情報セキュリティ責任者又はクラウドサービス管理者が行います"
               "（規定003 §4(7)、ポリシー004 §8-3(8)②）");
}

bool policy_may_accept_disposal(const kuser *u, const kdisposal *p, char *why, size_t n)
{
    if (!u || !u->active) return say(why, n, "利用者が無効です");
    if (!decides_end(u, p->dept_id, p->conf)) {
        if (why && n) snprintf(why, n, "廃棄・削除完了報告の受理%s", END_DECIDERS);
        return false;
    }
    if (strcmp(p->state, "filed")) return say(why, n, "受理待ちの廃棄・削除完了報告ではありません");
    if (p->filed_by == u->id)
        return say(why, n, "廃棄・削除完了報告を提出した本人は受理・差戻しできません（兼務の禁止: ポリシー004 §1(8)）");
    return true;
}

/* ---- 例外措置 (004 §7-4) ---- */

static const char CISO_ONLY[] = "例外措置の許可はCISO（最高情報セキュリティ責任者）が行います（ポリシー004 §7-4(1)）";

bool policy_may_decide_exception(const kuser *u, const kapp *app, char *why, size_t n)
{
    if (!u || !u->active) return say(why, n, "利用者が無効です");
    if (u->role != ROLE_CISO) return say(why, n, CISO_ONLY);
    if (!app || strcmp(app->state, "submitted")) return say(why, n, "申請中の申請だけに例外措置を許可・不許可できます");
    if (app->applicant_id == u->id)
        return say(why, n, "申請者は自分の申請の例外措置を許可できません（兼務の禁止: ポリシー004 §1(8)①）");
    return true;
}

bool policy_may_approve_excepted(const kuser *u, int64_t exc_ciso_id, char *why, size_t n)
{
    if (u && exc_ciso_id && u->id == exc_ciso_id)
        return say(why, n,
                   "例外措置を許可したCISOは同じ申請を承認できません。統括情報セキュリティ責任者が審査します"
                   "（兼務の禁止: ポリシー004 §1(8)①）");
    return true;
}

bool policy_may_approve_emergency(const kuser *u, const kapp *app, krole applicant_role, char *why, size_t n)
{
    if (!policy_allows(u, ACT_DECIDE, app, applicant_role, why, n)) return false;
    if (u->role != ROLE_APPROVER)
        return say(why, n,
                   "緊急時の先行承認は統括情報セキュリティ責任者が行い、事後速やかにCISOに報告します（ポリシー004 §7-4(2)）");
    return true;
}

bool policy_may_report_exception(const kuser *u, const kexception *e, char *why, size_t n)
{
    if (!u || !u->active) return say(why, n, "利用者が無効です");
    if (u->role != ROLE_CISO) return say(why, n, "緊急時の例外措置の事後報告はCISOが受けて記録します（ポリシー004 §7-4(2)）");
    if (strcmp(e->state, "report_due")) return say(why, n, "事後報告を待っている例外措置ではありません");
    if (e->emergency_by == u->id)
        return say(why, n, "緊急承認した本人は事後報告を記録できません（兼務の禁止: ポリシー004 §1(8)①）");
    return true;
}

bool policy_may_recheck_exception(const kuser *u, const kexception *e, char *why, size_t n)
{
    if (!u || !u->active) return say(why, n, "利用者が無効です");
    if (u->role != ROLE_CISO)
        return say(why, n, "例外措置の定期的な確認はCISOが行います（ポリシー004 §7-4(3)）");
    if (strcmp(e->state, "granted") && strcmp(e->state, "reported"))
        return say(why, n, "効力のある例外措置だけを定期確認します");
    return true;
}

bool policy_may_except_disposal(const kuser *u, const kservice *s, char *why, size_t n)
{
    if (!u || !u->active) return say(why, n, "利用者が無効です");
    if (u->role != ROLE_CISO) return say(why, n, CISO_ONLY);
    if (s->manager_id == u->id)
        return say(why, n, "サービスの管理者は自分の廃棄方法の例外措置を許可できません（兼務の禁止: ポリシー004 §1(8)①）");
    if (form_track_of(s->conf) != TRACK_83)
        return say(why, n, "機密性1のサービスの廃棄方法に例外措置は要りません（暗号化消去の定めは機密性2以上: ポリシー004 §8-3(8)③）");
    /* while the method is still to be chosen: in use, or 終了処理中 until the 廃棄・削除完了報告 is accepted */
    if (strcmp(s->status, "active") && strcmp(s->disposal_state, "pending"))
        return say(why, n, "このサービスの廃棄・削除は確認済みです");
    return true;
}

bool policy_may_view_exceptions(const kuser *u)
{
    return u && u->active && (u->role == ROLE_CISO || u->role == ROLE_APPROVER || u->role == ROLE_AUDITOR);
}

bool policy_permits_exceptions(const kuser *u) { return u && u->active && u->role == ROLE_CISO; }

bool policy_minds_exceptions(const kuser *u) { return u && u->active && decides_register(u->role); }
