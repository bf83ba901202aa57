#include "store/AuditLog.h"

#include "core/Sha256.h"

namespace sendband {

namespace {
const char* kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

void field(std::string& out, const std::string& v) {
    out += std::to_string(v.size());
    out += ':';
    out += v;
    out += ';';
}
}  // namespace

AuditLog::AuditLog(Database& db) : db_(db) {}

std::string AuditLog::entryHash(const AuditEntry& e) {
    std::string s;
    s.reserve(128 + e.before.size() + e.after.size());
    field(s, e.prevHash);
    field(s, std::to_string(e.seq));
    field(s, e.at);
    field(s, e.actor);
    field(s, e.action);
    field(s, e.entity);
    field(s, e.before);
    field(s, e.after);
    return sha256Hex(s);
}

void AuditLog::append(const std::string& at, const std::string& actor, const std::string& action, const std::string& entity,
                      const std::string& before, const std::string& after) {
    if (lastSeq_ < 0 || !db_.inTransaction() || headSerial_ != db_.transactionSerial()) {
        headSerial_ = db_.transactionSerial();
        auto s = db_.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
        if (s->step()) {
            lastSeq_ = s->int64(0);
            lastHash_ = s->text(1);
        } else {
            lastSeq_ = 0;
            lastHash_ = kGenesis;
        }
    }
    if (!insert_)
        insert_ = db_.prepare("INSERT INTO audit_log (seq, at, actor, action, entity, before, after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)");
    AuditEntry e{lastSeq_ + 1, at, actor, action, entity, before, after, lastHash_, ""};
    e.hash = entryHash(e);
    insert_->bind(1, e.seq).bind(2, e.at).bind(3, e.actor).bind(4, e.action).bind(5, e.entity);
    if (e.before.empty()) insert_->bindNull(6); else insert_->bind(6, std::string_view(e.before));
    if (e.after.empty()) insert_->bindNull(7); else insert_->bind(7, std::string_view(e.after));
    insert_->bind(8, e.prevHash).bind(9, e.hash);
    insert_->run();
    lastSeq_ = e.seq;
    lastHash_ = e.hash;
}

AuditVerification AuditLog::verify(JobControl* job) {
    AuditVerification v;
    checkCancelled(job);
    if (job) {
        auto last = db_.prepare("SELECT coalesce(max(seq), 0) FROM audit_log");
        last->step();
        job->stage("Verifying the audit log", static_cast<std::size_t>(last->int64(0)));
    }
    auto s = db_.prepare("SELECT seq, at, actor, action, entity, before, after, prev_hash, hash FROM audit_log ORDER BY seq");
    std::string prev = kGenesis;
    std::int64_t expectSeq = 1;
    AuditEntry e;
    while (s->step()) {
        e.seq = s->int64(0);
        e.at = s->text(1);
        e.actor = s->text(2);
        e.action = s->text(3);
        e.entity = s->text(4);
        e.before = s->text(5);
        e.after = s->text(6);
        e.prevHash = s->text(7);
        e.hash = s->text(8);
        auto fail = [&](std::int64_t seq, std::string why) {
            v.ok = false;
            v.badSeq = seq;
            v.problem = std::move(why);
        };
        if (e.seq != expectSeq) {
            fail(expectSeq, e.seq > expectSeq ? "entry " + std::to_string(expectSeq) + " is missing: the log jumps from entry " +
                                                     std::to_string(expectSeq - 1) + " to entry " + std::to_string(e.seq) + " (deleted?)"
                                               : "entry " + std::to_string(e.seq) + " is out of order");
            return v;
        }
        if (e.prevHash != prev) {
            fail(e.seq, "entry " + std::to_string(e.seq) + " does not follow entry " + std::to_string(e.seq - 1) +
                            ": its recorded previous hash differs from that entry's hash (inserted, deleted or reordered entries)");
            return v;
        }
        if (entryHash(e) != e.hash) {
            fail(e.seq, "entry " + std::to_string(e.seq) + " was changed after it was written: its content no longer matches its hash");
            return v;
        }
        prev = e.hash;
        if (e.seq == 1) v.firstHash = e.hash;
        ++expectSeq;
        ++v.entries;
        if (job && (v.entries & 8191) == 0) {  // between batches of 8192 entries
            job->advance(8192);
            checkCancelled(job);
        }
    }
    if (job) job->advance(static_cast<std::size_t>(v.entries & 8191));
    v.headHash = v.entries ? prev : "";
    return v;
}

namespace {

// An action names a family when it has no dot: "override" matches override.create and .approve.
bool isFamily(const std::string& action) { return action.find('.') == std::string::npos; }

std::string whereClause(const AuditFilter& f, bool paging) {
    std::string w = " WHERE 1";
    if (!f.entities.empty()) {
        w += " AND entity IN (?";
        for (std::size_t i = 1; i < f.entities.size(); ++i) w += ", ?";
        w += ")";
    }
    if (!f.actor.empty()) w += " AND actor = ?";
    if (!f.action.empty()) w += isFamily(f.action) ? " AND (action = ? OR (action >= ? AND action < ?))" : " AND action = ?";
    if (!f.from.empty()) w += " AND at >= ?";
    if (!f.before.empty()) w += " AND at < ?";
    if (paging) w += " AND seq < ?";
    return w;
}

// Binds the filter's values in whereClause's order; returns how many were bound.
int bindFilter(Statement& s, const AuditFilter& f, std::optional<std::int64_t> olderThan) {
    int i = 0;
    for (const auto& e : f.entities) s.bind(++i, e);
    if (!f.actor.empty()) s.bind(++i, f.actor);
    if (!f.action.empty()) {
        s.bind(++i, f.action);
        if (isFamily(f.action)) {
            s.bind(++i, f.action + ".");
            s.bind(++i, f.action + "/");  // '/' follows '.': the end of the family's range
        }
    }
    if (!f.from.empty()) s.bind(++i, f.from);
    if (!f.before.empty()) s.bind(++i, f.before);
    if (olderThan) s.bind(++i, *olderThan);
    return i;
}

}  // namespace

std::vector<AuditEntry> AuditLog::page(const AuditFilter& filter, std::optional<std::int64_t> olderThan, int limit) {
    auto s = db_.prepare("SELECT seq, at, actor, action, entity, coalesce(before, ''), coalesce(after, ''), prev_hash, hash FROM audit_log" +
                         whereClause(filter, olderThan.has_value()) + " ORDER BY seq DESC LIMIT ?");
    s->bind(bindFilter(*s, filter, olderThan) + 1, static_cast<std::int64_t>(limit));
    std::vector<AuditEntry> out;
    while (s->step())
        out.push_back({s->int64(0), s->text(1), s->text(2), s->text(3), s->text(4), s->text(5), s->text(6), s->text(7), s->text(8)});
    return out;
}

void AuditLog::forEachEntry(const std::vector<std::string>& actions, const std::function<void(const AuditEntry&)>& each) {
    std::string sql = "SELECT seq, at, actor, action, entity, coalesce(before, ''), coalesce(after, ''), prev_hash, hash FROM audit_log WHERE action IN (";
    for (std::size_t i = 0; i < actions.size(); ++i) sql += i ? ", ?" : "?";
    sql += ") ORDER BY seq";
    auto s = db_.prepare(sql);
    for (std::size_t i = 0; i < actions.size(); ++i) s->bind(static_cast<int>(i + 1), actions[i]);
    AuditEntry e;
    while (s->step()) {
        e = {s->int64(0), s->text(1), s->text(2), s->text(3), s->text(4), s->text(5), s->text(6), s->text(7), s->text(8)};
        each(e);
    }
}

std::int64_t AuditLog::headSeq() {
    auto s = db_.prepare("SELECT coalesce(max(seq), 0) FROM audit_log");
    s->step();
    return s->int64(0);
}

std::optional<std::string> AuditLog::hashOf(std::int64_t seq) {
    auto s = db_.prepare("SELECT hash FROM audit_log WHERE seq = ?");
    s->bind(1, seq);
    if (!s->step()) return std::nullopt;
    return s->text(0);
}

std::int64_t AuditLog::count(const AuditFilter& filter) {
    auto s = db_.prepare("SELECT count(*) FROM audit_log" + whereClause(filter, false));
    bindFilter(*s, filter, std::nullopt);
    return s->step() ? s->int64(0) : 0;
}

}  // namespace sendband
