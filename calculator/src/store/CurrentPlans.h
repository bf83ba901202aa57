// CurrentPlans: every plan as it stands now (latest assessment, latest decision, any override),
// read in one query for re-banding, reports, exports and the app's caseload table.
#pragma once
#include "store/CaseloadStore.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sendband {

struct CurrentPlan {
    std::int64_t planId = 0;
    std::string reference, pseudonym, primaryNeed, settingType, schoolUrn, schoolName, officer, responsibleLa;
    std::optional<std::string> placementStart, placementEnd, reviewDue;
    std::optional<std::string> dateOfBirth, name, upn;  // identifying: only for re-computation or --identifiable
    std::string profile;                                // encoded (see encodeProfile)
    std::int64_t assessmentId = 0;
    // The latest computed decision.
    std::int64_t decisionId = 0, ruleSetId = 0;
    std::string asOf, band;
    std::int64_t topUpPence = 0, placePence = 0, otherPence = 0;
    bool needsApproval = false;
    // The latest override that is not superseded, if any.
    std::optional<std::int64_t> overrideId;
    std::string overrideBand, overrideStatus, overrideReason, overrideOfficer;
    std::int64_t overrideTopUpPence = 0, overridePlacePence = 0;

    bool overrideInForce() const { return overrideId && overrideStatus == "in_force"; }
    bool awaitingApproval() const { return overrideId && overrideStatus == "awaiting_approval"; }
    // What is paid: the override's band and amounts when it is in force, else the decision's.
    const std::string& effectiveBand() const { return overrideInForce() ? overrideBand : band; }
    std::int64_t effectiveTopUpPence() const { return overrideInForce() ? overrideTopUpPence : topUpPence; }
    std::int64_t effectivePlacePence() const { return overrideInForce() ? overridePlacePence : placePence; }
};

// All plans, ordered by reference. Plans without a decision are left out.
std::vector<CurrentPlan> loadCurrentPlans(CaseloadStore& store);
// The same plans in the same order, one at a time into one reused CurrentPlan, so that a report
// over hundreds of thousands of plans never holds them all (nor pays to allocate them).
void forEachCurrentPlan(CaseloadStore& store, const std::function<void(const CurrentPlan&)>& each);

}  // namespace sendband
