/* Headless commands for the life of an approved service: review, terminate, manager, due (for scripts, tests and
   cron). Each finds the service by its 承認番号 and calls app/lifecycle.c, which checks the policy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/lifecycle.h"
#include "forms/text.h"

static const char *opt_or(cli_ctx *c, const char *name, const char *def)
{
    const char *v = cli_opt(c, name);
    return v ? v : def;
}

/* Opens the session and the service named by its 承認番号; prints the error and returns NULL on failure. */
static kumo *open_service(cli_ctx *c, const char *no, kservice *sv)
{
    kumo *k = cli_session(c);
    if (!k) return NULL;
    kstatus s = db_service_by_no(k->db, no, sv);
    if (s) {
        char *clean = text_sanitize(no);
        if (s == KS_NOTFOUND) cli_error("承認番号 %s のクラウドサービスが見つかりません", clean ? clean : "");
        else cli_status_error(k, kumo_fail(k, s, NULL));
        free(clean);
        kumo_close(&k);
        return NULL;
    }
    return k;
}

/* --answers all-適合: every item of the template answered 適合; absent: no answers (the domain then names the
   first required item left unanswered). */
static int cli_answers(cli_ctx *c, kumo *k, const char *key, ck_answer **ans, size_t *n)
{
    *ans = NULL;
    *n = 0;
    const char *a = cli_opt(c, "--answers");
    if (!a) return 0;
    if (strcmp(a, "all-適合")) {
        cli_error("--answers は all-適合 を指定してください（個別の回答は画面から入力します）");
        return 2;
    }
    kstatus s = lc_checklist_blank(k, key, ans, n, NULL, 0);
    if (s) {
        cli_status_error(k, s);
        return 1;
    }
    lc_answer_all(*ans, *n, "適合");
    return 0;
}

/* The start of review and terminate: the session, the service named by the first argument and, with --answers, the
   template `key` answered 適合 throughout. NULL, with *rc the exit code, when the command cannot go on. */
static kumo *open_with_answers(cli_ctx *c, const char *usage, const char *key, kservice *sv, ck_answer **ans,
                               size_t *n, int *rc)
{
    const char *no = cli_arg(c, 0, 0);
    if (!no) {
        cli_error("%s", usage);
        *rc = 2;
        return NULL;
    }
    kumo *k = open_service(c, no, sv);
    *rc = 1;
    if (!k) return NULL;
    if ((*rc = cli_answers(c, k, key, ans, n))) kumo_close(&k);
    return k;
}

/* The end of review and terminate: cli_done, with a hint when a checklist item was left unanswered. */
static int step_done(cli_ctx *c, kumo **k, kstatus s)
{
    if (s) cli_status_error(*k, s);
    if (s == KS_INVALID && !cli_opt(c, "--answers") && strstr(kumo_last_error(*k), "チェックリスト"))
        fprintf(stderr, "kumo: （チェックリストは --answers all-適合 で全項目を適合として記録できます。"
                        "個別の回答は画面から入力してください）\n");
    kumo_close(k);
    return s ? 1 : 0;
}

/* ---- kumo review ---- */

static int review_list(cli_ctx *c)
{
    const char *no = cli_arg(c, 0, 1);
    if (!no) {
        cli_error("使い方: kumo review list 承認番号");
        return 2;
    }
    kservice sv;
    kumo *k = open_service(c, no, &sv);
    if (!k) return 1;
    kreview *v;
    size_t n;
    kstatus s = lc_service_reviews(k, sv.id, &v, &n);
    if (!s) printf("%s\t%s\t次回確認期限 %s\n", sv.approval_no, sv.name, sv.next_review_due);
    for (size_t i = 0; !s && i < n; i++)
        printf("%s\t%s\t%s\t利用者数 %s\t規約・設定変更 %s\tインシデント %s\t%s\n", v[i].reviewed_on, v[i].reviewer,
               v[i].usage, *v[i].user_count ? v[i].user_count : "-", v[i].terms_changed, v[i].incident,
               !v[i].needs_response ? "" : *v[i].responded_on ? "対応済" : "要対応");
    free(v);
    return cli_done(&k, s);
}

static int review_respond(cli_ctx *c)
{
    const char *no = cli_arg(c, 0, 1), *comment = cli_opt(c, "--comment");
    if (!no || !comment) {
        cli_error("使い方: kumo review respond 承認番号 --comment 対応内容");
        return 2;
    }
    kservice sv;
    kumo *k = open_service(c, no, &sv);
    if (!k) return 1;
    kreview *v;
    size_t n;
    kstatus s = lc_service_reviews(k, sv.id, &v, &n);
    int64_t id = 0;
    /* the oldest review of the service still awaiting a response */
    for (size_t i = 0; !s && i < n; i++)
        if (v[i].needs_response && !*v[i].responded_on) id = v[i].id;
    free(v);
    if (!s && !id) {
        cli_error("%s に対応待ちの利用状況確認はありません", sv.approval_no);
        kumo_close(&k);
        return 1;
    }
    if (!s && !(s = lc_respond_review(k, id, comment)))
        printf("%s（%s）の利用状況確認に対応を記録しました\n", sv.approval_no, sv.name);
    return cli_done(&k, s);
}

int cli_review(cli_ctx *c)
{
    if (c->argc > 1 && !strcmp(c->argv[1], "respond")) return review_respond(c);
    if (c->argc > 1 && !strcmp(c->argv[1], "list")) return review_list(c);
    kservice sv;
    ck_answer *ans;
    size_t n;
    int rc;
    kumo *k = open_with_answers(c,
                                "使い方: kumo review 承認番号 --date 確認日 --status 継続|変更あり|終了予定 [--users N] "
                                "[--terms-changed 有|無 --change-detail 内容] [--incident 有|無 --incident-detail 内容] "
                                "[--inappropriate 事項 --referred-to 相談先] [--answers all-適合]",
                                LC_CK_OPERATE, &sv, &ans, &n, &rc);
    if (!k) return rc;
    lc_review_input in = {
        .reviewed_on = cli_opt(c, "--date"),
        .usage = cli_opt(c, "--status"),
        .user_count = opt_or(c, "--users", ""),
        .terms_changed = opt_or(c, "--terms-changed", "無"),
        .change_detail = opt_or(c, "--change-detail", ""),
        .incident = opt_or(c, "--incident", "無"),
        .incident_detail = opt_or(c, "--incident-detail", ""),
        .inappropriate = opt_or(c, "--inappropriate", ""),
        .referred_to = opt_or(c, "--referred-to", ""),
        .answers = ans,
        .n_answers = n,
    };
    kstatus s = lc_record_review(k, &sv, &in, NULL);
    checklist_answers_free(ans, n);
    if (!s)
        printf("%s（%s）の利用状況確認を記録しました。次回確認期限: %s\n", sv.approval_no, sv.name,
               sv.next_review_due);
    return step_done(c, &k, s);
}

/* ---- kumo terminate ---- */

static int terminate_decide(cli_ctx *c, bool accept)
{
    const char *no = cli_arg(c, 0, 1);
    if (!no) {
        cli_error("使い方: kumo terminate accept|return 承認番号 [--comment 所見・理由]");
        return 2;
    }
    kservice sv;
    kumo *k = open_service(c, no, &sv);
    if (!k) return 1;
    ktermination *t = malloc(sizeof *t);
    kstatus s = t ? db_termination_open(k->db, sv.id, t) : KS_NOMEM;
    if (s == KS_NOTFOUND) {
        cli_error("%s に受理待ちの終了連絡はありません", sv.approval_no);
        free(t);
        kumo_close(&k);
        return 1;
    }
    if (s) {
        kumo_fail(k, s, NULL);
    } else {
        const char *comment = opt_or(c, "--comment", "");
        s = accept ? lc_accept_termination(k, t->id, comment) : lc_return_termination(k, t->id, comment);
        if (!s && accept)
            printf("%s（%s）の終了連絡を受理しました。サービスは終了（%s）として台帳から外れます\n", sv.approval_no,
                   sv.name, t->end_date);
        else if (!s)
            printf("%s（%s）の終了連絡を差し戻しました\n", sv.approval_no, sv.name);
    }
    free(t);
    return cli_done(&k, s);
}

int cli_terminate(cli_ctx *c)
{
    if (c->argc > 1 && !strcmp(c->argv[1], "accept")) return terminate_decide(c, true);
    if (c->argc > 1 && !strcmp(c->argv[1], "return")) return terminate_decide(c, false);
    kservice sv;
    ck_answer *ans;
    size_t n;
    int rc;
    kumo *k = open_with_answers(c,
                                "使い方: kumo terminate 承認番号 --end-date 終了日 --plan 作成済|不要 [--plan-reason 理由] "
                                "--notice-date 周知日 [--disposal 暗号化消去|上書き消去|物理破壊|事業者の削除証明の受領] "
                                "--accounts-deleted [--special-accounts 該当なし] [--answers all-適合]",
                                LC_CK_RETIRE, &sv, &ans, &n, &rc);
    if (!k) return rc;
    const char *all = cli_flag(c, "--accounts-deleted") ? "削除済" : "";
    lc_termination_input in = {
        .end_date = cli_opt(c, "--end-date"),
        .plan = cli_opt(c, "--plan"),
        .plan_reason = opt_or(c, "--plan-reason", ""),
        .notice_date = cli_opt(c, "--notice-date"),
        .disposal = opt_or(c, "--disposal", ""),
        .disposal_note = opt_or(c, "--disposal-note", ""),
        .accounts_users = opt_or(c, "--accounts", all),
        .accounts_privileged = opt_or(c, "--privileged-accounts", all),
        .accounts_special = opt_or(c, "--special-accounts", all),
        .remarks = opt_or(c, "--remarks", ""),
        .answers = ans,
        .n_answers = n,
    };
    kstatus s = lc_file_termination(k, &sv, &in, NULL);
    checklist_answers_free(ans, n);
    if (!s)
        printf("%s（%s）の終了連絡を提出しました（終了日 %s）。統括情報セキュリティ責任者の受理を待ちます\n",
               sv.approval_no, sv.name, in.end_date);
    return step_done(c, &k, s);
}

/* ---- kumo manager ---- */

int cli_manager(cli_ctx *c)
{
    const char *no = cli_arg(c, 0, 0), *login = cli_arg(c, 1, 0);
    if (!no || !login) {
        cli_error("使い方: kumo manager 承認番号 ログイン名 [--reason 理由]");
        return 2;
    }
    kservice sv;
    kumo *k = open_service(c, no, &sv);
    if (!k) return 1;
    kuser u;
    kstatus s = db_user_by_login(k->db, login, &u);
    if (s == KS_NOTFOUND) {
        char *clean = text_sanitize(login);
        cli_error("ログイン名「%s」の利用者がいません", clean ? clean : "");
        free(clean);
        kumo_close(&k);
        return 1;
    }
    if (s) kumo_fail(k, s, NULL);
    else if (!(s = lc_redesignate_manager(k, &sv, u.id, opt_or(c, "--reason", ""))))
        printf("%s（%s）のクラウドサービス管理者を %s に変更しました\n", sv.approval_no, sv.name, u.name);
    return cli_done(&k, s);
}

/* ---- kumo due ---- */

typedef struct due_out {
    kdate today;
    size_t count[3];
} due_out;

static void print_clean(const char *s)
{
    char *clean = text_sanitize(s);
    fputs(clean ? clean : "", stdout);
    free(clean);
}

/* One line per item, tab-separated, for a cron mail: 区分, 承認番号, サービス名, 部局, 管理者, 期限, 日数. */
static int due_line(const kdue_item *it, void *p)
{
    due_out *o = p;
    o->count[it->kind]++;
    kdate d;
    long days = date_parse(it->date, &d) ? lc_days_between(d, o->today) : 0;
    const char *fields[] = {lc_due_label(it), it->approval_no, it->name, it->dept, *it->manager ? it->manager : "（未指名）",
                            it->date};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        print_clean(fields[i]);
        putchar('\t');
    }
    if (days > 0) printf("%ld日超過\n", days);
    else if (days == 0) printf("本日期限\n");
    else printf("あと%ld日\n", -days);
    return 0;
}

int cli_due(cli_ctx *c)
{
    const char *w = cli_opt(c, "--within");
    long within = 30;
    if (w) {
        char *end;
        within = strtol(w, &end, 10);
        if (!*w || *end || within < 0 || within > 3660) {
            cli_error("--within は 0〜3660 の日数で指定してください");
            return 2;
        }
    }
    kumo *k = cli_session(c);
    if (!k) return 3;
    due_out o = {.today = date_today()};
    kstatus s = lc_due_each(k, (int)within, cli_flag(c, "--mine"), due_line, &o);
    if (s) {
        cli_status_error(k, s);
        kumo_close(&k);
        return 3;
    }
    char today[11];
    date_format(o.today, today, sizeof today);
    size_t overdue = o.count[DUE_REVIEW_OVERDUE] + o.count[DUE_END_PASSED];
    printf("期限超過 %zu件（確認期限 %zu件、利用終了予定日 %zu件）、%ld日以内の確認期限 %zu件（基準日 %s、%s）\n", overdue,
           o.count[DUE_REVIEW_OVERDUE], o.count[DUE_END_PASSED], within, o.count[DUE_REVIEW_SOON], today,
           cli_flag(c, "--mine") || !policy_sees_all(k->me.role) ? "担当分" : "全体");
    kumo_close(&k);
    return overdue ? 1 : 0;
}
