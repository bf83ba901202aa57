// Consistency: the auditor's checks over a whole store. Every stored decision re-run under its
// own stored rule set and as-of date; like needs with unlike bands; override rates.
#pragma once
#include "store/CaseloadStore.h"
#include "core/JobControl.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sendband {

struct IrreproducibleDecision {
    std::string reference, pseudonym;
    std::int64_t decisionId = 0;
    std::string ruleSetHash, asOf;
    std::string storedBand, recomputedBand;  // recomputedBand empty when the plan no longer bands
    std::int64_t storedTopUp = 0, storedPlace = 0, storedOther = 0;
    std::int64_t recomputedTopUp = 0, recomputedPlace = 0, recomputedOther = 0;
    std::string problem;  // why it could not be recomputed, when it could not
};

struct LikeNeedsGroup {
    std::string needs;  // the encoded needs profile shared (school left out)
    struct Member {
        std::string reference, band, ruleSetHash;
    };
    std::vector<Member> members;  // ordered by band, then reference
};

struct OverrideRate {
    std::string key;                 // officer name or reason code
    std::size_t overrides = 0;       // every override made, whatever its status now
    std::size_t inForce = 0, awaiting = 0, superseded = 0;
    std::size_t plans = 0;           // by officer: plans the officer is responsible for; by reason: all plans
};

struct ConsistencyReport {
    std::size_t decisionsChecked = 0, plans = 0;
    std::vector<IrreproducibleDecision> irreproducible;  // (a), ordered by decision id
    std::vector<LikeNeedsGroup> likeNeedsUnlikeBands;     // (b), ordered by needs profile
    std::vector<OverrideRate> byOfficer, byReason;        // (c), ordered by name / code
    std::size_t overrides = 0;
    bool ok() const { return irreproducible.empty(); }
};

// (a) re-runs every stored decision (not only the latest) from its assessment under its stored rule
// set (re-loaded from the stored YAML) as of its date, comparing band and every amount; (b) groups
// plans whose latest assessments have the same needs (the encoded profile without the school) but
// whose latest computed decisions have different bands; (c) counts overrides by the officer who
// made them and by reason code. Reads only; writes nothing.
// With `job`: one stage, "Re-running decisions", whose total is the decisions stored and whose
// done counts decisions re-run, 8192 at a time; cancel() is polled between those batches and
// throws JobCancelled. (b) and (c) are quick and come after.
ConsistencyReport checkConsistency(CaseloadStore& store, JobControl* job = nullptr);

// The report as text, as `sendband audit consistency` prints it.
std::string formatConsistency(const ConsistencyReport& r);

}  // namespace sendband
