/* Checklist answers given as a file, item by item with their notes, for the steps a script or a test drives without
   the screen (`kumo build-check --answers F`, `kumo app answer ID --file F`): CSV read with libcsv, UTF-8 (with or
   without the BOM Excel's 「CSV UTF-8」 writes), a header naming the columns, then one row per item:

       code,answer,note
       4(5)-1a,適合,ID管理手順書 第2版で確認
       4(5)-1f,該当なし,直接接続はしない
       8-3(6)-3a,不適合,手順書は来月整備（暫定運用の内容を記載）

   code is the item's code in the template; answer is 適合, 不適合, 該当なし or empty (unanswered); note is the
   確認内容・対策 (optional column; quoted values may span lines); text (optional column) is the item's text as the file
   was made with it (`kumo show NO --answers`, `kumo checklist KEY`): a step refuses a text that is not its
   template's, since the file was then made from another version. Whether the answers are complete and mean something
   is the domain's to judge against the template (app/phase.c); this reads them, and names the line of anything that
   is not a well-formed answers file (forms/answers_file.c). */
#ifndef KUMO_ANSWERS_FILE_H
#define KUMO_ANSWERS_FILE_H
#include <stddef.h>
#include <stdio.h>

#include "forms/checklist.h"

/* The most a file may hold: more rows than any template has items, and far fewer bytes than would slow a read. */
#define ANSWERS_FILE_MAX_BYTES (1024 * 1024)
#define ANSWERS_FILE_MAX_ROWS 1000

/* Parses an answers file held in memory (text, n bytes). On success *out holds *n answers in file order (code,
   answer, note and text set — text "" without the column; section and reason empty; required false) for checklist_answers_free, and 0 is
   returned. Otherwise -1, nothing is kept, and err holds a Japanese message naming the line and the rule: a missing
   or unknown column, a row without a code, an answer that is none of 適合・不適合・該当なし, a code given twice,
   broken quoting, text that is not UTF-8 or holds control characters, too many rows. */
int answers_file_parse(const char *text, size_t n, ck_answer **out, size_t *count, char *err, size_t errsz);
/* Reads and parses the file at path (at most ANSWERS_FILE_MAX_BYTES); messages name the file. -2 when the file
   cannot be opened or read, -1 when it is not a well-formed answers file, 0 on success. */
int answers_file_read(const char *path, ck_answer **out, size_t *count, char *err, size_t errsz);
/* Writes answers in the same format (header code,answer,note,text; every value quoted by libcsv; a note a spreadsheet
   would take for a formula gets a leading ', which the reader removes), so that a file can be made from an existing
   application and read back. 0, or -1 when writing fails. */
int answers_file_write(FILE *fp, const ck_answer *v, size_t n);
#endif
