#include "store/CurrentPlans.h"

#include "store/Columns.h"

namespace sendband {

void forEachCurrentPlan(CaseloadStore& store, const std::function<void(const CurrentPlan&)>& each) {
    Database& db = store_internal::database(store);
    auto s = db.prepare(R"sql(
WITH latest_decision AS (
  SELECT plan_id, max(id) AS id FROM decisions GROUP BY plan_id
), latest_override AS (
  SELECT plan_id, max(id) AS id FROM overrides WHERE status != 'superseded' GROUP BY plan_id
)
SELECT p.id, p.reference, p.pseudonym, p.primary_need, p.setting_type, coalesce(st.urn, ''), coalesce(st.name, ''),
       p.officer, p.responsible_la, p.placement_start, p.placement_end,
       -- the annual review: a recorded date, else 12 months after the latest assessment
       coalesce(p.review_due, date(a.assessed_on, '+12 months')),
       i.date_of_birth, i.name, i.upn,
       a.profile, a.id,
       d.id, d.rule_set_id, d.as_of, d.band, d.top_up_pence, d.place_pence, d.other_pence, d.needs_approval,
       o.id, o.band, o.status, o.reason_code, o.officer, o.top_up_pence, o.place_pence,
       p.erased_on, coalesce(p.age_schedule, '')
FROM plans p
JOIN latest_decision ld ON ld.plan_id = p.id
JOIN decisions d ON d.id = ld.id
JOIN assessments a ON a.id = d.assessment_id
LEFT JOIN settings st ON st.id = p.setting_id
LEFT JOIN identities i ON i.plan_id = p.id
LEFT JOIN latest_override lo ON lo.plan_id = p.id
LEFT JOIN overrides o ON o.id = lo.id
ORDER BY p.reference
)sql");
    CurrentPlan p;
    while (s->step()) {
        p.planId = s->int64(0);
        p.reference = s->text(1);
        p.pseudonym = s->text(2);
        p.primaryNeed = s->text(3);
        p.settingType = s->text(4);
        p.schoolUrn = s->text(5);
        p.schoolName = s->text(6);
        p.officer = s->text(7);
        p.responsibleLa = s->text(8);
        p.placementStart = columns::optionalDate(*s, 9, {"plans.placement_start", "plan", p.pseudonym});
        p.placementEnd = columns::optionalDate(*s, 10, {"plans.placement_end", "plan", p.pseudonym});
        p.reviewDue = columns::optionalDate(*s, 11, {"the review date", "plan", p.pseudonym});
        p.dateOfBirth = columns::optionalDate(*s, 12, {"identities.date_of_birth", "plan", p.pseudonym});
        p.name = columns::optionalText(*s, 13);
        p.upn = columns::optionalText(*s, 14);
        p.profile = s->text(15);
        p.assessmentId = s->int64(16);
        p.decisionId = s->int64(17);
        p.ruleSetId = s->int64(18);
        p.asOf = columns::date(*s, 19, {"decisions.as_of", "plan", p.pseudonym});
        p.band = s->text(20);
        p.topUp = columns::money(*s, 21);
        p.place = columns::money(*s, 22);
        p.other = columns::money(*s, 23);
        p.needsApproval = s->int64(24) != 0;
        if (!s->isNull(25)) {
            p.overrideId = s->int64(25);
            p.overrideBand = s->text(26);
            p.overrideStatus = columns::overrideStatus(*s, 27, {"overrides.status", "plan", p.pseudonym});
            p.overrideReason = s->text(28);
            p.overrideOfficer = s->text(29);
            p.overrideTopUp = columns::money(*s, 30);
            p.overridePlace = columns::money(*s, 31);
        } else {
            p.overrideId.reset();
            p.overrideBand.clear();
            p.overrideStatus.reset();
            p.overrideReason.clear();
            p.overrideOfficer.clear();
            p.overrideTopUp = p.overridePlace = Money();
        }
        p.erasedOn = columns::optionalDate(*s, 32, {"plans.erased_on", "plan", p.pseudonym});
        p.ageSchedule = s->text(33);
        each(p);
    }
}

std::vector<CurrentPlan> loadCurrentPlans(CaseloadStore& store) {
    std::vector<CurrentPlan> out;
    forEachCurrentPlan(store, [&](const CurrentPlan& p) { out.push_back(p); });
    return out;
}

}  // namespace sendband
