#include "workflows/StateCheck.h"

#include "store/LatestDecisions.h"

#include <nlohmann/json.hpp>

#include <map>

namespace sendband {

namespace {

struct Logged {
    std::int64_t seq = 0, decision = 0;
    std::string band, topUp, place;
};

std::string text(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

StateCheck checkStateAgainstLog(CaseloadStore& store) {
    StateCheck out;
    std::map<std::string, Logged> logged;  // by pseudonym
    store.audit().forEachEntry({"plan.import", "plan.reimport", "decision.reband", "assessment.save"}, [&](const AuditEntry& e) {
        if (e.entity.rfind("plan:", 0) != 0) return;
        const auto j = nlohmann::json::parse(e.after, nullptr, false);
        if (!j.is_object()) return;  // the chain check reports an entry that is not what it was
        Logged& l = logged[e.entity.substr(5)];
        l.seq = e.seq;
        l.decision = j.value("decision", std::int64_t{0});
        l.band = text(j, "band");
        l.topUp = text(j, "top_up");
        l.place = text(j, "place");
    });
    const LatestDecisions plans = readLatestDecisions(store);
    std::map<std::string, const LatestDecision*> current;
    for (const LatestDecision& p : plans.rows) current[p.pseudonym] = &p;
    auto mismatch = [&](const std::string& pseudonym, const char* field, std::string table, std::string log, std::int64_t seq) {
        out.mismatches.push_back({pseudonym, "decisions", field, std::move(table), std::move(log), seq});
    };
    for (const auto& [pseudonym, p] : current) {
        ++out.plansChecked;
        const auto it = logged.find(pseudonym);
        if (it == logged.end()) {
            mismatch(pseudonym, "id", std::to_string(p->decisionId), "no decision", 0);
            continue;
        }
        const Logged& l = it->second;
        if (p->decisionId != l.decision) mismatch(pseudonym, "id", std::to_string(p->decisionId), std::to_string(l.decision), l.seq);
        if (p->band != l.band) mismatch(pseudonym, "band", p->band, l.band, l.seq);
        if (p->topUp.plain() != l.topUp) mismatch(pseudonym, "top_up", p->topUp.plain(), l.topUp, l.seq);
        if (p->place.plain() != l.place) mismatch(pseudonym, "place", p->place.plain(), l.place, l.seq);
    }
    for (const auto& [pseudonym, l] : logged)
        if (!current.count(pseudonym)) mismatch(pseudonym, "id", "no decision", std::to_string(l.decision), l.seq);
    std::stable_sort(out.mismatches.begin(), out.mismatches.end(),
                     [](const StateMismatch& a, const StateMismatch& b) { return a.pseudonym < b.pseudonym; });
    return out;
}

std::string formatStateMismatches(const StateCheck& check) {
    std::string out;
    for (const StateMismatch& m : check.mismatches) {
        out += "plan " + m.pseudonym + ": " + m.table + "." + m.field + " is " + m.tableValue + ", but the log ";
        out += m.seq ? "(entry " + std::to_string(m.seq) + ") says " + m.loggedValue : "records " + m.loggedValue;
        out += "\n";
    }
    return out;
}

}  // namespace sendband
