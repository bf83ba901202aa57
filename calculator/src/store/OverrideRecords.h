// OverrideRecords: every override ever recorded, with its plan's pseudonym, in id order: what
// `audit verify` replays the log against.
#pragma once
#include "store/CaseloadStore.h"
#include "store/Repositories.h"

#include <functional>
#include <string>

namespace sendband {

struct OverrideRecord {
    OverrideRow row;         // the overrides table's row as stored
    std::string pseudonym;   // the plan's, as the log names it
};

// Calls `each` for every override, oldest first, with one reused record. Reads only.
void forEachOverrideRecord(CaseloadStore& store, const std::function<void(const OverrideRecord&)>& each);

}  // namespace sendband
