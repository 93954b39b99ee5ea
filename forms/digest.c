#include "forms/digest.h"

#include <openssl/evp.h>
#include <stdio.h>

bool digest_begin(digest_ctx *d)
{
    d->failed = false;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    d->md = c;
    if (!c || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1) d->failed = true;
    return !d->failed;
}

void digest_add(digest_ctx *d, const void *p, size_t n)
{
    if (d->failed || !n) return;
    if (EVP_DigestUpdate((EVP_MD_CTX *)d->md, p, n) != 1) d->failed = true;
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
    bool ok = !d->failed && EVP_DigestFinal_ex((EVP_MD_CTX *)d->md, md, &n) == 1 && n == 32;
    EVP_MD_CTX_free((EVP_MD_CTX *)d->md);
    d->md = NULL;
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
