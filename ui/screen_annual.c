/* 年次利用状況確認 (規定003 §4(8); ポリシー004 §8-3(7)⑤ — not §5, which is the review of the regulation itself): every service in use in a 年度 with its review status, counts at the top,
   filters by 部局 and status, keyset pages, and the workbook. */
#include "ui/screen_annual.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "forms/text.h"
#include "ui/dialog.h"
#include "ui/pickers.h"
#include "ui/screen_service.h"
#include "ui/searchbox.h"
#include "ui/ui.h"

#define AN_MAX 120
/* Services one step of the page's reading looks at (a sparse 状態 filter reads many steps between keystrokes). The
   end-to-end tests set fewer with KUMO_ANNUAL_SCAN, so that a small register is read over many steps too. */
#define AN_SCAN DB_ANNUAL_SCAN

static int scan_size(void)
{
    const char *v = secure_getenv("KUMO_ANNUAL_SCAN");
    char *end = NULL;
    long n = v && *v ? strtol(v, &end, 10) : 0;
    return end && !*end && n >= 1 && n < AN_SCAN ? (int)n : AN_SCAN;
}

/* The page is read in bounded steps (annual_step): the first one in the keystroke, the rest between keystrokes
   (idle), so a 状態 that few services have never makes a key wait on the size of the register. */
typedef struct an_fill {
    bool on;          /* steps remain */
    kannual_cursor c; /* where the next step reads */
    int want;         /* the rows of a page; one more says there is more past it */
    int got;          /* rows found so far, in tmp (back: nearest first) */
    bool pending;     /* the page shown is the one before: it stays until the first row is found */
    bool keep;        /* …and stays when none is (PgDn at the last page: nothing there) */
    bool beyond;      /* rows lie on the far side of the start (more_above forward, more_below back) */
    bool hold;        /* the page read again (back from another screen): the selection stays where it was */
    bool probing;     /* …and whether a row comes before it is found after the page, back from `probe` */
    kannual_cursor probe;
} an_fill;

typedef struct annual {
    int fy;
    int64_t dept_id;
    char dept_name[128];
    int status;                  /* -1 = any */
    kannual_row rows[AN_MAX];
    kannual_row tmp[AN_MAX];
    ui_list list;
    an_fill fill;
    int scan;                    /* services a step looks at (AN_SCAN) */
    int64_t counts[ANNUAL__COUNT];
    q_count counting;            /* the counts, made between keystrokes (idle) */
    ui_search search;            /* 名称・提供者・承認番号・部局 (the counts stay the 年度's and 部局's) */
} annual;

static const char *search_of(const annual *a) { return *a->search.text ? a->search.text : NULL; }

static int page_rows(void)
{
    int want = ui_bottom() - (ui_top() + 2) + 1;
    return want > AN_MAX - 1 ? AN_MAX - 1 : want < 1 ? 1 : want;
}

static kannual_filter filter_of(const annual *a)
{
    return (kannual_filter){.fy = a->fy, .dept_id = a->dept_id, .status = a->status};
}

/* Shows what the reading has found: the page in 承認番号 order (a reading back found the nearest rows first), the
   selection kept on its row as rows come in. */
static void show_found(annual *a)
{
    an_fill *f = &a->fill;
    bool full = f->got > f->want, done = full || f->c.end;
    if (f->pending && f->got == 0) {
        if (!done) return;
        f->on = false;
        if (f->keep) {   /* nothing past the page shown: it stays, and says so */
            if (f->c.back) a->list.more_above = false;
            else a->list.more_below = false;
            return;
        }
    }
    int n = full ? f->want : f->got, old = f->pending ? -1 : a->list.n;
    for (int i = 0; i < n; i++) a->rows[i] = a->tmp[f->c.back ? n - 1 - i : i];
    a->list.n = n;
    /* unknown while the reading goes on: paging on stays possible */
    bool past = full || !f->c.end;
    a->list.more_above = f->c.back ? past : f->beyond;
    a->list.more_below = f->c.back ? f->beyond : past;
    if (old < 0) {
        f->pending = false;
        if (f->hold) {
            ui_list_clamp(&a->list);
        } else if (f->c.back) {
            a->list.sel = n - 1;
            a->list.first = n;
            ui_list_clamp(&a->list);
        } else {
            ui_list_reset(&a->list);
        }
    } else {
        if (f->c.back && a->list.sel >= 0) a->list.sel += n - old;
        ui_list_clamp(&a->list);
    }
    f->on = !done;
}

/* One step of the reading; false when it failed (said) and stopped. */
static bool fill_step(annual *a)
{
    an_fill *f = &a->fill;
    if (!f->on) return false;
    int want = f->want + 1 - f->got, n = 0;
    kannual_filter flt = filter_of(a);
    if (want < 1 || annual_step(UI.k, &flt, search_of(a), &f->c, a->scan, want, a->tmp + f->got, &n)) {
        f->on = false;
        if (want >= 1) ui_fail(KS_ERROR);
        return false;
    }
    f->got += n;
    show_found(a);
    return true;
}

/* One step of finding whether a row comes before the page read again (the ^ marker, shown until then). */
static void probe_step(annual *a)
{
    an_fill *f = &a->fill;
    kannual_filter flt = filter_of(a);
    int n = 0;
    if (annual_step(UI.k, &flt, search_of(a), &f->probe, a->scan, 1, a->tmp, &n)) {
        f->probing = false;
        ui_fail(KS_ERROR);
        return;
    }
    if (n > 0 || f->probe.end) {
        f->probing = false;
        a->list.more_above = n > 0;
    }
}

/* Starts reading a page as `how` says (its direction in how.c.back) from 承認番号 key (NULL = the edge), and takes
   its first step. */
static void fill_start(annual *a, an_fill how, const char *key)
{
    an_fill *f = &a->fill;
    *f = how;
    f->on = true;
    f->want = page_rows();
    f->got = 0;
    snprintf(f->c.key, sizeof f->c.key, "%s", key ? key : "");
    f->c.end = false;
    if (!f->pending) {
        a->list.n = 0;
        a->list.more_above = a->list.more_below = false;
        ui_list_reset(&a->list);
    }
    fill_step(a);
}

static bool fetch(void *ctx, ui_page page)
{
    annual *a = ctx;
    char key[sizeof a->rows[0].approval_no];
    int n = a->list.n;
    an_fill *f = &a->fill;
    /* a page already being read that way: the key waits for it, rather than reading it again */
    if (f->on && (page == UI_PAGE_NEXT || page == UI_PAGE_PREV) && f->c.back == (page == UI_PAGE_PREV)) return false;
    switch (page) {
    case UI_PAGE_FIRST: fill_start(a, (an_fill){.pending = true, .keep = true}, NULL); break;
    case UI_PAGE_LAST: fill_start(a, (an_fill){.c.back = true, .pending = true, .keep = true}, NULL); break;
    case UI_PAGE_NEXT:
        if (!n) return false;
        snprintf(key, sizeof key, "%s", a->rows[n - 1].approval_no);
        fill_start(a, (an_fill){.pending = true, .keep = true, .beyond = true}, key);
        break;
    case UI_PAGE_PREV:
        if (!n) return false;
        snprintf(key, sizeof key, "%s", a->rows[0].approval_no);
        fill_start(a, (an_fill){.c.back = true, .pending = true, .keep = true, .beyond = true}, key);
        break;
    }
    /* the page shows at once when its first step found a row (the list then places the selection), else later */
    return !f->pending;
}

/* The 年度 or a filter changed: the first page and the counts. */
static void reload(annual *a)
{
    fill_start(a, (an_fill){0}, NULL);
    q_count_reset(&a->counting);
}

/* Between keystrokes: the page first, then the counts. */
static bool idle(screen *s)
{
    annual *a = s->st;
    if (a->fill.on) {
        fill_step(a);
        return true;
    }
    if (a->fill.probing) {
        probe_step(a);
        return true;
    }
    if (a->counting.done) return false;
    annual_counts_step(UI.k, a->fy, a->dept_id, &a->counting, a->counts);
    return true;
}

static void draw_row(void *ctx, int i, int y, bool selected)
{
    const annual *a = ctx;
    const kannual_row *r = &a->rows[i];
    bool wide = UI.cols >= 110;
    int wname = UI.cols - 2 - 13 - 7 - (ui_dept_width() + 1) - 11 - 11 - (wide ? 13 : 0);
    int attr = selected ? ui_attr_selected() : r->annual == ANNUAL_ACTION ? ui_attr_warn()
                                             : r->annual == ANNUAL_NONE ? ui_attr_flag() : 0;
    int x = 1;
    ui_put(y, 0, UI.cols - 1, "", attr);
    ui_put(y, x, 12, r->approval_no, attr); x += 13;
    ui_put(y, x, 6, annual_label(r->annual), attr); x += 7;
    ui_put(y, x, ui_dept_width(), r->dept, attr); x += ui_dept_width() + 1;
    ui_put(y, x, wname, r->name, attr); x += wname + 1;
    if (wide) { ui_put(y, x, 12, r->manager, attr); x += 13; }
    ui_put(y, x, 10, r->last.id ? r->last.reviewed_on : "－", attr); x += 11;
    ui_put(y, x, 10, r->next_review_due, attr);
}

static void draw(screen *s)
{
    annual *a = s->st;
    char title[128], right[160], fy[32];
    date_fy_label(a->fy, fy, sizeof fy);
    snprintf(title, sizeof title, "年次利用状況確認 %s", fy);
    if (!a->counting.started || a->counting.failed)
        right[0] = 0;
    else
        snprintf(right, sizeof right, "未実施 %lld  実施済 %lld  要対応 %lld%s", (long long)a->counts[ANNUAL_NONE],
                 (long long)a->counts[ANNUAL_DONE], (long long)a->counts[ANNUAL_ACTION],
                 a->counting.done ? "" : "（集計中）");
    ui_title(title, right);
    int y = ui_top();
    char line[512];
    snprintf(line, sizeof line, "年度:%s  部局:%s  状態:%s", fy, a->dept_id ? a->dept_name : "すべて",
             a->status < 0 ? "すべて" : annual_label((kannual_status)a->status));
    /* the filters, then the search box in what the line leaves, never narrower than SEARCH_W (a long 部局 name is
       clipped rather than the box) */
    enum { SEARCH_W = 20 };
    int lw = text_width(line), room = UI.cols - 2 - 6 - SEARCH_W;
    if (lw > room) lw = room;
    ui_put(y, 1, lw, line, 0);
    int sy = y++, sx = 1 + lw + 2;
    sx += ui_puts(sy, sx, "検索:", 0) + 1;
    int ha = ui_attr_header();
    bool wide = UI.cols >= 110;
    int wname = UI.cols - 2 - 13 - 7 - (ui_dept_width() + 1) - 11 - 11 - (wide ? 13 : 0);
    int x = 1;
    ui_put(y, x, 12, "承認番号", ha); x += 13;
    ui_put(y, x, 6, "状態", ha); x += 7;
    ui_put(y, x, ui_dept_width(), "部局", ha); x += ui_dept_width() + 1;
    ui_put(y, x, wname, "クラウドサービス名", ha); x += wname + 1;
    if (wide) { ui_put(y, x, 12, "管理者", ha); x += 13; }
    ui_put(y, x, 10, "確認日", ha); x += 11;
    ui_put(y, x, 10, "次回期限", ha);
    y++;
    if (a->list.n == 0 && !a->fill.on)
        ui_puts(y, 2, search_of(a) ? "検索に合うサービスはありません" : "該当するサービスはありません", ui_attr_dim());
    ui_list_draw(&a->list, y, ui_bottom() - y + 1);
    /* the page is still being read (between keystrokes): said at the right end of the list's last line (free while a
       page fills; over the page shown while the next one is looked for) */
    if (a->fill.on) {
        const char *busy = " 検索中… ";
        int w = text_width(busy);
        ui_put(ui_bottom(), UI.cols - 1 - w, w, busy, ui_attr_dim());
    }
    ui_search_draw(&a->search, sy, sx, UI.cols - sx - 1, "（/ で入力）");
}

/* The search changed: the first page of its matches (the counts at the top are the 年度's and 部局's: kept). */
static void search_changed(screen *s)
{
    annual *a = s->st;
    fill_start(a, (an_fill){0}, NULL);
}

static int search(screen *s)
{
    annual *a = s->st;
    ui_search_start(&a->search);
    return UI_HANDLED;
}

static int export_reviews(screen *s)
{
    annual *a = s->st;
    char def[256], fy[32];
    date_fy_label(a->fy, fy, sizeof fy);
    snprintf(def, sizeof def, "年次利用状況確認_%s.xlsx", fy);
    /* what the screen shows: the 年度, 部局 and status it pages with */
    kannual_filter f = {.fy = a->fy, .dept_id = a->dept_id, .status = a->status};
    char filter[600], hint[800];
    export_reviews_filter_text(UI.k, &f, filter, sizeof filter);
    snprintf(hint, sizeof hint, "絞込み: %s。Excel ファイル、既存のファイルは完成後に置き換えます", filter);
    char *path = ui_prompt_path("年次利用状況確認の出力先", hint, def);
    if (!path) return UI_HANDLED;
    size_t rows = 0;
    kstatus st = export_reviews_xlsx(UI.k, &f, path, &rows);
    if (st) ui_fail(st);
    else ui_info("%s に出力しました（%zu件）", path, rows);
    free(path);
    return UI_HANDLED;
}

static int open_service(screen *s)
{
    annual *a = s->st;
    int i = ui_list_sel(&a->list);
    if (i >= 0) ui_open_id(&SCREEN_SERVICE, a->rows[i].service_id);
    return UI_HANDLED;
}

static int prev_year(screen *s)
{
    annual *a = s->st;
    a->fy--;
    reload(a);
    return UI_HANDLED;
}

static int next_year(screen *s)
{
    annual *a = s->st;
    a->fy++;
    reload(a);
    return UI_HANDLED;
}

static int cycle_status(screen *s)
{
    annual *a = s->st;
    a->status = a->status + 1 >= ANNUAL__COUNT ? -1 : a->status + 1;
    /* the counts at the top are of every status: they stay (a count under way goes on) */
    fill_start(a, (an_fill){0}, NULL);
    return UI_HANDLED;
}

static int choose_dept(screen *s)
{
    annual *a = s->st;
    if (ui_choose_dept("部局で絞り込む", &a->dept_id, a->dept_name, sizeof a->dept_name) >= 0) reload(a);
    return UI_HANDLED;
}

static void on_show(screen *s)
{
    annual *a = s->st;
    /* keep the position: read the page again from just before its first row (a step back over one service of the
       page's order finds where that is), the selection kept */
    if (a->list.n > 0) {
        kannual_filter flt = filter_of(a);
        kannual_cursor c = {.back = true};
        snprintf(c.key, sizeof c.key, "%s", a->rows[0].approval_no);
        int n = 0;
        if (annual_step(UI.k, &flt, search_of(a), &c, 1, 1, a->tmp, &n) == KS_OK) {
            /* rows before it lie before its first row (those from there on are read again); until they are found
               the ^ stays as it was */
            an_fill how = {.pending = true, .beyond = !c.end && a->list.more_above, .hold = true, .probing = !c.end,
                           .probe = {.back = true}};
            snprintf(how.probe.key, sizeof how.probe.key, "%s", a->rows[0].approval_no);
            fill_start(a, how, c.end ? NULL : c.key);
            q_count_reset(&a->counting);
            return;
        }
    }
    reload(a);
}

/* The 部局 the policy keeps the user to on this screen (policy_annual_scope), or 0 (every 部局). */
static int64_t own_dept(void)
{
    int64_t dept = 0;
    return policy_annual_scope(kumo_me(UI.k), &dept, NULL, 0) ? dept : 0;
}

static bool init(screen *s, const void *arg)
{
    (void)arg;
    annual *a = s->st;
    a->fy = date_fiscal_year(date_today());
    a->status = -1;
    /* one whom the policy keeps to their own 部局 (policy_annual_scope) sees it named on the filter line */
    int64_t own = own_dept();
    if (own) {
        a->dept_id = own;
        snprintf(a->dept_name, sizeof a->dept_name, "%s", kumo_me(UI.k)->dept_name);
    }
    a->scan = scan_size();
    a->list = (ui_list){.ctx = a, .fetch = fetch, .draw_row = draw_row};
    a->search.changed = search_changed;
    s->list = &a->list;
    s->search = &a->search;
    return true;
}

/* only those the policy does not keep to their own 部局 choose one */
static bool may_choose_dept(const screen *s)
{
    (void)s;
    return own_dept() == 0;
}

static void close_(screen *s)
{
    annual *a = s->st;
    ui_search_free(&a->search);
}

static const ui_action ACTIONS[] = {
    {{UK_ENTER}, "開く", "選んだサービスを開く（利用状況確認の内容を見る）", open_service, ui_has_selection},
    {{'<', UK_LEFT}, "前年度", "前の年度を表示する", prev_year, NULL},
    {{'>', UK_RIGHT}, "次年度", "次の年度を表示する", next_year, NULL},
    {{'x'}, "Excel出力", "表示中の年度・部局・確認状況の年次利用状況確認を Excel に出力する（印刷用・集計シート付き）", export_reviews, NULL},
    {{'d'}, "部局", "部局で絞り込む", choose_dept, may_choose_dept},
    {{'s'}, "状態", "未実施・実施済・要対応で絞り込む（押すたびに切替）", cycle_status, NULL},
    {{'/'}, "検索", "名称・提供者・承認番号・部局で絞り込む（日本語可。上の件数は年度・部局の全体）", search, NULL},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_ANNUAL = {
    .title = "年次利用状況確認", .size = sizeof(annual), .init = init, .draw = draw, .on_show = on_show,
    .idle = idle, .close = close_, .actions = ACTIONS,
};
