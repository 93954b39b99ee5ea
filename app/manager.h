/* The クラウドサービス管理者 of an approved service: designated at approval (app/workflow.c), designated again here by
   the approver (規定003 §4(4)②, ポリシー004 §8-3(5)③); the history keeps 旧 → 新 (app/manager.c). */
#ifndef KUMO_APP_MANAGER_H
#define KUMO_APP_MANAGER_H
#include <stdint.h>

#include "app/session.h"

/* Designates another クラウドサービス管理者 for `sv` (updated on success); reason may be "". */
kstatus manager_redesignate(kumo *k, kservice *sv, int64_t new_manager_id, const char *reason);
#endif
