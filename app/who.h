/* Who will take a step that waits (app/who.c): the people app/policy.c lets take it, by name and role — the
   審査 of an application, the response to a 利用状況確認, the 受理 of a 終了連絡, a step a due item waits for. ホーム
   says what waits for whom, submitting names who will decide. The policy decides; this only names. */
#ifndef KUMO_APP_WHO_H
#define KUMO_APP_WHO_H
#include <stdbool.h>
#include <stddef.h>

#include "app/session.h"
#include "db/db_app.h"
#include "db/db_lifecycle.h"

/* The users who may take others' steps (統括, CISO, 情報セキュリティ責任者), read once for a screen of questions. */
typedef struct who_ctx {
    kuser *v;
    size_t n;
} who_ctx;
kstatus who_begin(kumo *k, who_ctx *w);
void who_end(who_ctx *w);

/* The people a step waits for: names with their roles. */
typedef struct who_list {
    kuser v[8];
    size_t n;        /* named (at most 8) */
    size_t total;    /* who may take it */
} who_list;

/* Who may decide application a (policy_allows ACT_DECIDE) once it is submitted (a draft: who will decide it): for
   §8-3 the 統括 and the CISO, for §8-4 the 部局's 情報セキュリティ責任者 — never its applicant. */
kstatus who_may_decide(kumo *k, const who_ctx *w, const kapp *a, who_list *out);
/* Who may record the response to review r of service s (policy_may_respond_review). */
kstatus who_may_respond(kumo *k, const who_ctx *w, const kreview *r, who_list *out);
/* Who may accept (受理) termination t (policy_may_accept_termination). */
kstatus who_may_accept(kumo *k, const who_ctx *w, const ktermination *t, who_list *out);
/* Who may accept (受理) 廃棄・削除完了報告 p (policy_may_accept_disposal). */
kstatus who_may_accept_disposal(kumo *k, const who_ctx *w, const kdisposal *p, who_list *out);

/* The step a due item waits for: whether the current user may take it (*mine), and when not, who may (out): the
   review (policy_may_review), the 終了連絡 (policy_may_terminate, or its 受理 when one is filed), the
   導入・構築時確認 (policy_may_build_check). *what names the step (利用状況確認, 終了連絡, 受理, 導入・構築時確認). */
kstatus who_due(kumo *k, const who_ctx *w, const kdue_item *it, bool *mine, const char **what, who_list *out);

/* Who will accept the 終了連絡 (the 廃棄・削除完了報告) of that id, as who_text's sentence with roles; "" when it cannot
   be read or nobody may. For the message after filing one, on the screen and the command line alike. */
const char *who_accepts_termination(kumo *k, int64_t termination_id, char *out, size_t n);
const char *who_accepts_disposal(kumo *k, int64_t disposal_id, char *out, size_t n);

/* The list as a sentence: 「高橋 健（統括情報セキュリティ責任者）」, 「A（…）又は B（…）」, 「A（…）、B（…）ほか3名」;
   with roles false only the names (「高橋 健 ほか1名」). "" when nobody may: then the step has nobody to take it. */
const char *who_text(const who_list *l, bool roles, char *out, size_t n);
#endif
