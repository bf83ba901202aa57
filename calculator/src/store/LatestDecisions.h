// LatestDecisions: every plan as its latest decision left it, read in one pass for re-banding.
#pragma once
#include "core/JobControl.h"
#include "store/CaseloadStore.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sendband {

// One plan as its latest decision left it. The profile text lives in one shared arena, so that
// reading 640,000 plans makes a handful of allocations, not a million.
struct LatestDecision {
    std::int64_t planId = 0, decisionId = 0, assessmentId = 0;
    Money topUp, place, other;
    std::size_t profileAt = 0, profileLength = 0;
    std::string reference, pseudonym, band;  // short: kept in place by the small-string optimisation
    std::optional<Date> dateOfBirth;
    bool needsApproval = false, liveOverride = false;
    bool erased = false;  // the child's identifying data was erased: re-banding leaves the plan as it is
};

struct LatestDecisions {
    std::vector<LatestDecision> rows;
    std::string arena;
    std::string_view profile(const LatestDecision& p) const { return std::string_view(arena).substr(p.profileAt, p.profileLength); }
};

// Every plan that has a decision, in plan id order, with its latest decision, the assessment
// it was made from, the date of birth (for age rules) and whether an override is live. With
// `job`: one stage, "Reading plans" (total: the plans stored), advanced in batches of 8192;
// cancel() is polled between them and throws JobCancelled.
LatestDecisions readLatestDecisions(CaseloadStore& store, JobControl* job = nullptr);

}  // namespace sendband
