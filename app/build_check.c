#include "app/build_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/phase.h"
#include "app/policy.h"
#include "app/service_record.h"

static const char *nz(const char *s) { return s ? s : ""; }

static kstatus record_build_check(kumo *k, kservice *sv, const build_check_input *in, int64_t *id)
{
    kumo_step(k);
    char why[512];
    if (!policy_may_build_check(&k->me, sv, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    char msg[512];
    if (sform_build_check_check(in->v, sv->approved_on, date_today(), msg, sizeof msg, NULL))
        return kumo_fail(k, KS_INVALID, "%s", msg);
    phase_snapshot snap;
    kstatus s = phase_snapshot_take(k, PHASE_BUILD, "導入・構築時チェックリスト", in->answers, in->n_answers, &snap);
    if (s) return s;

    kbuild_check *b = calloc(1, sizeof *b);
    if (!b) {
        phase_snapshot_clear(&snap);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    kdate d;
    date_parse(in->v[BC_DATE], &d);
    b->service_id = sv->id;
    date_format(d, b->checked_on, sizeof b->checked_on);
    b->checker_id = k->me.id;
    snprintf(b->remarks, sizeof b->remarks, "%s", nz(in->v[BC_REMARKS]));
    b->nonconf = (int)snap.nonconf;
    snprintf(b->ck_key, sizeof b->ck_key, "%s", snap.key);
    snprintf(b->ck_name, sizeof b->ck_name, "%s", snap.name);
    snprintf(b->ck_version, sizeof b->ck_version, "%s", snap.version);
    char note[512];
    snprintf(note, sizeof note, "確認日 %s／%s 版 %s／不適合 %zu件", b->checked_on, snap.name, snap.version, snap.nonconf);

    kservice before = *sv;
    s = kumo_tx_begin(k);
    /* the service as stored when the step writes (another's review a moment ago is no conflict for a command) */
    if (!s) s = service_current(k, sv);
    if (!s && !policy_may_build_check(&k->me, sv, why, sizeof why)) s = kumo_fail(k, KS_DENIED, "%s", why);
    kservice stored = *sv;
    if (!s) s = db_build_check_insert(k->db, b);
    if (s == KS_CONSTRAINT) s = kumo_fail(k, KS_EXISTS, "このサービスの導入・構築時確認は既に記録されています");
    if (!s) s = db_build_check_answers_replace(k->db, b->id, snap.v, snap.n);
    if (!s) {
        snprintf(sv->build_state, sizeof sv->build_state, "done");
        snprintf(sv->build_checked_on, sizeof sv->build_checked_on, "%s", b->checked_on);
        s = db_service_update(k->db, sv);
    }
    if (!s) {
        kumo_audit(k, "導入・構築時確認", audit_kind_code(AK_BUILD_CHECK), b->id, sv->approval_no, sv->dept);
        kumo_audit_touch(k, AK_BUILD_CHECK, b->id);
        kumo_audit_touch(k, AK_SERVICE, sv->id);
        kumo_audit_change(k, "導入・構築時確認", stored.build_state, sv->build_state);
        kumo_audit_change(k, "確認日", stored.build_checked_on, sv->build_checked_on);
        kumo_audit_history(k, 0, sv->id, "", "", note);
    }
    s = kumo_tx_end(k, s);
    if (s) *sv = before;   /* nothing was written */
    else if (id) *id = b->id;
    phase_snapshot_clear(&snap);
    free(b);
    return s;
}

/* The values as typed (full-width digits, 和暦 dates) normalised the one way every form is (forms/service_form.h),
   then checked and stored. */
kstatus build_check_record(kumo *k, kservice *sv, const build_check_input *in, int64_t *id)
{
    sform_values nv;
    if (!sform_values_normalize(sform_build_check(), in->v, &nv)) {
        kumo_step(k);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    build_check_input norm = *in;
    for (int i = 0; i < BC__COUNT; i++) norm.v[i] = nv.v[i];
    kstatus s = record_build_check(k, sv, &norm, id);
    sform_values_clear(&nv);
    return s;
}

kstatus build_check_get(kumo *k, int64_t service_id, kbuild_check *out, ck_answer **ans, size_t *n)
{
    kumo_step(k);
    kstatus s = db_build_check_of(k->db, service_id, out);
    return service_record_get(k, s, "導入・構築時確認", service_id, db_build_check_answers_load, s ? 0 : out->id, ans, n);
}
