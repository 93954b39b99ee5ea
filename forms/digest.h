/* SHA-256 from OpenSSL's libcrypto (EVP_sha256), never hand-written: the audit trail's hash chain, the digest of a
   record's row, the digest of an imported file. Hex digests are 64 lowercase characters. */
#ifndef KUMO_DIGEST_H
#define KUMO_DIGEST_H
#include <stdbool.h>
#include <stddef.h>

#define DIGEST_HEX_SIZE 65   /* 64 hex characters and the NUL */

typedef struct digest_ctx {
    void *md;       /* EVP_MD_CTX */
    bool failed;    /* an allocation or a libcrypto call failed: digest_end says so */
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
