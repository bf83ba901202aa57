// CaseloadStore: one open database with its repositories and audit log. A thin owner: the
// workflows (import, re-band, overrides, reports) hold the logic.
#pragma once
#include "AuditLog.h"
#include "Database.h"
#include "Repositories.h"
#include "RuleSet.h"

#include <memory>
#include <string>

namespace sendband {

// Who did it and when: every write carries one. The time is supplied by the caller (the CLI
// or the app), never read inside the engine.
struct Actor {
    std::string name;
    std::string at;  // ISO 8601 UTC, e.g. 2026-11-28T09:30:00Z
};

class CaseloadStore {
public:
    // Opens (creating if needed) an SQLite database and brings its schema up to date.
    // Throws StoreError for an unreadable file or a database newer than this program.
    static std::unique_ptr<CaseloadStore> openSqlite(const std::string& path, bool scratch = false);
    explicit CaseloadStore(std::unique_ptr<Database> db);

    Database& db() { return *db_; }
    AuditLog& audit() { return audit_; }
    RuleSetRepository& ruleSets() { return ruleSets_; }
    SettingRepository& settings() { return settings_; }
    PlanRepository& plans() { return plans_; }
    AssessmentRepository& assessments() { return assessments_; }
    DecisionRepository& decisions() { return decisions_; }
    OverrideRepository& overrides() { return overrides_; }

    // The stored id of `rs`, storing it (and auditing that) if it is new. Call inside a transaction.
    std::int64_t ensureRuleSet(const RuleSet& rs, const Actor& who);

private:
    std::unique_ptr<Database> db_;
    AuditLog audit_;
    RuleSetRepository ruleSets_;
    SettingRepository settings_;
    PlanRepository plans_;
    AssessmentRepository assessments_;
    DecisionRepository decisions_;
    OverrideRepository overrides_;
};

}  // namespace sendband
