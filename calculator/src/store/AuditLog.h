// AuditLog: the append-only, hash-chained record of every write.
#pragma once
#include "Database.h"
#include "JobControl.h"

#include <cstdint>
#include <memory>
#include <string>

namespace sendband {

struct AuditEntry {
    std::int64_t seq = 0;
    std::string at, actor, action, entity, before, after, prevHash, hash;
};

struct AuditVerification {
    bool ok = true;
    std::int64_t entries = 0;
    std::string headHash;      // the last entry's hash: record it elsewhere to detect truncation
    std::int64_t badSeq = 0;   // the first entry that fails
    std::string problem;       // plain English
};

class AuditLog {
public:
    explicit AuditLog(Database& db);
    // Appends one entry chained to the last. `entity` names plans by pseudonym, never by name,
    // UPN or date of birth; `before`/`after` are JSON text (empty for none).
    void append(const std::string& at, const std::string& actor, const std::string& action, const std::string& entity,
                const std::string& before, const std::string& after);
    // Recomputes the whole chain from the first entry. With `job`: one stage, "Verifying the audit
    // log", whose total is the last entry's number and whose done counts entries checked (in
    // steps of 8192; all of them at the end when the chain is intact); cancel() is polled between
    // those steps and throws JobCancelled. Reads only.
    AuditVerification verify(JobControl* job = nullptr);
    // Call when a transaction that appended entries was rolled back: the next append reads the
    // head of the log again instead of chaining to an entry that is no longer there.
    void rolledBack() { lastSeq_ = -1; }

    // The hash of an entry: SHA-256 over the previous hash and every field, each prefixed with
    // its length so that no two different entries can serialise alike.
    static std::string entryHash(const AuditEntry& e);

private:
    Database& db_;
    std::unique_ptr<Statement> insert_;
    std::int64_t lastSeq_ = -1;  // -1: not read yet
    std::string lastHash_;
};

}  // namespace sendband
