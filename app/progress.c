#include "app/progress.h"

#include <stddef.h>

void progress_report(const kprogress *p, const char *what, long long done, long long total)
{
    if (!p || !p->fn) return;
    if (done == 0 || done == total || done % PROGRESS_EVERY == 0) p->fn(p->ctx, what, done, total);
}
