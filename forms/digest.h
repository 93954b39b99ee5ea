/* SHA-256 from OpenSSL's libcrypto (EVP), never hand-written: the audit trail's hash chain, the digest of a
   record's row, the digest of an imported file. Hex digests are 64 lowercase characters. */
#ifndef KUMO_DIGEST_H
#define KUMO_DIGEST_H
#include <stdbool.h>
#include <stddef.h>

#define DIGEST_HEX_SIZE 65   /* 64 hex characters and the NUL */
#define DIGEST_BUF_SIZE 2048

/* The bytes added are gathered in buf and handed to libcrypto a block at a time: a row's digest is made of many
   short pieces (a name, a length, a value), each a call into libcrypto otherwise. */
typedef struct digest_ctx {
    void *md;       /* EVP_MD_CTX, made when buf first overflows (a short text is digested in one call) */
    bool failed;    /* an allocation or a libcrypto call failed: digest_end says so */
    size_t n;       /* bytes waiting in buf */
    unsigned char buf[DIGEST_BUF_SIZE];
} digest_ctx;

/* Starts a SHA-256; false when libcrypto could not (then digest_end also returns false). */
bool digest_begin(digest_ctx *d);
void digest_add(digest_ctx *d, const void *p, size_t n);
void digest_str(digest_ctx *d, const char *s);
/* Finishes: the hex digest into out; false (out "") when anything failed. Frees the context either way. */
bool digest_end(digest_ctx *d, char out[DIGEST_HEX_SIZE]);
/* The SHA-256 of n bytes in hex; false on failure. */
bool digest_hex(const void *p, size_t n, char out[DIGEST_HEX_SIZE]);
#endif
