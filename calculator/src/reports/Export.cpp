// Export: the caseload as it stands, to CSV or (XlsxExport.cpp) an .xlsx workbook, written whole or not at all.
#include "reports/Reports.h"

#include "core/Csv.h"
#include "core/FileIo.h"
#include "core/Parallel.h"
#include "core/Text.h"
#include "reports/ReportSupport.h"
#include "reports/TextTable.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <unordered_map>
#include "reports/ExportColumns.h"
#include "reports/XlsxExport.h"

namespace sendband {

using namespace export_columns;

namespace {

void csvHeader(std::string& out, bool identifiable) {
    bool first = true;
    for (const Column& c : exportColumns()) {
        if (c.identifying && !identifiable) continue;
        if (!first) out += ',';
        out += c.name;
        first = false;
    }
    out += '\n';
}

void csvRow(std::string& out, const CurrentPlan& p, bool identifiable) {
    const auto& cols = exportColumns();
    bool first = true;
    for (std::size_t c = 0; c < cols.size(); ++c) {
        if (cols[c].identifying && !identifiable) continue;
        if (!first) out += ',';
        csvField(out, isTextColumn(c) ? spreadsheetText(cell(p, c)) : cell(p, c));
        first = false;
    }
    out += '\n';
}


}  // namespace

std::string caseloadCsv(const std::vector<CurrentPlan>& plans, bool identifiable) {
    std::string out;
    csvHeader(out, identifiable);
    for (const CurrentPlan& p : plans) csvRow(out, p, identifiable);
    return out;
}

ExportSummary summariseCaseload(const std::vector<CurrentPlan>& plans) {
    Summariser s;
    for (const CurrentPlan& p : plans) s.add(p);
    return s.finish();
}

namespace {

// A CSV export streamed to `tmp`: rows are buffered and written in blocks.
std::string writeCsv(CaseloadStore& store, const std::string& tmp, bool identifiable, std::size_t& rows) {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return "cannot write " + tmp + " (does the folder exist, and may this user write there?)";
    std::string buffer;
    buffer.reserve(1 << 20);
    csvHeader(buffer, identifiable);
    forEachCurrentPlan(store, [&](const CurrentPlan& p) {
        csvRow(buffer, p, identifiable);
        ++rows;
        if (buffer.size() >= (1 << 20) - 4096) {
            f.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            buffer.clear();
        }
    });
    f.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    f.flush();
    if (!f) return "writing " + tmp + " failed (is the disk full?)";
    return {};
}

}  // namespace

ExportResult exportCaseload(CaseloadStore& store, ExportFormat format, const std::string& path, bool identifiable) {
    ExportResult r;
#ifndef SENDBAND_HAVE_XLSX
    if (format == ExportFormat::Xlsx) {
        r.error = "this sendband was built without libxlsxwriter, so it cannot write .xlsx; export CSV, or rebuild with libxlsxwriter-dev installed";
        return r;
    }
#endif
    // The temporary file keeps the extension, for tools that look at it while it is written.
    r.error = replaceFile(
        path,
        [&](const std::string& tmp) -> std::string {
            if (format == ExportFormat::Csv) return writeCsv(store, tmp, identifiable, r.rows);
#ifdef SENDBAND_HAVE_XLSX
            return writeXlsx(store, tmp, identifiable, r.rows);
#else
            return {};
#endif
        },
        format == ExportFormat::Xlsx ? ".writing.xlsx" : ".writing.csv");
    return r;
}

}  // namespace sendband
