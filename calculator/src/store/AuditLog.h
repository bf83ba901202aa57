// AuditLog: the append-only, hash-chained record of every write.
#pragma once
#include "store/Database.h"
#include "core/JobControl.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sendband {

struct AuditEntry {
    std::int64_t seq = 0;
    std::string at, actor, action, entity, before, after, prevHash, hash;
};

struct AuditVerification {
    bool ok = true;
    std::int64_t entries = 0;
    std::string headHash;      // the last entry's hash: record it elsewhere to detect truncation
    std::string firstHash;     // entry 1's hash: names this log (anchors record it)
    std::int64_t badSeq = 0;   // the first entry that fails
    std::string problem;       // plain English
};

// Which entries to read; an empty field does not filter. `entities` lists whole entity names
// ("plan:P0000001"), any of which matches. An action without a dot names a family ("override"
// matches override.create and override.approve). Times compare as ISO text: from <= at < before.
struct AuditFilter {
    std::vector<std::string> entities;
    std::string actor, action, from, before;
};

class AuditLog {
public:
    explicit AuditLog(Database& db);
    // Appends one entry chained to the last entry in the database (read inside the caller's
    // write transaction, so two connections can never chain to the same entry). `entity` names plans by pseudonym, never by name,
    // UPN or date of birth; `before`/`after` are JSON text (empty for none).
    void append(const std::string& at, const std::string& actor, const std::string& action, const std::string& entity,
                const std::string& before, const std::string& after);
    // Recomputes the whole chain from the first entry. With `job`: one stage, "Verifying the audit
    // log", whose total is the last entry's number and whose done counts entries checked (in
    // steps of 8192; all of them at the end when the chain is intact); cancel() is polled between
    // those steps and throws JobCancelled. Reads only.
    AuditVerification verify(JobControl* job = nullptr);
    // Up to `limit` entries matching `filter`, newest first, older than entry `olderThan` when
    // given (the last entry of the previous page).
    std::vector<AuditEntry> page(const AuditFilter& filter, std::optional<std::int64_t> olderThan, int limit);
    // The number of the last entry (0 for an empty log), read now: every write appends an entry
    // in its own transaction, so a change of head means something was written.
    std::int64_t headSeq();
    // The recorded hash of entry `seq`, or nothing when there is no such entry. Reads only.
    std::optional<std::string> hashOf(std::int64_t seq);
    // Calls `each` for every entry whose action is one of `actions`, oldest first.
    void forEachEntry(const std::vector<std::string>& actions, const std::function<void(const AuditEntry&)>& each);
    // How many entries match `filter`.
    std::int64_t count(const AuditFilter& filter);

    // The hash of an entry: SHA-256 over the previous hash and every field, each prefixed with
    // its length so that no two different entries can serialise alike.
    static std::string entryHash(const AuditEntry& e);

private:
    Database& db_;
    std::unique_ptr<Statement> insert_;
    // The head of the log as this connection last wrote or read it, valid only within the
    // transaction of `headSerial_`: another connection may append between two transactions,
    // and a rolled-back one takes its entries with it, so each write transaction reads it anew.
    std::int64_t lastSeq_ = -1;
    std::string lastHash_;
    std::uint64_t headSerial_ = 0;
};

}  // namespace sendband
