// `sendband forecast`: the forecaster's commands. So far `forecast history`, which prints the DfE
// history an authority's forecast starts from (docs/forecast.md).
#include "cli/Commands.h"
#include "core/Csv.h"
#include "forecast/PublicHistory.h"
#include "reports/TextTable.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sendband::cli {

namespace {

using namespace sendband::forecast;

// A count as the DfE publishes it (whole), or, in a folded year, an estimate to one decimal.
std::string countText(double v, bool csv) {
    char buf[32];
    const bool whole = std::fabs(v - std::round(v)) < 1e-9;
    std::snprintf(buf, sizeof buf, whole ? "%.0f" : "%.1f", v);
    if (csv) return buf;
    // Thousands separators, by hand: the text must not depend on the locale.
    std::string s = buf, out;
    const std::size_t dot = s.find('.');
    const std::string intPart = s.substr(0, dot), rest = dot == std::string::npos ? "" : s.substr(dot);
    for (std::size_t i = 0; i < intPart.size(); ++i) {
        if (i > 0 && (intPart.size() - i) % 3 == 0) out += ',';
        out += intPart[i];
    }
    return out + rest;
}

const char* const kAgeIds[] = {"age_under_5", "age_5_to_10", "age_11_to_15", "age_16_to_19", "age_20_to_25"};

const char* shortSetting(std::size_t g) {
    static const char* names[] = {"mainstream", "special", "independent", "non-maint.", "AP/PRU", "FE", "early years", "elsewhere"};
    return names[g];
}

}  // namespace

void addForecastCommands(CLI::App& app, Context& ctx) {
    auto* forecast = app.add_subcommand("forecast", "High Needs demand: the public history a forecast starts from (the forecast itself is being built: docs/forecast.md)");
    forecast->require_subcommand(1);
    static std::string la, by = "setting", format = "text", data;
    auto* c = forecast->add_subcommand("history", "An authority's EHC plans in force each January 2010-2022 (DfE SEN2), by setting group or age band");
    c->add_option("--la", la, "The local authority: its 9-character code (E06000015), its 3-digit code (831) or its name (Derby)")->required();
    c->add_option("--by", by, "setting (default) or age")->check(CLI::IsMember({"setting", "age"}));
    c->add_option("--format", format, "text (default) or csv")->check(CLI::IsMember({"text", "csv"}));
    c->add_option("--data", data, "Folder with the DfE tables (default: the shipped data/dfe)");
    c->callback([&ctx] {
        ctx.exitCode = kBadInput;
        const char* dataDir = std::getenv("SENDBAND_DATA_DIR");
        const std::string dir = !data.empty() ? data : std::string(dataDir ? dataDir : SENDBAND_DATA_DIR) + "/dfe";
        const PublicHistory h = loadPublicHistory(dir + "/ehcp_caseload_by_broad_setting_la_jan2010_to_jan2022.csv", dir + "/sen2_age_caseload.csv");
        if (!h.ok()) {
            ctx.err << formatAll(h.diagnostics);
            return;
        }
        std::string why;
        const AuthoritySeries* a = findAuthority(h, la, why);
        if (!a) {
            ctx.err << "sendband forecast history: --la: " << why << "\n";
            return;
        }
        const bool byAge = by == "age";
        const std::size_t n = byAge ? kAgeBands : kSettingGroups;
        auto value = [&](const JanuaryCount& y, std::size_t i) { return byAge ? y.byAge[i] : y.bySetting[i]; };
        if (format == "csv") {
            std::string out = "la_code,year,total";
            for (std::size_t i = 0; i < n; ++i)
                out += std::string(",") + (byAge ? kAgeIds[i] : settingGroupId(static_cast<SettingGroup>(i)));
            out += "\n";
            for (const JanuaryCount& y : a->years) {
                out += a->code + "," + std::to_string(y.year) + "," + countText(byAge ? y.ageTotal : y.total, true);
                for (std::size_t i = 0; i < n; ++i) out += "," + countText(value(y, i), true);
                out += "\n";
            }
            ctx.out << out;
            ctx.exitCode = kOk;
            return;
        }
        std::string out = a->name + " (" + a->code + ", DfE code " + a->oldCode + "), " + a->region + "\n";
        out += std::string("EHC plans in force each January (statements of SEN before 2014), by ") + (byAge ? "age band" : "setting group") +
               ". Source: DfE, Education, health and care plans, 2022 (Open Government Licence v3.0).\n";
        if (!a->folded.empty()) out += "Boundary change: " + a->folded + ".\n";
        if (byAge) out += "By age, from the DfE's age table, whose totals differ from the setting table's by a few plans in 2016 and 2018.\n";
        out += "\n";
        std::vector<std::vector<std::string>> rows;
        std::vector<std::string> head{"January", "total"};
        for (std::size_t i = 0; i < n; ++i) head.push_back(byAge ? ageBandName(static_cast<AgeBand>(i)) : shortSetting(i));
        rows.push_back(head);
        for (const JanuaryCount& y : a->years) {
            std::vector<std::string> r{std::to_string(y.year), countText(byAge ? y.ageTotal : y.total, false)};
            for (std::size_t i = 0; i < n; ++i) r.push_back(countText(value(y, i), false));
            rows.push_back(std::move(r));
        }
        out += textTable(rows, 1);
        ctx.out << out;
        ctx.exitCode = kOk;
    });
}

}  // namespace sendband::cli
