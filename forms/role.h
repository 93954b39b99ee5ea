/* The roles of the policy (規定003 §3, ポリシー004 §1) in one table: the code stored in the database, the 正式名 the
   UI shows and a short label that fits a narrow column (forms/role.c). A role is a krole everywhere above the
   database; db/ converts to and from the code when it reads or writes a user. Who may do what with a role is
   app/policy.c's alone. */
#ifndef KUMO_ROLE_H
#define KUMO_ROLE_H

typedef enum krole {
    ROLE_NONE,        /* no user, or a code this kumo does not know: the policy allows it nothing */
    ROLE_STAFF,       /* 職員等 */
    ROLE_DEPT_HEAD,   /* 情報セキュリティ責任者 (部局長) */
    ROLE_APPROVER,    /* 統括情報セキュリティ責任者 / 利用申請の許可権限者 */
    ROLE_CISO,        /* 最高情報セキュリティ責任者 */
    ROLE_AUDITOR,     /* 監査 */
    ROLE_ADMIN,       /* システム管理者 */
    ROLE__COUNT
} krole;

/* The role stored as `code` (staff, dept_head, approver, ciso, auditor, admin); ROLE_NONE for anything else. */
krole role_from_code(const char *code);
/* The role named by its code or its 正式名 (a command line option, a choice on a screen); ROLE_NONE if neither. */
krole role_parse(const char *s);
/* The code as stored ("" for ROLE_NONE). */
const char *role_code(krole r);
/* 情報セキュリティ責任者 … ("?" for ROLE_NONE). */
const char *role_label(krole r);
/* 部局長 … fits 10 columns ("?" for ROLE_NONE). */
const char *role_short(krole r);
#endif
