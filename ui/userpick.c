/* The picker of users (a クラウドサービス管理者, a successor …): a search line over a list paged by keyset in 氏名 order,
   so a city's thousands of staff are never loaded at once. Typing searches the start of a 氏名, a ログイン名 or a
   部局名; Tab switches between the 部局 it starts with and every 部局. */
#include "ui/userpick.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/text.h"
#include "ui/editbuf.h"
#include "ui/editkeys.h"
#include "ui/dialog.h"
#include "ui/ui.h"

#define PICK_MAX 64

typedef struct picker {
    const ui_user_pick *o;
    kuser rows[PICK_MAX];
    ui_list list;
    int want;              /* rows per page (the box's height) */
    bool all_depts;        /* Tab: every 部局 instead of o->dept_id */
    char search[256];
    int64_t count;
    krole roles[ROLE__COUNT];
} picker;

static kuser_query query_of(const picker *p)
{
    return (kuser_query){.search = p->search, .dept_id = p->all_depts ? 0 : p->o->dept_id,
                         .roles = p->o->manageable ? p->roles : NULL, .exclude = p->o->exclude};
}

static kuser_key key_of(const kuser *u)
{
    kuser_key k = {.id = u->id};
    snprintf(k.name, sizeof k.name, "%s", u->name);
    return k;
}

/* A page after `after` (NULL = the first) or before `before` (id 0 = the last); false when there is none there. */
static bool load(picker *p, const kuser_key *after, const kuser_key *before)
{
    kuser_query q = query_of(p);
    kuser tmp[PICK_MAX + 1];
    int n = 0, want = p->want;
    if (q_user_page(UI.k, &q, after, before, want + 1, tmp, &n)) {
        ui_fail(KS_ERROR);
        return false;
    }
    bool more = n > want;   /* one row beyond the page */
    if (n == 0 && (after || before)) return false;
    if (before) {
        int skip = n > want ? n - want : 0;
        p->list.n = n - skip;
        memcpy(p->rows, tmp + skip, (size_t)p->list.n * sizeof *tmp);
        p->list.more_above = more;
        p->list.more_below = before->id != 0;
    } else {
        p->list.n = n > want ? want : n;
        memcpy(p->rows, tmp, (size_t)p->list.n * sizeof *tmp);
        p->list.more_below = more;
        kuser_key first = key_of(&p->rows[0]);
        int above = 0;
        p->list.more_above = after && p->list.n > 0 && q_user_page(UI.k, &q, NULL, &first, 1, tmp, &above) == KS_OK &&
                             above > 0;
    }
    return true;
}

static bool fetch(void *ctx, ui_page page)
{
    picker *p = ctx;
    int n = p->list.n;
    kuser_key k, last = {.id = 0};
    switch (page) {
    case UI_PAGE_FIRST: return load(p, NULL, NULL);
    case UI_PAGE_NEXT: return n > 0 && (k = key_of(&p->rows[n - 1]), load(p, &k, NULL));
    case UI_PAGE_PREV: return n > 0 && (k = key_of(&p->rows[0]), load(p, NULL, &k));
    case UI_PAGE_LAST: return load(p, NULL, &last);
    }
    return false;
}

static void reload(picker *p)
{
    load(p, NULL, NULL);
    ui_list_reset(&p->list);
    kuser_query q = query_of(p);
    if (q_user_count(UI.k, &q, &p->count)) p->count = -1;
}

/* The current one (the manager now, the applicant) selected when the picker opens: on the first page, or the page that
   starts with them. */
static void select_current(picker *p)
{
    if (!p->o->current || *p->search) return;
    for (int i = 0; i < p->list.n; i++)
        if (p->rows[i].id == p->o->current) {
            p->list.sel = i;
            return;
        }
    kuser cur;
    if (q_user(UI.k, p->o->current, &cur) != KS_OK) return;
    kuser_key k = key_of(&cur);
    k.id--;
    if (load(p, &k, NULL) && p->list.n > 0 && p->rows[0].id == p->o->current) {
        p->list.sel = 0;
        p->list.first = 0;
    } else {
        reload(p);
    }
}

static void row_text(const picker *p, const kuser *u, char *buf, size_t n, int cols)
{
    /* 氏名 · ログイン名 · 部局 · 役割, in columns that fit the box */
    char name[160], login[96], dept[160], role[96];
    int wn = 14, wl = 14, wd = cols - 2 - wn - wl - 3 - 14;
    if (wd < 8) wd = 8;
    text_fit(name, sizeof name, u->name, wn, true);
    text_fit(login, sizeof login, u->login, wl, true);
    text_fit(dept, sizeof dept, *u->dept_name ? u->dept_name : "－", wd, true);
    text_fit(role, sizeof role, role_short(u->role), 12, false);
    snprintf(buf, n, "%c %s %s %s %s", u->id == p->o->current ? '*' : ' ', name, login, dept, role);
}

int64_t ui_pick_user(const ui_user_pick *o)
{
    picker *p = calloc(1, sizeof *p);
    if (!p) {
        ui_error("%s", kumo_strerror(KS_NOMEM));
        return 0;
    }
    p->o = o;
    /* who may be designated is the policy's: the roles an active user of which may manage (policy_may_manage) */
    int nr = 0;
    for (int r = ROLE_NONE + 1; r < ROLE__COUNT; r++) {
        kuser u = {.role = (krole)r, .active = true};
        if (policy_may_manage(&u)) p->roles[nr++] = (krole)r;
    }
    p->roles[nr] = ROLE_NONE;
    p->all_depts = !o->dept_id;
    p->list = (ui_list){.ctx = p, .fetch = fetch};
    editbuf e;
    if (editbuf_init(&e, "", 40)) {
        free(p);
        return 0;
    }
    int64_t chosen = 0;
    bool done = false;
    while (!done) {
        popup b;
        box_open(&b, UI.rows - 4, UI.cols - 4 < 96 ? UI.cols - 4 : 96);
        int rows = b.h - 6, cols = b.wd - 4;
        if (rows < 1 || cols < 30) {
            box_close(&b);
            break;
        }
        if (p->want != rows) {
            p->want = rows > PICK_MAX - 2 ? PICK_MAX - 2 : rows;
            reload(p);
            /* nobody to offer in the 部局: every 部局 at once */
            if (p->list.n == 0 && !p->all_depts && !*p->search) {
                p->all_depts = true;
                reload(p);
            }
            select_current(p);
        }
        for (;;) {
            box_put(&b, 1, 2, cols, o->title, A_BOLD);
            char where[256], head[512];
            snprintf(where, sizeof where, "部局: %s（Tab で%s）", p->all_depts ? "すべて" : o->dept_name,
                     p->all_depts ? (o->dept_id ? o->dept_name : "切替なし") : "すべて");
            int ww = text_width(where);
            int sw = cols - ww - 8;
            if (sw < 10) sw = 10;
            box_put(&b, 2, 2, 6, "検索:", 0);
            int cx = editbuf_view(&e, sw);
            char vis[512];
            editbuf_visible(&e, sw, vis, sizeof vis);
            box_put(&b, 2, 8, sw, *vis ? vis : "", A_UNDERLINE);
            if (!*vis) box_put(&b, 2, 8, sw, "氏名・ログイン名・部局名の先頭", ui_attr_dim() | A_UNDERLINE);
            box_put(&b, 2, 8 + sw + 1, cols - sw - 7, where, ui_attr_dim());
            ui_list_view(&p->list, rows);
            for (int i = 0; i < rows; i++) {
                int idx = p->list.first + i;
                char text[640] = "";
                if (idx < p->list.n) row_text(p, &p->rows[idx], text, sizeof text, cols);
                else if (idx == 0) snprintf(text, sizeof text, "  該当する利用者はいません");
                box_put(&b, 3 + i, 2, cols, text, idx == p->list.sel && idx < p->list.n ? ui_attr_selected() : 0);
            }
            box_markers(&b, &p->list, 3, rows);
            if (p->count >= 0) snprintf(head, sizeof head, "%lld人  ↑↓ PgUp PgDn 移動  Tab 部局  Enter 決定  ESC 取消",
                                        (long long)p->count);
            else snprintf(head, sizeof head, "↑↓ PgUp PgDn 移動  Tab 部局  Enter 決定  ESC 取消");
            box_put(&b, b.h - 2, 2, cols, head, ui_attr_dim());
            wmove(b.w, 2, 8 + cx);
            curs_set(1);
            int key = box_key(&b);
            curs_set(0);
            if (key == UK_RESIZE) break;
            if (key == UK_ESC) {
                done = true;
                break;
            }
            if (key == UK_ENTER) {
                int i = ui_list_sel(&p->list);
                if (i >= 0) {
                    chosen = p->rows[i].id;
                    done = true;
                    break;
                }
                beep();
                continue;
            }
            if (key == '\t') {
                if (o->dept_id) {
                    p->all_depts = !p->all_depts;
                    reload(p);
                }
                continue;
            }
            /* the arrows and pages move the list; everything typed goes to the search */
            switch (key) {
            case UK_UP: ui_list_up(&p->list); continue;
            case UK_DOWN: ui_list_down(&p->list); continue;
            case UK_PGUP: ui_list_pgup(&p->list); continue;
            case UK_PGDN: ui_list_pgdn(&p->list); continue;
            default: break;
            }
            edit_result r = edit_key(&e, key);
            if (r == EDIT_CHANGED) {
                char *t = editbuf_to_utf8(&e);
                snprintf(p->search, sizeof p->search, "%s", t ? t : "");
                free(t);
                reload(p);
            } else if (r == EDIT_FULL) {
                beep();
            }
        }
        box_close(&b);
    }
    editbuf_free(&e);
    free(p);
    return chosen;
}
