// ExportColumns: the columns and the totals sheets of a caseload export, shared by the CSV and
// the .xlsx writers.
#pragma once
#include "core/Text.h"
#include "reports/Reports.h"
#include "store/CurrentPlans.h"

#include <algorithm>
#include <unordered_map>

#include <cstddef>
#include <string>
#include <vector>

namespace sendband::export_columns {

struct Column {
    const char* name;
    bool identifying;  // left out unless the export is asked to be identifiable
};

const std::vector<Column>& exportColumns();
// The text of column `c` for plan `p` (money as plain pounds, "1234.50").
std::string cell(const CurrentPlan& p, std::size_t c);

constexpr std::size_t kTopUpColumn = 15, kPlaceColumn = 16;
constexpr std::size_t kDateColumns[] = {4, 9, 10};
// A column of free or coded text (not a date, not money): what a spreadsheet might take for a
// formula, so the CSV writes it through spreadsheetText and the workbook marks it as text.
constexpr bool isTextColumn(std::size_t c) {
    return c != kTopUpColumn && c != kPlaceColumn && c != kDateColumns[0] && c != kDateColumns[1] && c != kDateColumns[2];
}

// Accumulates the summary sheets' groups as plans stream past.
class Summariser {
public:
    void add(const CurrentPlan& p) {
        ExportGroup& bs = bandSetting_[p.effectiveBand()][p.settingType];
        ExportGroup& need = need_[p.primaryNeed];
        for (ExportGroup* g : {&bs, &need, &total_}) {
            ++g->plans;
            g->topUpPence = Money::checkedAdd(g->topUpPence, p.effectiveTopUp().pence());
            g->placePence = Money::checkedAdd(g->placePence, p.effectivePlace().pence());
        }
    }
    ExportSummary finish() const {
        ExportSummary s;
        std::unordered_map<std::string, bool> settings;
        for (const auto& [band, bySetting] : bandSetting_) {
            s.bands.push_back(band);
            for (const auto& [setting, g] : bySetting) settings.emplace(setting, true);
        }
        for (const auto& [setting, x] : settings) s.settings.push_back(setting);
        for (const auto& [need, g] : need_) s.needs.push_back(need);
        auto natural = [](std::vector<std::string>& v) {
            std::sort(v.begin(), v.end(), [](const std::string& a, const std::string& b) { return naturalLess(a, b); });
        };
        natural(s.bands);
        natural(s.settings);
        natural(s.needs);
        s.byBandSetting.assign(s.bands.size(), std::vector<ExportGroup>(s.settings.size()));
        for (std::size_t b = 0; b < s.bands.size(); ++b) {
            const auto& row = bandSetting_.at(s.bands[b]);
            for (std::size_t t = 0; t < s.settings.size(); ++t)
                if (auto it = row.find(s.settings[t]); it != row.end()) s.byBandSetting[b][t] = it->second;
        }
        for (const std::string& need : s.needs) s.byNeed.push_back(need_.at(need));
        s.total = total_;
        return s;
    }

private:
    std::unordered_map<std::string, std::unordered_map<std::string, ExportGroup>> bandSetting_;
    std::unordered_map<std::string, ExportGroup> need_;
    ExportGroup total_;
};

}  // namespace sendband::export_columns
