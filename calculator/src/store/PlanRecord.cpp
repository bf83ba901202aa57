#include "store/PlanRecord.h"

#include "store/Columns.h"

namespace sendband {

std::optional<PlanRecord> readPlanRecord(CaseloadStore& store, std::int64_t planId) {
    auto s = store_internal::database(store).prepare(
        "SELECT p.reference, p.pseudonym, d.rule_set_id, d.as_of, a.profile, i.date_of_birth, p.erased_on, coalesce(p.age_schedule, '') "
        "FROM plans p JOIN decisions d ON d.id = (SELECT max(id) FROM decisions WHERE plan_id = p.id) "
        "JOIN assessments a ON a.id = d.assessment_id "
        "LEFT JOIN identities i ON i.plan_id = p.id WHERE p.id = ?");
    s->bind(1, planId);
    if (!s->step()) return std::nullopt;
    PlanRecord d;
    d.planId = planId;
    d.reference = s->text(0);
    d.pseudonym = s->text(1);
    d.ruleSetId = s->int64(2);
    d.asOf = columns::date(*s, 3, {"decisions.as_of", "plan", d.pseudonym});
    d.profile = s->text(4);
    d.dateOfBirth = columns::optionalDate(*s, 5, {"identities.date_of_birth", "plan", d.pseudonym});
    d.erasedOn = columns::optionalDate(*s, 6, {"plans.erased_on", "plan", d.pseudonym});
    d.ageSchedule = s->text(7);
    return d;
}

std::vector<PlanEvent> readPlanEvents(CaseloadStore& store, std::int64_t planId) {
    // Ids grow with time within each table; the assessment a decision or override stems from
    // orders the tables against each other.
    auto h = store_internal::database(store).prepare(R"sql(
SELECT 0, a.id, a.assessed_on, coalesce(a.officer, ''), '', 0, '', NULL, NULL, a.id * 3
  FROM assessments a WHERE a.plan_id = ?1
UNION ALL
SELECT 1, d.id, d.as_of, '', d.band, d.top_up_pence, '', NULL, NULL, d.assessment_id * 3 + 1
  FROM decisions d WHERE d.plan_id = ?1
UNION ALL
SELECT 2, o.id,
       -- the day it was made: its override.create entry (found by the plan's entity, then the id)
       (SELECT substr(l.at, 1, 10) FROM audit_log l WHERE l.entity = 'plan:' || (SELECT pseudonym FROM plans WHERE id = ?1)
          AND l.action = 'override.create' AND json_extract(l.after, '$.override') = o.id),
       o.officer, o.band, o.top_up_pence, o.reason_code, o.status, o.approver,
       (SELECT assessment_id FROM decisions WHERE id = o.decision_id) * 3 + 2
  FROM overrides o WHERE o.plan_id = ?1
ORDER BY 10, 2
)sql");
    h->bind(1, planId);
    std::vector<PlanEvent> out;
    while (h->step()) {
        PlanEvent e;
        e.kind = static_cast<PlanEvent::Kind>(h->int64(0));
        e.id = h->int64(1);
        e.when = columns::optionalDate(*h, 2, {"the date of a history event", "plan row", {}, planId});
        e.officer = h->text(3);
        e.band = h->text(4);
        e.topUp = columns::money(*h, 5);
        e.reasonCode = h->text(6);
        if (!h->isNull(7)) e.status = columns::overrideStatus(*h, 7, {"overrides.status", "plan row", {}, planId});
        e.approver = columns::optionalText(*h, 8);
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace sendband
