#include "reports/XlsxExport.h"

#include "core/Csv.h"
#include "core/FileIo.h"
#include "core/Parallel.h"
#include "core/Text.h"
#include "reports/ReportSupport.h"
#include "reports/ExportColumns.h"
#include "reports/ForecastWorkbook.h"
#include "reports/Reports.h"
#include "reports/TextTable.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <unordered_map>

#ifdef SENDBAND_HAVE_XLSX
#include <xlsxwriter.h>
#endif

namespace sendband {

#ifdef SENDBAND_HAVE_XLSX
bool xlsxAvailable() { return true; }

using namespace export_columns;

namespace {

// The one place pence become a double: a spreadsheet cell holds an IEEE number. Every amount up
// to 2^53 pence (about 90 trillion pounds) converts exactly to the nearest representable value
// of pounds, and the cell's format shows it to the penny.
double pounds(std::int64_t pence) { return static_cast<double>(pence) / 100.0; }

}  // namespace

std::string writeXlsx(CaseloadStore& store, const std::string& path, bool identifiable, std::size_t& rows) {
    const CNumericLocale cNumbers;  // libxlsxwriter prints cell values with printf
    constexpr std::size_t kMaxPlans = 1048575;  // Excel's limit of 1,048,576 rows, less the header
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;  // rows stream to disk: memory stays flat for any caseload
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
    if (!wb) return "cannot create " + path + " (does the folder exist, and may this user write there?)";
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, "\xC2\xA3#,##0.00");  // £#,##0.00
    lxw_format* moneyBold = workbook_add_format(wb);
    format_set_num_format(moneyBold, "\xC2\xA3#,##0.00");
    format_set_bold(moneyBold);
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    // A string cell is never a formula in a workbook; text that looks like one is also given the
    // Text number format, so that editing the cell in Excel keeps it text.
    lxw_format* asText = workbook_add_format(wb);
    format_set_num_format(asText, "@");

    // Caseload
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Caseload");
    const auto& cols = exportColumns();
    std::vector<std::size_t> shown;
    for (std::size_t c = 0; c < cols.size(); ++c)
        if (!cols[c].identifying || identifiable) shown.push_back(c);
    for (std::size_t i = 0; i < shown.size(); ++i)
        worksheet_set_column(ws, static_cast<lxw_col_t>(i), static_cast<lxw_col_t>(i), shown[i] == 8 ? 28 : 15, nullptr);
    worksheet_freeze_panes(ws, 1, 0);
    for (std::size_t i = 0; i < shown.size(); ++i) worksheet_write_string(ws, 0, static_cast<lxw_col_t>(i), cols[shown[i]].name, bold);
    Summariser summary;
    bool tooMany = false;
    forEachCurrentPlan(store, [&](const CurrentPlan& p) {
        summary.add(p);
        if (++rows > kMaxPlans) {
            tooMany = true;
            return;
        }
        const auto row = static_cast<lxw_row_t>(rows);
        for (std::size_t i = 0; i < shown.size(); ++i) {
            const std::size_t c = shown[i];
            const auto col = static_cast<lxw_col_t>(i);
            if (c == kTopUpColumn) {
                worksheet_write_number(ws, row, col, pounds(p.effectiveTopUp().pence()), money);
                continue;
            }
            if (c == kPlaceColumn) {
                worksheet_write_number(ws, row, col, pounds(p.effectivePlace().pence()), money);
                continue;
            }
            const std::string text = cell(p, c);
            if (text.empty()) continue;
            if (std::find(std::begin(kDateColumns), std::end(kDateColumns), c) != std::end(kDateColumns)) {
                if (const auto d = parseDate(text)) {
                    lxw_datetime dt{static_cast<int>(d->year()), static_cast<int>(static_cast<unsigned>(d->month())),
                                    static_cast<int>(static_cast<unsigned>(d->day())), 0, 0, 0.0};
                    worksheet_write_datetime(ws, row, col, &dt, date);
                    continue;
                }
            }
            // Text a spreadsheet would take for a formula keeps the Text format (the CSV puts an
            // apostrophe before it instead: spreadsheetText).
            const bool formulaLike = spreadsheetText(text).size() != text.size();
            worksheet_write_string(ws, row, col, text.c_str(), formulaLike ? asText : nullptr);
        }
    });
    if (tooMany) {
        workbook_close(wb);
        return "the caseload has " + std::to_string(rows) + " plans, more than a worksheet holds (1,048,575); export CSV instead";
    }

    const ExportSummary s = summary.finish();
    // Band x setting: a row per band; per setting type its plan count and annual top-up; then all.
    lxw_worksheet* bs = workbook_add_worksheet(wb, "Band x setting");
    worksheet_set_column(bs, 0, 0, 12, nullptr);
    worksheet_set_column(bs, 1, static_cast<lxw_col_t>(2 * s.settings.size() + 2), 18, nullptr);
    worksheet_write_string(bs, 0, 0, "band", bold);
    lxw_col_t col = 1;
    for (const std::string& st : s.settings) {
        worksheet_write_string(bs, 0, col++, (st + " plans").c_str(), bold);
        worksheet_write_string(bs, 0, col++, (st + " annual top-up").c_str(), bold);
    }
    worksheet_write_string(bs, 0, col++, "all plans", bold);
    worksheet_write_string(bs, 0, col, "all annual top-up", bold);
    std::vector<ExportGroup> bySetting(s.settings.size());
    for (std::size_t b = 0; b < s.bands.size(); ++b) {
        const auto r = static_cast<lxw_row_t>(b + 1);
        worksheet_write_string(bs, r, 0, s.bands[b].c_str(), nullptr);
        ExportGroup all;
        col = 1;
        for (std::size_t t = 0; t < s.settings.size(); ++t) {
            const ExportGroup& g = s.byBandSetting[b][t];
            worksheet_write_number(bs, r, col++, static_cast<double>(g.plans), nullptr);
            worksheet_write_number(bs, r, col++, pounds(g.topUpPence), money);
            all.plans += g.plans;
            all.topUpPence = Money::checkedAdd(all.topUpPence, g.topUpPence);
            bySetting[t].plans += g.plans;
            bySetting[t].topUpPence = Money::checkedAdd(bySetting[t].topUpPence, g.topUpPence);
        }
        worksheet_write_number(bs, r, col++, static_cast<double>(all.plans), nullptr);
        worksheet_write_number(bs, r, col, pounds(all.topUpPence), money);
    }
    {
        const auto r = static_cast<lxw_row_t>(s.bands.size() + 1);
        worksheet_write_string(bs, r, 0, "Total", bold);
        col = 1;
        for (const ExportGroup& g : bySetting) {
            worksheet_write_number(bs, r, col++, static_cast<double>(g.plans), bold);
            worksheet_write_number(bs, r, col++, pounds(g.topUpPence), moneyBold);
        }
        worksheet_write_number(bs, r, col++, static_cast<double>(s.total.plans), bold);
        worksheet_write_number(bs, r, col, pounds(s.total.topUpPence), moneyBold);
    }

    // By need
    lxw_worksheet* bn = workbook_add_worksheet(wb, "By need");
    worksheet_set_column(bn, 0, 0, 14, nullptr);
    worksheet_set_column(bn, 1, 4, 18, nullptr);
    const char* needHead[] = {"primary_need", "plans", "annual top-up", "annual place", "annual total"};
    for (lxw_col_t c = 0; c < 5; ++c) worksheet_write_string(bn, 0, c, needHead[c], bold);
    auto needRow = [&](lxw_row_t r, const std::string& key, const ExportGroup& g, bool total) {
        worksheet_write_string(bn, r, 0, key.c_str(), total ? bold : nullptr);
        worksheet_write_number(bn, r, 1, static_cast<double>(g.plans), total ? bold : nullptr);
        worksheet_write_number(bn, r, 2, pounds(g.topUpPence), total ? moneyBold : money);
        worksheet_write_number(bn, r, 3, pounds(g.placePence), total ? moneyBold : money);
        worksheet_write_number(bn, r, 4, pounds(Money::checkedAdd(g.topUpPence, g.placePence)), total ? moneyBold : money);
    };
    for (std::size_t n = 0; n < s.needs.size(); ++n) needRow(static_cast<lxw_row_t>(n + 1), s.needs[n], s.byNeed[n], false);
    needRow(static_cast<lxw_row_t>(s.needs.size() + 1), "Total", s.total, true);

    const lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) return std::string("writing ") + path + " failed: " + lxw_strerror(e);
    return {};
}

namespace {

// The workbook's shared formats.
struct Formats {
    lxw_format *bold, *title, *money, *moneyBold, *asText;
    explicit Formats(lxw_workbook* wb) {
        bold = workbook_add_format(wb);
        format_set_bold(bold);
        title = workbook_add_format(wb);
        format_set_bold(title);
        format_set_font_size(title, 13);
        money = workbook_add_format(wb);
        format_set_num_format(money, "\xC2\xA3#,##0.00");  // £#,##0.00
        moneyBold = workbook_add_format(wb);
        format_set_num_format(moneyBold, "\xC2\xA3#,##0.00");
        format_set_bold(moneyBold);
        asText = workbook_add_format(wb);
        format_set_num_format(asText, "@");
    }
};

// A string cell is never a formula; text a spreadsheet would take for one (a school name
// beginning "=") also gets the Text format, so that editing the cell keeps it text.
void writeText(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& text, lxw_format* format, const Formats& f) {
    worksheet_write_string(ws, r, c, text.c_str(), !format && spreadsheetText(text).size() != text.size() ? f.asText : format);
}

// The measures of a spend line, from column `c`: plans, top-up, place funding, [other,] total.
lxw_col_t writeSpend(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const SpendLine& l, bool other, bool total, const Formats& f) {
    worksheet_write_number(ws, r, c++, static_cast<double>(l.plans), total ? f.bold : nullptr);
    worksheet_write_number(ws, r, c++, pounds(l.topUpPence), total ? f.moneyBold : f.money);
    worksheet_write_number(ws, r, c++, pounds(l.placePence), total ? f.moneyBold : f.money);
    if (other) worksheet_write_number(ws, r, c++, pounds(l.otherPence), total ? f.moneyBold : f.money);
    worksheet_write_number(ws, r, c++, pounds(l.totalPence()), total ? f.moneyBold : f.money);
    return c;
}

std::vector<const char*> spendHeads(bool other) {
    std::vector<const char*> h = {"plans", "top-up", "place funding"};
    if (other) h.push_back("other");
    h.push_back("total");
    return h;
}

void addSpend(SpendLine& to, const SpendLine& l) {
    to.plans += l.plans;
    to.topUpPence = Money::checkedAdd(to.topUpPence, l.topUpPence);
    to.placePence = Money::checkedAdd(to.placePence, l.placePence);
    to.otherPence = Money::checkedAdd(to.otherPence, l.otherPence);
}

std::string writeTotalsWorkbook(const TotalsReport& r, const std::string& path) {
    const CNumericLocale cNumbers;  // libxlsxwriter prints cell values with printf
    lxw_workbook* wb = workbook_new(path.c_str());
    if (!wb) return "cannot create " + path + " (does the folder exist, and may this user write there?)";
    const Formats f(wb);
    const bool other = r.total.otherPence != 0;
    const auto heads = spendHeads(other);
    const auto measures = static_cast<lxw_col_t>(heads.size());

    // The grouping on screen, with what the figures are above it.
    const std::string sheetName = "Spend " + r.year.label;
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheetName.c_str());
    writeText(ws, 0, 0, totalsTitle(r.year, totalsByHeading(r.by)), f.title, f);
    writeText(ws, 1, 0, kTotalsBasis, nullptr, f);
    writeText(ws, 2, 0, totalsCounts(r), nullptr, f);
    const lxw_row_t head = 4;
    lxw_col_t c = 0;
    if (r.by != TotalsBy::All) writeText(ws, head, c++, totalsByHeading(r.by), f.bold, f);
    if (r.by == TotalsBy::School) writeText(ws, head, c++, "name", f.bold, f);
    const lxw_col_t first = c;
    for (const char* h : heads) writeText(ws, head, c++, h, f.bold, f);
    worksheet_set_column(ws, 0, 0, r.by == TotalsBy::All ? 10 : 16, nullptr);
    if (r.by == TotalsBy::School) worksheet_set_column(ws, 1, 1, 36, nullptr);
    worksheet_set_column(ws, first, static_cast<lxw_col_t>(first + measures - 1), 16, nullptr);
    lxw_row_t row = head + 1;
    for (const SpendLine& l : r.lines) {
        writeText(ws, row, 0, totalsKeyText(l.key, r.by), nullptr, f);
        if (r.by == TotalsBy::School) writeText(ws, row, 1, l.name, nullptr, f);
        writeSpend(ws, row++, first, l, other, false, f);
    }
    if (r.by != TotalsBy::All) writeText(ws, row, 0, "Total", f.bold, f);
    writeSpend(ws, row, first, r.total, other, true, f);
    worksheet_freeze_panes(ws, head + 1, 0);

    // Band x setting type: a row per band; for each setting type and for all, the measures.
    if (!r.bandSetting.empty()) {
        std::vector<std::string> bands, settings;
        for (const BandSettingSpend& x : r.bandSetting) {
            if (bands.empty() || bands.back() != x.band) bands.push_back(x.band);
            if (std::find(settings.begin(), settings.end(), x.setting) == settings.end()) settings.push_back(x.setting);
        }
        std::sort(settings.begin(), settings.end(), naturalLess);
        lxw_worksheet* bs = workbook_add_worksheet(wb, "Band x setting");
        writeText(bs, 0, 0, totalsTitle(r.year, "band and setting type"), f.title, f);
        writeText(bs, 1, 0, kTotalsBasis, nullptr, f);
        writeText(bs, 2, 0, totalsCounts(r), nullptr, f);
        const lxw_row_t groupRow = 4, headRow = 5;
        writeText(bs, headRow, 0, "band", f.bold, f);
        worksheet_set_column(bs, 0, 0, 12, nullptr);
        auto group = [&](lxw_col_t at, const std::string& name) {
            if (measures > 1) worksheet_merge_range(bs, groupRow, at, groupRow, static_cast<lxw_col_t>(at + measures - 1), name.c_str(), f.bold);
            else writeText(bs, groupRow, at, name, f.bold, f);
            for (lxw_col_t i = 0; i < measures; ++i) writeText(bs, headRow, static_cast<lxw_col_t>(at + i), heads[i], f.bold, f);
            worksheet_set_column(bs, at, static_cast<lxw_col_t>(at + measures - 1), 15, nullptr);
        };
        for (std::size_t t = 0; t < settings.size(); ++t) group(static_cast<lxw_col_t>(1 + t * measures), settings[t]);
        const auto allAt = static_cast<lxw_col_t>(1 + settings.size() * measures);
        group(allAt, "all setting types");
        std::vector<SpendLine> bySetting(settings.size());
        lxw_row_t br = headRow + 1;
        std::size_t i = 0;
        for (const std::string& band : bands) {
            writeText(bs, br, 0, totalsKeyText(band, TotalsBy::Band), nullptr, f);
            // Every cell is written, 0 where the band has no plans in the setting type, so that
            // the sheet sums and pivots without gaps.
            std::vector<SpendLine> cells(settings.size());
            for (; i < r.bandSetting.size() && r.bandSetting[i].band == band; ++i) {
                const BandSettingSpend& x = r.bandSetting[i];
                cells[static_cast<std::size_t>(std::find(settings.begin(), settings.end(), x.setting) - settings.begin())] = x.spend;
            }
            SpendLine all;
            for (std::size_t t = 0; t < settings.size(); ++t) {
                writeSpend(bs, br, static_cast<lxw_col_t>(1 + t * measures), cells[t], other, false, f);
                addSpend(all, cells[t]);
                addSpend(bySetting[t], cells[t]);
            }
            writeSpend(bs, br++, allAt, all, other, false, f);
        }
        writeText(bs, br, 0, "Total", f.bold, f);
        for (std::size_t t = 0; t < settings.size(); ++t) writeSpend(bs, br, static_cast<lxw_col_t>(1 + t * measures), bySetting[t], other, true, f);
        writeSpend(bs, br, allAt, r.total, other, true, f);
        worksheet_freeze_panes(bs, headRow + 1, 1);
    }
    const lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) return std::string("writing ") + path + " failed: " + lxw_strerror(e);
    return {};
}

std::string writeImpactWorkbook(const ImpactReport& r, const std::string& proposedName, const std::string& currentName, const std::string& path) {
    const CNumericLocale cNumbers;
    lxw_workbook* wb = workbook_new(path.c_str());
    if (!wb) return "cannot create " + path + " (does the folder exist, and may this user write there?)";
    const Formats f(wb);
    const std::vector<std::string> heading = impactHeading(r, proposedName, currentName);
    for (const ReportTable& t : impactTables(r)) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, t.sheet.c_str());
        writeText(ws, 0, 0, t.title, f.title, f);
        lxw_row_t row = 1;
        for (const std::string& line : heading) writeText(ws, row++, 0, line, nullptr, f);
        const lxw_row_t head = row + 1;
        for (std::size_t c = 0; c < t.headings.size(); ++c) {
            writeText(ws, head, static_cast<lxw_col_t>(c), t.headings[c], f.bold, f);
            worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), c < t.leftColumns ? (t.headings[c] == "name" ? 32 : 16) : 16, nullptr);
        }
        row = head + 1;
        for (std::size_t i = 0; i < t.rows.size(); ++i, ++row) {
            const bool total = i + 1 == t.rows.size();
            for (std::size_t c = 0; c < t.rows[i].size(); ++c) {
                const ReportCell& cell = t.rows[i][c];
                const auto col = static_cast<lxw_col_t>(c);
                if (cell.kind == ReportCell::Kind::Pence) worksheet_write_number(ws, row, col, pounds(cell.value), total ? f.moneyBold : f.money);
                else if (cell.kind == ReportCell::Kind::Count) worksheet_write_number(ws, row, col, static_cast<double>(cell.value), total ? f.bold : nullptr);
                else if (!cell.text.empty()) writeText(ws, row, col, cell.text, total ? f.bold : nullptr, f);
            }
        }
        worksheet_freeze_panes(ws, head + 1, 0);
    }
    const lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) return std::string("writing ") + path + " failed: " + lxw_strerror(e);
    return {};
}

}  // namespace

std::string writeTotalsXlsx(const TotalsReport& r, const std::string& path) {
    if (!r.ok()) return "the report has no figures: " + std::to_string(r.problems.size()) + " plan(s) cannot be priced";
    return replaceFile(path, [&](const std::string& tmp) { return writeTotalsWorkbook(r, tmp); }, ".writing.xlsx");
}

std::string writeImpactXlsx(const ImpactReport& r, const std::string& proposedName, const std::string& currentName, const std::string& path) {
    if (!r.ok()) return "the impact has no figures";
    return replaceFile(path, [&](const std::string& tmp) { return writeImpactWorkbook(r, proposedName, currentName, tmp); }, ".writing.xlsx");
}

namespace {

std::string writeForecastWorkbook(const ForecastWorkbook& w, const std::string& path) {
    const CNumericLocale cNumbers;  // libxlsxwriter prints cell values with printf
    lxw_workbook* wb = workbook_new(path.c_str());
    if (!wb) return "cannot create " + path + " (does the folder exist, and may this user write there?)";
    const Formats f(wb);
    lxw_format* count = workbook_add_format(wb);
    format_set_num_format(count, "#,##0");
    lxw_format* countBold = workbook_add_format(wb);
    format_set_num_format(countBold, "#,##0");
    format_set_bold(countBold);
    for (const ForecastWorkbook::Run& run : w.runs) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, run.sheet.c_str());
        writeText(ws, 0, 0, w.title, f.title, f);
        writeText(ws, 1, 0, run.heading, nullptr, f);
        // Two rows of heads: each January over its median, 10th and 90th percentile.
        writeText(ws, 3, 0, "placement category", f.bold, f);
        writeText(ws, 3, 1, "age group", f.bold, f);
        for (std::size_t y = 0; y < w.januaries.size(); ++y) {
            const auto c = static_cast<lxw_col_t>(2 + 3 * y);
            writeText(ws, 3, c, w.januaries[y], f.bold, f);
            writeText(ws, 4, c, "median", f.bold, f);
            writeText(ws, 4, c + 1, "p10", f.bold, f);
            writeText(ws, 4, c + 2, "p90", f.bold, f);
        }
        lxw_row_t r = 5;
        for (const ForecastWorkbook::Line& l : run.lines) {
            writeText(ws, r, 0, l.category, l.total ? f.bold : nullptr, f);
            writeText(ws, r, 1, l.ageGroup, l.total ? f.bold : nullptr, f);
            for (std::size_t y = 0; y < l.years.size(); ++y) {
                const auto c = static_cast<lxw_col_t>(2 + 3 * y);
                worksheet_write_number(ws, r, c, static_cast<double>(l.years[y].p50), l.total ? countBold : count);
                worksheet_write_number(ws, r, c + 1, static_cast<double>(l.years[y].p10), l.total ? countBold : count);
                worksheet_write_number(ws, r, c + 2, static_cast<double>(l.years[y].p90), l.total ? countBold : count);
            }
            ++r;
        }
        worksheet_set_column(ws, 0, 0, 30, nullptr);
        worksheet_set_column(ws, 1, 1, 12, nullptr);
        worksheet_freeze_panes(ws, 5, 2);
    }
    if (!w.financialYears.empty()) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, "Spend");
        writeText(ws, 0, 0, w.title, f.title, f);
        writeText(ws, 1, 0, w.spendBasis, nullptr, f);
        writeText(ws, 3, 0, "financial year", f.bold, f);
        lxw_col_t c = 1;
        for (const ForecastWorkbook::Run& run : w.runs) {
            if (run.spendPence.empty()) continue;
            for (const char* q : {"median", "p10", "p90"}) writeText(ws, 3, c++, run.sheet == "Placements" ? q : (std::string(q) + " " + run.sheet.substr(run.sheet.find('('))).c_str(), f.bold, f);
        }
        for (std::size_t y = 0; y < w.financialYears.size(); ++y) {
            const auto r = static_cast<lxw_row_t>(4 + y);
            writeText(ws, r, 0, w.financialYears[y], nullptr, f);
            c = 1;
            for (const ForecastWorkbook::Run& run : w.runs) {
                if (run.spendPence.empty()) continue;
                worksheet_write_number(ws, r, c++, pounds(run.spendPence[y].p50), f.money);
                worksheet_write_number(ws, r, c++, pounds(run.spendPence[y].p10), f.money);
                worksheet_write_number(ws, r, c++, pounds(run.spendPence[y].p90), f.money);
            }
        }
        worksheet_set_column(ws, 0, 0, 16, nullptr);
        worksheet_set_column(ws, 1, c, 18, nullptr);
    }
    {
        lxw_worksheet* ws = workbook_add_worksheet(wb, "Need");
        writeText(ws, 0, 0, w.title, f.title, f);
        for (std::size_t i = 0; i < w.needNote.size(); ++i) writeText(ws, static_cast<lxw_row_t>(2 + i), 0, w.needNote[i], nullptr, f);
    }
    {
        lxw_worksheet* ws = workbook_add_worksheet(wb, "Run");
        writeText(ws, 0, 0, "Run record: what this forecast was made from, to re-run it exactly", f.title, f);
        for (std::size_t i = 0; i < w.record.size(); ++i) {
            writeText(ws, static_cast<lxw_row_t>(2 + i), 0, w.record[i].first, f.bold, f);
            writeText(ws, static_cast<lxw_row_t>(2 + i), 1, w.record[i].second, nullptr, f);
        }
        worksheet_set_column(ws, 0, 0, 14, nullptr);
    }
    const lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) return std::string("writing ") + path + " failed: " + lxw_strerror(e);
    return {};
}

}  // namespace

std::string writeForecastXlsx(const ForecastWorkbook& w, const std::string& path) {
    return replaceFile(path, [&](const std::string& tmp) { return writeForecastWorkbook(w, tmp); }, ".writing.xlsx");
}

#else
std::string writeForecastXlsx(const ForecastWorkbook&, const std::string&) {
    return "this sendband was built without libxlsxwriter, so it cannot write .xlsx";
}
bool xlsxAvailable() { return false; }
std::string writeTotalsXlsx(const TotalsReport&, const std::string&) {
    return "this sendband was built without libxlsxwriter, so it cannot write .xlsx";
}
std::string writeImpactXlsx(const ImpactReport&, const std::string&, const std::string&, const std::string&) {
    return "this sendband was built without libxlsxwriter, so it cannot write .xlsx";
}
#endif

}  // namespace sendband
