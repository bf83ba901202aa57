// PublicHistory: the DfE's counts of EHC plans (statements of SEN before 2014) in force each
// January, 2010 to 2022, for every English local authority, by broad setting and by age band:
// the forecaster's history for an authority with no store of its own. Read strictly from the
// files shipped in data/dfe/ (Open Government Licence v3.0), with the 2019-2021 boundary changes
// folded so that each of today's 152 authorities has one continuous series.
#pragma once
#include "core/Diagnostic.h"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sendband::forecast {

// The DfE's establishment groups, as the shipped table maps them.
enum class SettingGroup : std::size_t {
    Mainstream, SpecialStateFunded, SpecialIndependent, SpecialNonMaintained, ApPru, FurtherEducation, EarlyYears, ElsewhereOther, Count
};
inline constexpr std::size_t kSettingGroups = static_cast<std::size_t>(SettingGroup::Count);
// Its column in the shipped table ("special_state_funded") and its words ("special, state-funded").
const char* settingGroupId(SettingGroup g);
const char* settingGroupName(SettingGroup g);

// The DfE's age bands (age on 31 August before the January count). 20-25 is empty before the
// 2014 reforms, when statements ran to 19.
enum class AgeBand : std::size_t { Under5, Age5To10, Age11To15, Age16To19, Age20To25, Count };
inline constexpr std::size_t kAgeBands = static_cast<std::size_t>(AgeBand::Count);
const char* ageBandName(AgeBand a);  // "under 5", "5 to 10", ...

// One January's counts. A folded year (see AuthoritySeries::folded) holds estimates, not whole
// numbers, so counts are real numbers throughout; the DfE's own are whole.
struct JanuaryCount {
    int year = 0;
    double total = 0;
    std::array<double, kSettingGroups> bySetting{};  // sums to total
    // By age, from the DfE's age table, whose own total this sums to: in 2016 and 2018 it differs
    // from the establishment table's total by a few plans for some authorities (the DfE's tables
    // as published; neither is corrected here).
    std::array<double, kAgeBands> byAge{};
    double ageTotal = 0;
    // The new plans made in the calendar year before this January (year - 1), by age band, from
    // the DfE's new-plans table: the joiners between the last January and this one.
    std::array<double, kAgeBands> joinedByAge{};
    double joined = 0;
};

struct AuthoritySeries {
    std::string code;     // today's 9-character code: E06000015
    std::string oldCode;  // the DfE's 3-digit code: 831
    std::string name, region;
    std::vector<JanuaryCount> years;  // every January, oldest first, no gaps
    // Empty for an authority whose boundary did not change; else how its earlier years were
    // made from its predecessors' ("Bournemouth and Poole, plus 11.2% of Dorset (county) ...").
    std::string folded;
};

struct PublicHistory {
    std::vector<AuthoritySeries> authorities;  // by code
    AuthoritySeries england;                   // the national series
    std::vector<Diagnostic> diagnostics;       // when not empty there is no history
    bool hasNewPlans = false;                  // the new-plans table was read (a forecast needs it)
    struct Input {
        std::string file, sha256;  // each file read, and the SHA-256 of its bytes (for a run's record)
    };
    std::vector<Input> inputs;
    bool ok() const { return diagnostics.empty(); }
};

// The shipped tables' names in data/dfe/.
inline constexpr const char* kSettingTable = "ehcp_caseload_by_broad_setting_la_jan2010_to_jan2022.csv";
inline constexpr const char* kAgeTable = "sen2_age_caseload.csv";
inline constexpr const char* kNewPlansTable = "sen2_age_new_plans.csv";

// Reads the broad-setting table (ehcp_caseload_by_broad_setting_la_jan2010_to_jan2022.csv),
// the DfE's age table (sen2_age_caseload.csv) and, when `newFile` is not empty, its new-plans
// table (sen2_age_new_plans.csv). Every problem is reported, with its file, line and column: a
// missing column, a count that is not a non-negative number, settings or ages that do not add up
// to the total, a year given twice, a gap in an authority's years.
PublicHistory loadPublicHistory(const std::string& settingFile, const std::string& ageFile, const std::string& newFile = {});
// All three shipped tables from `dir` (data/dfe).
PublicHistory loadShippedHistory(const std::string& dir);
// The same from the text of the files (for tests); the names are used in messages. An empty
// `newName` reads no new plans.
PublicHistory parsePublicHistory(std::string_view settingText, const std::string& settingName, std::string_view ageText,
                                 const std::string& ageName, std::string_view newText = {}, const std::string& newName = {});

// The authority a user means: its 9-character code, its 3-digit code or its name, in any case.
// Nothing when none matches; `why` then says so and suggests names that contain the text.
const AuthoritySeries* findAuthority(const PublicHistory& h, std::string_view query, std::string& why);

}  // namespace sendband::forecast
