/* The numbered migrations of kumo's schema. */
#ifndef KUMO_SCHEMA_H
#define KUMO_SCHEMA_H
#include <stddef.h>
size_t schema_migration_count(void);
const char *schema_migration(size_t i);
/* The version whose migration creates the audit trail: db_open then writes its first record (db_audit_genesis). */
#define SCHEMA_AUDIT_VERSION 4
#endif
