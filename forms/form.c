#include "forms/form.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/date.h"
#include "forms/text.h"

static const char *const KINDS[] = {"新規", "変更", "継続", NULL};
static const char *const SERVICE_TYPES[] = {"IaaS", "PaaS", "SaaS", "Web会議", "SNS", "検索・翻訳・地図", "その他", NULL};
static const char *const CONFS[] = {"1", "2", "3C", "3B", "3A", NULL};
static const char *const INTEGS[] = {"1", "2", NULL};
static const char *const AVAILS[] = {"1", "2", NULL};
static const char *const YESNO[] = {"無", "有", NULL};
static const char *const PIAS[] = {"不要", "要・実施済", "要・実施予定", NULL};
static const char *const NETWORKS[] = {"インターネット接続系", "LGWAN接続系", "マイナンバー利用事務系", NULL};
static const char *const LOCATIONS[] = {"国内", "国外", "不明", NULL};
static const char *const LAWS[] = {"日本法・日本の裁判所", "外国法又は外国の裁判所", "不明", NULL};
static const char *const CERTS[] = {"ISMAP登録", "ISMAP-LIU", "ISO/IEC 27001", "ISO/IEC 27017", "ISO/IEC 27018", "その他", NULL};
static const char *const CONTRACTS[] = {"個別契約・SLA", "約款", NULL};

const char FORM_RULE_3A[] =
    "機密性3Aに相当する情報はクラウドサービスで取り扱わない（規定003 §4(1)⑥）";

#define F(id, col, label, type, ch, max, r83, r84, clause) {id, col, label, type, ch, max, r83, r84, clause}
static const field_def FIELDS[FF_COUNT] = {
    F(FF_KIND, "kind", "申請区分", FT_CHOICE, KINDS, 0, true, true, "様式"),
    F(FF_SECTION, "section", "申請課", FT_TEXT, NULL, 40, false, false, "様式"),
    F(FF_CONTACT, "contact", "連絡先", FT_TEXT, NULL, 60, true, true, "様式"),
    F(FF_SERVICE_NAME, "service_name", "クラウドサービス名", FT_TEXT, NULL, 80, true, true, "003 §4(4)②"),
    F(FF_PROVIDER, "provider", "サービス提供者", FT_TEXT, NULL, 80, true, true, "003 §4(2)"),
    F(FF_SERVICE_TYPE, "service_type", "サービス区分", FT_CHOICE, SERVICE_TYPES, 0, true, false, "003 §3(1)"),
    F(FF_URL, "url", "URL", FT_TEXT, NULL, 200, false, false, "様式"),
    F(FF_PURPOSE, "purpose", "利用目的", FT_LONGTEXT, NULL, 400, true, true, "003 §4(1)①"),
    F(FF_SCOPE, "scope", "利用する業務の範囲", FT_LONGTEXT, NULL, 400, true, true, "003 §4(1)②"),
    F(FF_USER_SCOPE, "user_scope", "利用者の範囲", FT_TEXT, NULL, 80, true, false, "様式"),
    F(FF_USER_COUNT, "user_count", "利用者数", FT_INT, NULL, 7, false, false, "様式"),
    F(FF_CONF, "conf", "機密性", FT_CHOICE, CONFS, 0, true, true, "004 §2"),
    F(FF_INTEG, "integ", "完全性", FT_CHOICE, INTEGS, 0, true, false, "004 §2"),
    F(FF_AVAIL, "avail", "可用性", FT_CHOICE, AVAILS, 0, true, false, "004 §2"),
    F(FF_HANDLING, "handling", "取扱制限", FT_LONGTEXT, NULL, 200, false, false, "004 §2(1)"),
    F(FF_PERSONAL, "personal", "個人情報の有無", FT_CHOICE, YESNO, 0, true, true, "003 §4(1)⑤"),
    F(FF_MYNUMBER, "mynumber", "特定個人情報の有無", FT_CHOICE, YESNO, 0, true, false, "003 §4(1)⑤"),
    F(FF_PIA, "pia", "PIAの要否・実施状況", FT_CHOICE, PIAS, 0, false, false, "003 §4(1)⑤"),
    F(FF_NETWORK, "network", "接続するネットワーク", FT_CHOICE, NETWORKS, 0, true, false, "様式"),
    F(FF_LOCATION, "location", "データの保存場所", FT_CHOICE, LOCATIONS, 0, true, false, "003 §4(2)①"),
    F(FF_LAW, "law", "準拠法・裁判管轄", FT_CHOICE, LAWS, 0, true, false, "003 §4(2)①"),
    F(FF_CERTS, "certs", "第三者認証", FT_MULTI, CERTS, 0, false, false, "004 §8-3(3)⑩"),
    F(FF_CONTRACT, "contract", "契約形態", FT_CHOICE, CONTRACTS, 0, true, false, "003 §4(3)"),
    F(FF_START, "start_date", "利用開始予定日", FT_DATE, NULL, 0, true, true, "003 §4(4)②"),
    F(FF_END, "end_date", "利用終了予定日", FT_DATE, NULL, 0, false, false, "003 §4(4)②"),
    F(FF_RENEWAL, "renewal_date", "次回更新日（終了日未定時）", FT_DATE, NULL, 0, false, false, "003 §4(4)②"),
    F(FF_PROCUREMENT, "procurement_ref", "調達時のセキュリティ要件確認結果", FT_TEXT, NULL, 120, true, false, "003 §4(4)①"),
    F(FF_REMARKS, "remarks", "備考", FT_LONGTEXT, NULL, 400, false, false, "様式"),
};
#undef F

const field_def *form_fields(void) { return FIELDS; }

const field_def *form_field_def(form_field f)
{
    return f >= 0 && f < FF_COUNT ? &FIELDS[f] : NULL;
}

int form_field_by_name(const char *name)
{
    if (!name) return -1;
    for (int i = 0; i < FF_COUNT; i++)
        if (!strcmp(FIELDS[i].label, name) || !strcmp(FIELDS[i].column, name)) return i;
    return -1;
}

form_track form_track_of(const char *conf)
{
    if (!conf || !*conf) return TRACK_NONE;
    if (!strcmp(conf, "3A")) return TRACK_REFUSED;
    if (!strcmp(conf, "1")) return TRACK_84;
    if (!strcmp(conf, "2") || !strcmp(conf, "3B") || !strcmp(conf, "3C")) return TRACK_83;
    return TRACK_NONE;
}

const char *form_track_label(form_track t)
{
    switch (t) {
    case TRACK_83: return "機密性2以上（§8-3）";
    case TRACK_84: return "機密性1（§8-4）";
    case TRACK_REFUSED: return "取扱不可（機密性3A）";
    default: return "未定（機密性未入力）";
    }
}

const char *form_track_code(form_track t)
{
    return t == TRACK_83 ? "8-3" : t == TRACK_84 ? "8-4" : "";
}

form_track form_track_from_code(const char *code)
{
    if (code && !strcmp(code, "8-3")) return TRACK_83;
    if (code && !strcmp(code, "8-4")) return TRACK_84;
    return TRACK_NONE;
}

void form_issues_clear(form_issues *is)
{
    free(is->v);
    is->v = NULL;
    is->n = is->cap = 0;
}

size_t form_issues_count(const form_issues *is, issue_level level)
{
    size_t c = 0;
    for (size_t i = 0; i < is->n; i++) c += is->v[i].level == level;
    return c;
}

void form_issue_add(form_issues *is, int field, issue_level level, const char *fmt, ...)
{
    if (is->n == is->cap) {
        size_t cap = is->cap ? is->cap * 2 : 8;
        form_issue *v = realloc(is->v, cap * sizeof *v);
        if (!v) return; /* out of memory: the issue is dropped, the count stays honest about what was kept */
        is->v = v;
        is->cap = cap;
    }
    form_issue *it = &is->v[is->n++];
    it->field = field;
    it->item = -1;
    it->level = level;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->msg, sizeof it->msg, fmt, ap);
    va_end(ap);
    text_trim_partial(it->msg);
}

static bool in_choices(const char *const *choices, const char *v)
{
    for (; choices && *choices; choices++)
        if (!strcmp(*choices, v)) return true;
    return false;
}

/* A FT_MULTI value is choices joined with "、"; each part must be a known choice. The separator is matched as
   a whole string (strtok would split on its single bytes, which other kana such as そ share), and the whole value
   is checked however long it is. Empty parts are skipped. */
static bool multi_ok(const char *const *choices, const char *v)
{
    static const char SEP[] = "、";
    const size_t seplen = sizeof SEP - 1;
    char part[256];
    for (const char *p = v;;) {
        const char *e = strstr(p, SEP);
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len >= sizeof part) return false;   /* longer than any choice */
        if (len) {
            memcpy(part, p, len);
            part[len] = 0;
            if (!in_choices(choices, part)) return false;
        }
        if (!e) return true;
        p = e + seplen;
    }
}

const char *form_check_value(form_field f, const char *v, char *buf, size_t n)
{
    const field_def *d = form_field_def(f);
    if (!d) { snprintf(buf, n, "不明な項目です"); return buf; }
    if (!v || !*v) return NULL;
    bool multiline = d->type == FT_LONGTEXT;
    size_t max = d->type == FT_TEXT || d->type == FT_LONGTEXT ? (size_t)d->max_chars : 0;
    text_problem tp = text_check(v, max, multiline);
    if (tp != TEXT_OK) return text_problem_msg(tp, d->label, v, max, buf, n);
    switch (d->type) {
    case FT_TEXT:
        /* the service's address: a web address a colleague can open */
        if (f == FF_URL && strncmp(v, "https://", 8) && strncmp(v, "http://", 7)) {
            snprintf(buf, n, "「URL」は https:// 又は http:// で始まるアドレスで入力してください");
            return buf;
        }
        break;
    case FT_LONGTEXT: break;
    case FT_INT: {
        char *end;
        long x = strtol(v, &end, 10);
        if (*end || x < 0 || x > 9999999) {
            snprintf(buf, n, "「%s」は0以上の整数（数字のみ）で入力してください", d->label);
            return buf;
        }
        break;
    }
    case FT_DATE:
        if (!date_parse(v, NULL)) {
            char shown[96];   /* a date is 10 columns: anything much longer is clipped */
            text_fit(shown, sizeof shown, v, 20, false);
            snprintf(buf, n, "「%s」は実在する日付を入力してください（例 2026-11-30、令和8年11月30日。入力: %s）", d->label, shown);
            text_trim_partial(buf);
            return buf;
        }
        break;
    case FT_CHOICE:
        if (!in_choices(d->choices, v)) {
            snprintf(buf, n, "「%s」は一覧から選んでください", d->label);
            return buf;
        }
        if (f == FF_CONF && !strcmp(v, "3A")) {
            snprintf(buf, n, "「機密性」3A は選べません: %s", FORM_RULE_3A);
            return buf;
        }
        break;
    case FT_MULTI:
        if (!multi_ok(d->choices, v)) {
            snprintf(buf, n, "「%s」は一覧から選んでください", d->label);
            return buf;
        }
        break;
    }
    return NULL;
}

static bool empty(const char *v) { return !v || !*v; }

void form_validate(const char *const values[FF_COUNT], bool only_84, form_issues *out)
{
    char buf[320];
    for (int f = 0; f < FF_COUNT; f++) {
        const char *msg = form_check_value((form_field)f, values[f], buf, sizeof buf);
        if (msg) form_issue_add(out, f, ISSUE_ERROR, "%s", msg);
    }
    form_track t = form_track_of(values[FF_CONF]);
    if (t == TRACK_NONE) {
        if (empty(values[FF_CONF]))
            form_issue_add(out, FF_CONF, ISSUE_ERROR, "「機密性」を選んでください（区分により手続が決まります）");
    }
    if (t == TRACK_83 && only_84)
        form_issue_add(out, FF_CONF, ISSUE_ERROR,
                  "機密性2以上の申請は情報セキュリティ責任者が行います（ポリシー004 §8-3(5)①）。"
                  "職員等は機密性1の申請のみできます（§8-4(2)①）");
    for (int f = 0; f < FF_COUNT; f++) {
        const field_def *d = &FIELDS[f];
        bool req = (t == TRACK_83 && d->req_83) || (t == TRACK_84 && d->req_84);
        if (req && empty(values[f]))
            form_issue_add(out, f, ISSUE_ERROR, "「%s」は必須です（%s）", d->label,
                      t == TRACK_83 ? "機密性2以上の申請" : "機密性1の申請");
    }
    kdate s, e, r;
    bool has_s = date_parse(values[FF_START], &s), has_e = date_parse(values[FF_END], &e);
    bool has_r = date_parse(values[FF_RENEWAL], &r);
    if (has_s && has_e && date_cmp(e, s) < 0)
        form_issue_add(out, FF_END, ISSUE_ERROR, "「利用終了予定日」は「利用開始予定日」以降の日付にしてください");
    if (empty(values[FF_END]) && (t == TRACK_83 || t == TRACK_84) && empty(values[FF_RENEWAL]))
        form_issue_add(out, FF_RENEWAL, ISSUE_ERROR,
                  "「利用終了予定日」が未定のときは「次回更新日（終了日未定時）」を入力してください（003 §4(4)②）");
    if (has_s && has_r && date_cmp(r, s) < 0)
        form_issue_add(out, FF_RENEWAL, ISSUE_ERROR, "「次回更新日」は「利用開始予定日」以降の日付にしてください");
    /* 004 §2(1): the classification's 取扱制限 (機密性3: 複製・配付の制限、保管場所の制限、暗号化、復元不可能な廃棄 …)
       are set for the information; 003 §4(6)③ asks that they can be known for what is stored in the service */
    if (values[FF_CONF] && (!strcmp(values[FF_CONF], "3B") || !strcmp(values[FF_CONF], "3C")) && empty(values[FF_HANDLING]))
        form_issue_add(out, FF_HANDLING, ISSUE_ERROR,
                       "「取扱制限」を入力してください: 機密性%sの情報資産は分類に応じた取扱制限（複製・配付の制限、保管場所の"
                       "制限、送信時の暗号化、復元不可能な廃棄など）を定めます（ポリシー004 §2(1)）",
                       values[FF_CONF]);
    if (t == TRACK_84 && values[FF_PERSONAL] && !strcmp(values[FF_PERSONAL], "有"))
        form_issue_add(out, FF_PERSONAL, ISSUE_ERROR,
                  "「個人情報の有無」が「有」です: 個人情報を取り扱う場合は機密性2以上です（ポリシー004 §2）。「機密性」を見直してください");
    if (values[FF_MYNUMBER] && !strcmp(values[FF_MYNUMBER], "有") && t == TRACK_84)
        form_issue_add(out, FF_MYNUMBER, ISSUE_ERROR, "「特定個人情報の有無」が「有」です: 特定個人情報を取り扱う場合は機密性2以上です（ポリシー004 §2）");
    if (t == TRACK_83) {
        if (!empty(values[FF_LOCATION]) && strcmp(values[FF_LOCATION], "国内"))
            form_issue_add(out, FF_LOCATION, ISSUE_FLAG,
                      "不適合（選定基準①）: データの保存場所が国内ではありません（%s）。承認の前にCISOの例外措置の許可が必要です（ポリシー004 §7-4）",
                      values[FF_LOCATION]);
        if (!empty(values[FF_LAW]) && strcmp(values[FF_LAW], "日本法・日本の裁判所"))
            form_issue_add(out, FF_LAW, ISSUE_FLAG,
                      "不適合（選定基準①）: 日本の法令・裁判管轄が適用されません（準拠法・裁判管轄: %s）。承認の前にCISOの例外措置の許可が必要です（ポリシー004 §7-4）",
                      values[FF_LAW]);
        /* 特定個人情報 belongs to the マイナンバー利用事務系, which stays separated from the LGWAN接続系 and the
           インターネット接続系 (ポリシー004 §3(1)①, ガイドライン000) */
        if (values[FF_MYNUMBER] && !strcmp(values[FF_MYNUMBER], "有") && values[FF_NETWORK] &&
            (!strcmp(values[FF_NETWORK], "インターネット接続系") || !strcmp(values[FF_NETWORK], "LGWAN接続系")))
            form_issue_add(out, FF_NETWORK, ISSUE_ERROR,
                           "「特定個人情報の有無」が「有」で「接続するネットワーク」が「%s」です: 特定個人情報を扱う"
                           "システムはマイナンバー利用事務系とし、他の領域とは分離します（ポリシー004 §3(1)①）。"
                           "どちらかを直してください",
                           values[FF_NETWORK]);
        /* a 基本契約 or SLA is what 選定基準 ①–⑪ are agreed in (003 §4(2)); on 約款 alone only a 第三者認証 is left
           to judge the provider's reliability by (004 §8-3(3)⑩) */
        if (!empty(values[FF_CONTRACT]) && !strcmp(values[FF_CONTRACT], "約款") && empty(values[FF_CERTS]))
            form_issue_add(out, FF_CONTRACT, ISSUE_FLAG,
                           "要確認: 約款のみの契約で第三者認証がありません（選定基準を基本契約・SLAで定められず（規定003 §4(2)）、"
                           "信頼性を認証で評価することもできません（ポリシー004 §8-3(3)⑩））");
        if (values[FF_MYNUMBER] && !strcmp(values[FF_MYNUMBER], "有") && empty(values[FF_PIA]))
            form_issue_add(out, FF_PIA, ISSUE_ERROR,
                           "「特定個人情報の有無」が「有」のときは「PIAの要否・実施状況」を選んでください（003 §4(1)⑤）");
        if (values[FF_MYNUMBER] && !strcmp(values[FF_MYNUMBER], "有") && values[FF_PIA] &&
            !strcmp(values[FF_PIA], "不要"))
            form_issue_add(out, FF_PIA, ISSUE_FLAG, "要確認: 特定個人情報を取り扱うのに「PIAの要否・実施状況」が「不要」です（003 §4(1)⑤）");
    }
}

/* A full-width space (U+3000) at p. */
static bool ideographic_space(const char *p) { return !strncmp(p, "\xE3\x80\x80", 3); }

char *form_normalize_typed(field_type t, const char *value)
{
    if (!value) return strdup("");
    const char *b = value;
    for (;;) {
        if (*b == ' ' || *b == '\t') b++;
        else if (ideographic_space(b)) b += 3;
        else break;
    }
    size_t n = strlen(b);
    for (;;) {
        if (n && (b[n - 1] == ' ' || b[n - 1] == '\t' || (t != FT_LONGTEXT && (b[n - 1] == '\n' || b[n - 1] == '\r'))))
            n--;
        else if (n >= 3 && ideographic_space(b + n - 3)) n -= 3;
        else break;
    }
    char *r = strndup(b, n);
    if (!r) return NULL;
    if (t == FT_INT) {
        /* full-width digits (３００) and thousands separators (1,200, １，２００) */
        char *o = r;
        for (const unsigned char *p = (const unsigned char *)r; *p;) {
            if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
                *o++ = (char)('0' + (p[2] - 0x90));
                p += 3;
            } else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) { /* ， */
                p += 3;
            } else if (*p == ',') {
                p++;
            } else {
                *o++ = (char)*p++;
            }
        }
        *o = 0;
    }
    kdate d;
    if (t == FT_DATE && date_parse(r, &d)) {
        char iso[16];
        date_format(d, iso, sizeof iso);
        free(r);
        r = strdup(iso);
    }
    return r;
}

char *form_normalize(form_field f, const char *value)
{
    return form_normalize_typed(f >= 0 && f < FF_COUNT ? FIELDS[f].type : FT_TEXT, value);
}
