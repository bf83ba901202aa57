// CaseloadImport: a caseload CSV into the store, banded, all or nothing, and idempotent.
#pragma once
#include "banding/Banding.h"
#include "caseload/Caseload.h"
#include "store/CaseloadStore.h"
#include "core/JobControl.h"

#include <string>
#include <string_view>
#include <vector>

namespace sendband {

struct ImportResult {
    std::vector<CaseloadError> errors;  // when not empty, nothing was stored
    std::size_t added = 0, changed = 0, unchanged = 0;
    bool ok() const { return errors.empty(); }
};

// Checks every row first (in parallel); stores nothing if any is bad. Then, in one transaction,
// stores new plans, updates changed ones (a new assessment and decision), and leaves plans
// whose row is unchanged alone, so importing the same file again changes nothing at all.
// Each plan written gets an audit entry naming it by pseudonym, and the import one more.
// With `job`: stages "Checking rows" (no total) and "Banding and storing" (total: the file's data
// lines; done: rows read, in steps of 1024, completed at the end); cancel() is polled between
// batches, and a cancelled import throws JobCancelled having rolled everything back.
ImportResult importCaseload(CaseloadStore& store, const Banding& banding, std::string_view csvText, const std::string& fileName,
                            const Date& asOf, const Actor& who, JobControl* job = nullptr);

}  // namespace sendband
