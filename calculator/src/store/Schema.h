// Schema: the database's tables, created and upgraded by numbered migrations.
#pragma once
#include "store/Database.h"

namespace sendband {

// The schema version this program writes (PRAGMA user_version).
int latestSchemaVersion();

// Brings `db` to the latest version, each step in its own transaction. A database newer than
// this program is refused (StoreError) and left untouched. Returns the version found.
int migrate(Database& db);

// Applies migrations only up to `version`, for tests that need an old database.
void migrateTo(Database& db, int version);

}  // namespace sendband
