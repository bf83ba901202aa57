#include "workflows/Consistency.h"

#include "banding/Banding.h"
#include "core/Text.h"
#include "workflows/Reband.h"
#include "store/DecisionRecords.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <unordered_map>

namespace sendband {

namespace {

// A stored rule set with this check's own profile reader for it.
struct Reader {
    const LoadedRuleSet* loaded = nullptr;
    std::unique_ptr<ProfileDecoder> decoder;
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
    return whole == 0 ? "-" : formatPercent(static_cast<std::int64_t>(part), static_cast<std::int64_t>(whole), false, PercentRounding::HalfEven);
}

}  // namespace

ConsistencyReport checkConsistency(CaseloadStore& store, JobControl* job) {
    ConsistencyReport r;
    checkCancelled(job);
    if (job) job->stage("Re-running decisions", static_cast<std::size_t>(store.decisions().count()));

    // (a) every decision, re-run.
    std::unordered_map<std::int64_t, Reader> readers;  // by rule set id
    std::unordered_map<std::int64_t, Latest> latest;    // by plan id
    Decision d;
    std::size_t reported = 0;  // decisions counted in job->done()
    forEachDecisionRecord(store, [&](const DecisionRecord& rec) {
        if (job && r.decisionsChecked - reported == 8192) {  // between batches of 8192 decisions
            job->advance(8192);
            reported = r.decisionsChecked;
            checkCancelled(job);
        }
        ++r.decisionsChecked;
        IrreproducibleDecision x;
        x.decisionId = rec.decisionId;
        x.reference = rec.reference;
        x.pseudonym = rec.pseudonym;
        x.asOf = rec.asOf;
        x.storedBand = rec.band;
        x.storedTopUp = rec.topUp.pence();
        x.storedPlace = rec.place.pence();
        x.storedOther = rec.other.pence();

        Reader& l = readers[rec.ruleSetId];
        if (!l.loaded) {
            l.loaded = &store.storedRuleSets().get(rec.ruleSetId);
            if (l.loaded->banding) l.decoder = std::make_unique<ProfileDecoder>(l.loaded->banding->ruleSet());
        }
        x.ruleSetHash = l.loaded->hash;

        Latest& lt = latest[rec.planId];
        lt.decisionId = x.decisionId;
        lt.reference = x.reference;
        lt.needs = needsKey(rec.profile);
        lt.band = x.storedBand;
        lt.ruleSetHash = l.loaded->hash;

        if (!l.loaded->banding) {
            x.problem = l.loaded->error;
            r.irreproducible.push_back(std::move(x));
            return;
        }
        const Banding& banding = *l.loaded->banding;
        const auto asOf = parseDate(x.asOf);
        if (!asOf) {
            x.problem = "its as-of date \"" + x.asOf + "\" is not a date";
            r.irreproducible.push_back(std::move(x));
            return;
        }
        if (auto msg = l.decoder->read(x.reference, rec.profile, rec.dateOfBirth, rec.ageSchedule); !msg.empty()) {
            x.problem = "its stored profile no longer reads: " + msg;
            r.irreproducible.push_back(std::move(x));
            return;
        }
        if (!banding.decide(l.decoder->profile(), *asOf, d)) {
            x.problem = "it no longer bands: " + d.error;
            r.irreproducible.push_back(std::move(x));
            return;
        }
        x.recomputedBand = banding.ruleSet().bands[static_cast<std::size_t>(d.band)].id;
        x.recomputedTopUp = d.topUp().pence();
        x.recomputedPlace = d.place().pence();
        for (std::size_t c = 2; c < d.components.size(); ++c) x.recomputedOther += d.components[c].annual.pence();
        if (x.recomputedBand != x.storedBand || x.recomputedTopUp != x.storedTopUp || x.recomputedPlace != x.storedPlace ||
            x.recomputedOther != x.storedOther)
            r.irreproducible.push_back(std::move(x));
    });
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
        for (const auto& [officer, plans] : store.plans().countByOfficer()) {
            OverrideRate& o = officers[officer];
            o.key = officer;
            o.plans = static_cast<std::size_t>(plans);
        }
    }
    std::size_t allPlans = 0;
    for (const auto& [k, o] : officers) allPlans += o.plans;
    {
        for (const auto& o : store.overrides().summaries()) {
            ++r.overrides;
            const OverrideStatus status = o.status;
            for (OverrideRate* rate : {&officers[o.officer], &reasons[o.reasonCode]}) {
                ++rate->overrides;
                if (status == OverrideStatus::InForce) ++rate->inForce;
                else if (status == OverrideStatus::AwaitingApproval) ++rate->awaiting;
                else ++rate->superseded;
            }
            officers[o.officer].key = o.officer;
            reasons[o.reasonCode].key = o.reasonCode;
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
