/* The one way kumo writes a file a user asked for (every workbook and CSV): a temporary file beside the destination,
   written, checked, and renamed onto it only when complete, so that a failure leaves an existing file as it was and
   no temporary file behind. Where the temporary file lives, and with which rights, is decided here alone. */
#ifndef KUMO_APP_EXCHANGE_OUTFILE_H
#define KUMO_APP_EXCHANGE_OUTFILE_H
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "app/session.h"

typedef struct outfile {
    kumo *k;
    const char *kind;          /* "Excel ファイル", "CSV ファイル": how messages name the file */
    char dest[PATH_MAX];       /* the file asked for */
    char tmp[PATH_MAX + 16];   /* the temporary file that becomes it */
    char dir[PATH_MAX];        /* the folder of the temporary file (for a writer's own scratch files) */
    FILE *fp;                  /* open for writing after outfile_open; NULL after outfile_reserve */
} outfile;

/* Creates the temporary file for dest and opens it for writing (o->fp). On failure nothing is left and the
   message names dest and the reason. */
kstatus outfile_open(kumo *k, outfile *o, const char *dest, const char *kind);
/* The same for a writer that opens the file by its name (libxlsxwriter): the temporary file o->tmp exists, empty
   and closed. */
kstatus outfile_reserve(kumo *k, outfile *o, const char *dest, const char *kind);
/* Finishes a complete file: flushes, syncs and closes o->fp (if open), gives the file the mode a new file would
   have, and renames it onto dest. Any failure removes the temporary file and leaves dest as it was. */
kstatus outfile_commit(outfile *o);
/* Abandons the file (the writer failed, its message already set or not): removes the temporary file. Returns
   KS_ERROR when a message is set, else KS_IO. */
kstatus outfile_abandon(outfile *o);
/* Abandons a file that was written but found incomplete, with the reason (ディスクの空き容量が不足しています …):
   "<kind> <dest> を書き込めません（why）。既存のファイルは変更していません". Returns KS_IO. */
kstatus outfile_fail(outfile *o, const char *why);
#endif
