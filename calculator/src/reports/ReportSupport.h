// ReportSupport: what the whole-caseload reports (totals, impact) share, inside reports/ only:
// plans read in batches of reused slots, stored rule sets looked up once per report, one profile
// decoder per thread and rule set, and the report's plan problems and key order.
#pragma once
#include "banding/Banding.h"
#include "banding/ProfileCodec.h"
#include "core/Text.h"
#include "store/CaseloadStore.h"
#include "store/CurrentPlans.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace sendband::report_support {

// Plans are read one at a time (forEachCurrentPlan) into a batch of reused slots; each full batch
// is computed on every core, then folded into the report in order. Memory stays flat whatever
// the size of the caseload.
constexpr std::size_t kBatch = 8192;

// The stored rule sets a report's plans name, each looked up once (on the reading thread, before
// a batch goes parallel) and then shared read-only by every thread.
class ReportRuleSets {
public:
    explicit ReportRuleSets(CaseloadStore& store) : store_(store) {}
    void load(std::int64_t id) {
        if (id == lastId_) return;
        auto& slot = map_[id];
        if (!slot) slot = store_.storedRuleSets().banding(id);
        lastId_ = id;
    }
    const Banding& banding(std::int64_t id) const { return *map_.at(id); }

private:
    CaseloadStore& store_;
    std::int64_t lastId_ = -1;
    std::unordered_map<std::int64_t, std::shared_ptr<const Banding>> map_;
};

// One thread's profile readers, one per rule set (a reader resolves field names once).
class Readers {
public:
    ProfileDecoder& forRuleSet(const Banding& b) {
        auto it = map_.find(&b);
        if (it == map_.end()) it = map_.emplace(&b, std::make_unique<ProfileDecoder>(b.ruleSet())).first;
        return *it->second;
    }

private:
    std::unordered_map<const Banding*, std::unique_ptr<ProfileDecoder>> map_;
};

inline std::string decisionError(const Decision& d) { return d.errorField.empty() ? d.error : d.errorField + ": " + d.error; }

template <class Row>
void sortByKey(std::vector<Row>& v) {
    std::sort(v.begin(), v.end(), [](const Row& a, const Row& b) { return naturalLess(a.key, b.key); });
}

// The plan's profile as stored, under the rule set of its decision, with an override's entered
// amount when the override is to an individually costed band. Returns the band to force (-1 for
// the rules' own band), or sets `problem`.
inline int readPlan(const CurrentPlan& p, const Banding& b, ProfileDecoder& reader, std::string& problem) {
    if (auto msg = reader.read(p.reference, p.profile, p.dateOfBirth, p.ageSchedule); !msg.empty()) {
        problem = "the stored profile does not read under its rule set: " + msg;
        return -1;
    }
    if (!p.overrideInForce()) return -1;
    const RuleSet& rs = b.ruleSet();
    const int band = rs.bandIndex(p.overrideBand);
    if (band < 0) {
        problem = "the override's band " + p.overrideBand + " is not a band of the plan's rule set";
        return -1;
    }
    if (rs.bands[static_cast<std::size_t>(band)].funding == BandFunding::Entered)
        reader.mutableProfile().enteredAmount = Num::ratio(p.overrideTopUp.pence(), 100);
    return band;
}

}  // namespace sendband::report_support
