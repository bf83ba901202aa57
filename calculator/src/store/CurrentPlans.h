// CurrentPlans: every plan as it stands now (latest assessment, latest decision, any override),
// read in one query for re-banding, reports, exports and the app's caseload table.
#pragma once
#include "core/Date.h"
#include "core/Money.h"
#include "store/CaseloadStore.h"
#include "store/OverrideStatus.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sendband {

struct CurrentPlan {
    std::int64_t planId = 0;
    std::string reference, pseudonym, primaryNeed, settingType, schoolUrn, schoolName, officer, responsibleLa;
    std::optional<Date> placementStart, placementEnd;
    std::optional<Date> reviewDue;  // recorded, else 12 months after the latest assessment
    std::optional<Date> dateOfBirth;                    // identifying: only for re-computation or --identifiable
    std::optional<std::string> name, upn;               // identifying: only for --identifiable
    std::optional<Date> erasedOn;                       // the identifying data was erased on this day
    std::string ageSchedule;                            // what was kept of an erased date of birth (banding/AgeSchedule.h)
    std::string profile;                                // encoded (banding/ProfileCodec.h)
    std::int64_t assessmentId = 0;
    // The latest computed decision.
    std::int64_t decisionId = 0, ruleSetId = 0;
    Date asOf{};
    std::string band;
    Money topUp, place, other;  // a year
    bool needsApproval = false;
    // The latest override that is not superseded, if any.
    std::optional<std::int64_t> overrideId;
    std::string overrideBand, overrideReason, overrideOfficer;
    std::optional<OverrideStatus> overrideStatus;
    Money overrideTopUp, overridePlace;

    bool overrideInForce() const { return overrideId && overrideStatus == OverrideStatus::InForce; }
    bool awaitingApproval() const { return overrideId && overrideStatus == OverrideStatus::AwaitingApproval; }
    // What is paid: the override's band and amounts when it is in force, else the decision's.
    const std::string& effectiveBand() const { return overrideInForce() ? overrideBand : band; }
    Money effectiveTopUp() const { return overrideInForce() ? overrideTopUp : topUp; }
    Money effectivePlace() const { return overrideInForce() ? overridePlace : place; }
};

// All plans, ordered by reference. Plans without a decision are left out.
std::vector<CurrentPlan> loadCurrentPlans(CaseloadStore& store);
// The same plans in the same order, one at a time into one reused CurrentPlan, so that a report
// over hundreds of thousands of plans never holds them all (nor pays to allocate them).
void forEachCurrentPlan(CaseloadStore& store, const std::function<void(const CurrentPlan&)>& each);

}  // namespace sendband
