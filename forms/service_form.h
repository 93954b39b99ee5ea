/* The forms recorded on an approved service in one step: the 利用状況確認 (規定003 §4(8)) and the 終了連絡
   (§4(4)③, §4(7)). As forms/form.c does for the application, one table per form holds each field's label, type,
   choices, length and whether it is required, and the rules between fields: the entry screen is built from it and
   the domain checks with it, so both name a field and a rule the same way. */
#ifndef KUMO_SERVICE_FORM_H
#define KUMO_SERVICE_FORM_H
#include <stdbool.h>
#include <stddef.h>

#include "forms/date.h"
#include "forms/form.h"

/* 利用状況確認, in the order of the screen. */
typedef enum review_field {
    RV_DATE,              /* 確認日 (not after today) */
    RV_USAGE,             /* 利用状況: 継続 / 変更あり / 終了予定 */
    RV_USERS,             /* 利用者数 */
    RV_TERMS,             /* 規約・設定変更の有無 (選定基準⑪) */
    RV_CHANGE,            /* 変更の内容: with 変更あり or 有 */
    RV_INCIDENT,          /* インシデントの有無 */
    RV_INCIDENT_DETAIL,   /* インシデントの内容: with 有 */
    RV_INAPPROPRIATE,     /* 不適切と考えられる事項 */
    RV_REFERRED,          /* 相談先: with 不適切と考えられる事項 */
    RV__COUNT
} review_field;

/* 終了連絡, in the order of the screen. */
typedef enum termination_field {
    TM_END,               /* 終了日 */
    TM_PLAN,              /* 移行計画書又は終了計画書: 作成済 / 不要 */
    TM_PLAN_REASON,       /* 不要の理由: with 不要 */
    TM_NOTICE,            /* 利用者への事前周知日 (not after 終了日) */
    TM_DISPOSAL,          /* 情報の廃棄方法: required when the service handled 機密性2以上 */
    TM_DISPOSAL_NOTE,     /* 廃棄の確認内容 */
    TM_ACC_USERS,         /* 利用者アカウントの削除: 削除済 / 削除予定 / 該当なし */
    TM_ACC_PRIV,          /* 特権アカウントの削除 */
    TM_ACC_SPECIAL,       /* 特殊アカウントと資格情報 */
    TM_REMARKS,           /* 備考 */
    TM__COUNT
} termination_field;

/* 導入・構築時確認 (規定003 §4(5); ポリシー004 §8-3(6)④), with the 導入・構築時チェックリスト. */
typedef enum build_field {
    BC_DATE,              /* 確認日: not before 承認日, not after today */
    BC_REMARKS,           /* 備考 */
    BC__COUNT
} build_field;

/* 廃棄・削除完了報告 (規定003 §4(7); ポリシー004 §8-3(8), §2(2)①(エ)), after the 終了連絡 was accepted. */
typedef enum disposal_field {
    DS_DATE,              /* 完了日: from the 終了日 to today */
    DS_WORKER,            /* 担当者 */
    DS_METHOD,            /* 削除方法 (002's table): 暗号化消去 for 機密性2以上 unless a 例外措置 says otherwise */
    DS_CONFIRM,           /* 削除の確認 (002's table) */
    DS_EVIDENCE,          /* 証跡（証明書の番号・文書名） */
    DS_COPIES,            /* 全ての複製（バックアップ等）の削除 (004 §2(2)①(エ)) */
    DS_ACC_USERS,         /* 利用者アカウント: 削除済 / 該当なし */
    DS_ACC_PRIV,          /* 特権アカウント */
    DS_ACC_SPECIAL,       /* 特殊アカウントと資格情報 */
    DS_REMARKS,           /* 備考 */
    DS__COUNT
} disposal_field;

/* The 削除方法 that needs no 例外措置 for 機密性2以上 (004 §8-3(8)③: 暗号鍵を削除するなどにより復元困難に). */
#define DISPOSAL_METHOD_CE "暗号化消去"

typedef struct sform_field {
    const char *label;
    field_type type;               /* FT_TEXT, FT_LONGTEXT, FT_INT, FT_DATE or FT_CHOICE */
    const char *const *choices;    /* FT_CHOICE, NULL-terminated */
    int max_chars;                 /* FT_TEXT, FT_LONGTEXT: characters; FT_INT: digits */
    bool required;
    bool required_conf2;           /* required when the service handled 機密性2以上 */
    const char *initial;           /* what a new form starts with (NULL: empty) */
    const char *hint;              /* for the screen: when it becomes required, what it asks for */
    const char *clause;            /* the rule a choice comes from, added to its message */
} sform_field;

/* A field required when another has a value (when_value NULL: any value), or when a second field has one. */
typedef struct sform_rule {
    int field;
    int when_field;
    const char *when_value;
    int or_field;                  /* -1: no second condition */
    const char *or_value;
    const char *msg;               /* names the field and the rule */
} sform_rule;

typedef struct sform {
    const char *name;              /* 利用状況確認 */
    const sform_field *fields;
    int n;
    const sform_rule *rules;
    int nrules;
} sform;

const sform *sform_review(void);
const sform *sform_termination(void);
const sform *sform_build_check(void);
const sform *sform_disposal(void);

/* The values of a form as they will be checked and stored: each normalised by its field's type with
   form_normalize_typed (full-width digits in 利用者数, 令和8年4月1日 in a date) — the same one normalisation as the
   申請書. Room for every field of the longest form. */
#define SFORM_MAX_FIELDS 16
typedef struct sform_values {
    char *v[SFORM_MAX_FIELDS];
    int n;
} sform_values;
/* Normalises in[0..f->n) (NULL as "") into out; false when out of memory (out then holds nothing). */
bool sform_values_normalize(const sform *f, const char *const *in, sform_values *out);
void sform_values_clear(sform_values *v);

/* Checks one value for its field alone (characters, length, type, choice); "" passes. NULL if fine, else the
   Japanese message naming the field and the rule, written to buf. */
const char *sform_check_value(const sform *f, int field, const char *value, char *buf, size_t n);

/* Checks a whole 利用状況確認 (values[RV__COUNT], NULL as ""): every value, the required fields, the rules, and 確認日
   not after `today`. NULL if it may be recorded; else the first problem's message in buf, *field (may be NULL)
   naming the field. */
const char *sform_review_check(const char *const values[RV__COUNT], kdate today, char *buf, size_t n, int *field);
/* Checks a whole 終了連絡 (values[TM__COUNT]) of a service of 機密性 `conf`: every value, the required fields (情報の
   廃棄方法 for 機密性2以上), the rules, 事前周知日 not after 終了日, and no account left 削除予定 once the 終了日 has come
   (`today`). */
const char *sform_termination_check(const char *const values[TM__COUNT], const char *conf, kdate today, char *buf,
                                    size_t n, int *field);
/* Checks a 導入・構築時確認 (values[BC__COUNT]) of a service approved on `approved` (YYYY-MM-DD): every value, and
   確認日 between the 承認日 and today. */
const char *sform_build_check_check(const char *const values[BC__COUNT], const char *approved, kdate today, char *buf,
                                    size_t n, int *field);
/* Checks a 廃棄・削除完了報告 (values[DS__COUNT]) of a service of 機密性 `conf` whose 終了日 is `end` (YYYY-MM-DD):
   every value and required field; 完了日 from the 終了日 to today; and 002's table — for 機密性2以上 no 論理削除, a
   certificate or an attendance as 削除の確認, and 暗号化消去 unless `excepted` names the method a 例外措置 of the
   廃棄方法 permits (NULL: none). */
const char *sform_disposal_check(const char *const values[DS__COUNT], const char *conf, const char *end,
                                 const char *excepted, kdate today, char *buf, size_t n, int *field);
#endif
