// SqliteDatabase: the embedded store. One file, WAL, foreign keys on.
#pragma once
#include "store/Database.h"

struct sqlite3;

namespace sendband {

// How long a command waits for another's write lock before giving up with "the database is
// busy" (docs/workflows.md): long enough for an ordinary import or re-band to finish.
inline constexpr int kBusyTimeoutMs = 30000;

// SQLite's application id (PRAGMA application_id) in every sendband database: "SBND".
inline constexpr int kSendbandApplicationId = 0x53424E44;

// How a database file is opened. Only an import into a new path and the app's File > New create
// one; everything else opens an existing sendband database and refuses any other file untouched.
enum class SqliteOpen {
    Existing,  // must already be a sendband database (or ":memory:")
    Create,    // new, or an existing sendband database
    Scratch,   // new and private until renamed into place: written without a journal (finishScratch)
};

class SqliteDatabase : public Database {
public:
    // Opens `path` as `how` says; ":memory:" for tests. Throws StoreError: for a file that is not
    // a sendband database, before anything is written to it ("not a sendband database: ...").
    explicit SqliteDatabase(const std::string& path, SqliteOpen how = SqliteOpen::Create);
    // Switches a scratch database to WAL and flushes it to disk, ready to be renamed into place.
    void finishScratch();
    ~SqliteDatabase() override;
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    void exec(const std::string& sql) override;
    std::unique_ptr<Statement> prepare(const std::string& sql) override;
    std::int64_t lastInsertId() override;
    void begin() override;
    void commit() override;
    void rollback() override;
    void bulkWrite(bool on) override;
    int schemaVersion() override;
    void setSchemaVersion(int v) override;
    bool inTransaction() override;

private:
    void useWal();  // switches to WAL, waiting out another connection's bulk write
    void refuseUnlessSendband();  // reads only
    std::string queryText(const std::string& sql);
    sqlite3* db_ = nullptr;
    std::string path_;
    bool scratch_ = false;
    bool bulkJournal_ = false;  // switched from WAL to a rollback journal for a bulk write
};

}  // namespace sendband
