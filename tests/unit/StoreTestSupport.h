// Helpers shared by the unit tests that work on a store: a file's text, a fresh in-memory store.
#pragma once
#include "store/CaseloadStore.h"
#include "store/Schema.h"
#include "store/SqliteDatabase.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace sendband::test {

inline std::string readText(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A new SQLite store in memory with the latest schema.
inline std::unique_ptr<CaseloadStore> memoryStore() {
    auto db = std::make_unique<SqliteDatabase>(":memory:");
    migrate(*db);
    return std::make_unique<CaseloadStore>(std::move(db));
}

}  // namespace sendband::test
