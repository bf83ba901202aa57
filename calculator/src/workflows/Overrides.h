// Overrides: an officer sets a different band for a plan, with a reason code from the plan's
// rule set; an override whose annual effect exceeds the rule set's approval threshold counts
// only once a different person approves it.
#pragma once
#include "store/CaseloadStore.h"

#include <cstdint>
#include <optional>
#include <string>

namespace sendband {

struct OverrideRequest {
    std::string reference;              // the plan's local reference
    std::string band;                   // a band id of the plan's rule set
    std::string reason;                 // one of the rule set's overrides.reasons codes
    std::string note;                   // the officer's words; kept in the overrides table only
    std::optional<std::string> amount;  // pounds a year, for an individually costed (entered) band
};

struct OverrideOutcome {
    std::string error;  // plain English; when not empty nothing was stored
    std::int64_t overrideId = 0;
    std::string pseudonym;
    std::string computedBand, band;
    std::int64_t computedTopUpPence = 0, computedPlacePence = 0, topUpPence = 0, placePence = 0;
    std::int64_t effectPence = 0;                  // |override top-up + place - computed top-up + place|
    std::optional<std::int64_t> thresholdPence;    // the rule set's approval threshold, if it sets one
    OverrideStatus status = OverrideStatus::AwaitingApproval;  // or InForce
    std::size_t superseded = 0;                    // earlier overrides of the plan this one replaces
    bool ok() const { return error.empty(); }
};

// Records an override of the plan's latest decision. The money is the rule set's for the chosen
// band (Banding::decideWithBand at the decision's as-of date). Status: awaiting_approval when the
// effect exceeds the rule set's approval_threshold, when the rule set sets no threshold (then every
// override needs approval), or when the band itself needs approval; in_force otherwise. Any earlier
// override of the plan is superseded. Audited as "override.create".
OverrideOutcome createOverride(CaseloadStore& store, const OverrideRequest& request, const Actor& who);

// What createOverride would record for this request, as the store stands now (band, money, annual
// effect, threshold, status, or the refusal), without writing anything: for a preview before OK.
OverrideOutcome previewOverride(CaseloadStore& store, const OverrideRequest& request, const Actor& who);

struct ApprovalOutcome {
    std::string error;  // when not empty nothing was changed
    std::int64_t overrideId = 0;
    std::string pseudonym, band, officer;
    std::int64_t topUpPence = 0, placePence = 0;
    bool ok() const { return error.empty(); }
};

// Approves the plan's override awaiting approval, which then counts. The approver must differ
// from the officer who made it. Audited as "override.approve".
ApprovalOutcome approveOverride(CaseloadStore& store, const std::string& reference, const Actor& who);

}  // namespace sendband
