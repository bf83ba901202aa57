#include "store/Schema.h"

#include <string>
#include <vector>

namespace sendband {
namespace {

// Each entry takes the schema from version i to i + 1. Never edit a published migration: add one.
const std::vector<std::string>& migrations() {
    static const std::vector<std::string> m = {
        // 1: the first schema.
        R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE rule_sets (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  authority TEXT NOT NULL,
  framework TEXT NOT NULL,
  version TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to TEXT,
  yaml TEXT NOT NULL
);
CREATE TABLE settings (
  id INTEGER PRIMARY KEY,
  urn TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  setting_type TEXT NOT NULL,
  phase TEXT NOT NULL DEFAULT '',
  local_authority TEXT NOT NULL DEFAULT ''
);
CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  pseudonym TEXT NOT NULL UNIQUE,
  primary_need TEXT NOT NULL,
  setting_type TEXT NOT NULL,
  setting_id INTEGER REFERENCES settings(id),
  placement_start TEXT,
  placement_end TEXT,
  responsible_la TEXT NOT NULL DEFAULT '',
  officer TEXT NOT NULL DEFAULT '',
  source_hash TEXT NOT NULL
);
CREATE TABLE identities (
  plan_id INTEGER PRIMARY KEY REFERENCES plans(id),
  name TEXT,
  upn TEXT,
  date_of_birth TEXT
);
CREATE TABLE assessments (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  assessed_on TEXT,
  officer TEXT NOT NULL DEFAULT '',
  profile TEXT NOT NULL
);
CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  assessment_id INTEGER NOT NULL REFERENCES assessments(id),
  rule_set_id INTEGER NOT NULL REFERENCES rule_sets(id),
  as_of TEXT NOT NULL,
  band TEXT NOT NULL,
  top_up_pence INTEGER NOT NULL,
  place_pence INTEGER NOT NULL,
  other_pence INTEGER NOT NULL DEFAULT 0,
  needs_approval INTEGER NOT NULL DEFAULT 0,
  trace TEXT NOT NULL
);
CREATE INDEX decisions_by_plan ON decisions(plan_id, id);
CREATE TABLE overrides (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  decision_id INTEGER NOT NULL REFERENCES decisions(id),
  band TEXT NOT NULL,
  top_up_pence INTEGER NOT NULL,
  place_pence INTEGER NOT NULL,
  reason_code TEXT NOT NULL,
  note TEXT NOT NULL,
  officer TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('in_force', 'awaiting_approval', 'superseded')),
  approver TEXT
);
CREATE INDEX overrides_by_plan ON overrides(plan_id, id);
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  before TEXT,
  after TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql",
        // 2: review dates for the caseload screen, and finding an entity's audit entries quickly.
        R"sql(
ALTER TABLE plans ADD COLUMN review_due TEXT;
CREATE INDEX audit_log_by_entity ON audit_log(entity);
)sql",
        // 3: erasing a child's identifying data (workflows/Erasure.h): when it was erased, and what
        // banding keeps of the date of birth (banding/AgeSchedule.h) so that no figure changes.
        R"sql(
ALTER TABLE plans ADD COLUMN erased_on TEXT;
ALTER TABLE plans ADD COLUMN age_schedule TEXT;
)sql",
        // 4: the file says what it is: SQLite's application id "SBND" (store/SqliteDatabase.h), so
        // that sendband never mistakes another program's database for its own, nor the reverse.
        R"sql(
PRAGMA application_id = 1396854340;
)sql",
    };
    return m;
}

void apply(Database& db, int from, int to) {
    for (int v = from; v < to; ++v) {
        Transaction t(db);
        db.exec(migrations()[static_cast<std::size_t>(v)]);
        db.setSchemaVersion(v + 1);
        t.commit();
    }
}

}  // namespace

int latestSchemaVersion() { return static_cast<int>(migrations().size()); }

int migrate(Database& db) {
    const int found = db.schemaVersion();
    if (found > latestSchemaVersion())
        throw StoreError("the database has schema version " + std::to_string(found) + ", newer than this program understands (" +
                         std::to_string(latestSchemaVersion()) + "); use a newer sendband");
    apply(db, found, latestSchemaVersion());
    return found;
}

void migrateTo(Database& db, int version) { apply(db, db.schemaVersion(), version); }

}  // namespace sendband
