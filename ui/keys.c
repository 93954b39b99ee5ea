/* Names of keys, for the key bar and the ? help (generated from the same tables that bind them). */
#include "ui/keys.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "forms/text.h"

static const char *const FUNC_NAMES[] = {
    [UK_ENTER - UK_FUNC] = "Enter", [UK_ESC - UK_FUNC] = "ESC",         [UK_UP - UK_FUNC] = "↑",
    [UK_DOWN - UK_FUNC] = "↓",      [UK_LEFT - UK_FUNC] = "←",          [UK_RIGHT - UK_FUNC] = "→",
    [UK_PGUP - UK_FUNC] = "PgUp",   [UK_PGDN - UK_FUNC] = "PgDn",       [UK_HOME - UK_FUNC] = "Home",
    [UK_END - UK_FUNC] = "End",     [UK_BACKSPACE - UK_FUNC] = "BackSpace", [UK_DELETE - UK_FUNC] = "Delete",
    [UK_RESIZE - UK_FUNC] = "Resize", [UK_F2 - UK_FUNC] = "F2", [UK_PASTE - UK_FUNC] = "貼り付け",
    [UK_OTHER - UK_FUNC] = "?",
};

const char *ui_key_name(int key, char *buf, size_t n)
{
    if (!n) return buf;
    if (key >= UK_FUNC && key <= UK_OTHER) snprintf(buf, n, "%s", FUNC_NAMES[key - UK_FUNC]);
    else if (key == ' ') snprintf(buf, n, "Space");
    else if (key > 0 && key < 0x20) snprintf(buf, n, "Ctrl-%c", 'A' + key - 1);
    else if (key > 0 && key < UK_FUNC && n > 4) {
        char enc[4];
        size_t len = text_utf8_encode((uint32_t)key, enc);
        memcpy(buf, enc, len);
        buf[len] = 0;
    } else buf[0] = 0;
    return buf;
}

static char paste[UI_PASTE_MAX + 1];

const char *ui_paste_text(void) { return paste; }

bool ui_paste_set(const char *text, size_t n)
{
    bool whole = n <= UI_PASTE_MAX;
    if (!whole) n = UI_PASTE_MAX;
    memcpy(paste, text, n);
    paste[n] = 0;
    if (!whole) text_trim_partial(paste);
    return whole;
}

int ui_keys_has(const int *keys, int key)
{
    for (int i = 0; i < UK_MAX_KEYS && keys[i]; i++)
        if (keys[i] == key) return 1;
    return 0;
}

/* Keys whose names run together in a list: arrows (←→) and ASCII punctuation (<>). */
static int join_class(const char *name)
{
    if (text_chars(name) != 1) return 0;
    uint32_t cp;
    text_utf8_decode(name, strlen(name), &cp);
    if (cp >= 0x2190 && cp <= 0x21FF) return 1;
    if (cp < 0x80 && ispunct((int)cp)) return 2;
    return 0;
}

const char *ui_keys_text(const int *keys, char *buf, size_t n)
{
    if (!n) return buf;
    buf[0] = 0;
    size_t len = 0;
    int prev = 0;
    for (int i = 0; i < UK_MAX_KEYS && keys[i] && len + 1 < n; i++) {
        char name[32];
        ui_key_name(keys[i], name, sizeof name);
        int cls = join_class(name);
        int w = snprintf(buf + len, n - len, "%s%s", i && !(cls && cls == prev) ? " " : "", name);
        if (w < 0 || (size_t)w >= n - len) break;
        len += (size_t)w;
        prev = cls;
    }
    return buf;
}
