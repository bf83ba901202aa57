// StateCheck: the tables against the log. The audit log's hash chain proves the log was not
// edited; this proves the tables were not edited behind it: the log is replayed, and every plan's
// current decision must be the one the log last recorded for it, with the same band and money.
#pragma once
#include "store/CaseloadStore.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sendband {

struct StateMismatch {
    std::string pseudonym;   // the plan, as the log names it
    std::string table, field;
    std::string tableValue, loggedValue;
    std::int64_t seq = 0;    // the log entry that says otherwise; 0 when the log has none
};

struct StateCheck {
    std::size_t plansChecked = 0, overridesChecked = 0, erasuresChecked = 0;
    std::vector<StateMismatch> mismatches;  // in plan pseudonym order
    bool ok() const { return mismatches.empty(); }
};

// Replays the log and compares the tables with it: each plan's latest decision (id, band, top-up,
// place) with the last plan.import, plan.reimport, decision.reband or assessment.save entry about
// it; and every override (plan, band, top-up, place, reason, officer as override.create recorded
// them; status and approver as the later override.approve, or the plan's next override or
// decision, left them); and every erased plan (its erased_on as plan.erase recorded it, its
// identities row empty). A row no entry made, or an entry whose row is gone, is a mismatch too.
// Reads only.
StateCheck checkStateAgainstLog(CaseloadStore& store);

// "plan P0000002: decisions.band is B5, but the log (entry 9) says B1", or
// "plan P0000003: overrides.status of override 2 is in_force, but the log (entry 14) says
// awaiting_approval", one a line.
std::string formatStateMismatches(const StateCheck& check);

}  // namespace sendband
