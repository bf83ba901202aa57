// PlanRecord: one plan as the Plan screen reads it (its latest decision's rule set, profile and
// as-of date) and every event in its history (assessments, decisions, overrides), typed.
#pragma once
#include "store/CaseloadStore.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sendband {

struct PlanRecord {
    std::int64_t planId = 0, ruleSetId = 0;
    std::string reference, pseudonym, asOf, profile;
    std::optional<std::string> dateOfBirth;
};

struct PlanEvent {
    enum class Kind { Assessment, Decision, Override } kind = Kind::Assessment;
    std::int64_t id = 0;
    std::string when;        // an assessment's date or a decision's as-of date; empty when not known
    std::string officer;     // who assessed, or who made the override
    std::string band;        // decisions and overrides
    std::int64_t topUpPence = 0;
    std::string reasonCode, status;   // overrides: status as stored (in_force, awaiting_approval, superseded)
    std::optional<std::string> approver;
};

// Nullopt when there is no such plan or it has no decision.
std::optional<PlanRecord> readPlanRecord(CaseloadStore& store, std::int64_t planId);
// In the order they happened: each assessment, then the decisions made from it, then the
// overrides of those decisions; by id within a kind.
std::vector<PlanEvent> readPlanEvents(CaseloadStore& store, std::int64_t planId);

}  // namespace sendband
