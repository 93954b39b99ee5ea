/* libFuzzer harness: the text module (forms/text.c), the one place that measures, clips and sanitises strings for
   the screen and the workbooks. Whatever the bytes: no crash, no undefined behaviour, and its promises hold —
   sanitised text is valid UTF-8 without control characters, text_fit never writes more columns than asked nor past
   its buffer and ends on a whole character, a grapheme is never longer than the text. `make fuzz` runs it with
   clang; `make test` replays its corpus (tests/fuzz/corpus/text_width) through the same function. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void must(bool ok)
{
    if (!ok) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 4096) return 0;
    /* the first byte chooses the columns and the buffer size, the rest is the text */
    int cols = data[0] % 90;
    size_t outsz = (size_t)(data[1] % 64) + 1;
    char *s = malloc(size - 1);
    if (!s) return 0;
    memcpy(s, data + 2, size - 2);
    s[size - 2] = 0;
    size_t n = strlen(s);

    (void)text_valid_utf8(s, n);
    (void)text_has_control(s);
    must(text_chars(s) <= n);
    int w = text_width(s);
    must(w >= 0);

    char *clean = text_sanitize(s);
    if (clean) {
        must(text_valid_utf8(clean, strlen(clean)) && !text_has_control(clean));
        must(text_width(clean) == w);
        free(clean);
    }
    char big[1024];
    for (int pad = 0; pad < 2; pad++) {
        int got = text_fit(big, sizeof big, s, cols, pad);
        must(got <= cols && text_width(big) == got && text_valid_utf8(big, strlen(big)) && !text_has_control(big));
        if (pad) must(got == cols || strlen(big) + 4 >= sizeof big);
        char small[64];
        int g2 = text_fit(small, outsz, s, cols, pad);
        must(strlen(small) < outsz && g2 <= cols && text_valid_utf8(small, strlen(small)));
    }
    char buf[96];
    snprintf(buf, sizeof buf, "%s", s);
    text_trim_partial(buf);
    text_sanitize_into(buf, sizeof buf);
    must(text_valid_utf8(buf, strlen(buf)) && !text_has_control(buf));
    for (size_t i = 0; i < n;) {
        size_t g = text_grapheme_len(s + i, n - i);
        must(g >= 1 && g <= n - i);
        i += g;
    }
    (void)text_check(s, 40, data[0] & 1);
    free(s);
    return 0;
}
