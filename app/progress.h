/* How a long step tells its front end how far it has got (kumo demo --rows, an import, an export of a large
   register): the front end hands the session a callback (kumo_set_progress); app/ calls it as the work goes on. The
   command line draws it on stderr when that is a terminal, the UI on its status line. */
#ifndef KUMO_APP_PROGRESS_H
#define KUMO_APP_PROGRESS_H

/* what: the work in Japanese (「台帳を書き出し中」); done of total units (total -1: not known beforehand). Called
   with done 0 at the start, now and then on the way, and once with done == total at the end (a step whose total was
   not known ends with both set to the count): then a front end clears its line. */
typedef void kprogress_fn(void *ctx, const char *what, long long done, long long total);

typedef struct kprogress {
    kprogress_fn *fn;   /* NULL: nobody is listening */
    void *ctx;
} kprogress;

/* Calls p->fn at the start, the end and every PROGRESS_EVERY units in between (a front end limits how often it
   draws by time as well); nothing when p or p->fn is NULL. */
#define PROGRESS_EVERY 256
void progress_report(const kprogress *p, const char *what, long long done, long long total);
#endif
