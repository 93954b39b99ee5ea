/* The phase checklists of a service's life after approval: blank templates for a screen, and the snapshot a
   利用状況確認 or a 終了連絡 keeps of what was answered. */
#include "app/phase.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/privilege.h"
#include "forms/answers_file.h"
#include "forms/text.h"

static const char *nz(const char *s) { return s ? s : ""; }

kstatus phase_checklist_blank(kumo *k, const char *key, ck_answer **out, size_t *n, char *name, size_t name_n)
{
    kumo_step(k);
    *out = NULL;
    *n = 0;
    ck_template t;
    char err[512];
    if (checklist_load(key, &t, err, sizeof err)) return kumo_fail(k, KS_IO, "%s", err);
    ck_answer *v = calloc(t.n ? t.n : 1, sizeof *v);
    if (!v) {
        checklist_clear(&t);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    bool oom = false;
    for (size_t i = 0; i < t.n; i++) oom |= !checklist_answer_from(&v[i], (int)i + 1, &t.items[i], NULL);
    if (name && name_n) snprintf(name, name_n, "%s", t.name);
    size_t count = t.n;
    checklist_clear(&t);
    if (oom) {
        checklist_answers_free(&v, count);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    *out = v;
    *n = count;
    return KS_OK;
}

kstatus phase_answers_read(kumo *k, const char *path, ck_answer **out, size_t *n)
{
    kumo_step(k);
    char err[1024];
    /* the user's file, opened with the user's own rights (never the group's of a privileged run) */
    if (!priv_user_begin()) return kumo_fail(k, KS_ERROR, "利用者の権限に切り替えられないため %s を開きません", path);
    int rc = answers_file_read(path, out, n, err, sizeof err);
    priv_user_end();
    if (rc) return kumo_fail(k, rc == -2 ? KS_IO : KS_INVALID, "%s", err);
    return KS_OK;
}

kstatus phase_answers_write(kumo *k, FILE *fp, const ck_answer *v, size_t n)
{
    kumo_step(k);
    if (answers_file_write(fp, v, n)) return kumo_fail(k, KS_IO, "回答を書き出せません");
    return KS_OK;
}

void phase_answer_all(ck_answer *v, size_t n, const char *answer)
{
    for (size_t i = 0; i < n; i++) {
        char *a = strdup(nz(answer));
        if (!a) continue;
        free(v[i].answer);
        v[i].answer = a;
    }
}

void phase_snapshot_clear(phase_snapshot *s)
{
    checklist_answers_free(&s->v, s->n);
    s->v = NULL;
    s->n = 0;
}

/* Every given answer must belong to the template, and its texts must be clean. */
static kstatus check_given(kumo *k, const ck_template *t, const char *what, const ck_answer *in, size_t nin)
{
    kstatus s = KS_OK;
    for (size_t j = 0; j < nin && !s; j++) {
        bool known = false;
        for (size_t i = 0; i < t->n && !known; i++) known = !strcmp(t->items[i].code, nz(in[j].code));
        if (!known) {
            char *clean = text_sanitize(in[j].code);
            s = kumo_fail(k, KS_INVALID, "%sに項目 %s はありません（テンプレート %s 版 %s）", what, clean ? clean : "",
                          t->name, t->version);
            free(clean);
        }
        /* a file made from another version of the template says so by its item's text */
        for (size_t i = 0; i < t->n && !s; i++)
            if (!strcmp(t->items[i].code, nz(in[j].code)) && *nz(in[j].text) && strcmp(in[j].text, t->items[i].text))
                s = kumo_fail(k, KS_INVALID,
                              "%sの項目 %s の text がテンプレート（%s 版 %s）と違います: 別の版から作った回答ファイルです。"
                              "今の版の項目で作り直してください（kumo checklist %s）",
                              what, t->items[i].code, t->name, t->version, t->key);
        const char *texts[] = {in[j].answer, in[j].note, in[j].reason};
        for (size_t x = 0; x < 3 && !s; x++) {
            char label[128];
            snprintf(label, sizeof label, "%s %s の%s", what, nz(in[j].code),
                     x == 0 ? "回答" : x == 1 ? "確認内容・対策" : "理由");
            s = kumo_check_text(k, label, texts[x], 400, true, false);
        }
    }
    return s;
}

kstatus phase_snapshot_take(kumo *k, const char *key, const char *what, const ck_answer *in, size_t nin,
                            phase_snapshot *out)
{
    memset(out, 0, sizeof *out);
    ck_template t;
    char err[512];
    if (checklist_load(key, &t, err, sizeof err)) return kumo_fail(k, KS_IO, "%s", err);
    snprintf(out->key, sizeof out->key, "%s", t.key);
    snprintf(out->name, sizeof out->name, "%s", t.name);
    snprintf(out->version, sizeof out->version, "%s", t.version);
    kstatus s = check_given(k, &t, what, in, nin);
    if (!s) {
        out->v = calloc(t.n ? t.n : 1, sizeof *out->v);
        if (!out->v) s = kumo_fail(k, KS_NOMEM, NULL);
    }
    for (size_t i = 0; i < t.n && !s; i++) {
        const ck_answer *given = NULL;
        for (size_t j = 0; j < nin && !given; j++)
            if (!strcmp(nz(in[j].code), t.items[i].code)) given = &in[j];
        ck_answer *a = &out->v[out->n++];
        if (!checklist_answer_from(a, (int)i + 1, &t.items[i], given)) {
            s = kumo_fail(k, KS_NOMEM, NULL);
            break;
        }
        char msg[320];
        const char *m = checklist_check_answer(a, msg, sizeof msg);
        if (m) s = kumo_fail(k, KS_INVALID, "%s: %s", what, m);
        if (!strcmp(a->answer, "不適合")) out->nonconf++;
    }
    checklist_clear(&t);
    if (s) phase_snapshot_clear(out);
    return s;
}

typedef struct form_lookup {
    const sform *form;
    const char *const *values;
} form_lookup;

static const char *sform_value(const char *label, void *ctx)
{
    const form_lookup *f = ctx;
    for (int i = 0; i < f->form->n; i++)
        if (!strcmp(f->form->fields[i].label, label)) return nz(f->values[i]);
    return NULL;
}

const char *phase_nonconf_label(const char *key)
{
    if (!key) return NULL;
    if (!strcmp(key, PHASE_BUILD))
        return "要対応（利用開始までに講じる措置を確認内容・対策に記入: 規定003 §4(5)）";
    if (!strcmp(key, PHASE_OPERATE))
        return "要対応（この利用状況確認は対応を要するものとして記録: 規定003 §4(6)）";
    if (!strcmp(key, PHASE_RETIRE))
        return "終了までの残作業（残る措置と時期を確認内容・対策に記入し、完了は廃棄・削除完了報告で報告: "
               "規定003 §4(7)、ポリシー004 §8-3(8)）";
    return NULL;
}

kstatus phase_check_conflicts(kumo *k, const phase_snapshot *snap, const char *what, const sform *form,
                              const char *const *values)
{
    form_lookup ctx = {form, values};
    char msg[640];
    for (size_t i = 0; i < snap->n; i++) {
        const char *m = checklist_check_conflict(&snap->v[i], sform_value, &ctx, form->name, msg, sizeof msg);
        if (m) return kumo_fail(k, KS_INVALID, "%s: %s", what, m);
    }
    return KS_OK;
}
