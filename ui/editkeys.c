/* The line editor's key map: one table, read by the editor and by the ? help. */
#include "ui/editkeys.h"

#include <stdio.h>

static edit_result move_h(editbuf *e, int key)
{
    if (key == UK_LEFT) editbuf_left(e);
    else editbuf_right(e);
    return EDIT_MOVED;
}

static edit_result home(editbuf *e, int key) { (void)key; editbuf_home(e); return EDIT_MOVED; }
static edit_result end(editbuf *e, int key) { (void)key; editbuf_end(e); return EDIT_MOVED; }

/* Deletions report a change only when there was something to delete, so a search box does not query again. */
static edit_result changed_if(const editbuf *e, size_t len_before)
{
    return e->len != len_before ? EDIT_CHANGED : EDIT_MOVED;
}

static edit_result backspace(editbuf *e, int key)
{
    (void)key;
    size_t len = e->len;
    editbuf_backspace(e);
    return changed_if(e, len);
}

static edit_result delete_(editbuf *e, int key)
{
    (void)key;
    size_t len = e->len;
    editbuf_delete(e);
    return changed_if(e, len);
}

static edit_result kill_start(editbuf *e, int key)
{
    (void)key;
    size_t len = e->len;
    editbuf_kill_to_start(e);
    return changed_if(e, len);
}

static edit_result kill_end(editbuf *e, int key)
{
    (void)key;
    size_t len = e->len;
    editbuf_kill_to_end(e);
    return changed_if(e, len);
}

static edit_result accept(editbuf *e, int key) { (void)e; (void)key; return EDIT_ACCEPT; }
static edit_result cancel(editbuf *e, int key) { (void)e; (void)key; return EDIT_CANCEL; }

/* Enter: a one-line editor is done; a multi-line one starts a new line. */
static edit_result enter(editbuf *e, int key)
{
    (void)key;
    if (!e->multiline) return EDIT_ACCEPT;
    if (editbuf_insert(e, L'\n')) return EDIT_CHANGED;
    return e->max_chars && e->len >= e->max_chars ? EDIT_FULL : EDIT_IGNORED;
}

/* ↑↓ PgUp PgDn move between rows of a multi-line editor; a one-line editor leaves them to its caller (a search box
   goes down to its list). */
static edit_result move_v(editbuf *e, int key)
{
    if (!e->multiline) return EDIT_IGNORED;
    switch (key) {
    case UK_UP: editbuf_up(e); break;
    case UK_DOWN: editbuf_down(e); break;
    case UK_PGUP: editbuf_page_up(e); break;
    default: editbuf_page_down(e); break;
    }
    return EDIT_MOVED;
}

static edit_result paste(editbuf *e, int key)
{
    (void)key;
    size_t len = e->len;
    unsigned f = editbuf_paste(e, ui_paste_text());
    if (e->len != len) return EDIT_CHANGED;
    return f & EDITBUF_PASTE_CUT ? EDIT_FULL : EDIT_MOVED;
}

/* Ctrl-S saves: kumo turns off the terminal's XON/XOFF flow control (ui/term.c), so it reaches the editor; F2 for a
   terminal that still takes it. */
const edit_binding EDIT_KEYS[] = {
    {{UK_ENTER}, enter, "確定", "改行", "入力を確定する（複数行の欄では改行）"},
    {{UK_CTRL('S'), UK_F2}, accept, NULL, "保存", "入力を確定する（複数行の欄を保存する）"},
    {{UK_ESC}, cancel, "取消", "取消", "入力を取り消す"},
    {{UK_LEFT, UK_RIGHT}, move_h, "移動", NULL, "1文字左・右へ移動"},
    {{UK_UP, UK_DOWN}, move_v, NULL, "移動", "複数行の欄: 上・下の行へ移動（表示の桁をそろえる）"},
    {{UK_PGUP, UK_PGDN}, move_v, NULL, NULL, "複数行の欄: 1画面分上・下へ移動"},
    {{UK_HOME, UK_CTRL('A')}, home, NULL, NULL, "行頭へ移動"},
    {{UK_END, UK_CTRL('E')}, end, NULL, NULL, "行末へ移動"},
    {{UK_BACKSPACE}, backspace, NULL, NULL, "カーソルの前の1文字を削除"},
    {{UK_DELETE, UK_CTRL('D')}, delete_, NULL, NULL, "カーソル位置の1文字を削除"},
    {{UK_CTRL('U')}, kill_start, "消去", "消去", "行頭まで削除"},
    {{UK_CTRL('K')}, kill_end, NULL, NULL, "行末まで削除"},
    {{UK_PASTE}, paste, NULL, NULL, "貼り付けは文字として入力（1行の欄では改行を空白に）"},
    {{0}, NULL, NULL, NULL, NULL},
};

edit_result edit_key(editbuf *e, int key)
{
    for (const edit_binding *b = EDIT_KEYS; b->keys[0]; b++)
        if (ui_keys_has(b->keys, key)) return b->op(e, key);
    if (key <= 0 || key >= UK_FUNC) return EDIT_IGNORED;
    if (key < 0x20 || key == 0x7f) return EDIT_IGNORED;   /* an unbound control key */
    if (editbuf_insert(e, (wchar_t)key)) return EDIT_CHANGED;
    return e->max_chars && e->len >= e->max_chars ? EDIT_FULL : EDIT_IGNORED;
}

const char *edit_keys_footer(char *buf, size_t n) { return edit_keys_footer_for(false, buf, n); }

const char *edit_keys_footer_for(bool lines, char *buf, size_t n)
{
    size_t len = 0;
    if (n) buf[0] = 0;
    for (const edit_binding *b = EDIT_KEYS; b->keys[0]; b++) {
        const char *label = lines ? b->label_lines : b->label;
        if (!label) continue;
        char keys[64];
        int w = snprintf(buf + len, n - len, "%s%s %s", len ? "  " : "", ui_keys_text(b->keys, keys, sizeof keys),
                         label);
        if (w < 0 || (size_t)w >= n - len) break;
        len += (size_t)w;
    }
    return buf;
}

const char *edit_paste_notice(const editbuf *e, char *buf, size_t n)
{
    if (!n) return NULL;
    buf[0] = 0;
    size_t len = 0;
    if (e->pasted & EDITBUF_PASTE_JOINED)
        len += (size_t)snprintf(buf + len, n - len, "この欄は1行です: 貼り付けた文字の改行は空白にしました。");
    if ((e->pasted & EDITBUF_PASTE_CUT) && len < n)
        len += (size_t)snprintf(buf + len, n - len, "上限の%zu文字を超える部分は貼り付けていません。", e->max_chars);
    if ((e->pasted & EDITBUF_PASTE_DROPPED) && len < n)
        snprintf(buf + len, n - len, "制御文字は除きました。");
    return *buf ? buf : NULL;
}
