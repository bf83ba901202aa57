// What several command files share (defined in StoreCommands.cpp): who is acting and when, and
// opening a database with its errors reported the CLI's way.
#pragma once
#include "cli/Commands.h"
#include "core/Date.h"
#include "store/CaseloadStore.h"

#include <memory>
#include <optional>
#include <string>

namespace sendband::cli {

// The person acting: the login, at the time now (or $SENDBAND_NOW), read here at the edge. A
// `--by` other than the login is refused (printed, nullopt): approval compares logins.
std::optional<Actor> currentActor(const std::string& by, const char* command, Context& ctx);
// Opens a database; on failure prints "PATH: error: WHY" and returns null.
std::unique_ptr<CaseloadStore> openStore(const std::string& path, Context& ctx);

}  // namespace sendband::cli
