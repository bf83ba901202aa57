// CaseloadStore: one open database with its repositories, typed queries, audit log and cache of
// stored rule sets. A thin owner: the workflows (import, re-band, overrides) hold the logic.
// The SQL and the Database behind it are the store's own: nothing above store/ sees either.
#pragma once
#include "rules/RuleSet.h"
#include "store/AuditLog.h"
#include "store/Database.h"
#include "store/Repositories.h"
#include "store/StoredRuleSets.h"

#include <memory>
#include <string>

namespace sendband {

// Who did it and when: every write carries one. The time is supplied by the caller (the CLI
// or the app), never read inside the engine.
struct Actor {
    std::string name;
    std::string at;  // ISO 8601 UTC, e.g. 2026-11-28T09:30:00Z
};

class CaseloadStore;
namespace store_internal {
// The database under a store: for the store's own queries and for tests that tamper with the
// file. Nothing above store/ may use it (tests/architecture_test.sh checks).
Database& database(CaseloadStore& store);
}  // namespace store_internal

class CaseloadStore {
public:
    // Opens an existing sendband database and brings its schema up to date. Throws StoreError,
    // having changed nothing, for a missing file, a file that is not a sendband database
    // ("not a sendband database: ..."), or a database newer than this program.
    static std::unique_ptr<CaseloadStore> openSqlite(const std::string& path);
    // Creates a new database at `path` (or opens it, if it is a sendband database already).
    // `scratch`: a first import's private file, written without a journal (finishScratch()).
    static std::unique_ptr<CaseloadStore> createSqlite(const std::string& path, bool scratch = false);
    explicit CaseloadStore(std::unique_ptr<Database> db);

    AuditLog& audit() { return audit_; }
    RuleSetRepository& ruleSets() { return ruleSets_; }
    SettingRepository& settings() { return settings_; }
    PlanRepository& plans() { return plans_; }
    AssessmentRepository& assessments() { return assessments_; }
    DecisionRepository& decisions() { return decisions_; }
    OverrideRepository& overrides() { return overrides_; }
    // Every stored rule set, loaded once for this store.
    StoredRuleSets& storedRuleSets() { return storedRuleSets_; }

    // The stored id of `rs`, storing it (and auditing that) if it is new. Call inside a transaction.
    std::int64_t ensureRuleSet(const RuleSet& rs, const Actor& who);

    // One write transaction: taken at once (other writers wait, up to the busy timeout), committed
    // by commit(), rolled back if destroyed first (an exception, an early return), so that a
    // failed workflow leaves the data exactly as it was; on a rollback the store forgets what it
    // had cached about rows that are now gone. `bulk`: a large write follows (see
    // Database::bulkWrite), undone at the end either way.
    class WriteTransaction {
    public:
        WriteTransaction(CaseloadStore& store, bool bulk);
        ~WriteTransaction();
        void commit();
        WriteTransaction(const WriteTransaction&) = delete;
        WriteTransaction& operator=(const WriteTransaction&) = delete;

    private:
        CaseloadStore& store_;
        bool bulk_ = false, done_ = false;
    };

    // A first import builds its database in a private scratch file (openSqlite with scratch);
    // this makes that file a normal, complete database, ready to be renamed into place.
    void finishScratch();

private:
    friend Database& store_internal::database(CaseloadStore& store);
    void forgetAfterRollback();
    std::unique_ptr<Database> db_;
    AuditLog audit_;
    RuleSetRepository ruleSets_;
    SettingRepository settings_;
    PlanRepository plans_;
    AssessmentRepository assessments_;
    DecisionRepository decisions_;
    OverrideRepository overrides_;
    StoredRuleSets storedRuleSets_;
};

}  // namespace sendband
