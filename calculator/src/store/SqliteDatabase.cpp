#include "store/SqliteDatabase.h"

#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <vector>

namespace sendband {
namespace {

// SQLite's own text for a lock held past the busy timeout is "database is locked", which says
// neither how long it waited nor what to do.
std::string errorText(sqlite3* db, int rc) {
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        return "the database is busy: another command has been writing to it for more than " + std::to_string(kBusyTimeoutMs / 1000) +
               " seconds (an import or re-band still running?); try again when it has finished";
    return sqlite3_errmsg(db);
}

class SqliteStatement : public Statement {
public:
    SqliteStatement(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
    ~SqliteStatement() override { sqlite3_finalize(s_); }
    Statement& bind(int i, std::int64_t v) override {
        check(sqlite3_bind_int64(s_, i, v));
        return *this;
    }
    Statement& bind(int i, std::string_view v) override {
        check(sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
        return *this;
    }
    Statement& bindNull(int i) override {
        check(sqlite3_bind_null(s_, i));
        return *this;
    }
    bool step() override {
        const int rc = sqlite3_step(s_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        const std::string msg = errorText(db_, rc);
        sqlite3_reset(s_);
        throw StoreError(msg);
    }
    void reset() override {
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
    }
    std::int64_t int64(int c) const override { return sqlite3_column_int64(s_, c); }
    std::string text(int c) const override {
        const auto* p = sqlite3_column_text(s_, c);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s_, c))) : std::string();
    }
    bool isNull(int c) const override { return sqlite3_column_type(s_, c) == SQLITE_NULL; }

private:
    void check(int rc) const {
        if (rc != SQLITE_OK) throw StoreError(sqlite3_errmsg(db_));
    }
    sqlite3* db_;
    sqlite3_stmt* s_;
};

}  // namespace

SqliteDatabase::SqliteDatabase(const std::string& path, SqliteOpen how) : path_(path), scratch_(how == SqliteOpen::Scratch) {
    const bool scratch = scratch_;
    // Memory statistics take a global mutex on every allocation; nothing here reads them.
    static const bool configured = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        return true;
    }();
    (void)configured;
    const bool create = how != SqliteOpen::Existing || path == ":memory:";
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw StoreError(create ? "cannot open database " + path + ": " + msg : "there is no database at " + path + " (" + msg + ")");
    }
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    try {
        if (!create || queryText("SELECT count(*) FROM sqlite_master") != "0") refuseUnlessSendband();
    } catch (const StoreError&) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw;
    }
    exec("PRAGMA foreign_keys = ON");
    if (scratch) {
        exec("PRAGMA page_size = 16384");  // fewer, larger pages: faster to fill in bulk
        exec("PRAGMA journal_mode = OFF");
        exec("PRAGMA synchronous = OFF");
    } else if (path != ":memory:") {
        useWal();
        exec("PRAGMA synchronous = NORMAL");  // with WAL: durable at checkpoints, never corrupt
    }
}

void SqliteDatabase::refuseUnlessSendband() {
    int appId = 0, version = 0;
    std::vector<std::string> tables;
    try {
        appId = static_cast<int>(std::stoll(queryText("PRAGMA application_id")));
        version = schemaVersion();
        auto s = prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        while (s->step()) tables.push_back(s->text(0));
    } catch (const StoreError& e) {
        if (std::string(e.what()).find("file is not a database") != std::string::npos)
            throw StoreError("not a sendband database: the file is not an SQLite database at all; nothing was changed");
        throw;
    }
    if (appId == kSendbandApplicationId) return;
    if (appId != 0)
        throw StoreError("not a sendband database: the file belongs to another program (its SQLite application id is " + std::to_string(appId) +
                         "); nothing was changed");
    // Made before sendband set its application id (schema 1 to 3): known by its tables.
    auto has = [&](const char* t) { return std::find(tables.begin(), tables.end(), t) != tables.end(); };
    if (version >= 1 && has("meta") && has("plans") && has("audit_log")) return;
    if (tables.empty())
        throw StoreError("not a sendband database: the file is empty; a database is made by `sendband import` or the app's File > New; nothing was changed");
    std::string list;
    for (std::size_t i = 0; i < tables.size() && i < 5; ++i) list += (i ? ", " : "") + tables[i];
    if (tables.size() > 5) list += ", ...";
    throw StoreError("not a sendband database: the file holds another program's tables (" + list + "); nothing was changed");
}

void SqliteDatabase::useWal() {
    // While another connection's bulk write has the database in rollback-journal mode (see
    // bulkWrite), switching it back to WAL needs that connection gone, and SQLite refuses the
    // switch at once instead of waiting: this was "database is locked" after 0.05 s beside a
    // long import. So ask again every 50 ms, for as long as the busy timeout lets a lock be
    // waited for; the importer puts WAL back itself when it finishes.
    for (int waited = 0;; waited += 50) {
        char* err = nullptr;
        const int rc = sqlite3_exec(db_, "PRAGMA journal_mode = WAL", nullptr, nullptr, &err);
        sqlite3_free(err);
        if (rc == SQLITE_OK) return;
        if ((rc & 0xff) != SQLITE_BUSY || waited >= kBusyTimeoutMs) throw StoreError(errorText(db_, rc));
        sqlite3_sleep(50);
    }
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close(db_); }

void SqliteDatabase::finishScratch() {
    exec("PRAGMA synchronous = FULL");
    exec("PRAGMA journal_mode = WAL");  // writes the header; the file is complete and consistent
    exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

void SqliteDatabase::exec(const std::string& sql) {
    char* err = nullptr;
    if (const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err); rc != SQLITE_OK) {
        const std::string msg = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED || !err ? errorText(db_, rc) : std::string(err);
        sqlite3_free(err);
        throw StoreError(msg);
    }
}

std::unique_ptr<Statement> SqliteDatabase::prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &s, nullptr) != SQLITE_OK)
        throw StoreError(std::string(sqlite3_errmsg(db_)) + " in: " + sql);
    return std::make_unique<SqliteStatement>(db_, s);
}

std::int64_t SqliteDatabase::lastInsertId() { return sqlite3_last_insert_rowid(db_); }
void SqliteDatabase::begin() {
    exec("BEGIN IMMEDIATE");
    countTransaction();
}

bool SqliteDatabase::inTransaction() { return sqlite3_get_autocommit(db_) == 0; }
void SqliteDatabase::commit() { exec("COMMIT"); }
void SqliteDatabase::rollback() { exec("ROLLBACK"); }

void SqliteDatabase::bulkWrite(bool on) {
    // A page cache large enough that a 640,000-plan import never spills to the WAL mid-transaction.
    exec(on ? "PRAGMA cache_size = -393216" : "PRAGMA cache_size = -16384");
    if (scratch_ || path_ == ":memory:") return;
    // In WAL mode every page of a large write is written twice: to the WAL, then copied into the
    // database at the checkpoint. A rollback journal holds only the pages that existed before
    // (new pages appended at the end need no journal), so a bulk write of new rows costs about
    // half the I/O, and a crash still rolls the whole transaction back on the next open. SQLite
    // refuses the switch while another connection has the database open; then WAL stays.
    if (on) {
        sqlite3_busy_timeout(db_, 0);  // ask once: a refusal is an answer, not something to wait out
        try {
            bulkJournal_ = queryText("PRAGMA journal_mode = DELETE") == "delete";
        } catch (const StoreError&) {
            bulkJournal_ = false;  // "database is locked": another connection holds it
        }
        sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    } else if (bulkJournal_) {
        bulkJournal_ = false;
        exec("PRAGMA journal_mode = WAL");
    }
}

std::string SqliteDatabase::queryText(const std::string& sql) {
    auto s = prepare(sql);
    return s->step() ? s->text(0) : std::string();
}

int SqliteDatabase::schemaVersion() {
    auto s = prepare("PRAGMA user_version");
    s->step();
    return static_cast<int>(s->int64(0));
}

void SqliteDatabase::setSchemaVersion(int v) { exec("PRAGMA user_version = " + std::to_string(v)); }

}  // namespace sendband
