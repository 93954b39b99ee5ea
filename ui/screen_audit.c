/* 監査証跡: every record of the audit trail, newest first, paged by keyset; filters by period, actor, action and
   部局; Enter shows a record whole (before → after, hashes); v verifies the chain; x exports what is shown.
   For 監査, 統括 and CISO (policy_may_read_audit). */
#include "ui/screen_audit.h"

#include <curses.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "forms/text.h"
#include "ui/dialog.h"
#include "ui/pickers.h"
#include "ui/ui.h"

#define AUDIT_PAGE_MAX 200

typedef struct audit_screen {
    char from[11], to[11];    /* YYYY-MM-DD or "" */
    char actor[64];
    char action[64];
    int64_t dept_id;
    char dept[128];
    kaudit_row *rows;         /* the page held */
    ui_list list;
    char head[160];           /* the chain head, for the title */
    int wseq;                 /* the 番号 column: wide enough for the newest record's number with its # */
} audit_screen;

static int page_rows(void) { return ui_bottom() - (ui_top() + 2) + 1; }

static kaudit_filter filter_of(const audit_screen *a)
{
    return (kaudit_filter){.from = *a->from ? a->from : NULL, .to = *a->to ? a->to : NULL,
                           .actor = *a->actor ? a->actor : NULL, .action = *a->action ? a->action : NULL,
                           .dept = a->dept_id ? a->dept : NULL};
}

/* Loads the page below `before` (0: from the newest) or the page above `after` (-1: the oldest page); false when
   there is nothing there (nothing changed). */
static bool load(audit_screen *a, int64_t before, int64_t after)
{
    kaudit_filter f = filter_of(a);
    int want = page_rows();
    if (want > AUDIT_PAGE_MAX - 1) want = AUDIT_PAGE_MAX - 1;
    if (want < 1) want = 1;
    kaudit_row *v = NULL;
    size_t n = 0;
    if (audit_page(UI.k, &f, before, after, want + 1, &v, &n)) {
        ui_fail(KS_ERROR);
        return false;
    }
    if ((after > 0 || before > 0) && n == 0) {
        kaudit_rows_free(&v, n);
        return false;
    }
    size_t keep = n > (size_t)want ? (size_t)want : n, skip = 0;
    if (after != 0) {
        skip = n - keep;   /* newest first: the extra row is the top one */
        a->list.more_above = n > (size_t)want;
        a->list.more_below = after > 0;
    } else {
        a->list.more_below = n > (size_t)want;
        a->list.more_above = false;
        if (before > 0 && keep) {
            kaudit_row *up = NULL;
            size_t nu = 0;
            if (audit_page(UI.k, &f, 0, v[0].seq, 1, &up, &nu) == KS_OK) a->list.more_above = nu > 0;
            kaudit_rows_free(&up, nu);
        }
    }
    /* keep rows [skip, skip + keep); free the rest */
    for (size_t i = 0; i < n; i++)
        if (i < skip || i >= skip + keep) kaudit_row_clear(&v[i]);
    if (skip) memmove(v, v + skip, keep * sizeof *v);
    kaudit_rows_free(&a->rows, (size_t)a->list.n);
    a->rows = v;
    a->list.n = (int)keep;
    return true;
}

static bool fetch(void *ctx, ui_page page)
{
    audit_screen *a = ctx;
    int n = a->list.n;
    switch (page) {
    case UI_PAGE_FIRST: return load(a, 0, 0);
    case UI_PAGE_NEXT: return n > 0 && load(a, a->rows[n - 1].seq, 0);
    case UI_PAGE_PREV: return n > 0 && load(a, 0, a->rows[0].seq);
    case UI_PAGE_LAST: return load(a, 0, -1);
    }
    return false;
}

static void reload(audit_screen *a)
{
    load(a, 0, 0);
    ui_list_reset(&a->list);
    kaudit_head h = {0};
    if (audit_head(UI.k, &h) == KS_OK) audit_head_text(&h, a->head, sizeof a->head);
    char no[24];
    a->wseq = snprintf(no, sizeof no, "#%" PRId64, h.seq);
    if (a->wseq < 7) a->wseq = 7;
}

/* 日時 as MM-DD HH:MM (the full stamp with its zone is in the record's own view). */
static void short_time(const char *at, char out[16])
{
    snprintf(out, 16, "%.5s %.5s", strlen(at) >= 10 ? at + 5 : at, strlen(at) >= 16 ? at + 11 : "");
}

static void draw_row(void *ctx, int i, int y, bool selected)
{
    const audit_screen *a = ctx;
    const kaudit_row *r = &a->rows[i];
    int attr = selected ? ui_attr_selected() : 0;
    int wact = UI.cols >= 100 ? 22 : 14;
    int wno = UI.cols - 2 - (a->wseq + 1) - 12 - 11 - (wact + 1) - (ui_dept_width() + 1);
    char seq[24], t[16];
    snprintf(seq, sizeof seq, "#%" PRId64, r->seq);
    short_time(r->at, t);
    int x = 1;
    ui_put(y, 0, UI.cols - 1, "", attr);
    ui_put(y, x, a->wseq, seq, attr); x += a->wseq + 1;
    ui_put(y, x, 11, t, attr); x += 12;
    ui_put(y, x, 10, *r->actor ? r->actor : "kumo", attr); x += 11;
    ui_put(y, x, wact, r->action, attr); x += wact + 1;
    ui_put(y, x, ui_dept_width(), r->dept, attr); x += ui_dept_width() + 1;
    char subject[256];
    snprintf(subject, sizeof subject, "%s %s", audit_subject_label(r->kind), r->entity_no);
    ui_put(y, x, wno, subject, attr);
}

static void draw(screen *s)
{
    audit_screen *a = s->st;
    ui_title(s->title, a->head);
    int y = ui_top();
    char line[512];
    snprintf(line, sizeof line, "期間:%s〜%s  操作者:%s  操作:%s  部局:%s", *a->from ? a->from : "", *a->to ? a->to : "",
             *a->actor ? a->actor : "すべて", *a->action ? a->action : "すべて", a->dept_id ? a->dept : "すべて");
    ui_puts(y, 1, line, 0);
    y++;
    int ha = ui_attr_header(), x = 1;
    int wact = UI.cols >= 100 ? 22 : 14;
    int wno = UI.cols - 2 - (a->wseq + 1) - 12 - 11 - (wact + 1) - (ui_dept_width() + 1);
    ui_put(y, x, a->wseq, "番号", ha); x += a->wseq + 1;
    ui_put(y, x, 11, "日時", ha); x += 12;
    ui_put(y, x, 10, "操作者", ha); x += 11;
    ui_put(y, x, wact, "操作", ha); x += wact + 1;
    ui_put(y, x, ui_dept_width(), "部局", ha); x += ui_dept_width() + 1;
    ui_put(y, x, wno, "対象", ha);
    y++;
    if (a->list.n == 0) ui_puts(y, 2, "条件に合う記録はありません（z で絞込みを解除）", ui_attr_dim());
    ui_list_draw(&a->list, y, ui_bottom() - y + 1);
}

/* Appends printf text to a growing buffer. */
static void add(char **t, size_t *len, size_t *cap, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void add(char **t, size_t *len, size_t *cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (w < 0 || !*t) return;
    if (*len + (size_t)w + 1 > *cap) {
        size_t c = (*len + (size_t)w + 1) * 2;
        char *g = realloc(*t, c);
        if (!g) return;
        *t = g;
        *cap = c;
    }
    va_start(ap, fmt);
    vsnprintf(*t + *len, *cap - *len, fmt, ap);
    va_end(ap);
    *len += (size_t)w;
}

static int open_record(screen *s)
{
    audit_screen *a = s->st;
    int i = ui_list_sel(&a->list);
    if (i < 0) return UI_HANDLED;
    const kaudit_row *r = &a->rows[i];
    size_t len = 0, cap = 1024;
    char *t = malloc(cap);
    if (!t) return UI_HANDLED;
    t[0] = 0;
    char at[48];
    add(&t, &len, &cap, "番号      #%" PRId64 "\n日時      %s（%s）\n", r->seq, clock_stamp_show(r->at, at, sizeof at),
        r->zone);
    add(&t, &len, &cap, "操作者    %s %s（%s）\n", *r->actor ? r->actor : "kumo", r->actor_name,
        audit_role_label(r->actor_role));
    if (*r->os_login && strcmp(r->os_login, r->actor)) add(&t, &len, &cap, "OS        %s\n", r->os_login);
    add(&t, &len, &cap, "操作      %s\n対象      %s %s", r->action, audit_subject_label(r->kind), r->entity_no);
    if (r->entity_id) add(&t, &len, &cap, "（id %" PRId64 "）", r->entity_id);
    if (*r->dept) add(&t, &len, &cap, "\n部局      %s", r->dept);
    add(&t, &len, &cap, "\n");
    add(&t, &len, &cap, "\n変更内容（変更前 → 変更後）\n%s\n", *r->changes ? r->changes : "（なし）");
    if (*r->comment) add(&t, &len, &cap, "\nコメント\n%s\n", r->comment);
    add(&t, &len, &cap, "\n直前のハッシュ %s\nハッシュ       %s\n", r->prev, r->hash);
    char title[64];
    snprintf(title, sizeof title, "監査記録 #%" PRId64, r->seq);
    ui_show_text(title, t);
    free(t);
    return UI_HANDLED;
}

/* A date typed in any form kumo reads, as YYYY-MM-DD into out; "" clears it. False (said) when not a date. */
static bool ask_date(const char *title, char out[11])
{
    char *v = ui_prompt(title, "例: 2026-04-01、令和8年4月1日（空欄で指定なし）", out, 20);
    if (!v) return false;
    kdate d;
    bool ok = true;
    if (!*v) out[0] = 0;
    else if (date_parse(v, &d)) date_format(d, out, 11);
    else {
        ui_error("「%s」は実在する日付で入力してください", title);
        ok = false;
    }
    free(v);
    return ok;
}

static int choose_period(screen *s)
{
    audit_screen *a = s->st;
    char from[11], to[11];
    memcpy(from, a->from, sizeof from);
    memcpy(to, a->to, sizeof to);
    if (!ask_date("期間の初日", from) || !ask_date("期間の末日", to)) return UI_HANDLED;
    if (*from && *to && strcmp(from, to) > 0) {
        ui_error("期間の初日は末日より前にしてください");
        return UI_HANDLED;
    }
    memcpy(a->from, from, sizeof from);
    memcpy(a->to, to, sizeof to);
    reload(a);
    return UI_HANDLED;
}

static int choose_actor(screen *s)
{
    audit_screen *a = s->st;
    char *v = ui_prompt("操作者のログイン名", "空欄で全員", a->actor, 63);
    if (!v) return UI_HANDLED;
    snprintf(a->actor, sizeof a->actor, "%s", v);
    free(v);
    reload(a);
    return UI_HANDLED;
}

static int choose_action(screen *s)
{
    audit_screen *a = s->st;
    char **acts = NULL;
    size_t n = 0;
    kstatus st = audit_actions(UI.k, &acts, &n);
    if (st) {
        ui_fail(st);
        return UI_HANDLED;
    }
    const char **items = calloc(n + 1, sizeof *items);
    if (items) {
        items[0] = "すべて";
        int cur = 0;
        for (size_t i = 0; i < n; i++) {
            items[i + 1] = acts[i];
            if (!strcmp(acts[i], a->action)) cur = (int)i + 1;
        }
        int c = ui_choose("操作で絞り込む", items, (int)n + 1, cur);
        if (c >= 0) {
            snprintf(a->action, sizeof a->action, "%s", c ? acts[c - 1] : "");
            reload(a);
        }
        free(items);
    }
    for (size_t i = 0; i < n; i++) free(acts[i]);
    free(acts);
    return UI_HANDLED;
}

static int choose_dept(screen *s)
{
    audit_screen *a = s->st;
    if (ui_choose_dept("部局で絞り込む", &a->dept_id, a->dept, sizeof a->dept) >= 0) reload(a);
    return UI_HANDLED;
}

static int clear_filters(screen *s)
{
    audit_screen *a = s->st;
    a->from[0] = a->to[0] = a->actor[0] = a->action[0] = 0;
    a->dept_id = 0;
    a->dept[0] = 0;
    reload(a);
    return UI_HANDLED;
}

static int verify(screen *s)
{
    (void)s;
    kaudit_verify v;
    kstatus st = audit_verify(UI.k, &v);
    if (st) {
        ui_fail(st);
        return UI_HANDLED;
    }
    char line[1800];
    audit_verify_text(&v, line, sizeof line);
    if (v.ok) ui_info("%s", line);
    else ui_show_text("監査証跡の検証", line);
    return UI_HANDLED;
}

static int export_xlsx(screen *s)
{
    audit_screen *a = s->st;
    char def[256];
    kdate t = date_today();
    snprintf(def, sizeof def, "監査証跡_%04d%02d%02d.xlsx", t.y, t.m, t.d);
    char *path = ui_prompt_path("監査証跡の出力先", "Excel ファイル（表示中の絞込みの記録すべて）", def);
    if (!path) return UI_HANDLED;
    kaudit_filter f = filter_of(a);
    size_t rows = 0;
    kstatus st = export_audit_xlsx(UI.k, &f, path, &rows);
    if (st) ui_fail(st);
    else ui_info("%s に出力しました（%zu件）", path, rows);
    free(path);
    return UI_HANDLED;
}

static void on_show(screen *s) { reload(s->st); }

static bool init(screen *s, const void *arg)
{
    (void)arg;
    audit_screen *a = s->st;
    a->list = (ui_list){.ctx = a, .fetch = fetch, .draw_row = draw_row};
    s->list = &a->list;
    return true;
}

static void close_(screen *s)
{
    audit_screen *a = s->st;
    kaudit_rows_free(&a->rows, (size_t)a->list.n);
}

static const ui_action ACTIONS[] = {
    {{UK_ENTER}, "開く", "選んだ記録のすべて（変更前 → 変更後、ハッシュ）を見る", open_record, ui_has_selection},
    {{'v'}, "検証", "監査証跡を検証する（ハッシュの連鎖と、申請・サービス・利用者などの現在の内容）", verify, NULL},
    {{'x'}, "Excel出力", "表示中の絞込みの記録を Excel（監査証跡）に出力する", export_xlsx, NULL},
    {{'p'}, "期間", "期間（初日・末日）で絞り込む", choose_period, NULL},
    {{'a'}, "操作者", "操作者のログイン名で絞り込む", choose_actor, NULL},
    {{'o'}, "操作", "操作（承認・人事異動・設定変更 …）で絞り込む", choose_action, NULL},
    {{'d'}, "部局", "部局で絞り込む", choose_dept, NULL},
    {{'z'}, "解除", "絞込みをすべて解除する", clear_filters, NULL},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_AUDIT = {
    .title = "監査証跡", .size = sizeof(audit_screen), .init = init, .draw = draw, .on_show = on_show,
    .close = close_, .actions = ACTIONS,
};
