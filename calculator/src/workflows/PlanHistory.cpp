#include "workflows/PlanHistory.h"

#include "banding/ProfileCodec.h"

#include "banding/Explanation.h"
#include "store/PlanRecord.h"
#include "core/JsonText.h"

namespace sendband {

namespace {

std::string summary(const PlanEvent& e) {
    switch (e.kind) {
        case PlanEvent::Kind::Assessment: return "Assessment by " + (e.officer.empty() ? std::string("unknown officer") : e.officer);
        case PlanEvent::Kind::Decision: return "Band " + e.band + ", top-up £" + e.topUp.format() + " a year";
        case PlanEvent::Kind::Override: {
            return "Override to band " + e.band + " (" + e.reasonCode + ", top-up £" + e.topUp.format() + " a year) by " + e.officer + ": " +
                   describe(*e.status) +
                   (e.approver ? ", approved by " + *e.approver : std::string());
        }
    }
    return {};
}

const char* kindName(PlanEvent::Kind k) {
    return k == PlanEvent::Kind::Assessment ? "assessment" : k == PlanEvent::Kind::Decision ? "decision" : "override";
}

}  // namespace

std::optional<PlanDetail> loadPlanDetail(CaseloadStore& store, std::int64_t planId) {
    auto record = readPlanRecord(store, planId);
    if (!record) return std::nullopt;
    PlanDetail d;
    d.planId = planId;
    d.reference = record->reference;
    d.pseudonym = record->pseudonym;
    d.ruleSetId = record->ruleSetId;
    d.asOf = record->asOf;
    d.profile = record->profile;
    d.dateOfBirth = record->dateOfBirth;
    d.erasedOn = record->erasedOn;
    d.ageSchedule = record->ageSchedule;
    const LoadedRuleSet& rs = store.storedRuleSets().get(record->ruleSetId);
    d.ruleSetHash = rs.hash;
    d.banding = rs.banding;
    d.ruleSetError = rs.error;
    for (const PlanEvent& e : readPlanEvents(store, planId))
        d.history.push_back({kindName(e.kind), e.id, e.when ? formatDate(*e.when) : std::string(), summary(e)});
    return d;
}

SaveOutcome saveAssessment(CaseloadStore& store, std::int64_t planId, const Banding& banding, const Profile& profile, const Date& asOf,
                           const Actor& who) {
    SaveOutcome out;
    Decision d;
    if (!banding.decide(profile, asOf, d)) {
        out.error = d.errorField + ": " + d.error;
        return out;
    }
    const RuleSet& rs = banding.ruleSet();
    CaseloadStore::WriteTransaction tx(store, false);
    const auto detail = readPlanRecord(store, planId);
    if (!detail) {
        out.error = "no such plan";
        return out;
    }
    if (detail->erasedOn) {
        out.error = "plan " + detail->pseudonym + ": the child's identifying data was erased on " + formatDate(*detail->erasedOn) +
                    "; an erased plan is kept for audit and cannot be re-assessed";
        return out;
    }
    const std::int64_t ruleSetId = store.ensureRuleSet(rs, who);
    DecisionRow dr;
    dr.planId = planId;
    dr.assessmentId = store.assessments().insert(planId, asOf, who.name, encodeProfile(rs, profile));
    dr.ruleSetId = ruleSetId;
    dr.asOf = asOf;
    dr.band = rs.bands[static_cast<std::size_t>(d.band)].id;
    dr.topUp = d.topUp();
    dr.place = d.place();
    for (std::size_t c = 2; c < d.components.size(); ++c) dr.other += d.components[c].annual;
    dr.needsApproval = d.needsApproval;
    dr.trace = traceJson(rs, profile, d);
    out.decisionId = store.decisions().insert(dr);
    store.overrides().supersede(planId);
    store.audit().append(who.at, who.name, "assessment.save", "plan:" + detail->pseudonym, "",
                         "{\"decision\":" + std::to_string(out.decisionId) + ",\"band\":" + jsonText(dr.band) + ",\"top_up\":\"" +
                             d.topUp().plain() + "\",\"place\":\"" + d.place().plain() + "\",\"rule_set\":\"" + rs.hash + "\"}");
    tx.commit();
    return out;
}

}  // namespace sendband
