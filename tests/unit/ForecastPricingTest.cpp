// Pricing the forecast (calculator/src/forecast/Pricing): the band mix is read strictly against
// the rule set, each financial year's amounts come from the rule set through the banding engine
// (before its period at its first year's, after it raised by the uplift and rounded each year),
// and a financial year takes 5/12 of one January's children and 7/12 of the next, to the penny.
#include "forecast/Pricing.h"
#include "rules/RuleSetLoader.h"

#include <catch2/catch.hpp>

#include <string>

using namespace sendband;
using namespace sendband::forecast;

namespace {

const std::string kSource = SENDBAND_SOURCE_DIR;

const RuleSetPtr& example() {
    static const RuleSetPtr rs = RuleSetLoader::loadFile(kSource + "/rules/example.yaml").ruleSet;
    REQUIRE(rs != nullptr);
    return rs;
}

const BandMix& exampleMix() {
    static const BandMix m = loadBandMix(kSource + "/data/band-mix-example.csv", *example());
    INFO(formatAll(m.diagnostics));
    REQUIRE(m.ok());
    return m;
}

std::string problems(const std::string& csv) { return formatAll(parseBandMix(csv, "mix.csv", *example()).diagnostics); }

constexpr std::size_t kMain = static_cast<std::size_t>(SettingGroup::Mainstream);
constexpr std::size_t kSpecial = static_cast<std::size_t>(SettingGroup::SpecialStateFunded);
constexpr std::size_t kIndependent = static_cast<std::size_t>(SettingGroup::SpecialIndependent);
constexpr std::size_t k11To15 = static_cast<std::size_t>(AgeBand::Age11To15);

}  // namespace

TEST_CASE("financial years are named as councils name them") {
    CHECK(financialYearName(2025) == "2025-26");
    CHECK(financialYearName(2099) == "2099-00");
    CHECK(financialYearName(2008) == "2008-09");
}

TEST_CASE("each setting group's children are priced at the band mix's average of the rule set's amounts, year by year") {
    const Prices p = priceYears(Banding(example()), exampleMix(), 2024, 4, Num::ratio(25, 1000));
    INFO(p.error);
    REQUIRE(p.error.empty());
    REQUIRE(p.years == std::vector<int>{2024, 2025, 2026, 2027});
    // 2025-26, mainstream: 10% B0 (no top-up), 25% B1 1,500, 30% B2 3,500, 25% B3 6,000, 10% B4 9,000
    // = 375 + 1,050 + 1,500 + 900 = 3,825.00; no place funding in mainstream.
    CHECK(p.perMicroPence[1][kMain][k11To15] == 382500LL * 1000000);
    // 2024-25 is before the rule set: priced at 2025-26's amounts.
    CHECK(p.perMicroPence[0][kMain][k11To15] == 382500LL * 1000000);
    // 2026-27, the rule set's +2.5%: 384.375 + 1,076.25 + 1,537.50 + 922.50 = 3,920.625, exactly.
    CHECK(p.perMicroPence[2][kMain][k11To15] == 392062500000LL);
    // 2027-28, after the rule set: each amount raised by 2.5% and rounded half up to the penny
    // (1,575.94, 3,677.19, 6,303.75, 9,455.63), then averaged: 4,018.6425.
    CHECK(p.perMicroPence[3][kMain][k11To15] == 401864250000LL);
    // Special state-funded: 30% B3, 40% B4, 30% B5 plus 10,000 place funding each: 23,800.00.
    CHECK(p.perMicroPence[1][kSpecial][k11To15] == 2380000LL * 1000000);
    // Independent: B6, individually costed at the mix's 55,000 plus place funding; an entered
    // amount does not follow the rule set's uplift, only the assumed one beyond it.
    CHECK(p.perMicroPence[2][kIndependent][k11To15] == 6500000LL * 1000000);
    CHECK(p.perMicroPence[3][kIndependent][k11To15] == 6662500LL * 1000000);
    REQUIRE(p.notes.size() == 2);
    CHECK(p.notes[0] == "2024-25 priced at 2025-26's amounts, the rule set's first year");
    CHECK(p.notes[1] == "2027-28 on priced at 2026-27's amounts, the rule set's last year, raised by 2.5% a year (the assumed uplift), rounded to the penny each year");
}

TEST_CASE("a financial year takes 5/12 of the January before 1 April's academic year and 7/12 of the next, to the penny") {
    const Prices p = priceYears(Banding(example()), exampleMix(), 2025, 2, Num(0));
    REQUIRE(p.error.empty());
    Simulations sims;
    sims.simulations = 1;
    sims.years = 2;
    sims.cells.assign(2 * kColumns, 0);
    sims.cells[0 * kColumns + crossColumn(kMain, k11To15)] = 24;  // January 2026
    sims.cells[1 * kColumns + crossColumn(kMain, k11To15)] = 36;  // January 2027
    std::array<std::array<std::int64_t, kAgeBands>, kSettingGroups> start{};
    start[kMain][k11To15] = 12;  // January 2025
    const std::vector<std::int64_t> spend = spendPence(sims, start, p);
    REQUIRE(spend.size() == 2);
    // 2025-26: April-August 2025 are the academic year of January 2025 (12 children), September
    // 2025-March 2026 that of January 2026 (24): (5 x 12 + 7 x 24) / 12 = 19 child-years at 3,825.00.
    CHECK(spend[0] == 7267500);
    // 2026-27: (5 x 24 + 7 x 36) / 12 = 31 child-years at 3,920.625 = 121,539.375, half up 121,539.38.
    CHECK(spend[1] == 12153938);
}

TEST_CASE("the shipped band mix covers every setting group and age band the model holds children in") {
    const BandMix& m = exampleMix();
    for (std::size_t g = 0; g < kSettingGroups; ++g)
        for (std::size_t b = 0; b < kAgeBands; ++b) {
            const int first[] = {0, 5, 11, 16, 20};
            if (!servesAge(static_cast<SettingGroup>(g), first[b])) continue;
            INFO(settingGroupId(static_cast<SettingGroup>(g)) << " " << b);
            REQUIRE_FALSE(m.mix[g][b].empty());
            Num sum;
            for (const BandMix::Entry& e : m.mix[g][b]) sum += e.share;
            CHECK(sum == Num(1));
        }
    CHECK(m.input.sha256.size() == 64);
}

TEST_CASE("a bad band mix is refused with its file, line and column, and names what the rule set has") {
    const std::string head = "setting_group,age_band,setting,band,share,amount\n";
    CHECK(problems(head + "mainstream,all,academy,B1,1,\n"
                          "special,all,special,B1,1,\n"
                          "ap_pru,teens,resourced,B1,1,\n"
                          "ap_pru,all,resourced,B9,1,\n"
                          "ap_pru,all,resourced,B1,0.1234567,\n"
                          "ap_pru,all,resourced,B6,1,\n"
                          "ap_pru,all,resourced,B1,1,300\n") ==
          "mix.csv:2:3: error: setting: the rule set has no setting type \"academy\" (it has mainstream, resourced, special)\n"
          "mix.csv:3:1: error: setting_group: expected a DfE setting group (mainstream, special_state_funded, special_independent, special_non_maintained, "
          "ap_pru, further_education, early_years_non_maintained, educated_elsewhere_neet_other_unknown), got \"special\"\n"
          "mix.csv:4:2: error: age_band: expected under_5, 5_to_10, 11_to_15, 16_to_19, 20_to_25 or all, got \"teens\"\n"
          "mix.csv:5:4: error: band: the rule set has no band \"B9\" (it has B0, B1, B2, B3, B4, B5, B6)\n"
          "mix.csv:6:5: error: share: expected a decimal from 0 to 1 with at most 6 decimal places, got \"0.1234567\"\n"
          "mix.csv:7:6: error: amount: band B6's amount is entered case by case; give the annual amount to forecast with (pounds), got \"\"\n"
          "mix.csv:8:6: error: amount: band B1 is priced by the rule set; leave amount empty (it is for bands whose amount is entered)\n");
    CHECK(problems(head + "mainstream,all,mainstream,B1,0.5,\nmainstream,all,mainstream,B2,0.4,\n") ==
          "mix.csv:2:5: error: share: the shares of mainstream, all add up to 0.9, not 1\n");
    CHECK(problems(head + "mainstream,all,mainstream,B1,1,\nmainstream,20_to_25,mainstream,B1,1,\n") ==
          "mix.csv:3:2: error: age_band: mainstream has no children aged 20 to 25 in the model\n");
    CHECK(problems(head + "mainstream,all,mainstream,B1,1,\n") ==
          "mix.csv: error: no band mix for special_state_funded under_5, special_state_funded 5_to_10, special_state_funded 11_to_15, special_state_funded 16_to_19, "
          "special_independent under_5, special_independent 5_to_10, special_independent 11_to_15, special_independent 16_to_19, special_independent 20_to_25, "
          "special_non_maintained under_5, special_non_maintained 5_to_10, special_non_maintained 11_to_15, special_non_maintained 16_to_19, "
          "special_non_maintained 20_to_25, ap_pru 5_to_10, ap_pru 11_to_15, ap_pru 16_to_19, further_education 16_to_19, further_education 20_to_25, "
          "early_years_non_maintained under_5, educated_elsewhere_neet_other_unknown under_5, educated_elsewhere_neet_other_unknown 5_to_10, "
          "educated_elsewhere_neet_other_unknown 11_to_15, educated_elsewhere_neet_other_unknown 16_to_19, educated_elsewhere_neet_other_unknown 20_to_25 "
          "(give rows for each, or one with age_band all for the group)\n");
    CHECK(problems("group,share\n") ==
          "mix.csv:1:1: error: missing column 'setting_group'\nmix.csv:1:1: error: missing column 'age_band'\nmix.csv:1:1: error: missing column 'setting'\n"
          "mix.csv:1:1: error: missing column 'band'\n");
    CHECK(parseBandMix(head + "mainstream,all,mainstream,B1,2,\n", "mix.csv", *example()).mix[kMain][k11To15].empty());  // nothing half-read
}
