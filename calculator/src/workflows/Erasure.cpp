#include "workflows/Erasure.h"

#include "banding/AgeSchedule.h"
#include "banding/Banding.h"
#include "banding/ProfileCodec.h"
#include "core/JsonText.h"
#include "store/DecisionRecords.h"

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

namespace sendband {

namespace {

// A decision's outcome as figures: the band and each funding line's annual pence, or the error.
std::string outcome(const Banding& b, ProfileDecoder& reader, const DecisionRecord& r, const std::optional<Date>& dob,
                    const std::string& schedule, const Date& asOf) {
    if (auto msg = reader.read(r.reference, r.profile, dob, schedule); !msg.empty()) return "does not read: " + msg;
    Decision d;
    if (!b.decide(reader.profile(), asOf, d)) return "does not band: " + d.error;
    std::string out = b.ruleSet().bands[static_cast<std::size_t>(d.band)].id;
    for (const ComponentResult& c : d.components) {
        out += ' ';
        out += c.annual.plain();
    }
    return out;
}

}  // namespace

ErasureOutcome eraseIdentity(CaseloadStore& store, const std::string& reference, const Actor& who) {
    ErasureOutcome out;
    auto fail = [&](std::string message) {
        out.error = std::move(message);
        return out;
    };
    if (who.name.empty()) return fail("an erasure must name the person who makes it (--by)");
    const auto today = parseDate(std::string_view(who.at).substr(0, 10));
    if (!today) return fail("the time of the erasure (\"" + who.at + "\") is not a date");
    out.erasedOn = *today;
    // Read inside the write transaction, so that no decision made meanwhile escapes the schedule.
    CaseloadStore::WriteTransaction tx(store, false);
    const auto plan = store.plans().byReference(reference);
    if (!plan) return fail("no plan with reference \"" + reference + "\" in this database");
    out.pseudonym = plan->pseudonym;
    if (plan->erasedOn) return fail("the identifying data of plan " + reference + " was already erased on " + formatDate(*plan->erasedOn));
    if (!plan->placementEnd)
        return fail("plan " + reference +
                    " has no placement end date; a child's identifying data is erased only after their placement has ended "
                    "(import the plan with its placement_end first)");
    if (dayNumber(*plan->placementEnd) > dayNumber(*today))
        return fail("plan " + reference + "'s placement ends on " + formatDate(*plan->placementEnd) + ", after today (" + formatDate(*today) +
                    "); a child's identifying data is erased only after their placement has ended");

    std::vector<DecisionRecord> decisions;
    forEachDecisionRecord(store, [&](const DecisionRecord& r) { decisions.push_back(r); }, plan->id);
    if (decisions.empty()) throw StoreError("plan " + plan->pseudonym + " has no decision");
    std::map<std::int64_t, std::shared_ptr<const Banding>> rules;
    bool readsAge = false, readsYears = false;
    long first = dayNumber(*plan->placementEnd), last = first;
    if (plan->placementStart) first = std::min(first, dayNumber(*plan->placementStart));
    for (const DecisionRecord& r : decisions) {
        const LoadedRuleSet& l = store.storedRuleSets().get(r.ruleSetId);
        if (!l.banding)
            return fail("plan " + reference + ": the rule set of decision " + std::to_string(r.decisionId) + " cannot be used (" + l.error +
                        "), so what its figures need of the date of birth cannot be kept");
        rules[r.ruleSetId] = l.banding;
        const RuleSet& rs = l.banding->ruleSet();
        readsAge = readsAge || rs.usesAge;
        readsYears = readsYears || rs.usesAgeInYears;
        const auto asOf = parseDate(r.asOf);
        if (!asOf) throw StoreError("decision " + std::to_string(r.decisionId) + " has an as-of date that is not a date");
        first = std::min(first, dayNumber(*asOf));
        last = std::max(last, dayNumber(*asOf));
        // Without a placement start, a year's totals run from the start of the rule set's period.
        if (!plan->placementStart) first = std::min(first, rs.effectiveFromDay);
    }
    const std::optional<Date> dob = decisions.front().dateOfBirth;
    std::string schedule;
    if (readsAge && dob) {
        const std::vector<AgePiece> pieces = makeAgeSchedule(*dob, fromDayNumber(first), fromDayNumber(last), readsYears);
        schedule = encodeAgeSchedule(pieces);
        out.keptFrom = fromDayNumber(first);
        out.keptTo = fromDayNumber(last);
        out.pieces = pieces.size();
        out.ageInYears = readsYears;
    }
    // Every decision must come out of the schedule as it came out of the date of birth.
    for (const DecisionRecord& r : decisions) {
        const Banding& b = *rules.at(r.ruleSetId);
        ProfileDecoder reader(b.ruleSet());
        const Date asOf = *parseDate(r.asOf);
        const std::string before = outcome(b, reader, r, dob, "", asOf);
        const std::string after = outcome(b, reader, r, std::nullopt, schedule, asOf);
        if (before != after)
            throw StoreError("erasing plan " + plan->pseudonym + " would change decision " + std::to_string(r.decisionId) + " (" + before +
                             " becomes " + after + ")");
        ++out.decisionsChecked;
    }
    out.notesCleared = store.plans().erase(plan->id, *today, schedule);
    std::string after = "{\"erased_on\":\"" + formatDate(*today) + "\"";
    if (out.keptFrom)
        after += ",\"age_kept\":{\"from\":\"" + formatDate(*out.keptFrom) + "\",\"to\":\"" + formatDate(*out.keptTo) +
                 "\",\"age_in_years\":" + (out.ageInYears ? "true" : "false") + "}";
    after += ",\"override_notes_cleared\":" + std::to_string(out.notesCleared) + "}";
    store.audit().append(who.at, who.name, "plan.erase", "plan:" + plan->pseudonym, "", after);
    tx.commit();
    return out;
}

}  // namespace sendband
