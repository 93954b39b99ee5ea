/* Making databases: `kumo init` for a municipality, `kumo demo` for trying every screen at once. */
#include "app/setup.h"

#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/internal.h"
#include "app/privilege.h"
#include "db/dbfile.h"
#include "forms/clock.h"

/* The permissions of a new database: 0660 for the group in a privileged run (the system database; its -wal and -shm
   follow), else what SQLite gives a new file (0644 less the umask), as a single-user install always had. */
static unsigned new_db_mode(void)
{
    if (priv_active()) return 0660;
    mode_t m = umask(0);
    umask(m);
    return 0644 & ~m;
}

/* Only root makes the shared database of a many-user install: a user who ran kumo before `sudo kumo init` must not
   become its システム管理者. */
static bool may_make_here(void) { return !priv_active() || getuid() == 0; }

kstatus kumo_init(const char *path, const char *org, const char *admin_login, const char *admin_name)
{
    if (!may_make_here()) return KS_DENIED;
    dbfile_sweep(path);
    struct stat st;
    bool empty = stat(path, &st) == 0 && st.st_size == 0;   /* an empty file is no database: it may be replaced */
    if (stat(path, &st) == 0 && !empty) return KS_EXISTS;
    /* built under a temporary name and renamed into place whole: a kill leaves nothing or a complete database */
    dbfile_new nf;
    kstatus s = dbfile_begin(path, new_db_mode(), &nf);
    if (s) return s;
    kumo *k = NULL;
    s = kumo_open(nf.tmp, DB_OPEN_CREATE, &k);
    kuser u = {0};
    snprintf(u.login, sizeof u.login, "%s", admin_login);
    snprintf(u.name, sizeof u.name, "%s", admin_name);
    u.role = ROLE_ADMIN;   /* the one who makes the database administers it */
    u.active = true;
    if (!s) s = kumo_tx_begin(k);
    if (!s) s = db_setting_set(k->db, "org_name", org);
    if (!s) s = db_setting_set(k->db, "demo", "0");
    if (!s) s = db_setting_set(k->db, "review_interval_months", "12");
    if (!s) s = db_setting_set(k->db, "timezone", CLOCK_DEFAULT_ZONE);
    if (!s) s = db_user_add(k->db, &u, &u.id);
    if (!s) {
        k->me = u;   /* the record's actor: the one who makes the database */
        kumo_audit(k, "データベース作成", audit_kind_code(AK_SETTINGS), 0, org, "");
        kumo_audit_touch(k, AK_SETTINGS, 0);
        kumo_audit_touch(k, AK_USER, u.id);
        kumo_audit_change(k, "団体名", "", org);
        kumo_audit_change(k, "システム管理者", "", u.login);
        kumo_audit_change(k, "タイムゾーン", "", CLOCK_DEFAULT_ZONE);
        kumo_audit_change(k, "利用状況確認の間隔（月）", "", "12");
    }
    if (k) s = kumo_tx_end(k, s);
    kumo_close(&k);
    if (s) {
        dbfile_discard(&nf);
        return s;
    }
    return dbfile_place(&nf, empty);
}

/* ---- the first screen of a new database ---- */

bool setup_depts_done(const ksetup_state *s) { return s->depts > 0; }

/* someone to decide each track: a 統括 (or CISO) for 機密性2以上, a 情報セキュリティ責任者 for 機密性1 (003 §4(4)②,
   004 §8-4(2)②) */
bool setup_users_done(const ksetup_state *s)
{
    return s->roles[ROLE_APPROVER] + s->roles[ROLE_CISO] > 0 && s->roles[ROLE_DEPT_HEAD] > 0;
}

kstatus setup_state(kumo *k, ksetup_state *out)
{
    kumo_step(k);
    memset(out, 0, sizeof *out);
    kstatus s = db_setup_counts(k->db, &out->depts, out->roles, &out->services);
    if (s) return kumo_result(k, s);
    char v[16] = "";
    out->interval_set = db_setting_get(k->db, "review_interval_confirmed", v, sizeof v) == KS_OK && !strcmp(v, "1");
    out->interval = kumo_review_interval(k);
    out->shown = !k->demo && policy_may_administer(&k->me, NULL, 0) && (!setup_depts_done(out) || !setup_users_done(out));
    return KS_OK;
}

/* ---- the demo municipality ---- */

static const char *const DEPTS[] = {"総務部", "企画部", "市民生活部", "健康福祉部", "教育委員会事務局", "建設部"};

static const struct {
    const char *login, *name;
    krole role;
    int dept; /* index into DEPTS, -1 = none */
    const char *section;
} USERS[] = {
    {"sato", "佐藤 一郎", ROLE_DEPT_HEAD, 0, "総務課"},
    {"suzuki", "鈴木 花子", ROLE_STAFF, 0, "総務課"},
    {"takahashi", "高橋 健", ROLE_APPROVER, 1, "情報政策課"},
    {"yoshida", "吉田 亮", ROLE_STAFF, 1, "情報政策課"},
    {"tanaka", "田中 美咲", ROLE_DEPT_HEAD, 3, "福祉課"},
    {"ito", "伊藤 大輔", ROLE_STAFF, 3, "健康づくり課"},
    {"watanabe", "渡辺 直子", ROLE_DEPT_HEAD, 2, "市民課"},
    {"yamamoto", "山本 翔", ROLE_STAFF, 2, "市民課"},
    {"matsumoto", "松本 由美", ROLE_DEPT_HEAD, 4, "学校教育課"},
    {"nakamura", "中村 修", ROLE_CISO, 1, "副市長"},
    {"kobayashi", "小林 恵", ROLE_AUDITOR, -1, "監査委員事務局"},
    {"kato", "加藤 誠", ROLE_ADMIN, 1, "情報政策課"},
};

typedef struct demo_app {
    const char *as;          /* applicant login */
    const char *values[FF_COUNT];
    const char *state;       /* what to drive it to */
    const char *decider;     /* login of the decider */
    const char *comment;
    const char *manager;
    const char *day_filed, *day_decided;
    const char *fail_code;   /* a 確認事項 answered 不適合 (an 例外措置, 004 §7-4) */
    const char *exc;         /* before the decision: "grant" / "refuse" (the CISO, §7-4(1)); "emergency" (§7-4(2)) */
} demo_app;

#define V(kind, svc, prov, type, conf, loc, law, start, end, purpose)                                            \
    [FF_KIND] = kind, [FF_SERVICE_NAME] = svc, [FF_PROVIDER] = prov, [FF_SERVICE_TYPE] = type, [FF_CONF] = conf, \
    [FF_LOCATION] = loc, [FF_LAW] = law, [FF_START] = start, [FF_END] = end, [FF_PURPOSE] = purpose

static const demo_app APPS[] = {
    {"sato", {V("新規", "電子申請サービス", "株式会社みらいクラウド", "SaaS", "2", "国内", "日本法・日本の裁判所",
                "2025-07-01", "", "住民からの各種申請をオンラインで受け付ける")},
     "approved", "takahashi", "", "yoshida", "2025-05-12", "2025-05-20", NULL, NULL},
    {"tanaka", {V("新規", "介護認定審査会資料共有", "北日本データ株式会社", "SaaS", "3B", "国内",
                  "日本法・日本の裁判所", "2025-10-01", "2028-03-31", "審査会委員への資料配付を電子化する")},
     "approved", "takahashi", "", "tanaka", "2025-08-04", "2025-08-25", NULL, NULL},
    {"watanabe", {V("新規", "オンライン会議サービス", "Global Meeting Inc.", "Web会議", "2", "国外",
                    "外国法又は外国の裁判所", "2025-04-01", "2026-03-31", "庁外関係者との打合せをオンラインで行う")},
     "conditional", "takahashi", "会議資料に個人情報を含めない。録画は庁内サーバに保存し、クラウドには残さない",
     "watanabe", "2025-03-03", "2025-03-17", "4(2)-1", "grant"},
    {"suzuki", {V("新規", "地図作成サービス", "オープンマップ株式会社", "検索・翻訳・地図", "1", "国内", "",
                  "2026-05-01", "", "避難所案内図を作成し公開する")},
     "approved", "sato", "", "suzuki", "2026-04-06", "2026-04-10", NULL, NULL},
    {"matsumoto", {V("新規", "学習支援プラットフォーム", "株式会社まなびネット", "SaaS", "2", "国内",
                     "日本法・日本の裁判所", "2027-04-01", "", "児童生徒の学習記録を管理する")},
     "approved", "takahashi", "", "matsumoto", "2026-10-01", "2026-10-20", NULL, NULL},
    {"tanaka", {V("新規", "健診予約システム", "ヘルスケアシステムズ株式会社", "SaaS", "3C", "国内",
                  "日本法・日本の裁判所", "2027-01-04", "", "特定健診の予約を受け付ける")},
     "submitted", NULL, NULL, NULL, "2026-11-16", NULL, NULL, NULL},
    {"ito", {V("新規", "翻訳サービス", "ことばテック株式会社", "検索・翻訳・地図", "1", "国内", "", "2026-12-01",
               "", "外国人住民向けのお知らせを翻訳する")},
     "submitted", NULL, NULL, NULL, "2026-11-18", NULL, NULL, NULL},
    {"watanabe", {V("新規", "窓口予約サービス", "株式会社よやくドットコム", "SaaS", "2", "国内",
                    "日本法・日本の裁判所", "2027-02-01", "", "市民課窓口の来庁予約を受け付ける")},
     "returned", "takahashi", "調達時のセキュリティ要件確認結果の資料番号を記入してください", NULL, "2026-11-02",
     "2026-11-09", NULL, NULL},
    {"sato", {V("新規", "ファイル共有ストレージ", "Overseas Storage LLC", "IaaS", "3B", "不明", "不明",
                "2026-12-01", "", "部局間で大容量ファイルを共有する")},
     "rejected", "takahashi", "保存場所と準拠法が確認できず、選定基準①を満たさないため", NULL, "2026-09-01",
     "2026-09-15", "4(2)-1", "refuse"},
    {"yamamoto", {V("新規", "SNS公式アカウント", "SNS運営会社", "SNS", "1", "国外", "", "2026-12-15", "",
                    "市民課からのお知らせを発信する")},
     "draft", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
    {"sato", {V("新規", "文書管理クラウド", "", "SaaS", "", "", "", "", "", "")},
     "draft", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
    {"yoshida", {V("新規", "アンケート集計サービス", "株式会社フォームズ", "SaaS", "1", "国内", "", "2026-12-01",
                   "", "職員向け研修アンケートを集計する")},
     "withdrawn", NULL, "内容を見直すため引き戻します", NULL, "2026-11-10", "2026-11-11", NULL, NULL},
};

static const char *user_login_to_set(kumo *k, const char *login)
{
    kstatus s = kumo_login(k, login);
    return s ? kumo_last_error(k) : NULL;
}

static void fill_defaults(const char *v[FF_COUNT], form_track t)
{
    static const char *const D83[FF_COUNT] = {
        [FF_CONTACT] = "内線 1234", [FF_SCOPE] = "対象業務の受付・照会・集計", [FF_USER_SCOPE] = "所管課の職員",
        [FF_USER_COUNT] = "25", [FF_INTEG] = "2", [FF_AVAIL] = "2", [FF_PERSONAL] = "有", [FF_MYNUMBER] = "無",
        [FF_PIA] = "不要", [FF_NETWORK] = "LGWAN接続系", [FF_CERTS] = "ISMAP登録、ISO/IEC 27001",
        [FF_CONTRACT] = "個別契約・SLA", [FF_PROCUREMENT] = "調達仕様書 別紙3 セキュリティ要件確認表",
        [FF_RENEWAL] = "2028-03-31",
    };
    static const char *const D84[FF_COUNT] = {
        [FF_CONTACT] = "内線 2345", [FF_SCOPE] = "公開情報の作成・発信", [FF_USER_SCOPE] = "担当職員",
        [FF_USER_COUNT] = "3", [FF_PERSONAL] = "無", [FF_NETWORK] = "インターネット接続系",
        [FF_CONTRACT] = "約款", [FF_RENEWAL] = "2028-03-31",
    };
    const char *const *d = t == TRACK_83 ? D83 : D84;
    for (int f = 0; f < FF_COUNT; f++)
        if (!v[f] && d[f]) v[f] = d[f];
    /* 機密性3B・3C: the classification's 取扱制限 (ポリシー004 §2(1)) */
    if (!v[FF_HANDLING] && v[FF_CONF] && (!strcmp(v[FF_CONF], "3B") || !strcmp(v[FF_CONF], "3C")))
        v[FF_HANDLING] = "必要以上の複製・配付の禁止、保管場所の制限、送信時の暗号化、復元不可能な処理を施しての廃棄";
}

/* The 申請書's field labelled `label`, for the 確認事項's conflicts. */
static const char *demo_field(const char *label, void *ctx)
{
    const kapp *a = ctx;
    int f = form_field_by_name(label);
    return f < 0 ? NULL : a->v[f] ? a->v[f] : "";
}

/* Answers every item as the form implies: 不適合 for fail_code and for an item the form contradicts (4(2)-1 with data
   stored abroad), 該当なし for personal-data items of a service without personal data, else 適合 — each with its
   確認内容. */
static kstatus demo_answer_all(kumo *k, kapp *a, const char *fail_code)
{
    ck_answer *ans;
    size_t n;
    kstatus s = db_answers_load(k->db, a->id, &ans, &n);
    if (s) return s;
    for (size_t i = 0; i < n && !s; i++) {
        char msg[640];
        free(ans[i].answer);
        ans[i].answer = strdup("適合");
        bool fail = (fail_code && !strcmp(ans[i].code, fail_code)) ||
                    checklist_check_conflict(&ans[i], demo_field, a, "申請書", msg, sizeof msg);
        bool na = strstr(ans[i].text, "個人情報") && !strcmp(a->v[FF_PERSONAL], "無");
        free(ans[i].answer);
        free(ans[i].note);
        free(ans[i].reason);
        ans[i].answer = strdup(fail ? "不適合" : na ? "該当なし" : "適合");
        /* every answer with its 確認内容: a 不適合 says what is missing, a 該当なし why it does not apply */
        ans[i].note = strdup(fail ? "保存場所・準拠法が国内・日本法ではない（選定基準①）。機密情報を置かない運用とし、"
                                    "例外措置を申請する"
                             : na ? "個人情報を取り扱わないため"
                                  : "契約書・仕様書で確認済み");
        ans[i].reason = strdup(checklist_reason_for(ans[i].answer));
        s = wf_set_answer(k, a, &ans[i]);
    }
    checklist_answers_free(&ans, n);
    return s;
}

/* The demo's records are dated as if made on `day` at 10:00 in the organisation's zone. */
static void set_day(const char *day)
{
    kdate d;
    if (date_parse(day, &d)) clock_pin(d, 10, 0);
}

static kstatus demo_one(kumo *k, const demo_app *d)
{
    const char *err = user_login_to_set(k, d->as);
    if (err) return KS_NOTFOUND;
    if (d->day_filed) set_day(d->day_filed);
    kapp a;
    kstatus s = wf_new_draft(k, &a);
    if (s) return s;
    const char *v[FF_COUNT];
    memcpy(v, d->values, sizeof v);
    form_track t = form_track_of(v[FF_CONF]);
    if (t != TRACK_NONE && strcmp(d->state, "draft")) fill_defaults(v, t);
    for (int f = 0; f < FF_COUNT && !s; f++)
        if (v[f] && *v[f] && f != FF_SECTION) s = wf_set_field(k, &a, (form_field)f, v[f]);
    if (!s && strcmp(d->state, "draft") && t != TRACK_NONE) s = demo_answer_all(k, &a, d->fail_code);
    if (!s && strcmp(d->state, "draft")) s = wf_submit(k, &a);
    if (!s && !strcmp(d->state, "withdrawn")) {
        set_day(d->day_decided);
        s = wf_withdraw(k, &a, d->comment);
    }
    if (!s && d->exc && strcmp(d->exc, "emergency")) {
        /* the CISO decides the 例外措置 first (004 §7-4(1)) */
        set_day(d->day_decided);
        user_login_to_set(k, "nakamura");
        if (!strcmp(d->exc, "grant")) {
            kdate day;
            date_parse(d->day_decided, &day);
            char until[11], recheck[11];
            date_format(date_add_months(day, 24), until, sizeof until);
            date_format(date_add_months(day, 11), recheck, sizeof recheck);
            exc_input in = {.reason = "国内リージョンの提供がなく、代替サービスの調達に時間を要するため",
                            .conditions = d->comment ? d->comment : "機密性2の情報を保存しない",
                            .valid_until = until, .recheck_on = recheck};
            s = exc_grant(k, &a, &in, NULL);
        } else {
            s = exc_refuse(k, &a, "保存場所・準拠法が確認できず、代替手段もあるため例外措置は認めない", NULL);
        }
    }
    if (!s && d->decider) {
        set_day(d->day_decided);
        user_login_to_set(k, d->decider);
        kuser mgr = {0};
        if (d->manager) db_user_by_login(k->db, d->manager, &mgr);
        if (d->exc && !strcmp(d->exc, "emergency")) {
            wf_approval o = {.conditional = true, .comment = d->comment, .manager_id = mgr.id,
                             .emergency = "台風の接近で避難所の開設状況を即日共有する必要があり、CISOの許可を待てないため"};
            s = wf_approve_with(k, &a, &o);
        } else if (!strcmp(d->state, "approved")) s = wf_approve(k, &a, false, d->comment, mgr.id, NULL);
        else if (!strcmp(d->state, "conditional")) s = wf_approve(k, &a, true, d->comment, mgr.id, NULL);
        else if (!strcmp(d->state, "returned")) s = wf_return(k, &a, d->comment);
        else if (!strcmp(d->state, "rejected")) s = wf_reject(k, &a, d->comment);
    }
    kapp_clear(&a);
    return s;
}

/* ---- bulk rows (kumo demo --rows N) ----
   Rows for trying a large register, made the way the workflow makes them, so that they keep its invariants: every
   application but a draft has its 申請番号 numbered per 年度 and a 提出 in the history; a decided one has its 許可 half
   and a history row of the decision; an approved one has its service in the 台帳 (承認番号 numbered per 年度 of the
   承認日, the application and the service pointing at each other) with a クラウドサービス管理者 and a 次回確認期限.
   Of ten rows, six are approved, one each 申請中, 差戻し, 却下 and 下書き; one in three is a §8-4 (機密性1)
   application of a 職員等 decided by their 部局's 情報セキュリティ責任者, the others §8-3 applications of a
   情報セキュリティ責任者 decided by the 統括情報セキュリティ責任者. Dates run from 2019-04-01 to 2026-10-31 in id
   order. Not made: the 確認事項 answers of each application (tens of rows each) and 導入・構築時確認 records (the
   services count as in use from before kumo recorded them: build_state legacy, or none for 機密性1).
   The rows are written in transactions of BULK_BATCH applications, so a row costs the same at any N: each
   application by one prepared statement, reused, with the id of its service to come; then, by one statement each,
   the services of the batch's approved applications and the history of every application (db_bulk_services,
   db_bulk_history), the search index (db_search_catch_up) and the one audit record that names every row written,
   digested a range at a time. The database's CHECK and REFERENCES constraints are not evaluated row by row meanwhile
   (db_bulk_mode): the rows satisfy them (test_search demo_bulk_rows_are_consistent). */

#define BULK_BATCH 20000

typedef struct bulk_seq { int key; int next; } bulk_seq;

typedef struct bulk {
    kumo *k;
    kdb *db;
    kuser heads[4];        /* 情報セキュリティ責任者: file §8-3, decide §8-4 of their 部局 */
    kuser staff[3];        /* 職員等 of the first three heads' 部局 */
    kuser approver;        /* 統括情報セキュリティ責任者 */
    char stamp_tail[CLOCK_STAMP_SIZE];   /* "T10:00:00+09:00" */
    bulk_seq app_seq[64], svc_seq[64];
    int n_app_seq, n_svc_seq;
    int interval;
    int64_t last_app_id, last_svc_id;
} bulk;

static kstatus bulk_next(bulk *b, bool svc, int fy, int *out)
{
    bulk_seq *v = svc ? b->svc_seq : b->app_seq;
    int *n = svc ? &b->n_svc_seq : &b->n_app_seq;
    for (int i = 0; i < *n; i++)
        if (v[i].key == fy) {
            *out = v[i].next++;
            return KS_OK;
        }
    if (*n >= 64) return KS_ERROR;
    int next = 1;
    kstatus s;
    if (svc) {
        char prefix[16];
        snprintf(prefix, sizeof prefix, "AP-R%d-", date_reiwa_year(fy));
        s = db_service_next_seq(b->db, prefix, &next);
    } else {
        s = db_app_next_seq(b->db, fy, &next);
    }
    if (s) return s;
    v[*n] = (bulk_seq){.key = fy, .next = next + 1};
    (*n)++;
    *out = next;
    return KS_OK;
}

static kstatus bulk_row(bulk *b, long i, long rows)
{
    static const char *const NAMES[] = {"電子申請", "施設予約", "文書管理", "財務会計", "グループウェア",
                                        "Web会議", "地図情報", "翻訳", "アンケート", "電子契約"};
    static const char *const PROVIDERS[] = {"株式会社サンプル", "みらいクラウド株式会社", "北日本データ株式会社",
                                            "Global Cloud Inc."};
    static const char *const CONFS[] = {"2", "3C", "2", "3B"};
    static const char *const STATES[] = {"approved", "approved", "approved", "approved", "approved", "approved",
                                         "submitted", "returned", "rejected", "draft"};
    const char *state = STATES[i % 10];
    bool s84 = i % 3 == 0;
    const kuser *filer = s84 ? &b->staff[(i / 3) % 3] : &b->heads[i % 4];
    const kuser *decider = s84 ? &b->heads[(i / 3) % 3] : &b->approver;
    kdate first = {2019, 4, 1};
    kdate applied = date_add_days(first, (int)(i * 2770 / (rows > 0 ? rows : 1)));
    kdate decided = date_add_days(applied, 7);
    char applied_s[11], decided_s[11], due_s[11], start_s[11], at_applied[CLOCK_STAMP_SIZE + 12],
        at_decided[CLOCK_STAMP_SIZE + 12];
    date_format(applied, applied_s, sizeof applied_s);
    date_format(decided, decided_s, sizeof decided_s);
    date_format(date_add_days(applied, 61), start_s, sizeof start_s);
    date_format(date_add_months(decided, b->interval), due_s, sizeof due_s);
    snprintf(at_applied, sizeof at_applied, "%s%s", applied_s, b->stamp_tail);
    snprintf(at_decided, sizeof at_decided, "%s%s", decided_s, b->stamp_tail);
    bool draft = !strcmp(state, "draft"), approved = !strcmp(state, "approved");
    bool decided_yet = approved || !strcmp(state, "returned") || !strcmp(state, "rejected");

    char name[128], app_no[24] = "", approval_no[24] = "";
    snprintf(name, sizeof name, "%sサービス %ld", NAMES[i % 10], i + 1);
    kapp a = {0};
    const char *v[FF_COUNT] = {0};
    v[FF_KIND] = "新規";
    v[FF_SECTION] = filer->section;
    v[FF_SERVICE_NAME] = name;
    v[FF_PROVIDER] = PROVIDERS[i % 4];
    v[FF_SERVICE_TYPE] = "SaaS";
    v[FF_CONF] = s84 ? "1" : CONFS[i % 4];
    v[FF_LOCATION] = "国内";
    v[FF_LAW] = "日本法・日本の裁判所";
    v[FF_START] = start_s;
    v[FF_PURPOSE] = "業務の効率化のために利用する";
    fill_defaults(v, s84 ? TRACK_84 : TRACK_83);
    for (int f = 0; f < FF_COUNT; f++) a.v[f] = (char *)(v[f] ? v[f] : "");
    a.state = (char *)state;
    a.track = (char *)(s84 ? "8-4" : "8-3");
    a.applicant_id = filer->id;
    a.dept_id = filer->dept_id;
    a.ck_key = a.ck_name = a.ck_version = "";
    a.created_at = at_applied;
    a.updated_at = decided_yet ? at_decided : at_applied;
    a.applied_on = (char *)(draft ? "" : applied_s);
    a.decision = a.decision_comment = a.decided_on = a.approval_no = a.next_review_due = "";
    kstatus s = KS_OK;
    if (!draft) {
        int fy = date_fiscal_year(applied);
        if ((s = bulk_next(b, false, fy, &a.seq))) return s;
        a.fy = fy;
        snprintf(app_no, sizeof app_no, "R%d-%04d", date_reiwa_year(fy), a.seq);
    }
    a.app_no = app_no;
    if (decided_yet) {
        a.decided_on = decided_s;
        a.decided_by = decider->id;
        a.decision = (char *)(approved ? "承認" : !strcmp(state, "returned") ? "差戻し" : "却下");
        a.decision_comment = (char *)(approved ? "" : !strcmp(state, "returned") ? "利用者の範囲を具体的に記入してください"
                                                                                 : "選定基準を満たさないため");
    }
    if (approved) {
        int seq = 0;
        int fy = date_fiscal_year(decided);
        if ((s = bulk_next(b, true, fy, &seq))) return s;
        snprintf(approval_no, sizeof approval_no, "AP-R%d-%04d", date_reiwa_year(fy), seq);
        a.approval_no = approval_no;
        a.manager_id = filer->id;
        a.next_review_due = due_s;
    }
    /* the service's id to come: db_bulk_services writes it from the application after the batch's rows */
    a.id = ++b->last_app_id;
    if (approved) a.service_id = ++b->last_svc_id;
    if ((s = db_app_insert_full(b->db, &a))) return s;
    kumo_audit_touch(b->k, AK_APPLICATION, a.id);
    if (approved) kumo_audit_touch(b->k, AK_SERVICE, a.service_id);
    return KS_OK;
}

static kstatus bulk_user(kdb *db, const char *login, kuser *u) { return db_user_by_login(db, login, u); }

static kstatus demo_bulk(kumo *k, long rows, const kprogress *p)
{
    bulk *b = calloc(1, sizeof *b);
    if (!b) return KS_NOMEM;
    b->db = k->db;
    b->interval = kumo_review_interval(k);
    static const char *const HEADS[] = {"sato", "tanaka", "watanabe", "matsumoto"};
    static const char *const STAFF[] = {"suzuki", "ito", "yamamoto"};
    kstatus s = bulk_user(k->db, "takahashi", &b->approver);
    for (int i = 0; i < 4 && !s; i++) s = bulk_user(k->db, HEADS[i], &b->heads[i]);
    for (int i = 0; i < 3 && !s; i++) s = bulk_user(k->db, STAFF[i], &b->staff[i]);
    /* the time of day and zone of every stamp, as the demo's other records have them */
    char stamp[CLOCK_STAMP_SIZE];
    clock_pin((kdate){2026, 4, 1}, 10, 0);
    clock_stamp(stamp);
    clock_unpin();
    snprintf(b->stamp_tail, sizeof b->stamp_tail, "%s", stamp + 10);
#ifdef __GLIBC__
    /* the memory of a batch is used again by the next: never handed back to the kernel and faulted in anew */
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
#endif
    if (!s) s = db_bulk_mode(k->db, true);
    k->me = (kuser){0};   /* kumo demo itself, not the last user the demo acted as */
    b->k = k;
    for (long i = 0; i < rows && !s;) {
        /* one step per batch: its rows, their search index and one audit record naming every row it wrote */
        long first = i, end = i + BULK_BATCH < rows ? i + BULK_BATCH : rows;
        s = kumo_tx_begin(k);
        int64_t app_from = 0, svc_from = 0;
        if (!s) s = db_search_defer(k->db, &app_from, &svc_from);
        b->last_app_id = app_from;
        char what[64];
        snprintf(what, sizeof what, "kumo demo --rows %ld", rows);
        kumo_audit(k, "デモデータ一括作成", "import", 0, what, "");
        b->last_svc_id = svc_from;
        for (; i < end && !s; i++) {
            progress_report(p, "デモ用の申請を作成中", i, rows);
            s = bulk_row(b, i, rows);
        }
        /* then what the batch's applications imply, a statement each: their services (the 台帳) and the history of
           each as the workflow writes it (作成, 提出, the decision) */
        if (!s) s = db_bulk_services(k->db, app_from, b->last_app_id, "legacy", "none");
        int64_t h1 = 0, h2 = 0;
        static const kbulk_history HIST = {"作成", "提出", "承認番号 %s／クラウドサービス管理者 %s／次回確認期限 %s"};
        if (!s) s = db_bulk_history(k->db, app_from, b->last_app_id, &HIST, &h1, &h2);
        for (int64_t h = h1; !s && h <= h2; h++) kumo_audit_touch(k, AK_HISTORY, h);
        if (!s) s = db_search_catch_up(k->db, app_from, svc_from);
        char n[64];
        snprintf(n, sizeof n, "%ld–%ld", first + 1, end);
        kumo_audit_change(k, "申請（行）", "", n);
        s = kumo_tx_end(k, s);
    }
    if (!s) progress_report(p, "デモ用の申請を作成中", rows, rows);
    kstatus off = db_bulk_mode(k->db, false);
    if (!s) s = off;
    free(b);
    return s;
}

/* ---- the demo after approval: reviews, a 変更申請, termination reports ----
   The demo is anchored to 2026-11-23 (the date the tests set with KUMO_TODAY): every date below is fixed, so with
   KUMO_TODAY=2026-11-23 the database holds, for ホーム and `kumo due`:
     施設予約サービス        review due within 30 days (次回確認期限 2026-12-15)
     電子申請サービス        review overdue (2026-05-20)
     オンライン会議サービス  review overdue and past its 利用終了予定日 2026-03-31 with no 終了連絡
     介護認定審査会資料共有  a review with 変更あり and 不適切と考えられる事項, awaiting the response
     電子契約サービス        a 終了連絡 awaiting 受理 (終了日 2026-12-31)
     庁内チャットサービス    終了処理中 (終了連絡 accepted, 終了日 2026-09-30): its 廃棄・削除完了報告 is overdue
     健診結果管理サービス    機密性3C, 終了 (ended 2026-03-31; its 廃棄・削除完了報告 returned once, then accepted)
     イベント申込受付サービス 機密性1, 終了処理中: its 廃棄・削除完了報告 awaits 受理 by 市民生活部's 情報セキュリティ
                             責任者 (§8-4)
     学習支援プラットフォーム 構築確認待ち (approved, 利用開始 2027-04-01, 導入・構築時確認 not yet recorded)
     オンライン相談サービス  R8-0009 申請中, 保存場所 国外 and 4(1)-3e 不適合: waiting for the CISO's 例外措置
     災害情報共有サービス    approved first in an emergency by the 統括 on 2026-11-20 (004 §7-4(2)): the CISO's
                             事後報告 is overdue
   and the exceptions: オンライン会議サービス granted by the CISO (re-checked 2026-02-10, next 2027-01-29),
   ファイル共有ストレージ refused before the 統括 rejected it.
     地図作成サービス        a 変更申請 in 申請中 (利用者数, 利用目的, URL changed)
   Run on a later real date without KUMO_TODAY, the same records simply look older. */

static const demo_app LC_APPS[] = {
    {"matsumoto", {V("新規", "施設予約サービス", "株式会社よやくドットコム", "SaaS", "2", "国内", "日本法・日本の裁判所",
                     "2026-01-05", "", "学校体育館等の施設予約を受け付ける")},
     "approved", "takahashi", "", "matsumoto", "2025-12-01", "2025-12-15", NULL, NULL},
    {"sato", {V("新規", "電子契約サービス", "株式会社サインクラウド", "SaaS", "2", "国内", "日本法・日本の裁判所",
                "2025-07-01", "2026-12-31", "事業者との契約書を電子で締結する")},
     "approved", "takahashi", "", "suzuki", "2025-06-02", "2025-06-16", NULL, NULL},
    {"yamamoto", {V("新規", "庁内チャットサービス", "チャットワークス株式会社", "SaaS", "1", "国内", "",
                    "2025-05-01", "2026-09-30", "公開情報に関する課内の連絡に使う")},
     "approved", "watanabe", "", "yamamoto", "2025-04-08", "2025-04-15", NULL, NULL},
    /* ended 2026-03-31, before the 年度 of the demo: their 廃棄・削除完了報告 (003 §4(7)) */
    {"tanaka", {V("新規", "健診結果管理サービス", "ヘルスデータ株式会社", "SaaS", "3C", "国内", "日本法・日本の裁判所",
                  "2024-10-01", "2026-03-31", "職員の健康診断結果を管理する")},
     "approved", "takahashi", "", "ito", "2024-08-20", "2024-09-10", NULL, NULL},
    {"yamamoto", {V("新規", "イベント申込受付サービス", "フォームズ株式会社", "SaaS", "1", "国内", "",
                    "2025-06-01", "2026-03-31", "市民まつりの出店・参加の申込みを受け付ける")},
     "approved", "watanabe", "", "yamamoto", "2025-05-12", "2025-05-19", NULL, NULL},
};

static const demo_app EXC_APPS[] = {
    {"tanaka", {V("新規", "オンライン相談サービス", "Global Care Inc.", "SaaS", "2", "国外", "外国法又は外国の裁判所",
                  "2027-01-04", "", "保健師による住民のオンライン健康相談を行う")},
     "submitted", NULL, NULL, NULL, "2026-11-19", NULL, "4(1)-3e", NULL},
    {"sato", {V("新規", "災害情報共有サービス", "ぼうさいクラウド株式会社", "SaaS", "2", "不明", "日本法・日本の裁判所",
                "2026-11-21", "2027-03-31", "避難所の開設状況を関係機関と共有する")},
     "approved", "takahashi", "避難所の開設状況以外の個人情報を登録しない", "sato", "2026-11-19", "2026-11-20", NULL,
     "emergency"},
};

/* The CISO's periodic re-check of the exception of an application (§7-4(3)). */
static kstatus demo_recheck(kumo *k, const char *app_no, const char *day, const char *next, const char *note)
{
    if (user_login_to_set(k, "nakamura")) return KS_NOTFOUND;
    set_day(day);
    kexception *e = malloc(sizeof *e);
    if (!e) return KS_NOMEM;
    kstatus s = exc_find(k, app_no, e);
    kdate d;
    date_parse(day, &d);
    char until[11];
    date_format(date_add_months(d, 14), until, sizeof until);
    if (!s) s = exc_recheck(k, e->id, day, next, until, note);
    free(e);
    return s;
}

/* A demo service by its name (names are unique in the demo). */
static kstatus demo_service(kumo *k, const char *name, kservice *sv)
{
    kservice_filter f = {.include_terminated = true, .search = name};
    kservice page[8];
    int n = 0;
    kstatus s = db_service_page(k->db, &f, NULL, NULL, 8, page, &n);
    for (int i = 0; !s && i < n; i++)
        if (!strcmp(page[i].name, name)) {
            *sv = page[i];
            return KS_OK;
        }
    return s ? s : KS_NOTFOUND;
}

/* The start of a demo review or report: the service, the user acting, the day, and the template `key` answered
   適合 throughout (the caller frees *ans). */
static kstatus demo_step(kumo *k, const char *service, const char *as, const char *day, const char *key,
                         kservice *sv, ck_answer **ans, size_t *n)
{
    kstatus s = demo_service(k, service, sv);
    if (s) return s;
    if (user_login_to_set(k, as)) return KS_NOTFOUND;
    set_day(day);
    if ((s = phase_checklist_blank(k, key, ans, n, NULL, 0))) return s;
    phase_answer_all(*ans, *n, "適合");
    /* an item that asks for its 確認内容 gets one */
    for (size_t i = 0; i < *n; i++)
        if ((*ans)[i].note_required) {
            free((*ans)[i].note);
            (*ans)[i].note = strdup("運用手順書・設定変更記録簿で確認");
        }
    return KS_OK;
}

static kstatus demo_review(kumo *k, const char *service, const char *as, const char *day, review_input in)
{
    kservice sv;
    ck_answer *ans;
    size_t n;
    kstatus s = demo_step(k, service, as, day, PHASE_OPERATE, &sv, &ans, &n);
    if (s) return s;
    in.v[RV_DATE] = day;
    in.answers = ans;
    in.n_answers = n;
    s = review_record(k, &sv, &in, NULL);
    checklist_answers_free(&ans, n);
    return s;
}

/* The 導入・構築時確認 of a demo service by its manager on `day`, every item 適合 (004 §8-3(6)④). */
static kstatus demo_build_check(kumo *k, const char *service, const char *as, const char *day)
{
    kservice sv;
    ck_answer *ans;
    size_t n;
    kstatus s = demo_step(k, service, as, day, PHASE_BUILD, &sv, &ans, &n);
    if (s) return s;
    build_check_input in = {.v[BC_DATE] = day, .v[BC_REMARKS] = "設定確認書・運用手順書（第1版）で確認", .answers = ans,
                            .n_answers = n};
    s = build_check_record(k, &sv, &in, NULL);
    checklist_answers_free(&ans, n);
    return s;
}

static kstatus demo_terminate(kumo *k, const char *service, const char *as, const char *day, termination_input in,
                              const char *accept_by, const char *accept_day)
{
    kservice sv;
    ck_answer *ans;
    size_t n;
    kstatus s = demo_step(k, service, as, day, PHASE_RETIRE, &sv, &ans, &n);
    if (s) return s;
    /* an account still 削除予定 is not yet deleted: its item of §4(7)③ is 不適合 until the deletion is done */
    static const struct { termination_field f; const char *code; } ACC[] = {
        {TM_ACC_USERS, "4(7)-3a"}, {TM_ACC_PRIV, "4(7)-3b"}, {TM_ACC_SPECIAL, "4(7)-3c"}};
    for (size_t a = 0; a < sizeof ACC / sizeof ACC[0]; a++)
        for (size_t i = 0; i < n && in.v[ACC[a].f] && !strcmp(in.v[ACC[a].f], "削除予定"); i++)
            if (!strcmp(ans[i].code, ACC[a].code)) {
                free(ans[i].answer);
                free(ans[i].note);
                ans[i].answer = strdup("不適合");
                ans[i].note = strdup("終了日に削除する予定（削除を確認して報告する）");
            }
    in.answers = ans;
    in.n_answers = n;
    int64_t id = 0;
    s = termination_file(k, &sv, &in, &id);
    checklist_answers_free(&ans, n);
    if (s || !accept_by) return s;
    if (user_login_to_set(k, accept_by)) return KS_NOTFOUND;
    set_day(accept_day);
    return termination_accept(k, id, "終了計画書どおりアカウント削除と情報の廃棄を確認した");
}

/* The 廃棄・削除完了報告 of an ended demo service filed by `as` on `day`; decided ('a' 受理, 'r' 差戻し) by `by` on
   `on` when by is not NULL. */
static kstatus demo_disposal(kumo *k, const char *service, const char *as, const char *day, disposal_input in,
                             const char *by, const char *on, char decision, const char *comment)
{
    kservice sv;
    kstatus s = demo_service(k, service, &sv);
    if (s) return s;
    if (user_login_to_set(k, as)) return KS_NOTFOUND;
    set_day(day);
    in.v[DS_DATE] = in.v[DS_DATE] ? in.v[DS_DATE] : day;
    int64_t id = 0;
    if ((s = disposal_file(k, &sv, &in, &id)) || !by) return s;
    if (user_login_to_set(k, by)) return KS_NOTFOUND;
    set_day(on);
    return decision == 'a' ? disposal_accept(k, id, comment) : disposal_return(k, id, comment);
}

/* A 変更申請 of 地図作成サービス by 総務部's 情報セキュリティ責任者, submitted and waiting for the approver. */
static kstatus demo_change(kumo *k)
{
    kservice sv;
    kstatus s = demo_service(k, "地図作成サービス", &sv);
    if (s) return s;
    if (user_login_to_set(k, "sato")) return KS_NOTFOUND;
    set_day("2026-11-12");
    kapp a;
    if ((s = wf_new_change(k, sv.id, &a))) return s;
    static const struct { form_field f; const char *v; } CH[] = {
        {FF_USER_COUNT, "8"},
        {FF_PURPOSE, "避難所案内図とハザードマップを作成し公開する"},
        {FF_URL, "https://map.example.jp/"},
        {FF_REMARKS, "防災担当課の職員も利用するため利用者を追加する"},
    };
    for (size_t i = 0; i < sizeof CH / sizeof CH[0] && !s; i++) s = wf_set_field(k, &a, CH[i].f, CH[i].v);
    if (!s) s = demo_answer_all(k, &a, NULL);
    if (!s) s = wf_submit(k, &a);
    kapp_clear(&a);
    return s;
}

/* The message of a failed demo step: what it was making and why (a template names its file). */
static void demo_error(kumo *k, const char *what, kstatus s, char *err, size_t n)
{
    const char *m = kumo_last_error(k);
    snprintf(err, n, "%s: %s", what, *m ? m : kumo_strerror(s));
}

static kstatus demo_lifecycle(kumo *k, char *err, size_t errn)
{
    kstatus s = KS_OK;
    for (size_t i = 0; i < sizeof LC_APPS / sizeof LC_APPS[0] && !s; i++) {
        s = demo_one(k, &LC_APPS[i]);
        if (s) demo_error(k, LC_APPS[i].values[FF_SERVICE_NAME], s, err, errn);
    }
    if (s) return s;
    /* 導入・構築時確認 before 利用開始; 学習支援プラットフォーム (利用開始 2027-04-01) still waits for it */
    static const struct { const char *service, *as, *day; } BUILT[] = {
        {"オンライン会議サービス", "watanabe", "2025-03-25"}, {"電子契約サービス", "suzuki", "2025-06-25"},
        {"電子申請サービス", "yoshida", "2025-06-20"},       {"介護認定審査会資料共有", "tanaka", "2025-09-22"},
        {"施設予約サービス", "matsumoto", "2025-12-22"},   {"健診結果管理サービス", "ito", "2024-09-25"},
    };
    for (size_t i = 0; i < sizeof BUILT / sizeof BUILT[0] && !s; i++)
        s = demo_build_check(k, BUILT[i].service, BUILT[i].as, BUILT[i].day);
    if (!s)
        s = demo_review(k, "介護認定審査会資料共有", "tanaka", "2026-08-20",
                        (review_input){
                            .v[RV_USAGE] = "変更あり", .v[RV_USERS] = "32", .v[RV_TERMS] = "有",
                            .v[RV_CHANGE] = "提供者の利用規約改定（2026年7月）により、操作ログの保存期間が1年から6か月に短縮された。"
                                             "審査会委員を4名追加した",
                            .v[RV_INCIDENT] = "無",
                            .v[RV_INAPPROPRIATE] = "操作ログの保存期間が短くなり、年1回の監査に必要な証跡が残らないおそれがある",
                            .v[RV_REFERRED] = "情報セキュリティ責任者（田中）、統括情報セキュリティ責任者（高橋）",
                        });
    if (!s)
        s = demo_review(k, "電子契約サービス", "suzuki", "2026-06-10",
                        (review_input){.v[RV_USAGE] = "継続", .v[RV_USERS] = "12", .v[RV_TERMS] = "無", .v[RV_INCIDENT] = "無"});
    if (!s)
        s = demo_review(k, "庁内チャットサービス", "yamamoto", "2026-04-10",
                        (review_input){.v[RV_USAGE] = "終了予定", .v[RV_USERS] = "9", .v[RV_TERMS] = "無", .v[RV_INCIDENT] = "無"});
    if (!s)
        s = demo_terminate(k, "電子契約サービス", "suzuki", "2026-11-16",
                           (termination_input){
                               .v[TM_END] = "2026-12-31", .v[TM_PLAN] = "作成済", .v[TM_NOTICE] = "2026-11-02",
                               .v[TM_DISPOSAL] = "事業者の削除証明の受領", .v[TM_ACC_USERS] = "削除予定",
                               .v[TM_ACC_PRIV] = "削除予定", .v[TM_ACC_SPECIAL] = "該当なし",
                               .v[TM_REMARKS] = "契約満了により終了し、次年度は財務会計システムの電子契約機能へ移行する",
                           },
                           NULL, NULL);
    if (!s)
        s = demo_terminate(k, "庁内チャットサービス", "yamamoto", "2026-09-01",
                           (termination_input){
                               .v[TM_END] = "2026-09-30", .v[TM_PLAN] = "作成済", .v[TM_NOTICE] = "2026-08-20",
                               .v[TM_DISPOSAL] = "事業者の削除証明の受領", .v[TM_ACC_USERS] = "削除予定",
                               .v[TM_ACC_PRIV] = "削除予定", .v[TM_ACC_SPECIAL] = "該当なし",
                           },
                           "takahashi", "2026-10-05");
    /* the verified end (003 §4(7)): 庁内チャットサービス above is 終了処理中 with its report still to come (overdue);
       健診結果管理サービス's report came back once and was accepted (終了); イベント申込受付サービス's (機密性1, §8-4)
       waits for 受理 by 市民生活部's 情報セキュリティ責任者 */
    static const disposal_input KENSHIN = {.v = {
        [DS_DATE] = "2026-04-08", [DS_WORKER] = "健康福祉部 職員課 伊藤 大輔", [DS_METHOD] = DISPOSAL_METHOD_CE,
        [DS_CONFIRM] = "抹消措置の完了証明書", [DS_EVIDENCE] = "ヘルスデータ株式会社 データ抹消証明書 HD-2026-0408",
        [DS_COPIES] = "削除済", [DS_ACC_USERS] = "削除済", [DS_ACC_PRIV] = "削除済", [DS_ACC_SPECIAL] = "削除済"}};
    static const disposal_input EVENT = {.v = {
        [DS_DATE] = "2026-04-15", [DS_WORKER] = "市民生活部 市民協働課 山本 翔",
        [DS_METHOD] = "上書き消去（アクセス可能な領域のみ）", [DS_CONFIRM] = "職員による作業完了の確認",
        [DS_EVIDENCE] = "管理画面のデータ削除完了画面（2026-04-15 取得）", [DS_COPIES] = "該当なし",
        [DS_ACC_USERS] = "削除済", [DS_ACC_PRIV] = "削除済", [DS_ACC_SPECIAL] = "該当なし"}};
    if (!s)
        s = demo_terminate(k, "健診結果管理サービス", "ito", "2026-03-02",
                           (termination_input){
                               .v[TM_END] = "2026-03-31", .v[TM_PLAN] = "作成済", .v[TM_NOTICE] = "2026-02-16",
                               .v[TM_DISPOSAL] = "暗号化消去", .v[TM_ACC_USERS] = "削除予定",
                               .v[TM_ACC_PRIV] = "削除予定", .v[TM_ACC_SPECIAL] = "削除予定",
                           },
                           "takahashi", "2026-03-09");
    if (!s)
        s = demo_disposal(k, "健診結果管理サービス", "ito", "2026-04-10", KENSHIN, "takahashi", "2026-04-13", 'r',
                          "証明書にバックアップの抹消が含まれていません。全ての複製の削除を事業者に証明させてください");
    if (!s) {
        disposal_input again = KENSHIN;
        again.v[DS_EVIDENCE] = "ヘルスデータ株式会社 データ抹消証明書 HD-2026-0408（バックアップを含む改訂版）";
        s = demo_disposal(k, "健診結果管理サービス", "ito", "2026-04-22", again, "takahashi", "2026-04-24", 'a',
                          "バックアップを含む抹消を証明書で確認した");
    }
    if (!s)
        s = demo_terminate(k, "イベント申込受付サービス", "yamamoto", "2026-03-02",
                           (termination_input){
                               .v[TM_END] = "2026-03-31", .v[TM_PLAN] = "作成済", .v[TM_NOTICE] = "2026-03-02", .v[TM_ACC_USERS] = "削除予定",
                               .v[TM_ACC_PRIV] = "削除予定", .v[TM_ACC_SPECIAL] = "該当なし",
                           },
                           "watanabe", "2026-03-06");
    if (!s) s = demo_disposal(k, "イベント申込受付サービス", "yamamoto", "2026-04-16", EVENT, NULL, NULL, 0, NULL);
    if (!s) s = demo_change(k);
    /* 例外措置 (004 §7-4): one waiting for the CISO, one approved first in an emergency with its 事後報告 due */
    for (size_t i = 0; i < sizeof EXC_APPS / sizeof EXC_APPS[0] && !s; i++) {
        s = demo_one(k, &EXC_APPS[i]);
        if (s) demo_error(k, EXC_APPS[i].values[FF_SERVICE_NAME], s, err, errn);
    }
    if (!s) s = demo_build_check(k, "災害情報共有サービス", "sato", "2026-11-20");
    /* the CISO's periodic re-check of the exception of オンライン会議サービス (§7-4(3)) */
    if (!s) s = demo_recheck(k, "R6-0001", "2026-02-10", "2027-01-29", "会議資料に機密情報を含めない運用を確認した");
    if (s && !*err) demo_error(k, "承認後の記録", s, err, errn);
    return s;
}

/* Whether the database at path may be replaced by a new demo: it is a demo database (or, with force, an empty
   file) and no other process has it open. */
static kstatus demo_replaceable(const char *path, bool force)
{
    struct stat st;
    if (stat(path, &st) != 0) return KS_OK;
    kumo *old = NULL;
    kstatus s = kumo_open(path, DB_OPEN_EXISTING, &old);
    bool demo = !s && old->demo;
    kumo_close(&old);
    if (!demo && !(force && s == KS_CORRUPT && st.st_size == 0)) return KS_EXISTS;
    /* the last connection to close removes the write-ahead log: one still there belongs to a live session */
    char wal[PATH_MAX + 8];
    snprintf(wal, sizeof wal, "%s-wal", path);
    return stat(wal, &st) == 0 ? KS_BUSY : KS_OK;
}

/* The demo municipality written into the new database at path. */
static kstatus demo_build(const char *path, const kdemo_opts *o, char *err, size_t errn)
{
    kumo *k = NULL;
    kstatus s = kumo_open(path, DB_OPEN_CREATE, &k);
    if (s) return s;
    kdb *db = k->db;
    s = kumo_tx_begin(k);
    if (!s) s = db_setting_set(db, "org_name", "みらい市（デモ）");
    if (!s) s = db_setting_set(db, "demo", "1");
    if (!s) s = db_setting_set(db, "review_interval_months", "12");
    if (!s) s = db_setting_set(db, "timezone", CLOCK_DEFAULT_ZONE);
    kumo_audit(k, "デモデータ作成", audit_kind_code(AK_SETTINGS), 0, "みらい市（デモ）", "");
    kumo_audit_touch(k, AK_SETTINGS, 0);
    kumo_audit_change(k, "団体名", "", "みらい市（デモ）");
    kumo_audit_change(k, "デモ", "", "1");
    int64_t ids[sizeof DEPTS / sizeof DEPTS[0]];
    for (size_t i = 0; i < sizeof DEPTS / sizeof DEPTS[0] && !s; i++) {
        s = db_dept_add(db, DEPTS[i], &ids[i]);
        if (!s) kumo_audit_touch(k, AK_DEPARTMENT, ids[i]);
    }
    for (size_t i = 0; i < sizeof USERS / sizeof USERS[0] && !s; i++) {
        kuser u = {0};
        snprintf(u.login, sizeof u.login, "%s", USERS[i].login);
        snprintf(u.name, sizeof u.name, "%s", USERS[i].name);
        u.role = USERS[i].role;
        snprintf(u.section, sizeof u.section, "%s", USERS[i].section);
        u.dept_id = USERS[i].dept >= 0 ? ids[USERS[i].dept] : 0;
        u.active = true;
        s = db_user_add(db, &u, &u.id);
        if (!s) kumo_audit_touch(k, AK_USER, u.id);
    }
    s = kumo_tx_end(k, s);
    kumo_close(&k);
    if (s) return s;

    s = kumo_open(path, DB_OPEN_EXISTING, &k);
    if (s) return s;
    for (size_t i = 0; i < sizeof APPS / sizeof APPS[0] && !s; i++) {
        s = demo_one(k, &APPS[i]);
        if (s) demo_error(k, APPS[i].values[FF_SERVICE_NAME], s, err, errn);
    }
    if (!s) s = demo_lifecycle(k, err, errn);
    clock_unpin();   /* the demo's dates end here: later steps use the real (or $KUMO_TODAY's) day */
    if (!s && o->rows > 0) {
        s = demo_bulk(k, o->rows, &o->progress);
        if (s) demo_error(k, "負荷確認用の申請", s, err, errn);
    }
    kumo_close(&k);
    return s;
}

kstatus kumo_demo(const char *path, const kdemo_opts *o, char *err, size_t errn)
{
    static const kdemo_opts NONE = {0};
    if (!o) o = &NONE;
    snprintf(err, errn, "%s", "");
    if (!may_make_here()) return KS_DENIED;
    dbfile_sweep(path);
    kstatus s = demo_replaceable(path, o->force);
    if (s) return s;
    struct stat st;
    bool replace = stat(path, &st) == 0;
    /* built under a temporary name and renamed into place whole: a kill or a failure leaves no half-made demo */
    dbfile_new nf;
    if ((s = dbfile_begin(path, new_db_mode(), &nf))) return s;
    s = demo_build(nf.tmp, o, err, errn);
    if (s) {
        dbfile_discard(&nf);
        return s;
    }
    return dbfile_place(&nf, replace);
}
