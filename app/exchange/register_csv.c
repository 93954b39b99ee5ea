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

char *csv_unneutralize(const char *s)
{
    s = s ? s : "";
    return strdup(s[0] == '\'' && formula_start(s[1]) ? s + 1 : s);
}

typedef struct csv_out {
    kumo *k;
    FILE *fp;
    iconv_t cd;          /* (iconv_t)-1 for UTF-8 */
    kdate today;
    long row;
    kstatus status;
} csv_out;

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
        const char *bad = NULL;
        conv = cp932_encode(o->cd, bytes, &len, &bad);
        if (!conv) {
            char ch[8] = "?";
            if (bad) {
                uint32_t cp;
                size_t l = text_utf8_decode(bad, strlen(bad), &cp);
                snprintf(ch, sizeof ch, "%.*s", (int)l, bad);
            }
            o->status = kumo_fail(o->k, KS_INVALID,
                                  "%ld 行目の「%s」の文字「%s」は CP932 で表せないため出力できません。"
                                  "--encoding utf-8 で出力してください（既存のファイルは変更していません）",
                                  o->row + 1, REGISTER_COLUMNS[col].header, ch);
            free(v);
            return -1;
        }
        bytes = conv;
    }
    /* quoted by libcsv into a buffer (csv_write), written at once: csv_fwrite writes byte by byte */
    char stack[1024];
    size_t need = len * 2 + 2;
    char *buf = need <= sizeof stack ? stack : malloc(need);
    int rc = EOF;
    if (buf) {
        size_t w = csv_write(buf, need, bytes, len);
        rc = fwrite(buf, 1, w, o->fp) == w && fputs(sep, o->fp) != EOF ? 0 : EOF;
        if (buf != stack) free(buf);
    }
    free(conv);
    free(v);
    if (rc) {
        o->status = buf ? KS_IO : kumo_fail(o->k, KS_NOMEM, NULL);
        return -1;
    }
    return 0;
}

/* One line: the register's cells of one service, or (s NULL) the header. */
static int put_line(csv_out *o, const kservice *s)
{
    const char *cells[REGISTER_COLS];
    if (s) register_cells(s, o->today, cells);
    else
        for (int c = 0; c < REGISTER_COLS; c++) cells[c] = REGISTER_COLUMNS[c].header;
    for (int c = 0; c < REGISTER_COLS; c++)
        if (put_field(o, cells[c], c, c + 1 < REGISTER_COLS ? "," : "\r\n")) return 1;
    return 0;
}

static int csv_register_row(const kservice *s, void *p)
{
    csv_out *o = p;
    o->row++;
    kumo_progress(o->k, "台帳を CSV に書き出し中", o->row, -1);
    return put_line(o, s);
}

kstatus export_register_csv(kumo *k, const char *path, csv_encoding enc, bool all, size_t *rows)
{
    kumo_step(k);
    csv_out o = {.k = k, .cd = (iconv_t)-1, .today = date_today()};
    if (enc == CSV_ENC_CP932) {
        o.cd = cp932_encoder();
        if (o.cd == (iconv_t)-1) return kumo_fail(k, KS_ERROR, "CP932 への変換を準備できません（iconv）");
    }
    outfile f;
    kstatus s = outfile_open(k, &f, path, "CSV ファイル");
    if (s) {
        if (o.cd != (iconv_t)-1) iconv_close(o.cd);
        return s;
    }
    o.fp = f.fp;
    /* the same rows as the Excel register: services in use, or with `all` the ended ones too (marked 終了) */
    kservice_filter flt = {.include_terminated = all};
    policy_register_scope(&k->me, &flt);
    /* Excel opens UTF-8 only with a BOM; CP932 is what it writes itself */
    if (enc != CSV_ENC_CP932) fputs(BOM, f.fp);
    put_line(&o, NULL);
    kumo_progress(k, "台帳を CSV に書き出し中", 0, -1);
    if (!o.status) s = db_service_each(k->db, &flt, csv_register_row, &o);
    kumo_progress(k, "台帳を CSV に書き出し中", o.row, o.row);
    if (o.cd != (iconv_t)-1) iconv_close(o.cd);
    if (s || (o.status && o.status != KS_IO)) {
        if (s) kumo_fail(k, s, NULL);
        outfile_abandon(&f);
        return s ? s : o.status;
    }
    /* a write error (disk full …) shows at close, with its reason; the temporary file is removed */
    s = outfile_commit(&f);
    if (!s && rows) *rows = (size_t)o.row;
    return s;
}
