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
        csv_rows_clear(out);
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

/* Reads index.csv and finds the row of `key`: its name, version and file (name, version may be NULL). */
static int index_row(const char *key, char **name, char **version, char *file, size_t filen, char *err, size_t errsz)
{
    const char *dir = checklist_dir();
    char path[1024];
    snprintf(path, sizeof path, "%s/index.csv", dir);
    csv_rows idx;
    if (read_csv(path, &idx, err, errsz)) return -1;
    int ck = col_index(&idx, "key"), cn = col_index(&idx, "name"), cv = col_index(&idx, "version"),
        cf = col_index(&idx, "file");
    if (ck < 0 || cn < 0 || cv < 0 || cf < 0) {
        snprintf(err, errsz, "%s の見出しは key,name,version,file にしてください", path);
        csv_rows_clear(&idx);
        return -1;
    }
    file[0] = 0;
    bool oom = false;
    for (size_t i = 1; i < idx.n; i++) {
        if (!strcmp(cell(&idx, i, ck), key)) {
            if (name) oom |= !(*name = strdup(cell(&idx, i, cn)));
            if (version) oom |= !(*version = strdup(cell(&idx, i, cv)));
            snprintf(file, filen, "%s", cell(&idx, i, cf));
            break;
        }
    }
    csv_rows_clear(&idx);
    if (oom) {
        snprintf(err, errsz, "メモリ不足");
        return -1;
    }
    if (!*file || strchr(file, '/')) {
        snprintf(err, errsz, "%s に確認事項「%s」がありません", path, key);
        return -1;
    }
    return 0;
}

bool checklist_current_version(const char *key, char *buf, size_t n, char *err, size_t errsz)
{
    char *version = NULL, file[512];
    if (index_row(key, NULL, &version, file, sizeof file, err, errsz)) {
        free(version);
        return false;
    }
    snprintf(buf, n, "%s", version ? version : "");
    free(version);
    return true;
}

/* Whether every |-separated part of v is an answer the policy knows (適合, 不適合, 該当なし). */
static bool answers_valid(const char *v)
{
    if (!*v) return true;
    for (const char *p = v;;) {
        const char *e = strchr(p, '|');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        bool known = false;
        for (const char *const *a = CK_ANSWERS; *a && !known; a++) known = strlen(*a) == len && !strncmp(*a, p, len);
        if (!known) return false;
        if (!e) return true;
        p = e + 1;
    }
}

bool checklist_conflicts_valid(const char *v)
{
    if (!v || !*v) return true;
    for (const char *p = v;;) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        /* a label before the =, at least one value after it */
        if (!eq || eq == p || (size_t)(eq - p) + 1 >= len) return false;
        if (!e) return true;
        p = e + 1;
    }
}

int checklist_load(const char *key, ck_template *out, char *err, size_t errsz)
{
    memset(out, 0, sizeof *out);
    char file[512], path[1024];
    if (index_row(key, &out->name, &out->version, file, sizeof file, err, errsz)) {
        checklist_clear(out);
        return -1;
    }
    out->key = strdup(key);
    snprintf(path, sizeof path, "%s/%s", checklist_dir(), file);
    csv_rows r;
    if (read_csv(path, &r, err, errsz)) { checklist_clear(out); return -1; }
    int cc = col_index(&r, "code"), cs = col_index(&r, "section"), ct = col_index(&r, "text"),
        cr = col_index(&r, "required"), cnr = col_index(&r, "note_required"), ca = col_index(&r, "answers"),
        cx = col_index(&r, "conflicts");
    if (cc < 0 || ct < 0) {
        snprintf(err, errsz, "%s の見出しは code,section,text,required（と note_required,answers,conflicts）にしてください",
                 path);
        csv_rows_clear(&r);
        checklist_clear(out);
        return -1;
    }
    out->items = calloc(r.n ? r.n : 1, sizeof *out->items);
    if (!out->items) { csv_rows_clear(&r); checklist_clear(out); snprintf(err, errsz, "メモリ不足"); return -1; }
    bool oom = false;
    for (size_t i = 1; i < r.n; i++) {
        const char *code = cell(&r, i, cc), *text = cell(&r, i, ct), *answers = cell(&r, i, ca),
                   *conflicts = cell(&r, i, cx), *note = cell(&r, i, cnr);
        const char *problem = NULL;
        if (!*code || !*text || !text_valid_utf8(text, strlen(text)))
            problem = "code と text は必須で、UTF-8 で書いてください";
        else if (!answers_valid(answers))
            problem = "answers は 適合・不適合・該当なし を | で区切って書いてください（空欄はすべて）";
        else if (!text_valid_utf8(conflicts, strlen(conflicts)) || !checklist_conflicts_valid(conflicts))
            problem = "conflicts は 項目名=値|値 を ; で区切って書いてください";
        else if (*note && strcmp(note, "0") && strcmp(note, "1"))
            problem = "note_required は 1（確認内容の記入が必要）、0 又は空欄です";
        if (problem) {
            snprintf(err, errsz, "%s の %zu 行目: %s", path, i + 1, problem);
            csv_rows_clear(&r);
            checklist_clear(out);
            return -1;
        }
        ck_item *it = &out->items[out->n++];
        it->code = strdup(code);
        it->section = strdup(cell(&r, i, cs));
        it->text = strdup(text);
        it->required = strcmp(cell(&r, i, cr), "0") != 0;
        it->note_required = !strcmp(note, "1");
        it->answers = strdup(answers);
        it->conflicts = strdup(conflicts);
        oom |= !it->code || !it->section || !it->text || !it->answers || !it->conflicts;
    }
    csv_rows_clear(&r);
    if (oom || !out->key || !out->name || !out->version) {
        checklist_clear(out);
        snprintf(err, errsz, "メモリ不足");
        return -1;
    }
    return 0;
}

void checklist_clear(ck_template *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->items[i].code);
        free(t->items[i].section);
        free(t->items[i].text);
        free(t->items[i].answers);
        free(t->items[i].conflicts);
    }
    free(t->items);
    free(t->key);
    free(t->name);
    free(t->version);
    memset(t, 0, sizeof *t);
}

static const char *nz(const char *s) { return s ? s : ""; }

bool checklist_answer_allowed(const ck_answer *a, const char *answer)
{
    if (!answer || !*answer || !a->answers || !*a->answers) return true;
    size_t len = strlen(answer);
    for (const char *p = a->answers;;) {
        const char *e = strchr(p, '|');
        size_t plen = e ? (size_t)(e - p) : strlen(p);
        if (plen == len && !strncmp(p, answer, len)) return true;
        if (!e) return false;
        p = e + 1;
    }
}

/* The admitted answers as a message shows them: 「適合」 or 「適合」「該当なし」. */
static void admitted(const ck_answer *a, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = 0;
    for (const char *p = nz(a->answers); *p && len + 1 < n;) {
        const char *e = strchr(p, '|');
        size_t plen = e ? (size_t)(e - p) : strlen(p);
        int w = snprintf(buf + len, n - len, "「%.*s」", (int)plen, p);
        if (w < 0) break;
        len = len + (size_t)w < n ? len + (size_t)w : n - 1;
        if (!e) break;
        p = e + 1;
    }
}

const char *checklist_answer_refusal(const ck_answer *a, const char *answer, char *buf, size_t n)
{
    char ok[96];
    admitted(a, ok, sizeof ok);
    snprintf(buf, n, "確認事項 %s は%sのみ回答できます（「%s」は選べません。項目: %s）", a->code, ok, answer,
             nz(a->text));
    text_trim_partial(buf);
    return buf;
}

/* What the item's text asks to write, for the message: its closing parenthesis 「（低減策を確認内容に記入）」, or "". */
static void asked(const char *text, char *buf, size_t n)
{
    static const char OPEN[] = "（", CLOSE[] = "）";
    buf[0] = 0;
    size_t len = strlen(nz(text));
    if (len < sizeof CLOSE - 1 || strcmp(text + len - (sizeof CLOSE - 1), CLOSE)) return;
    const char *open = NULL;
    for (const char *p = strstr(text, OPEN); p; p = strstr(p + 1, OPEN)) open = p;
    if (open) snprintf(buf, n, "%s", open);
    text_trim_partial(buf);
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
    if (!checklist_answer_allowed(a, a->answer)) return checklist_answer_refusal(a, a->answer, buf, n);
    bool note = a->note && *a->note;
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
        if (!note) {
            snprintf(buf, n,
                     "確認事項 %s は不適合です: 確認内容・対策（不適合の内容と講じる措置）を記入してください"
                     "（例外措置: ポリシー004 §7-4）",
                     a->code);
            return buf;
        }
    }
    /* 該当なし is a judgement too: why the item does not apply is written down (規定003 §4(4)① 確認事項の作成) */
    if (!strcmp(a->answer, "該当なし") && !note) {
        snprintf(buf, n, "確認事項 %s は該当なしです: 該当しない理由を確認内容・対策に記入してください", a->code);
        return buf;
    }
    if (a->note_required && !note) {
        char what[256];
        asked(a->text, what, sizeof what);
        snprintf(buf, n, "確認事項 %s は確認内容・対策の記入が必要です%s（「%s」だけでは確認の内容がわかりません）",
                 a->code, what, a->answer);
        text_trim_partial(buf);
        return buf;
    }
    if (a->note && text_chars(a->note) > 400) {
        snprintf(buf, n, "確認事項 %s の確認内容・対策は400文字以内で入力してください", a->code);
        return buf;
    }
    return NULL;
}

const char *checklist_check_conflict(const ck_answer *a, ck_field_value get, void *ctx, const char *form_name,
                                     char *buf, size_t n)
{
    if (!a->answer || strcmp(a->answer, "適合") || !a->conflicts || !*a->conflicts) return NULL;
    for (const char *p = a->conflicts;;) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        char label[256] = "";
        if (eq && (size_t)(eq - p) < sizeof label) {
            memcpy(label, p, (size_t)(eq - p));
            label[eq - p] = 0;
            const char *value = get(label, ctx);
            if (!value) {
                snprintf(buf, n, "確認事項 %s のテンプレートが%sにない項目「%s」を指しています（conflicts 列を直してください）",
                         a->code, form_name, label);
                text_trim_partial(buf);
                return buf;
            }
            /* the values after the =, separated by | */
            for (const char *v = eq + 1; *value && v < p + len;) {
                const char *bar = memchr(v, '|', (size_t)(p + len - v));
                size_t vlen = bar ? (size_t)(bar - v) : (size_t)(p + len - v);
                if (vlen == strlen(value) && !strncmp(v, value, vlen)) {
                    snprintf(buf, n, "確認事項 %s が「適合」ですが、%sの「%s」は「%s」です。矛盾しているため、"
                                     "どちらかを直してください（項目: %s）",
                             a->code, form_name, label, value, nz(a->text));
                    text_trim_partial(buf);
                    return buf;
                }
                if (!bar) break;
                v = bar + 1;
            }
        }
        if (!e) return NULL;
        p = e + 1;
    }
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
    free(a->answers);
    free(a->conflicts);
}

void checklist_answers_free(ck_answer **v, size_t n)
{
    if (!v || !*v) return;
    for (size_t i = 0; i < n; i++) checklist_answer_clear(&(*v)[i]);
    free(*v);
    *v = NULL;
}

static char *dup_or_empty(const char *s) { return strdup(nz(s)); }

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
    a->note_required = it->note_required;
    a->answers = dup_or_empty(it->answers);
    a->conflicts = dup_or_empty(it->conflicts);
    return a->code && a->section && a->text && a->answer && a->note && a->reason && a->answers && a->conflicts;
}
