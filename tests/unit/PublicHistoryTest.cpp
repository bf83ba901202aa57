// The DfE history the forecaster reads: every authority's January counts, 2010-2022, from the
// files shipped in data/dfe/, with the boundary changes folded into today's authorities.
#include "forecast/PublicHistory.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace sendband;
using namespace sendband::forecast;

namespace {

const PublicHistory& shipped() {
    static const PublicHistory h = loadShippedHistory(std::string(SENDBAND_SOURCE_DIR) + "/data/dfe");
    return h;
}

const AuthoritySeries& la(const char* query) {
    std::string why;
    const AuthoritySeries* a = findAuthority(shipped(), query, why);
    INFO(why);
    REQUIRE(a != nullptr);
    return *a;
}

const JanuaryCount& january(const AuthoritySeries& a, int year) {
    REQUIRE(a.years.size() == 13);
    return a.years[static_cast<std::size_t>(year - 2010)];
}

// Two small files in the shipped shape: the setting table's heading and one authority's row.
const char* kSettingHead =
    "year_january,geographic_level,region_code,region_name,old_la_code,new_la_code,la_name,total,mainstream,special_state_funded,"
    "special_independent,special_non_maintained,ap_pru,further_education,early_years_non_maintained,educated_elsewhere_neet_other_unknown,source\n";
const char* kAgeHead =
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,"
    "characteristic_age,Total_st,Total_st_pc,Total_ehc,Total_ehc_pc,Total_all,Total_all_pc\n";

std::string problems(const std::string& settings, const std::string& ages) {
    return formatAll(parsePublicHistory(settings, "settings.csv", ages, "ages.csv").diagnostics);
}

}  // namespace

TEST_CASE("the shipped history has every one of today's 152 authorities for every January from 2010 to 2022") {
    const PublicHistory& h = shipped();
    INFO(formatAll(h.diagnostics));
    REQUIRE(h.ok());
    CHECK(h.authorities.size() == 152);
    for (const AuthoritySeries& a : h.authorities) {
        INFO(a.code << " " << a.name);
        REQUIRE(a.years.size() == 13);
        for (std::size_t i = 0; i < a.years.size(); ++i) {
            CHECK(a.years[i].year == 2010 + static_cast<int>(i));
            double settings = 0, ages = 0;
            for (double v : a.years[i].bySetting) settings += v;
            for (double v : a.years[i].byAge) ages += v;
            CHECK(std::fabs(settings - a.years[i].total) < 1e-6);
            CHECK(std::fabs(ages - a.years[i].ageTotal) < 1e-6);
        }
    }
    CHECK(h.england.years.front().total == 228221);
    CHECK(h.england.years.back().year == 2022);
}

TEST_CASE("an authority is found by its code, its 3-digit code or its name, in any case") {
    CHECK(la("E06000015").name == "Derby");
    CHECK(la("e06000015").name == "Derby");
    CHECK(la("831").name == "Derby");
    CHECK(la("derby").code == "E06000015");
    const JanuaryCount& y2010 = january(la("Derby"), 2010);
    CHECK(y2010.total == 976);
    CHECK(y2010.bySetting[static_cast<std::size_t>(SettingGroup::Mainstream)] == 449);
    CHECK(y2010.bySetting[static_cast<std::size_t>(SettingGroup::SpecialStateFunded)] == 438);
    CHECK(y2010.bySetting[static_cast<std::size_t>(SettingGroup::FurtherEducation)] == 0);  // blank in the DfE's table
    const JanuaryCount& y2022 = january(la("Derby"), 2022);
    CHECK(y2022.total == 2900);
    CHECK(y2022.byAge == std::array<double, kAgeBands>{85, 844, 1041, 635, 295});
    CHECK(la("Derby").folded.empty());
    // The plans made in calendar year 2021 are kept with January 2022; 2009's with January 2010.
    CHECK(y2022.joined == 459);
    CHECK(y2022.joinedByAge == std::array<double, kAgeBands>{74, 202, 153, 29, 1});
    CHECK(y2010.joined == 128);
    CHECK(shipped().hasNewPlans);
    REQUIRE(shipped().inputs.size() == 3);
    CHECK(shipped().inputs[2].sha256 == "65bd7d9e2a811ffd1cfe849cffc048badd05f57411bde1fb798956c78845f06a");

    std::string why;
    CHECK(findAuthority(shipped(), "Derbys", why) == nullptr);
    CHECK(why == "unknown local authority \"Derbys\"; did you mean Derbyshire (E10000007)?");
    CHECK(findAuthority(shipped(), "Atlantis", why) == nullptr);
    CHECK(why == "unknown local authority \"Atlantis\" (give its 9-character code such as E06000015, its 3-digit code such as 831, or its name such as Derby)");
}

// January 2019: Bournemouth 1,045, Poole 846, Dorset county 2,392 (4,283). January 2020:
// Bournemouth, Christchurch and Poole 2,448, the new Dorset 2,534 (4,982): growth 4,982/4,283.
// Christchurch's share of the county, s, gives both the same growth:
// (1,045 + 846 + 2,392 s) x 4,982/4,283 = 2,448, so s = 8.93%.
TEST_CASE("Bournemouth, Christchurch and Poole and the new Dorset are continuous, and together are their predecessors") {
    const AuthoritySeries& bcp = la("E06000058");
    const AuthoritySeries& dorset = la("E06000059");
    CHECK(january(bcp, 2019).total == Approx(2104.5331).epsilon(1e-8));
    CHECK(january(dorset, 2019).total == Approx(2178.4669).epsilon(1e-8));
    CHECK(january(bcp, 2019).total + january(dorset, 2019).total == Approx(1045 + 846 + 2392).epsilon(1e-12));
    CHECK(january(bcp, 2020).total / january(bcp, 2019).total == Approx(january(dorset, 2020).total / january(dorset, 2019).total).epsilon(1e-12));
    CHECK(january(bcp, 2020).total == 2448);
    CHECK(bcp.folded == "to 2019: Bournemouth and Poole, plus 8.9% of Dorset county for Christchurch (the share that gives both new authorities the same growth from January 2019 to 2020)");
    CHECK(dorset.folded == "to 2019: 91.1% of Dorset county (the rest went to Bournemouth, Christchurch and Poole)");
    std::string why;
    CHECK(findAuthority(shipped(), "E06000028", why) == nullptr);  // Bournemouth is gone: it is in BCP
}

// January 2021: Northamptonshire 4,847. January 2022: North 2,842, West 2,847; North's share 49.96%.
TEST_CASE("North and West Northamptonshire are split from the county as January 2022 splits them") {
    const AuthoritySeries& north = la("North Northamptonshire");
    const AuthoritySeries& west = la("West Northamptonshire");
    CHECK(january(north, 2021).total + january(west, 2021).total == Approx(4847).epsilon(1e-12));
    CHECK(january(north, 2021).total == Approx(4847.0 * 2842 / (2842 + 2847)).epsilon(1e-12));
    CHECK(january(north, 2022).total == 2842);
    CHECK(north.folded == "to 2021: 50.0% of Northamptonshire, its share in January 2022");
    // The new plans are split the same way: Northamptonshire made 777 in calendar year 2020.
    CHECK(january(north, 2021).joined + january(west, 2021).joined == Approx(777).epsilon(1e-12));
    CHECK(january(north, 2021).joined == Approx(777.0 * 2842 / (2842 + 2847)).epsilon(1e-12));
}

TEST_CASE("every authority's new plans are carried through the boundary changes, and add up to England's") {
    const PublicHistory& h = shipped();
    for (std::size_t y = 0; y < 13; ++y) {
        double sum = 0;
        for (const AuthoritySeries& a : h.authorities) sum += a.years[y].joined;
        INFO("January " << 2010 + y);
        CHECK(sum == Approx(h.england.years[y].joined).margin(0.5));
    }
    // Calendar year 2018 (kept with January 2019): Bournemouth 148, Poole 133, Dorset county 604,
    // shared between BCP and the new Dorset; together they are exactly their predecessors'.
    CHECK(january(la("E06000058"), 2019).joined + january(la("E06000059"), 2019).joined == Approx(148 + 133 + 604).epsilon(1e-12));
    // Calendar year 2019 is the new authorities' own: BCP 344, Dorset 532.
    CHECK(january(la("E06000058"), 2020).joined == 344);
    CHECK(january(la("E06000059"), 2020).joined == 532);
}

TEST_CASE("bad history files are refused with the file, line and column of every problem, and nothing is read") {
    const std::string ageTotal = std::string(kAgeHead) +
                                 "2010,Calendar year,Local authority,E92000001,England,E1,East Midlands,831,E06000015,Derby,Total,1,1,1,1,10,1\n";
    const std::string ages = ageTotal + "2010,Calendar year,Local authority,E92000001,England,E1,East Midlands,831,E06000015,Derby,Under 5,1,1,1,1,10,1\n";
    // A column missing.
    CHECK(problems("year_january,geographic_level\n", ages) ==
          "settings.csv:1:1: error: missing column 'region_name'\nsettings.csv:1:1: error: missing column 'old_la_code'\n"
          "settings.csv:1:1: error: missing column 'new_la_code'\nsettings.csv:1:1: error: missing column 'la_name'\n"
          "settings.csv:1:1: error: missing column 'total'\nsettings.csv:1:1: error: missing column 'mainstream'\n"
          "settings.csv:1:1: error: missing column 'special_state_funded'\nsettings.csv:1:1: error: missing column 'special_independent'\n"
          "settings.csv:1:1: error: missing column 'special_non_maintained'\nsettings.csv:1:1: error: missing column 'ap_pru'\n"
          "settings.csv:1:1: error: missing column 'further_education'\nsettings.csv:1:1: error: missing column 'early_years_non_maintained'\n"
          "settings.csv:1:1: error: missing column 'educated_elsewhere_neet_other_unknown'\n");
    // A negative count, settings that do not add up, a year given twice, a year out of range.
    const std::string settings = std::string(kSettingHead) +
                                 "2010,Local authority,E1,East Midlands,831,E06000015,Derby,10,-1,11,0,0,0,,0,0,x\n"
                                 "2010,Local authority,E1,East Midlands,831,E06000015,Derby,10,4,5,0,0,0,,0,0,x\n"
                                 "2010,Local authority,E1,East Midlands,831,E06000015,Derby,10,5,5,0,0,0,,0,0,x\n"
                                 "2010,Local authority,E1,East Midlands,831,E06000015,Derby,10,5,5,0,0,0,,0,0,x\n"
                                 "2031,Local authority,E1,East Midlands,831,E06000015,Derby,10,5,5,0,0,0,,0,0,x\n";
    CHECK(problems(settings, ages) ==
          "settings.csv:2:9: error: mainstream: expected a count (a number, 0 or more), got \"-1\"\n"
          "settings.csv:3:8: error: the settings add up to 9 but total is 10\n"
          "settings.csv:5:6: error: E06000015 2010 is given twice\n"
          "settings.csv:6:1: error: year_january: expected a year from 2010 to 2022, got \"2031\"\n");
    // Ages that do not add up to their total.
    const std::string oneYear = std::string(kSettingHead) + "2010,Local authority,E1,East Midlands,831,E06000015,Derby,10,5,5,0,0,0,,0,0,x\n";
    CHECK(problems(oneYear, ageTotal + "2010,Calendar year,Local authority,E92000001,England,E1,East Midlands,831,E06000015,Derby,Under 5,1,1,1,1,4,1\n") ==
          "ages.csv:2:1: error: E06000015 2010: the ages add up to 4 but Total is 10\n");
    // A gap: Derby has 2010 only, and there is no national series.
    const std::string gaps = problems(oneYear, ages);
    CHECK(gaps ==
          "settings.csv: error: England has no count for January 2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022\n"
          "settings.csv: error: E06000015 has no count for January 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022\n");
    CHECK(parsePublicHistory(oneYear, "s", ages, "a").authorities.empty());
}

TEST_CASE("a bad new-plans table is refused with its file, line and column, and a January without the year before's new plans is named") {
    const std::string ageHead = kAgeHead;
    const std::string newHead =
        "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,"
        "characteristic_age,Total_new_st,Total_new_st_pc,Total_new_ehc,Total_new_ehc_pc,Total_new_all,Total_new_all_pc\n";
    const std::string settings = std::string(kSettingHead) + "2010,Local authority,E1,East Midlands,831,E06000015,Derby,10,5,5,0,0,0,,0,0,x\n";
    const std::string ages = ageHead + "2010,Calendar year,Local authority,E92000001,England,E1,East Midlands,831,E06000015,Derby,Total,1,1,1,1,10,1\n" +
                             "2010,Calendar year,Local authority,E92000001,England,E1,East Midlands,831,E06000015,Derby,Under 5,1,1,1,1,10,1\n";
    auto problemsWith = [&](const std::string& made) { return formatAll(parsePublicHistory(settings, "s.csv", ages, "a.csv", made, "new.csv").diagnostics); };
    CHECK(problemsWith(newHead + "2009,Calendar year,Local authority,E92000001,England,E1,East Midlands,831,E06000015,Derby,Total,z,z,z,z,-3,1\n") ==
          "new.csv:2:16: error: Total_new_all: expected a count (a number, 0 or more), got \"-3\"\n"
          "new.csv: error: E06000015 has no new plans for calendar year 2009\n");
    CHECK(problemsWith(newHead + "2022,Calendar year,Local authority,E92000001,England,E1,East Midlands,831,E06000015,Derby,Total,z,z,z,z,3,1\n") ==
          "new.csv:2:1: error: time_period: expected a year from 2009 to 2021, got \"2022\"\n"
          "new.csv: error: E06000015 has no new plans for calendar year 2009\n");
    CHECK(problemsWith("time_period,geographic_level\n") ==
          "new.csv:1:1: error: missing column 'new_la_code'\nnew.csv:1:1: error: missing column 'characteristic_age'\n"
          "new.csv:1:1: error: missing column 'Total_new_all'\n"
          "new.csv: error: E06000015 has no new plans for calendar year 2009\n");
}
