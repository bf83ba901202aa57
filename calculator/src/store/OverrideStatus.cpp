#include "store/OverrideStatus.h"

namespace sendband {

const char* storedText(OverrideStatus s) {
    switch (s) {
        case OverrideStatus::AwaitingApproval: return "awaiting_approval";
        case OverrideStatus::InForce: return "in_force";
        case OverrideStatus::Superseded: return "superseded";
    }
    return "";
}

const char* describe(OverrideStatus s) {
    switch (s) {
        case OverrideStatus::AwaitingApproval: return "awaiting approval";
        case OverrideStatus::InForce: return "in force";
        case OverrideStatus::Superseded: return "superseded";
    }
    return "";
}

std::optional<OverrideStatus> parseOverrideStatus(std::string_view stored) {
    for (auto s : {OverrideStatus::AwaitingApproval, OverrideStatus::InForce, OverrideStatus::Superseded})
        if (stored == storedText(s)) return s;
    return std::nullopt;
}

}  // namespace sendband
