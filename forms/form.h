/* The クラウドサービス利用申請書兼許可書: its fields, the track, and the rules the form checks. */
#ifndef KUMO_FORM_H
#define KUMO_FORM_H
#include <stdbool.h>
#include <stddef.h>

/* The 申請 half, in the order of the paper form. Values are UTF-8 text; "" means empty. */
typedef enum form_field {
    FF_KIND,          /* 申請区分 */
    FF_SECTION,       /* 申請課 */
    FF_CONTACT,       /* 連絡先 */
    FF_SERVICE_NAME,  /* クラウドサービス名 */
    FF_PROVIDER,      /* サービス提供者（事業者名） */
    FF_SERVICE_TYPE,  /* サービス区分 */
    FF_URL,
    FF_PURPOSE,       /* 利用目的 §4(1)① */
    FF_SCOPE,         /* 利用する業務の範囲 §4(1)② */
    FF_USER_SCOPE,    /* 利用者の範囲 */
    FF_USER_COUNT,    /* 利用者数 */
    FF_CONF,          /* 機密性 */
    FF_INTEG,         /* 完全性 */
    FF_AVAIL,         /* 可用性 */
    FF_HANDLING,      /* 取扱制限 (ポリシー004 §2(1)): required for 機密性3B・3C */
    FF_PERSONAL,      /* 個人情報の有無 */
    FF_MYNUMBER,      /* 特定個人情報の有無 */
    FF_PIA,           /* PIA の要否・実施状況 §4(1)⑤ */
    FF_NETWORK,       /* 接続するネットワーク */
    FF_LOCATION,      /* データの保存場所 */
    FF_LAW,           /* 準拠法・裁判管轄 */
    FF_CERTS,         /* 第三者認証 (several, joined with "、") */
    FF_CONTRACT,      /* 契約形態 */
    FF_START,         /* 利用開始予定日 */
    FF_END,           /* 利用終了予定日 ("" = 未定) */
    FF_RENEWAL,       /* 未定のときの次回更新日 */
    FF_PROCUREMENT,   /* 調達時のセキュリティ要件確認結果 */
    FF_REMARKS,       /* 備考 */
    FF_COUNT
} form_field;

typedef enum field_type { FT_TEXT, FT_LONGTEXT, FT_INT, FT_DATE, FT_CHOICE, FT_MULTI } field_type;

typedef struct field_def {
    form_field id;
    const char *column;        /* column in the applications table */
    const char *label;         /* Japanese label of the paper form */
    field_type type;
    const char *const *choices;/* NULL-terminated, for FT_CHOICE / FT_MULTI */
    int max_chars;
    bool req_83;               /* required on the §8-3 track (機密性2以上) */
    bool req_84;               /* required on the §8-4 track (機密性1) */
    const char *clause;        /* where the field comes from, shown in help */
} field_def;

const field_def *form_fields(void);
const field_def *form_field_def(form_field f);
/* Finds a field by its Japanese label or column name; -1 if none. */
int form_field_by_name(const char *name);

/* The track follows from the highest 機密性; it is derived, never typed. */
typedef enum form_track { TRACK_NONE, TRACK_83, TRACK_84, TRACK_REFUSED } form_track;
form_track form_track_of(const char *conf);
const char *form_track_label(form_track t);   /* 機密性2以上（§8-3） etc. */
const char *form_track_code(form_track t);    /* "8-3", "8-4", "" */
form_track form_track_from_code(const char *code);

/* The rule text shown when 機密性3A is chosen (規定003 §4(1)⑥). */
extern const char FORM_RULE_3A[];

typedef enum issue_level { ISSUE_ERROR, ISSUE_FLAG } issue_level;

/* One finding of the form check: an error blocks submission; a flag (不適合) needs 条件付承認. */
typedef struct form_issue {
    int field;                 /* form_field, or -1 for the whole form */
    int item;                  /* the checklist answer it is about (its index), or -1 */
    issue_level level;
    char msg[640];
} form_issue;

typedef struct form_issues {
    form_issue *v;
    size_t n, cap;
} form_issues;

void form_issues_clear(form_issues *is);
/* Appends a finding (dropped only if memory runs out). */
void form_issue_add(form_issues *is, int field, issue_level level, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
size_t form_issues_count(const form_issues *is, issue_level level);

/* Checks one value for its field alone (type, length, characters, date, choice). NULL if fine, else a
   Japanese message naming the field and the rule, written to buf. */
const char *form_check_value(form_field f, const char *value, char *buf, size_t n);

/* Checks the whole form: every value, the required fields of the track, dates in order, 3A, and the flags
   of 選定基準① and the network rule. only_84: the applicant may file §8-4 applications only (a 職員等). */
void form_validate(const char *const values[FF_COUNT], bool only_84, form_issues *out);

/* The longest a date or a number may be typed (the line editor's limit): 令和10年12月31日, ２０２６年１２月３１日 and
   1,234,567 fit with room to spare; what is stored is shorter (YYYY-MM-DD, plain digits). */
#define FORM_DATE_INPUT_CHARS 20
#define FORM_INT_INPUT_CHARS 12

/* The one normalisation of a value of a field of type t before it is checked and stored, for every form (the
   申請書, the 利用状況確認, the 終了連絡, the 導入・構築時確認): spaces (also full-width) trimmed at both ends; FT_INT
   as people type it (full-width digits ３００, separators 1,200 and １，２００) to plain digits; FT_DATE in any form
   date_parse accepts (令和8年4月1日, ２０２６年４月１日, 2026/4/1) to YYYY-MM-DD. A value that is not a number or a
   date is left as typed for the check to name. Returns malloc'd (NULL when out of memory). */
char *form_normalize_typed(field_type t, const char *value);
/* form_normalize_typed with the type of field f of the 申請書. */
char *form_normalize(form_field f, const char *value);
#endif
