// PlanHistory: one plan's record in time order (assessments, decisions, overrides), and saving
// a re-assessed profile as a new assessment and decision, for the app's Plan screen.
#pragma once
#include "banding/Banding.h"
#include "store/CaseloadStore.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sendband {

struct HistoryEvent {
    std::string kind;     // "assessment", "decision", "override"
    std::int64_t id = 0;
    std::string when;     // as-of or assessed date
    std::string summary;  // plain English
};

struct PlanDetail {
    std::int64_t planId = 0;
    std::string reference, pseudonym;
    std::int64_t ruleSetId = 0;
    std::string ruleSetHash;
    Date asOf{};  // of the latest decision
    std::string profile;
    std::shared_ptr<const Banding> banding;  // the latest decision's rule set; null when it cannot be used:
    std::string ruleSetError;                // then this says why
    std::optional<Date> dateOfBirth;
    std::optional<Date> erasedOn;  // identifying data erased: the plan is kept for audit, not re-assessed
    std::string ageSchedule;       // what was kept of an erased date of birth (banding/AgeSchedule.h)
    std::vector<HistoryEvent> history;
};

// Reads a plan with its latest decision's rule set; nullopt when there is no such plan.
std::optional<PlanDetail> loadPlanDetail(CaseloadStore& store, std::int64_t planId);

struct SaveOutcome {
    std::string error;
    std::int64_t decisionId = 0;
    bool ok() const { return error.empty(); }
};

// Stores `profile` as a new assessment of the plan, bands it as of `asOf`, stores the decision
// (superseding overrides) and audits it as "assessment.save". All or nothing.
SaveOutcome saveAssessment(CaseloadStore& store, std::int64_t planId, const Banding& banding, const Profile& profile, const Date& asOf,
                           const Actor& who);

}  // namespace sendband
