#include "CaseloadImport.h"

#include "CaseloadBanding.h"
#include "Csv.h"
#include "Explanation.h"
#include "JsonText.h"
#include "Sha256.h"

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

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

namespace {

// Everything about one plan that does not need the database, prepared off the writing thread.
struct PreparedPlan {
    PlanRow plan;
    IdentityRow identity;
    bool isNew = true;
    std::string schoolUrn, schoolName, phase;
    std::optional<std::string> assessedOn;
    std::string profile, trace, band, topUp, place;
    std::int64_t topUpPence = 0, placePence = 0, otherPence = 0;
    bool needsApproval = false;
};

// A bounded hand-over of batches from the preparing thread to the writing thread.
class BatchQueue {
public:
    void push(std::vector<PreparedPlan> batch) {
        std::unique_lock lock(m_);
        notFull_.wait(lock, [&] { return q_.size() < 4 || stop_; });
        q_.push_back(std::move(batch));
        notEmpty_.notify_one();
    }
    // Returns false when the producer has finished and nothing is left.
    bool pop(std::vector<PreparedPlan>& out) {
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
    void abandon() {  // the writer failed: let the producer stop waiting
        std::lock_guard lock(m_);
        stop_ = true;
        notFull_.notify_all();
    }

private:
    std::mutex m_;
    std::condition_variable notEmpty_, notFull_;
    std::deque<std::vector<PreparedPlan>> q_;
    bool done_ = false, stop_ = false;
};

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
    const auto existing = store.plans().sourceHashes();
    std::int64_t nextId = store.plans().nextId();
    const std::string asOfText = formatDate(asOf);

    // Preparing thread: parse, hash, band, and build the stored text of each changed plan.
    BatchQueue queue;
    std::size_t unchanged = 0;
    std::string producerError;
    std::thread producer([&] {
        try {
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
            std::vector<PreparedPlan> batch;
            batch.reserve(1024);
            while (csv.next(f)) {
                if (!parser.row(f, csv.line(), rec, ignored)) throw StoreError("a row failed after the check passed (line " + std::to_string(csv.line()) + ")");
                std::string hash = rowHash(header, f);
                const auto found = existing.find(rec.reference);
                const bool isNew = found == existing.end();
                if (!isNew && found->second.second == hash) {
                    ++unchanged;
                    continue;
                }
                if (!banding.decide(rec.profile, asOf, d)) throw StoreError("a plan failed to band after the check passed: " + d.error);
                PreparedPlan pp;
                pp.isNew = isNew;
                pp.plan.id = isNew ? 0 : found->second.first;
                pp.plan.reference = rec.reference;
                pp.plan.primaryNeed = rec.profile.primaryNeed;
                pp.plan.settingType = rec.profile.setting;
                pp.plan.placementStart = optDate(rec.placementStart);
                pp.plan.placementEnd = optDate(rec.placementEnd);
                pp.plan.responsibleLa = rec.responsibleLa;
                pp.plan.officer = rec.officer;
                pp.plan.sourceHash = std::move(hash);
                pp.identity = IdentityRow{optText(rec.name), optText(rec.upn), optDate(rec.profile.dateOfBirth)};
                pp.schoolUrn = rec.schoolUrn;
                pp.schoolName = rec.schoolName;
                pp.phase = rec.phase;
                pp.assessedOn = optDate(rec.assessedOn);
                pp.profile = encodeProfile(rs, rec.profile);
                pp.trace = traceJson(rs, rec.profile, d);
                pp.band = rs.bands[static_cast<std::size_t>(d.band)].id;
                pp.topUpPence = d.topUp().pence();
                pp.placePence = d.place().pence();
                for (std::size_t c = 2; c < d.components.size(); ++c) pp.otherPence += d.components[c].annual.pence();
                pp.topUp = d.topUp().plain();
                pp.place = d.place().plain();
                pp.needsApproval = d.needsApproval;
                batch.push_back(std::move(pp));
                if (batch.size() == 1024) {
                    queue.push(std::move(batch));
                    batch.clear();
                    batch.reserve(1024);
                }
            }
            if (!batch.empty()) queue.push(std::move(batch));
        } catch (const std::exception& e) {
            producerError = e.what();
        }
        queue.finish();
    });

    // Writing thread (this one): the database work, in file order.
    try {
        std::vector<PreparedPlan> batch;
        while (queue.pop(batch)) {
            for (PreparedPlan& pp : batch) {
                PlanRow& plan = pp.plan;
                if (pp.isNew) plan.id = nextId++;
                char pseudonym[32];
                std::snprintf(pseudonym, sizeof pseudonym, "P%07lld", static_cast<long long>(plan.id));
                plan.pseudonym = pseudonym;
                if (!pp.schoolUrn.empty())
                    plan.settingId = store.settings().ensure({0, pp.schoolUrn, pp.schoolName.empty() ? pp.schoolUrn : pp.schoolName,
                                                              plan.settingType, pp.phase, plan.responsibleLa});
                if (pp.isNew) store.plans().insert(plan, pp.identity);
                else store.plans().update(plan, pp.identity);
                DecisionRow dr;
                dr.planId = plan.id;
                dr.assessmentId = store.assessments().insert(plan.id, pp.assessedOn, plan.officer, pp.profile);
                dr.ruleSetId = ruleSetId;
                dr.asOf = asOfText;
                dr.band = pp.band;
                dr.topUpPence = pp.topUpPence;
                dr.placePence = pp.placePence;
                dr.otherPence = pp.otherPence;
                dr.needsApproval = pp.needsApproval;
                dr.trace = std::move(pp.trace);
                const std::int64_t decisionId = store.decisions().insert(dr);
                if (!pp.isNew) store.overrides().supersede(plan.id);
                // The rule set and as-of date are in the caseload.import entry that closes this import.
                const std::string after = "{\"decision\":" + std::to_string(decisionId) + ",\"need\":" + jsonText(plan.primaryNeed) +
                                          ",\"setting\":" + jsonText(plan.settingType) + ",\"band\":" + jsonText(dr.band) +
                                          ",\"top_up\":\"" + pp.topUp + "\",\"place\":\"" + pp.place + "\"}";
                store.audit().append(who.at, who.name, pp.isNew ? "plan.import" : "plan.reimport", "plan:" + plan.pseudonym, "", after);
                (pp.isNew ? result.added : result.changed)++;
            }
        }
    } catch (...) {
        queue.abandon();
        producer.join();
        throw;
    }
    producer.join();
    if (!producerError.empty()) throw StoreError(producerError);
    result.unchanged = unchanged;
    if (result.added + result.changed == 0 && !ruleSetIsNew) return result;  // nothing to record: roll back the empty transaction
    store.audit().append(who.at, who.name, "caseload.import", "caseload:" + fileName, "",
                         "{\"file_sha256\":\"" + sha256Hex(text) + "\",\"added\":" + std::to_string(result.added) + ",\"changed\":" +
                             std::to_string(result.changed) + ",\"unchanged\":" + std::to_string(result.unchanged) + ",\"rule_set\":\"" +
                             rs.hash + "\",\"as_of\":\"" + asOfText + "\"}");
    tx.commit();
    return result;
}

}  // namespace sendband
