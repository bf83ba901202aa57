// DecisionRecords: every decision ever recorded with what is needed to re-run it (the stored
// profile, the date of birth kept apart, the rule set named), in the order they were made.
#pragma once
#include "core/Date.h"
#include "core/Money.h"
#include "store/CaseloadStore.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace sendband {

struct DecisionRecord {
    std::int64_t decisionId = 0, planId = 0, ruleSetId = 0;
    std::string reference, pseudonym;
    std::optional<Date> dateOfBirth;  // identifying: only to re-run age rules
    std::string ageSchedule;          // what was kept of an erased date of birth (banding/AgeSchedule.h)
    std::string profile;              // encoded (banding/ProfileCodec.h)
    // As stored, not parsed: the consistency check reports a decision whose as-of date is not a
    // date among the decisions it cannot reproduce, rather than stopping at it.
    std::string asOf;
    std::string band;
    Money topUp, place, other;
};

// Calls `each` for every decision (or, with `planId`, every decision of that plan), oldest first,
// with one reused record.
void forEachDecisionRecord(CaseloadStore& store, const std::function<void(const DecisionRecord&)>& each,
                           std::optional<std::int64_t> planId = std::nullopt);

}  // namespace sendband
