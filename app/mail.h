/* Mail as the system sends it (app/mail.c): an address checked, a complete message with the MIME headers Japanese
   needs (UTF-8 body in base64, the subject and names as RFC 2047 encoded-words, Date, Message-ID), and handed to the
   system's sendmail interface as cron and mdadm do — in a child that runs without kumo's group. */
#ifndef KUMO_APP_MAIL_H
#define KUMO_APP_MAIL_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "app/session.h"

/* The sendmail used when the setting `sendmail` is not set. */
#define MAIL_DEFAULT_SENDMAIL "/usr/sbin/sendmail"

/* An address kumo sends to or from: local@domain in ASCII, at most 254 characters, no spaces, quotes, angle brackets,
   commas or control characters, not beginning with '-' (it is given to sendmail as an argument). */
bool mail_address_valid(const char *a);

/* text as RFC 2047 encoded-words (=?UTF-8?B?…?=), each at most 64 characters (a header line stays within 78) and
   never splitting a character,
   separated by "\n " (a folded header line); plain ASCII text without '=?', control characters or long words comes
   back as it is. Control characters become spaces. Returns a malloc'd string (NULL: out of memory). */
char *mail_header_text(const char *text);

/* A message: the headers (From, To with the name, Subject, Date in RFC 5322 form with the zone's offset, a unique
   Message-ID, MIME-Version, Content-Type text/plain; charset=UTF-8, Content-Transfer-Encoding base64,
   Auto-Submitted: auto-generated), a blank line and the body in base64 lines of 76 characters. Lines end with \n
   (sendmail's convention). Returns a malloc'd string (NULL: out of memory). */
char *mail_message(const char *from, const char *to_name, const char *to, const char *subject, const char *body,
                   time_t when);

/* Whether sendmail may be run: an absolute path to an executable regular file that only its owner may write (a
   program any user could replace would run as whoever sends). NULL when it may, else the reason in Japanese. */
const char *mail_sendmail_problem(const char *path, char *buf, size_t n);

/* Hands msg to `sendmail -oi -- to` (never through a shell; the child gives up kumo's group for good first).
   KS_OK when sendmail took it (exit status 0); else KS_IO with a message naming sendmail and its exit status. */
kstatus mail_send(kumo *k, const char *sendmail, const char *to, const char *msg);
#endif
