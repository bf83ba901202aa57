// What several command files share (defined in StoreCommands.cpp): who is acting and when, and
// opening a database with its errors reported the CLI's way.
#pragma once
#include "cli/Commands.h"
#include "core/Date.h"
#include "store/CaseloadStore.h"

#include <memory>
#include <string>

namespace sendband::cli {

// `by`, or the system user name; the time now (or $SENDBAND_NOW), read here at the edge.
Actor currentActor(const std::string& by);
// Opens a database; on failure prints "PATH: error: WHY" and returns null.
std::unique_ptr<CaseloadStore> openStore(const std::string& path, Context& ctx);

}  // namespace sendband::cli
