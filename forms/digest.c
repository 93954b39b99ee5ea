#include "forms/digest.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

/* SHA-256 looked up once per process: EVP_sha256() makes libcrypto look its implementation up again at every
   EVP_DigestInit_ex (a lock and a search of its providers), which costs more than hashing a short row. */
static const EVP_MD *sha256(void)
{
    static EVP_MD *md;
    if (!md) md = EVP_MD_fetch(NULL, "SHA256", NULL);
    return md;
}

bool digest_begin(digest_ctx *d)
{
    d->md = NULL;
    d->n = 0;
    d->failed = !sha256();
    return !d->failed;
}

/* Hands what waits in buf (and then p, n) to libcrypto, making the context the first time. */
static void flush(digest_ctx *d, const void *p, size_t n)
{
    if (d->failed) return;
    if (!d->md) {
        EVP_MD_CTX *c = EVP_MD_CTX_new();
        d->md = c;
        if (!c || EVP_DigestInit_ex2(c, sha256(), NULL) != 1) {
            d->failed = true;
            return;
        }
    }
    if (d->n && EVP_DigestUpdate((EVP_MD_CTX *)d->md, d->buf, d->n) != 1) d->failed = true;
    d->n = 0;
    if (n && !d->failed && EVP_DigestUpdate((EVP_MD_CTX *)d->md, p, n) != 1) d->failed = true;
}

void digest_add(digest_ctx *d, const void *p, size_t n)
{
    if (d->failed || !n) return;
    if (d->n + n <= sizeof d->buf) {
        memcpy(d->buf + d->n, p, n);
        d->n += n;
    } else if (n < sizeof d->buf / 2) {
        flush(d, NULL, 0);
        memcpy(d->buf, p, n);
        d->n = n;
    } else {
        flush(d, p, n);
    }
}

void digest_str(digest_ctx *d, const char *s)
{
    size_t n = 0;
    if (s)
        while (s[n]) n++;
    digest_add(d, s, n);
}

bool digest_end(digest_ctx *d, char out[DIGEST_HEX_SIZE])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    out[0] = 0;
    bool ok;
    if (!d->md && !d->failed) {
        /* all of it in buf: one call */
        ok = EVP_Digest(d->buf, d->n, md, &n, sha256(), NULL) == 1 && n == 32;
    } else {
        flush(d, NULL, 0);
        ok = !d->failed && EVP_DigestFinal_ex((EVP_MD_CTX *)d->md, md, &n) == 1 && n == 32;
    }
    EVP_MD_CTX_free((EVP_MD_CTX *)d->md);
    d->md = NULL;
    d->n = 0;
    if (!ok) return false;
    static const char HEX[] = "0123456789abcdef";
    for (unsigned i = 0; i < n; i++) {
        out[2 * i] = HEX[md[i] >> 4];
        out[2 * i + 1] = HEX[md[i] & 15];
    }
    out[64] = 0;
    return true;
}

bool digest_hex(const void *p, size_t n, char out[DIGEST_HEX_SIZE])
{
    digest_ctx d;
    digest_begin(&d);
    digest_add(&d, p, n);
    return digest_end(&d, out);
}
