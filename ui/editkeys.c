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

const edit_binding EDIT_KEYS[] = {
    {{UK_ENTER}, accept, "確定", "入力を確定する"},
    {{UK_ESC}, cancel, "取消", "入力を取り消す"},
    {{UK_LEFT, UK_RIGHT}, move_h, "移動", "1文字左・右へ移動"},
    {{UK_HOME, UK_CTRL('A')}, home, NULL, "行頭へ移動"},
    {{UK_END, UK_CTRL('E')}, end, NULL, "行末へ移動"},
    {{UK_BACKSPACE}, backspace, NULL, "カーソルの前の1文字を削除"},
    {{UK_DELETE, UK_CTRL('D')}, delete_, NULL, "カーソル位置の1文字を削除"},
    {{UK_CTRL('U')}, kill_start, "消去", "行頭まで削除"},
    {{UK_CTRL('K')}, kill_end, NULL, "行末まで削除"},
    {{0}, NULL, NULL, NULL},
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

const char *edit_keys_footer(char *buf, size_t n)
{
    size_t len = 0;
    if (n) buf[0] = 0;
    for (const edit_binding *b = EDIT_KEYS; b->keys[0]; b++) {
        if (!b->label) continue;
        char keys[64];
        int w = snprintf(buf + len, n - len, "%s%s %s", len ? "  " : "", ui_keys_text(b->keys, keys, sizeof keys),
                         b->label);
        if (w < 0 || (size_t)w >= n - len) break;
        len += (size_t)w;
    }
    return buf;
}
