/* libFuzzer harness: the date parser (forms/date.c) as people type dates — YYYY-MM-DD, YYYY/M/D, 2026年4月1日 with
   ASCII or full-width digits, 和暦 (令和8年4月1日, R8.4.1, H31.4.30) — and 年度 (R8, 令和8年度), plus the form's
   normalising of a date field. Whatever the bytes: no crash, no undefined behaviour, and every date it accepts is a
   real one that prints and parses back to itself. `make fuzz` runs it with clang; `make test` replays its corpus
   (tests/fuzz/corpus/date) through the same function. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "forms/date.h"
#include "forms/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256) return 0;   /* a typed date; longer input only repeats the same paths */
    char s[257];
    memcpy(s, data, size);
    s[size] = 0;
    kdate d;
    if (date_parse(s, &d)) {
        if (!date_valid(d.y, d.m, d.d)) abort();
        char iso[11], wareki[64];
        date_format(d, iso, sizeof iso);
        kdate back;
        if (!date_parse(iso, &back) || date_cmp(d, back) != 0) abort();
        date_wareki(d, wareki, sizeof wareki);
        kdate next = date_add_months(d, 12);
        if (!date_valid(next.y, next.m, next.d)) abort();
        (void)date_fiscal_year(d);
        (void)date_days_between(d, next);
    }
    int fy;
    if (date_parse_fy(s, &fy) && (fy < 1990 || fy > 2999)) abort();
    char *v = form_normalize(FF_START, s);
    if (v) {
        char msg[320];
        (void)form_check_value(FF_START, v, msg, sizeof msg);
        free(v);
    }
    return 0;
}
