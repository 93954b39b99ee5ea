#include "app/exchange/pathname.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/exchange/outfile.h"
#include "app/privilege.h"
#include "app/session.h"
#include "forms/text.h"

/* typed with a leading ~/ made the home folder's; else as it is. */
static int expand_home(const char *typed, char *out, size_t n)
{
    if (typed[0] == '~' && (typed[1] == '/' || typed[1] == 0))
        return snprintf(out, n, "%s%s", kumo_home_dir(), typed + 1);
    return snprintf(out, n, "%s", typed);
}

kstatus path_absolute(const char *typed, char *out, size_t n)
{
    if (!typed || !*typed) return KS_INVALID;
    char exp[PATH_MAX];
    int w = expand_home(typed, exp, sizeof exp);
    if (w < 0 || (size_t)w >= sizeof exp) return KS_INVALID;
    if (exp[0] == '/') w = snprintf(out, n, "%s", exp);
    else {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd)) return KS_INVALID;
        const char *rel = exp;
        while (rel[0] == '.' && rel[1] == '/') rel += 2;   /* ./a.xlsx is a.xlsx */
        w = snprintf(out, n, "%s%s%s", cwd, strcmp(cwd, "/") ? "/" : "", rel);
    }
    return w < 0 || (size_t)w >= n ? KS_INVALID : KS_OK;
}

const char *path_default(const char *name, char *out, size_t n)
{
    char cwd[PATH_MAX];
    if (!*name) snprintf(out, n, "%s/", getcwd(cwd, sizeof cwd) ? (strcmp(cwd, "/") ? cwd : "") : kumo_home_dir());
    else if (path_absolute(name, out, n) != KS_OK) snprintf(out, n, "%s/%s", kumo_home_dir(), name);
    return out;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* How many bytes two strings share from the start, ending at a whole character. */
static size_t common(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && a[i] == b[i]) i++;
    while (i > 0 && ((unsigned char)a[i] & 0xC0) == 0x80) i--;   /* never inside a character */
    return i;
}

void path_completion_clear(path_completion *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->names[i]);
    free(c->names);
    free(c->completed);
    memset(c, 0, sizeof *c);
}

kstatus path_complete(const char *typed, path_completion *out)
{
    memset(out, 0, sizeof *out);
    if (!typed) typed = "";
    const char *slash = strrchr(typed, '/');
    size_t dlen = slash ? (size_t)(slash - typed) + 1 : 0;
    const char *base = typed + dlen;
    size_t blen = strlen(base);
    char dir_typed[PATH_MAX], dir[PATH_MAX];
    if (dlen >= sizeof dir_typed) return KS_INVALID;
    memcpy(dir_typed, typed, dlen);
    dir_typed[dlen] = 0;
    if (!dlen && typed[0] == '~' && blen == 1) {   /* "~" alone: the home folder */
        out->completed = strdup("~/");
        return out->completed ? KS_OK : KS_NOMEM;
    }
    int w = dlen ? expand_home(dir_typed, dir, sizeof dir) : snprintf(dir, sizeof dir, ".");
    if (w < 0 || (size_t)w >= sizeof dir) return KS_INVALID;

    if (!priv_user_begin()) return KS_DENIED;
    DIR *d = opendir(dir);
    kstatus s = d ? KS_OK : KS_NOTFOUND;
    size_t cap = 0;
    char *shared = NULL;   /* the longest start every match shares */
    for (struct dirent *e; d && (e = readdir(d));) {
        const char *nm = e->d_name;
        if (!strcmp(nm, ".") || !strcmp(nm, "..")) continue;
        if (nm[0] == '.' && base[0] != '.') continue;
        if (!strncmp(nm, OUTFILE_TMP_PREFIX, strlen(OUTFILE_TMP_PREFIX))) continue;
        if (strncmp(nm, base, blen)) continue;
        struct stat st;
        bool is_dir = fstatat(dirfd(d), nm, &st, 0) == 0 && S_ISDIR(st.st_mode);
        char name[NAME_MAX + 2];
        snprintf(name, sizeof name, "%s%s", nm, is_dir ? "/" : "");
        if (!shared) shared = strdup(name);
        else shared[common(shared, name)] = 0;
        out->total++;
        if (out->n >= PATH_CANDIDATES_MAX) continue;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            char **v = realloc(out->names, cap * sizeof *v);
            if (!v) {
                s = KS_NOMEM;
                break;
            }
            out->names = v;
        }
        if (!(out->names[out->n] = strdup(name))) {
            s = KS_NOMEM;
            break;
        }
        out->n++;
    }
    if (d) closedir(d);
    priv_user_end();
    if (out->n > 1) qsort(out->names, out->n, sizeof *out->names, by_name);
    size_t need = strlen(typed) + (shared ? strlen(shared) : 0) + 1;
    out->completed = malloc(need);
    if (!out->completed) s = KS_NOMEM;
    else if (shared && !s) snprintf(out->completed, need, "%s%s", dir_typed, shared);
    else snprintf(out->completed, need, "%s", typed);
    free(shared);
    if (s == KS_NOMEM) path_completion_clear(out);
    return s;
}
