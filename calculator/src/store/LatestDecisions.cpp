#include "store/LatestDecisions.h"

#include "store/Columns.h"

#include <algorithm>

namespace sendband {

LatestDecisions readLatestDecisions(CaseloadStore& store, JobControl* job) {
    Database& db = store_internal::database(store);
    LatestDecisions out;
    if (job) {
        auto c = db.prepare("SELECT count(*) FROM plans");
        c->step();
        job->stage("Reading plans", static_cast<std::size_t>(c->int64(0)));
    }
    {
        auto c = db.prepare("SELECT count(*), coalesce(sum(length(profile)), 0) FROM assessments");
        c->step();
        out.rows.reserve(static_cast<std::size_t>(c->int64(0)));
        out.arena.reserve(static_cast<std::size_t>(c->int64(1)));
    }
    auto s = db.prepare(R"sql(
WITH latest AS (
  SELECT plan_id, max(id) AS id FROM decisions GROUP BY plan_id
), live AS (
  SELECT DISTINCT plan_id FROM overrides WHERE status != 'superseded'
)
SELECT p.id, p.reference, p.pseudonym, i.date_of_birth, a.profile, d.id, d.assessment_id, d.band,
       d.top_up_pence, d.place_pence, d.other_pence, d.needs_approval, live.plan_id IS NOT NULL,
       p.erased_on IS NOT NULL
FROM latest
JOIN decisions d ON d.id = latest.id
JOIN plans p ON p.id = d.plan_id
JOIN assessments a ON a.id = d.assessment_id
LEFT JOIN identities i ON i.plan_id = p.id
LEFT JOIN live ON live.plan_id = p.id
)sql");
    while (s->step()) {
        LatestDecision& p = out.rows.emplace_back();
        p.planId = s->int64(0);
        p.reference = s->text(1);
        p.pseudonym = s->text(2);
        p.dateOfBirth = columns::optionalDate(*s, 3, {"identities.date_of_birth", "plan", p.pseudonym});
        const std::string profile = s->text(4);
        p.profileAt = out.arena.size();
        p.profileLength = profile.size();
        out.arena += profile;
        p.decisionId = s->int64(5);
        p.assessmentId = s->int64(6);
        p.band = s->text(7);
        p.topUp = columns::money(*s, 8);
        p.place = columns::money(*s, 9);
        p.other = columns::money(*s, 10);
        p.needsApproval = s->int64(11) != 0;
        p.liveOverride = s->int64(12) != 0;
        p.erased = s->int64(13) != 0;
        if (job && (out.rows.size() & 8191) == 0) {  // between batches of 8192 plans
            job->advance(8192);
            checkCancelled(job);
        }
    }
    if (job) job->advance(out.rows.size() & 8191);
    // In plan order, so that decisions and audit entries are written in a stable order. The query
    // gives that order already (it walks decisions_by_plan); sorting here costs nothing then and
    // avoids SQLite sorting 640,000 rows with their profiles.
    if (!std::is_sorted(out.rows.begin(), out.rows.end(), [](const LatestDecision& a, const LatestDecision& b) { return a.planId < b.planId; }))
        std::sort(out.rows.begin(), out.rows.end(), [](const LatestDecision& a, const LatestDecision& b) { return a.planId < b.planId; });
    return out;
}

}  // namespace sendband
