#include "forms/csvrows.h"

#include <stdlib.h>
#include <string.h>

void csv_rows_field(void *s, size_t len, void *rows)
{
    csv_rows *r = rows;
    if (r->curn == r->curcap) {
        size_t cap = r->curcap ? r->curcap * 2 : 16;
        char **v = realloc(r->cur, cap * sizeof *v);
        if (!v) {
            r->oom = true;
            return;
        }
        r->cur = v;
        r->curcap = cap;
    }
    char *f = malloc(len + 1);
    if (!f) {
        r->oom = true;
        return;
    }
    if (len) memcpy(f, s, len);
    f[len] = 0;
    for (size_t i = 0; i < len; i++)
        if (!f[i]) f[i] = 0x01;
    r->cur[r->curn++] = f;
}

void csv_rows_end(int c, void *rows)
{
    (void)c;
    csv_rows *r = rows;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        csv_row *v = realloc(r->rows, cap * sizeof *v);
        if (!v) {
            r->oom = true;
            return;
        }
        r->rows = v;
        r->cap = cap;
    }
    r->rows[r->n++] = (csv_row){.line = r->start_line, .f = r->cur, .n = r->curn};
    r->cur = NULL;
    r->curn = r->curcap = 0;
}

void csv_rows_clear(csv_rows *r)
{
    for (size_t i = 0; i < r->n; i++) {
        for (size_t j = 0; j < r->rows[i].n; j++) free(r->rows[i].f[j]);
        free(r->rows[i].f);
    }
    for (size_t j = 0; j < r->curn; j++) free(r->cur[j]);
    free(r->cur);
    free(r->rows);
    memset(r, 0, sizeof *r);
}

void csv_rows_drop(csv_rows *r)
{
    for (size_t i = 0; i < r->n; i++) {
        for (size_t j = 0; j < r->rows[i].n; j++) free(r->rows[i].f[j]);
        free(r->rows[i].f);
    }
    r->n = 0;
}
