#include "app/cli.h"
int ui_main(const char *db_path) { (void)db_path; return 0; }
