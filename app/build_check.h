/* The 導入・構築時確認 (規定003 §4(5); ポリシー004 §8-3(6)): between approval and 利用開始 the クラウドサービス管理者
   checks the provider's state with the 導入・構築時チェックリスト (templates/phase_build.csv, 004 §8-3(6)①–③) and
   records it (§8-3(6)④). Until then the register shows the service as 構築確認待ち, and once its 利用開始日 has
   passed `kumo due` lists it (app/build_check.c). The fields are forms/service_form.h's. */
#ifndef KUMO_APP_BUILD_CHECK_H
#define KUMO_APP_BUILD_CHECK_H
#include <stddef.h>
#include <stdint.h>

#include "app/session.h"
#include "db/db_lifecycle.h"
#include "forms/checklist.h"
#include "forms/service_form.h"

typedef struct build_check_input {
    const char *v[BC__COUNT];     /* 確認日, 備考 (forms/service_form.h), NULL as "" */
    const ck_answer *answers;     /* 導入・構築時チェックリスト answers, matched to the template by code */
    size_t n_answers;
} build_check_input;

/* Records the check of `sv` (policy_may_build_check): the form, every required item of the checklist answered (a
   不適合 with its 確認内容), a snapshot of the template version; the service becomes build_state done. On success sv
   is updated and *id (may be NULL) set. KS_CONFLICT if sv is stale. */
kstatus build_check_record(kumo *k, kservice *sv, const build_check_input *in, int64_t *id);
/* The recorded check of a service with its answers (ans/n may be NULL); KS_NOTFOUND, with a message, if none. The
   user must see the service. */
kstatus build_check_get(kumo *k, int64_t service_id, kbuild_check *out, ck_answer **ans, size_t *n);
#endif
