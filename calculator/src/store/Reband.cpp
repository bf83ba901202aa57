#include "Reband.h"

#include "Explanation.h"
#include "JsonText.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

namespace sendband {

// ---- StoredProfileReader

StoredProfileReader::StoredProfileReader(const RuleSet& rs) : rs_(rs), builder_(rs) {}

std::string StoredProfileReader::read(std::string_view reference, std::string_view text, const std::optional<std::string>& dateOfBirth) {
    builder_.reset();
    if (auto msg = builder_.set(ProfileBuilder::Field{ProfileBuilder::Field::Reference, 0}, reference); !msg.empty())
        return "reference: " + msg;
    std::size_t i = 0;
    while (i < text.size()) {
        key_.clear();
        value_.clear();
        while (i < text.size() && text[i] != '=') key_ += text[i++];
        ++i;
        while (i < text.size() && text[i] != ';') {
            if (text[i] == '\\' && i + 1 < text.size()) ++i;
            value_ += text[i++];
        }
        ++i;
        auto it = fields_.find(key_);
        if (it == fields_.end()) {
            const std::string name = key_ == "setting_type" ? "setting" : key_ == "school_urn" ? "school" : key_;
            Resolved r;
            r.field = builder_.resolve(name, r.error);
            it = fields_.emplace(key_, std::move(r)).first;
        }
        if (!it->second.field) return key_ + ": " + it->second.error;
        if (auto msg = builder_.set(*it->second.field, value_); !msg.empty()) return key_ + ": " + msg;
    }
    if (dateOfBirth && !dateOfBirth->empty())
        if (auto msg = builder_.set(ProfileBuilder::Field{ProfileBuilder::Field::DateOfBirth, 0}, *dateOfBirth); !msg.empty())
            return "date_of_birth: " + msg;
    const auto missing = builder_.finish();
    if (!missing.empty()) return missing.front();
    (void)rs_;
    return {};
}

std::string needsKey(std::string_view encoded) {
    std::string out;
    out.reserve(encoded.size());
    std::size_t i = 0;
    while (i < encoded.size()) {
        std::size_t end = i;
        while (end < encoded.size() && encoded[end] != ';') {
            if (encoded[end] == '\\' && end + 1 < encoded.size()) ++end;
            ++end;
        }
        const std::string_view part = encoded.substr(i, end - i);
        if (part.rfind("school_urn=", 0) != 0) {
            if (!out.empty()) out += ';';
            out.append(part);
        }
        i = end + 1;
    }
    return out;
}

// ---- re-banding

namespace {

// One plan as its latest decision left it. The profile text lives in one shared arena, so that
// reading 640,000 plans makes a handful of allocations, not a million.
struct PlanState {
    std::int64_t planId = 0, decisionId = 0, assessmentId = 0;
    std::int64_t topUp = 0, place = 0, other = 0;
    std::size_t profileAt = 0, profileLength = 0;
    std::string reference, pseudonym, band;  // short: kept in place by the small-string optimisation
    std::optional<std::string> dateOfBirth;
    bool needsApproval = false, liveOverride = false;
};

struct Plans {
    std::vector<PlanState> rows;
    std::string arena;
    std::string_view profile(const PlanState& p) const { return std::string_view(arena).substr(p.profileAt, p.profileLength); }
};

// What re-banding one plan gave: compact, so that the whole caseload's outcomes fit in little memory.
struct Outcome {
    enum State : std::uint8_t { Unchanged, Changed, Problem } state = Unchanged;
    std::int8_t direction = 0;  // -1 down, 0 same, 1 up
    int band = -1;
    std::int64_t topUp = 0, place = 0, other = 0;
    bool needsApproval = false;
};

Plans readPlans(Database& db, JobControl* job) {
    Plans out;
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
       d.top_up_pence, d.place_pence, d.other_pence, d.needs_approval, live.plan_id IS NOT NULL
FROM latest
JOIN decisions d ON d.id = latest.id
JOIN plans p ON p.id = d.plan_id
JOIN assessments a ON a.id = d.assessment_id
LEFT JOIN identities i ON i.plan_id = p.id
LEFT JOIN live ON live.plan_id = p.id
)sql");
    while (s->step()) {
        PlanState& p = out.rows.emplace_back();
        p.planId = s->int64(0);
        p.reference = s->text(1);
        p.pseudonym = s->text(2);
        if (!s->isNull(3)) p.dateOfBirth = s->text(3);
        const std::string profile = s->text(4);
        p.profileAt = out.arena.size();
        p.profileLength = profile.size();
        out.arena += profile;
        p.decisionId = s->int64(5);
        p.assessmentId = s->int64(6);
        p.band = s->text(7);
        p.topUp = s->int64(8);
        p.place = s->int64(9);
        p.other = s->int64(10);
        p.needsApproval = s->int64(11) != 0;
        p.liveOverride = s->int64(12) != 0;
        if (job && (out.rows.size() & 8191) == 0) {  // between batches of 8192 plans
            job->advance(8192);
            checkCancelled(job);
        }
    }
    if (job) job->advance(out.rows.size() & 8191);
    // In plan order, so that decisions and audit entries are written in a stable order. The query
    // gives that order already (it walks decisions_by_plan); sorting here costs nothing then and
    // avoids SQLite sorting 640,000 rows with their profiles.
    if (!std::is_sorted(out.rows.begin(), out.rows.end(), [](const PlanState& a, const PlanState& b) { return a.planId < b.planId; }))
        std::sort(out.rows.begin(), out.rows.end(), [](const PlanState& a, const PlanState& b) { return a.planId < b.planId; });
    return out;
}

// Bands plans [from, to). Problems go to `problems`; with `traces`, the trace of each changed plan
// is appended to it (in order), for the writing step.
void compute(const Banding& banding, const Date& asOf, const Plans& plans, std::vector<Outcome>& out, std::size_t from, std::size_t to,
             std::vector<RebandProblem>* problems, std::vector<std::string>* traces, StoredProfileReader& reader, Decision& d) {
    const RuleSet& rs = banding.ruleSet();
    for (std::size_t i = from; i < to; ++i) {
        const PlanState& p = plans.rows[i];
        Outcome& o = out[i];
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
        o.topUp = d.topUp().pence();
        o.place = d.place().pence();
        o.other = 0;
        for (std::size_t c = 2; c < d.components.size(); ++c) o.other += d.components[c].annual.pence();
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

std::string money(std::int64_t pence) { return Money::fromPence(pence).plain(); }

// A bounded hand-over of trace batches from the tracing thread to the writing thread.
class TraceQueue {
public:
    // Returns false when the writer has given up: the tracer should stop.
    bool push(std::vector<std::string> batch) {
        std::unique_lock lock(m_);
        notFull_.wait(lock, [&] { return q_.size() < 8 || stop_; });
        if (stop_) return false;
        q_.push_back(std::move(batch));
        notEmpty_.notify_one();
        return true;
    }
    bool pop(std::vector<std::string>& out) {
        std::unique_lock lock(m_);
        notEmpty_.wait(lock, [&] { return !q_.empty() || done_; });
        if (q_.empty()) return false;
        out = std::move(q_.front());
        q_.pop_front();
        notFull_.notify_one();
        return true;
    }
    void finish() {
        std::lock_guard lock(m_);
        done_ = true;
        notEmpty_.notify_all();
    }
    void abandon() {
        std::lock_guard lock(m_);
        stop_ = true;
        notFull_.notify_all();
    }

private:
    std::mutex m_;
    std::condition_variable notEmpty_, notFull_;
    std::deque<std::vector<std::string>> q_;
    bool done_ = false, stop_ = false;
};

}  // namespace

RebandResult rebandCaseload(CaseloadStore& store, const Banding& banding, const Date& asOf, const Actor& who, JobControl* job) {
    RebandResult result;
    checkCancelled(job);
    const RuleSet& rs = banding.ruleSet();
    if (!rs.effectiveOn(asOf)) {
        result.error = "the as-of date " + formatDate(asOf) + " is outside the rule set's effective period (" +
                       formatDate(rs.metadata.effectiveFrom) + " to " +
                       (rs.metadata.effectiveTo ? formatDate(*rs.metadata.effectiveTo) : std::string("open-ended")) + ")";
        return result;
    }
    const Plans plans = readPlans(store.db(), job);
    const std::size_t n = plans.rows.size();
    result.plans = n;
    checkCancelled(job);
    if (job) job->stage("Banding", n);

    // 1. Band every plan, on every core, keeping only the outcome; nothing is written until all band.
    std::vector<Outcome> outcomes(n);
    const std::size_t threads = n < 4096 ? 1 : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
    {
        std::vector<std::vector<RebandProblem>> problems(threads);
        std::vector<std::exception_ptr> failed(threads);
        std::vector<std::thread> pool;
        const std::size_t chunk = (n + threads - 1) / threads;
        // Each thread bands its chunk in batches, polling a cancel between them; nothing escapes a thread.
        constexpr std::size_t kBandBatch = 8192;
        std::atomic<bool> stop{false};  // a thread could not be started
        auto work = [&](std::size_t t) {
            try {
                StoredProfileReader reader(rs);
                Decision d;
                const std::size_t from = std::min(n, t * chunk), to = std::min(n, from + chunk);
                for (std::size_t at = from; at < to; at += kBandBatch) {
                    if (stop.load(std::memory_order_relaxed) || (job && job->cancelled())) return;
                    const std::size_t end = std::min(to, at + kBandBatch);
                    compute(banding, asOf, plans, outcomes, at, end, &problems[t], nullptr, reader, d);
                    if (job) job->advance(end - at);
                }
            } catch (...) {
                failed[t] = std::current_exception();
            }
        };
        try {
            for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
        } catch (...) {
            stop = true;  // could not start a thread: stop the others, then fail
            for (auto& th : pool) th.join();
            throw;
        }
        work(0);
        for (auto& th : pool) th.join();
        checkCancelled(job);
        for (auto& f : failed)
            if (f) std::rethrow_exception(f);
        for (auto& p : problems) result.problems.insert(result.problems.end(), std::make_move_iterator(p.begin()), std::make_move_iterator(p.end()));
    }
    if (!result.problems.empty()) {
        std::sort(result.problems.begin(), result.problems.end(),
                  [](const RebandProblem& a, const RebandProblem& b) { return a.reference < b.reference; });
        return result;
    }
    for (const Outcome& o : outcomes) {
        if (o.direction == 0) ++result.same;
        else if (o.direction > 0) ++result.up;
        else ++result.down;
        if (o.state == Outcome::Changed) {
            ++result.recorded;
            if (o.direction == 0) ++result.sameBandNewAmounts;
        }
    }

    // 2. Write, in one transaction. A second thread re-bands the changed plans for their traces
    // while this one writes, so that traces are never all held in memory at once.
    store.db().bulkWrite(true);
    struct Normal {
        Database& db;
        ~Normal() {
            try {
                db.bulkWrite(false);
            } catch (...) {
            }
        }
    } normal{store.db()};
    Transaction tx(store.db());
    struct ForgetOnRollback {  // the audit log's cached head must not outlive a rolled-back entry
        AuditLog& audit;
        bool committed = false;
        ~ForgetOnRollback() {
            if (!committed) audit.rolledBack();
        }
    } forget{store.audit()};
    result.ruleSetAdded = !store.ruleSets().byHash(rs.hash);
    const std::int64_t ruleSetId = store.ensureRuleSet(rs, who);
    const std::string asOfText = formatDate(asOf);
    constexpr std::size_t kBatch = 2048;
    if (job) job->stage("Writing", result.recorded);
    TraceQueue queue;
    std::string tracerError;
    std::thread tracer([&] {
        try {
            StoredProfileReader reader(rs);
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
        } catch (const std::exception& e) {
            tracerError = e.what();
        } catch (...) {
            tracerError = "tracing failed";
        }
        queue.finish();
    });
    try {
        std::unique_ptr<Statement> supersede;
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
                if (!queue.pop(batch)) {
                    checkCancelled(job);  // the tracer stopped for a cancel
                    throw StoreError("re-banding lost a plan's trace: " + tracerError);
                }
                inBatch = 0;
            }
            const PlanState& p = plans.rows[i];
            DecisionRow dr;
            dr.planId = p.planId;
            dr.assessmentId = p.assessmentId;
            dr.ruleSetId = ruleSetId;
            dr.asOf = asOfText;
            dr.band = rs.bands[static_cast<std::size_t>(o.band)].id;
            dr.topUpPence = o.topUp;
            dr.placePence = o.place;
            dr.otherPence = o.other;
            dr.needsApproval = o.needsApproval;
            dr.trace = std::move(batch[inBatch++]);
            ++next;
            const std::int64_t decisionId = store.decisions().insert(dr);
            if (p.liveOverride) {
                if (!supersede)
                    supersede = store.db().prepare("UPDATE overrides SET status = 'superseded' WHERE plan_id = ? AND status != 'superseded'");
                supersede->bind(1, p.planId);
                supersede->run();
                result.overridesSuperseded.push_back(p.reference);
            }
            const char* direction = o.direction > 0 ? "up" : o.direction < 0 ? "down" : "same";
            store.audit().append(who.at, who.name, "decision.reband", "plan:" + p.pseudonym,
                                 "{\"decision\":" + std::to_string(p.decisionId) + ",\"band\":" + jsonText(p.band) + ",\"top_up\":\"" +
                                     money(p.topUp) + "\",\"place\":\"" + money(p.place) + "\"}",
                                 "{\"decision\":" + std::to_string(decisionId) + ",\"band\":" + jsonText(dr.band) + ",\"top_up\":\"" +
                                     money(o.topUp) + "\",\"place\":\"" + money(o.place) + "\",\"moved\":\"" + direction +
                                     "\",\"overrides_superseded\":" + (p.liveOverride ? "true" : "false") + "}");
        }
        if (next != result.recorded || inBatch != batch.size()) throw StoreError("re-banding traced a different set of plans");
        if (job) job->advance(inBatch);
    } catch (...) {
        queue.abandon();
        tracer.join();
        throw;
    }
    tracer.join();
    checkCancelled(job);
    if (!tracerError.empty()) throw StoreError(tracerError);
    std::sort(result.overridesSuperseded.begin(), result.overridesSuperseded.end());
    if (result.recorded == 0 && !result.ruleSetAdded) return result;  // nothing to record: roll back the empty transaction
    store.audit().append(who.at, who.name, "caseload.reband", "rule_set:" + rs.hash, "",
                         "{\"as_of\":\"" + asOfText + "\",\"plans\":" + std::to_string(result.plans) + ",\"up\":" + std::to_string(result.up) +
                             ",\"down\":" + std::to_string(result.down) + ",\"same\":" + std::to_string(result.same) +
                             ",\"new_decisions\":" + std::to_string(result.recorded) +
                             ",\"overrides_superseded\":" + std::to_string(result.overridesSuperseded.size()) + "}");
    tx.commit();
    forget.committed = true;
    return result;
}

}  // namespace sendband
