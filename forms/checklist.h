/* 確認事項: checklist templates read from the CSV files in templates/ with libcsv, and the rules for answers. */
#ifndef KUMO_CHECKLIST_H
#define KUMO_CHECKLIST_H
#include <stdbool.h>
#include <stddef.h>

/* An item's rules are data, read from the template's optional columns (templates/README.md) and kept in every
   snapshot with the item, so that an answer is judged by the rules of the version it was given against:
     note_required  1: the 確認内容・対策 must be written whatever the answer (the item asks for it, e.g. 4(1)-3a
                    「低減策を確認内容に記入」)
     answers        the answers the item admits, separated by | ("" = 適合|不適合|該当なし; 4(1)-6 admits 適合 only)
     conflicts      form values that contradict an answer of 適合: "項目名=値|値" clauses separated by ; — the 項目名
                    is the label of a field of the form the checklist goes with (申請書, 終了連絡 …) */
typedef struct ck_item {
    char *code;     /* ASCII numbering, e.g. 4(2)-1 */
    char *section;  /* 利用判断基準 … */
    char *text;
    bool required;
    bool note_required;
    char *answers;    /* "" = any */
    char *conflicts;  /* "" = none */
} ck_item;

typedef struct ck_template {
    char *key, *name, *version;
    ck_item *items;
    size_t n;
} ck_template;

/* Where templates are read: $KUMO_TEMPLATE_DIR (ignored when setgid; the Makefile's run and test targets point it
   at the source tree), else the installed folder (DATADIR/templates). Never the current folder. */
const char *checklist_dir(void);
/* From now on templates come only from the installed folder (KUMO_TEMPLATE_DIR as compiled in): a privileged run
   (app/privilege.c) lets no variable, working folder or other path steer what every user is asked. */
void checklist_installed_only(void);
/* Loads the template `key` (conf2, conf1, build, operate, retire) listed in index.csv. 0 on success; else -1 with a
   Japanese message in err naming the file, line and reason. */
int checklist_load(const char *key, ck_template *out, char *err, size_t errsz);
void checklist_clear(ck_template *t);

/* The template key answered on a track: conf2 for §8-3, conf1 for §8-4. */
const char *checklist_key_for_track(int form_track);

/* Answers as the policy defines them. */
extern const char *const CK_ANSWERS[];   /* 適合, 不適合, 該当なし, NULL */
/* The reason of a 不適合: the policy knows one, the 例外措置 permitted by the CISO (004 §7-4); a 不適合 answer always
   carries it (checklist_answer_from and the steps that save an answer set it). */
extern const char *const CK_REASONS[];   /* 例外措置, NULL */
#define CK_REASON_EXCEPTION "例外措置"
/* 「リスク受容」 was offered beside 例外措置 before kumo followed 004 §7-4; answers of applications decided then keep
   it as recorded (db/schema.c, migration 4) and are shown as checklist_reason_label says. */
#define CK_REASON_LEGACY "リスク受容"
/* The reason as a screen or a printout shows it: 例外措置; リスク受容（旧区分）; "" for none. */
const char *checklist_reason_label(const char *reason);
/* The reason an answer is stored with: 例外措置 for 不適合, "" otherwise. */
const char *checklist_reason_for(const char *answer);

/* One answered item; strings are owned by the holder. */
typedef struct ck_answer {
    int no;
    char *code, *section, *text;
    bool required;
    char *answer;   /* "" = unanswered */
    char *note;     /* 確認内容・対策 */
    char *reason;   /* for 不適合: 例外措置 (CK_REASON_LEGACY on applications decided before 004 §7-4 was followed) */
    bool note_required;   /* the item's rules, as in ck_item (NULL strings mean "") */
    char *answers;
    char *conflicts;
} ck_answer;

/* Checks one answer; NULL if it may be submitted, else a Japanese message written to buf: a required item
   unanswered, an answer the item does not admit, a 不適合 or a 該当なし without its 確認内容・対策 (the 例外措置's
   content; the reason it does not apply), an item that asks for its 確認内容 left without one, an overlong note. */
const char *checklist_check_answer(const ck_answer *a, char *buf, size_t n);
/* Whether the item admits `answer` ("" always: unanswered). */
bool checklist_answer_allowed(const ck_answer *a, const char *answer);
/* The message refusing an answer the item does not admit, in buf. */
const char *checklist_answer_refusal(const ck_answer *a, const char *answer, char *buf, size_t n);

/* The value of the form's field labelled `label` (the 申請書, the 終了連絡 …), or NULL when the form has no such field. */
typedef const char *(*ck_field_value)(const char *label, void *ctx);
/* Checks answer a against the form it goes with (form_name: 申請書, 終了連絡): an answer of 適合 while a field named
   in the item's conflicts holds one of the listed values is a contradiction. NULL if none, else a message naming
   both places, in buf. */
const char *checklist_check_conflict(const ck_answer *a, ck_field_value get, void *ctx, const char *form_name,
                                     char *buf, size_t n);
/* Whether a conflicts value is well formed ("" is): clauses 項目名=値|値 separated by ;. */
bool checklist_conflicts_valid(const char *conflicts);

/* The version of template `key` now listed in index.csv, in buf; false (err says why) when it cannot be read. */
bool checklist_current_version(const char *key, char *buf, size_t n, char *err, size_t errsz);
/* Counts answered, required-unanswered and 不適合 items. */
void checklist_progress(const ck_answer *v, size_t n, size_t *answered, size_t *req_missing, size_t *nonconf);
/* Frees n answers (and the array) and sets *v to NULL. */
void checklist_answers_free(ck_answer **v, size_t n);
/* Frees the strings of one answer (not the array that holds it). */
void checklist_answer_clear(ck_answer *a);
/* Fills a from template item `it`, numbered no, with the answer, note and reason of `given` (NULL: unanswered).
   false when memory runs out; what was copied stays in a for checklist_answer_clear. */
bool checklist_answer_from(ck_answer *a, int no, const ck_item *it, const ck_answer *given);
#endif
