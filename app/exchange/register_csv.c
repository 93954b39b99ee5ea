#include "app/exchange/register_csv.h"

#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/exchange/outfile.h"
#include "app/exchange/register.h"
#include "app/internal.h"
#include "app/policy.h"
#include "forms/text.h"

#define BOM "\xEF\xBB\xBF"

static bool formula_start(char c) { return c == '=' || c == '+' || c == '-' || c == '@'; }

char *csv_neutralize(const char *s)
{
    s = s ? s : "";
    size_t n = strlen(s);
    char *r = malloc(n + 2);
    if (!r) return NULL;
    if (formula_start(s[0])) {
        r[0] = '\'';
        memcpy(r + 1, s, n + 1);
    } else {
        memcpy(r, s, n + 1);
    }
    return r;
}

const char *csv_unneutralized(const char *s)
{
    s = s ? s : "";
    return s[0] == '\'' && formula_start(s[1]) ? s + 1 : s;
}

char *csv_unneutralize(const char *s) { return strdup(csv_unneutralized(s)); }

typedef struct csv_out {
    kumo *k;
    FILE *fp;
    iconv_t cd;          /* (iconv_t)-1 for UTF-8 */
    bool replace;        /* CP932: 〓 for a character it cannot hold */
    kdate today;
    long row;
    kstatus status;
    csv_report *report;
    bool refused;        /* a character CP932 cannot hold was found (without replace): nothing is written */
    const char *key, *column;   /* the cell being converted */
    char *line;          /* the line being made, written at once when it is whole */
    size_t len, cap;
} csv_out;

void csv_report_clear(csv_report *r)
{
    if (!r) return;
    free(r->v);
    memset(r, 0, sizeof *r);
}

void csv_report_line(const cp932_issue *i, char *out, size_t n)
{
    char times[16] = "";
    if (i->count > 1) snprintf(times, sizeof times, " ×%d", i->count);
    snprintf(out, n, "%ld行目（%s）「%s」: %s U+%04X%s", i->line, *i->key ? i->key : "見出し", i->column, i->ch,
             (unsigned)i->cp, times);
}

/* A character of the cell being converted that CP932 cannot hold: one entry per cell and character. */
static void note_bad(const char *at, size_t len, uint32_t cp, void *ctx)
{
    csv_out *o = ctx;
    csv_report *r = o->report;
    if (!o->replace) o->refused = true;
    if (!r) return;
    for (size_t i = r->n; i-- > 0 && r->v[i].line == o->row + 1;)   /* the same character again in this cell */
        if (r->v[i].cp == cp && r->v[i].column == o->column) {
            r->v[i].count++;
            return;
        }
    r->total++;
    if (r->n >= CSV_REPORT_MAX) return;
    if (!r->v) {
        r->v = calloc(CSV_REPORT_MAX, sizeof *r->v);
        if (!r->v) return;
    }
    cp932_issue *e = &r->v[r->n++];
    e->line = o->row + 1;
    snprintf(e->key, sizeof e->key, "%s", o->key ? o->key : "");
    text_trim_partial(e->key);
    e->column = o->column;
    snprintf(e->ch, sizeof e->ch, "%.*s", (int)(len < sizeof e->ch ? len : sizeof e->ch - 1), at);
    e->cp = cp;
    e->count = 1;
}

/* Room for n more bytes in the line; false (status set) when memory runs out. */
static bool line_room(csv_out *o, size_t n)
{
    if (o->len + n <= o->cap) return true;
    size_t cap = o->cap ? o->cap : 4096;
    while (cap < o->len + n) cap *= 2;
    char *l = realloc(o->line, cap);
    if (!l) {
        o->status = kumo_fail(o->k, KS_NOMEM, NULL);
        return false;
    }
    o->line = l;
    o->cap = cap;
    return true;
}

/* One field: neutralised, converted, quoted by libcsv; sep is ',' or the line end. */
static int put_field(csv_out *o, const char *value, int col, const char *sep)
{
    /* neutralised without a copy when it needs none (almost every value) */
    value = value ? value : "";
    char *v = formula_start(value[0]) ? csv_neutralize(value) : NULL;
    if (formula_start(value[0]) && !v) {
        o->status = kumo_fail(o->k, KS_NOMEM, NULL);
        return -1;
    }
    const char *bytes = v ? v : value;
    size_t len = strlen(bytes);
    char *conv = NULL;
    if (o->cd != (iconv_t)-1) {
        o->column = REGISTER_COLUMNS[col].header;
        bool refused = o->refused;
        o->refused = false;
        conv = cp932_encode_all(o->cd, bytes, &len, o->replace, note_bad, o);
        if (!conv && !o->refused) {   /* nothing to report: out of memory */
            o->status = kumo_fail(o->k, KS_NOMEM, NULL);
            free(v);
            return -1;
        }
        o->refused = o->refused || refused;
        bytes = conv;
    }
    /* once refused, every cell is still looked at (to report every character) and nothing more is written */
    if (o->refused) {
        free(conv);
        free(v);
        return 0;
    }
    /* quoted by libcsv (csv_write) onto the line, written with the line: csv_fwrite writes byte by byte */
    size_t need = len * 2 + 2, seplen = strlen(sep);
    bool ok = line_room(o, need + seplen);
    if (ok) {
        o->len += csv_write(o->line + o->len, need, bytes, len);
        memcpy(o->line + o->len, sep, seplen);
        o->len += seplen;
    }
    free(conv);
    free(v);
    return ok ? 0 : -1;
}

/* One line: the register's cells of one service, or (s NULL) the header. */
static int put_line(csv_out *o, const kservice *s)
{
    const char *cells[REGISTER_COLS];
    if (s) register_cells(s, o->today, cells);
    else
        for (int c = 0; c < REGISTER_COLS; c++) cells[c] = REGISTER_COLUMNS[c].header;
    o->key = s ? cells[RC_NO] : NULL;
    o->len = 0;
    for (int c = 0; c < REGISTER_COLS; c++)
        if (put_field(o, cells[c], c, c + 1 < REGISTER_COLS ? "," : "\r\n")) return 1;
    /* once refused, nothing more is written */
    if (!o->refused && fwrite(o->line, 1, o->len, o->fp) != o->len) {
        o->status = KS_IO;
        return 1;
    }
    return 0;
}

static int csv_register_row(const kservice *s, void *p)
{
    csv_out *o = p;
    o->row++;
    kumo_progress(o->k, "台帳を CSV に書き出し中", o->row, -1);
    return put_line(o, s);
}

kstatus export_register_csv(kumo *k, const kservice_filter *f, csv_encoding enc, bool replace, const char *path,
                            size_t *rows, csv_report *report)
{
    kumo_step(k);
    if (report) memset(report, 0, sizeof *report);
    csv_out o = {.k = k, .cd = (iconv_t)-1, .today = date_today(), .report = report,
                 .replace = replace && enc == CSV_ENC_CP932};
    if (report) report->replaced = o.replace;
    if (enc == CSV_ENC_CP932) {
        o.cd = cp932_encoder();
        if (o.cd == (iconv_t)-1) return kumo_fail(k, KS_ERROR, "CP932 への変換を準備できません（iconv）");
    }
    outfile out;
    kstatus s = outfile_open(k, &out, path, "CSV ファイル");
    if (s) {
        if (o.cd != (iconv_t)-1) iconv_close(o.cd);
        return s;
    }
    o.fp = out.fp;
    /* the same rows as the Excel register for the same filter */
    kservice_filter flt;
    register_filter(k, f, &flt);
    /* Excel opens UTF-8 only with a BOM; CP932 is what it writes itself */
    if (enc != CSV_ENC_CP932) fputs(BOM, out.fp);
    put_line(&o, NULL);
    kumo_progress(k, "台帳を CSV に書き出し中", 0, -1);
    if (!o.status) s = db_service_each(k->db, &flt, csv_register_row, &o);
    kumo_progress(k, "台帳を CSV に書き出し中", o.row, o.row);
    if (o.cd != (iconv_t)-1) iconv_close(o.cd);
    free(o.line);
    if (!s && !o.status && o.refused) {
        char count[48] = "";
        if (report) snprintf(count, sizeof count, " %zu 件", report->total);
        o.status = kumo_fail(k, KS_INVALID,
                             "CP932 で表せない文字が%sあります。--replace で「〓」に置き換えて出力するか、"
                             "--encoding utf-8 で出力してください（既存のファイルは変更していません）",
                             count);
    }
    if (s || (o.status && o.status != KS_IO)) {
        if (s) kumo_fail(k, s, NULL);
        outfile_abandon(&out);
        return s ? s : o.status;
    }
    /* a write error (disk full …) shows at close, with its reason; the temporary file is removed */
    s = outfile_commit(&out);
    if (!s && rows) *rows = (size_t)o.row;
    return s;
}
