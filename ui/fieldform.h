/* A generic entry screen: a list of labelled fields edited one by one, an optional checklist, and one step that
   records everything at once (the 利用状況確認, the 終了連絡, a user). The screen says so: nothing is saved until s,
   leaving asks before dropping what was typed, and a refused step (a rule, a busy database, someone else's change)
   keeps every value typed. The step itself is a domain call. */
#ifndef KUMO_FIELDFORM_H
#define KUMO_FIELDFORM_H
#include "ui/ui.h"

typedef struct ffield {
    const char *label;
    field_type type;               /* FT_TEXT, FT_LONGTEXT, FT_INT, FT_DATE, FT_CHOICE */
    const char *const *choices;    /* FT_CHOICE, NULL-terminated */
    int max_chars;
    bool required;                 /* shown as 必須; the domain decides */
    const char *hint;
    char *value;                   /* malloc'd, owned by the form */
} ffield;

typedef struct fform fform;
/* Records the form; returns KS_OK to close the screen, else the screen stays with the message shown. */
typedef kstatus (*fform_submit)(fform *f, void *ctx);

struct fform {
    char title[512];
    char intro[2048];              /* under the title, wrapped over up to three lines */
    ffield *fields;
    int n;
    ck_answer *answers;            /* optional checklist, owned by the form */
    size_t nans;
    char ck_title[256];
    const char *ck_nonconf;        /* what a 不適合 means on the checklist (phase_nonconf_label), static text */
    int ck_pos;                    /* where the checklist was left (-1: not opened yet) */
    const char *submit_key_label;  /* "記録" */
    fform_submit submit;
    /* After a submit refused because someone else changed the record meanwhile (KS_CONFLICT): reloads what ctx holds
       of it and writes what changed into msg (n bytes), so the next s records against the record as it now is;
       what was typed stays. NULL: nothing to reload. */
    kstatus (*reread)(fform *f, void *ctx, char *msg, size_t n);
    const char *subject;           /* what the record is, for that message: サービス, 利用者 */
    bool cancelled;                /* set by submit when the user chose not to go on (a warning): nothing recorded */
    void *ctx;
    void (*ctx_free)(void *ctx);
    char done_msg[512];            /* shown after a successful submit */
};

/* A form of n empty fields whose ctx is a copy of ctx_size bytes at ctx (freed with the form); NULL if out of memory. */
fform *fform_new(int n, const void *ctx, size_t ctx_size);
/* The value of field i ("" when unset). */
const char *fform_value(const fform *f, int i);
void fform_set(fform *f, int i, const char *v);
/* Opens the entry screen of f and takes ownership of it (freed with its fields, answers and ctx when the screen
   closes, or at once when the screen cannot open). */
void fform_open(fform *f);
/* The entry screen (its argument is the fform *, taken over): open it with fform_open. */
extern const screen_ops SCREEN_FIELDFORM;
#endif
