#include "store/DecisionRecords.h"

#include "store/Columns.h"

namespace sendband {

void forEachDecisionRecord(CaseloadStore& store, const std::function<void(const DecisionRecord&)>& each, std::optional<std::int64_t> planId) {
    // Two statements rather than "?1 IS NULL OR ...", so that one plan's decisions come by index.
    const std::string sql = std::string(R"sql(
SELECT d.id, d.plan_id, p.reference, p.pseudonym, i.date_of_birth, a.profile, d.rule_set_id, d.as_of, d.band,
       d.top_up_pence, d.place_pence, d.other_pence, coalesce(p.age_schedule, '')
FROM decisions d
JOIN plans p ON p.id = d.plan_id
JOIN assessments a ON a.id = d.assessment_id
LEFT JOIN identities i ON i.plan_id = p.id
)sql") + (planId ? "WHERE d.plan_id = ? " : "") + "ORDER BY d.id";
    auto s = store_internal::database(store).prepare(sql);
    if (planId) s->bind(1, *planId);
    DecisionRecord x;
    while (s->step()) {
        x.decisionId = s->int64(0);
        x.planId = s->int64(1);
        x.reference = s->text(2);
        x.pseudonym = s->text(3);
        x.dateOfBirth = columns::optionalDate(*s, 4, {"identities.date_of_birth", "plan", x.pseudonym});
        x.profile = s->text(5);
        x.ruleSetId = s->int64(6);
        x.asOf = s->text(7);
        x.band = s->text(8);
        x.topUp = columns::money(*s, 9);
        x.place = columns::money(*s, 10);
        x.other = columns::money(*s, 11);
        x.ageSchedule = s->text(12);
        each(x);
    }
}

}  // namespace sendband
