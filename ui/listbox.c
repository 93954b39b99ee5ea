/* The list widget: movement, paging and scrolling (no curses here), and the drawing of the rows and markers. */
#include "ui/listbox.h"

#include "ui/ui.h"

static bool sel_ok(const ui_list *l, int i)
{
    return i >= 0 && i < l->n && (!l->selectable || l->selectable(l->ctx, i));
}

/* The first selectable row from `from` in steps of step (+1 or -1), or -1. */
static int find(const ui_list *l, int from, int step)
{
    for (int i = from; i >= 0 && i < l->n; i += step)
        if (sel_ok(l, i)) return i;
    return -1;
}

static int page_height(const ui_list *l) { return l->height > 0 ? l->height : 1; }

static void fix_view(ui_list *l)
{
    if (l->height <= 0) {
        /* not drawn yet: the first draw scrolls, knowing how many rows show */
        if (l->first > l->n - 1) l->first = l->n - 1;
        if (l->first < 0) l->first = 0;
        return;
    }
    int h = l->height;
    if (l->sel >= 0) {
        if (l->sel < l->first) l->first = l->sel;
        if (l->sel >= l->first + h) l->first = l->sel - h + 1;
        if (l->first > 0 && l->sel == l->first && h > 1 && !sel_ok(l, l->first - 1)) l->first--;
    }
    if (l->first > l->n - h) l->first = l->n - h;
    if (l->first < 0) l->first = 0;
}

/* Asks the owner of a keyset list for a page, when the database has one there. */
static bool fetch(ui_list *l, ui_page p)
{
    if (!l->fetch) return false;
    if ((p == UI_PAGE_FIRST || p == UI_PAGE_PREV) && !l->more_above) return false;
    if ((p == UI_PAGE_NEXT || p == UI_PAGE_LAST) && !l->more_below) return false;
    if (!l->fetch(l->ctx, p)) return false;
    if (l->n < 0) l->n = 0;
    l->first = 0;
    return true;
}

/* Selects the selectable row nearest to row `at` (looking first in direction step). */
static void select_near(ui_list *l, int at, int step)
{
    if (at >= l->n) at = l->n - 1;
    if (at < 0) at = 0;
    int i = find(l, at, step);
    l->sel = i >= 0 ? i : find(l, at, -step);
}

void ui_list_reset(ui_list *l)
{
    if (l->n < 0) l->n = 0;
    l->first = 0;
    l->sel = find(l, 0, 1);
    fix_view(l);
}

void ui_list_clamp(ui_list *l)
{
    if (l->n < 0) l->n = 0;
    select_near(l, l->sel, 1);
    fix_view(l);
}

void ui_list_view(ui_list *l, int height)
{
    l->height = height;
    fix_view(l);
}

int ui_list_sel(const ui_list *l) { return sel_ok(l, l->sel) ? l->sel : -1; }

void ui_list_up(ui_list *l)
{
    if (l->sel < 0) {
        l->first--;
    } else {
        int i = find(l, l->sel - 1, -1);
        if (i >= 0) l->sel = i;
        else if (fetch(l, UI_PAGE_PREV)) select_near(l, l->n - 1, -1);
        else l->first = 0;   /* at the top: show what is above the first selectable row */
    }
    fix_view(l);
}

void ui_list_down(ui_list *l)
{
    if (l->sel < 0) {
        l->first++;
    } else {
        int i = find(l, l->sel + 1, 1);
        if (i >= 0) l->sel = i;
        else if (fetch(l, UI_PAGE_NEXT)) select_near(l, 0, 1);
        else l->first = l->n;   /* at the bottom: show what is below the last selectable row */
    }
    fix_view(l);
}

void ui_list_pgdn(ui_list *l)
{
    int h = page_height(l);
    if (l->sel < 0) {
        l->first += h;
    } else {
        int rel = l->sel - l->first;
        if (l->sel + h > l->n - 1 && fetch(l, UI_PAGE_NEXT)) {
            select_near(l, rel, 1);
        } else {
            int target = l->sel + h < l->n ? l->sel + h : l->n - 1;
            int i = find(l, target, -1);
            if (i <= l->sel) i = find(l, target, 1);
            if (i > l->sel) l->sel = i;
            l->first = l->sel - rel;
        }
    }
    fix_view(l);
}

void ui_list_pgup(ui_list *l)
{
    int h = page_height(l);
    if (l->sel < 0) {
        l->first -= h;
    } else {
        int rel = l->sel - l->first;
        if (l->sel - h < 0 && fetch(l, UI_PAGE_PREV)) {
            l->first = l->n - h > 0 ? l->n - h : 0;
            select_near(l, l->first + rel, -1);
        } else {
            int target = l->sel - h > 0 ? l->sel - h : 0;
            int i = find(l, target, 1);
            if (i < 0 || i >= l->sel) i = find(l, target, -1);
            if (i >= 0 && i < l->sel) l->sel = i;
            l->first = l->sel - rel;
        }
    }
    fix_view(l);
}

void ui_list_home(ui_list *l)
{
    fetch(l, UI_PAGE_FIRST);
    l->first = 0;
    if (l->sel >= 0 || find(l, 0, 1) >= 0) l->sel = find(l, 0, 1);
    fix_view(l);
}

void ui_list_end(ui_list *l)
{
    fetch(l, UI_PAGE_LAST);
    l->first = l->n;
    if (l->sel >= 0 || find(l, 0, 1) >= 0) l->sel = find(l, l->n - 1, -1);
    fix_view(l);
}

const ui_list_binding UI_LIST_KEYS[] = {
    {{UK_UP, 'k'}, ui_list_up, "一つ上へ"},
    {{UK_DOWN, 'j'}, ui_list_down, "一つ下へ"},
    {{UK_PGUP}, ui_list_pgup, "前のページへ"},
    {{UK_PGDN}, ui_list_pgdn, "次のページへ"},
    {{UK_HOME}, ui_list_home, "先頭へ"},
    {{UK_END}, ui_list_end, "末尾へ"},
    {{0}, NULL, NULL},
};

bool ui_list_key(ui_list *l, int key)
{
    for (const ui_list_binding *b = UI_LIST_KEYS; b->keys[0]; b++)
        if (ui_keys_has(b->keys, key)) {
            b->op(l);
            return true;
        }
    return false;
}

void ui_list_draw(ui_list *l, int y, int height)
{
    if (height < 1) return;
    ui_list_view(l, height);
    for (int i = 0; i < height && l->first + i < l->n; i++)
        l->draw_row(l->ctx, l->first + i, y + i, l->first + i == l->sel);
    if (l->first > 0 || l->more_above) ui_puts(y, UI.cols - 1, "^", ui_attr_dim());
    if (l->first + height < l->n || l->more_below) ui_puts(y + height - 1, UI.cols - 1, "v", ui_attr_dim());
}
