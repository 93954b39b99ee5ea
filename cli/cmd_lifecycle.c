/* The life of an approved service, headless (for scripts, tests and cron): review, terminate, manager, due. Each
   finds the service by its 承認番号 through app/ (which applies who may see it) and calls app/ (review, termination, manager, due), which
   checks the policy. */
#include "cli/cmd_lifecycle.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "forms/text.h"

/* Opens the session and the service named by its 承認番号; prints the error and returns NULL on failure. */
static kumo *open_service(cli_ctx *c, const char *no, kservice *sv)
{
    kumo *k = cli_session(c);
    if (!k) return NULL;
    kstatus s = q_service_by_no(k, no, sv);
    if (s) {
        cli_status_error(k, s);
        kumo_close(&k);
    }
    return k;
}

/* --answers-file F: the checklist answered item by item with notes (CSV code,answer,note; `kumo checklist KEY` prints
   its items in that form); absent: no answers (the domain then names the first required item left unanswered). */
static int cli_answers(cli_ctx *c, kumo *k, ck_answer **ans, size_t *n)
{
    *ans = NULL;
    *n = 0;
    const char *file = cli_opt(c, "--answers-file");
    if (!file) return 0;
    kstatus s = phase_answers_read(k, file, ans, n);
    if (s) {
        cli_status_error(k, s);
        return CLI_ERROR;
    }
    return 0;
}

/* The start of review and terminate: the session, the service named by the first argument and, with
   --answers-file, the answers. NULL, with *rc the exit code, when the command cannot go on. */
static kumo *open_with_answers(cli_ctx *c, kservice *sv, ck_answer **ans, size_t *n, int *rc)
{
    const char *no = cli_arg(c, 0);
    if (!no) {
        *rc = cli_usage_error(c);
        return NULL;
    }
    kumo *k = open_service(c, no, sv);
    *rc = CLI_ERROR;
    if (!k) return NULL;
    if ((*rc = cli_answers(c, k, ans, n))) kumo_close(&k);
    return k;
}

/* The end of review and terminate: cli_done, with a hint when a checklist item was left unanswered. */
static int step_done(cli_ctx *c, kumo **k, kstatus s, const char *key)
{
    if (s) cli_status_error(*k, s);
    if (s == KS_INVALID && !cli_opt(c, "--answers-file") && strstr(kumo_last_error(*k), "チェックリスト"))
        fprintf(stderr, "kumo: （チェックリストは --answers-file FILE で1項目ずつ回答します。項目の一覧と回答ファイルの"
                        "ひな形: kumo checklist %s）\n", key);
    kumo_close(k);
    return s ? CLI_ERROR : CLI_OK;
}

/* ---- kumo review ---- */

static int cmd_review_list(cli_ctx *c)
{
    const char *no = cli_arg(c, 0);
    if (!no) return cli_usage_error(c);
    kservice sv;
    kumo *k = open_service(c, no, &sv);
    if (!k) return CLI_ERROR;
    kreview *v = NULL;
    size_t n = 0;
    kstatus s = review_list(k, sv.id, &v, &n);
    if (!s) printf("%s\t%s\t次回確認期限 %s\n", sv.approval_no, sv.name, sv.next_review_due);
    for (size_t i = 0; !s && i < n; i++)
        printf("%s\t%s\t%s\t利用者数 %s\t規約・設定変更 %s\tインシデント %s\t%s\n", v[i].reviewed_on, v[i].reviewer,
               v[i].usage, *v[i].user_count ? v[i].user_count : "-", v[i].terms_changed, v[i].incident,
               !v[i].needs_response ? "" : *v[i].responded_on ? "対応済" : "要対応");
    kreview_free(&v);
    return cli_done(&k, s);
}

static int cmd_review_respond(cli_ctx *c)
{
    const char *no = cli_arg(c, 0), *comment = cli_opt(c, "--comment");
    if (!no || !comment) return cli_usage_error(c);
    kservice sv;
    kumo *k = open_service(c, no, &sv);
    if (!k) return CLI_ERROR;
    kreview *v = NULL;
    size_t n = 0;
    kstatus s = review_list(k, sv.id, &v, &n);
    int64_t id = 0;
    /* the oldest review of the service still awaiting a response */
    for (size_t i = 0; !s && i < n; i++)
        if (v[i].needs_response && !*v[i].responded_on) id = v[i].id;
    kreview_free(&v);
    if (!s && !id) {
        cli_error("%s に対応待ちの利用状況確認はありません", sv.approval_no);
        kumo_close(&k);
        return CLI_ERROR;
    }
    if (!s && !(s = review_respond(k, id, comment)))
        cli_notice(c, "%s（%s）の利用状況確認に対応を記録しました", sv.approval_no, sv.name);
    return cli_done(&k, s);
}

static int cmd_review_record(cli_ctx *c)
{
    kservice sv;
    ck_answer *ans;
    size_t n;
    int rc;
    kumo *k = open_with_answers(c, &sv, &ans, &n, &rc);
    if (!k) return rc;
    review_input in = {
        .v[RV_DATE] = cli_opt(c, "--date"),
        .v[RV_USAGE] = cli_opt(c, "--status"),
        .v[RV_USERS] = cli_opt_or(c, "--users", ""),
        .v[RV_TERMS] = cli_opt_or(c, "--terms-changed", "無"),
        .v[RV_CHANGE] = cli_opt_or(c, "--change-detail", ""),
        .v[RV_INCIDENT] = cli_opt_or(c, "--incident", "無"),
        .v[RV_INCIDENT_DETAIL] = cli_opt_or(c, "--incident-detail", ""),
        .v[RV_INAPPROPRIATE] = cli_opt_or(c, "--inappropriate", ""),
        .v[RV_REFERRED] = cli_opt_or(c, "--referred-to", ""),
        .answers = ans,
        .n_answers = n,
    };
    kstatus s = review_record(k, &sv, &in, NULL);
    checklist_answers_free(&ans, n);
    if (!s)
        cli_notice(c, "%s（%s）の利用状況確認を記録しました。次回確認期限: %s", sv.approval_no, sv.name,
                   sv.next_review_due);
    return step_done(c, &k, s, PHASE_OPERATE);
}

/* ---- kumo build-check ---- */

static int cmd_build_check(cli_ctx *c)
{
    const char *no = cli_arg(c, 0), *file = cli_opt(c, "--answers");
    if (!no || !file || !cli_opt(c, "--date")) return cli_usage_error(c);
    kservice sv;
    kumo *k = open_service(c, no, &sv);
    if (!k) return CLI_ERROR;
    ck_answer *ans = NULL;
    size_t n = 0;
    kstatus s = phase_answers_read(k, file, &ans, &n);
    build_check_input in = {
        .v[BC_DATE] = cli_opt(c, "--date"),
        .v[BC_REMARKS] = cli_opt_or(c, "--remarks", ""),
        .answers = ans,
        .n_answers = n,
    };
    if (!s) s = build_check_record(k, &sv, &in, NULL);
    checklist_answers_free(&ans, n);
    if (!s)
        cli_notice(c, "%s（%s）の導入・構築時確認を記録しました（確認日 %s）", sv.approval_no, sv.name, sv.build_checked_on);
    return cli_done(&k, s);
}

/* ---- kumo terminate ---- */

static int cmd_terminate_decide(cli_ctx *c)
{
    bool accept = !strcmp(c->cmd->sub, "accept");
    const char *no = cli_arg(c, 0);
    if (!no) return cli_usage_error(c);
    kservice sv;
    kumo *k = open_service(c, no, &sv);
    if (!k) return CLI_ERROR;
    ktermination *t = malloc(sizeof *t);
    kstatus s = t ? termination_open(k, sv.id, t) : KS_NOMEM;
    if (s == KS_NOTFOUND) {
        cli_error("%s に受理待ちの終了連絡はありません", sv.approval_no);
        ktermination_free(&t);
        kumo_close(&k);
        return CLI_ERROR;
    }
    if (!s) {
        const char *comment = cli_opt_or(c, "--comment", "");
        s = accept ? termination_accept(k, t->id, comment) : termination_return(k, t->id, comment);
        if (!s && accept)
            cli_notice(c,
                       "%s（%s）の終了連絡を受理しました。終了日 %s。廃棄・削除完了報告が受理されるまで終了処理中です"
                       "（規定003 §4(7)）",
                       sv.approval_no, sv.name, t->end_date);
        else if (!s)
            cli_notice(c, "%s（%s）の終了連絡を差し戻しました", sv.approval_no, sv.name);
    }
    ktermination_free(&t);
    return cli_done(&k, s);
}

static int cmd_terminate_file(cli_ctx *c)
{
    kservice sv;
    ck_answer *ans;
    size_t n;
    int rc;
    kumo *k = open_with_answers(c, &sv, &ans, &n, &rc);
    if (!k) return rc;
    const char *all = cli_flag(c, "--accounts-deleted") ? "削除済" : "";
    termination_input in = {
        .v[TM_END] = cli_opt(c, "--end-date"),
        .v[TM_PLAN] = cli_opt(c, "--plan"),
        .v[TM_PLAN_REASON] = cli_opt_or(c, "--plan-reason", ""),
        .v[TM_NOTICE] = cli_opt(c, "--notice-date"),
        .v[TM_DISPOSAL] = cli_opt_or(c, "--disposal", ""),
        .v[TM_DISPOSAL_NOTE] = cli_opt_or(c, "--disposal-note", ""),
        .v[TM_ACC_USERS] = cli_opt_or(c, "--accounts", all),
        .v[TM_ACC_PRIV] = cli_opt_or(c, "--privileged-accounts", all),
        .v[TM_ACC_SPECIAL] = cli_opt_or(c, "--special-accounts", all),
        .v[TM_REMARKS] = cli_opt_or(c, "--remarks", ""),
        .answers = ans,
        .n_answers = n,
    };
    int64_t id = 0;
    kstatus s = termination_file(k, &sv, &in, &id);
    checklist_answers_free(&ans, n);
    if (!s) {
        /* who will accept it, by name: the 統括・CISO, or for 機密性1 the 部局's 情報セキュリティ責任者 (app/who.h) */
        char who[512];
        who_accepts_termination(k, id, who, sizeof who);
        cli_notice(c, "%s（%s）の終了連絡を提出しました（終了日 %s）。%s%s受理を待ちます", sv.approval_no, sv.name,
                   in.v[TM_END], who, *who ? "の" : "");
    }
    return step_done(c, &k, s, PHASE_RETIRE);
}

/* ---- kumo disposal ---- */

static int cmd_disposal_file(cli_ctx *c)
{
    const char *no = cli_arg(c, 0);
    if (!no) return cli_usage_error(c);
    kservice sv;
    kumo *k = open_service(c, no, &sv);
    if (!k) return CLI_ERROR;
    const char *all = cli_flag(c, "--accounts-deleted") ? "削除済" : "";
    disposal_input in = {
        .v[DS_DATE] = cli_opt(c, "--date"),
        .v[DS_WORKER] = cli_opt(c, "--worker"),
        .v[DS_METHOD] = cli_opt(c, "--method"),
        .v[DS_CONFIRM] = cli_opt(c, "--confirmation"),
        .v[DS_EVIDENCE] = cli_opt(c, "--evidence"),
        .v[DS_COPIES] = cli_opt_or(c, "--copies", ""),
        .v[DS_ACC_USERS] = cli_opt_or(c, "--accounts", all),
        .v[DS_ACC_PRIV] = cli_opt_or(c, "--privileged-accounts", all),
        .v[DS_ACC_SPECIAL] = cli_opt_or(c, "--special-accounts", all),
        .v[DS_REMARKS] = cli_opt_or(c, "--remarks", ""),
    };
    int64_t id = 0;
    kstatus s = disposal_file(k, &sv, &in, &id);
    if (!s) {
        char who[512];
        who_accepts_disposal(k, id, who, sizeof who);
        cli_notice(c, "%s（%s）の廃棄・削除完了報告を提出しました（完了日 %s）。%s%sとサービスは終了です",
                   sv.approval_no, sv.name, in.v[DS_DATE], who, *who ? "が受理する" : "受理される");
    }
    return cli_done(&k, s);
}

static int cmd_disposal_decide(cli_ctx *c)
{
    bool accept = !strcmp(c->cmd->sub, "accept");
    const char *no = cli_arg(c, 0);
    if (!no) return cli_usage_error(c);
    kservice sv;
    kumo *k = open_service(c, no, &sv);
    if (!k) return CLI_ERROR;
    kdisposal *p = malloc(sizeof *p);
    kstatus s = p ? disposal_open(k, sv.id, p) : KS_NOMEM;
    if (s == KS_NOTFOUND) {
        cli_error("%s に受理待ちの廃棄・削除完了報告はありません", sv.approval_no);
        kdisposal_free(&p);
        kumo_close(&k);
        return CLI_ERROR;
    }
    if (!s) {
        const char *comment = cli_opt_or(c, "--comment", "");
        s = accept ? disposal_accept(k, p->id, comment) : disposal_return(k, p->id, comment);
        if (!s && accept)
            cli_notice(c, "%s（%s）の廃棄・削除完了報告を受理しました。サービスは終了です（完了日 %s）", sv.approval_no,
                       sv.name, p->done_on);
        else if (!s)
            cli_notice(c, "%s（%s）の廃棄・削除完了報告を差し戻しました", sv.approval_no, sv.name);
    }
    kdisposal_free(&p);
    return cli_done(&k, s);
}

/* ---- kumo manager ---- */

static int cmd_manager(cli_ctx *c)
{
    const char *no = cli_arg(c, 0), *login = cli_arg(c, 1);
    if (!no || !login) return cli_usage_error(c);
    kservice sv;
    kumo *k = open_service(c, no, &sv);
    if (!k) return CLI_ERROR;
    kuser u;
    kstatus s = q_user_by_login(k, login, &u);
    if (s == KS_NOTFOUND) {
        char *clean = text_sanitize(login);
        cli_error("ログイン名「%s」の利用者がいません", clean ? clean : "");
        free(clean);
        kumo_close(&k);
        return CLI_ERROR;
    }
    if (!s && !(s = manager_redesignate(k, &sv, u.id, cli_opt_or(c, "--reason", ""))))
        cli_notice(c, "%s（%s）のクラウドサービス管理者を %s に変更しました", sv.approval_no, sv.name, u.name);
    return cli_done(&k, s);
}

/* ---- kumo due ---- */

/* The columns of `kumo due --format tsv`, in order: a stable interface for scripts (documented in the man page). */
static const char *const DUE_TSV_HEADER = "kind\tlabel\tapproval_no\tservice\tdept\tmanager\tdate\tdays";

typedef struct due_out {
    kdate today;
    bool tsv;
    size_t count[DUE__COUNT], n, overdue;
    size_t reg_over;   /* the regulation's review past its date */
} due_out;

static void print_clean(const char *s)
{
    char *clean = text_sanitize(s);   /* a tab or a line break inside a value never splits a line */
    fputs(clean ? clean : "", stdout);
    free(clean);
}

/* One line per item, tab-separated. Text (for a cron mail): 区分, 承認番号, サービス名, 部局, 管理者, 期限, and
   「N日超過」「本日期限」「あとN日」. TSV: DUE_TSV_HEADER's columns, days as a signed number (past the date > 0). */
static int due_line(const kdue_item *it, void *p)
{
    due_out *o = p;
    if (o->tsv && !o->n) printf("%s\n", DUE_TSV_HEADER);
    o->count[it->kind]++;
    o->n++;
    if (due_is_overdue(it)) {
        o->overdue++;
        if (it->kind == DUE_REG_REVIEW) o->reg_over++;
    }
    kdate d;
    long days = date_parse(it->date, &d) ? date_days_between(d, o->today) : 0;
    if (o->tsv) printf("%s\t", due_code(it));
    char label[64];   /* an exception's number follows its label: 例外措置事後報告待ち EX-R8-0002 */
    snprintf(label, sizeof label, "%s%s%s", due_label(it), *it->ref ? " " : "", it->ref);
    const char *fields[] = {label, it->approval_no, it->name, it->dept,
                            *it->manager ? it->manager : o->tsv ? "" : "（未指名）", it->date};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        print_clean(fields[i]);
        putchar('\t');
    }
    if (o->tsv) printf("%ld\n", days);
    else if (days > 0) printf("%ld日超過\n", days);
    else if (days == 0) printf("本日期限\n");
    else printf("あと%ld日\n", -days);
    return 0;
}

static int cmd_due(cli_ctx *c)
{
    const char *w = cli_opt(c, "--within"), *fmt = cli_opt_or(c, "--format", "text");
    long within = 30;
    if (w) {
        char *end;
        within = strtol(w, &end, 10);
        if (!*w || *end || within < 0 || within > 3660) {
            cli_error("--within は 0〜3660 の日数で指定してください");
            return CLI_USAGE;
        }
    }
    if (strcmp(fmt, "text") && strcmp(fmt, "tsv")) {
        cli_error("--format は text 又は tsv で指定してください");
        return CLI_USAGE;
    }
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    due_out o = {.today = date_today(), .tsv = !strcmp(fmt, "tsv")};
    kstatus s = due_each(k, (int)within, cli_flag(c, "--mine"), due_line, &o);
    if (s) return cli_done(&k, s);
    /* nothing due: nothing printed, exit 0 (cron sends no mail) */
    if (o.n && !o.tsv) {
        char today[11];
        date_format(o.today, today, sizeof today);
        char reg[64] = "";   /* the regulation's review (規定003 §5), for the 統括 and the CISO, when listed */
        if (o.reg_over) snprintf(reg, sizeof reg, "、規定の見直し %zu件", o.reg_over);
        char reg_soon[64] = "";
        if (o.count[DUE_REG_REVIEW] > o.reg_over) snprintf(reg_soon, sizeof reg_soon, "、規定の見直し期限間近 1件");
        printf("期限超過 %zu件（確認期限 %zu件、利用終了予定日 %zu件、導入・構築時確認 %zu件、例外措置 %zu件、"
               "廃棄・削除完了報告 %zu件%s）、%ld日以内の確認期限 %zu件%s（基準日 %s、%s）\n",
               o.overdue, o.count[DUE_REVIEW_OVERDUE], o.count[DUE_END_PASSED], o.count[DUE_BUILD_PENDING],
               o.count[DUE_EXC_REPORT] + o.count[DUE_EXC_RECHECK] + o.count[DUE_EXC_EXPIRED],
               o.count[DUE_DISPOSAL_PENDING], reg, within, o.count[DUE_REVIEW_SOON], reg_soon, today,
               cli_flag(c, "--mine") || !policy_sees_all(kumo_me(k)) ? "担当分" : "全体");
    }
    if (fflush(stdout)) {
        cli_error("一覧を出力できません（%s）", kumo_io_reason(errno));
        kumo_close(&k);
        return CLI_ERROR;
    }
    kumo_close(&k);
    /* SPEC: exit 1 when something is overdue; items only coming due are listed (cron mails them) with exit 0 */
    return o.overdue ? CLI_FOUND : CLI_OK;
}

/* ---- the table ---- */

#define ANSWERS_OPT                                                                                                \
    {"--answers-file", "FILE", "チェックリストの回答（CSV: 見出し code,answer,note と1項目1行。ひな形は kumo checklist）", \
     false, NULL, NULL}

static const cli_option REVIEW_OPTS[] = {
    {"--date", "確認日", "確認日（今日以前）", true, NULL, NULL},
    {"--status", "継続|変更あり|終了予定", "利用状況", true, NULL, NULL},
    {"--users", "N", "利用者数", false, NULL, NULL},
    {"--terms-changed", "有|無", "規約・設定変更の有無（既定: 無）", false, NULL, NULL},
    {"--change-detail", "内容", "変更の内容（変更あり・規約・設定変更 有 のとき必須）", false, NULL, NULL},
    {"--incident", "有|無", "インシデントの有無（既定: 無）", false, NULL, NULL},
    {"--incident-detail", "内容", "インシデントの内容（有 のとき必須）", false, NULL, NULL},
    {"--inappropriate", "事項", "不適切と考えられる事項", false, NULL, NULL},
    {"--referred-to", "相談先", "相談先（不適切と考えられる事項があるとき必須）", false, NULL, NULL},
    ANSWERS_OPT,
    CLI_OPTIONS_END,
};

static const cli_option COMMENT_REQUIRED[] = {
    {"--comment", "対応内容", "対応の内容", true, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option TERMINATE_OPTS[] = {
    {"--end-date", "終了日", "終了日", true, NULL, NULL},
    {"--plan", "作成済|不要", "移行計画書又は終了計画書", true, NULL, NULL},
    {"--plan-reason", "理由", "不要の理由（不要 のとき必須）", false, NULL, NULL},
    {"--notice-date", "周知日", "利用者への事前周知日（終了日以前）", true, NULL, NULL},
    {"--disposal", "暗号化消去|上書き消去|物理破壊|事業者の削除証明の受領", "情報の廃棄方法（機密性2以上は必須）", false, NULL, NULL},
    {"--disposal-note", "内容", "廃棄の確認内容", false, NULL, NULL},
    {"--accounts-deleted", NULL, "利用者・特権・特殊アカウントをすべて削除済として記録", false, NULL, NULL},
    {"--accounts", "削除済|削除予定|該当なし", "利用者アカウント", false, NULL, NULL},
    {"--privileged-accounts", "削除済|削除予定|該当なし", "特権アカウント", false, NULL, NULL},
    {"--special-accounts", "削除済|削除予定|該当なし", "特殊アカウントと資格情報", false, NULL, NULL},
    {"--remarks", "備考", "備考", false, NULL, NULL},
    ANSWERS_OPT,
    CLI_OPTIONS_END,
};

static const cli_option BUILD_OPTS[] = {
    {"--date", "確認日", "確認日（承認日から今日まで）", true, NULL, NULL},
    {"--answers", "FILE", "導入・構築時チェックリストの回答（CSV: code,answer,note の見出しと1項目1行）", true, NULL, NULL},
    {"--remarks", "備考", "備考（確認に用いた文書など）", false, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option DISPOSAL_OPTS[] = {
    {"--date", "完了日", "廃棄・削除の完了日（終了日から今日まで）", true, NULL, NULL},
    {"--worker", "担当者", "廃棄・削除を行い確認した者（所属・氏名）", true, NULL, NULL},
    {"--method", "削除方法", "暗号化消去|上書き消去|ブロック消去|物理的破壊|磁気的破壊|上書き消去（アクセス可能な領域のみ）"
                            "（機密性2以上は暗号化消去。ほかは例外措置が必要）", true, NULL, NULL},
    {"--confirmation", "削除の確認", "抹消措置の完了証明書|破壊の完了証明書（写真付き）|職員の立会い|"
                                     "職員による作業完了の確認", true, NULL, NULL},
    {"--evidence", "証跡", "証明書の番号・文書名など", true, NULL, NULL},
    {"--copies", "削除済|該当なし", "全ての複製（バックアップ等）の削除（ポリシー004 §2(2)①(エ)）", true, NULL, NULL},
    {"--accounts-deleted", NULL, "利用者・特権・特殊アカウントをすべて削除済として記録", false, NULL, NULL},
    {"--accounts", "削除済|該当なし", "利用者アカウント", false, NULL, NULL},
    {"--privileged-accounts", "削除済|該当なし", "特権アカウント", false, NULL, NULL},
    {"--special-accounts", "削除済|該当なし", "特殊アカウントと資格情報", false, NULL, NULL},
    {"--remarks", "備考", "備考", false, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option DECIDE_OPTS[] = {
    {"--comment", "所見・理由", "所見（受理）又は差戻しの理由", false, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option MANAGER_OPTS[] = {
    {"--reason", "理由", "変更の理由（履歴に残る）", false, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option DUE_OPTS[] = {
    {"--within", "DAYS", "確認期限が何日以内のものを含めるか（既定: 30）", false, NULL, NULL},
    {"--mine", NULL, "自分が管理者又は部局の情報セキュリティ責任者であるものだけ", false, NULL, NULL},
    {"--format", "text|tsv", "tsv: 見出し行付きのタブ区切り（kind label approval_no service dept manager date days）", false,
     NULL, NULL},
    CLI_OPTIONS_END,
};

const cli_command CLI_LIFECYCLE_COMMANDS[] = {
    {"due", NULL, cmd_due, NULL, DUE_OPTS,
     "確認期限・利用終了予定日の超過と間近（該当があれば一覧。超過があれば終了コード1、間近だけなら0、なければ何も出さず0）",
     false},
    {"review", "list", cmd_review_list, "承認番号", NULL, "利用状況確認の一覧", false},
    {"review", "respond", cmd_review_respond, "承認番号", COMMENT_REQUIRED, "対応待ちの利用状況確認に対応を記録", false},
    {"review", NULL, cmd_review_record, "承認番号", REVIEW_OPTS, "利用状況確認を記録（規定003 §4(8)）", false},
    {"build-check", NULL, cmd_build_check, "承認番号", BUILD_OPTS,
     "導入・構築時確認を記録（規定003 §4(5)、クラウドサービス管理者）", false},
    {"terminate", "accept", cmd_terminate_decide, "承認番号", DECIDE_OPTS, "終了連絡を受理（統括情報セキュリティ責任者）", false},
    {"terminate", "return", cmd_terminate_decide, "承認番号", DECIDE_OPTS, "終了連絡を差し戻す（統括情報セキュリティ責任者）", false},
    {"terminate", NULL, cmd_terminate_file, "承認番号", TERMINATE_OPTS, "終了連絡を提出（規定003 §4(4)③）", false},
    {"disposal", "accept", cmd_disposal_decide, "承認番号", DECIDE_OPTS,
     "廃棄・削除完了報告を受理（統括、機密性1は部局の情報セキュリティ責任者）: サービスは終了", false},
    {"disposal", "return", cmd_disposal_decide, "承認番号", DECIDE_OPTS, "廃棄・削除完了報告を差し戻す", false},
    {"disposal", NULL, cmd_disposal_file, "承認番号", DISPOSAL_OPTS,
     "廃棄・削除完了報告を提出（規定003 §4(7)、ポリシー004 §8-3(8)）", false},
    {"manager", NULL, cmd_manager, "承認番号 ログイン名", MANAGER_OPTS,
     "クラウドサービス管理者の変更（統括情報セキュリティ責任者）", false},
    CLI_COMMANDS_END,
};
