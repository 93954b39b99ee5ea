/* The one way kumo writes a file a user asked for (every workbook, CSV and backup): made inside a private folder
   of the user's (.kumo-tmp-XXXXXX, mode 0700, created next to the destination so that the last step is a rename on
   one filesystem), written, checked, synced and renamed onto the destination only when complete. So a failure
   leaves an existing file as it was, a kill leaves only the private folder (removed by the next export into that
   folder), and no other user can swap a name kumo writes through: the file is created with O_EXCL|O_NOFOLLOW
   inside a folder only its owner can enter, and every step after the first goes through the folders' descriptors.
   In a privileged run (app/privilege.h) all of it is done with the user's own group, never kumo's, and the file
   gets the permissions any new file of the user's would (0666 less the umask). */
#ifndef KUMO_APP_EXCHANGE_OUTFILE_H
#define KUMO_APP_EXCHANGE_OUTFILE_H
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "app/session.h"

/* The dest that means standard output (`-o -`): the file is made in a private folder under $TMPDIR (or /tmp) in the
   same way, and copied out when complete; nothing is left behind. */
#define OUTFILE_STDOUT "-"

/* The prefix of every private folder; the sweep removes nothing else. */
#define OUTFILE_TMP_PREFIX ".kumo-tmp-"

typedef struct outfile {
    kumo *k;
    const char *kind;          /* "Excel ファイル", "CSV ファイル": how messages name the file */
    char dest[PATH_MAX];       /* the file asked for */
    char tmp[PATH_MAX + 320];  /* the file being written, as a path a writer may open by name (libxlsxwriter) */
    char dir[PATH_MAX + 32];   /* the private folder as a path (for a writer's own scratch files) */
    FILE *fp;                  /* open for writing after outfile_open; NULL after outfile_reserve */
    /* the machinery: the destination's folder and the private folder, held open */
    int dest_fd, priv_fd;
    char priv_name[32];        /* the private folder's name in the destination's folder */
    char leaf[NAME_MAX + 1];   /* the destination's own name, also the temporary file's in the private folder */
    bool user;                 /* the user's group is in force (priv_user_begin) until the file is done */
    bool to_stdout;            /* dest was OUTFILE_STDOUT: copied to standard output instead of renamed */
} outfile;

/* Creates the temporary file for dest and opens it for writing (o->fp). On failure nothing is left and the
   message names dest and the reason. */
kstatus outfile_open(kumo *k, outfile *o, const char *dest, const char *kind);
/* The same for a writer that opens the file by its name (libxlsxwriter, SQLite's backup): the temporary file
   o->tmp exists, empty and closed. */
kstatus outfile_reserve(kumo *k, outfile *o, const char *dest, const char *kind);
/* Finishes a complete file: flushes, syncs and closes o->fp (if open) and renames it onto dest. Any failure
   removes the temporary file and leaves dest as it was. */
kstatus outfile_commit(outfile *o);
/* Abandons the file (the writer failed, its message already set or not): removes the temporary file. Returns
   KS_ERROR when a message is set, else KS_IO. */
kstatus outfile_abandon(outfile *o);
/* Abandons a file that was written but found incomplete, with the reason (ディスクの空き容量が不足しています …):
   "<kind> <dest> を書き込めません（why）。既存のファイルは変更していません". Returns KS_IO. */
kstatus outfile_fail(outfile *o, const char *why);
#endif
