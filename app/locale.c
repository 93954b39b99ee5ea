#include "app/locale.h"

#include <dirent.h>
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static kumo_locale_state state = KUMO_LOCALE_UTF8;
static char notice[320];

static bool codeset_is_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "UTF8"));
}

/* The variable setlocale(LC_CTYPE, "") obeys (LC_ALL, then LC_CTYPE, then LANG) and its value; NULL when none is
   set. Read with secure_getenv: in a setgid run the notice then speaks of an unset locale. */
static const char *asked(const char **var)
{
    static const char *const VARS[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (size_t i = 0; i < sizeof VARS / sizeof VARS[0]; i++) {
        const char *v = secure_getenv(VARS[i]);
        if (v && *v) {
            *var = VARS[i];
            return v;
        }
    }
    return NULL;
}

/* A locale name as it may be shown: at most 40 bytes of [A-Za-z0-9._@=+-], anything else as '?'. */
static void shown_name(const char *v, char *out, size_t n)
{
    size_t o = 0;
    for (; *v && o + 1 < n && o < 40; v++) {
        char c = *v;
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("._@=+-", c);
        out[o++] = ok ? c : '?';
    }
    out[o] = '\0';
}

static void say_fallback(bool asked_exists, const char *used)
{
    const char *var = NULL;
    const char *val = asked(&var);
    char name[48];
    if (!val) {
        snprintf(notice, sizeof notice, "ロケール（LANG）が設定されていないため、%s で表示します", used);
        return;
    }
    shown_name(val, name, sizeof name);
    if (!asked_exists)
        snprintf(notice, sizeof notice, "ロケール %s=%s はこのコンピュータにないため、%s で表示します", var, name,
                 used);
    else
        snprintf(notice, sizeof notice, "ロケール %s=%s は UTF-8 ではないため、%s で表示します", var, name, used);
}

kumo_locale_state kumo_locale_choose(const char *const *fallbacks)
{
    setlocale(LC_NUMERIC, "C");   /* libxlsxwriter prints numbers with %G: never a decimal comma */
    notice[0] = '\0';
    const char *got = setlocale(LC_CTYPE, "");
    if (got && codeset_is_utf8()) return state = KUMO_LOCALE_UTF8;
    for (const char *const *f = fallbacks; f && *f; f++) {
        const char *used = setlocale(LC_CTYPE, *f);
        if (used && codeset_is_utf8()) {
            say_fallback(got != NULL, *f);
            return state = KUMO_LOCALE_FALLBACK;
        }
    }
    setlocale(LC_CTYPE, "C");
    return state = KUMO_LOCALE_NONE;
}

kumo_locale_state kumo_locale_setup(void)
{
    enum { FIXED = 5, MAX = 48 };
    const char *names[MAX + 1] = {"C.UTF-8", "C.utf8", "en_US.UTF-8", "ja_JP.UTF-8", "en_GB.UTF-8"};
    char found[MAX - FIXED][64];
    size_t n = FIXED;
    /* any other UTF-8 locale compiled into its own folder (locale-gen's archive is covered by the names above) */
    DIR *d = opendir("/usr/lib/locale");
    if (d) {
        struct dirent *e;
        while (n < MAX && (e = readdir(d))) {
            size_t len = strlen(e->d_name);
            if (e->d_name[0] == '.' || len >= sizeof found[0]) continue;
            if (!strcasestr(e->d_name, "utf8") && !strcasestr(e->d_name, "utf-8")) continue;
            memcpy(found[n - FIXED], e->d_name, len + 1);   /* it fits: checked above */
            names[n] = found[n - FIXED];
            n++;
        }
        closedir(d);
    }
    names[n] = NULL;
    return kumo_locale_choose(names);
}

kumo_locale_state kumo_locale_state_now(void) { return state; }

const char *kumo_locale_notice(void) { return notice; }

const char *kumo_locale_missing_message(void)
{
    return "kumo: 日本語を表示できる UTF-8 のロケールがこのコンピュータにありません。"
           "C.UTF-8 又は ja_JP.UTF-8 を用意して（locales パッケージ、locale-gen）、LANG=C.UTF-8 kumo のように起動して"
           "ください。\n"
           "kumo: no UTF-8 locale is installed, so the screen cannot show Japanese. Generate one (C.UTF-8 or "
           "ja_JP.UTF-8: package locales, locale-gen) and start kumo as LANG=C.UTF-8 kumo.\n";
}
