#include "forms/checklist.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/csvrows.h"
#include "forms/form.h"
#include "forms/text.h"

const char *const CK_ANSWERS[] = {"適合", "不適合", "該当なし", NULL};
const char *const CK_REASONS[] = {CK_REASON_EXCEPTION, NULL};

const char *checklist_reason_label(const char *reason)
{
    if (reason && !strcmp(reason, CK_REASON_LEGACY)) return "リスク受容（旧区分: CISO の例外措置の許可なし）";
    return reason ? reason : "";
}

const char *checklist_reason_for(const char *answer) { return answer && !strcmp(answer, "不適合") ? CK_REASON_EXCEPTION : ""; }

/* The installed folder, compiled in from the Makefile's DATADIR (its objects are rebuilt whenever DATADIR changes). */
#ifndef KUMO_TEMPLATE_DIR
#error "KUMO_TEMPLATE_DIR (the installed templates folder) is defined by the Makefile"
#endif

static bool installed_only;

void checklist_installed_only(void) { installed_only = true; }

const char *checklist_dir(void)
{
    /* a privileged run reads the installed checklists only; otherwise $KUMO_TEMPLATE_DIR (secure_getenv: ignored
       when setgid) may point elsewhere. Never the current folder's ./templates: whoever controls a folder would
       control the checklists of anyone working in it. */
    if (installed_only) return KUMO_TEMPLATE_DIR;
    const char *env = secure_getenv("KUMO_TEMPLATE_DIR");
    if (env && *env) return env;
    return KUMO_TEMPLATE_DIR;
}

const char *checklist_key_for_track(int track)
{
    return track == TRACK_83 ? "conf2" : track == TRACK_84 ? "conf1" : NULL;
}

static int read_csv(const char *path, csv_rows *out, char *err, size_t errsz)
{
    memset(out, 0, sizeof *out);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        snprintf(err, errsz, "確認事項のテンプレート %s を開けません（%s）", path,
                 e == ENOENT ? "ファイルがありません" : e == EACCES ? "読み取りの権限がありません" : strerror(e));
        return -1;
    }
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    char buf[4096];
    size_t n;
    bool first = true, bad = false;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        char *b = buf;
        if (first && n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3)) { b += 3; n -= 3; }
        first = false;
        if (csv_parse(&p, b, n, csv_rows_field, csv_rows_end, out) != n) { bad = true; break; }
    }
    if (!bad && csv_fini(&p, csv_rows_field, csv_rows_end, out) != 0) bad = true;
    csv_free(&p);
    fclose(fp);
    if (bad || out->oom) {
        snprintf(err, errsz, "確認事項のテンプレート %s の %zu 行目付近が CSV として読めません: %s", path,
                 out->n + 1, out->oom ? "メモリ不足" : csv_strerror(csv_error(&p)));
        csv_rows_free(out);
        return -1;
    }
    return 0;
}

static int col_index(const csv_rows *r, const char *name)
{
    if (r->n == 0) return -1;
    for (size_t j = 0; j < r->rows[0].n; j++)
        if (!strcmp(r->rows[0].f[j], name)) return (int)j;
    return -1;
}

static const char *cell(const csv_rows *r, size_t row, int col)
{
    return col >= 0 && (size_t)col < r->rows[row].n ? r->rows[row].f[col] : "";
}

int checklist_load(const char *key, ck_template *out, char *err, size_t errsz)
{
    memset(out, 0, sizeof *out);
    const char *dir = checklist_dir();
    char path[1024];
    snprintf(path, sizeof path, "%s/index.csv", dir);
    csv_rows idx;
    if (read_csv(path, &idx, err, errsz)) return -1;
    int ck = col_index(&idx, "key"), cn = col_index(&idx, "name"), cv = col_index(&idx, "version"),
        cf = col_index(&idx, "file");
    if (ck < 0 || cn < 0 || cv < 0 || cf < 0) {
        snprintf(err, errsz, "%s の見出しは key,name,version,file にしてください", path);
        csv_rows_free(&idx);
        return -1;
    }
    char file[512] = "";
    for (size_t i = 1; i < idx.n; i++) {
        if (!strcmp(cell(&idx, i, ck), key)) {
            out->key = strdup(key);
            out->name = strdup(cell(&idx, i, cn));
            out->version = strdup(cell(&idx, i, cv));
            snprintf(file, sizeof file, "%s", cell(&idx, i, cf));
            break;
        }
    }
    csv_rows_free(&idx);
    if (!*file || strchr(file, '/')) {
        snprintf(err, errsz, "%s に確認事項「%s」がありません", path, key);
        checklist_free(out);
        return -1;
    }
    snprintf(path, sizeof path, "%s/%s", dir, file);
    csv_rows r;
    if (read_csv(path, &r, err, errsz)) { checklist_free(out); return -1; }
    int cc = col_index(&r, "code"), cs = col_index(&r, "section"), ct = col_index(&r, "text"),
        cr = col_index(&r, "required");
    if (cc < 0 || ct < 0) {
        snprintf(err, errsz, "%s の見出しは code,section,text,required にしてください", path);
        csv_rows_free(&r);
        checklist_free(out);
        return -1;
    }
    out->items = calloc(r.n ? r.n : 1, sizeof *out->items);
    if (!out->items) { csv_rows_free(&r); checklist_free(out); snprintf(err, errsz, "メモリ不足"); return -1; }
    bool oom = false;
    for (size_t i = 1; i < r.n; i++) {
        const char *code = cell(&r, i, cc), *text = cell(&r, i, ct);
        if (!*code || !*text || !text_valid_utf8(text, strlen(text))) {
            snprintf(err, errsz, "%s の %zu 行目: code と text は必須で、UTF-8 で書いてください", path, i + 1);
            csv_rows_free(&r);
            checklist_free(out);
            return -1;
        }
        ck_item *it = &out->items[out->n++];
        it->code = strdup(code);
        it->section = strdup(cell(&r, i, cs));
        it->text = strdup(text);
        it->required = strcmp(cell(&r, i, cr), "0") != 0;
        oom |= !it->code || !it->section || !it->text;
    }
    csv_rows_free(&r);
    if (oom || !out->key || !out->name || !out->version) {
        checklist_free(out);
        snprintf(err, errsz, "メモリ不足");
        return -1;
    }
    return 0;
}

void checklist_free(ck_template *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->items[i].code);
        free(t->items[i].section);
        free(t->items[i].text);
    }
    free(t->items);
    free(t->key);
    free(t->name);
    free(t->version);
    memset(t, 0, sizeof *t);
}

const char *checklist_check_answer(const ck_answer *a, char *buf, size_t n)
{
    bool answered = a->answer && *a->answer;
    if (!answered) {
        if (a->required) {
            snprintf(buf, n, "確認事項 %s が未回答です（必須）", a->code);
            return buf;
        }
        return NULL;
    }
    bool known = false;
    for (const char *const *p = CK_ANSWERS; *p; p++) known |= !strcmp(*p, a->answer);
    if (!known) {
        snprintf(buf, n, "確認事項 %s の回答は 適合・不適合・該当なし のいずれかです", a->code);
        return buf;
    }
    if (!strcmp(a->answer, "不適合")) {
        /* a 不適合 is an 例外措置 (004 §7-4), the only kind the policy knows; 「リスク受容」 is not one */
        if (a->reason && *a->reason && strcmp(a->reason, CK_REASON_EXCEPTION)) {
            snprintf(buf, n,
                     "確認事項 %s: 不適合の理由「%s」はポリシーにない区分です。不適合は例外措置（ポリシー004 §7-4）として"
                     "扱います",
                     a->code, a->reason);
            text_trim_partial(buf);
            return buf;
        }
        if (!a->note || !*a->note) {
            snprintf(buf, n,
                     "確認事項 %s は不適合です: 確認内容・対策（不適合の内容と講じる措置）を記入してください"
                     "（例外措置: ポリシー004 §7-4）",
                     a->code);
            return buf;
        }
    }
    if (a->note && text_chars(a->note) > 400) {
        snprintf(buf, n, "確認事項 %s の確認内容・対策は400文字以内で入力してください", a->code);
        return buf;
    }
    return NULL;
}

void checklist_progress(const ck_answer *v, size_t n, size_t *answered, size_t *req_missing, size_t *nonconf)
{
    size_t a = 0, m = 0, x = 0;
    for (size_t i = 0; i < n; i++) {
        bool has = v[i].answer && *v[i].answer;
        a += has;
        m += v[i].required && !has;
        x += has && !strcmp(v[i].answer, "不適合");
    }
    if (answered) *answered = a;
    if (req_missing) *req_missing = m;
    if (nonconf) *nonconf = x;
}

void checklist_answer_clear(ck_answer *a)
{
    free(a->code);
    free(a->section);
    free(a->text);
    free(a->answer);
    free(a->note);
    free(a->reason);
}

void checklist_answers_free(ck_answer **v, size_t n)
{
    if (!v || !*v) return;
    for (size_t i = 0; i < n; i++) checklist_answer_clear(&(*v)[i]);
    free(*v);
    *v = NULL;
}

static char *dup_or_empty(const char *s) { return strdup(s ? s : ""); }

bool checklist_answer_from(ck_answer *a, int no, const ck_item *it, const ck_answer *given)
{
    a->no = no;
    a->code = dup_or_empty(it->code);
    a->section = dup_or_empty(it->section);
    a->text = dup_or_empty(it->text);
    a->required = it->required;
    a->answer = dup_or_empty(given ? given->answer : "");
    a->note = dup_or_empty(given ? given->note : "");
    a->reason = dup_or_empty(checklist_reason_for(a->answer));   /* 不適合: 例外措置 (004 §7-4) */
    return a->code && a->section && a->text && a->answer && a->note && a->reason;
}
