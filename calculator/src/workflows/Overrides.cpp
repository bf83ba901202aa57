#include "workflows/Overrides.h"

#include "banding/Banding.h"
#include "core/JsonText.h"
#include "workflows/Reband.h"

namespace sendband {

namespace {

std::string money(std::int64_t pence) { return Money::fromPence(pence).plain(); }

std::string listReasons(const RuleSet& rs) {
    std::string out;
    for (const auto& r : rs.overrideReasons) out += (out.empty() ? "" : ", ") + r.code;
    return out;
}

std::string listBands(const RuleSet& rs) {
    std::string out;
    for (const auto& b : rs.bands) out += (out.empty() ? "" : ", ") + b.id;
    return out;
}

std::string erasedRefusal(const PlanRow& plan) {
    return "plan " + plan.reference + ": the child's identifying data was erased on " + formatDate(*plan.erasedOn) +
           "; an erased plan is kept for audit and its band cannot be changed";
}

}  // namespace

namespace {

// What an override request would record, read from the store as it stands: everything but the
// writing. Shared by createOverride (inside its write transaction) and previewOverride, so the
// preview is the override, by construction.
struct Priced {
    OverrideOutcome out;
    std::optional<PlanRow> plan;
    std::optional<DecisionRow> decision;
    std::string bandId;
};

Priced price(CaseloadStore& store, const OverrideRequest& req, const Actor& who) {
    Priced p;
    OverrideOutcome& out = p.out;
    auto fail = [&](std::string message) {
        out.error = std::move(message);
        return p;
    };
    if (who.name.empty()) return fail("an override must name the officer who makes it (--by)");
    // A note of only spaces says nothing: it counts as missing.
    if (req.note.find_first_not_of(" \t\r\n") == std::string::npos) return fail("an override needs a note saying why, in words (--note)");
    p.plan = store.plans().byReference(req.reference);
    const auto& plan = p.plan;
    if (!plan) return fail("no plan with reference \"" + req.reference + "\" in this database");
    out.pseudonym = plan->pseudonym;
    if (plan->erasedOn) return fail(erasedRefusal(*plan));
    p.decision = store.decisions().latestFor(plan->id);
    const auto& decision = p.decision;
    if (!decision) return fail("plan " + req.reference + " has no decision to override");
    const std::shared_ptr<const Banding> banding = store.storedRuleSets().banding(decision->ruleSetId);
    const RuleSet& rs = banding->ruleSet();
    const std::string ruleSetName = rs.metadata.framework + " " + rs.metadata.version;

    if (rs.overrideReasons.empty())
        return fail("the plan's rule set (" + ruleSetName + ") defines no override reasons, so its bands cannot be overridden");
    bool knownReason = false;
    for (const auto& r : rs.overrideReasons) knownReason = knownReason || r.code == req.reason;
    if (!knownReason)
        return fail("\"" + req.reason + "\" is not an override reason of the plan's rule set (" + ruleSetName + "); expected one of: " +
                    listReasons(rs));
    const int band = rs.bandIndex(req.band);
    if (band < 0)
        return fail("\"" + req.band + "\" is not a band of the plan's rule set (" + ruleSetName + "); expected one of: " + listBands(rs));
    const Band& bd = rs.bands[static_cast<std::size_t>(band)];
    if (bd.funding == BandFunding::Entered && !req.amount)
        return fail("band " + bd.id + " (" + bd.name + ") is individually costed: give its agreed amount a year with --amount");
    if (bd.funding != BandFunding::Entered && req.amount)
        return fail("--amount applies only to an individually costed band; band " + bd.id + " is priced by the rule set");
    if (bd.id == decision->band && !req.amount) return fail("plan " + req.reference + " is already in band " + bd.id + "; an override must change the band");

    // The plan's profile as assessed, with the chosen band's money on the decision's date.
    const auto encoded = store.assessments().profile(decision->assessmentId);
    if (!encoded) throw StoreError("decision " + std::to_string(decision->id) + " names an assessment that is not stored");
    const auto who_ = store.plans().identity(plan->id);
    ProfileDecoder reader(rs);
    if (auto msg = reader.read(plan->reference, *encoded, who_ ? who_->dateOfBirth : std::nullopt); !msg.empty())
        return fail("plan " + req.reference + ": the stored profile does not read under its rule set: " + msg);
    if (req.amount) {
        const auto n = Num::parse(*req.amount);
        if (!n || *n < Num(0)) return fail("--amount: expected an amount in pounds a year, such as 24500 or 24500.50, got \"" + *req.amount + "\"");
        if (*n > Money::maxPerPlan())
            return fail("--amount: expected at most " + Money::fromPence(Money::kMaxPencePerPlan).format() + " a year, got \"" + *req.amount + "\"");
        reader.mutableProfile().enteredAmount = *n;
    }
    Decision d;
    if (!banding->decideWithBand(reader.profile(), decision->asOf, band, d))
        return fail("band " + bd.id + " cannot be priced for plan " + req.reference + ": " + d.error);

    out.computedBand = decision->band;
    out.computedTopUpPence = decision->topUp.pence();
    out.computedPlacePence = decision->place.pence();
    out.band = bd.id;
    out.topUpPence = d.topUp().pence();
    out.placePence = d.place().pence();
    const std::int64_t delta = (out.topUpPence + out.placePence) - (out.computedTopUpPence + out.computedPlacePence);
    out.effectPence = delta < 0 ? -delta : delta;
    bool needsApproval = true;
    if (rs.approvalThreshold) {
        out.thresholdPence = Money::round(*rs.approvalThreshold, Rounding{}).pence();
        needsApproval = Num::ratio(out.effectPence, 100) > *rs.approvalThreshold;
    }
    if (d.needsApproval) needsApproval = true;
    out.status = needsApproval ? OverrideStatus::AwaitingApproval : OverrideStatus::InForce;

    p.bandId = bd.id;
    return p;
}

}  // namespace

OverrideOutcome previewOverride(CaseloadStore& store, const OverrideRequest& req, const Actor& who) { return price(store, req, who).out; }

OverrideOutcome createOverride(CaseloadStore& store, const OverrideRequest& req, const Actor& who) {
    // Everything the override acts on is read inside its write transaction, so that a re-band or
    // another override committed meanwhile cannot leave it resting on a superseded decision.
    CaseloadStore::WriteTransaction tx(store, false);
    Priced p = price(store, req, who);
    OverrideOutcome& out = p.out;
    if (!out.ok()) return out;
    const PlanRow& planRow = *p.plan;
    const DecisionRow& decisionRow = *p.decision;
    const auto* plan = &planRow;
    const auto* decision = &decisionRow;
    const auto previous = store.overrides().latestFor(plan->id);
    out.superseded = static_cast<std::size_t>(store.overrides().liveCount(plan->id));
    store.overrides().supersede(plan->id);
    OverrideRow row;
    row.planId = plan->id;
    row.decisionId = decision->id;
    row.band = p.bandId;
    row.topUp = Money::fromPence(out.topUpPence);
    row.place = Money::fromPence(out.placePence);
    row.reasonCode = req.reason;
    row.note = req.note;
    row.officer = who.name;
    row.status = out.status;
    out.overrideId = store.overrides().insert(row);
    // What counted before: the decision, or an earlier override in force.
    std::string before = "{\"decision\":" + std::to_string(decision->id);
    if (previous && previous->status == OverrideStatus::InForce)
        before += ",\"band\":" + jsonText(previous->band) + ",\"top_up\":\"" + previous->topUp.plain() + "\",\"place\":\"" +
                  previous->place.plain() + "\",\"override\":" + std::to_string(previous->id) + ",\"reason\":" + jsonText(previous->reasonCode) +
                  ",\"status\":\"in_force\"";
    else
        before += ",\"band\":" + jsonText(decision->band) + ",\"top_up\":\"" + decision->topUp.plain() + "\",\"place\":\"" +
                  decision->place.plain() + "\"";
    if (out.superseded) before += ",\"superseded_overrides\":" + std::to_string(out.superseded);
    before += "}";
    const std::string after = "{\"override\":" + std::to_string(out.overrideId) + ",\"band\":" + jsonText(p.bandId) + ",\"top_up\":\"" +
                              money(out.topUpPence) + "\",\"place\":\"" + money(out.placePence) + "\",\"reason\":" + jsonText(req.reason) +
                              ",\"effect\":\"" + money(out.effectPence) + "\",\"status\":\"" + storedText(out.status) + "\"}";
    store.audit().append(who.at, who.name, "override.create", "plan:" + plan->pseudonym, before, after);
    tx.commit();
    return out;
}

ApprovalOutcome approveOverride(CaseloadStore& store, const std::string& reference, const Actor& who) {
    ApprovalOutcome out;
    auto fail = [&](std::string message) {
        out.error = std::move(message);
        return out;
    };
    if (who.name.empty()) return fail("an approval must name the person who approves (--by)");
    // Read inside the write transaction: of two approvals at once, the second sees the first's.
    CaseloadStore::WriteTransaction tx(store, false);
    const auto plan = store.plans().byReference(reference);
    if (!plan) return fail("no plan with reference \"" + reference + "\" in this database");
    out.pseudonym = plan->pseudonym;
    if (plan->erasedOn) return fail(erasedRefusal(*plan));
    const auto o = store.overrides().latestFor(plan->id);
    if (!o || o->status != OverrideStatus::AwaitingApproval)
        return fail("plan " + reference + " has no override awaiting approval" +
                    (o ? " (its override " + std::to_string(o->id) + " is already in force)" : std::string()));
    if (o->officer == who.name)
        return fail("override " + std::to_string(o->id) + " on plan " + reference + " was made by " + o->officer +
                    "; it must be approved by someone else");
    out.overrideId = o->id;
    out.band = o->band;
    out.officer = o->officer;
    out.topUpPence = o->topUp.pence();
    out.placePence = o->place.pence();
    store.overrides().setStatus(o->id, OverrideStatus::InForce, who.name);
    const std::string common = "{\"override\":" + std::to_string(o->id) + ",\"band\":" + jsonText(o->band) + ",\"top_up\":\"" +
                               o->topUp.plain() + "\",\"place\":\"" + o->place.plain() + "\",\"reason\":" + jsonText(o->reasonCode) +
                               ",\"officer\":" + jsonText(o->officer);
    store.audit().append(who.at, who.name, "override.approve", "plan:" + plan->pseudonym, common + ",\"status\":\"awaiting_approval\"}",
                         common + ",\"status\":\"in_force\",\"approver\":" + jsonText(who.name) + "}");
    tx.commit();
    return out;
}

}  // namespace sendband
