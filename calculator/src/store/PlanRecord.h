// PlanRecord: one plan as the Plan screen reads it (its latest decision's rule set, profile and
// as-of date) and every event in its history (assessments, decisions, overrides), typed.
#pragma once
#include "core/Date.h"
#include "core/Money.h"
#include "store/CaseloadStore.h"
#include "store/OverrideStatus.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sendband {

struct PlanRecord {
    std::int64_t planId = 0, ruleSetId = 0;
    std::string reference, pseudonym;
    Date asOf{};          // of the latest decision
    std::string profile;  // encoded (banding/ProfileCodec.h)
    std::optional<Date> dateOfBirth;
    std::optional<Date> erasedOn;  // the identifying data was erased on this day
    std::string ageSchedule;       // what was kept of an erased date of birth (banding/AgeSchedule.h)
};

struct PlanEvent {
    enum class Kind { Assessment, Decision, Override } kind = Kind::Assessment;
    std::int64_t id = 0;
    std::optional<Date> when;  // an assessment's date, a decision's as-of date or the day an override was made, when known
    std::string officer;       // who assessed, or who made the override
    std::string band;          // decisions and overrides
    Money topUp;               // a year
    std::string reasonCode;    // overrides
    std::optional<OverrideStatus> status;  // overrides
    std::optional<std::string> approver;
};

// Nullopt when there is no such plan or it has no decision.
std::optional<PlanRecord> readPlanRecord(CaseloadStore& store, std::int64_t planId);
// In the order they happened: each assessment, then the decisions made from it, then the
// overrides of those decisions; by id within a kind.
std::vector<PlanEvent> readPlanEvents(CaseloadStore& store, std::int64_t planId);

}  // namespace sendband
