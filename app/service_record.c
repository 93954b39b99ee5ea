#include "app/service_record.h"

#include "app/internal.h"
#include "app/query.h"

kstatus service_record_visible(kumo *k, int64_t service_id)
{
    kumo_step(k);
    kservice sv;
    return q_service(k, service_id, &sv);
}

kstatus service_record_get(kumo *k, kstatus loaded, const char *what, int64_t service_id, record_answers_fn answers,
                           int64_t id, ck_answer **ans, size_t *n)
{
    if (ans) *ans = NULL;
    if (n) *n = 0;
    if (loaded == KS_NOTFOUND) return kumo_fail(k, loaded, "%sが見つかりません", what);
    if (loaded) return kumo_fail(k, loaded, NULL);
    kservice sv;
    kstatus s = q_service(k, service_id, &sv);
    if (!s && ans && n) s = kumo_result(k, answers(k->db, id, ans, n));
    return s;
}

kstatus service_current(kumo *k, kservice *sv)
{
    kservice cur;
    kstatus s = db_service_get(k->db, sv->id, &cur);
    if (s) return kumo_fail(k, s, s == KS_NOTFOUND ? "クラウドサービスが見つかりません" : NULL);
    if (!k->current && cur.version != sv->version) return kumo_fail(k, KS_CONFLICT, NULL);
    *sv = cur;
    return KS_OK;
}
