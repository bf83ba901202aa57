// ForecastWorkbook: a forecast as an .xlsx workbook in the shape of the DfE's DSG management plan
// (placement category x age group, each January; spend by financial year; need), with the run's
// record on its own sheet, so that a finance team can paste the figures into the plan and an
// auditor can re-run them. The figures are made by the forecaster; this only lays them out.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sendband {

struct ForecastWorkbook {
    std::string title;                   // "Derby (E06000015): EHC plans forecast from January 2022"
    std::vector<std::string> januaries;  // column heads: "January 2023", ...
    struct Cell {
        std::int64_t p10 = 0, p50 = 0, p90 = 0;
    };
    struct Line {
        std::string category, ageGroup;  // ageGroup "all ages" on a category's total line
        std::vector<Cell> years;         // parallel to januaries
        bool total = false;              // shown bold
    };
    // One placements sheet per run: the baseline, and with a scenario the scenario and the difference.
    struct Run {
        std::string sheet;  // "Placements", "Placements (scenario)", ...
        std::string heading;
        std::vector<Line> lines;
        std::vector<Cell> spendPence;  // per financial year; empty when not priced
    };
    std::vector<Run> runs;
    std::vector<std::string> financialYears;  // "2022-23", ...; parallel to spendPence
    std::string spendBasis;                   // how spend is made, in words
    std::vector<std::string> needNote;        // why need is (or is not) forecast
    std::vector<std::pair<std::string, std::string>> record;  // the run record, key and value
};

// Writes `path` whole or not at all; returns an error text or empty.
std::string writeForecastXlsx(const ForecastWorkbook& w, const std::string& path);

}  // namespace sendband
