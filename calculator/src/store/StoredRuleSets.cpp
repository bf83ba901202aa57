#include "store/StoredRuleSets.h"

#include "rules/RuleSetLoader.h"

namespace sendband {

const LoadedRuleSet& StoredRuleSets::get(std::int64_t id) {
    std::lock_guard lock(m_);
    auto& slot = loaded_[id];
    if (slot) return *slot;
    auto l = std::make_unique<LoadedRuleSet>();
    l->id = id;
    if (const auto stored = repo_.byId(id)) {
        l->hash = stored->hash;
        const std::string name = "stored rule set " + stored->hash.substr(0, 12);
        auto load = RuleSetLoader::loadText(stored->yaml, name);
        if (!load.ok()) l->error = "the " + name + " no longer loads: " + formatAll(load.diagnostics);
        else if (load.ruleSet->hash != stored->hash) l->error = "the " + name + "'s text does not match its recorded hash";
        else l->banding = std::make_shared<const Banding>(load.ruleSet);
    } else {
        l->error = "rule set " + std::to_string(id) + " is named by a decision but is not stored";
    }
    slot = std::move(l);
    return *slot;
}

std::shared_ptr<const Banding> StoredRuleSets::banding(std::int64_t id) {
    const LoadedRuleSet& l = get(id);
    if (!l.banding) throw StoreError(l.error);
    return l.banding;
}

void StoredRuleSets::forget() {
    std::lock_guard lock(m_);
    loaded_.clear();
}

}  // namespace sendband
