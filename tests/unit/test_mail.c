/* The reminder mail's pieces (issue 11 "cron and mail"): addresses, RFC 2047 encoded-words that never split a
   character nor let a line break start a header, the message's headers and base64 body, and the stages of a
   reminder (30, 7, 0 days before, then weekly). */
#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "app/mail.h"
#include "app/remind.h"
#include "forms/text.h"

/* Decodes base64 (the test's own decoder); returns the length, or -1 on a bad character. */
static long unbase64(const char *in, size_t n, unsigned char *out)
{
    static const char A[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    long len = 0;
    unsigned v = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == '=') break;
        const char *p = strchr(A, in[i]);
        if (!p || !in[i]) return -1;
        v = v << 6 | (unsigned)(p - A);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[len++] = (unsigned char)(v >> bits & 0xff);
        }
    }
    return len;
}

/* Decodes a header value made of encoded-words separated by "\n "; checks each word on the way. */
static void decode_words(const char *h, char *out, size_t n)
{
    size_t len = 0;
    out[0] = 0;
    const char *p = h;
    while (*p) {
        ck_assert_msg(!strncmp(p, "=?UTF-8?B?", 10), "not an encoded-word: %s", p);
        const char *end = strstr(p + 10, "?=");
        ck_assert_ptr_nonnull(end);
        size_t wl = (size_t)(end + 2 - p);
        ck_assert_msg(wl <= 75, "an encoded-word of %zu characters", wl);
        unsigned char buf[128];
        long dl = unbase64(p + 10, (size_t)(end - p - 10), buf);
        ck_assert_int_ge(dl, 0);
        /* each word on its own is whole UTF-8: no character is split between two */
        ck_assert(text_valid_utf8((const char *)buf, (size_t)dl));
        ck_assert_uint_lt(len + (size_t)dl, n);
        memcpy(out + len, buf, (size_t)dl);
        len += (size_t)dl;
        out[len] = 0;
        p = end + 2;
        if (*p) {
            ck_assert_msg(!strncmp(p, "\n ", 2), "words are folded with a newline and a space");
            p += 2;
        }
    }
}

START_TEST(addresses)
{
    const char *good[] = {"yoshida@mirai.example.jp", "a.b-c_d+e@example.co.jp", "x@a.b"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) ck_assert_msg(mail_address_valid(good[i]), "%s", good[i]);
    const char *bad[] = {"", "yoshida", "@example.jp", "a@", "a@b", "a@@b.jp", "-oQ@example.jp", "a b@example.jp",
                         "a@example.jp\nBcc: x@y.z", "<a@example.jp>", "a,b@example.jp", "吉田@example.jp",
                         "a@exa_mple.jp", "a@.example.jp", "a@example..jp", "a@example.jp."};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) ck_assert_msg(!mail_address_valid(bad[i]), "%s", bad[i]);
    char longer[300];
    memset(longer, 'a', sizeof longer);
    memcpy(longer + 250, "@ex.jp", 7);
    ck_assert(!mail_address_valid(longer));   /* 256 characters: more than 254 */
}
END_TEST

START_TEST(japanese_subject_as_encoded_words)
{
    const char *subject = "【kumo】期限を過ぎた項目があります（12件）：電子申請サービス・介護認定審査会資料共有・葛󠄀飾区のかﾞ";
    char *h = mail_header_text(subject);
    ck_assert_ptr_nonnull(h);
    ck_assert_ptr_nonnull(strstr(h, "\n "));   /* long enough for several words */
    char back[1024];
    decode_words(h, back, sizeof back);
    ck_assert_str_eq(back, subject);
    free(h);
    /* plain ASCII stays as it is; ASCII that looks like an encoded-word does not */
    h = mail_header_text("kumo reminder");
    ck_assert_str_eq(h, "kumo reminder");
    free(h);
    h = mail_header_text("=?UTF-8?B?eA==?=");
    decode_words(h, back, sizeof back);
    ck_assert_str_eq(back, "=?UTF-8?B?eA==?=");
    free(h);
}
END_TEST

START_TEST(a_line_break_never_starts_a_header)
{
    char *h = mail_header_text("お知らせ\r\nBcc: everyone@example.jp");
    char back[256];
    decode_words(h, back, sizeof back);
    ck_assert_ptr_null(strchr(back, '\n'));
    ck_assert_ptr_null(strchr(back, '\r'));
    free(h);
    h = mail_header_text("notice\nBcc: everyone@example.jp");
    ck_assert_ptr_null(strstr(h, "\nBcc"));
    free(h);
}
END_TEST

START_TEST(message_headers_and_body)
{
    const char *body = "吉田 亮 様\n\n・AP-R7-0001 電子申請サービス（総務部）: 利用状況確認の期限 2026-05-20 を187日過ぎています\n";
    time_t when = 1795363200;   /* 2026-11-22T16:00:00Z = 2026-11-23 01:00 in Asia/Tokyo */
    char *m = mail_message("kumo@mirai.example.jp", "吉田 亮", "yoshida@mirai.example.jp", "【kumo】お知らせ", body, when);
    ck_assert_ptr_nonnull(m);
    ck_assert(!strncmp(m, "From: kumo@mirai.example.jp\n", 28));
    ck_assert_ptr_nonnull(strstr(m, "\nTo: =?UTF-8?B?"));
    ck_assert_ptr_nonnull(strstr(m, "?= <yoshida@mirai.example.jp>\n"));
    ck_assert_ptr_nonnull(strstr(m, "\nSubject: =?UTF-8?B?"));
    ck_assert_ptr_nonnull(strstr(m, "\nDate: Mon, 23 Nov 2026 01:00:00 +0900\n"));
    ck_assert_ptr_nonnull(strstr(m, "\nMessage-ID: <kumo."));
    ck_assert_ptr_nonnull(strstr(m, "@mirai.example.jp>\n"));
    ck_assert_ptr_nonnull(strstr(m, "\nMIME-Version: 1.0\n"));
    ck_assert_ptr_nonnull(strstr(m, "\nContent-Type: text/plain; charset=UTF-8\n"));
    ck_assert_ptr_nonnull(strstr(m, "\nContent-Transfer-Encoding: base64\n"));
    /* the headers are ASCII and no line is longer than 78 */
    const char *sep = strstr(m, "\n\n");
    ck_assert_ptr_nonnull(sep);
    size_t col = 0;
    for (const char *p = m; p < sep; p++) {
        ck_assert_msg((unsigned char)*p < 0x80, "a header byte that is not ASCII");
        col = *p == '\n' ? 0 : col + 1;
        ck_assert_uint_le(col, 78);
    }
    /* the body: base64 lines of at most 76 characters that decode to the text */
    unsigned char out[1024];
    long len = 0;
    for (const char *p = sep + 2; *p;) {
        const char *nl = strchr(p, '\n');
        ck_assert_ptr_nonnull(nl);
        ck_assert_uint_le((size_t)(nl - p), 76);
        long got = unbase64(p, (size_t)(nl - p), out + len);
        ck_assert_int_ge(got, 0);
        len += got;
        p = nl + 1;
    }
    out[len] = 0;
    ck_assert_str_eq((const char *)out, body);
    /* two messages never share a Message-ID */
    char *m2 = mail_message("kumo@mirai.example.jp", "", "x@example.jp", "s", "b", when);
    const char *a = strstr(m, "Message-ID: "), *b = strstr(m2, "Message-ID: ");
    ck_assert(strncmp(a, b, (size_t)(strchr(a, '\n') - a)));
    ck_assert_ptr_nonnull(strstr(m2, "\nTo: x@example.jp\n"));   /* no name: the address alone */
    free(m);
    free(m2);
}
END_TEST

/* 30, 7 and 0 days before, then weekly while overdue: each stage once (issue 11) */
START_TEST(stages)
{
    static const struct { long left; const char *stage; } CASES[] = {
        {31, NULL}, {400, NULL}, {30, "30"}, {8, "30"}, {7, "7"}, {1, "7"}, {0, "0"}, {-1, "0"}, {-6, "0"},
        {-7, "+7"}, {-13, "+7"}, {-14, "+14"}, {-36, "+35"}, {-365, "+364"},
    };
    char buf[24];
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const char *s = remind_stage(CASES[i].left, buf, sizeof buf);
        if (!CASES[i].stage) ck_assert_msg(!s, "%ld days left: no reminder yet", CASES[i].left);
        else ck_assert_msg(s && !strcmp(s, CASES[i].stage), "%ld days left: stage %s, want %s", CASES[i].left,
                           s ? s : "(none)", CASES[i].stage);
    }
}
END_TEST

START_TEST(sendmail_must_be_safe_to_run)
{
    char why[512];
    ck_assert_ptr_nonnull(mail_sendmail_problem("sendmail", why, sizeof why));     /* not absolute */
    ck_assert_ptr_nonnull(mail_sendmail_problem("/nonexistent/sendmail", why, sizeof why));
    ck_assert_ptr_nonnull(mail_sendmail_problem("/tmp", why, sizeof why));         /* a folder */
    ck_assert_ptr_null(mail_sendmail_problem("/bin/true", why, sizeof why));
}
END_TEST

static Suite *mail_suite(void)
{
    Suite *s = suite_create("mail");
    TCase *tc = tcase_create("mail");
    tcase_add_test(tc, addresses);
    tcase_add_test(tc, japanese_subject_as_encoded_words);
    tcase_add_test(tc, a_line_break_never_starts_a_header);
    tcase_add_test(tc, message_headers_and_body);
    tcase_add_test(tc, stages);
    tcase_add_test(tc, sendmail_must_be_safe_to_run);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    SRunner *sr = srunner_create(mail_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
