#include "PlanHistory.h"

#include "Explanation.h"
#include "JsonText.h"

namespace sendband {

std::optional<PlanDetail> loadPlanDetail(Database& db, std::int64_t planId) {
    auto s = db.prepare(
        "SELECT p.reference, p.pseudonym, d.rule_set_id, r.yaml, r.hash, d.as_of, a.profile, i.date_of_birth "
        "FROM plans p JOIN decisions d ON d.id = (SELECT max(id) FROM decisions WHERE plan_id = p.id) "
        "JOIN rule_sets r ON r.id = d.rule_set_id JOIN assessments a ON a.id = d.assessment_id "
        "LEFT JOIN identities i ON i.plan_id = p.id WHERE p.id = ?");
    s->bind(1, planId);
    if (!s->step()) return std::nullopt;
    PlanDetail d;
    d.planId = planId;
    d.reference = s->text(0);
    d.pseudonym = s->text(1);
    d.ruleSetId = s->int64(2);
    d.ruleSetYaml = s->text(3);
    d.ruleSetHash = s->text(4);
    d.asOf = s->text(5);
    d.profile = s->text(6);
    if (!s->isNull(7)) d.dateOfBirth = s->text(7);

    // Every event in the order it was recorded: ids grow with time within each table, and the
    // audit sequence orders the tables against each other.
    auto h = db.prepare(R"sql(
SELECT 'assessment', a.id, coalesce(a.assessed_on, ''), 'Assessment by ' || coalesce(nullif(a.officer, ''), 'unknown officer'), a.id * 3
  FROM assessments a WHERE a.plan_id = ?1
UNION ALL
SELECT 'decision', d.id, d.as_of, 'Band ' || d.band || ', top-up ' || printf('%.2f', d.top_up_pence / 100.0) || ' a year', d.assessment_id * 3 + 1
  FROM decisions d WHERE d.plan_id = ?1
UNION ALL
SELECT 'override', o.id, '', 'Override to band ' || o.band || ' (' || o.reason_code || ') by ' || o.officer || ': ' || replace(o.status, '_', ' ') ||
       coalesce(', approved by ' || o.approver, ''), (SELECT assessment_id FROM decisions WHERE id = o.decision_id) * 3 + 2
  FROM overrides o WHERE o.plan_id = ?1
ORDER BY 5, 2
)sql");
    h->bind(1, planId);
    while (h->step()) d.history.push_back({h->text(0), h->int64(1), h->text(2), h->text(3)});
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
    auto detail = loadPlanDetail(store.db(), planId);
    if (!detail) {
        out.error = "no such plan";
        return out;
    }
    Transaction tx(store.db());
    const std::int64_t ruleSetId = store.ensureRuleSet(rs, who);
    DecisionRow dr;
    dr.planId = planId;
    dr.assessmentId = store.assessments().insert(planId, formatDate(asOf), who.name, encodeProfile(rs, profile));
    dr.ruleSetId = ruleSetId;
    dr.asOf = formatDate(asOf);
    dr.band = rs.bands[static_cast<std::size_t>(d.band)].id;
    dr.topUpPence = d.topUp().pence();
    dr.placePence = d.place().pence();
    for (std::size_t c = 2; c < d.components.size(); ++c) dr.otherPence += d.components[c].annual.pence();
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
