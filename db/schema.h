/* The numbered migrations of kumo's schema. */
#ifndef KUMO_SCHEMA_H
#define KUMO_SCHEMA_H
#include <stddef.h>
size_t schema_migration_count(void);
const char *schema_migration(size_t i);
#endif
