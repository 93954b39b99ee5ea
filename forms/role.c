#include "forms/role.h"

#include <string.h>

static const struct {
    const char *code, *label, *short_label;
} ROLES[ROLE__COUNT] = {
    [ROLE_NONE] = {"", "?", "?"},
    [ROLE_STAFF] = {"staff", "職員等", "職員等"},
    [ROLE_DEPT_HEAD] = {"dept_head", "情報セキュリティ責任者", "部局長"},
    [ROLE_APPROVER] = {"approver", "統括情報セキュリティ責任者", "統括責任者"},
    [ROLE_CISO] = {"ciso", "最高情報セキュリティ責任者（CISO）", "CISO"},
    [ROLE_AUDITOR] = {"auditor", "監査", "監査"},
    [ROLE_ADMIN] = {"admin", "システム管理者", "管理者"},
};

static krole valid(krole r) { return r > ROLE_NONE && r < ROLE__COUNT ? r : ROLE_NONE; }

krole role_from_code(const char *code)
{
    for (int r = ROLE_NONE + 1; code && r < ROLE__COUNT; r++)
        if (!strcmp(ROLES[r].code, code)) return (krole)r;
    return ROLE_NONE;
}

krole role_parse(const char *s)
{
    for (int r = ROLE_NONE + 1; s && r < ROLE__COUNT; r++)
        if (!strcmp(ROLES[r].code, s) || !strcmp(ROLES[r].label, s)) return (krole)r;
    return ROLE_NONE;
}

const char *role_code(krole r) { return ROLES[valid(r)].code; }
const char *role_label(krole r) { return ROLES[valid(r)].label; }
const char *role_short(krole r) { return ROLES[valid(r)].short_label; }
