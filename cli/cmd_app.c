/* Filing and deciding, headless (issue 9: every step of the UI also a command, for scripts and tests): kumo app
   new | fields | list | set | answer | refresh | check | submit | withdraw | delete, kumo decide, kumo change and kumo
   checklist. Each calls the same app/ step as the screen (app/workflow.h), which checks the policy and gives the
   same Japanese message. An application is named by its ID (a 下書き has no 申請番号 yet; `kumo app new` and `kumo
   app list` print it) or by its 申請番号. */
#include "cli/cmd_app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/text.h"

/* Prints a value without control characters (a value typed by someone else never drives the terminal). */
static void put_clean(const char *s)
{
    char *clean = text_sanitize(s ? s : "");
    fputs(clean ? clean : "", stdout);
    free(clean);
}

/* Opens the session and the application named by argument i; NULL (the error printed, *rc set) on failure. */
static kumo *open_app(cli_ctx *c, int i, kapp *a, int *rc)
{
    const char *ref = cli_arg(c, i);
    if (!ref) {
        *rc = cli_usage_error(c);
        return NULL;
    }
    *rc = CLI_ERROR;
    kumo *k = cli_session(c);
    if (!k) return NULL;
    kstatus s = q_app_ref(k, ref, a);
    if (s) {
        cli_status_error(k, s);
        kumo_close(&k);
    }
    return k;
}

/* ---- kumo app new ---- */

static int app_new(cli_ctx *c)
{
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kapp a;
    kstatus s = wf_new_draft(k, &a);
    /* the options a draft may start with, set through the same step as a typed field */
    static const struct { const char *opt; form_field f; } START[] = {
        {"--conf", FF_CONF}, {"--kind", FF_KIND}, {"--name", FF_SERVICE_NAME}};
    for (size_t i = 0; !s && i < sizeof START / sizeof START[0]; i++) {
        const char *v = cli_opt(c, START[i].opt);
        if (v) s = wf_set_field(k, &a, START[i].f, v);
    }
    if (!s || a.id) printf("%lld\n", (long long)a.id);   /* made, even when a value was refused */
    if (a.id) kapp_clear(&a);
    return cli_done(&k, s);
}

/* ---- kumo app fields ---- */

static const char *type_name(field_type t)
{
    switch (t) {
    case FT_TEXT: return "文字";
    case FT_LONGTEXT: return "文章";
    case FT_INT: return "整数";
    case FT_DATE: return "日付";
    case FT_CHOICE: return "選択";
    case FT_MULTI: return "複数選択（、区切り）";
    }
    return "";
}

/* One line per field of the 申請書: key, label, type, required on which track, choices or length, clause. */
static int app_fields(cli_ctx *c)
{
    (void)c;
    printf("項目キー\t項目名\t種類\t必須\t値\t根拠\n");
    const field_def *d = form_fields();
    for (int f = 0; f < FF_COUNT; f++) {
        char values[512] = "";
        size_t len = 0;
        for (const char *const *ch = d[f].choices; ch && *ch && len + 1 < sizeof values; ch++) {
            int w = snprintf(values + len, sizeof values - len, "%s%s", len ? "|" : "", *ch);
            if (w > 0) len += (size_t)w < sizeof values - len ? (size_t)w : sizeof values - len - 1;
        }
        if (!d[f].choices && d[f].max_chars && (d[f].type == FT_TEXT || d[f].type == FT_LONGTEXT))
            snprintf(values, sizeof values, "%d文字以内", d[f].max_chars);
        if (d[f].type == FT_DATE) snprintf(values, sizeof values, "YYYY-MM-DD（令和9年4月1日 なども可）");
        const char *req = d[f].req_83 && d[f].req_84 ? "両方" : d[f].req_83 ? "機密性2以上" : d[f].req_84 ? "機密性1" : "";
        printf("%s\t%s\t%s\t%s\t%s\t%s\n", d[f].column, d[f].label, type_name(d[f].type), req, values, d[f].clause);
    }
    return CLI_OK;
}

/* ---- kumo app list ---- */

static int app_list(cli_ctx *c)
{
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kapp_filter f = {0};
    const char *state = cli_opt(c, "--state");
    if (state) {
        f.state = state_code(state);
        if (!f.state) {
            cli_error("--state は 下書き・申請中・差戻し・承認済・却下（draft submitted returned approved rejected）の"
                      "いずれかです");
            kumo_close(&k);
            return CLI_USAGE;
        }
    }
    f.search = cli_opt(c, "--search");
    if (cli_flag(c, "--mine")) f.applicant_id = kumo_me(k)->id;
    printf("ID\t申請番号\t状態\t区分\t部局\tクラウドサービス名\t申請者\t申請日\n");
    kapp_row rows[100];
    int64_t before = 0;
    kstatus s = KS_OK;
    for (;;) {
        int n = 0;
        if ((s = q_apps_page(k, &f, before, 0, 100, rows, &n))) break;
        for (int i = 0; i < n; i++) {
            printf("%lld\t%s\t%s\t%s\t", (long long)rows[i].id, rows[i].app_no, state_label(rows[i].state),
                   form_track_code(form_track_from_code(rows[i].track)));
            put_clean(rows[i].dept);
            putchar('\t');
            put_clean(rows[i].service_name);
            putchar('\t');
            put_clean(rows[i].applicant);
            printf("\t%s\n", rows[i].applied_on);
        }
        if (n < 100) break;
        before = rows[n - 1].id;
    }
    return cli_done(&k, s);
}

/* ---- kumo app set ---- */

static int app_set(cli_ctx *c)
{
    const char *name = cli_arg(c, 1), *value = cli_arg(c, 2);
    if (!name || !value) return cli_usage_error(c);
    int f = form_field_by_name(name);
    if (f < 0) {
        char *clean = text_sanitize(name);
        cli_error("申請書に項目「%s」はありません（kumo app fields で項目キーと項目名を表示）", clean ? clean : "");
        free(clean);
        return CLI_USAGE;
    }
    kapp a;
    int rc;
    kumo *k = open_app(c, 0, &a, &rc);
    if (!k) return rc;
    kstatus s = wf_set_field(k, &a, (form_field)f, value);
    if (!s) {
        printf("「%s」を保存しました: ", form_field_def((form_field)f)->label);
        put_clean(a.v[f]);
        putchar('\n');
    }
    kapp_clear(&a);
    return cli_done(&k, s);
}

/* ---- kumo app answer ---- */

static int app_answer(cli_ctx *c)
{
    const char *file = cli_opt(c, "--file");
    if (!file || !*file) return cli_usage_error(c);
    kapp a;
    int rc;
    kumo *k = open_app(c, 0, &a, &rc);
    if (!k) return rc;
    ck_answer *given = NULL;
    size_t n = 0;
    kstatus s = phase_answers_read(k, file, &given, &n);
    if (!s) s = wf_set_answers(k, &a, given, n);
    checklist_answers_free(&given, n);
    if (!s) {
        ck_answer *ans = NULL;
        size_t nans = 0, answered = 0, missing = 0, nonconf = 0;
        if (q_answers(k, &a, &ans, &nans) == KS_OK) checklist_progress(ans, nans, &answered, &missing, &nonconf);
        checklist_answers_free(&ans, nans);
        printf("確認事項 %zu項目の回答を保存しました（回答済 %zu/%zu、未回答の必須 %zu、不適合 %zu）\n", n, answered,
               nans, missing, nonconf);
    }
    kapp_clear(&a);
    return cli_done(&k, s);
}

/* ---- kumo app refresh ---- */

static int app_refresh(cli_ctx *c)
{
    kapp a;
    int rc;
    kumo *k = open_app(c, 0, &a, &rc);
    if (!k) return rc;
    kstatus s = wf_refresh_checklist(k, &a);
    if (!s) printf("確認事項を %s 版にしました。新しい項目に回答してください（kumo show --answers で一覧）\n", a.ck_version);
    kapp_clear(&a);
    return cli_done(&k, s);
}

/* ---- kumo app check ---- */

static int app_check(cli_ctx *c)
{
    kapp a;
    int rc;
    kumo *k = open_app(c, 0, &a, &rc);
    if (!k) return rc;
    ck_answer *ans = NULL;
    size_t nans = 0, errors = 0;
    kstatus s = q_answers(k, &a, &ans, &nans);
    if (!s) {
        form_issues lines = {0};
        wf_check_report(k, &a, ans, nans, &lines, &errors);
        printf("提出を妨げる項目（!）と不適合・要確認（*）\n");
        if (!lines.n) printf("ありません。提出できます\n");
        for (size_t i = 0; i < lines.n; i++) printf("%s\n", lines.v[i].msg);
        if (lines.n && !errors)
            printf("提出できます（不適合の項目は例外措置として、承認の前にCISOの許可が必要です: ポリシー004 §7-4）\n");
        form_issues_clear(&lines);
    }
    checklist_answers_free(&ans, nans);
    kapp_clear(&a);
    if (s) return cli_done(&k, s);
    kumo_close(&k);
    return errors ? CLI_FOUND : CLI_OK;   /* 1: something blocks submission */
}

/* ---- kumo app submit / withdraw / delete ---- */

static int app_submit(cli_ctx *c)
{
    kapp a;
    int rc;
    kumo *k = open_app(c, 0, &a, &rc);
    if (!k) return rc;
    kstatus s = wf_submit_with(k, &a, cli_opt_or(c, "--comment", ""));
    if (!s) printf("提出しました（申請番号 %s）。審査者: %s\n", a.app_no, policy_decider_label(kumo_me(k), &a));
    kapp_clear(&a);
    return cli_done(&k, s);
}

static int app_withdraw(cli_ctx *c)
{
    kapp a;
    int rc;
    kumo *k = open_app(c, 0, &a, &rc);
    if (!k) return rc;
    kstatus s = wf_withdraw(k, &a, cli_opt_or(c, "--comment", ""));
    if (!s) printf("%s を引き戻しました。下書きとして編集し、再度提出できます\n", a.app_no);
    kapp_clear(&a);
    return cli_done(&k, s);
}

static int app_delete(cli_ctx *c)
{
    kapp a;
    int rc;
    kumo *k = open_app(c, 0, &a, &rc);
    if (!k) return rc;
    kstatus s = wf_delete_draft(k, &a);
    if (!s) printf("下書き %lld を削除しました\n", (long long)a.id);
    kapp_clear(&a);
    return cli_done(&k, s);
}

/* ---- kumo decide ---- */

static int decide(cli_ctx *c)
{
    const char *what = cli_arg(c, 1);
    if (!what) return cli_usage_error(c);
    static const char *const KINDS[] = {"approve", "conditional", "return", "reject"};
    static const char *const JA[] = {"承認", "条件付承認", "差戻し", "却下"};
    int kind = -1;
    for (int i = 0; i < 4; i++)
        if (!strcmp(what, KINDS[i]) || !strcmp(what, JA[i])) kind = i;
    if (kind < 0) {
        cli_error("審査結果は approve（承認）・conditional（条件付承認）・return（差戻し）・reject（却下）のいずれかです");
        return CLI_USAGE;
    }
    const char *login = cli_opt(c, "--manager"), *due = cli_opt(c, "--due");
    if (kind >= 2 && (login || due)) {
        cli_error("--manager と --due は承認・条件付承認のときだけ指定できます");
        return CLI_USAGE;
    }
    kapp a;
    int rc;
    kumo *k = open_app(c, 0, &a, &rc);
    if (!k) return rc;
    const char *comment = cli_opt_or(c, "--comment", "");
    kstatus s = KS_OK;
    if (kind >= 2) {
        s = kind == 2 ? wf_return(k, &a, comment) : wf_reject(k, &a, comment);
        if (!s) printf("%s を%sしました\n", a.app_no, kind == 2 ? "差し戻" : "却下");
    } else {
        int64_t manager = 0;
        if (login) {
            kuser u;
            if ((s = q_user_by_login(k, login, &u)) == KS_NOTFOUND) {
                char *clean = text_sanitize(login);
                cli_error("ログイン名「%s」の利用者がいません", clean ? clean : "");
                free(clean);
                kapp_clear(&a);
                kumo_close(&k);
                return CLI_ERROR;
            }
            manager = u.id;
        } else {
            manager = wf_default_manager(k, &a);
        }
        char def[11];
        if (!due) wf_default_review_due(k, &a, def);
        if (!s) s = wf_approve(k, &a, kind == 1, comment, manager, due ? due : def);
        if (!s) wf_reload(k, &a);   /* for the names of the 許可 half (the step itself is done) */
        if (!s)
            printf("%sしました。承認番号 %s／クラウドサービス管理者 %s／次回利用状況確認期限 %s\n", a.decision,
                   a.approval_no, a.manager_name, a.next_review_due);
    }
    kapp_clear(&a);
    return cli_done(&k, s);
}

/* ---- kumo change ---- */

static int change(cli_ctx *c)
{
    const char *no = cli_arg(c, 0);
    if (!no) return cli_usage_error(c);
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kservice sv;
    kapp a = {0};
    kstatus s = q_service_by_no(k, no, &sv);
    if (!s) s = wf_new_change(k, sv.id, &a);
    if (!s) {
        printf("%lld\n", (long long)a.id);
        kapp_clear(&a);
    }
    return cli_done(&k, s);
}

/* ---- kumo show --answers and kumo checklist ---- */

static const char *const CHECKLISTS[] = {"conf2", "conf1", PHASE_BUILD, PHASE_OPERATE, PHASE_RETIRE};

static int checklist(cli_ctx *c)
{
    const char *key = cli_arg(c, 0);
    if (!key) return cli_usage_error(c);
    bool known = false;
    for (size_t i = 0; i < sizeof CHECKLISTS / sizeof CHECKLISTS[0]; i++) known |= !strcmp(key, CHECKLISTS[i]);
    if (!known) {
        cli_error("チェックリストは conf2（機密性2以上）・conf1（機密性1）・build（導入・構築時）・operate（運用・保守時）"
                  "・retire（更改・廃棄時）のいずれかです");
        return CLI_USAGE;
    }
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    ck_answer *v = NULL;
    size_t n = 0;
    kstatus s = phase_checklist_blank(k, key, &v, &n, NULL, 0);
    if (!s) s = phase_answers_write(k, stdout, v, n);
    checklist_answers_free(&v, n);
    return cli_done(&k, s);
}

/* ---- the table ---- */

static const cli_option NEW_OPTS[] = {
    {"--conf", "1|2|3C|3B", "機密性（区分が決まり、確認事項が付きます。3A は取り扱えません）", false, NULL, NULL},
    {"--kind", "新規|変更|継続", "申請区分（既定: 新規）", false, NULL, NULL},
    {"--name", "名称", "クラウドサービス名", false, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option LIST_OPTS[] = {
    {"--state", "状態", "下書き・申請中・差戻し・承認済・却下で絞り込む", false, NULL, NULL},
    {"--search", "文字列", "クラウドサービス名・提供者・申請番号で絞り込む", false, NULL, NULL},
    {"--mine", NULL, "自分が申請したものだけ", false, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option ANSWER_OPTS[] = {
    {"--file", "FILE", "回答（CSV: 見出し code,answer,note と1項目1行。kumo show 申請番号 --answers の形式）", true, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option SUBMIT_OPTS[] = {
    {"--comment", "コメント", "履歴に残すコメント", false, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option WITHDRAW_OPTS[] = {
    {"--comment", "理由", "引戻しの理由（履歴に残る）", false, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option DECIDE_OPTS[] = {
    {"--comment", "所見・条件・理由", "審査意見（承認）、条件と理由（条件付承認）、差戻し・却下の理由", false, NULL, NULL},
    {"--manager", "ログイン名", "指名するクラウドサービス管理者（既定: 変更申請はサービスの管理者、新規は申請者）", false, NULL, NULL},
    {"--due", "日付", "次回利用状況確認期限（既定: 承認日から確認間隔の後。変更申請はサービスの期限）", false, NULL, NULL},
    CLI_OPTIONS_END,
};

const cli_command CLI_APP_COMMANDS[] = {
    {"app", "new", app_new, NULL, NEW_OPTS, "申請書の下書きを作成し、その ID を表示", false},
    {"app", "fields", app_fields, NULL, NULL, "申請書の項目（kumo app set で使う項目キー・項目名）の一覧", false},
    {"app", "list", app_list, NULL, LIST_OPTS, "閲覧できる申請の一覧（ID・申請番号・状態）", true},
    {"app", "set", app_set, "ID|申請番号 項目 値", NULL, "申請書の項目を入力（入力と同じ規則で確認して保存）", false},
    {"app", "answer", app_answer, "ID|申請番号", ANSWER_OPTS, "確認事項に回答（ファイルの項目ごとの回答と確認内容）", false},
    {"app", "refresh", app_refresh, "ID|申請番号", NULL, "確認事項を最新の版にする（テンプレートが改訂されたとき）", false},
    {"app", "check", app_check, "ID|申請番号", NULL, "検証結果を表示（提出を妨げる項目があれば終了コード1）", false},
    {"app", "submit", app_submit, "ID|申請番号", SUBMIT_OPTS, "申請を提出（申請番号は初回提出時に採番）", false},
    {"app", "withdraw", app_withdraw, "申請番号", WITHDRAW_OPTS, "審査前の申請を引き戻して下書きに戻す", false},
    {"app", "delete", app_delete, "ID", NULL, "未提出の下書きを削除", false},
    {"decide", NULL, decide, "申請番号 approve|conditional|return|reject", DECIDE_OPTS,
     "申請を審査（承認・条件付承認・差戻し・却下）", false},
    {"change", NULL, change, "承認番号", NULL, "承認済みサービスの変更申請（下書き）を作成し、その ID を表示", false},
    {"checklist", NULL, checklist, "conf2|conf1|build|operate|retire", NULL,
     "チェックリストの項目を回答ファイルの形式（code,answer,note,text）で表示", false},
    CLI_COMMANDS_END,
};
