// OverrideStatus: where an officer's override stands. Stored as text (awaiting_approval,
// in_force, superseded) so that the database reads plainly in the sqlite3 shell.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace sendband {

enum class OverrideStatus { AwaitingApproval, InForce, Superseded };

// "awaiting_approval", "in_force", "superseded": the stored form.
const char* storedText(OverrideStatus s);
// "awaiting approval", "in force", "superseded": for people.
const char* describe(OverrideStatus s);
// The stored form back; nullopt for any other text.
std::optional<OverrideStatus> parseOverrideStatus(std::string_view stored);

}  // namespace sendband
