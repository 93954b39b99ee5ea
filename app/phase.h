/* The phase checklists answered after approval (別紙「クラウドサービス利用におけるチェックリスト」): 運用・保守時
   §4(6) with each 利用状況確認, 更改・廃棄時 §4(7) with the 終了連絡 (app/phase.c). A record keeps a snapshot of the
   template it was answered against, as an application keeps its 確認事項. */
#ifndef KUMO_APP_PHASE_H
#define KUMO_APP_PHASE_H
#include <stddef.h>
#include <stdio.h>

#include "app/session.h"
#include "forms/checklist.h"
#include "forms/service_form.h"

/* Template keys (templates/index.csv). */
#define PHASE_BUILD "build"       /* 導入・構築時 §4(5) — the 導入・構築時確認 before 利用開始 */
#define PHASE_OPERATE "operate"   /* 運用・保守時 §4(6) — with each 利用状況確認 */
#define PHASE_RETIRE "retire"     /* 更改・廃棄時 §4(7) — with the 終了連絡 */

/* The template `key` as unanswered items, for a screen to fill; the caller frees them with
   checklist_answers_free. name (may be NULL) receives the template's name. */
kstatus phase_checklist_blank(kumo *k, const char *key, ck_answer **out, size_t *n, char *name, size_t name_n);
/* Answers given item by item in a file (forms/answers_file.h: CSV code,answer,note with a header), for a step driven
   without the screen; the caller frees them with checklist_answers_free. KS_IO or KS_INVALID with a message naming
   the file and the line when it cannot be read. Whether they fit a template is the step's to check
   (phase_snapshot_take). */
kstatus phase_answers_read(kumo *k, const char *path, ck_answer **out, size_t *n);
/* Writes answers as an answers file (code,answer,note,text), to be edited and read back: `kumo show NO --answers`,
   `kumo checklist KEY`. */
kstatus phase_answers_write(kumo *k, FILE *fp, const ck_answer *v, size_t n);
/* What a 不適合 answer means on the checklist of phase `key`, for the screen that takes the answers. Not an
   例外措置 to be permitted before an approval (that is the application's 確認事項, ポリシー004 §7-4): after approval a
   不適合 is something still to be done — at 導入・構築時 before 利用開始 (規定003 §4(5)), in a 利用状況確認 a finding
   to be answered (§4(6)), and in a 終了連絡 what remains before the 終了, its completion reported by the
   廃棄・削除完了報告 (§4(7); ポリシー004 §8-3(8)). NULL for a key that is not a phase. */
const char *phase_nonconf_label(const char *key);
/* Sets every item's answer to `answer` (the demo and tests; a person answers item by item). */
void phase_answer_all(ck_answer *v, size_t n, const char *answer);

/* Answers to template `key` as a snapshot: the template's items with the given answers matched by code, checked as
   an application's 確認事項 are (required items answered; 不適合 with a reason and 確認内容・対策). */
typedef struct phase_snapshot {
    ck_answer *v;
    size_t n;
    char key[16], name[256], version[32];
    size_t nonconf;       /* answers 不適合 */
} phase_snapshot;

/* Takes the snapshot; `what` names the checklist in messages (運用・保守時チェックリスト). An answer whose code is not in
   the template, or that breaks a rule, fails the step with KS_INVALID and a message naming the item. */
kstatus phase_snapshot_take(kumo *k, const char *key, const char *what, const ck_answer *in, size_t nin,
                            phase_snapshot *out);
void phase_snapshot_clear(phase_snapshot *s);
/* Checks the snapshot against the form it was answered with (`form`, its values[form->n]): an answer of 適合 that a
   value of the form contradicts (the item's conflicts, e.g. 4(7)-3a 削除している with 利用者アカウントの削除
   削除予定) fails the step with KS_INVALID and a message naming both places. */
kstatus phase_check_conflicts(kumo *k, const phase_snapshot *snap, const char *what, const sform *form,
                              const char *const *values);
#endif
