#include "workflows/CaseloadImport.h"

#include "banding/ProfileCodec.h"
#include "caseload/CaseloadBanding.h"
#include "core/Csv.h"
#include "banding/Explanation.h"
#include "core/JsonText.h"
#include "core/Parallel.h"
#include "core/Text.h"
#include "core/Sha256.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <unordered_map>
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
    std::optional<Date> assessedOn;
    std::string profile, trace, band;
    Money topUp, place, other;
    bool needsApproval = false;
};

// What the preparing thread hands over: the changed plans among the next rows of the file, and
// how many rows that was (for progress; a batch of unchanged rows carries no plans).
struct Batch {
    std::vector<PreparedPlan> plans;
    std::size_t rows = 0;
};

// Data lines in a CSV text (every line after the header), for the progress total. A quoted field
// with a line break in it makes this more than the rows; the stage is completed at the end.
std::size_t dataLines(std::string_view text) {
    std::size_t lines = 0;
    for (const char* p = text.data(), *end = text.data() + text.size(); p < end; ++lines) {
        const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        if (!nl) {
            ++lines;
            break;
        }
        p = static_cast<const char*>(nl) + 1;
    }
    return lines > 0 ? lines - 1 : 0;
}

// Imports that add fewer plans than this write through the WAL as every other command does.
constexpr std::size_t kBulkWriteFromPlans = 10000;

std::string caseError(const std::string& reference, const std::string& stored) {
    return "\"" + reference + "\" is stored as \"" + stored + "\" (references that differ only in capitals name the same plan): write it as stored";
}

std::string erasedError(const std::string& reference) {
    return "the identifying data of plan \"" + reference +
           "\" was erased, so it is not imported again (a child who returns needs a new reference)";
}

struct ReferenceLook {
    std::size_t newPlans = 0;
    std::vector<CaseloadError> caseErrors;
};

// The file's references (a file that has passed the check) against the stored ones.
ReferenceLook lookAtReferences(std::string_view text, const std::map<std::string, std::pair<std::int64_t, std::string>>& stored,
                               const std::unordered_map<std::string, std::string>& folded) {
    ReferenceLook look;
    CsvReader csv(text, 1);
    std::vector<std::string_view> f;
    if (!csv.next(f)) return look;
    const auto col = std::find(f.begin(), f.end(), std::string_view("reference"));
    if (col == f.end()) return look;
    const std::size_t at = static_cast<std::size_t>(col - f.begin());
    while (csv.next(f)) {
        if (at >= f.size()) continue;
        const std::string reference(f[at]);
        if (const auto it = stored.find(reference); it != stored.end()) {
            if (it->second.second == kErasedSourceHash && look.caseErrors.size() < 1000)
                look.caseErrors.push_back({csv.line(), "reference", erasedError(reference)});
            continue;
        }
        ++look.newPlans;
        if (folded.empty()) continue;
        if (const auto other = folded.find(foldCase(reference)); other != folded.end() && look.caseErrors.size() < 1000)
            look.caseErrors.push_back({csv.line(), "reference", caseError(reference, other->second)});
    }
    return look;
}

}  // namespace

ImportResult importCaseload(CaseloadStore& store, const Banding& banding, std::string_view text, const std::string& fileName,
                            const Date& asOf, const Actor& who, JobControl* job) {
    ImportResult result;
    checkCancelled(job);
    // The check and the write read the same rows: line ends normalised once, for both. The
    // audit records the SHA-256 of the file as given.
    const std::string_view asGiven = text;
    std::string normalised;
    text = normaliseLineEnds(text, normalised);
    if (job) job->stage("Checking rows", 0);
    result.errors = checkCaseloadCsv(text, banding, asOf);
    if (!result.errors.empty()) return result;
    checkCancelled(job);
    if (job) job->stage("Banding and storing", dataLines(text));

    const RuleSet& rs = banding.ruleSet();
    // A first look at the store, before taking the write lock. A file whose references are
    // stored written another way is refused here, without touching the database file at all;
    // and the bulk-write journal (faster for many new rows, but switching it rewrites the file's
    // header) is used only when the file adds many plans. Both are looked at again under the
    // lock, where another command may have written meanwhile.
    // Every write appends to the audit log, so an unmoved head means the stored plans read here
    // are still the stored plans under the lock, and need not be read twice.
    const std::int64_t headBefore = store.audit().headSeq();
    auto existing = store.plans().sourceHashes();
    std::unordered_map<std::string, std::string> storedByFolded;
    auto foldStored = [&] {
        storedByFolded.clear();
        storedByFolded.reserve(existing.size());
        for (const auto& [reference, idAndHash] : existing) storedByFolded.emplace(foldCase(reference), reference);
    };
    foldStored();
    // Into an empty store (a first import) every row is a new plan and none can collide: no look.
    ReferenceLook look;
    if (existing.empty()) {
        look.newPlans = kBulkWriteFromPlans;
    } else {
        look = lookAtReferences(text, existing, storedByFolded);
        if (!look.caseErrors.empty()) {
            result.errors = look.caseErrors;
            return result;
        }
    }
    CaseloadStore::WriteTransaction tx(store, look.newPlans >= kBulkWriteFromPlans);
    if (store.audit().headSeq() != headBefore) {  // another command wrote meanwhile: read again
        existing = store.plans().sourceHashes();
        foldStored();
    }
    const bool ruleSetIsNew = !store.ruleSets().byHash(rs.hash);
    const std::int64_t ruleSetId = store.ensureRuleSet(rs, who);
    // A new reference that differs from a stored one only in capitals names that plan, written
    // another way: refused (every such row listed), never stored as a second plan.
    std::vector<CaseloadError> caseErrors;
    std::int64_t nextId = store.plans().nextId();
    const std::string asOfText = formatDate(asOf);

    // Preparing thread: parse, hash, band, and build the stored text of each changed plan.
    std::size_t unchanged = 0;
    Producer<Batch> producer(4, [&](BoundedQueue<Batch>& queue) {
        {
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
            Batch batch;
            batch.plans.reserve(1024);
            // Hands over the batch; false when the writer gave up or the job was cancelled.
            auto handOver = [&] {
                if (job && job->cancelled()) return false;
                if (!queue.push(std::move(batch))) return false;
                batch = Batch{};
                batch.plans.reserve(1024);
                return true;
            };
            bool stopped = false;
            while (csv.next(f)) {
                if (batch.rows == 1024 && !handOver()) {
                    stopped = true;
                    break;
                }
                ++batch.rows;
                if (!parser.row(f, csv.line(), rec, ignored)) throw StoreError("a row failed after the check passed (line " + std::to_string(csv.line()) + ")");
                std::string hash = rowHash(header, f);
                const auto found = existing.find(rec.reference);
                const bool isNew = found == existing.end();
                if (isNew && !storedByFolded.empty()) {
                    if (const auto other = storedByFolded.find(foldCase(rec.reference)); other != storedByFolded.end()) {
                        if (caseErrors.size() < 1000) caseErrors.push_back({csv.line(), "reference", caseError(rec.reference, other->second)});
                        continue;
                    }
                }
                if (!isNew && found->second.second == kErasedSourceHash) {
                    if (caseErrors.size() < 1000) caseErrors.push_back({csv.line(), "reference", erasedError(rec.reference)});
                    continue;
                }
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
                pp.plan.placementStart = rec.placementStart;
                pp.plan.placementEnd = rec.placementEnd;
                pp.plan.responsibleLa = rec.responsibleLa;
                pp.plan.officer = rec.officer;
                pp.plan.sourceHash = std::move(hash);
                pp.identity = IdentityRow{optText(rec.name), optText(rec.upn), rec.profile.dateOfBirth};
                pp.schoolUrn = rec.schoolUrn;
                pp.schoolName = rec.schoolName;
                pp.phase = rec.phase;
                pp.assessedOn = rec.assessedOn;
                pp.profile = encodeProfile(rs, rec.profile);
                pp.trace = traceJson(rs, rec.profile, d);
                pp.band = rs.bands[static_cast<std::size_t>(d.band)].id;
                pp.topUp = d.topUp();
                pp.place = d.place();
                for (std::size_t c = 2; c < d.components.size(); ++c) pp.other += d.components[c].annual;
                pp.needsApproval = d.needsApproval;
                batch.plans.push_back(std::move(pp));
            }
            if (!stopped && batch.rows > 0) handOver();
        }
    });

    // Writing thread (this one): the database work, in file order.
    {
        Batch batch;
        while (producer.pop(batch)) {
            for (PreparedPlan& pp : batch.plans) {
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
                dr.asOf = asOf;
                dr.band = pp.band;
                dr.topUp = pp.topUp;
                dr.place = pp.place;
                dr.other = pp.other;
                dr.needsApproval = pp.needsApproval;
                dr.trace = std::move(pp.trace);
                const std::int64_t decisionId = store.decisions().insert(dr);
                if (!pp.isNew) store.overrides().supersede(plan.id);
                // The rule set and as-of date are in the caseload.import entry that closes this import.
                const std::string after = "{\"decision\":" + std::to_string(decisionId) + ",\"need\":" + jsonText(plan.primaryNeed) +
                                          ",\"setting\":" + jsonText(plan.settingType) + ",\"band\":" + jsonText(dr.band) +
                                          ",\"top_up\":\"" + pp.topUp.plain() + "\",\"place\":\"" + pp.place.plain() + "\"}";
                store.audit().append(who.at, who.name, pp.isNew ? "plan.import" : "plan.reimport", "plan:" + plan.pseudonym, "", after);
                (pp.isNew ? result.added : result.changed)++;
            }
            if (job) {  // between batches: progress, and a cancel stops here
                job->advance(batch.rows);
                checkCancelled(job);
            }
        }
    }
    producer.finish();    // rethrows a failure on the preparing thread
    checkCancelled(job);  // the producer stops early on a cancel: nothing may be committed then
    if (!caseErrors.empty()) {  // rolled back with the transaction: nothing of the file is stored
        result = ImportResult{};
        result.errors = std::move(caseErrors);
        return result;
    }
    result.unchanged = unchanged;
    if (job && job->done() < job->total()) job->advance(job->total() - job->done());  // rows spanning lines
    if (result.added + result.changed == 0 && !ruleSetIsNew) return result;  // nothing to record: roll back the empty transaction
    store.audit().append(who.at, who.name, "caseload.import", "caseload:" + fileName, "",
                         "{\"file_sha256\":\"" + sha256Hex(asGiven) + "\",\"added\":" + std::to_string(result.added) + ",\"changed\":" +
                             std::to_string(result.changed) + ",\"unchanged\":" + std::to_string(result.unchanged) + ",\"rule_set\":\"" +
                             rs.hash + "\",\"as_of\":\"" + asOfText + "\"}");
    tx.commit();
    return result;
}

}  // namespace sendband
