/* The search index of db/ (db/search.c): registered on every connection, queried by the list pages. */
#ifndef KUMO_DB_SEARCH_H
#define KUMO_DB_SEARCH_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

/* A search box holds at most 40 characters; a longer query keeps its first SEARCH_MAX_CHARS. */
#define SEARCH_MAX_CHARS 64

typedef struct search_query {
    char folded[SEARCH_MAX_CHARS * 4 + 1];    /* what was typed, folded as the index is (instr against it) */
    char match[SEARCH_MAX_CHARS * 16 + 8];    /* the FTS5 MATCH expression: the grams, each quoted, ANDed */
    size_t chars;
    bool check_whole;                          /* 3+ characters: the pairs may be apart, check the text */
} search_query;

/* Registers kumo_fold() and the kumo_gram tokenizer on a connection, before the schema is read. */
int search_register(sqlite3 *h);
/* Folds what was typed into a query; false when nothing searchable is left (only spaces). */
bool search_prepare(const char *typed, search_query *q);
#endif
