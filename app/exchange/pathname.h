/* The name of a file a user exports to or imports from, as they type it (app/exchange/pathname.c): a default in the
   current folder, Tab completion from the entries of the folder typed so far, and the absolute path kumo says it
   wrote. The folder is read with the user's own group (app/privilege.h), never kumo's. */
#ifndef KUMO_APP_EXCHANGE_PATHNAME_H
#define KUMO_APP_EXCHANGE_PATHNAME_H
#include <stdbool.h>
#include <stddef.h>

#include "db/status.h"

/* The absolute path of a name as typed: a relative name is in the current folder, ~/ in the home folder. The path is
   not resolved further (the file may not exist yet; outfile refuses links). KS_INVALID for "" or a path too long. */
kstatus path_absolute(const char *typed, char *out, size_t n);
/* The default file to write: `name` in the current folder, as an absolute path (the home folder when the current
   folder cannot be named). */
const char *path_default(const char *name, char *out, size_t n);

/* What Tab makes of a path typed so far. */
typedef struct path_completion {
    char *completed;   /* typed, extended by what every candidate shares (a folder's name ends in '/') */
    char **names;      /* the matching entries of the folder, sorted, a folder with its '/' (at most PATH_CANDIDATES_MAX) */
    size_t n;
    size_t total;      /* how many matched (n may be fewer) */
} path_completion;
#define PATH_CANDIDATES_MAX 200

/* Completes the last part of typed from the entries of its folder (relative to the current folder, ~/ the home
   folder); entries starting with '.' only when the part typed does, kumo's own temporary folders never. KS_NOTFOUND
   when the folder cannot be read (out->completed is then typed as it was). */
kstatus path_complete(const char *typed, path_completion *out);
void path_completion_clear(path_completion *c);
#endif
