#include "forms/service_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/text.h"

static const char *const USAGES[] = {"継続", "変更あり", "終了予定", NULL};
static const char *const YESNO[] = {"無", "有", NULL};
static const char *const PLANS[] = {"作成済", "不要", NULL};
static const char *const DISPOSALS[] = {"暗号化消去", "上書き消去", "物理破壊", "事業者の削除証明の受領", NULL};
static const char *const ACCOUNTS[] = {"削除済", "削除予定", "該当なし", NULL};

/* 利用状況確認 (規定003 §4(8); ポリシー004 §8-3(7)⑤) */
static const sform_field REVIEW_FIELDS[RV__COUNT] = {
    [RV_DATE] = {"確認日", FT_DATE, NULL, 0, true, false, NULL, NULL, NULL},
    [RV_USAGE] = {"利用状況", FT_CHOICE, USAGES, 0, true, false, "継続", NULL, NULL},
    [RV_USERS] = {"利用者数", FT_INT, NULL, 7, false, false, NULL, NULL, NULL},
    [RV_TERMS] = {"規約・設定変更の有無", FT_CHOICE, YESNO, 0, true, false, "無", NULL, "提供者選定基準⑪"},
    [RV_CHANGE] = {"変更の内容", FT_LONGTEXT, NULL, 400, false, false, NULL,
                   "変更あり・規約等の変更「有」のときは必須（提供者選定基準⑪）", NULL},
    [RV_INCIDENT] = {"インシデントの有無", FT_CHOICE, YESNO, 0, true, false, "無", NULL, NULL},
    [RV_INCIDENT_DETAIL] = {"インシデントの内容", FT_LONGTEXT, NULL, 400, false, false, NULL, "「有」のときは必須", NULL},
    [RV_INAPPROPRIATE] = {"不適切と考えられる事項", FT_LONGTEXT, NULL, 400, false, false, NULL,
                          "あれば記入（情報セキュリティ責任者・統括へ相談: 規定003 §4(8)）", NULL},
    [RV_REFERRED] = {"相談先", FT_TEXT, NULL, 80, false, false, NULL, "不適切と考えられる事項があるときは必須", NULL},
};

static const sform_rule REVIEW_RULES[] = {
    {RV_CHANGE, RV_USAGE, "変更あり", RV_TERMS, "有",
     "利用状況が「変更あり」又は規約・設定変更が「有」のときは「変更の内容」を入力してください（提供者選定基準⑪）"},
    {RV_INCIDENT_DETAIL, RV_INCIDENT, "有", -1, NULL,
     "インシデントが「有」のときは「インシデントの内容」を入力してください"},
    {RV_REFERRED, RV_INAPPROPRIATE, NULL, -1, NULL,
     "「不適切と考えられる事項」を記入したときは「相談先」（情報セキュリティ責任者及び統括情報セキュリティ責任者）を"
     "入力してください（規定003 §4(8)）"},
};

/* 終了連絡 (規定003 §4(4)③, §4(7); ポリシー004 §8-3(8)) */
static const sform_field TERMINATION_FIELDS[TM__COUNT] = {
    [TM_END] = {"終了日", FT_DATE, NULL, 0, true, false, NULL, NULL, NULL},
    [TM_PLAN] = {"移行計画書又は終了計画書", FT_CHOICE, PLANS, 0, true, false, NULL, NULL, "規定003 §4(7)①"},
    [TM_PLAN_REASON] = {"不要の理由", FT_LONGTEXT, NULL, 400, false, false, NULL, "「不要」のときは必須", NULL},
    [TM_NOTICE] = {"利用者への事前周知日", FT_DATE, NULL, 0, true, false, NULL, "終了日以前の日付", NULL},
    [TM_DISPOSAL] = {"情報の廃棄方法", FT_CHOICE, DISPOSALS, 0, false, true, NULL, "機密性2以上は必須（規定003 §4(7)②）",
                     "規定003 §4(7)②、ポリシー004 §8-3(8)③"},
    [TM_DISPOSAL_NOTE] = {"廃棄の確認内容", FT_LONGTEXT, NULL, 400, false, false, NULL, NULL, NULL},
    [TM_ACC_USERS] = {"利用者アカウントの削除", FT_CHOICE, ACCOUNTS, 0, true, false, NULL, NULL, "規定003 §4(7)③"},
    [TM_ACC_PRIV] = {"特権アカウントの削除", FT_CHOICE, ACCOUNTS, 0, true, false, NULL, NULL, "規定003 §4(7)③"},
    [TM_ACC_SPECIAL] = {"特殊アカウントと資格情報", FT_CHOICE, ACCOUNTS, 0, true, false, NULL, NULL, "規定003 §4(7)③"},
    [TM_REMARKS] = {"備考", FT_LONGTEXT, NULL, 400, false, false, NULL, NULL, NULL},
};

static const sform_rule TERMINATION_RULES[] = {
    {TM_PLAN_REASON, TM_PLAN, "不要", -1, NULL,
     "移行計画書又は終了計画書を「不要」とするときは「不要の理由」を入力してください（規定003 §4(7)①）"},
};

/* 導入・構築時確認 (規定003 §4(5); ポリシー004 §8-3(6)④) */
static const sform_field BUILD_FIELDS[BC__COUNT] = {
    [BC_DATE] = {"確認日", FT_DATE, NULL, 0, true, false, NULL, "承認日から今日までの日付", NULL},
    [BC_REMARKS] = {"備考", FT_LONGTEXT, NULL, 400, false, false, NULL, "確認に用いた文書、残る課題など", NULL},
};

/* 廃棄・削除完了報告 (規定003 §4(7); ポリシー004 §8-3(8)): 002's table of 削除方法 and 削除の確認 */
static const char *const METHODS[] = {DISPOSAL_METHOD_CE, "上書き消去", "ブロック消去", "物理的破壊", "磁気的破壊",
                                      "上書き消去（アクセス可能な領域のみ）", NULL};
static const char *const CONFIRMS[] = {"抹消措置の完了証明書", "破壊の完了証明書（写真付き）", "職員の立会い",
                                       "職員による作業完了の確認", NULL};
static const char *const DELETED[] = {"削除済", "該当なし", NULL};

static const sform_field DISPOSAL_FIELDS[DS__COUNT] = {
    [DS_DATE] = {"完了日", FT_DATE, NULL, 0, true, false, NULL, "終了日から今日までの日付", NULL},
    [DS_WORKER] = {"担当者", FT_TEXT, NULL, 80, true, false, NULL, "廃棄・削除を行い確認した者（所属・氏名）", NULL},
    [DS_METHOD] = {"削除方法", FT_CHOICE, METHODS, 0, true, false, NULL,
                   "機密性2以上は暗号化消去（それ以外はCISOの例外措置が必要）", "ポリシー004 §8-3(8)③"},
    [DS_CONFIRM] = {"削除の確認", FT_CHOICE, CONFIRMS, 0, true, false, NULL, "機密性2以上は証明書又は立会い",
                    "規定003 §4(7)②"},
    [DS_EVIDENCE] = {"証跡", FT_TEXT, NULL, 200, true, false, NULL, "証明書の番号・文書名など", NULL},
    [DS_COPIES] = {"全ての複製（バックアップ等）", FT_CHOICE, DELETED, 0, true, false, NULL, NULL,
                   "ポリシー004 §2(2)①(エ)"},
    [DS_ACC_USERS] = {"利用者アカウント", FT_CHOICE, DELETED, 0, true, false, NULL, NULL, "規定003 §4(7)③"},
    [DS_ACC_PRIV] = {"特権アカウント", FT_CHOICE, DELETED, 0, true, false, NULL, NULL, "規定003 §4(7)③"},
    [DS_ACC_SPECIAL] = {"特殊アカウントと資格情報", FT_CHOICE, DELETED, 0, true, false, NULL, NULL, "規定003 §4(7)③"},
    [DS_REMARKS] = {"備考", FT_LONGTEXT, NULL, 400, false, false, NULL, NULL, NULL},
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const sform REVIEW = {"利用状況確認", REVIEW_FIELDS, RV__COUNT, REVIEW_RULES, COUNT(REVIEW_RULES)};
static const sform TERMINATION = {"終了連絡", TERMINATION_FIELDS, TM__COUNT, TERMINATION_RULES,
                                  COUNT(TERMINATION_RULES)};

static const sform BUILD = {"導入・構築時確認", BUILD_FIELDS, BC__COUNT, NULL, 0};

const sform *sform_review(void) { return &REVIEW; }
const sform *sform_build_check(void) { return &BUILD; }

static const sform DISPOSAL = {"廃棄・削除完了報告", DISPOSAL_FIELDS, DS__COUNT, NULL, 0};
const sform *sform_disposal(void) { return &DISPOSAL; }
const sform *sform_termination(void) { return &TERMINATION; }

static const char *nz(const char *s) { return s ? s : ""; }

static bool one_of(const char *const *list, const char *v)
{
    for (; list && *list; list++)
        if (!strcmp(*list, v)) return true;
    return false;
}

/* The choices as a message lists them: 継続・変更あり・終了予定 */
static const char *join_choices(const sform_field *d, char *list, size_t n)
{
    size_t len = 0;
    list[0] = 0;
    for (const char *const *c = d->choices; c && *c && len < n; c++)
        len += (size_t)snprintf(list + len, n - len, "%s%s", c == d->choices ? "" : "・", *c);
    return list;
}

/* 「利用状況」は 継続・変更あり・終了予定 のいずれかを選んでください（clause） */
static const char *choice_msg(const sform_field *d, char *buf, size_t n)
{
    char list[512];
    join_choices(d, list, sizeof list);
    snprintf(buf, n, "「%s」は %s のいずれかを選んでください%s%s%s", d->label, list, d->clause ? "（" : "",
             nz(d->clause), d->clause ? "）" : "");
    text_trim_partial(buf);
    return buf;
}

bool sform_values_normalize(const sform *f, const char *const *in, sform_values *out)
{
    memset(out, 0, sizeof *out);
    if (f->n > SFORM_MAX_FIELDS) return false;
    for (int i = 0; i < f->n; i++) {
        out->v[i] = form_normalize_typed(f->fields[i].type, in[i]);
        if (!out->v[i]) {
            sform_values_clear(out);
            return false;
        }
        out->n = i + 1;
    }
    return true;
}

void sform_values_clear(sform_values *v)
{
    for (int i = 0; i < v->n; i++) free(v->v[i]);
    memset(v, 0, sizeof *v);
}

const char *sform_check_value(const sform *f, int field, const char *v, char *buf, size_t n)
{
    if (field < 0 || field >= f->n) {
        snprintf(buf, n, "不明な項目です");
        return buf;
    }
    const sform_field *d = &f->fields[field];
    v = nz(v);
    if (!*v) return NULL;
    switch (d->type) {
    case FT_INT: {
        /* as stored (after form_normalize_typed): digits only, at most max_chars of them */
        bool digits = strlen(v) <= (size_t)d->max_chars;
        for (const char *p = v; *p && digits; p++) digits = *p >= '0' && *p <= '9';
        if (digits) return NULL;
        char max[16] = "";
        for (int i = 0; i < d->max_chars && i < (int)sizeof max - 1; i++) max[i] = '9';
        snprintf(buf, n, "「%s」は0以上の整数（%s以下）で入力してください", d->label, max);
        return buf;
    }
    case FT_DATE:
        if (date_parse(v, NULL)) return NULL;
        char shown[96];   /* a date is 10 columns: anything much longer is clipped */
        text_fit(shown, sizeof shown, v, 20, false);
        snprintf(buf, n, "「%s」は実在する日付を入力してください（例 2026-11-30、令和8年11月30日。入力: %s）", d->label, shown);
        text_trim_partial(buf);
        return buf;
    case FT_CHOICE: return one_of(d->choices, v) ? NULL : choice_msg(d, buf, n);
    default: {
        text_problem tp = text_check(v, (size_t)d->max_chars, d->type == FT_LONGTEXT);
        return tp == TEXT_OK ? NULL : text_problem_msg(tp, d->label, v, (size_t)d->max_chars, buf, n);
    }
    }
}

static bool holds(const char *const *values, int field, const char *value)
{
    if (field < 0) return false;
    const char *v = nz(values[field]);
    return value ? !strcmp(v, value) : *v != 0;
}

/* The message for a required field left empty; conf is the 機密性 that made it required (or NULL). */
static const char *missing_msg(const sform_field *d, const char *conf, char *buf, size_t n)
{
    if (conf) {
        char list[512];
        snprintf(buf, n, "機密性%sの情報を取り扱ったサービスは「%s」（%s）を選んでください（%s）", conf, d->label,
                 join_choices(d, list, sizeof list), nz(d->clause));
    } else if (d->type == FT_CHOICE) {
        choice_msg(d, buf, n);
    } else {
        snprintf(buf, n, "「%s」を入力してください", d->label);
    }
    text_trim_partial(buf);
    return buf;
}

/* Each field in order (its value, then whether it is required), then the rules between fields. conf: the 機密性 of
   the service the form is about (NULL: none). */
static const char *check_all(const sform *f, const char *const *values, const char *conf, char *buf, size_t n,
                             int *field)
{
    bool conf2 = form_track_of(conf) == TRACK_83;
    for (int i = 0; i < f->n; i++) {
        const sform_field *d = &f->fields[i];
        const char *m = sform_check_value(f, i, values[i], buf, n);
        if (!m && !*nz(values[i]) && (d->required || (d->required_conf2 && conf2)))
            m = missing_msg(d, d->required ? NULL : conf, buf, n);
        if (m) {
            if (field) *field = i;
            return m;
        }
    }
    for (int r = 0; r < f->nrules; r++) {
        const sform_rule *rule = &f->rules[r];
        bool when = holds(values, rule->when_field, rule->when_value) || holds(values, rule->or_field, rule->or_value);
        if (when && !*nz(values[rule->field])) {
            if (field) *field = rule->field;
            snprintf(buf, n, "%s", rule->msg);
            return buf;
        }
    }
    return NULL;
}

static const char *fail_at(int f, int *field, char *buf)
{
    if (field) *field = f;
    text_trim_partial(buf);
    return buf;
}

const char *sform_review_check(const char *const values[RV__COUNT], kdate today, char *buf, size_t n, int *field)
{
    const char *m = check_all(&REVIEW, values, NULL, buf, n, field);
    if (m) return m;
    kdate rd;
    date_parse(values[RV_DATE], &rd);
    if (date_cmp(rd, today) > 0) {
        char t[11];
        date_format(today, t, sizeof t);
        snprintf(buf, n, "「確認日」は今日（%s）以前の日付にしてください", t);
        return fail_at(RV_DATE, field, buf);
    }
    return NULL;
}

const char *sform_termination_check(const char *const values[TM__COUNT], const char *conf, kdate today, char *buf,
                                    size_t n, int *field)
{
    const char *m = check_all(&TERMINATION, values, conf, buf, n, field);
    if (m) return m;
    kdate end, notice;
    date_parse(values[TM_END], &end);
    date_parse(values[TM_NOTICE], &notice);
    if (date_cmp(notice, end) > 0) {
        char e[11];
        date_format(end, e, sizeof e);
        snprintf(buf, n,
                 "「利用者への事前周知日」は終了日（%s）以前の日付にしてください（規定003 §4(7)①：利用終了の予定時期を"
                 "事前に知らせる）",
                 e);
        return fail_at(TM_NOTICE, field, buf);
    }
    /* once the 終了日 has come, no account may still be waiting to be deleted (§4(7)③) */
    if (date_cmp(end, today) <= 0)
        for (int i = TM_ACC_USERS; i <= TM_ACC_SPECIAL; i++)
            if (!strcmp(nz(values[i]), "削除予定")) {
                snprintf(buf, n, "終了日を過ぎているため「%s」は 削除済 又は 該当なし にしてください（規定003 §4(7)③）",
                         TERMINATION_FIELDS[i].label);
                return fail_at(i, field, buf);
            }
    return NULL;
}

const char *sform_build_check_check(const char *const values[BC__COUNT], const char *approved, kdate today, char *buf,
                                    size_t n, int *field)
{
    const char *m = check_all(&BUILD, values, NULL, buf, n, field);
    if (m) return m;
    kdate d, a;
    date_parse(values[BC_DATE], &d);
    if (date_cmp(d, today) > 0) {
        char t[11];
        date_format(today, t, sizeof t);
        snprintf(buf, n, "「確認日」は今日（%s）以前の日付にしてください", t);
        return fail_at(BC_DATE, field, buf);
    }
    if (date_parse(approved, &a) && date_cmp(d, a) < 0) {
        snprintf(buf, n,
                 "「確認日」は承認日（%s）以降の日付にしてください（導入・構築時確認は承認から利用開始までに行います: "
                 "規定003 §4(5)）",
                 approved);
        return fail_at(BC_DATE, field, buf);
    }
    return NULL;
}

const char *sform_disposal_check(const char *const values[DS__COUNT], const char *conf, const char *end,
                                 const char *excepted, kdate today, char *buf, size_t n, int *field)
{
    const char *m = check_all(&DISPOSAL, values, NULL, buf, n, field);
    if (m) return m;
    kdate d, e;
    date_parse(values[DS_DATE], &d);
    if (date_cmp(d, today) > 0) {
        char t[11];
        date_format(today, t, sizeof t);
        snprintf(buf, n, "「完了日」は今日（%s）以前の日付にしてください", t);
        return fail_at(DS_DATE, field, buf);
    }
    if (date_parse(end, &e) && date_cmp(d, e) < 0) {
        snprintf(buf, n, "「完了日」は終了日（%s）以降の日付にしてください（利用を終えてから廃棄・削除します: 規定003 §4(7)）",
                 end);
        return fail_at(DS_DATE, field, buf);
    }
    if (form_track_of(conf) != TRACK_83) return NULL;   /* 機密性1: any method of 002's table (3) */
    const char *method = nz(values[DS_METHOD]), *confirm = nz(values[DS_CONFIRM]);
    if (!strcmp(method, METHODS[5])) {
        snprintf(buf, n,
                 "機密性%sの情報を取り扱ったサービスは「削除方法」をアクセス可能な領域のみの上書き消去にできません（研究所レベルの"
                 "攻撃にも耐える抹消が必要です: 002 (2)）。暗号化消去を選んでください（ポリシー004 §8-3(8)③）",
                 conf);
        return fail_at(DS_METHOD, field, buf);
    }
    if (strcmp(method, DISPOSAL_METHOD_CE) && !(excepted && !strcmp(excepted, method))) {
        snprintf(buf, n,
                 "機密性%sの情報を取り扱ったサービスの「削除方法」は暗号化消去です（ポリシー004 §8-3(8)③: 暗号鍵を削除し"
                 "復元困難にする）。%sにはCISOの例外措置（廃棄方法）が必要です（§7-4）",
                 conf, method);
        text_trim_partial(buf);
        return fail_at(DS_METHOD, field, buf);
    }
    if (!strcmp(confirm, CONFIRMS[3])) {
        snprintf(buf, n,
                 "機密性%sの情報を取り扱ったサービスの「削除の確認」は抹消措置の完了証明書・破壊の完了証明書・職員の"
                 "立会いのいずれかです（職員による作業完了の確認は機密性1の方法です）",
                 conf);
        return fail_at(DS_CONFIRM, field, buf);
    }
    return NULL;
}
