/* The numbered migrations of kumo's schema. */
#ifndef KUMO_SCHEMA_H
#define KUMO_SCHEMA_H
#include <stdbool.h>
#include <stddef.h>
size_t schema_migration_count(void);
const char *schema_migration(size_t i);
/* False for a migration that changes no row (it only adds or drops indexes): i as for schema_migration. */
bool schema_migration_changes_rows(size_t i);
/* The version whose migration creates the audit trail: db_open then writes its first record (db_audit_genesis). */
#define SCHEMA_AUDIT_VERSION 4

/* The searchable text of an application and of a service (x: the row's alias, "new." in a trigger), folded field by
   field by kumo_fold() (db/search.c): 申請番号, 承認番号, クラウドサービス名, 提供者, 部局, 申請者. The triggers of
   migration 3 and db_search_catch_up say the same. */
#define SCHEMA_APP_TEXT(x)                                                                                      \
    "kumo_fold(" x "app_no, " x "approval_no, " x "service_name, " x "provider, "                                \
    "(SELECT name FROM departments WHERE id = " x "dept_id), (SELECT name FROM users WHERE id = " x "applicant_id))"
/* The triggers that index a new row (dropped while rows are written in bulk and made again after: db.c
   db_search_defer / db_search_catch_up). */
#define SCHEMA_APP_SEARCH_AI                                                                                    \
    "CREATE TRIGGER app_search_ai AFTER INSERT ON applications BEGIN "                                           \
    "  INSERT INTO app_search(rowid, t) VALUES (new.id, " SCHEMA_APP_TEXT("new.") ");"                            \
    "END;"
#define SCHEMA_SVC_SEARCH_AI                                                                                    \
    "CREATE TRIGGER svc_search_ai AFTER INSERT ON services BEGIN "                                               \
    "  INSERT INTO svc_search(rowid, t) VALUES (new.id, " SCHEMA_SVC_TEXT("new.") ");"                            \
    "END;"
#define SCHEMA_SVC_TEXT(x)                                                                                      \
    "kumo_fold(" x "approval_no, " x "name, " x "provider, (SELECT name FROM departments WHERE id = " x "dept_id))"
#endif
