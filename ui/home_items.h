/* The rows of ホーム: section headers and the applications and services of the user's own work.
   Sections are built by small functions so later features add their own. */
#ifndef KUMO_HOME_ITEMS_H
#define KUMO_HOME_ITEMS_H
#include "ui/screen_service.h"
#include "ui/ui.h"

typedef enum hi_kind { HI_HEADER, HI_APP, HI_SERVICE, HI_NOTE, HI_SETUP } hi_kind;

/* The items of a new database's setup guide (HI_SETUP rows; id is one of these). */
enum { SETUP_DEPTS = 1, SETUP_USERS, SETUP_INTERVAL, SETUP_IMPORT };

typedef struct home_item {
    hi_kind kind;
    int64_t id;          /* application id (HI_APP) or service id (HI_SERVICE) */
    int64_t app_id;      /* for HI_SERVICE: its current application */
    service_row row_kind;/* for HI_SERVICE: the review or report the row is about, selected when it opens */
    int64_t row_id;
    char col[5][256];    /* 番号, 状態, 名称, 部局, 日付; a row waiting for others: 番号, 状態, 名称, 誰の対応待ち */
    char wait[640];      /* a row waiting for others: what it waits for and whom, as a sentence ("" otherwise) */
    int attr;
} home_item;

/* The rows of ホーム: the user's own work section by section, and apart from it (w) the items that wait for someone
   else's step, shown last under their own heading. */
typedef struct home_items {
    home_item *v;
    size_t n, cap;
    home_item *w;
    size_t wn, wcap;
} home_items;

void home_items_build(home_items *h);
void home_items_free(home_items *h);
void home_items_add_header(home_items *h, const char *title, long count);
void home_items_add_note(home_items *h, const char *text);
void home_items_add_app(home_items *h, const kapp_row *r, const char *date);
void home_items_add_service(home_items *h, const kservice *s, const char *status, const char *date, int attr);
/* The same for a row about one review or report of the service (selected when the service opens). */
void home_items_add_service_row(home_items *h, const kservice *s, const char *status, const char *date, int attr,
                                service_row kind, int64_t row_id);
/* Items waiting for someone else's step: state (審査待ち, 対応待ち …), whom in short (a column) and the sentence the
   message line shows when the row is selected. */
void home_items_wait_app(home_items *h, const kapp_row *r, const char *state, const char *who, const char *sentence);
void home_items_wait_service(home_items *h, const kservice *s, const char *state, service_row kind, int64_t row_id,
                             const char *who, const char *sentence);
/* The sentence of row i when it waits for someone else, else NULL. */
const char *home_items_waiting(const home_items *h, int i);
/* Rows for the list widget: section headers and notes are not selectable. */
bool home_items_selectable(void *h, int i);
void home_items_draw_row(void *h, int i, int y, bool selected);
/* Opens the application or service of row i. */
void home_items_open(home_items *h, int i);

/* Sections added by features beyond the core (reviews, terminations); defined in their own files. */
typedef void (*home_section_fn)(home_items *h);
/* The users who take others' steps, read once per build (who_begin), for the sections that name them. */
const who_ctx *home_who(void);
/* A row of the setup guide (ui/home_setup.c). */
void home_items_add_setup(home_items *h, int item, const char *title, bool done, const char *state);
#endif
