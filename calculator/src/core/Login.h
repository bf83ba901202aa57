// Login: the operating-system account the process runs as. Who acts is this login, in the CLI
// and the app alike: it is what the audit log records and what second-person approval compares.
// Read at the edges (the CLI's and the app's actor), never inside a workflow.
#pragma once
#include <string>

namespace sendband {

// The account name of the effective user id, from the system's user database (not $USER or
// $LOGNAME, which anyone can set); "uid N" for an id with no entry.
std::string loginName();

}  // namespace sendband
