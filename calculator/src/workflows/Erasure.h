// Erasure: at the end of retention, a child's identifying data leaves the store while every
// figure it produced stays exactly as it was.
//
// Erasing a plan empties its identities row (name, UPN, date of birth) and the notes of its
// overrides (free text that may name a child). What banding needs of the date of birth is kept
// apart, as an age schedule (banding/AgeSchedule.h) over the days the plan's figures cover: its
// year group and, only where one of its rule sets reads `age`, its age in years. Decisions,
// overrides and the audit log are untouched, so `audit consistency`, `totals` and `audit verify`
// give what they gave before. The plan keeps its reference (the council's case number, to show
// which case was erased) and pseudonym; re-banding, overriding, re-assessing and importing it
// again are refused. Audited as "plan.erase".
#pragma once
#include "core/Date.h"
#include "store/CaseloadStore.h"

#include <cstdint>
#include <optional>
#include <string>

namespace sendband {

struct ErasureOutcome {
    std::string error;  // plain English; when set nothing was changed
    std::string pseudonym;
    Date erasedOn{};
    // The days the age schedule covers, when one was kept (some rule set of the plan reads age or
    // year group and the date of birth was known).
    std::optional<Date> keptFrom, keptTo;
    std::size_t pieces = 0;
    bool ageInYears = false;       // the schedule keeps age in years, not only the year group
    std::int64_t notesCleared = 0;  // override notes that held text
    std::int64_t decisionsChecked = 0;  // decisions re-run from the schedule and found the same
    bool ok() const { return error.empty(); }
};

// Erases the identifying data of the plan with this reference, as of the day of `who.at`. Refused
// (nothing changed) when the plan is already erased, has no placement end date, or its placement
// ends after that day. Before writing, every decision of the plan is re-run from the schedule and
// must come out as from the date of birth.
ErasureOutcome eraseIdentity(CaseloadStore& store, const std::string& reference, const Actor& who);

}  // namespace sendband
