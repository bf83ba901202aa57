#include "Reband.h"

#include "Explanation.h"
#include "JsonText.h"

#include <algorithm>
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

struct PlanState {
    std::int64_t planId = 0, decisionId = 0, assessmentId = 0;
    std::string reference, pseudonym, profile, band;
    std::optional<std::string> dateOfBirth;
    std::int64_t topUp = 0, place = 0, other = 0;
    bool needsApproval = false, liveOverride = false;
};

struct Outcome {
    enum State { Unchanged, Changed, Problem } state = Unchanged;
    int band = -1;
    int direction = 0;  // -1 down, 0 same, 1 up
    std::int64_t topUp = 0, place = 0, other = 0;
    bool needsApproval = false;
    std::string text;  // the trace when Changed, the message when Problem
};

std::vector<PlanState> readPlans(Database& db) {
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
ORDER BY p.id
)sql");
    std::vector<PlanState> out;
    while (s->step()) {
        PlanState p;
        p.planId = s->int64(0);
        p.reference = s->text(1);
        p.pseudonym = s->text(2);
        if (!s->isNull(3)) p.dateOfBirth = s->text(3);
        p.profile = s->text(4);
        p.decisionId = s->int64(5);
        p.assessmentId = s->int64(6);
        p.band = s->text(7);
        p.topUp = s->int64(8);
        p.place = s->int64(9);
        p.other = s->int64(10);
        p.needsApproval = s->int64(11) != 0;
        p.liveOverride = s->int64(12) != 0;
        out.push_back(std::move(p));
    }
    return out;
}

void compute(const Banding& banding, const Date& asOf, const std::vector<PlanState>& plans, std::vector<Outcome>& out, std::size_t from,
             std::size_t to) {
    const RuleSet& rs = banding.ruleSet();
    StoredProfileReader reader(rs);
    Decision d;
    for (std::size_t i = from; i < to; ++i) {
        const PlanState& p = plans[i];
        Outcome& o = out[i];
        if (auto msg = reader.read(p.reference, p.profile, p.dateOfBirth); !msg.empty()) {
            o.state = Outcome::Problem;
            o.text = std::move(msg);
            continue;
        }
        if (!banding.decide(reader.profile(), asOf, d)) {
            o.state = Outcome::Problem;
            o.text = d.errorField.empty() ? d.error : d.errorField + ": " + d.error;
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
        if (oldIndex >= 0) o.direction = d.band > oldIndex ? 1 : d.band < oldIndex ? -1 : 0;
        else o.direction = o.topUp > p.topUp ? 1 : o.topUp < p.topUp ? -1 : 0;
        o.text = traceJson(rs, reader.profile(), d);
    }
}

std::string money(std::int64_t pence) { return Money::fromPence(pence).plain(); }

}  // namespace

RebandResult rebandCaseload(CaseloadStore& store, const Banding& banding, const Date& asOf, const Actor& who) {
    RebandResult result;
    const RuleSet& rs = banding.ruleSet();
    const std::vector<PlanState> plans = readPlans(store.db());
    result.plans = plans.size();

    // Band every plan first, on every core; nothing is written until all of them band.
    std::vector<Outcome> outcomes(plans.size());
    const std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
    if (threads == 1 || plans.size() < 2048) {
        compute(banding, asOf, plans, outcomes, 0, plans.size());
    } else {
        std::vector<std::thread> pool;
        const std::size_t chunk = (plans.size() + threads - 1) / threads;
        for (std::size_t t = 0; t < threads; ++t) {
            const std::size_t from = t * chunk, to = std::min(plans.size(), from + chunk);
            if (from >= to) break;
            pool.emplace_back([&, from, to] { compute(banding, asOf, plans, outcomes, from, to); });
        }
        for (auto& th : pool) th.join();
    }
    for (std::size_t i = 0; i < plans.size(); ++i)
        if (outcomes[i].state == Outcome::Problem) result.problems.push_back({plans[i].reference, outcomes[i].text});
    if (!result.problems.empty()) {
        std::sort(result.problems.begin(), result.problems.end(),
                  [](const RebandProblem& a, const RebandProblem& b) { return a.reference < b.reference; });
        return result;
    }
    for (const Outcome& o : outcomes) {
        if (o.state == Outcome::Unchanged || o.direction == 0) ++result.same;
        else if (o.direction > 0) ++result.up;
        else ++result.down;
        if (o.state == Outcome::Changed) {
            ++result.recorded;
            if (o.direction == 0) ++result.sameBandNewAmounts;
        }
    }

    // Then write, in one transaction.
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
    result.ruleSetAdded = !store.ruleSets().byHash(rs.hash);
    const std::int64_t ruleSetId = store.ensureRuleSet(rs, who);
    const std::string asOfText = formatDate(asOf);
    std::unique_ptr<Statement> supersede;
    for (std::size_t i = 0; i < plans.size(); ++i) {
        Outcome& o = outcomes[i];
        if (o.state != Outcome::Changed) continue;
        const PlanState& p = plans[i];
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
        dr.trace = std::move(o.text);
        const std::int64_t decisionId = store.decisions().insert(dr);
        if (p.liveOverride) {
            if (!supersede) supersede = store.db().prepare("UPDATE overrides SET status = 'superseded' WHERE plan_id = ? AND status != 'superseded'");
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
