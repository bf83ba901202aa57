// `sendband forecast`: the forecaster's commands. So far `forecast history`, which prints the DfE
// history an authority's forecast starts from (docs/forecast.md).
#include "cli/Commands.h"
#include "core/Csv.h"
#include "core/Parallel.h"
#include "forecast/Backtest.h"
#include "forecast/Cohort.h"
#include "forecast/PublicHistory.h"
#include "forecast/Pricing.h"
#include "forecast/Transitions.h"
#include "rules/RuleSetLoader.h"
#include "reports/ForecastWorkbook.h"
#include "reports/Reports.h"
#include "reports/TextTable.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sendband::cli {

namespace {

using namespace sendband::forecast;

// A count as the DfE publishes it (whole), or, in a folded year, an estimate to one decimal.
std::string countText(double v, bool csv) {
    if (v < 0 && !csv) return "-" + countText(-v, csv);  // the sign kept apart: -1,450, not -,1450
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


std::string dataFolder(const std::string& given) {
    if (!given.empty()) return given;
    const char* dataDir = std::getenv("SENDBAND_DATA_DIR");
    return std::string(dataDir ? dataDir : SENDBAND_DATA_DIR) + "/dfe";
}

// What every forecast reads: the DfE history (with its new plans) and the national age shape.
struct Sources {
    PublicHistory history;
    AgeShape shape;
    bool ok(Context& ctx) const {
        if (!history.ok()) ctx.err << formatAll(history.diagnostics);
        if (!shape.ok()) ctx.err << formatAll(shape.diagnostics);
        return history.ok() && shape.ok();
    }
};

Sources loadSources(const std::string& folder) {
    const std::string dir = dataFolder(folder);
    return {loadShippedHistory(dir), loadAgeShape(dir + "/ehcp_need_by_age_jan2025.csv")};
}

std::string whole(double v) { return countText(std::round(v), false); }
std::string whole(std::int64_t v) { return whole(static_cast<double>(v)); }

std::string oneDecimal(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string range(const Summary& s) { return whole(s.p(10)) + " to " + whole(s.p(90)); }

// The run's record, so that an auditor can re-run it exactly.
struct RunRecord {
    std::vector<PublicHistory::Input> inputs;
    ModelSettings model;
    std::string scenario = "none (the baseline)";
    const Scenario* scenarioFile = nullptr;
    // Pricing, when asked for.
    const RuleSet* rules = nullptr;
    std::string uplift, scenarioUplift;  // percent; the scenario's only when it sets its own
    std::vector<std::string> pricingNotes;
};

RunRecord record(const Sources& src, const ModelSettings& m) {
    RunRecord r;
    r.inputs = src.history.inputs;
    r.inputs.push_back(src.shape.input);
    r.model = m;
    return r;
}

std::string fileName(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string settingsText(const ModelSettings& m) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "window %d years, recency %.2f, damping %.2f, shrinkage %.0f and %.0f, spread %.2f", m.window, m.recency, m.damping,
                  m.shrinkLeave, m.shrinkGrowth, m.spread);
    return buf;
}

// The run record as (key, value) lines: the text output and the workbook's Run sheet.
std::vector<std::pair<std::string, std::string>> recordLines(const RunRecord& r) {
    std::vector<std::pair<std::string, std::string>> l;
    l.emplace_back("program", "sendband " + std::string(SENDBAND_VERSION));
    l.emplace_back("origin", "January " + std::to_string(r.model.origin) + ", " + std::to_string(r.model.years) + " years on");
    l.emplace_back("simulations", std::to_string(r.model.simulations) + ", seed " + std::to_string(r.model.seed));
    l.emplace_back("fitting", settingsText(r.model));
    l.emplace_back("scenario", r.scenario);
    if (r.rules) {
        l.emplace_back("rule set", r.rules->metadata.authority + ", " + r.rules->metadata.framework + " " + r.rules->metadata.version + " (" +
                                       fileName(r.rules->sourceName) + " sha256 " + r.rules->hash + ")");
        l.emplace_back("uplift", r.uplift + "% a year beyond the rule set's last year" + (r.scenarioUplift.empty() ? "" : "; the scenario's " + r.scenarioUplift + "%"));
    }
    for (const auto& in : r.inputs) l.emplace_back("input", fileName(in.file) + " sha256 " + in.sha256);
    return l;
}

std::string recordText(const RunRecord& r) {
    std::string out = "Run record (to re-run exactly):\n";
    for (const auto& [k, v] : recordLines(r)) out += "  " + k + std::string(13 - k.size(), ' ') + v + "\n";
    return out;
}

nlohmann::ordered_json recordJson(const RunRecord& r) {
    nlohmann::ordered_json j;
    j["program"] = std::string("sendband ") + SENDBAND_VERSION;
    j["origin"] = r.model.origin;
    j["years"] = r.model.years;
    j["simulations"] = r.model.simulations;
    j["seed"] = r.model.seed;
    j["fitting"] = {{"window", r.model.window}, {"recency", r.model.recency}, {"damping", r.model.damping},
                    {"shrink_leave", r.model.shrinkLeave}, {"shrink_growth", r.model.shrinkGrowth}, {"spread", r.model.spread}};
    if (r.rules) {
        j["rule_set"] = {{"authority", r.rules->metadata.authority}, {"framework", r.rules->metadata.framework}, {"version", r.rules->metadata.version},
                         {"file", fileName(r.rules->sourceName)}, {"sha256", r.rules->hash}};
        j["uplift_percent"] = r.uplift;
        if (!r.scenarioUplift.empty()) j["scenario_uplift_percent"] = r.scenarioUplift;
    }
    if (r.scenarioFile)
        j["scenario"] = {{"name", r.scenarioFile->name}, {"file", fileName(r.scenarioFile->input.file)}, {"sha256", r.scenarioFile->input.sha256}};
    else
        j["scenario"] = nullptr;
    j["inputs"] = nlohmann::ordered_json::array();
    for (const auto& in : r.inputs) j["inputs"].push_back({{"file", fileName(in.file)}, {"sha256", in.sha256}});
    return j;
}

nlohmann::ordered_json summaryJson(int year, const Summary& s) {
    nlohmann::ordered_json j;
    j["year"] = year;
    j["mean"] = std::round(s.mean * 10) / 10;
    for (std::size_t i = 0; i < kQuantiles.size(); ++i) j["p" + std::to_string(std::lround(kQuantiles[i] * 100))] = s.q[i];
    return j;
}

const char* const kFlowIds[] = {"joined", "moved_in", "stayed", "moved_setting", "left"};
const char* const kFlowNames[] = {"new plans", "arrived with a plan", "aged on, same setting", "aged on, new setting", "left"};

// One authority's forecast, in the chosen format.
std::string forecastText(const AuthoritySeries& a, const CohortInputs& in, const Simulations& sims, const RunRecord& rec) {
    const ModelSettings& m = rec.model;
    std::string out = a.name + " (" + a.code + ")" + (a.region.empty() ? "" : ", " + a.region) + ": EHC plans in force each January, forecast from January " +
                      std::to_string(m.origin) + "\n";
    out += "Median of " + std::to_string(m.simulations) + " simulations, with the 80% range (p10 to p90): 8 in 10 simulations fall inside it.\n";
    out += "Method, assumptions and measured accuracy: docs/forecast.md.\n";
    for (const std::string& n : in.notes) out += n + "\n";
    out += "\n";
    std::vector<std::vector<std::string>> rows{{"January", "plans", "80% range", "new plans", "left", "change"}};
    rows.push_back({std::to_string(m.origin), whole(in.originTotal), a.code == "local" ? "counted" : "counted (DfE)", "", "", ""});
    double before = in.originTotal;
    for (int y = 0; y < sims.years; ++y) {
        const Summary t = summarise(sims, y, kTotal);
        const double median = static_cast<double>(t.p(50));
        char change[32];
        std::snprintf(change, sizeof change, "%+.1f%%", before > 0 ? (median - before) / before * 100 : 0.0);
        rows.push_back({std::to_string(m.origin + y + 1), whole(t.p(50)), range(t), whole(summarise(sims, y, kJoined).p(50)), whole(summarise(sims, y, kLeft).p(50)), change});
        before = median;
    }
    out += textTable(rows, 1) + "\n";
    auto cutTable = [&](const std::string& title, std::size_t first, std::size_t n, auto name) {
        std::vector<std::vector<std::string>> t;
        std::vector<std::string> head{title};
        for (int y = 0; y < sims.years; ++y) head.push_back(std::to_string(m.origin + y + 1));
        t.push_back(head);
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<std::string> r{name(i)};
            for (int y = 0; y < sims.years; ++y) {
                const Summary s = summarise(sims, y, first + i);
                r.push_back(whole(s.p(50)) + " (" + range(s) + ")");
            }
            t.push_back(std::move(r));
        }
        return textTable(t, 1);
    };
    out += "By setting group: median (80% range)\n";
    out += cutTable("setting group", kFirstSetting, kSettingGroups, [](std::size_t i) { return std::string(settingGroupName(static_cast<SettingGroup>(i))); }) + "\n";
    out += "By age band (age on 31 August): median (80% range)\n";
    out += cutTable("age band", kFirstAge, kAgeBands, [](std::size_t i) { return std::string(ageBandName(static_cast<AgeBand>(i))); }) + "\n";
    out += recordText(rec);
    return out;
}

using SummaryOf = std::function<Summary(int year, std::size_t column)>;

// Spend per simulation and financial year, in pence ([simulation][year]), and its summaries.
struct Spend {
    std::vector<std::int64_t> pence;
    int simulations = 0, years = 0;
    Summary at(int year) const {
        std::vector<std::int64_t> v(static_cast<std::size_t>(simulations));
        for (int i = 0; i < simulations; ++i) v[static_cast<std::size_t>(i)] = pence[static_cast<std::size_t>(i) * static_cast<std::size_t>(years) + static_cast<std::size_t>(year)];
        return summarise(std::move(v));
    }
    Summary difference(const Spend& base, int year) const {
        std::vector<std::int64_t> v(static_cast<std::size_t>(simulations));
        for (int i = 0; i < simulations; ++i) {
            const std::size_t k = static_cast<std::size_t>(i) * static_cast<std::size_t>(years) + static_cast<std::size_t>(year);
            v[static_cast<std::size_t>(i)] = pence[k] - base.pence[k];
        }
        return summarise(std::move(v));
    }
};

std::string pounds(std::int64_t pence) { return (pence < 0 ? "-£" : "£") + Money::fromPence(pence < 0 ? -pence : pence).format(); }
std::string poundsPlain(std::int64_t pence) { return Money::fromPence(pence).plain(); }
std::string poundsRange(const Summary& s) { return pounds(s.p(10)) + " to " + pounds(s.p(90)); }

std::string spendText(const Spend& spend, const ModelSettings& m, const RunRecord& rec) {
    std::string out = "Spend on these plans by financial year (the rule set's amounts for the band mix): median (80% range)\n";
    out += "A financial year takes 5/12 of the January before it (April to August) and 7/12 of the January after it (September to March).\n";
    for (const std::string& n : rec.pricingNotes) out += n + ".\n";
    std::vector<std::vector<std::string>> rows{{"financial year", "spend", "80% range", "mean"}};
    for (int y = 0; y < spend.years; ++y) {
        const Summary s = spend.at(y);
        rows.push_back({financialYearName(m.origin + y), pounds(s.p(50)), poundsRange(s), pounds(std::llround(s.mean))});
    }
    return out + textTable(rows, 1) + "\n";
}

// Spend rows for the CSV: cut "spend", group "all", the financial year in `year`, pounds.
std::string spendCsv(const AuthoritySeries& a, int years, const std::function<Summary(int)>& summary, const ModelSettings& m, const std::string& run = "") {
    std::string out;
    for (int y = 0; y < years; ++y) {
        const Summary s = summary(y);
        if (!run.empty()) out += run + ",";
        out += a.code + "," + financialYearName(m.origin + y) + ",spend,all," + poundsPlain(std::llround(s.mean));
        for (std::int64_t q : s.q) out += "," + poundsPlain(q);
        out += "\n";
    }
    return out;
}

nlohmann::ordered_json spendJson(int years, const std::function<Summary(int)>& summary, const ModelSettings& m) {
    nlohmann::ordered_json v = nlohmann::ordered_json::array();
    for (int y = 0; y < years; ++y) {
        const Summary s = summary(y);
        nlohmann::ordered_json j;
        j["financial_year"] = financialYearName(m.origin + y);
        j["mean"] = poundsPlain(std::llround(s.mean));
        for (std::size_t i = 0; i < kQuantiles.size(); ++i) j["p" + std::to_string(std::lround(kQuantiles[i] * 100))] = poundsPlain(s.q[i]);
        v.push_back(std::move(j));
    }
    return v;
}

// `run` empty: the baseline alone; otherwise a first column naming the run (baseline, scenario
// or difference) and no heading (forecastCsvHeading writes it once).
std::string forecastCsv(const AuthoritySeries& a, int years, const SummaryOf& summary, const ModelSettings& m, const std::string& run = "") {
    std::string out = run.empty() ? "la_code,year,cut,group,mean,p5,p10,p25,p50,p75,p90,p95\n" : "";
    auto line = [&](int y, const std::string& cut, const std::string& group, std::size_t column) {
        const Summary s = summary(y, column);
        if (!run.empty()) out += run + ",";
        out += a.code + "," + std::to_string(m.origin + y + 1) + "," + cut + "," + group + "," + oneDecimal(s.mean);
        for (std::int64_t q : s.q) out += "," + std::to_string(q);
        out += "\n";
    };
    for (int y = 0; y < years; ++y) {
        line(y, "total", "all", kTotal);
        for (std::size_t g = 0; g < kSettingGroups; ++g) line(y, "setting", settingGroupId(static_cast<SettingGroup>(g)), kFirstSetting + g);
        for (std::size_t b = 0; b < kAgeBands; ++b) line(y, "age", kAgeIds[b], kFirstAge + b);
        for (std::size_t f = 0; f < 5; ++f) line(y, "flow", kFlowIds[f], kJoined + f);
    }
    return out;
}

nlohmann::ordered_json cutsJson(int years, const SummaryOf& summary, const RunRecord& rec) {
    nlohmann::ordered_json j;
    auto series = [&](std::size_t column) {
        nlohmann::ordered_json v = nlohmann::ordered_json::array();
        for (int y = 0; y < years; ++y) v.push_back(summaryJson(rec.model.origin + y + 1, summary(y, column)));
        return v;
    };
    j["total"] = series(kTotal);
    for (std::size_t g = 0; g < kSettingGroups; ++g) j["setting"][settingGroupId(static_cast<SettingGroup>(g))] = series(kFirstSetting + g);
    for (std::size_t b = 0; b < kAgeBands; ++b) j["age"][kAgeIds[b]] = series(kFirstAge + b);
    for (std::size_t f = 0; f < 5; ++f) j["flows"][kFlowIds[f]] = series(kJoined + f);
    return j;
}

nlohmann::ordered_json forecastJson(const AuthoritySeries& a, const CohortInputs& in, const Simulations& sims, const RunRecord& rec) {
    nlohmann::ordered_json j;
    j["la_code"] = a.code;
    j["la_name"] = a.name;
    j["origin"] = {{"year", rec.model.origin}, {"plans", in.originTotal}};
    j["notes"] = in.notes;
    const nlohmann::ordered_json cuts = cutsJson(sims.years, [&](int y, std::size_t c) { return summarise(sims, y, c); }, rec);
    for (const auto& [k, v] : cuts.items()) j[k] = v;
    j["run"] = recordJson(rec);
    return j;
}

// The forecast laid out for the DSG management plan: placement category x age group each
// January, then spend; `summary` gives a column's figures, `spend` a financial year's.
ForecastWorkbook::Run workbookRun(const std::string& sheet, const std::string& heading, int years, const SummaryOf& summary,
                                  const std::function<Summary(int)>& spend) {
    ForecastWorkbook::Run run;
    run.sheet = sheet;
    run.heading = heading;
    auto cells = [&](std::size_t column) {
        std::vector<ForecastWorkbook::Cell> v;
        for (int y = 0; y < years; ++y) {
            const Summary s = summary(y, column);
            v.push_back({s.p(10), s.p(50), s.p(90)});
        }
        return v;
    };
    const int firstAge[kAgeBands] = {0, 5, 11, 16, 20};
    for (std::size_t g = 0; g < kSettingGroups; ++g) {
        const auto group = static_cast<SettingGroup>(g);
        for (std::size_t b = 0; b < kAgeBands; ++b)
            if (servesAge(group, firstAge[b])) run.lines.push_back({settingGroupName(group), ageBandName(static_cast<AgeBand>(b)), cells(crossColumn(g, b)), false});
        run.lines.push_back({settingGroupName(group), "all ages", cells(kFirstSetting + g), true});
    }
    for (std::size_t b = 0; b < kAgeBands; ++b) run.lines.push_back({"all placements", ageBandName(static_cast<AgeBand>(b)), cells(kFirstAge + b), true});
    run.lines.push_back({"all placements", "all ages", cells(kTotal), true});
    if (spend)
        for (int y = 0; y < years; ++y) {
            const Summary s = spend(y);
            run.spendPence.push_back({s.p(10), s.p(50), s.p(90)});
        }
    return run;
}

// A scenario beside the baseline: both medians and ranges, and the difference simulation by
// simulation (the same seed, so it is the scenario's effect, not chance).
std::string scenarioText(const Simulations& base, const Simulations& sc, const Scenario& scenario, const ModelSettings& m) {
    std::string out = "Scenario: " + scenario.name + " (" + fileName(scenario.input.file) + "), beside the baseline\n";
    if (!scenario.description.empty()) out += scenario.description + "\n";
    out += "Both runs use the same seed and the same simulations, so the difference is the scenario's effect, not chance.\n\n";
    std::vector<std::vector<std::string>> rows{{"January", "baseline", "80% range", "scenario", "80% range", "difference", "80% range"}};
    auto signedWhole = [](std::int64_t v) { return (v > 0 ? "+" : "") + whole(v); };
    for (int y = 0; y < base.years; ++y) {
        const Summary b = summarise(base, y, kTotal), s = summarise(sc, y, kTotal), d = summariseDifference(sc, base, y, kTotal);
        rows.push_back({std::to_string(m.origin + y + 1), whole(b.p(50)), range(b), whole(s.p(50)), range(s), signedWhole(d.p(50)),
                        signedWhole(d.p(10)) + " to " + signedWhole(d.p(90))});
    }
    out += textTable(rows, 1) + "\n";
    out += "Difference by setting group: median (80% range)\n";
    std::vector<std::vector<std::string>> t;
    std::vector<std::string> head{"setting group"};
    for (int y = 0; y < base.years; ++y) head.push_back(std::to_string(m.origin + y + 1));
    t.push_back(head);
    for (std::size_t g = 0; g < kSettingGroups; ++g) {
        std::vector<std::string> r{settingGroupName(static_cast<SettingGroup>(g))};
        for (int y = 0; y < base.years; ++y) {
            const Summary d = summariseDifference(sc, base, y, kFirstSetting + g);
            r.push_back(signedWhole(d.p(50)) + " (" + signedWhole(d.p(10)) + " to " + signedWhole(d.p(90)) + ")");
        }
        t.push_back(std::move(r));
    }
    out += textTable(t, 1) + "\n";
    return out;
}

}  // namespace

void addForecastCommands(CLI::App& app, Context& ctx) {
    auto* forecast = app.add_subcommand("forecast", "High Needs demand: EHC plans forecast for a local authority from the DfE's history, with its uncertainty (docs/forecast.md)");
    forecast->require_subcommand(0, 1);
    static std::string fLa, fFormat = "text", fData, fScenario, fRules, fBandMix, fUplift = "0", fOut, fTransitions, fSettingsMap, fName = "Your authority";
    static bool fAll = false;
    static ModelSettings fModel;
    forecast->add_option("--la", fLa, "The local authority: its 9-character code (E06000015), its 3-digit code (831) or its name (Derby)");
    forecast->add_flag("--all-las", fAll, "Forecast every one of the 152 authorities (csv: la_code,year,p10,p50,p90)");
    forecast->add_option("--origin", fModel.origin, "The last January the forecast may see (2012 to 2022; default 2022)");
    forecast->add_option("--years", fModel.years, "Januaries to forecast after the origin (1 to 15; default 5)");
    forecast->add_option("--sims", fModel.simulations, "Simulations (1 to 100000; default 1000)");
    forecast->add_option("--seed", fModel.seed, "The random seed: the same seed gives the same forecast (default 20221)");
    forecast->add_option("--threads", fModel.threads, "Threads (default: every core); the figures do not depend on it");
    forecast->add_option("--format", fFormat, "text (default), csv, json, or xlsx (the DSG management plan's shape; needs --out)")
        ->check(CLI::IsMember({"text", "csv", "json", "xlsx"}));
    forecast->add_option("--out", fOut, "The workbook to write with --format xlsx (written whole, or not at all)")->type_name("FILE");
    forecast->add_option("--data", fData, "Folder with the DfE tables (default: the shipped data/dfe)");
    forecast->add_option("--scenario", fScenario, "A scenario (YAML, docs/forecast.md#scenarios-what-if) run beside the baseline with the same seed; with --la")
        ->type_name("FILE");
    forecast->add_option("--transitions", fTransitions, "A council's own history: witan.send's transitions.csv (with --settings-map), instead of --la")
        ->type_name("FILE");
    forecast->add_option("--settings-map", fSettingsMap, "CSV setting,setting_group: the DfE setting group of each of the council's setting codes")->type_name("FILE");
    forecast->add_option("--name", fName, "The authority's name for a forecast from --transitions (default: Your authority)");
    forecast->add_option("--rules", fRules, "A rule set to price the forecast with (with --band-mix): spend per financial year")->type_name("FILE");
    forecast->add_option("--band-mix", fBandMix, "Which of the rule set's setting types and bands each setting group's children hold (CSV, docs/forecast.md#spend-the-forecast-in-pounds)")
        ->type_name("FILE");
    forecast->add_option("--uplift", fUplift, "The yearly rise in amounts beyond the rule set's last year, in percent (default 0)")->type_name("PERCENT");
    forecast->callback([&ctx, forecast] {
        if (!forecast->get_subcommands().empty()) return;  // a subcommand ran
        ctx.exitCode = kBadInput;
        const char* me = "sendband forecast";
        const bool fromTransitions = !fTransitions.empty();
        if (static_cast<int>(!fLa.empty()) + static_cast<int>(fAll) + static_cast<int>(fromTransitions) != 1) {
            ctx.err << me << ": give one of --la AUTHORITY, --all-las or --transitions FILE\n";
            return;
        }
        if (fromTransitions == fSettingsMap.empty()) {
            ctx.err << me << ": give --settings-map FILE with --transitions FILE (the DfE setting group of each of the council's setting codes)\n";
            return;
        }
        if (fModel.years < 1 || fModel.years > 15) {
            ctx.err << me << ": --years: expected 1 to 15, got " << fModel.years << "\n";
            return;
        }
        if (fModel.simulations < 1 || fModel.simulations > 100000) {
            ctx.err << me << ": --sims: expected 1 to 100000, got " << fModel.simulations << "\n";
            return;
        }
        if (!fromTransitions && (fModel.origin < 2012 || fModel.origin > 2022)) {
            ctx.err << me << ": --origin: expected a January from 2012 to 2022 (the history runs 2010-2022 and a forecast needs three years), got " << fModel.origin << "\n";
            return;
        }
        if (!fScenario.empty() && fAll) {
            ctx.err << me << ": --scenario works with one authority (--la), not --all-las\n";
            return;
        }
        const bool xlsx = fFormat == "xlsx";
        if (xlsx != !fOut.empty()) {
            ctx.err << me << (xlsx ? ": --format xlsx needs --out FILE, the workbook to write\n" : ": --out is for --format xlsx; text, csv and json are written to standard output\n");
            return;
        }
        if (xlsx && (fOut.size() <= 5 || fOut.compare(fOut.size() - 5, 5, ".xlsx") != 0)) {
            ctx.err << me << ": --out " << fOut << ": a workbook's name must end .xlsx\n";
            return;
        }
        if (xlsx && fAll) {
            ctx.err << me << ": --format xlsx works with one authority (--la); for every authority use --format csv\n";
            return;
        }
        if (xlsx && !xlsxAvailable()) {
            ctx.err << me << ": this sendband was built without libxlsxwriter, so it cannot write .xlsx; use --format csv\n";
            return;
        }
        if (fRules.empty() != fBandMix.empty()) {
            ctx.err << me << ": give --rules FILE and --band-mix FILE together (a forecast from the DfE's counts is priced through a band mix: docs/forecast.md#spend-the-forecast-in-pounds)\n";
            return;
        }
        if (!fRules.empty() && fAll) {
            ctx.err << me << ": --rules works with one authority (--la), not --all-las\n";
            return;
        }
        const auto uplift = Num::parse(fUplift);
        if (!uplift || *uplift < Num(-50) || *uplift > Num(50)) {
            ctx.err << me << ": --uplift: expected a percentage from -50 to 50 (2.5 for 2.5% a year), got \"" << fUplift << "\"\n";
            return;
        }
        RuleSetLoad rules;
        BandMix mix;
        if (!fRules.empty()) {
            rules = RuleSetLoader::loadFile(fRules);
            if (!rules.ok()) {
                ctx.err << formatAll(rules.diagnostics);
                return;
            }
            mix = loadBandMix(fBandMix, *rules.ruleSet);
            if (!mix.ok()) {
                ctx.err << formatAll(mix.diagnostics);
                return;
            }
        }
        Scenario scenario;
        if (!fScenario.empty()) {
            scenario = loadScenario(fScenario);
            if (!scenario.ok()) {
                ctx.err << formatAll(scenario.diagnostics);
                return;
            }
        }
        const Sources src = loadSources(fData);
        if (!src.ok(ctx)) return;
        // A council's own history from witan.send's transitions, in place of the DfE's.
        SettingsMap settingsMap;
        TransitionsHistory own;
        if (fromTransitions) {
            settingsMap = loadSettingsMap(fSettingsMap);
            if (!settingsMap.ok()) {
                ctx.err << formatAll(settingsMap.diagnostics);
                return;
            }
            own = loadTransitions(fTransitions, settingsMap, fName);
            if (!own.ok()) {
                ctx.err << formatAll(own.diagnostics);
                return;
            }
            const int firstJanuary = own.series.years.front().year, lastJanuary = own.series.years.back().year;
            if (forecast->count("--origin") == 0) {
                fModel.origin = lastJanuary;
            } else if (fModel.origin < firstJanuary || fModel.origin > lastJanuary) {
                ctx.err << me << ": --origin: expected a January from " << firstJanuary << " to " << lastJanuary << " (the Januaries in " << fTransitions << "), got "
                        << fModel.origin << "\n";
                return;
            }
            if (fModel.origin - firstJanuary < fModel.window) {
                ctx.err << me << ": " << fTransitions << ": a forecast needs " << fModel.window << " years of transitions up to the origin (" << fModel.window + 1
                        << " Januaries); there are " << fModel.origin - firstJanuary + 1 << ", January " << firstJanuary << " to " << fModel.origin << "\n";
                return;
            }
        }
        RunRecord rec = record(src, fModel);
        if (fromTransitions) {
            rec.inputs.push_back(own.input);
            rec.inputs.push_back(settingsMap.input);
        }
        if (!fScenario.empty()) {
            rec.scenario = scenario.name + " (" + fileName(scenario.input.file) + " sha256 " + scenario.input.sha256 + ")";
            rec.scenarioFile = &scenario;
        }
        std::vector<const AuthoritySeries*> las;
        if (fromTransitions) {
            las.push_back(&own.series);
        } else if (fAll) {
            for (const AuthoritySeries& a : src.history.authorities) las.push_back(&a);
        } else {
            std::string why;
            const AuthoritySeries* a = findAuthority(src.history, fLa, why);
            if (!a) {
                ctx.err << me << ": --la: " << why << "\n";
                return;
            }
            las.push_back(a);
        }
        std::vector<CohortInputs> inputs(las.size());
        std::vector<Simulations> sims(las.size());
        for (std::size_t i = 0; i < las.size(); ++i) {
            std::string why;
            inputs[i] = estimate(*las[i], src.history.england, src.shape, fModel, why);
            if (!why.empty()) {
                ctx.err << me << ": " << las[i]->code << ": " << why << "\n";
                return;
            }
            if (fromTransitions) {
                std::string needs;
                for (const std::string& n : own.needs) needs += (needs.empty() ? "" : ", ") + n;
                inputs[i].notes.push_back("From " + fileName(fTransitions) + " (witan.send's transitions, " + std::to_string(own.rows) +
                                          " rows). Need is read (" + needs + ") but not yet modelled: the forecast is by age and setting.");
            }
        }
        if (fAll) {  // authorities in parallel, each on one thread (the figures are the same either way)
            ModelSettings one = fModel;
            one.threads = 1;
            parallelFor(las.size(), workerThreads(las.size(), 1, fModel.threads), [&](unsigned, std::size_t begin, std::size_t end) {
                for (std::size_t i = begin; i < end; ++i) sims[i] = simulate(inputs[i], one);
            });
        } else {
            sims[0] = simulate(inputs[0], fModel);
        }
        Prices prices;
        if (rules.ok()) {
            prices = priceYears(Banding(rules.ruleSet), mix, fModel.origin, fModel.years, *uplift / Num(100));
            if (!prices.error.empty()) {
                ctx.err << me << ": " << prices.error << "\n";
                return;
            }
            rec.rules = rules.ruleSet.get();
            rec.uplift = uplift->toString();
            rec.pricingNotes = prices.notes;
            rec.inputs.push_back(mix.input);
        }
        // A scenario may assume its own uplift beyond the rule set.
        Prices scenarioPrices = prices;
        if (rules.ok() && scenario.upliftPercent) {
            scenarioPrices = priceYears(Banding(rules.ruleSet), mix, fModel.origin, fModel.years, *scenario.upliftPercent / Num(100));
            if (!scenarioPrices.error.empty()) {
                ctx.err << me << ": " << scenarioPrices.error << "\n";
                return;
            }
            rec.scenarioUplift = scenario.upliftPercent->toString();
        }
        auto spendOf = [&](const Simulations& sm, const Prices& at) { return Spend{spendPence(sm, startCross(inputs[0]), at), sm.simulations, sm.years}; };
        // The spend table goes after the plans, before the cuts by setting group.
        auto withSpend = [&](std::string text, const Spend& sp) {
            if (!rules.ok()) return text;
            text.insert(text.find("By setting group"), spendText(sp, fModel, rec));
            return text;
        };
        if (xlsx) {
            const AuthoritySeries& a = *las[0];
            ForecastWorkbook w;
            w.title = a.name + " (" + a.code + "): EHC plans forecast from January " + std::to_string(fModel.origin) + " (sendband)";
            for (int y = 0; y < fModel.years; ++y) w.januaries.push_back("January " + std::to_string(fModel.origin + y + 1));
            const std::string how = "Median of " + std::to_string(fModel.simulations) +
                                    " simulations and the 80% range (p10 to p90), by the DfE's placement categories and age on 31 August. Method: docs/forecast.md.";
            const Spend spend = rules.ok() ? spendOf(sims[0], prices) : Spend{};
            const std::function<Summary(int)> noSpend;
            w.runs.push_back(workbookRun("Placements", how, fModel.years, [&](int y, std::size_t c) { return summarise(sims[0], y, c); },
                                         rules.ok() ? std::function<Summary(int)>([&](int y) { return spend.at(y); }) : noSpend));
            Simulations sc;
            Spend scSpend;
            if (!fScenario.empty()) {
                sc = simulate(inputs[0], fModel, &scenario);
                if (rules.ok()) scSpend = spendOf(sc, scenarioPrices);
                w.runs.push_back(workbookRun("Placements (scenario)", "Scenario: " + scenario.name + ". " + how, fModel.years,
                                             [&](int y, std::size_t c) { return summarise(sc, y, c); },
                                             rules.ok() ? std::function<Summary(int)>([&](int y) { return scSpend.at(y); }) : noSpend));
                w.runs.push_back(workbookRun("Placements (difference)",
                                             "The scenario less the baseline, simulation by simulation (the same seed): its effect, not chance. " + how, fModel.years,
                                             [&](int y, std::size_t c) { return summariseDifference(sc, sims[0], y, c); },
                                             rules.ok() ? std::function<Summary(int)>([&](int y) { return scSpend.difference(spend, y); }) : noSpend));
            }
            if (rules.ok()) {
                for (int y = 0; y < fModel.years; ++y) w.financialYears.push_back(financialYearName(fModel.origin + y));
                w.spendBasis = "Spend by financial year: 5/12 of the January before it and 7/12 of the January after it, at " + rules.ruleSet->metadata.authority +
                               "'s amounts for the band mix. Median and 80% range of the simulations.";
                for (const std::string& n : prices.notes) w.spendBasis += " " + n + ".";
            }
            w.needNote = {"Need is not forecast: the DfE's history for an authority (SEN2, 2010-2022) has no primary need, so neither has this forecast.",
                          "England's plans by primary need and age in January 2025 are in data/dfe/ehcp_need_by_age_jan2025.csv (DfE, Open Government Licence v3.0)."};
            w.record = recordLines(rec);
            for (const std::string& n : inputs[0].notes) w.record.emplace_back("note", n);
            if (const std::string e = writeForecastXlsx(w, fOut); !e.empty()) {
                ctx.err << me << ": " << e << "\n";
                return;
            }
            ctx.out << "Wrote the forecast for " << a.name << " (" << a.code << "), " << fModel.years << " Januaries from " << fModel.origin
                    << (rules.ok() ? ", with spend," : "") << (fScenario.empty() ? "" : " and the scenario beside the baseline,") << " to " << fOut << "\n";
            ctx.exitCode = kOk;
            return;
        }
        std::string out;
        if (!fAll && !fScenario.empty()) {
            const Simulations& base = sims[0];
            const Simulations sc = simulate(inputs[0], fModel, &scenario);
            const SummaryOf ofBase = [&](int y, std::size_t c) { return summarise(base, y, c); };
            const SummaryOf ofScenario = [&](int y, std::size_t c) { return summarise(sc, y, c); };
            const SummaryOf ofDifference = [&](int y, std::size_t c) { return summariseDifference(sc, base, y, c); };
            const Spend baseSpend = rules.ok() ? spendOf(base, prices) : Spend{}, scSpend = rules.ok() ? spendOf(sc, scenarioPrices) : Spend{};
            const auto spendBase = [&](int y) { return baseSpend.at(y); };
            const auto spendScenario = [&](int y) { return scSpend.at(y); };
            const auto spendDifference = [&](int y) { return scSpend.difference(baseSpend, y); };
            if (fFormat == "text") {
                out = withSpend(forecastText(*las[0], inputs[0], base, rec), baseSpend);
                const std::size_t at = out.find("Run record");
                std::string block = scenarioText(base, sc, scenario, fModel);
                if (rules.ok()) {
                    std::vector<std::vector<std::string>> rows{{"financial year", "baseline spend", "scenario spend", "difference", "80% range"}};
                    for (int y = 0; y < fModel.years; ++y) {
                        const Summary d = spendDifference(y);
                        rows.push_back({financialYearName(fModel.origin + y), pounds(spendBase(y).p(50)), pounds(spendScenario(y).p(50)), pounds(d.p(50)), poundsRange(d)});
                    }
                    block += "Spend beside the baseline: medians, and the difference simulation by simulation\n" + textTable(rows, 1) + "\n";
                }
                out.insert(at, block);
            } else if (fFormat == "csv") {
                out = "run,la_code,year,cut,group,mean,p5,p10,p25,p50,p75,p90,p95\n";
                out += forecastCsv(*las[0], fModel.years, ofBase, fModel, "baseline");
                if (rules.ok()) out += spendCsv(*las[0], fModel.years, spendBase, fModel, "baseline");
                out += forecastCsv(*las[0], fModel.years, ofScenario, fModel, "scenario");
                if (rules.ok()) out += spendCsv(*las[0], fModel.years, spendScenario, fModel, "scenario");
                out += forecastCsv(*las[0], fModel.years, ofDifference, fModel, "difference");
                if (rules.ok()) out += spendCsv(*las[0], fModel.years, spendDifference, fModel, "difference");
            } else {
                nlohmann::ordered_json j = forecastJson(*las[0], inputs[0], base, rec);
                const nlohmann::ordered_json run = j["run"];
                j.erase("run");
                if (rules.ok()) j["spend"] = spendJson(fModel.years, spendBase, fModel);
                j["scenario"] = cutsJson(fModel.years, ofScenario, rec);
                if (rules.ok()) j["scenario"]["spend"] = spendJson(fModel.years, spendScenario, fModel);
                j["difference"] = cutsJson(fModel.years, ofDifference, rec);
                if (rules.ok()) j["difference"]["spend"] = spendJson(fModel.years, spendDifference, fModel);
                j["run"] = run;
                out = j.dump(2) + "\n";
            }
        } else if (!fAll) {
            const Spend spend = rules.ok() ? spendOf(sims[0], prices) : Spend{};
            const auto spendAt = [&](int y) { return spend.at(y); };
            if (fFormat == "text") {
                out = withSpend(forecastText(*las[0], inputs[0], sims[0], rec), spend);
            } else if (fFormat == "csv") {
                out = forecastCsv(*las[0], fModel.years, [&](int y, std::size_t c) { return summarise(sims[0], y, c); }, fModel);
                if (rules.ok()) out += spendCsv(*las[0], fModel.years, spendAt, fModel);
            } else {
                nlohmann::ordered_json j = forecastJson(*las[0], inputs[0], sims[0], rec);
                if (rules.ok()) {
                    const nlohmann::ordered_json run = j["run"];
                    j.erase("run");
                    j["spend"] = spendJson(fModel.years, spendAt, fModel);
                    j["run"] = run;
                }
                out = j.dump(2) + "\n";
            }
        } else if (fFormat == "csv") {
            out = "la_code,year,p10,p50,p90\n";
            for (std::size_t i = 0; i < las.size(); ++i)
                for (int y = 0; y < fModel.years; ++y) {
                    const Summary t = summarise(sims[i], y, kTotal);
                    out += las[i]->code + "," + std::to_string(fModel.origin + y + 1) + "," + std::to_string(t.p(10)) + "," + std::to_string(t.p(50)) + "," +
                           std::to_string(t.p(90)) + "\n";
                }
        } else if (fFormat == "json") {
            nlohmann::ordered_json j;
            j["authorities"] = nlohmann::ordered_json::array();
            for (std::size_t i = 0; i < las.size(); ++i) {
                nlohmann::ordered_json a = forecastJson(*las[i], inputs[i], sims[i], rec);
                a.erase("run");
                j["authorities"].push_back(std::move(a));
            }
            j["run"] = recordJson(rec);
            out = j.dump(2) + "\n";
        } else {
            out = "EHC plans in force each January, forecast from January " + std::to_string(fModel.origin) + " for every authority: median (80% range).\n";
            out += "Method, assumptions and measured accuracy: docs/forecast.md.\n\n";
            std::vector<std::vector<std::string>> rows;
            std::vector<std::string> head{"code", "authority", std::to_string(fModel.origin)};
            for (int y = 0; y < fModel.years; ++y) head.push_back(std::to_string(fModel.origin + y + 1));
            rows.push_back(head);
            std::vector<double> sumOrigin(1, 0);
            for (std::size_t i = 0; i < las.size(); ++i) {
                std::vector<std::string> r{las[i]->code, las[i]->name, whole(inputs[i].originTotal)};
                for (int y = 0; y < fModel.years; ++y) {
                    const Summary t = summarise(sims[i], y, kTotal);
                    r.push_back(whole(t.p(50)) + " (" + range(t) + ")");
                }
                rows.push_back(std::move(r));
            }
            out += textTable(rows, 2) + "\n" + recordText(rec);
        }
        ctx.out << out;
        ctx.exitCode = kOk;
    });

    static std::string la, by = "setting", format = "text", data;
    auto* c = forecast->add_subcommand("history", "An authority's EHC plans in force each January 2010-2022 (DfE SEN2), by setting group or age band");
    c->add_option("--la", la, "The local authority: its 9-character code (E06000015), its 3-digit code (831) or its name (Derby)")->required();
    c->add_option("--by", by, "setting (default) or age")->check(CLI::IsMember({"setting", "age"}));
    c->add_option("--format", format, "text (default) or csv")->check(CLI::IsMember({"text", "csv"}));
    c->add_option("--data", data, "Folder with the DfE tables (default: the shipped data/dfe)");
    c->callback([&ctx] {
        ctx.exitCode = kBadInput;
        const std::string dir = dataFolder(data);
        const PublicHistory h = loadPublicHistory(dir + "/" + kSettingTable, dir + "/" + kAgeTable);
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

    static std::vector<int> bOrigins{2015, 2016, 2017, 2018, 2019};
    static std::vector<std::string> bLas;
    static bool bTune = false;
    static ModelSettings bModel;
    static std::string bData;
    auto* bt = forecast->add_subcommand("backtest", "How the forecast would have done: forecasts made at past Januaries against the DfE's later counts, beside four baselines; exit 1 if it does not beat them or its 80% ranges do not hold 70-90%");
    bt->add_option("--origins", bOrigins, "The last Januaries seen (default 2015 2016 2017 2018 2019)")->expected(1, 20);
    bt->add_option("--las", bLas, "Only these authorities (codes, 3-digit codes or names; default all 152)")->expected(1, 200);
    bt->add_option("--sims", bModel.simulations, "Simulations per forecast (default 1000)");
    bt->add_option("--seed", bModel.seed, "The random seed (default 20221)");
    bt->add_option("--threads", bModel.threads, "Threads (default: every core)");
    bt->add_flag("--tune", bTune, "Choose the fitting parameters by the back-test and print what was tried (slow)");
    bt->add_option("--data", bData, "Folder with the DfE tables (default: the shipped data/dfe)");
    bt->callback([&ctx] {
        ctx.exitCode = kBadInput;
        const char* me = "sendband forecast backtest";
        for (int o : bOrigins)
            if (o < 2012 || o > 2021) {
                ctx.err << me << ": --origins: expected Januaries from 2012 to 2021 (a later year must be there to compare with), got " << o << "\n";
                return;
            }
        if (bModel.simulations < 1 || bModel.simulations > 100000) {
            ctx.err << me << ": --sims: expected 1 to 100000, got " << bModel.simulations << "\n";
            return;
        }
        const Sources src = loadSources(bData);
        if (!src.ok(ctx)) return;
        BacktestSettings bs;
        bs.origins = bOrigins;
        std::sort(bs.origins.begin(), bs.origins.end());
        bs.model = bModel;
        for (const std::string& q : bLas) {
            std::string why;
            const AuthoritySeries* a = findAuthority(src.history, q, why);
            if (!a) {
                ctx.err << me << ": --las: " << why << "\n";
                return;
            }
            bs.authorities.push_back(a->code);
        }
        if (bTune) {
            std::string report;
            bs.model = tune(src.history, src.shape, bs, report);
            ctx.out << report << "\n";
        }
        const BacktestResult r = backtest(src.history, src.shape, bs);
        std::string out = "Back-test: forecasts made with the Januaries up to ";
        for (std::size_t i = 0; i < bs.origins.size(); ++i) out += (i ? (i + 1 == bs.origins.size() ? " and " : ", ") : "") + std::to_string(bs.origins[i]);
        out += " for " + std::to_string(r.authorities) + (r.authorities == 1 ? " authority" : " authorities") + " (" + std::to_string(r.cases) +
               " forecasts), each against the DfE's count 1, 2 and 3 years later.\n";
        out += std::to_string(bs.model.simulations) + " simulations each, seed " + std::to_string(bs.model.seed) + "; " + settingsText(bs.model) + ".\n\n";
        out += "Median absolute error across authorities (in brackets: the error of their sum, England's total)\n";
        auto p = [](double v) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.1f%%", v);
            return std::string(buf);
        };
        std::vector<std::vector<std::string>> rows{{"method", "1 year", "2 years", "3 years"}};
        for (const MethodScore& m : r.methods) {
            std::vector<std::string> row{m.name};
            for (std::size_t k = 0; k < m.mdape.size(); ++k) row.push_back(p(m.mdape[k]) + " (" + p(m.englandError[k]) + ")");
            rows.push_back(std::move(row));
        }
        out += textTable(rows, 1) + "\n";
        out += "Outcomes inside the forecast's ranges (a 50% range should hold about half, an 80% range about 8 in 10)\n";
        std::vector<std::vector<std::string>> cover{{"range", "1 year", "2 years", "3 years"}};
        std::vector<std::string> r50{"50% (p25 to p75)"}, r80{"80% (p10 to p90)"};
        for (std::size_t k = 0; k < r.methods[0].in50.size(); ++k) {
            r50.push_back(p(r.methods[0].in50[k]));
            r80.push_back(p(r.methods[0].in80[k]));
        }
        cover.push_back(r50);
        cover.push_back(r80);
        out += textTable(cover, 1) + "\n" + r.verdict();
        ctx.out << out;
        ctx.exitCode = r.passes() ? kOk : kFailed;
    });

    static std::string benchData;
    auto* bench = forecast->add_subcommand("bench", "Time the forecaster: 1,000 simulations x 10 years for an authority of about 5,000 plans, every authority, and the full back-test");
    bench->add_option("--data", benchData, "Folder with the DfE tables (default: the shipped data/dfe)");
    bench->callback([&ctx] {
        ctx.exitCode = kBadInput;
        const Sources src = loadSources(benchData);
        if (!src.ok(ctx)) return;
        using Clock = std::chrono::steady_clock;
        auto seconds = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
        // The authority nearest 5,000 plans in January 2022.
        const AuthoritySeries* big = &src.history.authorities.front();
        for (const AuthoritySeries& a : src.history.authorities)
            if (std::fabs(a.years.back().total - 5000) < std::fabs(big->years.back().total - 5000)) big = &a;
        ModelSettings m;
        m.years = 10;
        std::vector<double> runs;
        for (int i = 0; i < 5; ++i) {
            const auto t0 = Clock::now();
            std::string why;
            const CohortInputs in = estimate(*big, src.history.england, src.shape, m, why);
            const Simulations s = simulate(in, m);
            const Summary sum = summarise(s, 9, kTotal);
            (void)sum;
            runs.push_back(seconds(t0, Clock::now()));
        }
        std::sort(runs.begin(), runs.end());
        const auto t1 = Clock::now();
        ModelSettings one;
        one.years = 4;
        one.threads = 1;
        const auto& las = src.history.authorities;
        parallelFor(las.size(), workerThreads(las.size(), 1, 0), [&](unsigned, std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i) {
                std::string why;
                const Simulations s = simulate(estimate(las[i], src.history.england, src.shape, one, why), one);
                (void)summarise(s, 3, kTotal);
            }
        });
        const double all = seconds(t1, Clock::now());
        const auto t2 = Clock::now();
        const BacktestResult r = backtest(src.history, src.shape, BacktestSettings{});
        const double back = seconds(t2, Clock::now());
        char buf[600];
        std::snprintf(buf, sizeof buf,
                      "sendband forecast bench (%u threads)\n"
                      "1,000 simulations x 10 years, %s (%s plans in January 2022): median %.3f s of 5 runs (fastest %.3f s); target under 1 s\n"
                      "every authority (%zu), 1,000 simulations x 4 years: %.2f s; target under 30 s\n"
                      "the full back-test (%d forecasts of 1,000 simulations x 3 years): %.1f s; target under 120 s\n",
                      workerThreads(1000, 50, 0), big->name.c_str(), whole(big->years.back().total).c_str(), runs[2], runs[0], las.size(), all, r.cases, back);
        ctx.out << buf;
        ctx.exitCode = kOk;
    });
}

}  // namespace sendband::cli
