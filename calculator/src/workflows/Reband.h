// Reband: every stored plan banded again under a rule set, all or nothing. A new decision is
// recorded only where the band or an amount differs from the plan's latest decision.
#pragma once
#include "caseload/PlanProblem.h"
#include "banding/Banding.h"
#include "store/CaseloadStore.h"
#include "core/JobControl.h"
#include "banding/ProfileCodec.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sendband {

struct RebandResult {
    std::string error;                    // a problem with the whole run (the as-of date); nothing was stored
    std::vector<PlanProblem> problems;  // when not empty, nothing was stored
    std::size_t plans = 0;
    // Direction of each plan's band against its latest decision: by band order within the new
    // rule set when both band ids are in it, otherwise by annual top-up.
    std::size_t up = 0, down = 0, same = 0;
    std::size_t erased = 0;              // plans whose identifying data was erased: left as they were, not in up/down/same
    std::size_t sameBandNewAmounts = 0;  // counted in `same`, but a new decision was recorded
    std::size_t recorded = 0;            // new decisions
    std::vector<std::string> overridesSuperseded;  // references of plans whose overrides were superseded
    bool ruleSetAdded = false;
    bool ok() const { return error.empty() && problems.empty(); }
};

// Re-bands every plan (from the assessment of its latest decision) under `banding`'s rule set
// as of `asOf`, except plans whose identifying data was erased (workflows/Erasure.h), which keep
// the decisions they had. Checks every plan first; if any cannot be banded nothing is stored and each is
// listed. Otherwise, in one transaction: stores the rule set if new, records a decision (with
// its trace and an audit entry "decision.reband") for each plan whose band or amounts changed,
// supersedes that plan's overrides, and closes with one "caseload.reband" audit entry. When no
// plan changed and the rule set was already stored, nothing at all is written.
// With `job`: stages "Reading plans" (total: the plans stored), "Banding" (total: the plans read)
// and "Writing" (total: the new decisions), advanced in batches; cancel() is polled between
// batches on every thread, and a cancelled reband throws JobCancelled (on the calling thread,
// after every thread it started has stopped) having rolled everything back.
RebandResult rebandCaseload(CaseloadStore& store, const Banding& banding, const Date& asOf, const Actor& who, JobControl* job = nullptr);

}  // namespace sendband
