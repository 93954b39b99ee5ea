/* Unit tests for forms/answers_file: checklist answers given item by item in a CSV file (code,answer,note), the
   input of the headless steps (`kumo build-check --answers F`; 規定003 §4(5), ポリシー004 §8-3(6)④: the 導入・構築時
   確認 is recorded item by item, not as a blanket 全項目適合). Every malformed file is refused naming its line. */
#include "forms/answers_file.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ck_assert_contains(hay, needle) \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "「%s」 does not contain 「%s」", (hay), (needle))

static int parse(const char *text, ck_answer **v, size_t *n, char *err, size_t errsz)
{
    return answers_file_parse(text, strlen(text), v, n, err, errsz);
}

START_TEST(reads_items_in_order_with_notes)
{
    ck_answer *v = NULL;
    size_t n = 0;
    char err[512] = "";
    const char *text = "code,answer,note\n"
                       "4(5)-1a,適合,ID管理手順書 第2版で確認\n"
                       "4(5)-1f,該当なし,\"直接接続はしない\n（庁内回線のみ）\"\n"
                       "8-3(6)-3a,不適合,\"手順書は来月整備、\"\"暫定運用\"\"で対応\"\n"
                       "4(5)-2a,,\n";
    ck_assert_msg(parse(text, &v, &n, err, sizeof err) == 0, "%s", err);
    ck_assert_uint_eq(n, 4);
    ck_assert_str_eq(v[0].code, "4(5)-1a");
    ck_assert_str_eq(v[0].answer, "適合");
    ck_assert_str_eq(v[0].note, "ID管理手順書 第2版で確認");
    ck_assert_int_eq(v[0].no, 1);
    ck_assert_str_eq(v[1].note, "直接接続はしない\n（庁内回線のみ）");   /* a quoted note keeps its line break */
    ck_assert_str_eq(v[2].answer, "不適合");
    ck_assert_str_eq(v[2].note, "手順書は来月整備、\"暫定運用\"で対応");
    ck_assert_str_eq(v[3].answer, "");                                  /* left unanswered: the domain judges */
    ck_assert_str_eq(v[3].reason, "");
    ck_assert_int_eq(v[3].no, 4);
    checklist_answers_free(&v, n);
}
END_TEST

/* As Excel's 「CSV UTF-8」 saves it: a BOM, CRLF line ends, columns in another order, the note column left out. */
START_TEST(excel_utf8_bom_crlf_any_column_order)
{
    ck_answer *v = NULL;
    size_t n = 0;
    char err[512] = "";
    const char *text = "\xEF\xBB\xBF" "answer,code\r\n適合 , 4(5)-1a\r\n該当なし,4(5)-1f\r\n";
    ck_assert_msg(parse(text, &v, &n, err, sizeof err) == 0, "%s", err);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(v[0].code, "4(5)-1a");
    ck_assert_str_eq(v[0].answer, "適合");   /* spaces around a value typed by hand are dropped */
    ck_assert_str_eq(v[0].note, "");
    ck_assert_str_eq(v[1].answer, "該当なし");
    checklist_answers_free(&v, n);

    /* a line break inside a quoted note saved by Excel (CR LF) is kept as one LF */
    ck_assert(parse("code,answer,note\r\n1,適合,\"一行目\r\n二行目\"\r\n", &v, &n, err, sizeof err) == 0);
    ck_assert_str_eq(v[0].note, "一行目\n二行目");
    checklist_answers_free(&v, n);
}
END_TEST

/* Each malformed file, and the words its message must carry (the line, the column, the rule). */
static const struct {
    const char *text, *want1, *want2;
} BAD[] = {
    {"", "空です", "code,answer,note"},
    {"code,note\n4(5)-1a,x\n", "1 行目", "answer"},
    {"code,answer,reason\n4(5)-1a,不適合,例外措置\n", "列「reason」は使えません", "code,answer,note"},
    {"code,answer,answer\n", "二度あります", "1 行目"},
    {"code,answer,note\n4(5)-1a,OK,\n", "2 行目", "適合・不適合・該当なし"},
    {"code,answer,note\n4(5)-1a,適合,\n,適合,\n", "3 行目", "code"},
    {"code,answer,note\n4(5)-1a,適合,\n4(5)-1a,不適合,後で\n", "3 行目", "2 行目にもあります"},
    {"code,answer,note\n4(5)-1a,適合,a,b\n", "2 行目", "見出しより多く"},
    {"code,answer,note\n4(5)-1a,適合,\"閉じない\n", "2 行目", "閉じられていません"},
    {"code,answer,note\n4(5)-1a,適\"合,x\n", "2 行目", "引用符"},
    {"code,answer,note\n4(5)-1a,適合,\x82\xa0\x82\xa2\n", "2 行目の note", "UTF-8"},   /* CP932 bytes */
    {"code,answer,note\n4(5)-1a,適合,ベル\a\n", "2 行目の note", "制御文字"},
};

START_TEST(malformed_files_refused_naming_the_line)
{
    ck_answer *v = (ck_answer *)1;
    size_t n = 99;
    char err[512] = "";
    ck_assert_int_eq(parse(BAD[_i].text, &v, &n, err, sizeof err), -1);
    ck_assert_ptr_null(v);
    ck_assert_uint_eq(n, 0);
    ck_assert_contains(err, BAD[_i].want1);
    ck_assert_contains(err, BAD[_i].want2);
}
END_TEST

/* What `kumo show NO --answers` and `kumo checklist KEY` print reads back as it was: quotes, commas, line breaks, a
   note a spreadsheet would run as a formula (written with a leading ', read without it), and the item's text */
START_TEST(written_file_reads_back)
{
    ck_answer in[] = {
        {.code = "4(1)-3a", .answer = "適合", .note = "四半期報告で確認、\"運用報告書\"第2版", .text = "③…（低減策を確認内容に記入）"},
        {.code = "4(1)-5", .answer = "該当なし", .note = "=個人情報を扱わない\n（職員の氏名のみ）", .text = "⑤個人情報"},
        {.code = "4(2)-1", .answer = "", .note = "", .text = "-国内"},
    };
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_int_eq(answers_file_write(fp, in, 3), 0);
    fclose(fp);
    ck_assert_msg(!strncmp(buf, "code,answer,note,text\n", 22), "%s", buf);
    ck_assert_contains(buf, "\"'=個人情報");   /* not a formula when a spreadsheet opens it */
    ck_answer *v = NULL;
    size_t n = 0;
    char err[512] = "";
    ck_assert_msg(answers_file_parse(buf, len, &v, &n, err, sizeof err) == 0, "%s", err);
    ck_assert_uint_eq(n, 3);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_str_eq(v[i].code, in[i].code);
        ck_assert_str_eq(v[i].answer, in[i].answer);
        ck_assert_str_eq(v[i].note, in[i].note);
        ck_assert_str_eq(v[i].text, in[i].text);
    }
    checklist_answers_free(&v, n);
    free(buf);
    /* without a text column the text is "" (nothing to compare) */
    ck_assert(parse("code,answer\n1,適合\n", &v, &n, err, sizeof err) == 0);
    ck_assert_str_eq(v[0].text, "");
    checklist_answers_free(&v, n);
}
END_TEST

START_TEST(nul_byte_and_too_many_rows_refused)
{
    ck_answer *v = NULL;
    size_t n = 0;
    char err[512] = "";
    const char nul[] = "code,answer\n4(5)-1a,\0適合\n";
    ck_assert_int_eq(answers_file_parse(nul, sizeof nul - 1, &v, &n, err, sizeof err), -1);
    ck_assert_contains(err, "NUL");

    size_t cap = 64 + (ANSWERS_FILE_MAX_ROWS + 1) * 24;
    char *big = malloc(cap);
    ck_assert_ptr_nonnull(big);
    size_t len = (size_t)snprintf(big, cap, "code,answer\n");
    for (int i = 0; i <= ANSWERS_FILE_MAX_ROWS; i++) len += (size_t)snprintf(big + len, cap - len, "x%d,適合\n", i);
    ck_assert_int_eq(answers_file_parse(big, len, &v, &n, err, sizeof err), -1);
    ck_assert_contains(err, "多すぎます");
    free(big);
}
END_TEST

START_TEST(read_names_the_file)
{
    char dir[] = "/tmp/kumo-answers-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/回答.csv", dir);
    ck_answer *v = NULL;
    size_t n = 0;
    char err[512] = "";
    ck_assert_int_eq(answers_file_read(path, &v, &n, err, sizeof err), -2);
    ck_assert_contains(err, "回答.csv");
    ck_assert_contains(err, "ファイルがありません");

    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs("code,answer,note\n4(5)-1a,適合,確認済\n4(5)-1b,適合,\n", fp);
    fclose(fp);
    ck_assert_msg(answers_file_read(path, &v, &n, err, sizeof err) == 0, "%s", err);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(v[1].code, "4(5)-1b");
    checklist_answers_free(&v, n);

    fp = fopen(path, "w");
    fputs("code,answer\n4(5)-1a,はい\n", fp);
    fclose(fp);
    ck_assert_int_eq(answers_file_read(path, &v, &n, err, sizeof err), -1);
    ck_assert_contains(err, "回答.csv");
    ck_assert_contains(err, "2 行目");
    unlink(path);
    rmdir(dir);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("answers_file");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, reads_items_in_order_with_notes);
    tcase_add_test(tc, excel_utf8_bom_crlf_any_column_order);
    tcase_add_loop_test(tc, malformed_files_refused_naming_the_line, 0, (int)(sizeof BAD / sizeof BAD[0]));
    tcase_add_test(tc, nul_byte_and_too_many_rows_refused);
    tcase_add_test(tc, read_names_the_file);
    tcase_add_test(tc, written_file_reads_back);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
