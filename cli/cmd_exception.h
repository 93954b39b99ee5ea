/* The command line's exception: the 例外措置 the CISO permits or refuses, the 事後報告 of an emergency approval, the
   periodic re-check, and the register of them (ポリシー004 §7-4) (cli/cmd_exception.c). */
#ifndef KUMO_CLI_CMD_EXCEPTION_H
#define KUMO_CLI_CMD_EXCEPTION_H
#include "cli/cli.h"

/* The rows of the command table, ending with a NULL name. */
extern const cli_command CLI_EXCEPTION_COMMANDS[];
#endif
