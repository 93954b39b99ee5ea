/* The screen 例外措置の一覧 (ポリシー004 §7-4(3)) and one 例外措置 shown whole. */
#ifndef KUMO_UI_SCREEN_EXCEPTIONS_H
#define KUMO_UI_SCREEN_EXCEPTIONS_H
#include "ui/ui.h"

extern const screen_ops SCREEN_EXCEPTIONS;  /* arg NULL */
/* One 例外措置 as text, then the CISO's step on it when one is due (事後報告, 定期確認). */
void ui_show_exception(const kexception *e);
#endif
