#include "CaseloadStore.h"

#include "Schema.h"
#include "SqliteDatabase.h"
#include "JsonText.h"

namespace sendband {

std::unique_ptr<CaseloadStore> CaseloadStore::openSqlite(const std::string& path, bool scratch) {
    auto db = std::make_unique<SqliteDatabase>(path, scratch);
    migrate(*db);
    return std::make_unique<CaseloadStore>(std::move(db));
}

CaseloadStore::CaseloadStore(std::unique_ptr<Database> db)
    : db_(std::move(db)), audit_(*db_), ruleSets_(*db_), settings_(*db_), plans_(*db_), assessments_(*db_), decisions_(*db_),
      overrides_(*db_) {}

std::int64_t CaseloadStore::ensureRuleSet(const RuleSet& rs, const Actor& who) {
    if (auto existing = ruleSets_.byHash(rs.hash)) return existing->id;
    StoredRuleSet r;
    r.hash = rs.hash;
    r.authority = rs.metadata.authority;
    r.framework = rs.metadata.framework;
    r.version = rs.metadata.version;
    r.effectiveFrom = formatDate(rs.metadata.effectiveFrom);
    r.effectiveTo = rs.metadata.effectiveTo ? formatDate(*rs.metadata.effectiveTo) : "";
    r.yaml = rs.yamlText;
    const std::int64_t id = ruleSets_.insert(r);
    audit_.append(who.at, who.name, "rule_set.load", "rule_set:" + rs.hash, "",
                  "{\"authority\":" + jsonText(r.authority) + ",\"framework\":" + jsonText(r.framework) +
                      ",\"version\":" + jsonText(r.version) + ",\"effective_from\":\"" + r.effectiveFrom + "\"}");
    return id;
}

}  // namespace sendband
