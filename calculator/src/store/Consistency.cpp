#include "Consistency.h"

#include "Banding.h"
#include "Reband.h"
#include "RuleSetLoader.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <unordered_map>

namespace sendband {

namespace {

struct LoadedRuleSet {
    std::string hash;
    std::string error;  // when the stored YAML no longer loads
    std::unique_ptr<Banding> banding;
    std::unique_ptr<StoredProfileReader> reader;
};

struct Latest {
    std::int64_t decisionId = 0;
    std::string reference, needs, band, ruleSetHash;
};

std::string amounts(std::int64_t topUp, std::int64_t place, std::int64_t other, bool showOther) {
    std::string s = "top-up " + Money::fromPence(topUp).format() + ", place " + Money::fromPence(place).format();
    if (showOther) s += ", other " + Money::fromPence(other).format();
    return s;
}

std::string percent(std::size_t part, std::size_t whole) {
    if (whole == 0) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
    return buf;
}

}  // namespace

ConsistencyReport checkConsistency(CaseloadStore& store, JobControl* job) {
    ConsistencyReport r;
    Database& db = store.db();
    checkCancelled(job);
    if (job) {
        auto c = db.prepare("SELECT count(*) FROM decisions");
        c->step();
        job->stage("Re-running decisions", static_cast<std::size_t>(c->int64(0)));
    }

    // (a) every decision, re-run.
    std::unordered_map<std::int64_t, LoadedRuleSet> ruleSets;
    std::unordered_map<std::int64_t, Latest> latest;  // by plan id
    auto s = db.prepare(R"sql(
SELECT d.id, d.plan_id, p.reference, p.pseudonym, i.date_of_birth, a.profile, d.rule_set_id, d.as_of, d.band,
       d.top_up_pence, d.place_pence, d.other_pence
FROM decisions d
JOIN plans p ON p.id = d.plan_id
JOIN assessments a ON a.id = d.assessment_id
LEFT JOIN identities i ON i.plan_id = p.id
ORDER BY d.id
)sql");
    Decision d;
    std::size_t reported = 0;  // decisions counted in job->done()
    while (s->step()) {
        if (job && r.decisionsChecked - reported == 8192) {  // between batches of 8192 decisions
            job->advance(8192);
            reported = r.decisionsChecked;
            checkCancelled(job);
        }
        ++r.decisionsChecked;
        IrreproducibleDecision x;
        x.decisionId = s->int64(0);
        const std::int64_t planId = s->int64(1);
        x.reference = s->text(2);
        x.pseudonym = s->text(3);
        std::optional<std::string> dob;
        if (!s->isNull(4)) dob = s->text(4);
        const std::string profile = s->text(5);
        const std::int64_t ruleSetId = s->int64(6);
        x.asOf = s->text(7);
        x.storedBand = s->text(8);
        x.storedTopUp = s->int64(9);
        x.storedPlace = s->int64(10);
        x.storedOther = s->int64(11);

        auto it = ruleSets.find(ruleSetId);
        if (it == ruleSets.end()) {
            LoadedRuleSet l;
            if (const auto stored = store.ruleSets().byId(ruleSetId)) {
                l.hash = stored->hash;
                auto load = RuleSetLoader::loadText(stored->yaml, "rule set " + stored->hash.substr(0, 12));
                if (!load.ok()) l.error = "the stored rule set no longer loads: " + formatAll(load.diagnostics);
                else if (load.ruleSet->hash != stored->hash) l.error = "the stored rule set's text does not match its recorded hash";
                else {
                    l.banding = std::make_unique<Banding>(load.ruleSet);
                    l.reader = std::make_unique<StoredProfileReader>(l.banding->ruleSet());
                }
            } else {
                l.error = "rule set " + std::to_string(ruleSetId) + " is not stored";
            }
            it = ruleSets.emplace(ruleSetId, std::move(l)).first;
        }
        LoadedRuleSet& l = it->second;
        x.ruleSetHash = l.hash;

        Latest& lt = latest[planId];
        lt.decisionId = x.decisionId;
        lt.reference = x.reference;
        lt.needs = needsKey(profile);
        lt.band = x.storedBand;
        lt.ruleSetHash = l.hash;

        if (!l.error.empty()) {
            x.problem = l.error;
            r.irreproducible.push_back(std::move(x));
            continue;
        }
        const auto asOf = parseDate(x.asOf);
        if (!asOf) {
            x.problem = "its as-of date \"" + x.asOf + "\" is not a date";
            r.irreproducible.push_back(std::move(x));
            continue;
        }
        if (auto msg = l.reader->read(x.reference, profile, dob); !msg.empty()) {
            x.problem = "its stored profile no longer reads: " + msg;
            r.irreproducible.push_back(std::move(x));
            continue;
        }
        if (!l.banding->decide(l.reader->profile(), *asOf, d)) {
            x.problem = "it no longer bands: " + d.error;
            r.irreproducible.push_back(std::move(x));
            continue;
        }
        x.recomputedBand = l.banding->ruleSet().bands[static_cast<std::size_t>(d.band)].id;
        x.recomputedTopUp = d.topUp().pence();
        x.recomputedPlace = d.place().pence();
        for (std::size_t c = 2; c < d.components.size(); ++c) x.recomputedOther += d.components[c].annual.pence();
        if (x.recomputedBand != x.storedBand || x.recomputedTopUp != x.storedTopUp || x.recomputedPlace != x.storedPlace ||
            x.recomputedOther != x.storedOther)
            r.irreproducible.push_back(std::move(x));
    }
    s.reset();
    if (job) {
        job->advance(r.decisionsChecked - reported);
        checkCancelled(job);
    }
    r.plans = latest.size();

    // (b) like needs, unlike bands, among the plans' latest decisions.
    std::unordered_map<std::string, std::vector<const Latest*>> byNeeds;
    for (const auto& [planId, lt] : latest) byNeeds[lt.needs].push_back(&lt);
    for (auto& [needs, members] : byNeeds) {
        bool differ = false;
        for (const Latest* m : members) differ = differ || m->band != members.front()->band;
        if (!differ) continue;
        LikeNeedsGroup g;
        g.needs = needs;
        for (const Latest* m : members) g.members.push_back({m->reference, m->band, m->ruleSetHash});
        std::sort(g.members.begin(), g.members.end(), [](const auto& a, const auto& b) {
            return a.band != b.band ? a.band < b.band : a.reference < b.reference;
        });
        r.likeNeedsUnlikeBands.push_back(std::move(g));
    }
    std::sort(r.likeNeedsUnlikeBands.begin(), r.likeNeedsUnlikeBands.end(),
              [](const LikeNeedsGroup& a, const LikeNeedsGroup& b) { return a.needs < b.needs; });

    // (c) override rates.
    std::map<std::string, OverrideRate> officers, reasons;
    {
        auto p = db.prepare("SELECT officer, count(*) FROM plans GROUP BY officer");
        while (p->step()) {
            OverrideRate& o = officers[p->text(0)];
            o.key = p->text(0);
            o.plans = static_cast<std::size_t>(p->int64(1));
        }
    }
    std::size_t allPlans = 0;
    for (const auto& [k, o] : officers) allPlans += o.plans;
    {
        auto o = db.prepare("SELECT officer, reason_code, status FROM overrides ORDER BY id");
        while (o->step()) {
            ++r.overrides;
            const std::string status = o->text(2);
            for (OverrideRate* rate : {&officers[o->text(0)], &reasons[o->text(1)]}) {
                ++rate->overrides;
                if (status == "in_force") ++rate->inForce;
                else if (status == "awaiting_approval") ++rate->awaiting;
                else ++rate->superseded;
            }
            officers[o->text(0)].key = o->text(0);
            reasons[o->text(1)].key = o->text(1);
        }
    }
    for (auto& [k, o] : officers)
        if (o.overrides) r.byOfficer.push_back(o);
    for (auto& [k, o] : reasons) {
        o.plans = allPlans;
        r.byReason.push_back(o);
    }
    return r;
}

std::string formatConsistency(const ConsistencyReport& r) {
    std::string out;
    auto line = [&](const std::string& s) {
        out += s;
        out += '\n';
    };
    line("(a) Stored decisions re-run under their own rule set and as-of date: " + std::to_string(r.decisionsChecked) + " checked, " +
         std::to_string(r.irreproducible.size()) + " not reproduced");
    for (const auto& x : r.irreproducible) {
        std::string s = "  " + x.reference + " (" + x.pseudonym + ") decision " + std::to_string(x.decisionId) + ", rule set " +
                        (x.ruleSetHash.empty() ? std::string("?") : x.ruleSetHash.substr(0, 12)) + ", as of " + x.asOf + ": stored " +
                        x.storedBand + " (";
        const bool other = x.storedOther != 0 || x.recomputedOther != 0;
        s += amounts(x.storedTopUp, x.storedPlace, x.storedOther, other) + "); ";
        if (!x.problem.empty()) s += x.problem;
        else s += "recomputed " + x.recomputedBand + " (" + amounts(x.recomputedTopUp, x.recomputedPlace, x.recomputedOther, other) + ")";
        line(s);
    }
    line("(b) Plans with identical needs and different bands: " + std::to_string(r.likeNeedsUnlikeBands.size()) + " group(s)");
    for (const auto& g : r.likeNeedsUnlikeBands) {
        line("  needs " + g.needs);
        for (const auto& m : g.members) line("    " + m.band + "  " + m.reference + " (rule set " + m.ruleSetHash.substr(0, 12) + ")");
    }
    line("(c) Override rates: " + std::to_string(r.overrides) + " override(s) over " + std::to_string(r.plans) + " plan(s)");
    if (r.overrides) {
        line("  by officer who made them (rate = overrides made / plans the officer is responsible for):");
        for (const auto& o : r.byOfficer)
            line("    " + (o.key.empty() ? std::string("(no officer)") : o.key) + ": " + std::to_string(o.overrides) + " made (" +
                 std::to_string(o.inForce) + " in force, " + std::to_string(o.awaiting) + " awaiting approval, " +
                 std::to_string(o.superseded) + " superseded); " + std::to_string(o.plans) + " plan(s); rate " + percent(o.overrides, o.plans));
        line("  by reason code (rate = overrides / all plans):");
        for (const auto& o : r.byReason)
            line("    " + o.key + ": " + std::to_string(o.overrides) + " (" + std::to_string(o.inForce) + " in force, " +
                 std::to_string(o.awaiting) + " awaiting approval, " + std::to_string(o.superseded) + " superseded); rate " +
                 percent(o.overrides, o.plans));
    }
    line(r.ok() ? "Every stored decision reproduces." : std::to_string(r.irreproducible.size()) + " stored decision(s) do not reproduce.");
    return out;
}

}  // namespace sendband
