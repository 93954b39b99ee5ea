/* Unit tests for forms/checklist: the shipped 確認事項 templates, errors for broken templates, and the rules for
   answers (適合 / 不適合 / 該当なし; 不適合 is an 例外措置 — ポリシー004 §7-4 — and needs a note). */
#include "forms/checklist.h"

#include <check.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "forms/form.h"

/* Appends s to the string in dst (cap bytes in all), never past its end. */
#define APPEND(dst, cap, s) snprintf((dst) + strlen(dst), (size_t)(cap) - strlen(dst), "%s", (s))

static char TEMPLATES[PATH_MAX];   /* the repository's templates/, found from the working directory */

#define ck_assert_contains(hay, needle) \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "「%s」 does not contain 「%s」", (hay), (needle))

static bool find_templates(void)
{
    const char *tries[] = {"templates", "../templates", "../../templates", "../../../templates"};
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s/index.csv", tries[i]);
        if (access(p, R_OK) == 0 && realpath(tries[i], TEMPLATES)) return true;
    }
    return false;
}

static void use_repo_templates(void) { setenv("KUMO_TEMPLATE_DIR", TEMPLATES, 1); }

/* ---- the shipped templates ---- */

START_TEST(dir_follows_env)
{
    use_repo_templates();
    ck_assert_str_eq(checklist_dir(), TEMPLATES);
    ck_assert_str_eq(checklist_key_for_track(TRACK_83), "conf2");
    ck_assert_str_eq(checklist_key_for_track(TRACK_84), "conf1");
    ck_assert_ptr_null(checklist_key_for_track(TRACK_NONE));
    ck_assert_ptr_null(checklist_key_for_track(TRACK_REFUSED));
}
END_TEST

static const char *const KEYS[] = {"conf2", "conf1", "build", "operate", "retire"};

START_TEST(load_each_shipped_template)
{
    use_repo_templates();
    const char *key = KEYS[_i];
    ck_template t;
    char err[512] = "";
    int rc = checklist_load(key, &t, err, sizeof err);
    ck_assert_msg(rc == 0, "%s: %s", key, err);
    ck_assert_str_eq(t.key, key);
    ck_assert_str_ne(t.name, "");
    ck_assert_str_ne(t.version, "");
    ck_assert_uint_gt(t.n, 0);
    for (size_t i = 0; i < t.n; i++) {
        ck_assert_str_ne(t.items[i].code, "");
        ck_assert_str_ne(t.items[i].text, "");
        ck_assert_ptr_nonnull(t.items[i].section);
        /* codes are unique within a template: answers are matched by code when the snapshot changes */
        for (size_t j = 0; j < i; j++) ck_assert_str_ne(t.items[i].code, t.items[j].code);
    }
    checklist_clear(&t);
    ck_assert_ptr_null(t.items);
    ck_assert_uint_eq(t.n, 0);
}
END_TEST

static bool has_code(const ck_template *t, const char *code)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->items[i].code, code)) return true;
    return false;
}

/* 機密性2以上: 003 §4(1) 利用判断基準 ①②, the six risks of ③, ④⑤⑥; §4(2) 提供者選定基準 ①–⑪; §4(3) ①②. */
START_TEST(conf2_covers_003_section_4)
{
    use_repo_templates();
    ck_template t;
    char err[512];
    ck_assert_msg(checklist_load("conf2", &t, err, sizeof err) == 0, "%s", err);
    const char *want[] = {"4(1)-1",  "4(1)-2",  "4(1)-3a", "4(1)-3b", "4(1)-3c", "4(1)-3d", "4(1)-3e",
                          "4(1)-3f", "4(1)-4",  "4(1)-5",  "4(1)-6",  "4(2)-1",  "4(2)-2",  "4(2)-3",
                          "4(2)-4",  "4(2)-5",  "4(2)-6",  "4(2)-7",  "4(2)-8",  "4(2)-9",  "4(2)-10",
                          "4(2)-11", "4(3)-1",  "4(3)-2"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ck_assert_msg(has_code(&t, want[i]), "conf2 lacks %s", want[i]);
    ck_assert_str_eq(t.items[0].code, "4(1)-1");   /* in the regulation's order */
    ck_assert_str_eq(t.items[0].section, "利用判断基準");
    checklist_clear(&t);
}
END_TEST

/* 機密性1: the §8-4(2)① check (約款・提供条件のリスクを許容できる). */
START_TEST(conf1_has_8_4_check)
{
    use_repo_templates();
    ck_template t;
    char err[512];
    ck_assert_msg(checklist_load("conf1", &t, err, sizeof err) == 0, "%s", err);
    ck_assert(has_code(&t, "8-4(2)-1"));
    ck_assert(!has_code(&t, "4(2)-1"));
    checklist_clear(&t);
}
END_TEST

static const ck_item *item(const ck_template *t, const char *code)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->items[i].code, code)) return &t->items[i];
    ck_abort_msg("%s lacks %s", t->key, code);
    return NULL;
}

/* The shipped 機密性2以上 template carries its rules as data: 規定003 §4(1)③'s six risks need their 低減策 written,
   §4(1)⑥ admits 適合 only, §4(2)① 適合 contradicts data stored abroad or under foreign law */
START_TEST(conf2_rules_003_4_1_3_and_4_1_6_and_4_2_1)
{
    use_repo_templates();
    ck_template t;
    char err[512];
    ck_assert_msg(checklist_load("conf2", &t, err, sizeof err) == 0, "%s", err);
    const char *risks[] = {"4(1)-3a", "4(1)-3b", "4(1)-3c", "4(1)-3d", "4(1)-3e", "4(1)-3f"};
    for (size_t i = 0; i < 6; i++) ck_assert_msg(item(&t, risks[i])->note_required, "%s", risks[i]);
    ck_assert(!item(&t, "4(1)-1")->note_required);
    ck_assert_str_eq(item(&t, "4(1)-6")->answers, "適合");
    ck_assert_str_eq(item(&t, "4(1)-1")->answers, "");
    ck_assert_contains(item(&t, "4(2)-1")->conflicts, "データの保存場所=国外|不明");
    /* every item whose text asks for something to be written into the 確認内容 is marked so */
    for (size_t i = 0; i < t.n; i++)
        if (strstr(t.items[i].text, "確認内容に記入") || strstr(t.items[i].text, "を記入"))
            ck_assert_msg(t.items[i].note_required, "%s asks for a note but is not note_required", t.items[i].code);
    checklist_clear(&t);
}
END_TEST

/* ポリシー004 §8-3(3)②(エ) 資本関係・役員・国籍・専門性, ⑤(ア) 監査の受入れ, ⑦ 再委託, ⑧ 国際規格と同等以上, and
   §2(2)①(エ) 全複製の削除 are items of the 機密性2以上 template, in a version after 2026.1 */
START_TEST(conf2_has_004_selection_conditions_8_3_3_and_2_2_1)
{
    use_repo_templates();
    ck_template t;
    char err[512];
    ck_assert_msg(checklist_load("conf2", &t, err, sizeof err) == 0, "%s", err);
    ck_assert_str_ne(t.version, "2026.1");
    ck_assert_contains(item(&t, "8-3(3)-2d")->text, "国籍");
    ck_assert_contains(item(&t, "8-3(3)-2d")->text, "資本関係");
    ck_assert_contains(item(&t, "8-3(3)-5a")->text, "監査の受入れ");
    ck_assert_contains(item(&t, "8-3(3)-7")->text, "再委託");
    ck_assert_contains(item(&t, "8-3(3)-8")->text, "国際規格");
    ck_assert_contains(item(&t, "2(2)-1d")->text, "全ての複製");
    checklist_clear(&t);
}
END_TEST

/* ポリシー004 §8-3(7)①(ケ) 設計・設定変更時の情報や変更履歴の管理, in the 運用・保守時 checklist */
START_TEST(operate_has_change_history_8_3_7_1)
{
    use_repo_templates();
    ck_template t;
    char err[512];
    ck_assert_msg(checklist_load("operate", &t, err, sizeof err) == 0, "%s", err);
    ck_assert_str_ne(t.version, "2026.1");
    ck_assert_contains(item(&t, "8-3(7)-1i")->text, "変更履歴");
    checklist_clear(&t);
}
END_TEST

/* The phase checklists (別紙「クラウドサービス利用におけるチェックリスト」) carry every group of 規定003 §4(5)–(7):
   導入・構築時 ①アクセス制御 ②暗号化 ③設計・設定及び開発; 運用・保守時 ①–⑨; 更改・廃棄時 ①利用終了時 ②情報の廃棄
   ③アカウントの廃棄 — and ポリシー004's additions: §8-3(6)①(オ)②③ at the build, §8-3(7)①(ケ) in operation. */
START_TEST(phase_checklists_cover_003_4_5_to_4_7)
{
    use_repo_templates();
    static const struct { const char *key; const char *codes[32]; } WANT[] = {
        {"build", {"4(5)-1a", "4(5)-1b", "4(5)-1c", "4(5)-1d", "4(5)-1e", "4(5)-1f", "4(5)-2a", "4(5)-3a", "4(5)-3b",
                   "4(5)-3c", "4(5)-3d", "4(5)-3e", "4(5)-3f", "4(5)-3g", "4(5)-3h", "8-3(6)-1e", "8-3(6)-2",
                   "8-3(6)-3a", "8-3(6)-3b", "8-3(6)-3c", NULL}},
        {"operate", {"4(6)-1a", "4(6)-1b", "4(6)-1c", "4(6)-2a", "4(6)-2b", "4(6)-2c", "4(6)-3a", "4(6)-3b", "4(6)-4a",
                     "4(6)-4b", "4(6)-4c", "4(6)-4d", "4(6)-5a", "4(6)-5b", "4(6)-6a", "4(6)-7a", "4(6)-7b",
                     "4(6)-7c", "4(6)-8a", "4(6)-8b", "4(6)-8c", "4(6)-8d", "4(6)-9a", "8-3(7)-1i", NULL}},
        {"retire", {"4(7)-1a", "4(7)-1b", "4(7)-2a", "4(7)-3a", "4(7)-3b", "4(7)-3c", NULL}},
    };
    for (size_t k = 0; k < sizeof WANT / sizeof WANT[0]; k++) {
        ck_template t;
        char err[512];
        ck_assert_msg(checklist_load(WANT[k].key, &t, err, sizeof err) == 0, "%s", err);
        for (size_t i = 0; WANT[k].codes[i]; i++)
            ck_assert_msg(has_code(&t, WANT[k].codes[i]), "%s lacks %s", WANT[k].key, WANT[k].codes[i]);
        checklist_clear(&t);
    }
}
END_TEST

/* 規定003 §4(7)③: an account item answered 削除している 適合 contradicts the 終了連絡's 削除予定 */
START_TEST(retire_conflicts_with_accounts_003_4_7_3)
{
    use_repo_templates();
    ck_template t;
    char err[512];
    ck_assert_msg(checklist_load("retire", &t, err, sizeof err) == 0, "%s", err);
    ck_assert_str_eq(item(&t, "4(7)-3a")->conflicts, "利用者アカウントの削除=削除予定");
    ck_assert_str_eq(item(&t, "4(7)-3b")->conflicts, "特権アカウントの削除=削除予定");
    ck_assert_str_eq(item(&t, "4(7)-3c")->conflicts, "特殊アカウントと資格情報=削除予定");
    checklist_clear(&t);
}
END_TEST

START_TEST(unknown_key_refused)
{
    use_repo_templates();
    ck_template t;
    char err[512] = "";
    ck_assert_int_eq(checklist_load("nosuch", &t, err, sizeof err), -1);
    ck_assert_contains(err, "nosuch");
    ck_assert_contains(err, "index.csv");
}
END_TEST

/* ---- broken templates in a temporary folder ---- */

static char tmpdir[PATH_MAX];

static void write_file(const char *name, const char *text)
{
    char p[PATH_MAX + 64];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void tmp_setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/kumo-ck-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    setenv("KUMO_TEMPLATE_DIR", tmpdir, 1);
}

static void tmp_teardown(void)
{
    const char *names[] = {"index.csv", "items.csv", "bad.csv"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[PATH_MAX + 64];
        snprintf(p, sizeof p, "%s/%s", tmpdir, names[i]);
        unlink(p);
    }
    rmdir(tmpdir);
}

static const char GOOD_INDEX[] = "key,name,version,file\nconf2,テスト用確認事項,9.9,items.csv\n";

START_TEST(tmp_good_template_with_bom_and_quotes)
{
    /* a UTF-8 BOM (as Excel's 「CSV UTF-8」 writes), a quoted comma and a quoted line break */
    write_file("index.csv", "\xEF\xBB\xBFkey,name,version,file\r\nconf2,テスト用確認事項,9.9,items.csv\r\n");
    write_file("items.csv", "\xEF\xBB\xBF" "code,section,text,required\r\n"
                            "1,基準,\"目的を明確にしている（①、②）\",1\r\n"
                            "2,基準,\"一行目\n二行目\",0\r\n");
    ck_template t;
    char err[512] = "";
    ck_assert_msg(checklist_load("conf2", &t, err, sizeof err) == 0, "%s", err);
    ck_assert_str_eq(t.name, "テスト用確認事項");
    ck_assert_str_eq(t.version, "9.9");
    ck_assert_uint_eq(t.n, 2);
    ck_assert_str_eq(t.items[0].code, "1");
    ck_assert_str_eq(t.items[0].text, "目的を明確にしている（①、②）");
    ck_assert(t.items[0].required);
    ck_assert_str_eq(t.items[1].text, "一行目\n二行目");
    ck_assert(!t.items[1].required);
    checklist_clear(&t);
}
END_TEST

START_TEST(tmp_unterminated_quote_names_file)
{
    write_file("index.csv", "key,name,version,file\nconf2,壊れた確認事項,1,bad.csv\n");
    write_file("bad.csv", "code,section,text,required\n1,基準,\"閉じていない引用符,1\n2,基準,普通の行,1\n");
    ck_template t;
    char err[512] = "";
    ck_assert_int_eq(checklist_load("conf2", &t, err, sizeof err), -1);
    ck_assert_contains(err, "bad.csv");
    ck_assert_ptr_null(t.items);
}
END_TEST

START_TEST(tmp_stray_quote_names_file)
{
    write_file("index.csv", GOOD_INDEX);
    write_file("items.csv", "code,section,text,required\n1,基準,途中に\"引用符\"がある,1\n");
    ck_template t;
    char err[512] = "";
    ck_assert_int_eq(checklist_load("conf2", &t, err, sizeof err), -1);
    ck_assert_contains(err, "items.csv");
}
END_TEST

START_TEST(tmp_items_missing_header_names_file)
{
    write_file("index.csv", GOOD_INDEX);
    /* the header row was deleted: the first item is taken as the header and has no code/text columns */
    write_file("items.csv", "1,基準,目的を明確にしている,1\n2,基準,業務範囲を明確にしている,1\n");
    ck_template t;
    char err[512] = "";
    ck_assert_int_eq(checklist_load("conf2", &t, err, sizeof err), -1);
    ck_assert_contains(err, "items.csv");
    ck_assert_contains(err, "code");
}
END_TEST

START_TEST(tmp_index_missing_header_names_file)
{
    write_file("index.csv", "conf2,テスト用確認事項,9.9,items.csv\n");
    write_file("items.csv", "code,section,text,required\n1,基準,目的,1\n");
    ck_template t;
    char err[512] = "";
    ck_assert_int_eq(checklist_load("conf2", &t, err, sizeof err), -1);
    ck_assert_contains(err, "index.csv");
}
END_TEST

START_TEST(tmp_missing_files_named)
{
    ck_template t;
    char err[512] = "";
    ck_assert_int_eq(checklist_load("conf2", &t, err, sizeof err), -1);   /* no index.csv at all */
    ck_assert_contains(err, "index.csv");
    write_file("index.csv", GOOD_INDEX);                                  /* index names a missing file */
    err[0] = 0;
    ck_assert_int_eq(checklist_load("conf2", &t, err, sizeof err), -1);
    ck_assert_contains(err, "items.csv");
}
END_TEST

START_TEST(tmp_row_without_text_names_line)
{
    write_file("index.csv", GOOD_INDEX);
    write_file("items.csv", "code,section,text,required\n1,基準,目的,1\n2,基準,,1\n");
    ck_template t;
    char err[512] = "";
    ck_assert_int_eq(checklist_load("conf2", &t, err, sizeof err), -1);
    ck_assert_contains(err, "items.csv");
    ck_assert_contains(err, "3 行目");
}
END_TEST

START_TEST(tmp_invalid_utf8_refused)
{
    write_file("index.csv", GOOD_INDEX);
    /* 目的 saved as CP932 (96 DA 93 49) by mistake */
    write_file("items.csv", "code,section,text,required\n1,基準,\x96\xDA\x93\x49,1\n");
    ck_template t;
    char err[512] = "";
    ck_assert_int_eq(checklist_load("conf2", &t, err, sizeof err), -1);
    ck_assert_contains(err, "items.csv");
    ck_assert_contains(err, "UTF-8");
}
END_TEST

/* The rules' columns are optional: a template without them loads with no rules; with them they are read, and a
   value the loader cannot use is refused naming the file and the line */
START_TEST(tmp_rule_columns)
{
    write_file("index.csv", GOOD_INDEX);
    write_file("items.csv", "code,section,text,required,note_required,answers,conflicts\n"
                            "1,基準,低減策（確認内容に記入）,1,1,,\n"
                            "2,基準,3Aを扱わない,1,,適合,\n"
                            "3,基準,国内に保存,1,0,適合|不適合,データの保存場所=国外|不明\n");
    ck_template t;
    char err[512] = "";
    ck_assert_msg(checklist_load("conf2", &t, err, sizeof err) == 0, "%s", err);
    ck_assert(t.items[0].note_required);
    ck_assert(!t.items[1].note_required);
    ck_assert_str_eq(t.items[1].answers, "適合");
    ck_assert_str_eq(t.items[2].answers, "適合|不適合");
    ck_assert_str_eq(t.items[2].conflicts, "データの保存場所=国外|不明");
    /* an answer made from the item carries its rules */
    ck_answer a;
    ck_assert(checklist_answer_from(&a, 1, &t.items[2], NULL));
    ck_assert_str_eq(a.answers, "適合|不適合");
    ck_assert_str_eq(a.conflicts, "データの保存場所=国外|不明");
    checklist_answer_clear(&a);
    checklist_clear(&t);

    write_file("items.csv", "code,section,text,required\n1,基準,目的,1\n");
    ck_assert_msg(checklist_load("conf2", &t, err, sizeof err) == 0, "%s", err);
    ck_assert(!t.items[0].note_required);
    ck_assert_str_eq(t.items[0].answers, "");
    ck_assert_str_eq(t.items[0].conflicts, "");
    checklist_clear(&t);

    const char *bad[] = {"1,基準,目的,1,,はい,\n", "1,基準,目的,1,,,保存場所\n", "1,基準,目的,1,2,,\n"};
    const char *why[] = {"answers", "conflicts", "note_required"};
    for (size_t i = 0; i < 3; i++) {
        char text[256];
        snprintf(text, sizeof text, "code,section,text,required,note_required,answers,conflicts\n%s", bad[i]);
        write_file("items.csv", text);
        err[0] = 0;
        ck_assert_int_eq(checklist_load("conf2", &t, err, sizeof err), -1);
        ck_assert_contains(err, "items.csv");
        ck_assert_contains(err, "2 行目");
        ck_assert_contains(err, why[i]);
    }
    char version[32];
    write_file("index.csv", GOOD_INDEX);
    ck_assert(checklist_current_version("conf2", version, sizeof version, err, sizeof err));
    ck_assert_str_eq(version, "9.9");
    ck_assert(!checklist_current_version("nosuch", version, sizeof version, err, sizeof err));
}
END_TEST

START_TEST(tmp_file_outside_folder_refused)
{
    write_file("index.csv", "key,name,version,file\nconf2,外を指す,1,../etc/passwd\n");
    ck_template t;
    char err[512] = "";
    ck_assert_int_eq(checklist_load("conf2", &t, err, sizeof err), -1);
    ck_assert_contains(err, "index.csv");
}
END_TEST

/* ---- answers ---- */

static ck_answer ans(const char *code, bool required, const char *answer, const char *note, const char *reason)
{
    return (ck_answer){.no = 1, .code = (char *)code, .section = "基準", .text = "本文", .required = required,
                       .answer = (char *)answer, .note = (char *)note, .reason = (char *)reason};
}

START_TEST(answer_required_unanswered_refused)
{
    char buf[320];
    ck_answer a = ans("4(2)-1", true, "", "", "");
    const char *m = checklist_check_answer(&a, buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "4(2)-1");
    ck_assert_contains(m, "未回答");
    a.answer = NULL;
    ck_assert_ptr_nonnull(checklist_check_answer(&a, buf, sizeof buf));
    /* an optional item may stay unanswered */
    a = ans("9", false, "", "", "");
    ck_assert_ptr_null(checklist_check_answer(&a, buf, sizeof buf));
}
END_TEST

START_TEST(answer_plain_answers_accepted)
{
    char buf[320];
    ck_answer a = ans("4(1)-1", true, "適合", "", "");
    ck_assert_ptr_null(checklist_check_answer(&a, buf, sizeof buf));
    a.note = "契約書で確認済み";
    ck_assert_ptr_null(checklist_check_answer(&a, buf, sizeof buf));
    a.answer = "該当なし";
    ck_assert_ptr_null(checklist_check_answer(&a, buf, sizeof buf));
}
END_TEST

/* 該当なし is a judgement: the reason it does not apply is written (an empty 該当なし is a rubber stamp) */
START_TEST(answer_not_applicable_needs_reason)
{
    char buf[640];
    ck_answer a = ans("4(1)-5", true, "該当なし", "", "");
    const char *m = checklist_check_answer(&a, buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "4(1)-5");
    ck_assert_contains(m, "該当しない理由");
    a.note = NULL;
    ck_assert_ptr_nonnull(checklist_check_answer(&a, buf, sizeof buf));
    a.note = "個人情報を取り扱わないため";
    ck_assert_ptr_null(checklist_check_answer(&a, buf, sizeof buf));
}
END_TEST

/* 規定003 §4(1)③: the six risks are answered with their 低減策 「低減策を確認内容に記入」 — an item marked
   note_required needs its 確認内容 whatever the answer, and the message says what the item asks for */
START_TEST(answer_note_required_003_4_1_3)
{
    char buf[640];
    ck_answer a = ans("4(1)-3a", true, "適合", "", "");
    a.text = "③情報の適正な取扱いの確認が容易でないことのリスクに対する低減策を検討している（低減策を確認内容に記入）";
    ck_assert_ptr_null(checklist_check_answer(&a, buf, sizeof buf));   /* not marked: an ordinary item */
    a.note_required = true;
    const char *m = checklist_check_answer(&a, buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "4(1)-3a");
    ck_assert_contains(m, "（低減策を確認内容に記入）");
    a.answer = "該当なし";
    ck_assert_ptr_nonnull(checklist_check_answer(&a, buf, sizeof buf));
    a.answer = "適合";
    a.note = "取扱状況を四半期ごとの報告書で確認する";
    ck_assert_ptr_null(checklist_check_answer(&a, buf, sizeof buf));
}
END_TEST

/* 規定003 §4(1)⑥: 機密性3A is never handled in a cloud service, so its item admits 適合 only */
START_TEST(answer_only_admitted_003_4_1_6)
{
    char buf[640];
    ck_answer a = ans("4(1)-6", true, "不適合", "3Aの情報を含む", "例外措置");
    a.answers = "適合";
    ck_assert(checklist_answer_allowed(&a, "適合"));
    ck_assert(checklist_answer_allowed(&a, ""));
    ck_assert(!checklist_answer_allowed(&a, "不適合"));
    ck_assert(!checklist_answer_allowed(&a, "該当なし"));
    ck_assert(!checklist_answer_allowed(&a, "適"));   /* a prefix is not an answer */
    const char *m = checklist_check_answer(&a, buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "4(1)-6");
    ck_assert_contains(m, "「適合」のみ");
    a.answer = "該当なし";
    ck_assert_ptr_nonnull(checklist_check_answer(&a, buf, sizeof buf));
    a.answer = "適合";
    ck_assert_ptr_null(checklist_check_answer(&a, buf, sizeof buf));
    a.answers = "適合|該当なし";
    ck_assert(checklist_answer_allowed(&a, "該当なし"));
    ck_assert(!checklist_answer_allowed(&a, "不適合"));
}
END_TEST

static const char *fake_form(const char *label, void *ctx)
{
    const char *const *kv = ctx;
    for (; kv[0]; kv += 2)
        if (!strcmp(kv[0], label)) return kv[1];
    return NULL;
}

/* 規定003 §4(2)①: 4(2)-1 適合 (data kept in Japan) while the 申請書 says データの保存場所 国外 or 不明 is a
   contradiction; the message names the item and the field with its value */
START_TEST(conflict_names_both_places_003_4_2_1)
{
    char buf[640];
    const char *form[] = {"データの保存場所", "国外", "準拠法・裁判管轄", "日本法・日本の裁判所", NULL, NULL};
    ck_answer a = ans("4(2)-1", true, "適合", "", "");
    a.conflicts = "データの保存場所=国外|不明;準拠法・裁判管轄=外国法又は外国の裁判所|不明";
    const char *m = checklist_check_conflict(&a, fake_form, form, "申請書", buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "4(2)-1");
    ck_assert_contains(m, "申請書の「データの保存場所」は「国外」");
    form[1] = "不明";
    ck_assert_ptr_nonnull(checklist_check_conflict(&a, fake_form, form, "申請書", buf, sizeof buf));
    form[1] = "国内";
    ck_assert_ptr_null(checklist_check_conflict(&a, fake_form, form, "申請書", buf, sizeof buf));
    form[3] = "不明";   /* the second clause */
    m = checklist_check_conflict(&a, fake_form, form, "申請書", buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "「準拠法・裁判管轄」は「不明」");
    /* 不適合 says the same as the form: no contradiction */
    a.answer = "不適合";
    ck_assert_ptr_null(checklist_check_conflict(&a, fake_form, form, "申請書", buf, sizeof buf));
    /* a value that only begins like a listed one is not it */
    a.answer = "適合";
    form[1] = "国";
    form[3] = "日本法・日本の裁判所";
    ck_assert_ptr_null(checklist_check_conflict(&a, fake_form, form, "申請書", buf, sizeof buf));
    /* an empty field contradicts nothing */
    form[1] = "";
    ck_assert_ptr_null(checklist_check_conflict(&a, fake_form, form, "申請書", buf, sizeof buf));
    /* a label the form does not have is the template's error, named */
    a.conflicts = "保管場所=国外";
    m = checklist_check_conflict(&a, fake_form, form, "申請書", buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "保管場所");
}
END_TEST

START_TEST(conflicts_syntax)
{
    ck_assert(checklist_conflicts_valid(""));
    ck_assert(checklist_conflicts_valid(NULL));
    ck_assert(checklist_conflicts_valid("データの保存場所=国外"));
    ck_assert(checklist_conflicts_valid("a=b|c;d=e"));
    ck_assert(!checklist_conflicts_valid("データの保存場所"));
    ck_assert(!checklist_conflicts_valid("=国外"));
    ck_assert(!checklist_conflicts_valid("データの保存場所="));
    ck_assert(!checklist_conflicts_valid("a=b;"));
}
END_TEST

START_TEST(answer_unknown_refused)
{
    char buf[320];
    const char *bad[] = {"はい", "OK", "適合 ", "不適", "ok"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_answer a = ans("4(1)-2", true, bad[i], "", "");
        const char *m = checklist_check_answer(&a, buf, sizeof buf);
        ck_assert_msg(m != NULL, "answer 「%s」 accepted", bad[i]);
        ck_assert_contains(m, "4(1)-2");
    }
}
END_TEST

/* 不適合 is an 例外措置 (004 §7-4), the one kind the policy knows, and needs the 確認内容・対策 text; 「リスク受容」 is
   not a reason the policy knows. */
START_TEST(answer_nonconformity_needs_reason_and_note_004_7_4)
{
    char buf[320];
    ck_answer a = ans("4(2)-1", true, "不適合", "", "");
    const char *m = checklist_check_answer(&a, buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "4(2)-1");
    ck_assert_contains(m, "§7-4");
    ck_assert_contains(m, "確認内容・対策");
    a = ans("4(2)-1", true, "不適合", "", "例外措置");              /* reason, no note */
    ck_assert_ptr_nonnull(checklist_check_answer(&a, buf, sizeof buf));
    a = ans("4(2)-1", true, "不適合", "海外リージョンのみ", "その他");   /* not a reason the policy knows */
    ck_assert_ptr_nonnull(checklist_check_answer(&a, buf, sizeof buf));
    a = ans("4(2)-1", true, "不適合", "海外リージョンのみ。機密情報を置かない運用でリスクを受容する", "リスク受容");
    m = checklist_check_answer(&a, buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "ポリシーにない区分");
    /* the note makes it complete; the reason is implied (例外措置) or says so */
    a = ans("4(2)-1", true, "不適合", "海外リージョンのみ", "");
    ck_assert_ptr_null(checklist_check_answer(&a, buf, sizeof buf));
    a = ans("4(2)-1", true, "不適合", "海外リージョンのみ", NULL);
    ck_assert_ptr_null(checklist_check_answer(&a, buf, sizeof buf));
    a = ans("4(2)-1", true, "不適合", "例外措置の許可を得る", "例外措置");
    ck_assert_ptr_null(checklist_check_answer(&a, buf, sizeof buf));
    /* the reason an answer is stored with, and how an old one is shown */
    ck_assert_str_eq(checklist_reason_for("不適合"), "例外措置");
    ck_assert_str_eq(checklist_reason_for("適合"), "");
    ck_assert_str_eq(checklist_reason_for(NULL), "");
    ck_assert_contains(checklist_reason_label("リスク受容"), "旧区分");
    ck_assert_str_eq(checklist_reason_label("例外措置"), "例外措置");
    ck_assert_str_eq(checklist_reason_label(NULL), "");
}
END_TEST

START_TEST(answer_note_length_in_characters)
{
    char *note = malloc(401 * 3 + 1);
    note[0] = 0;
    for (int i = 0; i < 400; i++) APPEND(note, 401 * 3 + 1, "策");
    char buf[320];
    ck_answer a = ans("4(1)-3a", true, "適合", note, "");
    ck_assert_ptr_null(checklist_check_answer(&a, buf, sizeof buf));
    APPEND(note, 401 * 3 + 1, "策");
    const char *m = checklist_check_answer(&a, buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "400文字");
    free(note);
}
END_TEST

/* An item of a template becomes an answer: numbered, its texts copied, unanswered or with the given answer */
START_TEST(answer_from_item_copies_texts_and_given_answer)
{
    ck_item it = {.code = "4(2)-1", .section = "提供者選定基準", .text = "データの保存場所が国内であること", .required = true};
    ck_answer a;
    ck_assert(checklist_answer_from(&a, 7, &it, NULL));
    ck_assert_int_eq(a.no, 7);
    ck_assert_str_eq(a.code, "4(2)-1");
    ck_assert_str_eq(a.section, "提供者選定基準");
    ck_assert_str_eq(a.text, "データの保存場所が国内であること");
    ck_assert(a.required);
    ck_assert_str_eq(a.answer, "");
    ck_assert_str_eq(a.note, "");
    ck_assert_str_eq(a.reason, "");
    checklist_answer_clear(&a);
    /* a 不適合 carries its one reason, 例外措置 (004 §7-4), whatever the given answer said (an old リスク受容) */
    ck_answer given = {.answer = "不適合", .note = "国外リージョンのみ", .reason = "リスク受容"};
    ck_assert(checklist_answer_from(&a, 1, &it, &given));
    ck_assert_str_eq(a.answer, "不適合");
    ck_assert_str_eq(a.note, "国外リージョンのみ");
    ck_assert_str_eq(a.reason, "例外措置");
    checklist_answer_clear(&a);
    given = (ck_answer){.answer = "適合", .note = "確認済", .reason = "例外措置"};
    ck_assert(checklist_answer_from(&a, 1, &it, &given));
    ck_assert_str_eq(a.reason, "");
    ck_assert(a.answer != given.answer);   /* a copy the answer owns */
    checklist_answer_clear(&a);
}
END_TEST

START_TEST(progress_counts)
{
    ck_answer v[] = {
        ans("1", true, "", "", ""),                   /* required, unanswered */
        ans("2", false, "", "", ""),                  /* optional, unanswered */
        ans("3", true, "適合", "", ""),
        ans("4", true, "不適合", "理由", "リスク受容"),
        ans("5", true, "該当なし", "", ""),
        ans("6", true, NULL, NULL, NULL),             /* required, unanswered (NULL) */
        ans("7", false, "不適合", "理由", "例外措置"),
    };
    size_t answered = 99, missing = 99, nonconf = 99;
    checklist_progress(v, 7, &answered, &missing, &nonconf);
    ck_assert_uint_eq(answered, 4);   /* 3, 4, 5, 7 */
    ck_assert_uint_eq(missing, 2);    /* 1, 6 */
    ck_assert_uint_eq(nonconf, 2);    /* 4, 7 */
    checklist_progress(v, 0, &answered, &missing, &nonconf);
    ck_assert_uint_eq(answered, 0);
    ck_assert_uint_eq(missing, 0);
    ck_assert_uint_eq(nonconf, 0);
    checklist_progress(v, 7, NULL, &missing, NULL);   /* unwanted counts may be NULL */
    ck_assert_uint_eq(missing, 2);
}
END_TEST

static Suite *checklist_suite(void)
{
    Suite *s = suite_create("checklist");
    TCase *tc = tcase_create("shipped");
    tcase_add_test(tc, dir_follows_env);
    tcase_add_loop_test(tc, load_each_shipped_template, 0, (int)(sizeof KEYS / sizeof KEYS[0]));
    tcase_add_test(tc, conf2_covers_003_section_4);
    tcase_add_test(tc, conf1_has_8_4_check);
    tcase_add_test(tc, unknown_key_refused);
    tcase_add_test(tc, conf2_rules_003_4_1_3_and_4_1_6_and_4_2_1);
    tcase_add_test(tc, conf2_has_004_selection_conditions_8_3_3_and_2_2_1);
    tcase_add_test(tc, operate_has_change_history_8_3_7_1);
    tcase_add_test(tc, retire_conflicts_with_accounts_003_4_7_3);
    tcase_add_test(tc, phase_checklists_cover_003_4_5_to_4_7);
    suite_add_tcase(s, tc);

    tc = tcase_create("broken");
    tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
    tcase_add_test(tc, tmp_good_template_with_bom_and_quotes);
    tcase_add_test(tc, tmp_unterminated_quote_names_file);
    tcase_add_test(tc, tmp_stray_quote_names_file);
    tcase_add_test(tc, tmp_items_missing_header_names_file);
    tcase_add_test(tc, tmp_index_missing_header_names_file);
    tcase_add_test(tc, tmp_missing_files_named);
    tcase_add_test(tc, tmp_row_without_text_names_line);
    tcase_add_test(tc, tmp_invalid_utf8_refused);
    tcase_add_test(tc, tmp_file_outside_folder_refused);
    tcase_add_test(tc, tmp_rule_columns);
    suite_add_tcase(s, tc);

    tc = tcase_create("answers");
    tcase_add_test(tc, answer_required_unanswered_refused);
    tcase_add_test(tc, answer_plain_answers_accepted);
    tcase_add_test(tc, answer_unknown_refused);
    tcase_add_test(tc, answer_not_applicable_needs_reason);
    tcase_add_test(tc, answer_note_required_003_4_1_3);
    tcase_add_test(tc, answer_only_admitted_003_4_1_6);
    tcase_add_test(tc, conflict_names_both_places_003_4_2_1);
    tcase_add_test(tc, conflicts_syntax);
    tcase_add_test(tc, answer_nonconformity_needs_reason_and_note_004_7_4);
    tcase_add_test(tc, answer_note_length_in_characters);
    tcase_add_test(tc, progress_counts);
    tcase_add_test(tc, answer_from_item_copies_texts_and_given_answer);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8")) {
        fprintf(stderr, "test_checklist: the C.UTF-8 locale is not available\n");
        return 1;
    }
    if (!find_templates()) {
        fprintf(stderr, "test_checklist: templates/index.csv not found (run from the repository root)\n");
        return 1;
    }
    SRunner *sr = srunner_create(checklist_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
