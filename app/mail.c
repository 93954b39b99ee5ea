#include "app/mail.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/privilege.h"
#include "forms/clock.h"
#include "forms/text.h"

/* ---- a growing string ---- */

typedef struct sbuf {
    char *s;
    size_t len, cap;
    bool oom;
} sbuf;

static void sb_add(sbuf *b, const char *p, size_t n)
{
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->len + n + 1 > cap) cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->oom = true;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = 0;
}

static void sb_str(sbuf *b, const char *p) { sb_add(b, p, strlen(p)); }

static char *sb_done(sbuf *b)
{
    if (b->oom) {
        free(b->s);
        return NULL;
    }
    if (!b->s) return strdup("");
    return b->s;
}

/* ---- base64 (RFC 4648) ---- */

static void base64(sbuf *b, const unsigned char *p, size_t n)
{
    static const char A[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        char q[4] = {A[v >> 18 & 63], A[v >> 12 & 63], i + 1 < n ? A[v >> 6 & 63] : '=', i + 2 < n ? A[v & 63] : '='};
        sb_add(b, q, 4);
    }
}

/* ---- addresses ---- */

bool mail_address_valid(const char *a)
{
    if (!a || !*a || *a == '-' || strlen(a) > 254) return false;
    const char *at = strrchr(a, '@');
    if (!at || at == a || !at[1] || strchr(a, '@') != at) return false;
    for (const char *p = a; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c >= 0x7f || strchr("\"(),:;<>[\\]", c)) return false;
    }
    /* the domain: labels of letters, digits and hyphens, with at least one dot */
    const char *d = at + 1;
    if (!strchr(d, '.') || *d == '.' || d[strlen(d) - 1] == '.' || strstr(d, "..")) return false;
    for (const char *p = d; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
            return false;
    return true;
}

/* ---- headers ---- */

/* Whether text may go into a header as it is: printable ASCII, no encoded-word look-alike, no word too long. */
static bool plain_ascii(const char *t)
{
    size_t word = 0;
    for (const char *p = t; *p; p++) {
        if ((unsigned char)*p < ' ' || (unsigned char)*p >= 0x7f) return false;
        word = *p == ' ' ? 0 : word + 1;
        if (word > 70) return false;
    }
    return !strstr(t, "=?");
}

/* At most this many bytes of UTF-8 in one encoded-word: 39 bytes are 52 base64 characters, and with "=?UTF-8?B?"
   and "?=" the word is 64 characters (RFC 2047: at most 75), so that "Subject: " and the first word stay within the
   78 characters a header line should keep to (RFC 5322 §2.1.1). */
#define WORD_BYTES 39

char *mail_header_text(const char *text)
{
    sbuf b = {0};
    char *clean = strdup(text ? text : "");
    if (!clean) return NULL;
    /* a line break or other control character never starts a new header line */
    for (char *p = clean; *p; p++)
        if ((unsigned char)*p < ' ' || *p == 0x7f) *p = ' ';
    if (!text_valid_utf8(clean, strlen(clean))) {
        for (char *p = clean; *p; p++)
            if ((unsigned char)*p >= 0x80) *p = '?';
    }
    if (plain_ascii(clean)) {
        sb_str(&b, clean);
        free(clean);
        return sb_done(&b);
    }
    const char *p = clean;
    size_t left = strlen(clean);
    bool first = true;
    while (left) {
        /* as many whole characters as fit */
        size_t take = 0;
        while (take < left) {
            size_t cl = text_grapheme_len(p + take, left - take);
            if (!cl) cl = 1;
            if (take + cl > WORD_BYTES) {
                if (take) break;
                /* one cluster longer than a word (a long run of combining marks): cut between code points */
                uint32_t cp;
                cl = text_utf8_decode(p, left, &cp);
                if (!cl) cl = 1;
            }
            take += cl;
            if (take >= WORD_BYTES) break;
        }
        if (!first) sb_str(&b, "\n ");
        sb_str(&b, "=?UTF-8?B?");
        base64(&b, (const unsigned char *)p, take);
        sb_str(&b, "?=");
        p += take;
        left -= take;
        first = false;
    }
    free(clean);
    return sb_done(&b);
}

/* "Mon, 23 Nov 2026 10:00:00 +0900" in the organisation's zone, whatever the locale. */
static void rfc5322_date(time_t when, char *out, size_t n)
{
    static const char *const DAY[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const MON[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    if (!clock_local(when, &tm)) {
        gmtime_r(&when, &tm);
        tm.tm_gmtoff = 0;
    }
    long off = tm.tm_gmtoff / 60;
    char sign = off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld", DAY[tm.tm_wday % 7], tm.tm_mday, MON[tm.tm_mon % 12],
             tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 60, off % 60);
}

/* A Message-ID unique to this message: the time, the process, 64 random bits, and the sender's domain. */
static void message_id(const char *from, time_t when, char *out, size_t n)
{
    unsigned char r[8] = {0};
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
        for (size_t i = 0; i < sizeof r; i++) r[i] = (unsigned char)(rand() & 0xff);
    }
    const char *at = from ? strrchr(from, '@') : NULL;
    snprintf(out, n, "<kumo.%lld.%ld.%02x%02x%02x%02x%02x%02x%02x%02x@%s>", (long long)when, (long)getpid(), r[0], r[1],
             r[2], r[3], r[4], r[5], r[6], r[7], at && at[1] ? at + 1 : "localhost");
}

static void header(sbuf *b, const char *name, const char *value)
{
    sb_str(b, name);
    sb_str(b, ": ");
    sb_str(b, value);
    sb_str(b, "\n");
}

char *mail_message(const char *from, const char *to_name, const char *to, const char *subject, const char *body,
                   time_t when)
{
    sbuf b = {0};
    char date[64], id[160];
    rfc5322_date(when, date, sizeof date);
    message_id(from, when, id, sizeof id);
    char *subj = mail_header_text(subject);
    char *name = to_name && *to_name ? mail_header_text(to_name) : NULL;
    if (!subj || (to_name && *to_name && !name)) {
        free(subj);
        free(name);
        return NULL;
    }
    header(&b, "From", from);
    sb_str(&b, "To: ");
    if (name) {
        sb_str(&b, name);
        sb_str(&b, " <");
        sb_str(&b, to);
        sb_str(&b, ">\n");
    } else {
        sb_str(&b, to);
        sb_str(&b, "\n");
    }
    header(&b, "Subject", subj);
    header(&b, "Date", date);
    header(&b, "Message-ID", id);
    header(&b, "MIME-Version", "1.0");
    header(&b, "Content-Type", "text/plain; charset=UTF-8");
    header(&b, "Content-Transfer-Encoding", "base64");
    header(&b, "Auto-Submitted", "auto-generated");
    sb_str(&b, "\n");
    free(subj);
    free(name);
    /* the body in base64 lines of 76 characters (57 bytes each) */
    const unsigned char *p = (const unsigned char *)(body ? body : "");
    size_t left = strlen((const char *)p);
    while (left) {
        size_t take = left < 57 ? left : 57;
        base64(&b, p, take);
        sb_str(&b, "\n");
        p += take;
        left -= take;
    }
    return sb_done(&b);
}

/* ---- sending ---- */

const char *mail_sendmail_problem(const char *path, char *buf, size_t n)
{
    struct stat st;
    if (!path || path[0] != '/')
        snprintf(buf, n, "sendmail は絶対パスで設定してください（例: %s）", MAIL_DEFAULT_SENDMAIL);
    else if (stat(path, &st) != 0)
        snprintf(buf, n, "sendmail（%s）がありません。メール転送ソフト（postfix、exim4、msmtp-mta など）を入れるか、"
                         "kumo setting set sendmail で別のパスを設定してください",
                 path);
    else if (!S_ISREG(st.st_mode) || !(st.st_mode & S_IXUSR))
        snprintf(buf, n, "sendmail（%s）は実行できるファイルではありません", path);
    else if (st.st_mode & (S_IWGRP | S_IWOTH))
        snprintf(buf, n, "sendmail（%s）は所有者以外も書き換えられるため実行しません", path);
    else
        return NULL;
    return buf;
}

kstatus mail_send(kumo *k, const char *sendmail, const char *to, const char *msg)
{
    char why[512];
    if (mail_sendmail_problem(sendmail, why, sizeof why)) return kumo_fail(k, KS_INVALID, "%s", why);
    if (!mail_address_valid(to)) return kumo_fail(k, KS_INVALID, "メールアドレス「%s」は正しくありません", to);
    char *argv[] = {"sendmail", "-oi", "--", (char *)to, NULL};
    FILE *fp;
    pid_t pid;
    if (priv_spawn(sendmail, argv, &fp, &pid)) return kumo_fail(k, KS_IO, "sendmail（%s）を起動できません", sendmail);
    /* a sendmail that stops reading must not kill kumo with SIGPIPE: its exit status says what happened */
    struct sigaction ign = {.sa_handler = SIG_IGN}, old;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old);
    size_t len = strlen(msg);
    bool wrote = fwrite(msg, 1, len, fp) == len;
    if (fclose(fp) != 0) wrote = false;
    int rc = priv_wait(pid);
    sigaction(SIGPIPE, &old, NULL);
    if (rc != 0)
        return kumo_fail(k, KS_IO, "sendmail（%s）が %s へのメールを受け付けませんでした（終了コード %d）", sendmail, to, rc);
    if (!wrote) return kumo_fail(k, KS_IO, "sendmail（%s）にメールを渡しきれませんでした", sendmail);
    return KS_OK;
}
