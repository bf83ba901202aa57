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
    std::size_t plansChecked = 0;
    std::vector<StateMismatch> mismatches;  // in plan pseudonym order
    bool ok() const { return mismatches.empty(); }
};

// Replays plan.import, plan.reimport, decision.reband and assessment.save and compares each
// plan's latest decision (id, band, top-up, place) with the last entry about it. Reads only.
StateCheck checkStateAgainstLog(CaseloadStore& store);

// "plan P0000002: decisions.band is B5, but the log (entry 9) says B1", one a line.
std::string formatStateMismatches(const StateCheck& check);

}  // namespace sendband
