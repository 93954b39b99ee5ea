/* The search index: what every connection registers before the schema is touched (the SQL function kumo_fold and
   the FTS5 tokenizer kumo_gram), and the MATCH expression of what a user types.

   The searchable text of an application or a service is folded (forms/text.h text_fold: NFKC, case folded, spaces
   dropped) field by field and joined with U+001F by kumo_fold(); triggers of db/schema.c keep it in the FTS5 tables
   app_search and svc_search. The tokenizer emits every character and every pair of neighbouring characters of a
   field (a field boundary, U+001F, is never inside a pair), so a query of one or two characters is one token, and a
   longer one is the AND of its pairs with the row's folded text checked by instr(). The index is detail=none: it
   answers "which rows have this token" in rowid order, without positions. */
#include "db/search.h"

#include <stdlib.h>
#include <string.h>

#include "forms/text.h"

#define SEP '\x1f'

/* kumo_fold(a, b, …): each argument folded, joined with U+001F; NULL arguments count as "". */
static void fold_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    size_t cap = 0;
    for (int i = 0; i < argc; i++) cap += (size_t)sqlite3_value_bytes(argv[i]) * 3 + 8;
    char *out = sqlite3_malloc64(cap + 1);
    if (!out) {
        sqlite3_result_error_nomem(cx);
        return;
    }
    size_t j = 0;
    for (int i = 0; i < argc; i++) {
        if (i) out[j++] = SEP;
        const char *t = (const char *)sqlite3_value_text(argv[i]);
        j += text_fold(t ? t : "", out + j, cap + 1 - j);
    }
    out[j] = 0;
    sqlite3_result_text(cx, out, (int)j, sqlite3_free);
}

/* ---- the tokenizer ---- */

typedef struct gram_tok { int unused; } gram_tok;

static int tok_create(void *ctx, const char **azArg, int nArg, Fts5Tokenizer **out)
{
    (void)ctx, (void)azArg, (void)nArg;
    gram_tok *t = sqlite3_malloc(sizeof *t);
    if (!t) return SQLITE_NOMEM;
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t) { sqlite3_free(t); }

static size_t char_len(const char *s, size_t n)
{
    uint32_t cp;
    return text_utf8_decode(s, n, &cp);
}

static int tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int ntext,
                        int (*token)(void *, int, const char *, int, int, int))
{
    (void)t;
    if (ntext <= 0) return SQLITE_OK;
    if (flags & FTS5_TOKENIZE_QUERY) {
        /* the query is made of grams already (search_match): each quoted string is one token */
        return token(ctx, 0, text, ntext, 0, ntext);
    }
    size_t n = (size_t)ntext;
    int rc = SQLITE_OK;
    for (size_t i = 0; i < n && rc == SQLITE_OK;) {
        if (text[i] == SEP) {
            i++;
            continue;
        }
        size_t l1 = char_len(text + i, n - i);
        rc = token(ctx, 0, text + i, (int)l1, (int)i, (int)(i + l1));
        size_t j = i + l1;
        if (rc == SQLITE_OK && j < n && text[j] != SEP) {
            size_t l2 = char_len(text + j, n - j);
            rc = token(ctx, 0, text + i, (int)(l1 + l2), (int)i, (int)(j + l2));
        }
        i = j;
    }
    return rc;
}

static fts5_api *fts5_of(sqlite3 *h)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return api;
}

int search_register(sqlite3 *h)
{
    int rc = sqlite3_create_function(h, "kumo_fold", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fold_fn, NULL,
                                     NULL);
    if (rc != SQLITE_OK) return rc;
    fts5_api *api = fts5_of(h);
    if (!api) return SQLITE_ERROR;
    static fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
    return api->xCreateTokenizer(api, "kumo_gram", NULL, &tok, NULL);
}

/* ---- the query ---- */

/* Appends one gram as a quoted FTS5 string ("" inside doubled). */
static bool put_gram(char *out, size_t n, size_t *j, const char *g, size_t len)
{
    size_t need = 3 + len * 2;
    if (*j + need + 1 > n) return false;
    if (*j) out[(*j)++] = ' ';
    out[(*j)++] = '"';
    for (size_t i = 0; i < len; i++) {
        if (g[i] == '"') out[(*j)++] = '"';
        out[(*j)++] = g[i];
    }
    out[(*j)++] = '"';
    out[*j] = 0;
    return true;
}

bool search_prepare(const char *typed, search_query *q)
{
    memset(q, 0, sizeof *q);
    if (!typed) return false;
    size_t len = text_fold(typed, q->folded, sizeof q->folded);
    if (!len) return false;
    /* the characters' offsets */
    size_t offs[SEARCH_MAX_CHARS + 1], nc = 0;
    for (size_t i = 0; i < len && nc < SEARCH_MAX_CHARS;) {
        offs[nc++] = i;
        i += char_len(q->folded + i, len - i);
    }
    offs[nc] = len;
    q->folded[len] = 0;
    q->chars = nc;
    size_t j = 0;
    if (nc == 1) {
        put_gram(q->match, sizeof q->match, &j, q->folded, len);
        return true;
    }
    /* every pair once: "ab" "bc" … (AND); a longer text is then checked whole with instr */
    for (size_t i = 0; i + 1 < nc; i++) {
        const char *g = q->folded + offs[i];
        size_t gl = offs[i + 2] - offs[i];
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = offs[k + 2] - offs[k] == gl && !memcmp(q->folded + offs[k], g, gl);
        if (!seen && !put_gram(q->match, sizeof q->match, &j, g, gl)) break;
    }
    q->check_whole = nc > 2;
    return true;
}
