/* Unit tests for the exchange package (app/exchange/): formula neutralising, CP932 conversion, encoding detection,
   the register's columns and cells, the import report, exports to long paths. */
#include "app/exchange.h"
#include "app/setup.h"
#include "app/internal.h"

#include <check.h>
#include <csv.h>
#include <sqlite3.h>
#include <limits.h>
#include <sys/stat.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "forms/csvrows.h"
#include "forms/text.h"

/* Appends s to the string in dst (cap bytes in all), never past its end. */
#define APPEND(dst, cap, s) snprintf((dst) + strlen(dst), (size_t)(cap) - strlen(dst), "%s", (s))

/* ---- formula injection (SPEC: CSV formula injection, cells beginning with = + - @) ---- */

START_TEST(neutralize_formula_starts)
{
    const char *in[] = {"=1+1", "+81-3-1234", "-2", "@SUM(A1)", "=cmd|' /C calc'!A0"};
    const char *out[] = {"'=1+1", "'+81-3-1234", "'-2", "'@SUM(A1)", "'=cmd|' /C calc'!A0"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        char *n = csv_neutralize(in[i]);
        ck_assert_str_eq(n, out[i]);
        char *back = csv_unneutralize(n);
        ck_assert_str_eq(back, in[i]);
        free(n);
        free(back);
    }
}
END_TEST

START_TEST(neutralize_leaves_ordinary_text)
{
    const char *in[] = {"", "電子申請サービス", "2026-04-01", "a=b", " =1", "'quoted", "＝全角"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        char *n = csv_neutralize(in[i]);
        ck_assert_str_eq(n, in[i]);
        char *back = csv_unneutralize(n);
        ck_assert_str_eq(back, in[i]);
        free(n);
        free(back);
    }
    /* an apostrophe before anything but a formula character is the user's own and stays */
    char *b = csv_unneutralize("'abc");
    ck_assert_str_eq(b, "'abc");
    free(b);
}
END_TEST

/* ---- CP932 (PITFALLS: map 〜 U+301C to U+FF5E; glibc's CP932, not SHIFT_JIS) ---- */

START_TEST(cp932_converts_japanese_and_wave_dash)
{
    size_t n = 0;
    const char *bad = (const char *)1;
    char *r = cp932_from_utf8("部局〜①", &n, &bad);
    ck_assert_ptr_nonnull(r);
    /* 部 95 94, 局 8B C7, 〜 (as ～) 81 60, ① 87 40 */
    const unsigned char want[] = {0x95, 0x94, 0x8B, 0xC7, 0x81, 0x60, 0x87, 0x40};
    ck_assert_uint_eq(n, sizeof want);
    ck_assert(!memcmp(r, want, sizeof want));
    free(r);
    r = cp932_from_utf8("A−B", &n, NULL); /* U+2212 MINUS SIGN → － 81 7C */
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(n, 4);
    ck_assert(!memcmp(r, "A\x81\x7C" "B", 4));
    free(r);
}
END_TEST

/* ¢ £ ¬ ¦ are 2 bytes in UTF-8 and map to 3-byte full-width forms before iconv: the mapped copy grows
   (a buffer sized for the input overflowed here) */
START_TEST(cp932_maps_two_byte_signs_that_grow)
{
    size_t n = 0;
    char *r = cp932_from_utf8("¢£¬¦¢£¬¦¢£¬¦¢£¬¦", &n, NULL);
    ck_assert_ptr_nonnull(r);
    /* ¢ → ￠ 81 91, £ → ￡ 81 92, ¬ → ￢ 81 CA, ¦ → ￤ FA 55 (iconv -f UTF-8 -t CP932) */
    const unsigned char one[] = {0x81, 0x91, 0x81, 0x92, 0x81, 0xCA, 0xFA, 0x55};
    ck_assert_uint_eq(n, 4 * sizeof one);
    for (int i = 0; i < 4; i++) ck_assert(!memcmp(r + i * sizeof one, one, sizeof one));
    free(r);
}
END_TEST

START_TEST(cp932_reports_the_character_it_cannot_convert)
{
    const char *s = "Café du 町";
    const char *bad = NULL;
    size_t n = 0;
    char *r = cp932_from_utf8(s, &n, &bad);
    ck_assert_ptr_null(r);
    ck_assert_ptr_eq(bad, s + 3); /* é */
    s = "〜の後に😀";
    bad = NULL;
    r = cp932_from_utf8(s, &n, &bad);
    ck_assert_ptr_null(r);
    ck_assert_ptr_eq(bad, s + strlen("〜の後に")); /* the mapping of 〜 does not shift the position */
}
END_TEST

/* Every character CP932 cannot hold is reported, in order, not only the first; with replace each becomes 〓 (81 AC)
   and the rest converts. 〜 − ‖ ¢ £ ¬ convert to Microsoft's characters instead of failing. */
typedef struct bad_list {
    uint32_t cp[8];
    size_t off[8];
    int n;
    const char *base;
} bad_list;

static void collect_bad(const char *at, size_t len, uint32_t cp, void *ctx)
{
    bad_list *b = ctx;
    ck_assert_uint_gt(len, 0);
    if (b->n < 8) {
        b->cp[b->n] = cp;
        b->off[b->n++] = (size_t)(at - b->base);
    }
}

START_TEST(cp932_reports_every_character_and_replaces_them)
{
    iconv_t cd = cp932_encoder();
    ck_assert(cd != (iconv_t)-1);
    const char *s = "𠮷野家〜©2026 😀";
    bad_list b = {.base = s};
    size_t n = 0;
    ck_assert_ptr_null(cp932_encode_all(cd, s, &n, false, collect_bad, &b));
    ck_assert_int_eq(b.n, 3);
    ck_assert_uint_eq(b.cp[0], 0x20BB7);
    ck_assert_uint_eq(b.off[0], 0);
    ck_assert_uint_eq(b.cp[1], 0xA9);                                /* © */
    ck_assert_uint_eq(b.off[1], strlen("𠮷野家〜"));
    ck_assert_uint_eq(b.cp[2], 0x1F600);
    ck_assert_uint_eq(b.off[2], strlen("𠮷野家〜©2026 "));
    bad_list r = {.base = s};
    char *out = cp932_encode_all(cd, s, &n, true, collect_bad, &r);
    ck_assert_ptr_nonnull(out);
    ck_assert_int_eq(r.n, 3);                                        /* each replacement is reported too */
    /* 〓 野 家 ～ 〓 2 0 2 6 space 〓 */
    const unsigned char want[] = {0x81, 0xAC, 0x96, 0xEC, 0x89, 0xC6, 0x81, 0x60, 0x81, 0xAC,
                                  '2', '0', '2', '6', ' ', 0x81, 0xAC};
    ck_assert_uint_eq(n, sizeof want);
    ck_assert(!memcmp(out, want, sizeof want));
    free(out);
    /* the known mappings convert: 〜 − ‖ ¢ £ ¬ (PITFALLS: Japanese CSV from Excel) */
    bad_list none = {.base = s};
    out = cp932_encode_all(cd, "〜−‖¢£¬", &n, false, collect_bad, &none);
    ck_assert_ptr_nonnull(out);
    ck_assert_int_eq(none.n, 0);
    const unsigned char mapped[] = {0x81, 0x60, 0x81, 0x7C, 0x81, 0x61, 0x81, 0x91, 0x81, 0x92, 0x81, 0xCA};
    ck_assert_uint_eq(n, sizeof mapped);
    ck_assert(!memcmp(out, mapped, sizeof mapped));
    free(out);
    iconv_close(cd);
}
END_TEST

/* ---- detection (PITFALLS: EF BB BF → UTF-8; valid UTF-8 → UTF-8; else CP932) ---- */

START_TEST(detect_encodings)
{
    const char bom[] = "\xEF\xBB\xBF承認番号,クラウドサービス名\n";
    ck_assert_int_eq(csv_detect_encoding(bom, strlen(bom)), CSV_ENC_UTF8);
    const char utf8[] = "承認番号,クラウドサービス名\n,電子申請\n";
    ck_assert_int_eq(csv_detect_encoding(utf8, strlen(utf8)), CSV_ENC_UTF8);
    /* 承認番号 in CP932: 8F B3 94 46 94 D4 8D 86 */
    const char cp932[] = "\x8F\xB3\x94\x46\x94\xD4\x8D\x86,x\r\n";
    ck_assert_int_eq(csv_detect_encoding(cp932, strlen(cp932)), CSV_ENC_CP932);
    /* a UTF-8 register with one stray byte in a row is still UTF-8: the byte is reported, not reinterpreted */
    const char stray[] = "承認番号,クラウドサービス名,部局\n,株式会社\xFF,総務部\n";
    ck_assert_int_eq(csv_detect_encoding(stray, strlen(stray)), CSV_ENC_UTF8);
}
END_TEST

START_TEST(encoding_names)
{
    csv_encoding e;
    ck_assert(csv_encoding_parse("auto", &e) && e == CSV_ENC_AUTO);
    ck_assert(csv_encoding_parse("UTF-8", &e) && e == CSV_ENC_UTF8);
    ck_assert(csv_encoding_parse("cp932", &e) && e == CSV_ENC_CP932);
    ck_assert(csv_encoding_parse("Shift_JIS", &e) && e == CSV_ENC_CP932);
    ck_assert(!csv_encoding_parse("latin1", &e));
    ck_assert(!csv_encoding_parse(NULL, &e));
}
END_TEST

START_TEST(register_headers_are_the_documented_columns)
{
    const char *want[] = {"承認番号", "クラウドサービス名", "提供者", "部局", "機密性", "承認日", "利用開始日",
                          "利用終了日(予定)", "クラウドサービス管理者", "次回確認期限", "状態", "区分", "変更承認日",
                          "条件"};
    ck_assert_uint_eq(sizeof want / sizeof want[0], REGISTER_COLS);
    for (int i = 0; i < REGISTER_COLS; i++) ck_assert_str_eq(REGISTER_COLUMNS[i].header, want[i]);
}
END_TEST

/* One service as the register's row: every sink (workbook, CSV) and the import's comparison read these cells, so the
   columns cannot drift apart; the date columns are the ones the workbook writes as date cells */
START_TEST(register_cells_follow_the_columns)
{
    kservice sv = {0};
    snprintf(sv.approval_no, sizeof sv.approval_no, "AP-R8-0001");
    snprintf(sv.name, sizeof sv.name, "電子申請サービス");
    snprintf(sv.provider, sizeof sv.provider, "提供者株式会社");
    snprintf(sv.dept, sizeof sv.dept, "企画部");
    snprintf(sv.conf, sizeof sv.conf, "2");
    snprintf(sv.approved_on, sizeof sv.approved_on, "2026-04-01");
    snprintf(sv.start_date, sizeof sv.start_date, "2026-04-02");
    snprintf(sv.end_date, sizeof sv.end_date, "2030-03-31");
    snprintf(sv.manager, sizeof sv.manager, "吉田 亮");
    snprintf(sv.next_review_due, sizeof sv.next_review_due, "2027-04-01");
    snprintf(sv.status, sizeof sv.status, "active");
    const char *cells[REGISTER_COLS];
    kdate today = {2026, 11, 23};
    register_cells(&sv, today, cells);
    snprintf(sv.changed_on, sizeof sv.changed_on, "2026-10-01");
    snprintf(sv.conditions, sizeof sv.conditions, "個人情報を保存しない");
    const char *want[REGISTER_COLS] = {"AP-R8-0001", "電子申請サービス", "提供者株式会社", "企画部", "2", "2026-04-01",
                                       "2026-04-02", "2030-03-31", "吉田 亮", "2027-04-01", "利用中", "§8-3",
                                       "2026-10-01", "個人情報を保存しない"};
    for (int c = 0; c < REGISTER_COLS; c++) ck_assert_str_eq(cells[c], want[c]);
    for (int c = 0; c < REGISTER_COLS; c++)
        ck_assert_msg(REGISTER_COLUMNS[c].date ==
                          (c == RC_APPROVED || c == RC_START || c == RC_END || c == RC_DUE || c == RC_CHANGED),
                      "column %s", REGISTER_COLUMNS[c].header);
    /* an ended service says so in the 状態 column (003 §4(4)③) */
    snprintf(sv.status, sizeof sv.status, "terminated");
    snprintf(sv.terminated_on, sizeof sv.terminated_on, "2026-10-31");
    register_cells(&sv, today, cells);
    ck_assert_str_eq(cells[RC_STATUS], "終了");
    /* 区分 from the 機密性: 3B and 3C are §8-3, 1 is §8-4 (ポリシー004 §8-3, §8-4) */
    snprintf(sv.conf, sizeof sv.conf, "3B");
    register_cells(&sv, today, cells);
    ck_assert_str_eq(cells[RC_CONF], "3B");
    ck_assert_str_eq(cells[RC_TRACK], "§8-3");
    snprintf(sv.conf, sizeof sv.conf, "1");
    register_cells(&sv, today, cells);
    ck_assert_str_eq(cells[RC_TRACK], "§8-4");
}
END_TEST

/* The report reads top to bottom: rows without a 承認番号 are placed after the numbered ones (so that assigned numbers
   never collide), yet their lines are reported in file order, and what is said of one line keeps its order */
START_TEST(import_report_in_file_order)
{
    char dir[] = "/tmp/kumo-exch-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char db[64], csv[64];
    snprintf(db, sizeof db, "%s/k.db", dir);
    snprintf(csv, sizeof csv, "%s/r.csv", dir);
    ck_assert_int_eq(kumo_init(db, "テスト市", "kato", "加藤 誠"), KS_OK);
    kumo *k = NULL;
    ck_assert_int_eq(kumo_open(db, DB_OPEN_EXISTING, &k), KS_OK);
    k->demo = true;
    ck_assert_int_eq(kumo_login(k, "kato"), KS_OK);
    FILE *fp = fopen(csv, "w");
    ck_assert_ptr_nonnull(fp);
    fputs("承認番号,クラウドサービス名,部局,機密性,承認日,利用開始日,クラウドサービス管理者\n"
          ",予約,総務部,1,2026-04-01,2026-04-01,山田 一郎\n"
          "AP-R8-0100,会議,総務部,1,2026-04-01,2026-04-01,\n"
          ",申請,企画部,2,2026-05-01,2026-05-01,\n", fp);
    ck_assert_int_eq(fclose(fp), 0);
    import_opts o = {.encoding = CSV_ENC_AUTO, .dry_run = true, .create_missing = true, .verbose = true};
    import_report r;
    ck_assert_int_eq(import_register_csv(k, csv, &o, &r), KS_OK);
    ck_assert_uint_eq(r.added, 3);
    ck_assert(!r.written);
    for (size_t i = 1; i < r.n; i++) ck_assert_int_le(r.msgs[i - 1].line, r.msgs[i].line);
    /* read in file order: line 2 names the 部局 and the manager to create, then the row; 総務部 is said once */
    ck_assert_uint_eq(r.n, 6);
    ck_assert_int_eq(r.msgs[0].line, 2);
    ck_assert_int_eq(r.msgs[0].level, IMP_NOTE);
    ck_assert_ptr_nonnull(strstr(r.msgs[0].text, "部局「総務部」"));
    ck_assert_int_eq(r.msgs[1].line, 2);
    ck_assert_ptr_nonnull(strstr(r.msgs[1].text, "山田 一郎"));
    ck_assert_int_eq(r.msgs[2].line, 2);
    ck_assert_int_eq(r.msgs[2].level, IMP_ADD);
    ck_assert_int_eq(r.msgs[3].line, 3);
    ck_assert_int_eq(r.msgs[3].level, IMP_ADD);
    ck_assert_int_eq(r.msgs[4].line, 4);
    ck_assert_ptr_nonnull(strstr(r.msgs[4].text, "部局「企画部」"));
    ck_assert_int_eq(r.msgs[5].level, IMP_ADD);
    import_report_clear(&r);
    /* without verbose the report is the notes and the summary, not a line per good row */
    o.verbose = false;
    ck_assert_int_eq(import_register_csv(k, csv, &o, &r), KS_OK);
    ck_assert_uint_eq(r.n, 3);
    for (size_t i = 0; i < r.n; i++) ck_assert_int_eq(r.msgs[i].level, IMP_NOTE);
    import_report_clear(&r);
    /* a dry run wrote nothing: the same file imports again from scratch */
    ck_assert_int_eq(import_register_csv(k, csv, &o, &r), KS_OK);
    ck_assert_uint_eq(r.added, 3);
    ck_assert_uint_eq(r.depts_created, 2);
    import_report_clear(&r);
    kumo_close(&k);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* Another user's import between the two passes: the first pass found the rows new, but by the time the rows are
   written the same service is registered. The second pass notices (the first pass's checks are trusted only when
   no other connection has committed since it began) and nothing is written. */
typedef struct racer {
    const char *db, *csv;
    bool done;
    kstatus s;
} racer;

static void race_import(void *ctx, const char *what, long long done, long long total)
{
    racer *r = ctx;
    /* the end of the first pass: said once with its total */
    if (r->done || strcmp(what, "台帳を確認中") || total < 0 || done != total) return;
    r->done = true;
    kumo *other = NULL;
    r->s = kumo_open(r->db, DB_OPEN_EXISTING, &other);
    if (!r->s) other->demo = true;
    if (!r->s) r->s = kumo_login(other, "kato");
    import_opts o = {.encoding = CSV_ENC_AUTO, .create_missing = true};
    import_report rep = {0};
    if (!r->s) r->s = import_register_csv(other, r->csv, &o, &rep);
    import_report_clear(&rep);
    kumo_close(&other);
}

START_TEST(import_rechecks_a_register_changed_between_its_passes)
{
    char dir[] = "/tmp/kumo-race-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char db[64], csv[64];
    snprintf(db, sizeof db, "%s/k.db", dir);
    snprintf(csv, sizeof csv, "%s/r.csv", dir);
    ck_assert_int_eq(kumo_init(db, "テスト市", "kato", "加藤 誠"), KS_OK);
    FILE *fp = fopen(csv, "w");
    ck_assert_ptr_nonnull(fp);
    fputs("承認番号,クラウドサービス名,部局,機密性,承認日,利用開始日\n"
          "AP-R8-0100,会議,総務部,1,2026-04-01,2026-04-01\n", fp);
    ck_assert_int_eq(fclose(fp), 0);
    kumo *k = NULL;
    ck_assert_int_eq(kumo_open(db, DB_OPEN_EXISTING, &k), KS_OK);
    k->demo = true;
    ck_assert_int_eq(kumo_login(k, "kato"), KS_OK);
    racer rc = {.db = db, .csv = csv};
    kumo_set_progress(k, race_import, &rc);
    import_opts o = {.encoding = CSV_ENC_AUTO, .create_missing = true};
    import_report r;
    ck_assert_int_eq(import_register_csv(k, csv, &o, &r), KS_INVALID);
    ck_assert(rc.done);
    ck_assert_int_eq(rc.s, KS_OK);
    ck_assert(!r.written);
    bool said = false;
    for (size_t i = 0; i < r.n; i++) said |= strstr(r.msgs[i].text, "確認の後に同じサービスが登録されました") != NULL;
    ck_assert(said);
    import_report_clear(&r);
    /* without the race the same file is simply already registered */
    kumo_set_progress(k, NULL, NULL);
    ck_assert_int_eq(import_register_csv(k, csv, &o, &r), KS_OK);
    ck_assert_uint_eq(r.added, 0);
    ck_assert_uint_eq(r.skipped, 1);
    import_report_clear(&r);
    kumo_close(&k);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* An import report line echoes the bad value: a long one is clipped on a character, never cut inside one (each line
   of the report is valid UTF-8), and the row is still reported by its line and column */
START_TEST(import_report_lines_are_whole_characters)
{
    char dir[] = "/tmp/kumo-exch-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char db[64], csv[64];
    snprintf(db, sizeof db, "%s/k.db", dir);
    snprintf(csv, sizeof csv, "%s/r.csv", dir);
    ck_assert_int_eq(kumo_init(db, "テスト市", "kato", "加藤 誠"), KS_OK);
    kumo *k = NULL;
    ck_assert_int_eq(kumo_open(db, DB_OPEN_EXISTING, &k), KS_OK);
    k->demo = true;
    ck_assert_int_eq(kumo_login(k, "kato"), KS_OK);
    FILE *fp = fopen(csv, "w");
    ck_assert_ptr_nonnull(fp);
    fputs("クラウドサービス名,部局,機密性,承認日,利用開始日\n電子申請,総務部,2,", fp);
    for (int i = 0; i < 300; i++) fputs("あ", fp);   /* 900 bytes where a date belongs */
    fputs(",2026-04-01\n", fp);
    ck_assert_int_eq(fclose(fp), 0);
    import_opts o = {.encoding = CSV_ENC_AUTO, .dry_run = true, .create_missing = true};
    import_report r;
    ck_assert_int_eq(import_register_csv(k, csv, &o, &r), KS_INVALID);
    bool dated = false;
    for (size_t i = 0; i < r.n; i++) {
        ck_assert_msg(text_valid_utf8(r.msgs[i].text, strlen(r.msgs[i].text)), "not UTF-8: %s", r.msgs[i].text);
        dated |= strstr(r.msgs[i].text, "行 2 列「承認日」") && strstr(r.msgs[i].text, "は実在する日付ではありません");
    }
    ck_assert(dated);
    import_report_clear(&r);
    kumo_close(&k);
    unlink(db);
    unlink(csv);
    char side[80];
    snprintf(side, sizeof side, "%s-wal", db);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db);
    unlink(side);
    rmdir(dir);
}
END_TEST

/* An output path longer than the old 1023-byte buffers was cut, and the export wrote (and reported) a file under the
   cut name: the file now gets its own name, and a path too long for any buffer is refused */
START_TEST(export_to_a_long_path_writes_that_file)
{
    char dir[] = "/tmp/kumo-long-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char db[64];
    snprintf(db, sizeof db, "%s/k.db", dir);
    ck_assert_int_eq(kumo_init(db, "テスト市", "kato", "加藤 誠"), KS_OK);
    kumo *k = NULL;
    ck_assert_int_eq(kumo_open(db, DB_OPEN_EXISTING, &k), KS_OK);
    k->demo = true;
    ck_assert_int_eq(kumo_login(k, "kato"), KS_OK);
    char deep[1200];
    snprintf(deep, sizeof deep, "%s", dir);
    for (int i = 0; i < 4; i++) {
        APPEND(deep, sizeof deep, "/");
        for (int j = 0; j < 250; j++) APPEND(deep, sizeof deep, "d");
        ck_assert_int_eq(mkdir(deep, 0700), 0);
    }
    char xlsx[1300], csv[1300];
    snprintf(xlsx, sizeof xlsx, "%s/台帳-long-name.xlsx", deep);
    snprintf(csv, sizeof csv, "%s/台帳-long-name.csv", deep);
    ck_assert_uint_gt(strlen(xlsx), 1024);
    size_t rows = 9;
    ck_assert_int_eq(export_register_xlsx(k, NULL, xlsx, &rows), KS_OK);
    ck_assert_int_eq(access(xlsx, F_OK), 0);
    ck_assert_int_eq(export_register_csv(k, NULL, CSV_ENC_UTF8, false, csv, &rows, NULL), KS_OK);
    ck_assert_int_eq(access(csv, F_OK), 0);
    char huge[PATH_MAX + 64];
    memset(huge, 'x', sizeof huge - 1);
    huge[0] = '/';
    huge[sizeof huge - 1] = 0;
    ck_assert_int_eq(export_register_csv(k, NULL, CSV_ENC_UTF8, false, huge, &rows, NULL), KS_INVALID);
    ck_assert_int_eq(export_register_xlsx(k, NULL, huge, &rows), KS_INVALID);
    kumo_close(&k);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* ---- progress (issue 11): a long export reports how far it has got, from 0 to the end ---- */

typedef struct progress_log {
    long long first_done, first_total, last_done, last_total, calls;
    bool backwards;
} progress_log;

static void record_progress(void *ctx, const char *what, long long done, long long total)
{
    progress_log *p = ctx;
    ck_assert_ptr_nonnull(what);
    if (!p->calls) {
        p->first_done = done;
        p->first_total = total;
    } else if (done < p->last_done) {
        p->backwards = true;
    }
    p->last_done = done;
    p->last_total = total;
    p->calls++;
}

START_TEST(exports_and_demo_report_progress)
{
    char dir[] = "/tmp/kumo-progress-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char db[64], out[96];
    snprintf(db, sizeof db, "%s/d.db", dir);
    progress_log demo = {0};
    kdemo_opts o = {.rows = 700, .progress = {record_progress, &demo}};
    char err[1024];
    ck_assert_int_eq(kumo_demo(db, &o, err, sizeof err), KS_OK);
    /* from 0 of 700 to 700 of 700, in between at least every PROGRESS_EVERY rows */
    ck_assert_int_eq(demo.first_done, 0);
    ck_assert_int_eq(demo.first_total, 700);
    ck_assert_int_eq(demo.last_done, 700);
    ck_assert_int_eq(demo.last_total, 700);
    ck_assert_int_ge(demo.calls, 700 / PROGRESS_EVERY + 1);
    ck_assert(!demo.backwards);

    kumo *k = NULL;
    ck_assert_int_eq(kumo_open(db, DB_OPEN_EXISTING, &k), KS_OK);
    ck_assert_int_eq(kumo_login(k, "takahashi"), KS_OK);
    progress_log xl = {0};
    kumo_set_progress(k, record_progress, &xl);
    size_t rows = 0;
    snprintf(out, sizeof out, "%s/apps.xlsx", dir);
    ck_assert_int_eq(export_applications_xlsx(k, NULL, out, &rows), KS_OK);
    ck_assert_int_gt(rows, 700);
    ck_assert_int_eq(xl.first_done, 0);
    ck_assert_int_eq(xl.first_total, (long long)rows);
    ck_assert_int_eq(xl.last_done, (long long)rows);
    ck_assert_int_eq(xl.last_total, (long long)rows);
    ck_assert(!xl.backwards);
    /* the CSV register does not count first: its total is unknown (-1) until the end says done == total */
    progress_log csv = {0};
    kumo_set_progress(k, record_progress, &csv);
    snprintf(out, sizeof out, "%s/reg.csv", dir);
    ck_assert_int_eq(export_register_csv(k, NULL, CSV_ENC_UTF8, false, out, &rows, NULL), KS_OK);
    ck_assert_int_eq(csv.first_total, -1);
    ck_assert_int_eq(csv.last_done, (long long)rows);
    ck_assert_int_eq(csv.last_total, (long long)rows);
    kumo_close(&k);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* An import reads, checks and stages the whole file before it takes the write lock (issue 8: a 40,000-row import
   held the lock 28 s and every other writer failed): while it checks, another process can begin a write; while it
   writes, it cannot (which shows that the probe sees the lock) */
typedef struct lock_probe {
    const char *db;
    int checks, free_while_checking, writes, free_while_writing;
} lock_probe;

static bool another_can_write(const char *db)
{
    sqlite3 *h = NULL;
    ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(h, 0);
    int rc = sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK) ck_assert_int_eq(sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    return rc == SQLITE_OK;
}

static void probe_lock(void *ctx, const char *what, long long done, long long total)
{
    lock_probe *p = ctx;
    if (done <= 0 || done == total) return;
    if (!strcmp(what, "台帳を確認中")) {
        p->checks++;
        p->free_while_checking += another_can_write(p->db);
    } else if (!strcmp(what, "台帳を取込中")) {
        p->writes++;
        p->free_while_writing += another_can_write(p->db);
    }
}

START_TEST(import_checks_before_taking_the_write_lock)
{
    char dir[] = "/tmp/kumo-exch-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char db[64], csv[64];
    snprintf(db, sizeof db, "%s/k.db", dir);
    snprintf(csv, sizeof csv, "%s/r.csv", dir);
    ck_assert_int_eq(kumo_init(db, "テスト市", "kato", "加藤 誠"), KS_OK);
    kumo *k = NULL;
    ck_assert_int_eq(kumo_open(db, DB_OPEN_EXISTING, &k), KS_OK);
    k->demo = true;   /* acting as kato (KUMO_USER) is for a demo database only */
    ck_assert_int_eq(kumo_login(k, "kato"), KS_OK);
    FILE *fp = fopen(csv, "w");
    ck_assert_ptr_nonnull(fp);
    fputs("承認番号,クラウドサービス名,部局,機密性,承認日,利用開始日,クラウドサービス管理者\n", fp);
    /* more rows than PROGRESS_EVERY, so that both passes report on the way */
    for (int i = 0; i < 2 * PROGRESS_EVERY + 10; i++) fprintf(fp, ",会議サービス%d,総務部,1,2026-04-01,2026-04-01,\n", i);
    ck_assert_int_eq(fclose(fp), 0);
    lock_probe p = {.db = db};
    kumo_set_progress(k, probe_lock, &p);
    import_opts o = {.encoding = CSV_ENC_AUTO, .create_missing = true};
    import_report r;
    ck_assert_int_eq(import_register_csv(k, csv, &o, &r), KS_OK);
    ck_assert(r.written);
    ck_assert_uint_eq(r.added, 2 * PROGRESS_EVERY + 10);
    import_report_clear(&r);
    ck_assert_int_ge(p.checks, 2);
    ck_assert_int_eq(p.free_while_checking, p.checks);
    ck_assert_int_ge(p.writes, 2);
    ck_assert_int_eq(p.free_while_writing, 0);
    kumo_close(&k);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* The 部局 and managers a file names are looked up once and remembered (a fixed table of names): a name on many rows
   is judged the same on every row, and more names than the table holds are each created once and given to their
   own rows */
START_TEST(import_judges_a_repeated_name_on_every_row)
{
    char dir[] = "/tmp/kumo-exch-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char db[64], csv[64];
    snprintf(db, sizeof db, "%s/k.db", dir);
    snprintf(csv, sizeof csv, "%s/r.csv", dir);
    ck_assert_int_eq(kumo_init(db, "テスト市", "kato", "加藤 誠"), KS_OK);
    kumo *k = NULL;
    ck_assert_int_eq(kumo_open(db, DB_OPEN_EXISTING, &k), KS_OK);
    k->demo = true;
    ck_assert_int_eq(kumo_login(k, "kato"), KS_OK);
    /* the システム管理者 may not be a クラウドサービス管理者; 未登録部 does not exist: both said on each row */
    FILE *fp = fopen(csv, "w");
    ck_assert_ptr_nonnull(fp);
    fputs("承認番号,クラウドサービス名,部局,機密性,承認日,利用開始日,クラウドサービス管理者\n"
          ",会議,未登録部,1,2026-04-01,2026-04-01,加藤 誠\n"
          ",予約,未登録部,1,2026-04-01,2026-04-01,加藤 誠\n"
          ",申請,未登録部,1,2026-04-01,2026-04-01,加藤 誠\n", fp);
    ck_assert_int_eq(fclose(fp), 0);
    import_opts o = {.encoding = CSV_ENC_AUTO};
    import_report r;
    ck_assert_int_eq(import_register_csv(k, csv, &o, &r), KS_INVALID);
    ck_assert_uint_eq(r.bad_rows, 3);
    int dept_said[5] = {0}, manager_said[5] = {0};
    for (size_t i = 0; i < r.n; i++) {
        if (r.msgs[i].line < 2 || r.msgs[i].line > 4) continue;
        dept_said[r.msgs[i].line] += strstr(r.msgs[i].text, "部局「未登録部」がありません") != NULL;
        manager_said[r.msgs[i].line] += strstr(r.msgs[i].text, "指名できません") != NULL;
    }
    for (int line = 2; line <= 4; line++) {
        ck_assert_int_eq(dept_said[line], 1);
        ck_assert_int_eq(manager_said[line], 1);
    }
    import_report_clear(&r);
    /* 300 managers (more than the table's places), each on two rows far apart, and four 部局 */
    fp = fopen(csv, "w");
    ck_assert_ptr_nonnull(fp);
    fputs("承認番号,クラウドサービス名,部局,機密性,承認日,利用開始日,クラウドサービス管理者\n", fp);
    for (int i = 0; i < 600; i++)
        fprintf(fp, ",サービス%d-%d,部局%d,1,2026-04-01,2026-04-01,管理者%d\n", i, i % 300, i % 4, i % 300);
    ck_assert_int_eq(fclose(fp), 0);
    o.create_missing = true;
    ck_assert_int_eq(import_register_csv(k, csv, &o, &r), KS_OK);
    ck_assert(r.written);
    ck_assert_uint_eq(r.added, 600);
    ck_assert_uint_eq(r.users_created, 300);
    ck_assert_uint_eq(r.depts_created, 4);
    import_report_clear(&r);
    /* the search index has the imported rows: by name and by 部局 */
    kservice_filter f = {.search = "サービス123-"};
    int64_t cnt = 0;
    ck_assert_int_eq(db_service_count(k->db, &f, &cnt), KS_OK);
    ck_assert_int_eq(cnt, 1);
    f.search = "部局2";
    ck_assert_int_eq(db_service_count(k->db, &f, &cnt), KS_OK);
    ck_assert_int_eq(cnt, 150);
    kumo_close(&k);
    sqlite3 *h = NULL;
    ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    /* every service's manager and 部局 are the ones its row named; each name is one row */
    ck_assert_int_eq(sqlite3_prepare_v2(h,
                         "SELECT (SELECT count(*) FROM services s JOIN users u ON u.id = s.manager_id "
                         "        JOIN departments d ON d.id = s.dept_id WHERE s.name LIKE 'サービス%' AND ("
                         "  u.name <> '管理者' || substr(s.name, instr(s.name, '-') + 1) OR"
                         "  d.name <> '部局' || (CAST(substr(s.name, 5, instr(s.name, '-') - 5) AS INTEGER) % 4))),"
                         " (SELECT count(*) FROM services WHERE name LIKE 'サービス%' AND manager_id IS NOT NULL),"
                         " (SELECT count(DISTINCT name) FROM users WHERE name LIKE '管理者%'),"
                         " (SELECT count(*) FROM users WHERE name LIKE '管理者%'),"
                         " (SELECT count(*) FROM departments WHERE name LIKE '部局%')",
                         -1, &st, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int(st, 0), 0);
    ck_assert_int_eq(sqlite3_column_int(st, 1), 600);
    ck_assert_int_eq(sqlite3_column_int(st, 2), 300);
    ck_assert_int_eq(sqlite3_column_int(st, 3), 300);
    ck_assert_int_eq(sqlite3_column_int(st, 4), 4);
    sqlite3_finalize(st);
    sqlite3_close(h);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* The one libcsv reader of templates and imports: rows of values, quoted line breaks kept, and a NUL byte turned
   into a control character (which the text checks refuse) instead of cutting the value short */
START_TEST(csv_rows_reads_records)
{
    const char text[] = "code,text\r\nA,\"あ\nい\"\r\nB,\"x\0y\"\r\n";
    struct csv_parser p;
    ck_assert_int_eq(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
    csv_rows r = {0};
    size_t n = sizeof text - 1;
    ck_assert_uint_eq(csv_parse(&p, text, n, csv_rows_field, csv_rows_end, &r), n);
    ck_assert_int_eq(csv_fini(&p, csv_rows_field, csv_rows_end, &r), 0);
    csv_free(&p);
    ck_assert(!r.oom);
    ck_assert_uint_eq(r.n, 3);
    ck_assert_uint_eq(r.rows[0].n, 2);
    ck_assert_str_eq(r.rows[0].f[1], "text");
    ck_assert_str_eq(r.rows[1].f[1], "あ\nい");
    ck_assert_str_eq(r.rows[2].f[1], "x\x01y");
    csv_rows_clear(&r);
    ck_assert_ptr_null(r.rows);
}
END_TEST

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    Suite *s = suite_create("exchange");
    TCase *t = tcase_create("csv");
    tcase_add_test(t, neutralize_formula_starts);
    tcase_add_test(t, register_cells_follow_the_columns);
    tcase_add_test(t, import_report_in_file_order);
    tcase_add_test(t, csv_rows_reads_records);
    tcase_add_test(t, neutralize_leaves_ordinary_text);
    tcase_add_test(t, cp932_converts_japanese_and_wave_dash);
    tcase_add_test(t, cp932_maps_two_byte_signs_that_grow);
    tcase_add_test(t, cp932_reports_the_character_it_cannot_convert);
    tcase_add_test(t, cp932_reports_every_character_and_replaces_them);
    tcase_add_test(t, detect_encodings);
    tcase_add_test(t, encoding_names);
    tcase_add_test(t, register_headers_are_the_documented_columns);
    tcase_add_test(t, import_report_lines_are_whole_characters);
    tcase_add_test(t, export_to_a_long_path_writes_that_file);
    tcase_add_test(t, exports_and_demo_report_progress);
    tcase_add_test(t, import_checks_before_taking_the_write_lock);
    tcase_add_test(t, import_rechecks_a_register_changed_between_its_passes);
    tcase_add_test(t, import_judges_a_repeated_name_on_every_row);
    suite_add_tcase(s, t);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
