#include "CaseloadImport.h"

#include "CaseloadBanding.h"
#include "Csv.h"
#include "Explanation.h"
#include "JsonText.h"
#include "Sha256.h"

#include <cstdio>

namespace sendband {

namespace {

// The identity of a row's content: its fields under their column names.
std::string rowHash(const std::vector<std::string_view>& header, const std::vector<std::string_view>& f) {
    std::string s;
    for (std::size_t i = 0; i < f.size() && i < header.size(); ++i) {
        s.append(header[i]);
        s += '\x1f';
        s.append(f[i]);
        s += '\x1e';
    }
    return sha256Hex(s);
}

std::optional<std::string> optDate(const std::optional<Date>& d) {
    if (!d) return std::nullopt;
    return formatDate(*d);
}

std::optional<std::string> optText(const std::string& s) {
    if (s.empty()) return std::nullopt;
    return s;
}

}  // namespace

ImportResult importCaseload(CaseloadStore& store, const Banding& banding, std::string_view text, const std::string& fileName,
                            const Date& asOf, const Actor& who) {
    ImportResult result;
    result.errors = checkCaseloadCsv(text, banding, asOf);
    if (!result.errors.empty()) return result;

    const RuleSet& rs = banding.ruleSet();
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
    const bool ruleSetIsNew = !store.ruleSets().byHash(rs.hash);
    const std::int64_t ruleSetId = store.ensureRuleSet(rs, who);
    auto existing = store.plans().sourceHashes();
    std::int64_t nextId = store.plans().nextId();

    CsvReader csv(text, 1);
    std::vector<std::string_view> f;
    csv.next(f);
    const std::vector<std::string> headerCopy(f.begin(), f.end());
    const std::vector<std::string_view> header(headerCopy.begin(), headerCopy.end());
    CaseloadParser parser(rs);
    std::vector<CaseloadError> ignored;
    parser.header(header, ignored);
    PlanRecord rec;
    Decision d;
    const std::string asOfText = formatDate(asOf);
    while (csv.next(f)) {
        if (!parser.row(f, csv.line(), rec, ignored)) throw StoreError("a row failed after the check passed (line " + std::to_string(csv.line()) + ")");
        const std::string hash = rowHash(header, f);
        PlanRow plan;
        const auto found = existing.find(rec.reference);
        bool isNew = found == existing.end();
        if (!isNew && found->second.second == hash) {
            ++result.unchanged;
            continue;
        }
        if (!banding.decide(rec.profile, asOf, d)) throw StoreError("a plan failed to band after the check passed: " + d.error);
        plan.id = isNew ? nextId++ : found->second.first;
        plan.reference = rec.reference;
        char pseudonym[32];
        std::snprintf(pseudonym, sizeof pseudonym, "P%07lld", static_cast<long long>(plan.id));
        plan.pseudonym = pseudonym;
        plan.primaryNeed = rec.profile.primaryNeed;
        plan.settingType = rec.profile.setting;
        if (!rec.schoolUrn.empty())
            plan.settingId = store.settings().ensure({0, rec.schoolUrn, rec.schoolName.empty() ? rec.schoolUrn : rec.schoolName,
                                                      rec.profile.setting, rec.phase, rec.responsibleLa});
        plan.placementStart = optDate(rec.placementStart);
        plan.placementEnd = optDate(rec.placementEnd);
        plan.responsibleLa = rec.responsibleLa;
        plan.officer = rec.officer;
        plan.sourceHash = hash;
        const IdentityRow identity{optText(rec.name), optText(rec.upn), optDate(rec.profile.dateOfBirth)};
        if (isNew) store.plans().insert(plan, identity);
        else store.plans().update(plan, identity);
        const std::int64_t assessmentId =
            store.assessments().insert(plan.id, optDate(rec.assessedOn), rec.officer, encodeProfile(rs, rec.profile));
        DecisionRow dr;
        dr.planId = plan.id;
        dr.assessmentId = assessmentId;
        dr.ruleSetId = ruleSetId;
        dr.asOf = asOfText;
        dr.band = rs.bands[static_cast<std::size_t>(d.band)].id;
        dr.topUpPence = d.topUp().pence();
        dr.placePence = d.place().pence();
        for (std::size_t c = 2; c < d.components.size(); ++c) dr.otherPence += d.components[c].annual.pence();
        dr.needsApproval = d.needsApproval;
        dr.trace = traceJson(rs, rec.profile, d);
        const std::int64_t decisionId = store.decisions().insert(dr);
        if (!isNew) store.overrides().supersede(plan.id);
        // The rule set and as-of date are in the caseload.import entry that closes this import.
        std::string after = "{\"decision\":" + std::to_string(decisionId) + ",\"need\":" + jsonText(plan.primaryNeed) +
                            ",\"setting\":" + jsonText(plan.settingType) + ",\"band\":" + jsonText(dr.band) + ",\"top_up\":\"" +
                            d.topUp().plain() + "\",\"place\":\"" + d.place().plain() + "\"}";
        store.audit().append(who.at, who.name, isNew ? "plan.import" : "plan.reimport", "plan:" + plan.pseudonym, "", after);
        (isNew ? result.added : result.changed)++;
    }
    if (result.added + result.changed == 0 && !ruleSetIsNew) return result;  // nothing to record: roll back the empty transaction
    store.audit().append(who.at, who.name, "caseload.import", "caseload:" + fileName, "",
                         "{\"file_sha256\":\"" + sha256Hex(text) + "\",\"added\":" + std::to_string(result.added) + ",\"changed\":" +
                             std::to_string(result.changed) + ",\"unchanged\":" + std::to_string(result.unchanged) + ",\"rule_set\":\"" +
                             rs.hash + "\",\"as_of\":\"" + asOfText + "\"}");
    tx.commit();
    return result;
}

}  // namespace sendband
