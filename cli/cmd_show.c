/* kumo show: one application (申請番号 or 承認番号) with its history, as tab-separated text. */
#include "cli/cmd_show.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/clock.h"

static int cmd_show(cli_ctx *c)
{
    const char *no = cli_arg(c, 0);
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kapp a;
    kstatus s = q_app_ref(k, no, &a);   /* ID, 申請番号 or 承認番号, any case; not found, or not the user's to see */
    if (s) return cli_done(&k, s);
    if (cli_flag(c, "--answers")) {
        /* the 確認事項 as an answers file: edit it and give it back with kumo app answer ID --file F */
        ck_answer *ans = NULL;
        size_t n = 0;
        s = q_answers(k, &a, &ans, &n);
        if (!s) s = phase_answers_write(k, stdout, ans, n);
        checklist_answers_free(&ans, n);
        kapp_clear(&a);
        return cli_done(&k, s);
    }
    printf("申請番号\t%s\n状態\t%s\n区分\t%s\n申請部局\t%s\n申請者\t%s\n申請日\t%s\n", a.app_no, state_label(a.state),
           form_track_label(form_track_from_code(a.track)), a.dept_name, a.applicant_name, a.applied_on);
    for (int f = 0; f < FF_COUNT; f++) printf("%s\t%s\n", form_field_def((form_field)f)->label, a.v[f]);
    printf("審査結果\t%s\n審査意見・条件\t%s\n審査日\t%s\n承認番号\t%s\n許可権限者\t%s\nクラウドサービス管理者\t%s\n"
           "次回利用状況確認期限\t%s\n",
           a.decision, a.decision_comment, a.decided_on, a.approval_no, a.decided_by_name, a.manager_name,
           a.next_review_due);
    /* the service's life after approval: 構築確認待ち, 終了処理中 until its 廃棄・削除完了報告 is accepted (003 §4(7)) */
    kservice sv;
    if (*a.approval_no && q_service_by_no(k, a.approval_no, &sv) == KS_OK) {
        printf("サービスの状態\t%s\n", service_status_label(&sv, date_today()));
        /* the service's first 承認日 and, after a 変更, the 変更承認日 (003 §4(4)②) */
        printf("サービスの承認日\t%s\n", sv.approved_on);
        if (*sv.changed_on) printf("変更承認日\t%s\n", sv.changed_on);
        if (*sv.terminated_on) printf("終了日\t%s\n", sv.terminated_on);
        if (!strcmp(sv.disposal_state, "done")) printf("廃棄・削除完了日\t%s\n", sv.disposed_on);
    }
    /* the 例外措置 (004 §7-4): needed or not, and what the CISO decided */
    kexception *e = malloc(sizeof *e);
    exc_status es;
    if (e && exc_status_of(k, &a, NULL, e, &es) == KS_OK && es != EXC_NOT_NEEDED)
        printf("例外措置\t%s%s%s\n", exc_status_label(es), *e->exc_no ? " " : "", e->exc_no);
    free(e);
    khist *h;
    size_t n;
    if (q_history(k, a.id, 0, &h, &n) == KS_OK) {
        printf("履歴\n");
        for (size_t i = 0; i < n; i++) {
            char at[40];   /* with the zone's offset: 2026-11-23 10:00:00 +09:00 */
            printf("  %s\t%s\t%s\t%s→%s\t%s\n", clock_stamp_show(h[i].at, at, sizeof at), h[i].user, h[i].action,
                   state_label(h[i].from_state), state_label(h[i].to_state), h[i].comment);
        }
        khist_free(&h, n);
    }
    kapp_clear(&a);
    kumo_close(&k);
    return CLI_OK;
}

static const cli_option SHOW_OPTS[] = {
    {"--answers", NULL, "確認事項の回答だけを回答ファイルの形式（CSV: code,answer,note,text）で表示", false, NULL, NULL},
    CLI_OPTIONS_END,
};

const cli_command CLI_SHOW_COMMANDS[] = {
    {"show", NULL, cmd_show, "申請番号|承認番号|ID", SHOW_OPTS,
     "申請の内容と履歴を表示（番号は大文字・小文字どちらでも。--answers: 確認事項を回答ファイルの形式で）", false},
    CLI_COMMANDS_END,
};
