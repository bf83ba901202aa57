// StoredRuleSets: every rule set a stored decision names, rebuilt from its stored YAML once per
// open store and shared (one Banding each), so that no workflow, report or screen loads the
// same text twice or words the failure differently.
#pragma once
#include "banding/Banding.h"
#include "store/Repositories.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sendband {

struct LoadedRuleSet {
    std::int64_t id = 0;
    std::string hash;                        // as recorded in the store
    std::shared_ptr<const Banding> banding;  // null when `error` says why it cannot be used
    std::string error;                       // plain English; empty when loaded
};

class StoredRuleSets {
public:
    explicit StoredRuleSets(RuleSetRepository& repo) : repo_(repo) {}
    // The rule set stored as `id`, loaded on first use. A rule set that is not stored, no longer
    // loads, or whose text does not match its recorded hash comes back with `error` set (and is
    // remembered as such). Safe to call from several threads; the reference stays valid until
    // forget().
    const LoadedRuleSet& get(std::int64_t id);
    // As get(), but a rule set that cannot be used throws StoreError with get()'s reason.
    std::shared_ptr<const Banding> banding(std::int64_t id);
    // After a rolled-back transaction: a rule set stored inside it is gone, and its id may be
    // reused. Call only when no other thread is using the cache.
    void forget();

private:
    RuleSetRepository& repo_;
    std::mutex m_;
    std::unordered_map<std::int64_t, std::unique_ptr<LoadedRuleSet>> loaded_;
};

}  // namespace sendband
