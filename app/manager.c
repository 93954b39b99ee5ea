#include "app/manager.h"

#include <stdio.h>

#include "app/internal.h"
#include "app/policy.h"
#include "app/service_record.h"

kstatus manager_redesignate(kumo *k, kservice *sv, int64_t new_manager_id, const char *reason)
{
    kumo_step(k);
    char why[512];
    if (!policy_may_redesignate(&k->me, sv, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    kuser mgr;
    kstatus s = db_user_by_id(k->db, new_manager_id, &mgr);
    if (s || !policy_may_manage(&mgr))
        return kumo_fail(k, KS_INVALID,
                         "クラウドサービス管理者に指名できる利用者を選んでください（監査・システム管理者・無効な利用者は指名できません）");
    if ((s = kumo_check_text(k, "変更の理由", reason, 400, true, false))) return s;
    /* the rules again on the service as stored when the step writes */
    kservice cur = *sv;
    if ((s = kumo_tx_begin(k))) return s;
    s = service_current(k, &cur);
    if (!s && !policy_may_redesignate(&k->me, &cur, why, sizeof why)) s = kumo_fail(k, KS_DENIED, "%s", why);
    if (!s && mgr.id == cur.manager_id)
        s = kumo_fail(k, KS_INVALID, "%s は既にこのサービスのクラウドサービス管理者です", mgr.name);
    char old_name[128] = "（未指名）";
    kuser old;
    if (!s && cur.manager_id && db_user_by_id(k->db, cur.manager_id, &old) == KS_OK)
        snprintf(old_name, sizeof old_name, "%s", old.name);
    const char *r = reason ? reason : "";
    char note[2048];
    snprintf(note, sizeof note, "%s → %s%s%s", old_name, mgr.name, *r ? "／" : "", r);
    if (!s) {
        int64_t old_id = cur.manager_id;
        cur.manager_id = mgr.id;
        s = db_service_update(k->db, &cur);
        if (!s) {
            kumo_audit_service(k, "管理者変更", &cur);
            kumo_audit_change(k, "クラウドサービス管理者", old_id ? old_name : "", mgr.name);
            kumo_audit_history(k, 0, cur.id, "", "", note);
        }
    }
    if ((s = kumo_tx_end(k, s))) return s;   /* nothing was written: the caller's record is as it was */
    snprintf(cur.manager, sizeof cur.manager, "%s", mgr.name);
    *sv = cur;
    return KS_OK;
}
