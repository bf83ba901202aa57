// Database and Statement: the storage seam. Repositories speak plain SQL through these two
// interfaces; SqliteDatabase implements them today, and a PostgreSQL implementation can later
// serve a whole authority's team without the engine, the CLI or the app changing.
#pragma once
#include "store/StoreError.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sendband {

class Statement {
public:
    virtual ~Statement() = default;
    // Parameters are numbered from 1, as in SQL.
    virtual Statement& bind(int index, std::int64_t value) = 0;
    virtual Statement& bind(int index, std::string_view value) = 0;
    virtual Statement& bindNull(int index) = 0;
    Statement& bind(int index, const std::optional<std::string>& v) { return v ? bind(index, std::string_view(*v)) : bindNull(index); }
    Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
    Statement& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
    // Advances to the next row; false when there are no more (or the statement wrote).
    virtual bool step() = 0;
    // Runs a statement that returns no rows, then resets it for reuse.
    void run() {
        step();
        reset();
    }
    virtual void reset() = 0;  // ready to bind and run again
    virtual std::int64_t int64(int column) const = 0;  // columns from 0
    virtual std::string text(int column) const = 0;
    virtual bool isNull(int column) const = 0;
};

class Database {
public:
    virtual ~Database() = default;
    virtual void exec(const std::string& sql) = 0;  // one or more statements, no results
    virtual std::unique_ptr<Statement> prepare(const std::string& sql) = 0;
    virtual std::int64_t lastInsertId() = 0;
    virtual void begin() = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
    // A hint that a large write follows: the implementation may use more memory to do it
    // faster (it must stay just as safe). Off again with false.
    virtual void bulkWrite(bool on) = 0;
    virtual int schemaVersion() = 0;
    virtual void setSchemaVersion(int v) = 0;
    // True between begin() and commit()/rollback().
    virtual bool inTransaction() = 0;
    // Counts the transactions begun on this connection. What was read from the database may be
    // cached only within the transaction it was read in (another connection may write between
    // two): a cache keeps the serial it was filled under and refills when it differs.
    std::uint64_t transactionSerial() const { return transactionSerial_; }

protected:
    void countTransaction() { ++transactionSerial_; }

private:
    std::uint64_t transactionSerial_ = 0;
};

// Commits on commit(); rolls back if destroyed first (an exception, an early return), so that
// a failed workflow leaves the data exactly as it was.
class Transaction {
public:
    explicit Transaction(Database& db) : db_(db) { db_.begin(); }
    ~Transaction() {
        if (!done_) {
            try {
                db_.rollback();
            } catch (...) {
            }
        }
    }
    void commit() {
        db_.commit();
        done_ = true;
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace sendband
