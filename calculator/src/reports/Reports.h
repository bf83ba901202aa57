// Reports: what finance reads from the store. Committed spend for a financial year, the caseload
// export (CSV and XLSX) and the shadow run of a proposed rule set. All read only: nothing here
// writes to the database, and no clock is read (dates are inputs).
#pragma once
#include "caseload/PlanProblem.h"
#include "core/Text.h"           // naturalLess
#include "reports/TextTable.h"   // formatPence, formatChange
#include "banding/Banding.h"
#include "store/CaseloadStore.h"
#include "store/CurrentPlans.h"
#include "core/JobControl.h"
#include "core/Money.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sendband {

// ---- shared

// A financial year, 1 April to 31 March.
struct FinancialYear {
    Date start{}, end{};
    std::string label;  // "2026-27"
};
// "2026-27" -> 1 April 2026 to 31 March 2027. The part after the dash must be the last two
// digits of the following year; anything else is nullopt.
std::optional<FinancialYear> parseFinancialYear(std::string_view text);

// ---- totals: committed spend for a financial year

enum class TotalsBy { All, Band, Setting, School, Need };
std::optional<TotalsBy> parseTotalsBy(std::string_view text);  // band | setting | school | need
const char* totalsByName(TotalsBy by);                           // the CSV key column: band, setting_type, ...

struct SpendLine {
    std::string key;   // band id, setting type, school URN or primary need ("" when the plan has none)
    std::string name;  // the school's name (by school), else empty
    std::size_t plans = 0;
    std::int64_t topUpPence = 0, placePence = 0, otherPence = 0;
    std::int64_t totalPence() const { return Money::checkedAdd(Money::checkedAdd(topUpPence, placePence), otherPence); }
};

// One band in one setting type: its plans' spend in the year.
struct BandSettingSpend {
    std::string band, setting;
    SpendLine spend;
};

struct TotalsReport {
    FinancialYear year;
    TotalsBy by = TotalsBy::All;
    std::vector<SpendLine> lines;  // one per key, in natural key order; empty when by == All
    // Asked for with `bandBySetting`: each band x setting type that has plans, bands in natural
    // order and setting types in natural order within each; empty otherwise.
    std::vector<BandSettingSpend> bandSetting;
    SpendLine total;               // every plan with a placement in the year
    std::size_t plansInStore = 0;
    std::size_t plansOutsideYear = 0;    // placement wholly before or after the year: nothing to pay
    std::vector<PlanProblem> problems;  // ordered by reference; when not empty there are no figures
    bool ok() const { return problems.empty(); }
};

// Committed spend in `fy`: for each plan, its effective band's amounts (an override in force
// replaces the computed band) paid pro rata, under the plan's own stored rule set's pro-rata
// rule, for the days of the year its placement covers (an open start or end covers the whole
// year). Each plan's amount is computed by Banding::amountTotals and rounded once per plan and
// funding line; lines and totals are sums of those whole-penny amounts. Runs on every core.
TotalsReport financialYearTotals(CaseloadStore& store, const FinancialYear& fy, TotalsBy by, bool bandBySetting = false);

// The words every form of the report shares (text, workbook, the app's screen):
// "Committed spend, financial year 2026-27 (1 April 2026 to 31 March 2027), by band" (nothing
// after the dates when `byHeading` is empty);
std::string totalsTitle(const FinancialYear& fy, const std::string& byHeading);
// "Plans in the store: 8; with a placement in the year: 8; outside the year: 0";
std::string totalsCounts(const TotalsReport& r);
// how the figures are worked out, pro rata;
extern const char* const kTotalsBasis;
// the grouping's heading ("band", "setting type", "school", "primary need"; "" for All);
const char* totalsByHeading(TotalsBy by);
// and a key as shown: "(none)", or "(no school)" by school, for a plan without one.
std::string totalsKeyText(const std::string& key, TotalsBy by);

std::string formatTotalsText(const TotalsReport& r);
std::string formatTotalsCsv(const TotalsReport& r);
// The report as a workbook, the figures exactly as formatTotalsText gives them: a sheet of the
// grouping ("Spend 2026-27", with what the figures are and how they are pro rata above the
// table) and, when the report has it, "Band x setting": per band, for each setting type and for
// all, plans, top-up, place funding and total. Written to a temporary file beside `path` and
// renamed into place only when complete. Returns an error text, or empty.
std::string writeTotalsXlsx(const TotalsReport& r, const std::string& path);

// ---- export: the caseload with bands and amounts

enum class ExportFormat { Csv, Xlsx };

// The caseload as CSV text: one row per plan, ordered by reference. Identifying columns (name,
// upn, date_of_birth) only when `identifiable`. See docs/reports.md for the columns.
std::string caseloadCsv(const std::vector<CurrentPlan>& plans, bool identifiable);

// Plan count and annual amounts for one group of the export's summary sheets.
struct ExportGroup {
    std::size_t plans = 0;
    std::int64_t topUpPence = 0, placePence = 0;
};
struct ExportSummary {
    std::vector<std::string> bands, settings, needs;  // natural order
    // byBandSetting[b][s] for bands[b] x settings[s]
    std::vector<std::vector<ExportGroup>> byBandSetting;
    std::vector<ExportGroup> byNeed;  // parallel to needs
    ExportGroup total;
};
// Totals of the effective annual amounts by band x setting type and by primary need.
ExportSummary summariseCaseload(const std::vector<CurrentPlan>& plans);

// True when this build can write .xlsx (libxlsxwriter was found).
bool xlsxAvailable();

struct ExportResult {
    std::string error;  // plain English; when not empty no file was written (or replaced)
    std::size_t rows = 0;
    bool ok() const { return error.empty(); }
};
// Writes the caseload to `path`: first to a temporary file beside it, renamed into place only
// when complete, so a reader never sees half a file and a failure leaves any old file as it was.
// XLSX has three sheets: "Caseload", "Band x setting" and "By need"; money cells are numbers
// with a "£#,##0.00" format (pence become pounds as a double only there, at the file boundary).
// Plans are read one at a time (forEachCurrentPlan), so memory stays flat for any caseload.
ExportResult exportCaseload(CaseloadStore& store, ExportFormat format, const std::string& path, bool identifiable);

// ---- impact: a shadow run of a proposed rule set

struct ImpactBandRow {
    std::string band;  // the plan's current band
    std::size_t plans = 0, up = 0, down = 0, same = 0;
    std::int64_t currentPence = 0, proposedPence = 0;  // annual cost: top-up + place + other lines
};
struct ImpactCostRow {
    std::string key, name;  // setting type, or school URN and name
    std::size_t plans = 0;
    std::int64_t currentPence = 0, proposedPence = 0;
    std::int64_t changePence() const { return Money::checkedSub(proposedPence, currentPence); }
};
// One plan's move, for a listing or a test.
struct ImpactMove {
    std::string reference, currentBand, proposedBand;
    std::int64_t currentPence = 0, proposedPence = 0;
    int direction = 0;  // -1 down, 0 same, 1 up
};

struct ImpactReport {
    std::string error;                    // a problem with the whole run (a date outside a rule set)
    std::vector<PlanProblem> problems;  // plans the proposal (or --from) cannot band; ordered by reference
    Date asOf{};
    std::size_t plans = 0, up = 0, down = 0, same = 0;
    std::size_t erased = 0;                  // plans whose identifying data was erased: left out
    std::vector<ImpactBandRow> byBand;       // by current band, natural order
    std::vector<ImpactCostRow> bySetting;    // natural order of setting type
    std::vector<ImpactCostRow> bySchool;     // natural order of URN ("" = no school, first)
    ImpactCostRow total;
    std::vector<ImpactMove> moves;           // every plan, ordered by reference, when asked for
    bool ok() const { return error.empty() && problems.empty(); }
};

// Re-bands every stored plan (its latest assessment) under `proposed` as of `asOf`, and compares
// each with its current position: the plan's effective decision as stored (an override in force
// counts), or, when `current` is given, a fresh decision under that rule set as of the same date.
// Direction, as `reband` counts it: by band order within the proposal when both band ids are
// bands of it, otherwise by annual top-up. All or nothing: if any plan cannot be banded, the
// problems are listed and there are no figures. Plans whose identifying data was erased are left
// out (counted in `erased`): they have ended, and no proposal applies to them. Writes nothing.
// Plans stream past in batches; `listMoves` keeps every plan's move in `moves` (off for big caseloads).
// With `job`: one stage, "Comparing plans", whose total is the plans stored and whose done counts
// plans compared, a batch of 8192 at a time; cancel() is polled between batches and throws JobCancelled.
ImpactReport impactOf(CaseloadStore& store, const Banding& proposed, const Banding* current, const Date& asOf, bool listMoves = false,
                      JobControl* job = nullptr);

// `proposedName`/`currentName` describe the rule sets for the heading ("Example 2026.1 (rule set abcdef123456)").
std::string formatImpactText(const ImpactReport& r, const std::string& proposedName, const std::string& currentName);

// One table of a report as every form of it shows it (the CLI's text, a workbook, the app's
// table): headings, then rows of cells, the last row the total. A figure keeps its value (pence,
// or a count) beside its text, so that a workbook gets numbers and a screen sorts by value.
struct ReportCell {
    std::string text;
    enum class Kind { Text, Pence, Count } kind = Kind::Text;
    std::int64_t value = 0;
};
struct ReportTable {
    std::string title;  // "Change in annual cost by school"
    std::string sheet;  // a workbook sheet's name, at most 31 characters: "By school"
    std::vector<std::string> headings;
    std::size_t leftColumns = 1;  // left-aligned (names); the rest are figures
    std::vector<std::vector<ReportCell>> rows;
};
// The impact's heading lines (what was compared with what, as of when, how many moved) and its
// tables: by current band, by setting type, by school and, when the report kept its moves, the
// plans that move (a different band, or the same band at a different cost), by reference.
// A rule set as the impact's heading names it: "Example needs-led banding framework 2025.1 (rule set 8c3d3b029d8a)".
std::string ruleSetTitle(const RuleSet& rs);
// What the impact compares with: `current` decided as of `asOf` (like for like), or, without
// one, each plan's decision as stored.
std::string impactComparedWith(const RuleSet* current, const Date& asOf);
std::vector<std::string> impactHeading(const ImpactReport& r, const std::string& proposedName, const std::string& currentName);
std::vector<ReportTable> impactTables(const ImpactReport& r);
// The impact as a workbook: a sheet per table, each headed by impactHeading; written to a
// temporary file beside `path` and renamed into place when complete. Returns an error, or empty.
std::string writeImpactXlsx(const ImpactReport& r, const std::string& proposedName, const std::string& currentName, const std::string& path);

}  // namespace sendband
