// Repositories: the SQL for each table family, one small class each.
#pragma once
#include "core/Date.h"
#include "core/Money.h"
#include "store/Database.h"
#include "store/OverrideStatus.h"

#include <cstdint>
#include <map>
#include <unordered_map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sendband {

struct StoredRuleSet {
    std::int64_t id = 0;
    std::string hash, authority, framework, version;
    Date effectiveFrom{};
    std::optional<Date> effectiveTo;  // open-ended when empty
    std::string yaml;
};

// rule_sets: each distinct rule set once, by content hash, with its full YAML text.
class RuleSetRepository {
public:
    explicit RuleSetRepository(Database& db) : db_(db) {}
    std::optional<StoredRuleSet> byHash(const std::string& hash);
    std::optional<StoredRuleSet> byId(std::int64_t id);
    std::int64_t insert(const StoredRuleSet& r);

private:
    Database& db_;
};

struct SettingRow {
    std::int64_t id = 0;
    std::string urn, name, settingType, phase, localAuthority;
};

// settings: schools and other settings, by URN.
class SettingRepository {
public:
    explicit SettingRepository(Database& db) : db_(db) {}
    // The id of the setting with this URN, inserting it first if it is new. Ids are cached
    // within one transaction only: another connection may add settings between two, and a
    // rolled-back transaction takes its new rows with it.
    std::int64_t ensure(const SettingRow& s);

private:
    Database& db_;
    std::unique_ptr<Statement> find_, insert_;
    std::unordered_map<std::string, std::int64_t> cache_;
    std::uint64_t cacheSerial_ = 0;
};

struct PlanRow {
    std::int64_t id = 0;
    std::string reference, pseudonym, primaryNeed, settingType;
    std::optional<std::int64_t> settingId;
    std::optional<Date> placementStart, placementEnd;
    std::string responsibleLa, officer, sourceHash;
    std::optional<Date> reviewDue;
    std::optional<Date> erasedOn;  // set once the child's identifying data is erased
};

// The source hash of an erased plan: it matches no row, and an import refuses a row naming it.
inline constexpr std::string_view kErasedSourceHash = "erased";

// What identifies a child, kept in its own table (erasure clears it; the audit log never holds it).
struct IdentityRow {
    std::optional<std::string> name, upn;
    std::optional<Date> dateOfBirth;
};

// plans and identities: identifying fields (name, UPN, date of birth) live in their own table.
class PlanRepository {
public:
    explicit PlanRepository(Database& db) : db_(db) {}
    std::optional<PlanRow> byReference(const std::string& reference);
    // reference -> (id, source hash), for an import to tell new, changed and unchanged plans.
    std::map<std::string, std::pair<std::int64_t, std::string>> sourceHashes();
    std::int64_t nextId();
    void insert(const PlanRow& p, const IdentityRow& who);
    void update(const PlanRow& p, const IdentityRow& who);
    std::optional<IdentityRow> identity(std::int64_t planId);
    // Erasure: empties the plan's identities row and its overrides' notes, records the day, keeps
    // `ageSchedule` (banding/AgeSchedule.h; empty for none) and marks the source hash "erased".
    // Returns how many override notes held text.
    std::int64_t erase(std::int64_t planId, const Date& on, const std::string& ageSchedule);
    struct Erased {
        std::string pseudonym;
        std::optional<Date> erasedOn;
        bool identityHeld = false;  // some identifying field is still set
    };
    // Every erased plan, in plan id order, and whether its identities row is still empty.
    std::vector<Erased> erasures();
    std::int64_t count();
    // Plans per caseworking officer (as recorded on each plan), by officer.
    std::map<std::string, std::int64_t> countByOfficer();
    // The pseudonyms of the plans with this reference or this pseudonym, in plan id order.
    std::vector<std::string> pseudonymsMatching(const std::string& reference, const std::string& pseudonym);

private:
    Database& db_;
    std::unique_ptr<Statement> insert_, insertWho_, update_, updateWho_;
};

// assessments: the needs profile as assessed, as JSON.
class AssessmentRepository {
public:
    explicit AssessmentRepository(Database& db) : db_(db) {}
    std::int64_t insert(std::int64_t planId, const std::optional<Date>& assessedOn, const std::string& officer,
                        const std::string& encodedProfile);
    // The encoded profile of an assessment (see banding/ProfileCodec.h); nullopt when there is none.
    std::optional<std::string> profile(std::int64_t assessmentId);

private:
    Database& db_;
    std::unique_ptr<Statement> insert_;
};

struct DecisionRow {
    std::int64_t id = 0, planId = 0, assessmentId = 0, ruleSetId = 0;
    Date asOf{};
    std::string band;
    Money topUp, place, other;  // a year, under the decision's rule set; `other`: every further funding line
    bool needsApproval = false;
    std::string trace;
};

// decisions: every computed band and its amounts, with the trace and the rule set used.
class DecisionRepository {
public:
    explicit DecisionRepository(Database& db) : db_(db) {}
    std::int64_t insert(const DecisionRow& d);
    std::optional<DecisionRow> latestFor(std::int64_t planId);
    std::int64_t count();
    // The earliest and latest as-of dates of all decisions; nullopt when there are none.
    std::optional<std::pair<Date, Date>> asOfRange();
    // The rule set of the most recent decision; nullopt when there are none.
    std::optional<std::int64_t> latestRuleSetId();

private:
    Database& db_;
    std::unique_ptr<Statement> insert_;
};

struct OverrideRow {
    std::int64_t id = 0, planId = 0, decisionId = 0;
    std::string band;
    Money topUp, place;  // a year, in the override's band
    std::string reasonCode, note, officer;
    OverrideStatus status = OverrideStatus::AwaitingApproval;
    std::optional<std::string> approver;
};

// overrides: an officer's different band, with reason, and its approval.
class OverrideRepository {
public:
    explicit OverrideRepository(Database& db) : db_(db) {}
    std::int64_t insert(const OverrideRow& o);
    std::optional<OverrideRow> latestFor(std::int64_t planId);
    void setStatus(std::int64_t id, OverrideStatus status, const std::optional<std::string>& approver);
    // Marks a plan's earlier overrides superseded (a new override or decision replaces them).
    void supersede(std::int64_t planId);
    // How many of a plan's overrides are not superseded.
    std::int64_t liveCount(std::int64_t planId);
    // Every override's officer, reason and status, in the order they were made.
    struct Summary {
        std::string officer, reasonCode;
        OverrideStatus status = OverrideStatus::AwaitingApproval;
    };
    std::vector<Summary> summaries();

private:
    Database& db_;
    std::unique_ptr<Statement> supersede_;
};

}  // namespace sendband
