#include "store/CaseloadStore.h"

#include "core/JsonText.h"
#include "store/Schema.h"
#include "store/SqliteDatabase.h"

namespace sendband {

Database& store_internal::database(CaseloadStore& store) { return *store.db_; }

std::unique_ptr<CaseloadStore> CaseloadStore::openSqlite(const std::string& path) {
    auto db = std::make_unique<SqliteDatabase>(path, SqliteOpen::Existing);
    migrate(*db);
    return std::make_unique<CaseloadStore>(std::move(db));
}

std::unique_ptr<CaseloadStore> CaseloadStore::createSqlite(const std::string& path, bool scratch) {
    auto db = std::make_unique<SqliteDatabase>(path, scratch ? SqliteOpen::Scratch : SqliteOpen::Create);
    migrate(*db);
    return std::make_unique<CaseloadStore>(std::move(db));
}

CaseloadStore::CaseloadStore(std::unique_ptr<Database> db)
    : db_(std::move(db)), audit_(*db_), ruleSets_(*db_), settings_(*db_), plans_(*db_), assessments_(*db_), decisions_(*db_),
      overrides_(*db_), storedRuleSets_(ruleSets_) {}

std::int64_t CaseloadStore::ensureRuleSet(const RuleSet& rs, const Actor& who) {
    if (auto existing = ruleSets_.byHash(rs.hash)) return existing->id;
    StoredRuleSet r;
    r.hash = rs.hash;
    r.authority = rs.metadata.authority;
    r.framework = rs.metadata.framework;
    r.version = rs.metadata.version;
    r.effectiveFrom = rs.metadata.effectiveFrom;
    r.effectiveTo = rs.metadata.effectiveTo;
    r.yaml = rs.yamlText;
    const std::int64_t id = ruleSets_.insert(r);
    audit_.append(who.at, who.name, "rule_set.load", "rule_set:" + rs.hash, "",
                  "{\"authority\":" + jsonText(r.authority) + ",\"framework\":" + jsonText(r.framework) +
                      ",\"version\":" + jsonText(r.version) + ",\"effective_from\":\"" + formatDate(r.effectiveFrom) + "\"}");
    return id;
}

void CaseloadStore::forgetAfterRollback() {
    storedRuleSets_.forget();
}

void CaseloadStore::finishScratch() {
    auto* sqlite = dynamic_cast<SqliteDatabase*>(db_.get());
    if (!sqlite) throw StoreError("only an SQLite database is built in a scratch file");
    sqlite->finishScratch();
}

CaseloadStore::WriteTransaction::WriteTransaction(CaseloadStore& store, bool bulk) : store_(store), bulk_(bulk) {
    if (bulk_) store_.db_->bulkWrite(true);
    try {
        store_.db_->begin();
    } catch (...) {
        if (bulk_) store_.db_->bulkWrite(false);
        throw;
    }
}

void CaseloadStore::WriteTransaction::commit() {
    store_.db_->commit();
    done_ = true;
}

CaseloadStore::WriteTransaction::~WriteTransaction() {
    if (!done_) {
        try {
            store_.db_->rollback();
        } catch (...) {
        }
        store_.forgetAfterRollback();
    }
    if (bulk_) {
        try {
            store_.db_->bulkWrite(false);
        } catch (...) {
        }
    }
}

}  // namespace sendband
