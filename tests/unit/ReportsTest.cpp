// Reports: financial-year totals, the caseload export and the impact of a proposed rule set, over
// a tiny caseload imported into an in-memory store.
#include "workflows/CaseloadImport.h"
#include "store/CaseloadStore.h"
#include "store/CurrentPlans.h"
#include "workflows/Overrides.h"
#include "reports/Reports.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

using namespace sendband;
using sendband::test::day;
using sendband::test::loadOk;

namespace {

// Figures chosen so a day is a whole number of pence: in 2025-26 a band-A mainstream place is
// 3,650 a year (10.00 a day); each later year is 10% more (11.00 a day in 2026-27, 12.10 in
// 2027-28). Place funding in a special school is 10,000 a year, which is not a whole number of
// pence a day, so part-year place funding shows the rounding (once per plan).
const char* const kRules = R"(sendband: 1
metadata: {authority: T, framework: Reports fixture, version: "1", effective_from: 2025-04-01, effective_to: 2028-03-31}
setting_types:
  - {id: mainstream, name: Mainstream}
  - {id: special, name: Special school, place_funding: 10000}
inputs:
  - {id: points, name: Points, min: 0, whole_number: true}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 9}
  - {id: B, name: Band B, from: 10, to: 19}
  - {id: C, name: Band C, from: 20}
tariffs:
  - id: fy2025-26
    from: 2025-04-01
    to: 2026-03-31
    per: year
    amounts:
      A: {mainstream: 3650, special: 7300}
      B: {mainstream: 7300, special: 14600}
      C: {mainstream: 10950, special: 21900}
  - {id: fy2026-27, from: 2026-04-01, to: 2027-03-31, per: year, uplift: {from: fy2025-26, percent: 10}}
  - {id: fy2027-28, from: 2027-04-01, to: 2028-03-31, per: year, uplift: {from: fy2026-27, percent: 10}}
pro_rata: {basis: days, partial: daily, year_days: 365}
overrides:
  reasons:
    - {code: EVIDENCE, description: Further evidence}
  approval_threshold: 5000
)";

// P1 starts on 1 January 2027; P2 spans 31 March 2026; P3 is one academic year (1 September
// 2026 to 31 August 2027); P4 ended before 2026-27; P5 has open dates.
const char* const kCaseload =
    "reference,name,upn,date_of_birth,primary_need,setting_type,school_urn,school_name,placement_start,placement_end,officer,input.points\n"
    "P1,Ann One,A100000000001,2015-05-01,ASD,mainstream,100001,Alpha Primary,2027-01-01,,Officer X,5\n"
    "P2,Ben Two,A100000000002,2012-02-02,SLD,special,200001,\"Beta Special, North\",2026-01-05,2026-06-30,Officer Y,15\n"
    "P3,Cat Three,A100000000003,2016-03-03,ASD,mainstream,100001,Alpha Primary,2026-09-01,2027-08-31,Officer X,25\n"
    "P4,Dan Four,A100000000004,2014-04-04,MLD,mainstream,100002,Gamma Academy,2025-09-01,2026-02-28,Officer Y,12\n"
    "P5,Eve Five,,2011-06-06,SEMH,special,200001,\"Beta Special, North\",,,Officer X,3\n";

const Actor kWho{"tester", "2026-01-15T09:00:00Z"};

std::unique_ptr<CaseloadStore> storeWithCaseload() {
    auto store = CaseloadStore::openSqlite(":memory:");
    const Banding banding(loadOk(kRules));
    const ImportResult r = importCaseload(*store, banding, kCaseload, "reports.csv", day("2026-01-15"), kWho);
    INFO((r.errors.empty() ? std::string() : r.errors.front().format("reports.csv")));
    REQUIRE(r.ok());
    REQUIRE(r.added == 5);
    return store;
}

FinancialYear fy(const char* label) {
    auto y = parseFinancialYear(label);
    REQUIRE(y);
    return *y;
}

TotalsReport totals(CaseloadStore& store, const char* label, TotalsBy by = TotalsBy::All) {
    TotalsReport r = financialYearTotals(store, fy(label), by);
    for (const auto& p : r.problems) UNSCOPED_INFO(p.reference << ": " << p.message);
    REQUIRE(r.ok());
    return r;
}

struct Line {
    std::string key;
    std::size_t plans;
    std::int64_t topUp, place;
    bool operator==(const Line&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Line& l) { return os << "{" << l.key << " " << l.plans << " " << l.topUp << " " << l.place << "}"; }

std::vector<Line> lines(const TotalsReport& r) {
    std::vector<Line> out;
    for (const auto& l : r.lines) out.push_back({l.key, l.plans, l.topUpPence, l.placePence});
    return out;
}

std::int64_t count(CaseloadStore& store, const char* table) {
    auto s = store_internal::database(store).prepare(std::string("SELECT count(*) FROM ") + table);
    s->step();
    return s->int64(0);
}

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() / ("sendband-reports-" + std::to_string(::getpid()) + "-" + std::to_string(++n()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    static int& n() {
        static int i = 0;
        return i;
    }
};

}  // namespace

TEST_CASE("a financial year is named 2026-27 and runs from 1 April to 31 March") {
    const FinancialYear y = fy("2026-27");
    CHECK(formatDate(y.start) == "2026-04-01");
    CHECK(formatDate(y.end) == "2027-03-31");
    CHECK(fy("1999-00").label == "1999-00");
    CHECK_FALSE(parseFinancialYear("2026-28"));
    CHECK_FALSE(parseFinancialYear("2026/27"));
    CHECK_FALSE(parseFinancialYear("2026"));
    CHECK_FALSE(parseFinancialYear("26-27"));
}

TEST_CASE("keys sort naturally: B2 before B10") {
    CHECK(naturalLess("B2", "B10"));
    CHECK_FALSE(naturalLess("B10", "B2"));
    CHECK(naturalLess("", "A"));
    CHECK(naturalLess("A", "B"));
    CHECK(naturalLess("B09", "B10"));
}

TEST_CASE("totals pay a placement that starts on 1 January for the 90 days to 31 March, to the penny") {
    auto store = storeWithCaseload();
    const TotalsReport r = totals(*store, "2026-27", TotalsBy::School);
    // P1: band A mainstream, 4,015.00 a year in 2026-27 = 11.00 a day x 90 days (1 Jan to 31 Mar 2027).
    // P3: band C mainstream, 12,045.00 a year = 33.00 a day x 212 days (1 Sep 2026 to 31 Mar 2027).
    CHECK(lines(r) == std::vector<Line>{{"100001", 2, 99000 + 699600, 0}, {"200001", 2, 400400 + 803000, 249315 + 1000000}});
    CHECK(r.lines[0].name == "Alpha Primary");
    CHECK(r.lines[1].name == "Beta Special, North");
}

TEST_CASE("totals cut a placement that spans 31 March at the year end, each side at its own year's rate") {
    auto store = storeWithCaseload();
    // P2: band B special, 2026-01-05 to 2026-06-30.
    // 2025-26: 86 days at 14,600 a year (40.00 a day) = 3,440.00; place 10,000 x 86/365 = 2,356.164... = 2,356.16.
    // 2026-27: 91 days at 16,060 a year (44.00 a day) = 4,004.00; place 10,000 x 91/365 = 2,493.150... = 2,493.15.
    const TotalsReport before = totals(*store, "2025-26", TotalsBy::Band);
    const TotalsReport after = totals(*store, "2026-27", TotalsBy::Band);
    // 2025-26 also pays P4 (band B mainstream, 181 days at 20.00 = 3,620.00) and P5 (band A special, the whole year).
    CHECK(lines(before) == std::vector<Line>{{"A", 1, 730000, 1000000}, {"B", 2, 344000 + 362000, 235616}});
    CHECK(lines(after) == std::vector<Line>{{"A", 2, 99000 + 803000, 1000000}, {"B", 1, 400400, 249315}, {"C", 1, 699600, 0}});
    CHECK(after.total.plans == 4);
    CHECK(after.plansOutsideYear == 1);  // P4 ended in February 2026
    CHECK(after.total.topUpPence == 2002000);
    CHECK(after.total.placePence == 1249315);
    CHECK(after.total.totalPence() == 3251315);
}

TEST_CASE("an academic-year placement is split across two financial years: 212 days and 153 days") {
    auto store = storeWithCaseload();
    // P3, band C mainstream, 1 September 2026 to 31 August 2027.
    const TotalsReport first = totals(*store, "2026-27", TotalsBy::Need);
    const TotalsReport second = totals(*store, "2027-28", TotalsBy::Need);
    // 2026-27: 212 days x 33.00 = 6,996.00 (with P1's 990.00 under ASD).
    CHECK(lines(first) == std::vector<Line>{{"ASD", 2, 99000 + 699600, 0}, {"SEMH", 1, 803000, 1000000}, {"SLD", 1, 400400, 249315}});
    // 2027-28: 153 days (1 April to 31 August) x 36.30 = 5,553.90, with P1's whole year (4,416.50).
    CHECK(lines(second) == std::vector<Line>{{"ASD", 2, 555390 + 441650, 0}, {"SEMH", 1, 883300, 1000000}});
    CHECK(second.plansOutsideYear == 2);
}

TEST_CASE("totals group by setting type, and all plans make one total") {
    auto store = storeWithCaseload();
    const TotalsReport r = totals(*store, "2026-27", TotalsBy::Setting);
    CHECK(lines(r) == std::vector<Line>{{"mainstream", 2, 798600, 0}, {"special", 2, 1203400, 1249315}});
    const TotalsReport all = totals(*store, "2026-27");
    CHECK(all.lines.empty());
    CHECK(all.total.topUpPence == 2002000);
}

TEST_CASE("totals price an override in force in its band, pro rata like any other") {
    auto store = storeWithCaseload();
    OverrideRequest req;
    req.reference = "P1";
    req.band = "B";
    req.reason = "EVIDENCE";
    req.note = "More evidence";
    const OverrideOutcome o = createOverride(*store, req, kWho);
    REQUIRE(o.ok());
    REQUIRE(o.status == OverrideStatus::InForce);
    // P1 in band B mainstream: 8,030.00 a year in 2026-27 = 22.00 a day x 90 = 1,980.00.
    const TotalsReport r = totals(*store, "2026-27", TotalsBy::Band);
    CHECK(lines(r) == std::vector<Line>{{"A", 1, 803000, 1000000}, {"B", 2, 198000 + 400400, 249315}, {"C", 1, 699600, 0}});
}

TEST_CASE("totals list every plan that cannot be priced for the year, and give no figures") {
    auto store = storeWithCaseload();
    // The rule set ends on 31 March 2028: 2028-29 cannot be priced for the plans still placed then.
    const TotalsReport r = financialYearTotals(*store, fy("2028-29"), TotalsBy::Band);
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].reference == "P1");
    CHECK(r.problems[1].reference == "P5");
    CHECK(r.problems[0].message.find("2028-04-01") != std::string::npos);
}

TEST_CASE("totals as text and CSV") {
    auto store = storeWithCaseload();
    const TotalsReport r = totals(*store, "2026-27", TotalsBy::Band);
    CHECK(formatTotalsCsv(r) ==
          "financial_year,band,plans,top_up,place,other,total\n"
          "2026-27,A,2,9020.00,10000.00,0.00,19020.00\n"
          "2026-27,B,1,4004.00,2493.15,0.00,6497.15\n"
          "2026-27,C,1,6996.00,0.00,0.00,6996.00\n"
          "2026-27,Total,4,20020.00,12493.15,0.00,32513.15\n");
    CHECK(formatTotalsText(r) ==
          "Committed spend, financial year 2026-27 (1 April 2026 to 31 March 2027), by band\n"
          "Plans in the store: 5; with a placement in the year: 4; outside the year: 1\n"
          "\n"
          "band   plans     top-up  place funding      total\n"
          "A          2   9,020.00      10,000.00  19,020.00\n"
          "B          1   4,004.00       2,493.15   6,497.15\n"
          "C          1   6,996.00           0.00   6,996.00\n"
          "Total      4  20,020.00      12,493.15  32,513.15\n");
}

TEST_CASE("the export CSV leaves out name, UPN and date of birth unless asked for them") {
    auto store = storeWithCaseload();
    const auto plans = loadCurrentPlans(*store);
    CHECK(caseloadCsv(plans, false) ==
          "reference,pseudonym,primary_need,setting_type,school_urn,school_name,placement_start,placement_end,officer,band,computed_band,"
          "override_status,annual_top_up,annual_place\n"
          "P1,P0000001,ASD,mainstream,100001,Alpha Primary,2027-01-01,,Officer X,A,A,none,3650.00,0.00\n"
          "P2,P0000002,SLD,special,200001,\"Beta Special, North\",2026-01-05,2026-06-30,Officer Y,B,B,none,14600.00,10000.00\n"
          "P3,P0000003,ASD,mainstream,100001,Alpha Primary,2026-09-01,2027-08-31,Officer X,C,C,none,10950.00,0.00\n"
          "P4,P0000004,MLD,mainstream,100002,Gamma Academy,2025-09-01,2026-02-28,Officer Y,B,B,none,7300.00,0.00\n"
          "P5,P0000005,SEMH,special,200001,\"Beta Special, North\",,,Officer X,A,A,none,7300.00,10000.00\n");
    CHECK(caseloadCsv(plans, true) ==
          "reference,pseudonym,name,upn,date_of_birth,primary_need,setting_type,school_urn,school_name,placement_start,placement_end,officer,"
          "band,computed_band,override_status,annual_top_up,annual_place\n"
          "P1,P0000001,Ann One,A100000000001,2015-05-01,ASD,mainstream,100001,Alpha Primary,2027-01-01,,Officer X,A,A,none,3650.00,0.00\n"
          "P2,P0000002,Ben Two,A100000000002,2012-02-02,SLD,special,200001,\"Beta Special, North\",2026-01-05,2026-06-30,Officer Y,B,B,none,"
          "14600.00,10000.00\n"
          "P3,P0000003,Cat Three,A100000000003,2016-03-03,ASD,mainstream,100001,Alpha Primary,2026-09-01,2027-08-31,Officer X,C,C,none,"
          "10950.00,0.00\n"
          "P4,P0000004,Dan Four,A100000000004,2014-04-04,MLD,mainstream,100002,Gamma Academy,2025-09-01,2026-02-28,Officer Y,B,B,none,"
          "7300.00,0.00\n"
          "P5,P0000005,Eve Five,,2011-06-06,SEMH,special,200001,\"Beta Special, North\",,,Officer X,A,A,none,7300.00,10000.00\n");
}

TEST_CASE("the export shows the effective band and amounts of an override beside the computed band") {
    auto store = storeWithCaseload();
    OverrideRequest req{"P1", "B", "EVIDENCE", "More evidence", std::nullopt};
    REQUIRE(createOverride(*store, req, kWho).ok());
    req = OverrideRequest{"P4", "C", "EVIDENCE", "Needs more", std::nullopt};
    REQUIRE(createOverride(*store, req, kWho).ok());  // 3,650 more a year, under the 5,000 threshold
    req = OverrideRequest{"P3", "A", "EVIDENCE", "Needs less", std::nullopt};
    const OverrideOutcome big = createOverride(*store, req, kWho);  // 7,300 less: awaits approval
    REQUIRE(big.ok());
    REQUIRE(big.status == OverrideStatus::AwaitingApproval);
    const std::string csv = caseloadCsv(loadCurrentPlans(*store), false);
    CHECK(csv.find("\nP1,P0000001,ASD,mainstream,100001,Alpha Primary,2027-01-01,,Officer X,B,A,in_force,7300.00,0.00\n") != std::string::npos);
    CHECK(csv.find("\nP3,P0000003,ASD,mainstream,100001,Alpha Primary,2026-09-01,2027-08-31,Officer X,C,C,awaiting_approval,10950.00,0.00\n") !=
          std::string::npos);
    const ExportSummary s = summariseCaseload(loadCurrentPlans(*store));
    CHECK(s.bands == std::vector<std::string>{"A", "B", "C"});
    CHECK(s.settings == std::vector<std::string>{"mainstream", "special"});
    CHECK(s.byBandSetting[1][0].plans == 1);              // P1 now in B
    CHECK(s.byBandSetting[1][0].topUpPence == 730000);
    CHECK(s.byBandSetting[2][0].plans == 2);              // P3 (override awaiting) and P4 (override in force) in C
    CHECK(s.byBandSetting[2][0].topUpPence == 2190000);
    CHECK(s.total.plans == 5);
}

TEST_CASE("the caseload summary totals plans and annual amounts by band x setting and by need") {
    auto store = storeWithCaseload();
    const ExportSummary s = summariseCaseload(loadCurrentPlans(*store));
    CHECK(s.needs == std::vector<std::string>{"ASD", "MLD", "SEMH", "SLD"});
    CHECK(s.byBandSetting[0][0].plans == 1);  // A mainstream: P1
    CHECK(s.byBandSetting[0][1].plans == 1);  // A special: P5
    CHECK(s.byBandSetting[1][1].topUpPence == 1460000);
    CHECK(s.byNeed[0].plans == 2);
    CHECK(s.byNeed[0].topUpPence == 365000 + 1095000);
    CHECK(s.byNeed[2].placePence == 1000000);
    CHECK(s.total.topUpPence == 365000 + 1460000 + 1095000 + 730000 + 730000);
    CHECK(s.total.placePence == 2000000);
}

TEST_CASE("export writes a CSV file whole and leaves no temporary file behind") {
    auto store = storeWithCaseload();
    const auto plans = loadCurrentPlans(*store);
    TempDir dir;
    const std::string out = (dir.path / "caseload.csv").string();
    {
        std::ofstream old(out);
        old << "old contents\n";
    }
    const ExportResult r = exportCaseload(*store, ExportFormat::Csv, out, false);
    REQUIRE(r.ok());
    CHECK(r.rows == 5);
    CHECK(slurp(out) == caseloadCsv(plans, false));
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path), std::filesystem::directory_iterator{}) == 1);
}

TEST_CASE("export to a folder that does not exist fails plainly and writes nothing") {
    auto store = storeWithCaseload();
    TempDir dir;
    const ExportResult r = exportCaseload(*store, ExportFormat::Csv, (dir.path / "no" / "x.csv").string(), false);
    CHECK_FALSE(r.ok());
    CHECK(r.error.find("cannot write") != std::string::npos);
}

TEST_CASE("export writes an xlsx workbook (a zip) with the Caseload, Band x setting and By need sheets") {
    // No pass by default: a build without libxlsxwriter (scripts/deps.sh installs it) fails here.
    if (!xlsxAvailable()) FAIL("this build has no .xlsx export: libxlsxwriter was not found when it was configured");
    auto store = storeWithCaseload();
    TempDir dir;
    const std::string out = (dir.path / "caseload.xlsx").string();
    const ExportResult r = exportCaseload(*store, ExportFormat::Xlsx, out, true);
    INFO(r.error);
    REQUIRE(r.ok());
    const std::string bytes = slurp(out);
    REQUIRE(bytes.size() > 4);
    CHECK(bytes.substr(0, 2) == "PK");
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path), std::filesystem::directory_iterator{}) == 1);
    // The workbook part names the sheets; it is stored deflated, so read it with unzip, which
    // scripts/deps.sh installs: without it the test fails rather than skip the check.
    REQUIRE(std::system("command -v unzip >/dev/null 2>&1") == 0);
    {
        const std::string listing = (dir.path / "workbook.xml").string();
        REQUIRE(std::system(("unzip -p '" + out + "' xl/workbook.xml > '" + listing + "'").c_str()) == 0);
        const std::string wb = slurp(listing);
        CHECK(wb.find("<sheet name=\"Caseload\"") != std::string::npos);
        CHECK(wb.find("<sheet name=\"Band x setting\"") != std::string::npos);
        CHECK(wb.find("<sheet name=\"By need\"") != std::string::npos);
        const std::string styles = (dir.path / "styles.xml").string();
        REQUIRE(std::system(("unzip -p '" + out + "' xl/styles.xml > '" + styles + "'").c_str()) == 0);
        CHECK(slurp(styles).find("formatCode=\"\xC2\xA3#,##0.00\"") != std::string::npos);
        const std::string sheet = (dir.path / "sheet1.xml").string();
        REQUIRE(std::system(("unzip -p '" + out + "' xl/worksheets/sheet1.xml > '" + sheet + "'").c_str()) == 0);
        const std::string caseload = slurp(sheet);
        CHECK(caseload.find("<v>3650</v>") != std::string::npos);    // P1's top-up, a number in pounds
        CHECK(caseload.find("Ann One") != std::string::npos);        // --identifiable
    }
}

namespace {

// The proposal: band B widened to 5-25 (P1 moves up from A, P3 down from C) and new rates.
const char* const kProposal = R"(sendband: 1
metadata: {authority: T, framework: Proposed fixture, version: "2", effective_from: 2026-04-01, effective_to: 2027-03-31}
setting_types:
  - {id: mainstream, name: Mainstream}
  - {id: special, name: Special school, place_funding: 10000}
inputs:
  - {id: points, name: Points, min: 0, whole_number: true}
banding:
  score: points
bands:
  - {id: A, name: Band A, from: 0, to: 4}
  - {id: B, name: Band B, from: 5, to: 25}
  - {id: C, name: Band C, from: 26}
tariffs:
  - id: fy2026-27
    from: 2026-04-01
    to: 2027-03-31
    per: year
    amounts:
      A: {mainstream: 4000, special: 8000}
      B: {mainstream: 8000, special: 16000}
      C: {mainstream: 12000, special: 24000}
pro_rata: {basis: days, partial: daily, year_days: 365}
)";

struct BandRow {
    std::string band;
    std::size_t plans, up, down, same;
    std::int64_t current, proposed;
    bool operator==(const BandRow&) const = default;
};
std::ostream& operator<<(std::ostream& os, const BandRow& b) {
    return os << "{" << b.band << " " << b.plans << " " << b.up << "/" << b.down << "/" << b.same << " " << b.current << " " << b.proposed << "}";
}
struct CostRow {
    std::string key;
    std::size_t plans;
    std::int64_t current, proposed;
    bool operator==(const CostRow&) const = default;
};
std::ostream& operator<<(std::ostream& os, const CostRow& c) { return os << "{" << c.key << " " << c.plans << " " << c.current << " " << c.proposed << "}"; }

std::vector<BandRow> bandRows(const ImpactReport& r) {
    std::vector<BandRow> v;
    for (const auto& b : r.byBand) v.push_back({b.band, b.plans, b.up, b.down, b.same, b.currentPence, b.proposedPence});
    return v;
}
std::vector<CostRow> costRows(const std::vector<ImpactCostRow>& rows) {
    std::vector<CostRow> v;
    for (const auto& c : rows) v.push_back({c.key, c.plans, c.currentPence, c.proposedPence});
    return v;
}

}  // namespace

TEST_CASE("impact counts moves per current band and the change in annual cost by setting and school") {
    auto store = storeWithCaseload();
    const auto decisions = count(*store, "decisions"), audit = count(*store, "audit_log"), ruleSets = count(*store, "rule_sets");
    const Banding proposal(loadOk(kProposal));
    const ImpactReport r = impactOf(*store, proposal, nullptr, day("2026-04-01"), true);
    for (const auto& p : r.problems) UNSCOPED_INFO(p.reference << ": " << p.message);
    INFO(r.error);
    REQUIRE(r.ok());
    CHECK(r.plans == 5);
    CHECK(r.up == 1);
    CHECK(r.down == 1);
    CHECK(r.same == 3);
    // Current (stored, 2025-26 rates): P1 A 3,650; P2 B 14,600 + 10,000; P3 C 10,950; P4 B 7,300; P5 A 7,300 + 10,000.
    // Proposed: P1 B 8,000; P2 B 16,000 + 10,000; P3 B 8,000; P4 B 8,000; P5 A 8,000 + 10,000.
    CHECK(bandRows(r) == std::vector<BandRow>{{"A", 2, 1, 0, 1, 2095000, 2600000}, {"B", 2, 0, 0, 2, 3190000, 3400000}, {"C", 1, 0, 1, 0, 1095000, 800000}});
    CHECK(costRows(r.bySetting) == std::vector<CostRow>{{"mainstream", 3, 2190000, 2400000}, {"special", 2, 4190000, 4400000}});
    CHECK(costRows(r.bySchool) == std::vector<CostRow>{{"100001", 2, 1460000, 1600000}, {"100002", 1, 730000, 800000}, {"200001", 2, 4190000, 4400000}});
    CHECK(r.total.currentPence == 6380000);
    CHECK(r.total.proposedPence == 6800000);
    CHECK(r.total.changePence() == 420000);
    REQUIRE(r.moves.size() == 5);
    CHECK(r.moves[0].reference == "P1");
    CHECK(r.moves[0].proposedBand == "B");
    CHECK(r.moves[0].direction == 1);
    CHECK(r.moves[2].direction == -1);
    // A shadow run writes nothing.
    CHECK(count(*store, "decisions") == decisions);
    CHECK(count(*store, "audit_log") == audit);
    CHECK(count(*store, "rule_sets") == ruleSets);
}

TEST_CASE("impact against a current rule set decides both sides as of the same date") {
    auto store = storeWithCaseload();
    const Banding proposal(loadOk(kProposal));
    const Banding current(loadOk(kRules));
    const ImpactReport r = impactOf(*store, proposal, &current, day("2026-04-01"));
    REQUIRE(r.ok());
    // Current at 2026-27 rates (10% up): 4,015 + 26,060 + 12,045 + 8,030 + 18,030 = 68,180.
    CHECK(r.total.currentPence == 6818000);
    CHECK(r.total.proposedPence == 6800000);
    CHECK(r.total.changePence() == -18000);
    CHECK(r.up == 1);
    CHECK(r.down == 1);
}

TEST_CASE("impact compares against an override in force, not the computed band") {
    auto store = storeWithCaseload();
    OverrideRequest req{"P1", "B", "EVIDENCE", "More evidence", std::nullopt};
    REQUIRE(createOverride(*store, req, kWho).ok());
    const Banding proposal(loadOk(kProposal));
    const ImpactReport r = impactOf(*store, proposal, nullptr, day("2026-04-01"), true);
    REQUIRE(r.ok());
    CHECK(r.up == 0);  // P1 is in B now and stays in B
    CHECK(r.moves[0].currentBand == "B");
    CHECK(r.moves[0].currentPence == 730000);
}

TEST_CASE("impact lists every plan the proposal cannot band, and gives no figures") {
    auto store = storeWithCaseload();
    std::string noSpecial = kProposal;
    noSpecial.replace(noSpecial.find("  - {id: special, name: Special school, place_funding: 10000}\n"),
                      std::string("  - {id: special, name: Special school, place_funding: 10000}\n").size(), "");
    for (const char* s : {", special: 8000", ", special: 16000", ", special: 24000"}) noSpecial.replace(noSpecial.find(s), std::string(s).size(), "");
    const Banding proposal(loadOk(noSpecial));
    const ImpactReport r = impactOf(*store, proposal, nullptr, day("2026-04-01"));
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].reference == "P2");
    CHECK(r.problems[1].reference == "P5");
    CHECK(r.problems[0].message.rfind("under the proposal: setting_type: ", 0) == 0);
    CHECK(r.byBand.empty());
}

TEST_CASE("impact refuses an as-of date outside the proposal's effective period") {
    auto store = storeWithCaseload();
    const Banding proposal(loadOk(kProposal));
    const ImpactReport r = impactOf(*store, proposal, nullptr, day("2026-03-31"));
    CHECK(r.error == "the as-of date 2026-03-31 is outside the proposed rule set's effective period (2026-04-01 to 2027-03-31)");
}

TEST_CASE("impact text shows changes with a sign and a percentage") {
    auto store = storeWithCaseload();
    const Banding proposal(loadOk(kProposal));
    const ImpactReport r = impactOf(*store, proposal, nullptr, day("2026-04-01"));
    REQUIRE(r.ok());
    const std::string text = formatImpactText(r, "Proposed fixture 2", "each plan's current decision");
    CHECK(text.find("Plans: 5; moved up 1, down 1, stayed 3\n") != std::string::npos);
    CHECK(text.find("C          1   0     1     0       10,950.00         8,000.00  -2,950.00\n") != std::string::npos);
    CHECK(text.find("Total annual cost: current 63,800.00, proposed 68,000.00, change +4,200.00 (+6.6%)\n") != std::string::npos);
}

TEST_CASE("totals pay a line paid once in the year that holds the award date: the decision's date, or a later placement start") {
    // The reports fixture with a one-off award: 500.00 when decided in 2025-26, 800.00 from 2026-27.
    // The caseload is decided as of 2026-01-15, so every award is 500.00: P2, P4 and P5 are placed
    // then (paid in 2025-26); P1 and P3 start later, on 2027-01-01 and 2026-09-01 (paid in 2026-27,
    // still at the 500.00 decided).
    const std::string rules = std::string(kRules) +
                              "funding:\n  other:\n    - {id: award, name: Inclusion award, expr: 'if financial_year >= 2026 then 800 else 500', paid: once}\n";
    auto store = CaseloadStore::openSqlite(":memory:");
    const Banding banding(loadOk(rules));
    const ImportResult imported = importCaseload(*store, banding, kCaseload, "reports.csv", day("2026-01-15"), kWho);
    REQUIRE(imported.ok());
    const TotalsReport first = totals(*store, "2025-26");
    const TotalsReport second = totals(*store, "2026-27");
    const TotalsReport third = totals(*store, "2027-28");
    CHECK(first.total.otherPence == 3 * 50000);
    CHECK(second.total.otherPence == 2 * 50000);
    CHECK(third.total.otherPence == 0);
    // The yearly lines are as without the award.
    auto plain = storeWithCaseload();
    CHECK(second.total.topUpPence == totals(*plain, "2026-27").total.topUpPence);
    CHECK(second.total.placePence == totals(*plain, "2026-27").total.placePence);
}
