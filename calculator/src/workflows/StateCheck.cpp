#include "workflows/StateCheck.h"

#include "store/LatestDecisions.h"
#include "store/OverrideRecords.h"
#include "store/OverrideStatus.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

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

// An override as the log tells it: made by override.create, approved by override.approve, and
// superseded by the plan's next override or next decision (plan.reimport, decision.reband,
// assessment.save all supersede whatever override was live).
struct LoggedOverride {
    std::string pseudonym;
    std::int64_t created = 0, changed = 0;  // the create entry; the entry that last set the status
    std::string band, topUp, place, reason, officer, status, approver;
};

struct OverrideReplay {
    std::map<std::int64_t, LoggedOverride> byId;
    std::map<std::string, std::int64_t> live;  // pseudonym -> the override not yet superseded

    void supersede(const std::string& pseudonym, std::int64_t seq) {
        const auto it = live.find(pseudonym);
        if (it == live.end()) return;
        LoggedOverride& o = byId[it->second];
        o.status = "superseded";
        o.changed = seq;
        live.erase(it);
    }
};

}  // namespace

StateCheck checkStateAgainstLog(CaseloadStore& store) {
    StateCheck out;
    std::map<std::string, Logged> logged;  // by pseudonym
    OverrideReplay overrides;
    std::map<std::string, std::pair<std::string, std::int64_t>> erased;  // pseudonym -> (erased_on, seq)
    store.audit().forEachEntry({"plan.import", "plan.reimport", "decision.reband", "assessment.save", "override.create", "override.approve",
                                "plan.erase"},
                               [&](const AuditEntry& e) {
        if (e.entity.rfind("plan:", 0) != 0) return;
        const auto j = nlohmann::json::parse(e.after, nullptr, false);
        if (!j.is_object()) return;  // the chain check reports an entry that is not what it was
        const std::string pseudonym = e.entity.substr(5);
        if (e.action == "plan.erase") {
            erased[pseudonym] = {text(j, "erased_on"), e.seq};
            return;
        }
        if (e.action == "override.create") {
            overrides.supersede(pseudonym, e.seq);
            const std::int64_t id = j.value("override", std::int64_t{0});
            LoggedOverride& o = overrides.byId[id];
            o = {pseudonym, e.seq, e.seq, text(j, "band"), text(j, "top_up"), text(j, "place"), text(j, "reason"), e.actor, text(j, "status"), ""};
            overrides.live[pseudonym] = id;
            return;
        }
        if (e.action == "override.approve") {
            LoggedOverride& o = overrides.byId[j.value("override", std::int64_t{0})];
            o.status = text(j, "status");
            o.approver = e.actor;
            o.changed = e.seq;
            return;
        }
        if (e.action != "plan.import") overrides.supersede(pseudonym, e.seq);  // a new decision
        Logged& l = logged[pseudonym];
        l.seq = e.seq;
        l.decision = j.value("decision", std::int64_t{0});
        l.band = text(j, "band");
        l.topUp = text(j, "top_up");
        l.place = text(j, "place");
    });
    const LatestDecisions plans = readLatestDecisions(store);
    std::map<std::string, const LatestDecision*> current;
    for (const LatestDecision& p : plans.rows) current[p.pseudonym] = &p;
    auto mismatch = [&](const std::string& pseudonym, const char* table, std::string field, std::string tableValue, std::string log, std::int64_t seq) {
        out.mismatches.push_back({pseudonym, table, std::move(field), std::move(tableValue), std::move(log), seq});
    };
    for (const auto& [pseudonym, p] : current) {
        ++out.plansChecked;
        const auto it = logged.find(pseudonym);
        if (it == logged.end()) {
            mismatch(pseudonym, "decisions", "id", std::to_string(p->decisionId), "no decision", 0);
            continue;
        }
        const Logged& l = it->second;
        if (p->decisionId != l.decision) mismatch(pseudonym, "decisions", "id", std::to_string(p->decisionId), std::to_string(l.decision), l.seq);
        if (p->band != l.band) mismatch(pseudonym, "decisions", "band", p->band, l.band, l.seq);
        if (p->topUp.plain() != l.topUp) mismatch(pseudonym, "decisions", "top_up", p->topUp.plain(), l.topUp, l.seq);
        if (p->place.plain() != l.place) mismatch(pseudonym, "decisions", "place", p->place.plain(), l.place, l.seq);
    }
    for (const auto& [pseudonym, l] : logged)
        if (!current.count(pseudonym)) mismatch(pseudonym, "decisions", "id", "no decision", std::to_string(l.decision), l.seq);

    // Erasures: every erased plan was erased by an entry, on its day, and holds no identifying data.
    std::set<std::string> erasedInTable;
    for (const PlanRepository::Erased& e : store.plans().erasures()) {
        erasedInTable.insert(e.pseudonym);
        ++out.erasuresChecked;
        const std::string on = e.erasedOn ? formatDate(*e.erasedOn) : std::string();
        const auto it = erased.find(e.pseudonym);
        if (it == erased.end()) {
            mismatch(e.pseudonym, "plans", "erased_on", on, "no erasure", 0);
            continue;
        }
        if (on != it->second.first) mismatch(e.pseudonym, "plans", "erased_on", on, it->second.first, it->second.second);
        if (e.identityHeld) mismatch(e.pseudonym, "identities", "name, upn or date_of_birth", "set", "erased", it->second.second);
    }
    for (const auto& [pseudonym, e] : erased)
        if (!erasedInTable.count(pseudonym)) mismatch(pseudonym, "plans", "erased_on", "not set", e.first, e.second);

    // Every override row against the entries about it: what it was made as, and its status now.
    std::set<std::int64_t> seen;
    forEachOverrideRecord(store, [&](const OverrideRecord& r) {
        ++out.overridesChecked;
        const std::string id = std::to_string(r.row.id);
        const auto it = overrides.byId.find(r.row.id);
        if (it == overrides.byId.end() || it->second.created == 0) {
            mismatch(r.pseudonym, "overrides", "id", id, "no override " + id, 0);
            return;
        }
        seen.insert(r.row.id);
        const LoggedOverride& o = it->second;
        auto field = [&](const char* name, const std::string& table, const std::string& log, std::int64_t seq) {
            if (table != log) mismatch(r.pseudonym, "overrides", std::string(name) + " of override " + id, table, log, seq);
        };
        field("plan", r.pseudonym, o.pseudonym, o.created);
        field("band", r.row.band, o.band, o.created);
        field("top_up", r.row.topUp.plain(), o.topUp, o.created);
        field("place", r.row.place.plain(), o.place, o.created);
        field("reason_code", r.row.reasonCode, o.reason, o.created);
        field("officer", r.row.officer, o.officer, o.created);
        field("status", storedText(r.row.status), o.status, o.changed);
        field("approver", r.row.approver.value_or("none"), o.approver.empty() ? "none" : o.approver, o.changed);
    });
    for (const auto& [id, o] : overrides.byId)
        if (o.created && !seen.count(id)) mismatch(o.pseudonym, "overrides", "id", "absent", std::to_string(id), o.created);
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
