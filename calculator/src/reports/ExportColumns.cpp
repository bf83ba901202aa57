#include "reports/ExportColumns.h"

namespace sendband::export_columns {

namespace {

const char* overrideStatus(const CurrentPlan& p) {
    if (!p.overrideId) return "none";
    return p.overrideInForce() ? "in_force" : p.awaitingApproval() ? "awaiting_approval" : "none";
}

}  // namespace

const std::vector<Column>& exportColumns() {
    static const std::vector<Column> c = {
        {"reference", false},       {"pseudonym", false},     {"name", true},           {"upn", true},
        {"date_of_birth", true},    {"primary_need", false},  {"setting_type", false},  {"school_urn", false},
        {"school_name", false},     {"placement_start", false}, {"placement_end", false}, {"officer", false},
        {"band", false},            {"computed_band", false}, {"override_status", false}, {"annual_top_up", false},
        {"annual_place", false},
    };
    return c;
}

std::string cell(const CurrentPlan& p, std::size_t c) {
    auto opt = [](const std::optional<std::string>& v) { return v ? *v : std::string(); };
    auto date = [](const std::optional<Date>& d) { return d ? formatDate(*d) : std::string(); };
    switch (c) {
        case 0: return p.reference;
        case 1: return p.pseudonym;
        case 2: return opt(p.name);
        case 3: return opt(p.upn);
        case 4: return date(p.dateOfBirth);
        case 5: return p.primaryNeed;
        case 6: return p.settingType;
        case 7: return p.schoolUrn;
        case 8: return p.schoolName;
        case 9: return date(p.placementStart);
        case 10: return date(p.placementEnd);
        case 11: return p.officer;
        case 12: return p.effectiveBand();
        case 13: return p.band;
        case 14: return overrideStatus(p);
        case 15: return p.effectiveTopUp().plain();
        case 16: return p.effectivePlace().plain();
    }
    return {};
}

}  // namespace sendband::export_columns
