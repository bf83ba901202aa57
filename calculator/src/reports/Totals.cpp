// Totals: committed spend in a financial year, whole or grouped, pro rata to the day.
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
#include <map>
#include <memory>
#include <unordered_map>

namespace sendband {

using namespace report_support;

std::optional<FinancialYear> parseFinancialYear(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    const int y = std::stoi(std::string(text.substr(0, 4)));
    const int next = std::stoi(std::string(text.substr(5, 2)));
    if ((y + 1) % 100 != next || y < 1900) return std::nullopt;
    using namespace std::chrono;
    FinancialYear fy;
    fy.start = Date{year{y}, month{4}, day{1}};
    fy.end = Date{year{y + 1}, month{3}, day{31}};
    fy.label = std::string(text);
    return fy;
}

// ---- totals

std::optional<TotalsBy> parseTotalsBy(std::string_view text) {
    if (text == "band") return TotalsBy::Band;
    if (text == "setting") return TotalsBy::Setting;
    if (text == "school") return TotalsBy::School;
    if (text == "need") return TotalsBy::Need;
    return std::nullopt;
}

const char* totalsByName(TotalsBy by) {
    switch (by) {
        case TotalsBy::Band: return "band";
        case TotalsBy::Setting: return "setting_type";
        case TotalsBy::School: return "school_urn";
        case TotalsBy::Need: return "primary_need";
        case TotalsBy::All: break;
    }
    return "all";
}

namespace {

struct PlanSpend {
    bool covered = false;
    std::int64_t topUp = 0, place = 0, other = 0;
    std::string problem;
};

}  // namespace

TotalsReport financialYearTotals(CaseloadStore& store, const FinancialYear& fy, TotalsBy by, bool bandBySetting) {
    TotalsReport r;
    r.year = fy;
    r.by = by;
    ReportRuleSets ruleSets(store);
    const unsigned threads = workerThreads(kBatch, 1024);
    struct Worker {
        Readers readers;
        Decision scratch;
        std::vector<Num> exact;
        std::vector<Money> total;
        std::string error;
    };
    std::vector<Worker> workers(threads);
    std::vector<CurrentPlan> batch(kBatch);
    std::vector<PlanSpend> spend(kBatch);
    std::size_t n = 0;
    std::unordered_map<std::string, std::size_t> index;
    std::map<std::pair<std::string, std::string>, std::size_t> crossIndex;  // (band, setting) -> r.bandSetting
    const long fyFrom = dayNumber(fy.start), fyTo = dayNumber(fy.end);

    auto compute = [&](std::size_t t, std::size_t from, std::size_t to) {
        Worker& w = workers[t];
        for (std::size_t i = from; i < to; ++i) {
            const CurrentPlan& p = batch[i];
            PlanSpend& s = spend[i];
            long a = fyFrom, z = fyTo;
            if (p.placementStart) a = std::max(a, dayNumber(*p.placementStart));
            if (p.placementEnd) z = std::min(z, dayNumber(*p.placementEnd));
            if (a > z) continue;  // no day of the year is covered
            s.covered = true;
            const Banding& b = ruleSets.banding(p.ruleSetId);
            ProfileDecoder& reader = w.readers.forRuleSet(b);
            const int band = readPlan(p, b, reader, s.problem);
            if (!s.problem.empty()) continue;
            // Lines paid once, as decided, are paid in the year that holds the award date: the
            // decision's as-of date, or the placement's first day when the placement starts later.
            const std::optional<Date> decided = p.asOf;
            std::optional<Date> award = decided;
            if (p.placementStart && dayNumber(*p.placementStart) > dayNumber(*award)) award = p.placementStart;
            if (!b.amountTotals(reader.profile(), fromDayNumber(a), fromDayNumber(z), w.scratch, w.exact, w.total, w.error, band, decided, award)) {
                s.problem = w.error;
                continue;
            }
            for (std::size_t c = 0; c < w.total.size(); ++c) {
                if (c == 0) s.topUp = w.total[c].pence();
                else if (c == 1) s.place = w.total[c].pence();
                else s.other = Money::checkedAdd(s.other, w.total[c].pence());
            }
        }
    };
    auto fold = [&] {
        for (std::size_t i = 0; i < n; ++i) {
            const PlanSpend& s = spend[i];
            const CurrentPlan& p = batch[i];
            if (!s.problem.empty()) {
                r.problems.push_back({p.reference, s.problem});
                continue;
            }
            if (!r.problems.empty()) continue;  // no figures once any plan fails; keep finding problems
            if (!s.covered) {
                ++r.plansOutsideYear;
                continue;
            }
            auto add = [&](SpendLine& l) {
                ++l.plans;
                l.topUpPence = Money::checkedAdd(l.topUpPence, s.topUp);
                l.placePence = Money::checkedAdd(l.placePence, s.place);
                l.otherPence = Money::checkedAdd(l.otherPence, s.other);
            };
            add(r.total);
            if (bandBySetting) {
                auto [it, added] = crossIndex.try_emplace({p.effectiveBand(), p.settingType}, r.bandSetting.size());
                if (added) r.bandSetting.push_back({p.effectiveBand(), p.settingType, {}});
                add(r.bandSetting[it->second].spend);
            }
            if (by == TotalsBy::All) continue;
            const std::string& key = by == TotalsBy::Band      ? p.effectiveBand()
                                     : by == TotalsBy::Setting ? p.settingType
                                     : by == TotalsBy::School  ? p.schoolUrn
                                                               : p.primaryNeed;
            auto it = index.find(key);
            if (it == index.end()) {
                it = index.emplace(key, r.lines.size()).first;
                SpendLine l;
                l.key = key;
                if (by == TotalsBy::School) l.name = p.schoolName;
                r.lines.push_back(std::move(l));
            }
            add(r.lines[it->second]);
        }
    };
    auto flush = [&] {
        parallelFor(n, n < 1024 ? 1 : threads, compute);
        fold();
        n = 0;
    };
    forEachCurrentPlan(store, [&](const CurrentPlan& p) {
        ++r.plansInStore;
        ruleSets.load(p.ruleSetId);
        batch[n] = p;
        spend[n] = PlanSpend{};
        if (++n == kBatch) flush();
    });
    flush();
    if (!r.problems.empty()) {
        sortProblems(r.problems);
        r.lines.clear();
        r.bandSetting.clear();
        r.total = SpendLine{};
        r.plansOutsideYear = 0;
        return r;
    }
    sortByKey(r.lines);
    std::sort(r.bandSetting.begin(), r.bandSetting.end(), [](const BandSettingSpend& a, const BandSettingSpend& b) {
        if (a.band != b.band) return naturalLess(a.band, b.band);
        return naturalLess(a.setting, b.setting);
    });
    return r;
}

namespace {

std::string dateText(const Date& d) {
    static const char* months[] = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"};
    return std::to_string(static_cast<unsigned>(d.day())) + " " + months[static_cast<unsigned>(d.month()) - 1] + " " +
           std::to_string(static_cast<int>(d.year()));
}

}  // namespace

const char* const kTotalsBasis =
    "Each plan's band in force (an approved override replaces the computed band) is paid pro rata for the days of its "
    "placement in the year, under its own rule set's pro-rata rule, and rounded once per plan and funding line.";

const char* totalsByHeading(TotalsBy by) {
    switch (by) {
        case TotalsBy::Band: return "band";
        case TotalsBy::Setting: return "setting type";
        case TotalsBy::School: return "school";
        case TotalsBy::Need: return "primary need";
        case TotalsBy::All: break;
    }
    return "";
}

std::string totalsKeyText(const std::string& key, TotalsBy by) {
    if (!key.empty()) return key;
    return by == TotalsBy::School ? "(no school)" : "(none)";
}

std::string totalsTitle(const FinancialYear& fy, const std::string& byHeading) {
    std::string out = "Committed spend, financial year " + fy.label + " (" + dateText(fy.start) + " to " + dateText(fy.end) + ")";
    if (!byHeading.empty()) out += ", by " + byHeading;
    return out;
}

std::string totalsCounts(const TotalsReport& r) {
    return "Plans in the store: " + std::to_string(r.plansInStore) + "; with a placement in the year: " + std::to_string(r.total.plans) +
           "; outside the year: " + std::to_string(r.plansOutsideYear);
}

std::string formatTotalsText(const TotalsReport& r) {
    std::string out = totalsTitle(r.year, totalsByHeading(r.by)) + "\n" + totalsCounts(r) + "\n\n";
    const bool other = r.total.otherPence != 0;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> head;
    std::size_t left = 1;
    if (r.by == TotalsBy::School) {
        head = {"school", "name"};
        left = 2;
    } else {
        head = {totalsByHeading(r.by)};
    }
    for (const char* h : {"plans", "top-up", "place funding"}) head.push_back(h);
    if (other) head.push_back("other");
    head.push_back("total");
    rows.push_back(head);
    auto row = [&](const SpendLine& l, const std::string& key, const std::string& name) {
        std::vector<std::string> v{key};
        if (r.by == TotalsBy::School) v.push_back(name);
        v.push_back(std::to_string(l.plans));
        v.push_back(formatPence(l.topUpPence));
        v.push_back(formatPence(l.placePence));
        if (other) v.push_back(formatPence(l.otherPence));
        v.push_back(formatPence(l.totalPence()));
        rows.push_back(std::move(v));
    };
    for (const SpendLine& l : r.lines) row(l, totalsKeyText(l.key, r.by), l.name);
    row(r.total, "Total", "");
    out += textTable(rows, left);
    return out;
}

std::string formatTotalsCsv(const TotalsReport& r) {
    std::string out = "financial_year,";
    if (r.by != TotalsBy::All) out += std::string(totalsByName(r.by)) + ",";
    if (r.by == TotalsBy::School) out += "school_name,";
    out += "plans,top_up,place,other,total\n";
    auto row = [&](const SpendLine& l, const std::string& key) {
        out += r.year.label + ",";
        if (r.by != TotalsBy::All) {
            csvField(out, spreadsheetText(key));
            out += ",";
        }
        if (r.by == TotalsBy::School) {
            csvField(out, spreadsheetText(l.name));
            out += ",";
        }
        out += std::to_string(l.plans) + "," + Money::fromPence(l.topUpPence).plain() + "," + Money::fromPence(l.placePence).plain() + "," +
               Money::fromPence(l.otherPence).plain() + "," + Money::fromPence(l.totalPence()).plain() + "\n";
    };
    for (const SpendLine& l : r.lines) row(l, l.key);
    row(r.total, "Total");
    return out;
}

}  // namespace sendband
