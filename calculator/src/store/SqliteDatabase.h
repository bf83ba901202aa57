// SqliteDatabase: the embedded store. One file, WAL, foreign keys on.
#pragma once
#include "store/Database.h"

struct sqlite3;

namespace sendband {

// How long a command waits for another's write lock before giving up with "the database is
// busy" (docs/workflows.md): long enough for an ordinary import or re-band to finish.
inline constexpr int kBusyTimeoutMs = 30000;

class SqliteDatabase : public Database {
public:
    // Opens (creating if needed) `path`; ":memory:" for tests. Throws StoreError.
    // `scratch`: the file is new and private until the caller renames it into place (a first
    // import), so it is written without a journal; call finishScratch() before renaming.
    explicit SqliteDatabase(const std::string& path, bool scratch = false);
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
    std::string queryText(const std::string& sql);
    sqlite3* db_ = nullptr;
    std::string path_;
    bool scratch_ = false;
    bool bulkJournal_ = false;  // switched from WAL to a rollback journal for a bulk write
};

}  // namespace sendband
