/* Reminder mail (kumo remind, app/remind.c): each クラウドサービス管理者 and 情報セキュリティ責任者 (部局長) gets one
   mail listing their services' due and overdue items (利用状況確認 規定003 §4(8), 利用終了予定日, 導入・構築時確認),
   and each one who decides applications (統括情報セキュリティ責任者, the 部局's 情報セキュリティ責任者 for 機密性1)
   the applications waiting for their decision. Each item is mailed once per stage — 30, 7 and 0 days before its
   date, then every 7 days after it (a decision: when filed, then every 7 days it waits) — and what was sent is
   remembered in the database, so a rerun (cron every morning) sends nothing twice.
   A mail lists at most REMIND_LIST_MAX items in each of its sections (期限を過ぎているもの, 期限が近いもの,
   承認を待っている申請), in date order — the longest overdue, the soonest due, the longest waiting first — then
   「・ほか N件（…で確認できます）」; its subject counts them all. Which items a full section lists: of 期限が近いもの
   the soonest; of the overdue items and the decisions, which come again every week, first those never mailed to the
   recipient, then those mailed longest ago, each by date — so that a backlog larger than a mail is named in turn
   and no item is left out week after week behind older ones. Only the items a mail lists are remembered as sent,
   so the others are listed by a later run (the next morning's). Memory is bounded by the recipients times
   REMIND_LIST_MAX, whatever the number of due items. */
#ifndef KUMO_APP_REMIND_H
#define KUMO_APP_REMIND_H
#include <stdbool.h>
#include <stddef.h>

#include "app/session.h"

/* The most items one reminder mail lists in each section: a person reads a hundred lines, not a 部局長's 100,000. */
#define REMIND_LIST_MAX 100

/* The stage of an item whose date is days_left days away (negative: past): "30" (8–30 days before), "7" (1–7),
   "0" (the day and the six after it), then "+7", "+14" … (7, 14 … days after). NULL when more than 30 days away.
   buf holds the "+N" stages. */
const char *remind_stage(long days_left, char *buf, size_t n);

/* One mail, as remind_run builds it (for the front end to show in a dry run, or count). */
typedef struct kremind_mail {
    const char *to_login, *to_name, *to;   /* to: the address ("" when the user has none: not sent) */
    const char *subject, *body;            /* as written, before encoding */
    const char *message;                   /* the complete message handed to sendmail */
    size_t items;                          /* due items to be told of (the subject's 件数) */
    size_t listed;                         /* those the body lists (at most REMIND_LIST_MAX a section) */
} kremind_mail;

typedef void (*kremind_fn)(void *ctx, const kremind_mail *m);

typedef struct kremind_report {
    size_t mails;           /* sent (in a dry run: that would be sent) */
    size_t items;           /* items they tell of */
    size_t listed;          /* items they list (and, unless a dry run, remembered as sent) */
    size_t no_address;      /* users with something to be told but no メールアドレス */
    char no_address_logins[512];   /* their logins, comma-separated (cut when long) */
} kremind_report;

/* Builds every mail due today and, unless dry_run, hands each to sendmail (the setting `sendmail`, default
   /usr/sbin/sendmail; From: the setting `mail_from`) and records it (the reminders table and one audit record per
   mail, in one transaction after sendmail took it). cb (may be NULL) sees each mail. A failed send is reported
   (KS_IO, the message naming sendmail) after the others were tried; the items of that mail go again next time.
   システム管理者, 統括情報セキュリティ責任者 or CISO. */
kstatus remind_run(kumo *k, bool dry_run, kremind_fn cb, void *ctx, kremind_report *r);

/* The mail settings: mail_from (the From address, required for kumo remind) and sendmail (the program; absolute
   path, written only by its owner). システム管理者; recorded in the audit trail. "" clears mail_from or resets
   sendmail to the default. */
kstatus remind_set_from(kumo *k, const char *from);
kstatus remind_set_sendmail(kumo *k, const char *path);
/* The two settings as they stand (sendmail: the default when unset). */
void remind_settings(kumo *k, char *from, size_t fn, char *sendmail, size_t sn);
#endif
