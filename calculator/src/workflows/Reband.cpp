#include "workflows/Reband.h"

#include "banding/Explanation.h"
#include "core/JsonText.h"
#include "core/Parallel.h"
#include "store/LatestDecisions.h"

#include <algorithm>

namespace sendband {

// ---- re-banding

namespace {

// What re-banding one plan gave: compact, so that the whole caseload's outcomes fit in little memory.
struct Outcome {
    enum State : std::uint8_t { Unchanged, Changed, Problem, Erased } state = Unchanged;
    std::int8_t direction = 0;  // -1 down, 0 same, 1 up
    int band = -1;
    Money topUp, place, other;
    bool needsApproval = false;
};

// Bands plans [from, to). Problems go to `problems`; with `traces`, the trace of each changed plan
// is appended to it (in order), for the writing step.
void compute(const Banding& banding, const Date& asOf, const LatestDecisions& plans, std::vector<Outcome>& out, std::size_t from, std::size_t to,
             std::vector<PlanProblem>* problems, std::vector<std::string>* traces, ProfileDecoder& reader, Decision& d) {
    const RuleSet& rs = banding.ruleSet();
    for (std::size_t i = from; i < to; ++i) {
        const LatestDecision& p = plans.rows[i];
        Outcome& o = out[i];
        if (p.erased) {  // kept for audit as it was decided: re-banding leaves it alone
            o.state = Outcome::Erased;
            continue;
        }
        if (auto msg = reader.read(p.reference, plans.profile(p), p.dateOfBirth); !msg.empty()) {
            o.state = Outcome::Problem;
            if (problems) problems->push_back({p.reference, std::move(msg)});
            continue;
        }
        if (!banding.decide(reader.profile(), asOf, d)) {
            o.state = Outcome::Problem;
            if (problems) problems->push_back({p.reference, d.errorField.empty() ? d.error : d.errorField + ": " + d.error});
            continue;
        }
        o.band = d.band;
        o.topUp = d.topUp();
        o.place = d.place();
        o.other = Money();
        for (std::size_t c = 2; c < d.components.size(); ++c) o.other += d.components[c].annual;
        o.needsApproval = d.needsApproval;
        const std::string& newId = rs.bands[static_cast<std::size_t>(d.band)].id;
        if (newId == p.band && o.topUp == p.topUp && o.place == p.place && o.other == p.other && o.needsApproval == p.needsApproval) {
            o.state = Outcome::Unchanged;
            continue;
        }
        o.state = Outcome::Changed;
        const int oldIndex = rs.bandIndex(p.band);
        if (oldIndex >= 0) o.direction = static_cast<std::int8_t>(d.band > oldIndex ? 1 : d.band < oldIndex ? -1 : 0);
        else o.direction = static_cast<std::int8_t>(o.topUp > p.topUp ? 1 : o.topUp < p.topUp ? -1 : 0);
        if (traces) traces->push_back(traceJson(rs, reader.profile(), d));
    }
}



}  // namespace

RebandResult rebandCaseload(CaseloadStore& store, const Banding& banding, const Date& asOf, const Actor& who, JobControl* job) {
    RebandResult result;
    checkCancelled(job);
    const RuleSet& rs = banding.ruleSet();
    if (!rs.effectiveOn(asOf)) {
        result.error = "the as-of date " + formatDate(asOf) + " is outside the rule set's effective period (" +
                       rs.effectivePeriodText() + ")";
        return result;
    }
    // Read and band outside the write lock (banding a large caseload takes seconds, and other
    // officers' writes should not wait for it); then, holding the lock, check that nobody wrote
    // meanwhile. Every write appends to the audit log in its own transaction, so an unchanged head
    // means unchanged plans, decisions and overrides; otherwise read and band again, now under the
    // lock, so that no decision or override written meanwhile is lost or left resting on a
    // superseded decision.
    LatestDecisions plans;
    std::vector<Outcome> outcomes;
    auto prepare = [&]() -> bool {
        result = RebandResult{};
        plans = readLatestDecisions(store, job);
        const std::size_t n = plans.rows.size();
        result.plans = n;
        checkCancelled(job);
        if (job) job->stage("Banding", n);
        // 1. Band every plan, on every core, keeping only the outcome; nothing is written until all band.
        outcomes.assign(n, Outcome{});
        {
            const unsigned threads = workerThreads(n, 4096);
            std::vector<std::vector<PlanProblem>> problems(threads);
            // Each part bands its range in batches, polling a cancel between them.
            constexpr std::size_t kBandBatch = 8192;
            parallelFor(n, threads, [&](unsigned t, std::size_t from, std::size_t to) {
                ProfileDecoder reader(rs);
                Decision d;
                for (std::size_t at = from; at < to; at += kBandBatch) {
                    if (job && job->cancelled()) return;
                    const std::size_t end = std::min(to, at + kBandBatch);
                    compute(banding, asOf, plans, outcomes, at, end, &problems[t], nullptr, reader, d);
                    if (job) job->advance(end - at);
                }
            });
            checkCancelled(job);
            for (auto& p : problems) result.problems.insert(result.problems.end(), std::make_move_iterator(p.begin()), std::make_move_iterator(p.end()));
        }
        if (!result.problems.empty()) {
            sortProblems(result.problems);
            return false;
        }
        for (const Outcome& o : outcomes) {
            if (o.state == Outcome::Erased) {
                ++result.erased;
                continue;
            }
            if (o.direction == 0) ++result.same;
            else if (o.direction > 0) ++result.up;
            else ++result.down;
            if (o.state == Outcome::Changed) {
                ++result.recorded;
                if (o.direction == 0) ++result.sameBandNewAmounts;
            }
        }
        return true;
    };
    const std::int64_t headBefore = store.audit().headSeq();
    if (!prepare()) return result;

    // 2. Write, in one transaction. A second thread re-bands the changed plans for their traces
    // while this one writes, so that traces are never all held in memory at once.
    CaseloadStore::WriteTransaction tx(store, /*bulk=*/true);
    if (store.audit().headSeq() != headBefore && !prepare()) return result;  // someone wrote meanwhile: again, under the lock
    const std::size_t n = plans.rows.size();
    result.ruleSetAdded = !store.ruleSets().byHash(rs.hash);
    const std::int64_t ruleSetId = store.ensureRuleSet(rs, who);
    const std::string asOfText = formatDate(asOf);
    constexpr std::size_t kBatch = 2048;
    if (job) job->stage("Writing", result.recorded);
    Producer<std::vector<std::string>> tracer(4, [&](BoundedQueue<std::vector<std::string>>& queue) {
        {
            ProfileDecoder reader(rs);
            Decision d;
            std::vector<Outcome> scratch(n);
            std::vector<std::string> batch;
            std::size_t i = 0;
            while (i < n) {
                if (job && job->cancelled()) break;  // the writer throws JobCancelled
                batch.clear();
                batch.reserve(kBatch);
                std::size_t j = i;
                while (j < n && batch.size() < kBatch) {
                    if (outcomes[j].state == Outcome::Changed) compute(banding, asOf, plans, scratch, j, j + 1, nullptr, &batch, reader, d);
                    ++j;
                }
                i = j;
                if (!batch.empty() && !queue.push(std::move(batch))) break;  // the writer gave up
                batch = {};
            }
        }
    });
    {
        std::vector<std::string> batch;
        std::size_t next = 0, inBatch = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const Outcome& o = outcomes[i];
            if (o.state != Outcome::Changed) continue;
            if (inBatch == batch.size()) {
                if (job) {  // between batches: progress, and a cancel stops here
                    job->advance(inBatch);
                    checkCancelled(job);
                }
                if (!tracer.pop(batch)) {
                    tracer.finish();      // rethrows the tracer's failure
                    checkCancelled(job);  // the tracer stopped for a cancel
                    throw StoreError("re-banding lost a plan's trace");
                }
                inBatch = 0;
            }
            const LatestDecision& p = plans.rows[i];
            DecisionRow dr;
            dr.planId = p.planId;
            dr.assessmentId = p.assessmentId;
            dr.ruleSetId = ruleSetId;
            dr.asOf = asOf;
            dr.band = rs.bands[static_cast<std::size_t>(o.band)].id;
            dr.topUp = o.topUp;
            dr.place = o.place;
            dr.other = o.other;
            dr.needsApproval = o.needsApproval;
            dr.trace = std::move(batch[inBatch++]);
            ++next;
            const std::int64_t decisionId = store.decisions().insert(dr);
            if (p.liveOverride) {
                store.overrides().supersede(p.planId);
                result.overridesSuperseded.push_back(p.reference);
            }
            const char* direction = o.direction > 0 ? "up" : o.direction < 0 ? "down" : "same";
            store.audit().append(who.at, who.name, "decision.reband", "plan:" + p.pseudonym,
                                 "{\"decision\":" + std::to_string(p.decisionId) + ",\"band\":" + jsonText(p.band) + ",\"top_up\":\"" +
                                     p.topUp.plain() + "\",\"place\":\"" + p.place.plain() + "\"}",
                                 "{\"decision\":" + std::to_string(decisionId) + ",\"band\":" + jsonText(dr.band) + ",\"top_up\":\"" +
                                     o.topUp.plain() + "\",\"place\":\"" + o.place.plain() + "\",\"moved\":\"" + direction +
                                     "\",\"overrides_superseded\":" + (p.liveOverride ? "true" : "false") + "}");
        }
        if (next != result.recorded || inBatch != batch.size()) throw StoreError("re-banding traced a different set of plans");
        if (job) job->advance(inBatch);
    }
    tracer.finish();
    checkCancelled(job);
    std::sort(result.overridesSuperseded.begin(), result.overridesSuperseded.end());
    if (result.recorded == 0 && !result.ruleSetAdded) return result;  // nothing to record: roll back the empty transaction
    store.audit().append(who.at, who.name, "caseload.reband", "rule_set:" + rs.hash, "",
                         "{\"as_of\":\"" + asOfText + "\",\"plans\":" + std::to_string(result.plans) + ",\"up\":" + std::to_string(result.up) +
                             ",\"down\":" + std::to_string(result.down) + ",\"same\":" + std::to_string(result.same) +
                             ",\"new_decisions\":" + std::to_string(result.recorded) +
                             ",\"overrides_superseded\":" + std::to_string(result.overridesSuperseded.size()) + "}");
    tx.commit();
    return result;
}

}  // namespace sendband
