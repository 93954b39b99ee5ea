/* The schema, as numbered migrations: migration i brings PRAGMA user_version from i to i+1.
   Append new migrations; never edit one that has shipped. */
#include "db/schema.h"

#include <stdbool.h>
#include <stddef.h>

#define APP_TEXT(x) SCHEMA_APP_TEXT(x)
#define SVC_TEXT(x) SCHEMA_SVC_TEXT(x)

static const char *const MIGRATIONS[] = {
    /* 1: the core — settings, 部局, users, applications, 確認事項, history, the register */
    "CREATE TABLE settings ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ") STRICT;"
    "CREATE TABLE departments ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  active INTEGER NOT NULL DEFAULT 1"
    ") STRICT;"
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  login TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  dept_id INTEGER REFERENCES departments(id),"
    "  section TEXT NOT NULL DEFAULT '',"
    "  role TEXT NOT NULL CHECK (role IN ('staff','dept_head','approver','ciso','auditor','admin')),"
    "  active INTEGER NOT NULL DEFAULT 1"
    ") STRICT;"
    "CREATE TABLE services ("
    "  id INTEGER PRIMARY KEY,"
    "  approval_no TEXT NOT NULL UNIQUE,"
    "  app_id INTEGER,"
    "  name TEXT NOT NULL,"
    "  provider TEXT NOT NULL DEFAULT '',"
    "  dept_id INTEGER NOT NULL REFERENCES departments(id),"
    "  conf TEXT NOT NULL,"
    "  approved_on TEXT NOT NULL,"
    "  start_date TEXT NOT NULL,"
    "  end_date TEXT NOT NULL DEFAULT '',"
    "  manager_id INTEGER REFERENCES users(id),"
    "  next_review_due TEXT NOT NULL,"
    "  conditions TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','terminated')),"
    "  terminated_on TEXT NOT NULL DEFAULT '',"
    "  version INTEGER NOT NULL DEFAULT 1"
    ") STRICT;"
    "CREATE INDEX services_status ON services(status, approval_no);"
    "CREATE INDEX services_due ON services(status, next_review_due);"
    "CREATE INDEX services_manager ON services(manager_id);"
    "CREATE INDEX services_name ON services(name, provider);"
    "CREATE TABLE applications ("
    "  id INTEGER PRIMARY KEY,"
    "  app_no TEXT UNIQUE,"
    "  fy INTEGER NOT NULL DEFAULT 0,"
    "  seq INTEGER NOT NULL DEFAULT 0,"
    "  state TEXT NOT NULL DEFAULT 'draft'"
    "    CHECK (state IN ('draft','submitted','returned','approved','rejected')),"
    "  track TEXT NOT NULL DEFAULT '' CHECK (track IN ('','8-3','8-4')),"
    "  applicant_id INTEGER NOT NULL REFERENCES users(id),"
    "  dept_id INTEGER NOT NULL REFERENCES departments(id),"
    "  service_id INTEGER REFERENCES services(id),"
    "  parent_id INTEGER REFERENCES applications(id),"
    "  kind TEXT NOT NULL DEFAULT '新規',"
    "  section TEXT NOT NULL DEFAULT '',"
    "  contact TEXT NOT NULL DEFAULT '',"
    "  service_name TEXT NOT NULL DEFAULT '',"
    "  provider TEXT NOT NULL DEFAULT '',"
    "  service_type TEXT NOT NULL DEFAULT '',"
    "  url TEXT NOT NULL DEFAULT '',"
    "  purpose TEXT NOT NULL DEFAULT '',"
    "  scope TEXT NOT NULL DEFAULT '',"
    "  user_scope TEXT NOT NULL DEFAULT '',"
    "  user_count INTEGER,"
    "  conf TEXT NOT NULL DEFAULT '' CHECK (conf IN ('','1','2','3C','3B')),"
    "  integ TEXT NOT NULL DEFAULT '',"
    "  avail TEXT NOT NULL DEFAULT '',"
    "  personal TEXT NOT NULL DEFAULT '',"
    "  mynumber TEXT NOT NULL DEFAULT '',"
    "  pia TEXT NOT NULL DEFAULT '',"
    "  network TEXT NOT NULL DEFAULT '',"
    "  location TEXT NOT NULL DEFAULT '',"
    "  law TEXT NOT NULL DEFAULT '',"
    "  certs TEXT NOT NULL DEFAULT '',"
    "  contract TEXT NOT NULL DEFAULT '',"
    "  start_date TEXT NOT NULL DEFAULT '',"
    "  end_date TEXT NOT NULL DEFAULT '',"
    "  renewal_date TEXT NOT NULL DEFAULT '',"
    "  procurement_ref TEXT NOT NULL DEFAULT '',"
    "  remarks TEXT NOT NULL DEFAULT '',"
    "  applied_on TEXT NOT NULL DEFAULT '',"
    "  decision TEXT NOT NULL DEFAULT '',"
    "  decision_comment TEXT NOT NULL DEFAULT '',"
    "  decided_on TEXT NOT NULL DEFAULT '',"
    "  decided_by INTEGER REFERENCES users(id),"
    "  approval_no TEXT NOT NULL DEFAULT '',"
    "  manager_id INTEGER REFERENCES users(id),"
    "  next_review_due TEXT NOT NULL DEFAULT '',"
    "  ck_key TEXT NOT NULL DEFAULT '',"
    "  ck_name TEXT NOT NULL DEFAULT '',"
    "  ck_version TEXT NOT NULL DEFAULT '',"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX applications_state ON applications(state, id);"
    "CREATE INDEX applications_dept ON applications(dept_id, id);"
    "CREATE INDEX applications_applicant ON applications(applicant_id, id);"
    "CREATE INDEX applications_fy ON applications(fy, seq);"
    "CREATE INDEX applications_service ON applications(service_id);"
    "CREATE TABLE checklist_answers ("
    "  app_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,"
    "  no INTEGER NOT NULL,"
    "  code TEXT NOT NULL,"
    "  section TEXT NOT NULL DEFAULT '',"
    "  text TEXT NOT NULL,"
    "  required INTEGER NOT NULL DEFAULT 1,"
    "  answer TEXT NOT NULL DEFAULT '' CHECK (answer IN ('','適合','不適合','該当なし')),"
    "  note TEXT NOT NULL DEFAULT '',"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (app_id, no)"
    ") STRICT;"
    "CREATE TABLE history ("
    "  id INTEGER PRIMARY KEY,"
    "  app_id INTEGER REFERENCES applications(id) ON DELETE CASCADE,"
    "  service_id INTEGER REFERENCES services(id),"
    "  at TEXT NOT NULL,"
    "  user_id INTEGER REFERENCES users(id),"
    "  action TEXT NOT NULL,"
    "  from_state TEXT NOT NULL DEFAULT '',"
    "  to_state TEXT NOT NULL DEFAULT '',"
    "  comment TEXT NOT NULL DEFAULT ''"
    ") STRICT;"
    "CREATE INDEX history_app ON history(app_id, id);"
    "CREATE INDEX history_service ON history(service_id, id);",

    /* 2: after approval — 利用状況確認 (003 §4(8), §5; 004 §8-3(7)⑤) with a snapshot of the 運用・保守時
       checklist (003 §4(6)), and 終了連絡 (003 §4(4)③) with the 更改・廃棄時 checklist (003 §4(7), 004 §8-3(8)) */
    "CREATE TABLE reviews ("
    "  id INTEGER PRIMARY KEY,"
    "  service_id INTEGER NOT NULL REFERENCES services(id),"
    "  fy INTEGER NOT NULL CHECK (fy BETWEEN 1900 AND 9999),"
    "  reviewed_on TEXT NOT NULL CHECK (reviewed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),"
    "  reviewer_id INTEGER NOT NULL REFERENCES users(id),"
    "  usage TEXT NOT NULL CHECK (usage IN ('継続','変更あり','終了予定')),"
    "  user_count INTEGER CHECK (user_count IS NULL OR user_count BETWEEN 0 AND 9999999),"
    "  terms_changed TEXT NOT NULL CHECK (terms_changed IN ('有','無')),"
    "  change_detail TEXT NOT NULL DEFAULT '',"
    "  incident TEXT NOT NULL CHECK (incident IN ('有','無')),"
    "  incident_detail TEXT NOT NULL DEFAULT '',"
    "  inappropriate TEXT NOT NULL DEFAULT '',"
    "  referred_to TEXT NOT NULL DEFAULT '',"
    "  needs_response INTEGER NOT NULL CHECK (needs_response IN (0,1)),"
    "  response TEXT NOT NULL DEFAULT '',"
    "  responded_on TEXT NOT NULL DEFAULT '',"
    "  responder_id INTEGER REFERENCES users(id),"
    "  prev_due TEXT NOT NULL DEFAULT '',"
    "  next_due TEXT NOT NULL,"
    "  ck_key TEXT NOT NULL DEFAULT '',"
    "  ck_name TEXT NOT NULL DEFAULT '',"
    "  ck_version TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  CHECK ((usage <> '変更あり' AND terms_changed = '無') OR change_detail <> ''),"
    "  CHECK (incident = '無' OR incident_detail <> ''),"
    "  CHECK (inappropriate = '' OR referred_to <> ''),"
    "  CHECK ((responded_on = '') = (response = ''))"
    ") STRICT;"
    "CREATE INDEX reviews_service ON reviews(service_id, fy, reviewed_on);"
    "CREATE INDEX reviews_pending ON reviews(service_id) WHERE needs_response = 1 AND responded_on = '';"
    "CREATE TABLE review_answers ("
    "  review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,"
    "  no INTEGER NOT NULL,"
    "  code TEXT NOT NULL,"
    "  section TEXT NOT NULL DEFAULT '',"
    "  text TEXT NOT NULL,"
    "  required INTEGER NOT NULL DEFAULT 1,"
    "  answer TEXT NOT NULL DEFAULT '' CHECK (answer IN ('','適合','不適合','該当なし')),"
    "  note TEXT NOT NULL DEFAULT '',"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (review_id, no)"
    ") STRICT;"
    "CREATE TABLE terminations ("
    "  id INTEGER PRIMARY KEY,"
    "  service_id INTEGER NOT NULL REFERENCES services(id),"
    "  state TEXT NOT NULL DEFAULT 'filed' CHECK (state IN ('filed','accepted','returned')),"
    "  end_date TEXT NOT NULL CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),"
    "  plan TEXT NOT NULL CHECK (plan IN ('作成済','不要')),"
    "  plan_reason TEXT NOT NULL DEFAULT '',"
    "  notice_date TEXT NOT NULL CHECK (notice_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),"
    "  disposal TEXT NOT NULL DEFAULT ''"
    "    CHECK (disposal IN ('','暗号化消去','上書き消去','物理破壊','事業者の削除証明の受領')),"
    "  disposal_note TEXT NOT NULL DEFAULT '',"
    "  accounts_users TEXT NOT NULL CHECK (accounts_users IN ('削除済','削除予定','該当なし')),"
    "  accounts_privileged TEXT NOT NULL CHECK (accounts_privileged IN ('削除済','削除予定','該当なし')),"
    "  accounts_special TEXT NOT NULL CHECK (accounts_special IN ('削除済','削除予定','該当なし')),"
    "  remarks TEXT NOT NULL DEFAULT '',"
    "  filed_by INTEGER NOT NULL REFERENCES users(id),"
    "  filed_on TEXT NOT NULL,"
    "  decided_by INTEGER REFERENCES users(id),"
    "  decided_on TEXT NOT NULL DEFAULT '',"
    "  decision_comment TEXT NOT NULL DEFAULT '',"
    "  ck_key TEXT NOT NULL DEFAULT '',"
    "  ck_name TEXT NOT NULL DEFAULT '',"
    "  ck_version TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  CHECK (plan = '作成済' OR plan_reason <> ''),"
    "  CHECK (notice_date <= end_date),"
    "  CHECK ((state = 'filed') = (decided_on = '')),"
    "  CHECK (decided_by IS NULL OR decided_by <> filed_by)"
    ") STRICT;"
    /* at most one report awaiting 受理 per service */
    "CREATE UNIQUE INDEX terminations_open ON terminations(service_id) WHERE state = 'filed';"
    "CREATE INDEX terminations_service ON terminations(service_id, id);"
    "CREATE INDEX terminations_state ON terminations(state, id);"
    "CREATE TABLE termination_answers ("
    "  termination_id INTEGER NOT NULL REFERENCES terminations(id) ON DELETE CASCADE,"
    "  no INTEGER NOT NULL,"
    "  code TEXT NOT NULL,"
    "  section TEXT NOT NULL DEFAULT '',"
    "  text TEXT NOT NULL,"
    "  required INTEGER NOT NULL DEFAULT 1,"
    "  answer TEXT NOT NULL DEFAULT '' CHECK (answer IN ('','適合','不適合','該当なし')),"
    "  note TEXT NOT NULL DEFAULT '',"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (termination_id, no)"
    ") STRICT;"
    /* the due lists: services by end date (利用終了予定日 passed, no 終了連絡) */
    "CREATE INDEX services_end ON services(status, end_date);",

    /* 3: the 導入・構築時確認 (規定003 §4(5); ポリシー004 §8-3(6)④): recorded by the クラウドサービス管理者 with the
       導入・構築時チェックリスト between approval and 利用開始, as a snapshot of the template version it was
       answered against. services.build_state says where a service stands:
         pending — approved, the check not yet recorded (the register shows 構築確認待ち; `kumo due` lists it once
                   the 利用開始日 has passed);
         done    — recorded (build_checked_on is its 確認日);
         legacy  — put into use before kumo recorded the check: approved under the earlier procedure, or imported
                   from a register kept elsewhere. Such a service is not held back as 構築確認待ち;
         none    — not required: a 機密性1 service (004 §8-4 has no 導入・構築時 procedure; 003 and §8-3 concern
                   機密性2以上).
       Services that exist when this migration runs are legacy (or none for 機密性1), except 機密性2以上 services
       that have not started yet (利用開始日 after today in UTC — a day's slack either way is harmless here): their
       build phase is still ahead, so they wait for the check like any new approval. */
    "ALTER TABLE services ADD COLUMN build_state TEXT NOT NULL DEFAULT 'legacy'"
    "  CHECK (build_state IN ('pending','done','legacy','none'));"
    "ALTER TABLE services ADD COLUMN build_checked_on TEXT NOT NULL DEFAULT '';"
    "UPDATE services SET build_state = 'none' WHERE conf = '1';"
    "UPDATE services SET build_state = 'pending' WHERE status = 'active' AND conf <> '1' AND start_date > date('now');"
    "CREATE INDEX services_build ON services(start_date) WHERE build_state = 'pending';"
    "CREATE TABLE build_checks ("
    "  id INTEGER PRIMARY KEY,"
    "  service_id INTEGER NOT NULL UNIQUE REFERENCES services(id),"
    "  checked_on TEXT NOT NULL CHECK (checked_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),"
    "  checker_id INTEGER NOT NULL REFERENCES users(id),"
    "  remarks TEXT NOT NULL DEFAULT '',"
    "  nonconf INTEGER NOT NULL DEFAULT 0,"
    "  ck_key TEXT NOT NULL DEFAULT '',"
    "  ck_name TEXT NOT NULL DEFAULT '',"
    "  ck_version TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE TABLE build_check_answers ("
    "  build_check_id INTEGER NOT NULL REFERENCES build_checks(id) ON DELETE CASCADE,"
    "  no INTEGER NOT NULL,"
    "  code TEXT NOT NULL,"
    "  section TEXT NOT NULL DEFAULT '',"
    "  text TEXT NOT NULL,"
    "  required INTEGER NOT NULL DEFAULT 1,"
    "  answer TEXT NOT NULL DEFAULT '' CHECK (answer IN ('','適合','不適合','該当なし')),"
    "  note TEXT NOT NULL DEFAULT '',"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (build_check_id, no)"
    ") STRICT;",
    /* 4: the audit trail (db/audit.c): one record per step, hash-chained (SHA-256 of its canonical content and the
       previous record's hash), with the digest of every row the step left behind (audit_entity). Nothing may change
       or delete a record; the migration's hook (db_audit_genesis) writes record #1 with the digest of every row that
       exists, so a database made before 0.2 starts its trail from what it holds. */
    "CREATE TABLE audit ("
    "  seq INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  zone TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  actor_name TEXT NOT NULL,"
    "  actor_role TEXT NOT NULL,"
    "  os_login TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  entity_id INTEGER NOT NULL,"
    "  entity_no TEXT NOT NULL,"
    "  dept TEXT NOT NULL,"
    "  changes TEXT NOT NULL,"
    "  comment TEXT NOT NULL,"
    "  prev TEXT NOT NULL,"
    "  hash TEXT NOT NULL UNIQUE"
    ") STRICT;"
    "CREATE INDEX audit_at ON audit(at);"
    "CREATE INDEX audit_actor ON audit(actor, seq);"
    "CREATE TABLE audit_entity ("
    "  seq INTEGER NOT NULL REFERENCES audit(seq),"
    "  kind TEXT NOT NULL,"
    "  id INTEGER NOT NULL,"
    "  digest TEXT NOT NULL,"
    "  PRIMARY KEY (seq, kind, id)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE INDEX audit_entity_last ON audit_entity(kind, id, seq);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'kumo: audit records cannot be changed'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'kumo: audit records cannot be deleted'); END;"
    "CREATE TRIGGER audit_entity_no_update BEFORE UPDATE ON audit_entity "
    "BEGIN SELECT RAISE(ABORT, 'kumo: audit records cannot be changed'); END;"
    "CREATE TRIGGER audit_entity_no_delete BEFORE DELETE ON audit_entity "
    "BEGIN SELECT RAISE(ABORT, 'kumo: audit records cannot be deleted'); END;",
    /* 5: the search index (db/search.c): the folded text of every application and service in FTS5 tables kept by
       triggers, so that a search of any length, a match or none, reads the index and not every row (issue 10); an
       index for a user's own applications by state (ホーム, 申請一覧 of a 職員等) */
    "CREATE VIRTUAL TABLE app_search USING fts5(t, tokenize = 'kumo_gram', detail = 'none');"
    "CREATE VIRTUAL TABLE svc_search USING fts5(t, tokenize = 'kumo_gram', detail = 'none');"
    SCHEMA_APP_SEARCH_AI
    "CREATE TRIGGER app_search_au AFTER UPDATE OF app_no, approval_no, service_name, provider, dept_id, applicant_id "
    "  ON applications WHEN old.app_no IS NOT new.app_no OR old.approval_no IS NOT new.approval_no "
    "  OR old.service_name IS NOT new.service_name OR old.provider IS NOT new.provider "
    "  OR old.dept_id IS NOT new.dept_id OR old.applicant_id IS NOT new.applicant_id OR old.id IS NOT new.id BEGIN "
    "  DELETE FROM app_search WHERE rowid = old.id;"
    "  INSERT INTO app_search(rowid, t) VALUES (new.id, " APP_TEXT("new.") ");"
    "END;"
    "CREATE TRIGGER app_search_ad AFTER DELETE ON applications BEGIN "
    "  DELETE FROM app_search WHERE rowid = old.id;"
    "END;"
    SCHEMA_SVC_SEARCH_AI
    "CREATE TRIGGER svc_search_au AFTER UPDATE OF approval_no, name, provider, dept_id ON services "
    "  WHEN old.approval_no IS NOT new.approval_no OR old.name IS NOT new.name OR old.provider IS NOT new.provider "
    "  OR old.dept_id IS NOT new.dept_id OR old.id IS NOT new.id BEGIN "
    "  DELETE FROM svc_search WHERE rowid = old.id;"
    "  INSERT INTO svc_search(rowid, t) VALUES (new.id, " SVC_TEXT("new.") ");"
    "END;"
    "CREATE TRIGGER svc_search_ad AFTER DELETE ON services BEGIN "
    "  DELETE FROM svc_search WHERE rowid = old.id;"
    "END;"
    /* a 部局 renamed or a user's 氏名 changed (人事異動): the rows that show them are indexed again */
    "CREATE TRIGGER dept_search_au AFTER UPDATE OF name ON departments WHEN old.name IS NOT new.name BEGIN "
    "  DELETE FROM app_search WHERE rowid IN (SELECT id FROM applications WHERE dept_id = new.id);"
    "  INSERT INTO app_search(rowid, t) SELECT a.id, " APP_TEXT("a.") " FROM applications a WHERE a.dept_id = new.id;"
    "  DELETE FROM svc_search WHERE rowid IN (SELECT id FROM services WHERE dept_id = new.id);"
    "  INSERT INTO svc_search(rowid, t) SELECT s.id, " SVC_TEXT("s.") " FROM services s WHERE s.dept_id = new.id;"
    "END;"
    "CREATE TRIGGER user_search_au AFTER UPDATE OF name ON users WHEN old.name IS NOT new.name BEGIN "
    "  DELETE FROM app_search WHERE rowid IN (SELECT id FROM applications WHERE applicant_id = new.id);"
    "  INSERT INTO app_search(rowid, t) SELECT a.id, " APP_TEXT("a.") " FROM applications a "
    "    WHERE a.applicant_id = new.id;"
    "END;"
    "INSERT INTO app_search(rowid, t) SELECT a.id, " APP_TEXT("a.") " FROM applications a;"
    "INSERT INTO svc_search(rowid, t) SELECT s.id, " SVC_TEXT("s.") " FROM services s;"
    "CREATE INDEX applications_applicant_state ON applications(applicant_id, state, id);"
    /* a 情報セキュリティ責任者's decisions waiting: §8-4 applications of the 部局 in 申請中 */
    "CREATE INDEX applications_decider ON applications(state, track, dept_id, id);"
    /* the register's pages in 承認番号 order: a 部局's, a manager's (all: the UNIQUE index) */
    "CREATE INDEX services_dept_no ON services(dept_id, approval_no);"
    "CREATE INDEX services_manager_no ON services(manager_id, approval_no);"
    /* the due lists in date order, so that ホーム reads only the first few */
    "CREATE INDEX services_due_no ON services(status, next_review_due, approval_no);"
    "CREATE INDEX services_end_no ON services(status, end_date, approval_no);",
    /* 6: mail for reminders (kumo remind): each user's メールアドレス, and which reminder went to whom, so that a
       rerun sends nothing twice. A reminder is of one item (item: "review:<service id>", "decision:<application
       id>" …) as of one date (ref_date: the due date, the 申請日), at one stage (30, 7, 0 days before, then +7, +14 …
       days after): recorded once it was handed to sendmail. Not part of the audit trail's rows (each mail is an
       audit record of its own). */
    "ALTER TABLE users ADD COLUMN mail TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE reminders ("
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  item TEXT NOT NULL,"
    "  ref_date TEXT NOT NULL,"
    "  stage TEXT NOT NULL,"
    "  sent_at TEXT NOT NULL,"
    "  PRIMARY KEY (user_id, item, ref_date, stage)"
    ") STRICT, WITHOUT ROWID;",

    /* 7: the 例外措置 (ポリシー004 §7-4). An application with a 不適合 answer or a deviation the form flags can be
       approved only after the CISO permits the exception (§7-4(1)), recorded here with who, when, the reason, the
       conditions, until when and the date of the next periodic re-check (§7-4(3)); or, in an emergency, after the
       統括 approved it first (§7-4(2)), when the CISO's record of the after-the-fact report (事後報告) is due.
       subject 申請: an application's deviations (app_id, app_version: the submission the decision is about;
       service_id once approved); 廃棄方法: a service's disposal by a method other than 暗号化消去 (§8-3(8)③).
       state: granted / refused by the CISO; report_due (emergency, report not yet recorded) / reported.
       applications.needs_exception is set when an application is submitted (1: the deviations then; NULL: none —
       NULL keeps the audit trail's digest of every row this migration leaves alone), so the CISO's queue is a
       query. Submitted applications that exist when this migration runs get it from the rules of
       forms/form.c as they stand (選定基準① 保存場所・準拠法, 約款 without 第三者認証, 特定個人情報 on the
       インターネット接続系 or without a PIA) and their 不適合 answers; approval checks the deviations afresh anyway.

       「リスク受容」 was offered as a reason for 不適合 beside 「例外措置」; the policy knows only the 例外措置
       permitted by the CISO. Answers of applications still to be decided (下書き, 差戻し, 申請中) now say 例外措置
       and will need the CISO's permission before approval. Applications already decided keep リスク受容 as it was
       recorded — the record of what was decided then — and screens and printouts show it as リスク受容（旧区分）. */
    "ALTER TABLE applications ADD COLUMN needs_exception INTEGER CHECK (needs_exception IS NULL OR needs_exception = 1);"
    "UPDATE checklist_answers SET reason = '例外措置' WHERE reason = 'リスク受容'"
    "  AND app_id IN (SELECT id FROM applications WHERE state IN ('draft','returned','submitted'));"
    "UPDATE applications SET needs_exception = 1 WHERE state = 'submitted' AND ("
    "  EXISTS (SELECT 1 FROM checklist_answers c WHERE c.app_id = applications.id AND c.answer = '不適合')"
    "  OR (track = '8-3' AND (location IN ('国外','不明') OR law NOT IN ('','日本法・日本の裁判所')"
    "      OR (contract = '約款' AND certs = '')"
    "      OR (mynumber = '有' AND (network = 'インターネット接続系' OR pia = '不要')))));"
    "CREATE TABLE exceptions ("
    "  id INTEGER PRIMARY KEY,"
    "  exc_no TEXT NOT NULL UNIQUE,"
    "  subject TEXT NOT NULL CHECK (subject IN ('申請','廃棄方法')),"
    "  kind TEXT NOT NULL CHECK (kind IN ('通常','緊急')),"
    "  state TEXT NOT NULL CHECK (state IN ('granted','refused','report_due','reported')),"
    "  app_id INTEGER REFERENCES applications(id),"
    "  app_version INTEGER NOT NULL DEFAULT 0,"
    "  service_id INTEGER REFERENCES services(id),"
    "  deviations TEXT NOT NULL CHECK (deviations <> ''),"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  conditions TEXT NOT NULL DEFAULT '',"
    "  valid_until TEXT NOT NULL DEFAULT '',"
    "  recheck_on TEXT NOT NULL DEFAULT '',"
    "  ciso_id INTEGER REFERENCES users(id),"
    "  ciso_on TEXT NOT NULL DEFAULT '',"
    "  emergency_by INTEGER REFERENCES users(id),"
    "  emergency_on TEXT NOT NULL DEFAULT '',"
    "  emergency_reason TEXT NOT NULL DEFAULT '',"
    "  checked_on TEXT NOT NULL DEFAULT '',"
    "  check_note TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  CHECK (app_id IS NOT NULL OR service_id IS NOT NULL),"
    "  CHECK ((subject = '申請') = (app_id IS NOT NULL)),"
    "  CHECK ((kind = '緊急') = (emergency_by IS NOT NULL AND emergency_reason <> '')),"
    "  CHECK (state NOT IN ('report_due','reported') OR kind = '緊急'),"
    "  CHECK (state IN ('report_due') OR (ciso_id IS NOT NULL AND ciso_on <> '' AND reason <> '')),"
    "  CHECK (state NOT IN ('granted','reported') OR (valid_until <> '' AND recheck_on <> '' AND recheck_on <= valid_until)),"
    "  CHECK (ciso_id IS NULL OR emergency_by IS NULL OR ciso_id <> emergency_by)"
    ") STRICT;"
    "CREATE INDEX exceptions_app ON exceptions(app_id, app_version, id);"
    "CREATE INDEX exceptions_service ON exceptions(service_id, id);"
    "CREATE INDEX exceptions_report_due ON exceptions(emergency_on) WHERE state = 'report_due';"
    "CREATE INDEX exceptions_recheck ON exceptions(recheck_on) WHERE state IN ('granted','reported');"
    "CREATE INDEX applications_awaiting_exception ON applications(id) WHERE state = 'submitted' AND needs_exception = 1;",
    /* 8: pickers of users that scale to a city's staff (issue 12): pages in 氏名 order by keyset, a search by the start
       of a 氏名, a ログイン名 or a 部局名 through indexes (db_user_page), and the users of a role (ホーム names who will
       decide) */
    "CREATE INDEX users_name ON users(name, id);"
    "CREATE INDEX users_dept_name ON users(dept_id, name, id);"
    "CREATE INDEX users_role ON users(role, dept_id);"
    "CREATE INDEX departments_name_active ON departments(name, active);",
    /* 9: the rules of a checklist item kept in every snapshot with its text (forms/checklist.h): note_required (1 =
       the 確認内容・対策 must be written, e.g. 規定003 §4(1)③ 「低減策を確認内容に記入」), answers (those the item
       admits, "" = all; §4(1)⑥ admits 適合 only), conflicts (form values that contradict 適合). Rows answered before
       have none (NULL, ''), so their digests in the audit trail stay as they were. */
    "ALTER TABLE checklist_answers ADD COLUMN note_required INTEGER CHECK (note_required IS NULL OR note_required = 1);"
    "ALTER TABLE checklist_answers ADD COLUMN answers TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE checklist_answers ADD COLUMN conflicts TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE review_answers ADD COLUMN note_required INTEGER CHECK (note_required IS NULL OR note_required = 1);"
    "ALTER TABLE review_answers ADD COLUMN answers TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE review_answers ADD COLUMN conflicts TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE termination_answers ADD COLUMN note_required INTEGER "
    "  CHECK (note_required IS NULL OR note_required = 1);"
    "ALTER TABLE termination_answers ADD COLUMN answers TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE termination_answers ADD COLUMN conflicts TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE build_check_answers ADD COLUMN note_required INTEGER "
    "  CHECK (note_required IS NULL OR note_required = 1);"
    "ALTER TABLE build_check_answers ADD COLUMN answers TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE build_check_answers ADD COLUMN conflicts TEXT NOT NULL DEFAULT '';",

    /* 10: a verified end (規定003 §4(7), ポリシー004 §8-3(8), §2(2)①(エ)). The 終了連絡 says what exists and is accepted
       (受理); the service is then 終了処理中 (services.disposal_state pending) until the 廃棄・削除完了報告 — the
       date, the 担当者, the 削除方法 and 削除の確認 of 002's table (暗号化消去 for 機密性2以上 unless a 例外措置 of
       the 廃棄方法 says otherwise: 004 §8-3(8)③), the evidence, every copy and every account kind deleted — is
       accepted (done, disposed_on); only then is it 終了.
       Services ended before this migration: if the accepted 終了連絡 left an account 削除予定, the deletion was never
       verified, so they are pending (終了処理中, listed by `kumo due`); otherwise they are legacy — ended under the
       earlier procedure with every account 削除済 or 該当なし — and stay 終了. '' keeps the audit trail's digest of
       every service this migration leaves alone. */
    "ALTER TABLE services ADD COLUMN disposal_state TEXT NOT NULL DEFAULT ''"
    "  CHECK (disposal_state IN ('','pending','done','legacy'));"
    "ALTER TABLE services ADD COLUMN disposed_on TEXT NOT NULL DEFAULT '';"
    "UPDATE services SET disposal_state = CASE WHEN EXISTS (SELECT 1 FROM terminations t WHERE t.service_id = services.id"
    "  AND t.state = 'accepted' AND '削除予定' IN (t.accounts_users, t.accounts_privileged, t.accounts_special))"
    "  THEN 'pending' ELSE 'legacy' END WHERE status = 'terminated';"
    "CREATE INDEX services_disposal ON services(terminated_on, approval_no) WHERE disposal_state = 'pending';"
    "CREATE TABLE disposals ("
    "  id INTEGER PRIMARY KEY,"
    "  service_id INTEGER NOT NULL REFERENCES services(id),"
    "  state TEXT NOT NULL DEFAULT 'filed' CHECK (state IN ('filed','accepted','returned')),"
    "  done_on TEXT NOT NULL CHECK (done_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),"
    "  worker TEXT NOT NULL CHECK (worker <> ''),"
    "  method TEXT NOT NULL CHECK (method IN ('暗号化消去','上書き消去','ブロック消去','物理的破壊','磁気的破壊',"
    "    '上書き消去（アクセス可能な領域のみ）')),"
    "  confirmation TEXT NOT NULL CHECK (confirmation IN ('抹消措置の完了証明書','破壊の完了証明書（写真付き）',"
    "    '職員の立会い','職員による作業完了の確認')),"
    "  exception_id INTEGER REFERENCES exceptions(id),"
    "  evidence TEXT NOT NULL CHECK (evidence <> ''),"
    "  copies TEXT NOT NULL CHECK (copies IN ('削除済','該当なし')),"
    "  accounts_users TEXT NOT NULL CHECK (accounts_users IN ('削除済','該当なし')),"
    "  accounts_privileged TEXT NOT NULL CHECK (accounts_privileged IN ('削除済','該当なし')),"
    "  accounts_special TEXT NOT NULL CHECK (accounts_special IN ('削除済','該当なし')),"
    "  remarks TEXT NOT NULL DEFAULT '',"
    "  filed_by INTEGER NOT NULL REFERENCES users(id),"
    "  filed_on TEXT NOT NULL,"
    "  decided_by INTEGER REFERENCES users(id),"
    "  decided_on TEXT NOT NULL DEFAULT '',"
    "  decision_comment TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  CHECK ((state = 'filed') = (decided_on = '')),"
    "  CHECK (decided_by IS NULL OR decided_by <> filed_by)"
    ") STRICT;"
    "CREATE UNIQUE INDEX disposals_open ON disposals(service_id) WHERE state = 'filed';"
    "CREATE INDEX disposals_service ON disposals(service_id, id);",

    /* 11: a 変更 approval keeps the service's first 承認日 (規定003 §4(4)② records the 承認日 of the service) and
       records its own date next to it (changed_on, the 変更承認日 of the latest approved 変更申請). Services changed
       before this migration had their 承認日 overwritten by the change: it is restored from their applications (the
       first approval's decided_on) and the latest one becomes the 変更承認日; the audit trail records those rows
       (db_audit_migrated), '' keeps the digest of the others. */
    "ALTER TABLE services ADD COLUMN changed_on TEXT NOT NULL DEFAULT '';"
    "UPDATE services SET"
    "  changed_on = (SELECT max(a.decided_on) FROM applications a WHERE a.service_id = services.id"
    "    AND a.state = 'approved' AND a.decided_on <> ''),"
    "  approved_on = (SELECT min(a.decided_on) FROM applications a WHERE a.service_id = services.id"
    "    AND a.state = 'approved' AND a.decided_on <> '')"
    "  WHERE (SELECT count(*) FROM applications a WHERE a.service_id = services.id AND a.state = 'approved'"
    "    AND a.decided_on <> '') > 1;",

    /* 12: the yearly review of the regulation itself (規定003 §5: the 統括情報セキュリティ責任者 reviews it at least
       once a year; ポリシー004 §9-3): who, when, which versions of the 確認事項 templates, the outcome and the note. */
    "CREATE TABLE regulation_reviews ("
    "  id INTEGER PRIMARY KEY,"
    "  reviewed_on TEXT NOT NULL CHECK (reviewed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),"
    "  reviewer_id INTEGER NOT NULL REFERENCES users(id),"
    "  versions TEXT NOT NULL CHECK (versions <> ''),"
    "  outcome TEXT NOT NULL CHECK (outcome IN ('改訂不要','改訂する')),"
    "  note TEXT NOT NULL CHECK (note <> ''),"
    "  created_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX regulation_reviews_on ON regulation_reviews(reviewed_on, id);",

    /* 13: the 取扱制限 of the information (ポリシー004 §2(1); 規定003 §4(6)③) on the 申請書, required for 機密性3B・3C.
       '' keeps the audit trail's digest of every application made before it. */
    "ALTER TABLE applications ADD COLUMN handling TEXT NOT NULL DEFAULT '';",

    /* 14: three indexes of the register that are the first columns of another (migrations 1 and 2 made them before
       the lists read by keyset): services_due is the start of services_due_no, services_end of services_end_no and
       services_manager of services_manager_no, which answer the same queries. Every service written (an import, a
       decision, kumo demo) kept all of them up to date for nothing. No row changes. */
    "DROP INDEX services_due;"
    "DROP INDEX services_end;"
    "DROP INDEX services_manager;",

    /* 15: the 監査証跡 read by 操作 or by 部局 as it is by 操作者 (audit_actor): a page of the records of one 操作 or
       one 部局 through an index of (column, seq), not by reading the trail from its newest record until a page is
       found (db_audit_page). */
    "CREATE INDEX audit_action ON audit(action, seq);"
    "CREATE INDEX audit_dept ON audit(dept, seq);",

    /* 16: the 部局 screen's count of each 部局's active services, read from an index of (部局, 状態) and bounded
       (db_dept_list_all), where it read every service of each 部局 from the table to look at its state. */
    "CREATE INDEX services_dept_status ON services(dept_id, status);",

    /* 17: the 申請一覧 filtered by two or three of 状態, 部局 and 機密性, or by 機密性 alone: a page through an index of
       exactly those columns and the id (db_app_page), where it read the index of one of them and looked at every row
       of it for the others (却下 of 機密性3B in a million applications: every 却下 read to find there is none). */
    "CREATE INDEX applications_conf ON applications(conf, id);"
    "CREATE INDEX applications_state_conf ON applications(state, conf, id);"
    "CREATE INDEX applications_state_dept ON applications(state, dept_id, id);"
    "CREATE INDEX applications_dept_conf ON applications(dept_id, conf, id);"
    "CREATE INDEX applications_state_dept_conf ON applications(state, dept_id, conf, id);"
    /* and a 情報セキュリティ責任者's own applications in the other 部局 (db_app_page) */
    "CREATE INDEX applications_applicant_dept ON applications(applicant_id, dept_id, id);",

    /* 18: a 職員等's 申請一覧 (their own applications) filtered by 機密性, with or without 状態: a page through an index
       of the applicant and those columns and the id, where it read every own application (or every own one of the
       状態) to find the few of the 機密性 (db_app_page); a 部局 filter reads applications_applicant_dept. */
    "CREATE INDEX applications_applicant_conf ON applications(applicant_id, conf, id);"
    "CREATE INDEX applications_applicant_state_conf ON applications(applicant_id, state, conf, id);",
};

/* The migrations that change no row (indexes only): the trail has nothing to record for them, and looking for
   changed rows would read every row of the database (db_audit_migrated). */
static const size_t INDEX_ONLY[] = {14, 15, 16, 17, 18};

size_t schema_migration_count(void) { return sizeof MIGRATIONS / sizeof MIGRATIONS[0]; }
const char *schema_migration(size_t i) { return i < schema_migration_count() ? MIGRATIONS[i] : NULL; }

bool schema_migration_changes_rows(size_t i)
{
    for (size_t j = 0; j < sizeof INDEX_ONLY / sizeof INDEX_ONLY[0]; j++)
        if (INDEX_ONLY[j] == i + 1) return false;
    return true;
}
