#include "reports/Reports.h"

#include "core/Csv.h"
#include "core/FileIo.h"
#include "core/Parallel.h"
#include "core/Text.h"

#include "workflows/Reband.h"

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

// ---- shared

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

bool naturalLess(std::string_view a, std::string_view b) {
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (digit(a[i]) && digit(b[j])) {
            std::size_t ie = i, je = j;
            while (ie < a.size() && digit(a[ie])) ++ie;
            while (je < b.size() && digit(b[je])) ++je;
            std::string_view x = a.substr(i, ie - i), y = b.substr(j, je - j);
            while (x.size() > 1 && x[0] == '0') x.remove_prefix(1);
            while (y.size() > 1 && y[0] == '0') y.remove_prefix(1);
            if (x.size() != y.size()) return x.size() < y.size();
            if (x != y) return x < y;
            i = ie;
            j = je;
        } else {
            if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
            ++i;
            ++j;
        }
    }
    if ((i < a.size()) != (j < b.size())) return j < b.size();
    return a < b;
}

std::string formatPence(std::int64_t pence) { return Money::fromPence(pence).format(); }

std::string formatChange(std::int64_t pence) { return (pence > 0 ? "+" : "") + Money::fromPence(pence).format(); }

namespace {

// Plans are read one at a time (forEachCurrentPlan) into a batch of reused slots; each full batch
// is computed on every core, then folded into the report in order. Memory stays flat whatever
// the size of the caseload.
constexpr std::size_t kBatch = 8192;

// The stored rule sets a report's plans name, each looked up once (on the reading thread, before
// a batch goes parallel) and then shared read-only by every thread.
class ReportRuleSets {
public:
    explicit ReportRuleSets(CaseloadStore& store) : store_(store) {}
    void load(std::int64_t id) {
        if (id == lastId_) return;
        auto& slot = map_[id];
        if (!slot) slot = store_.storedRuleSets().banding(id);
        lastId_ = id;
    }
    const Banding& banding(std::int64_t id) const { return *map_.at(id); }

private:
    CaseloadStore& store_;
    std::int64_t lastId_ = -1;
    std::unordered_map<std::int64_t, std::shared_ptr<const Banding>> map_;
};

// One thread's profile readers, one per rule set (a reader resolves field names once).
class Readers {
public:
    ProfileDecoder& forRuleSet(const Banding& b) {
        auto it = map_.find(&b);
        if (it == map_.end()) it = map_.emplace(&b, std::make_unique<ProfileDecoder>(b.ruleSet())).first;
        return *it->second;
    }

private:
    std::unordered_map<const Banding*, std::unique_ptr<ProfileDecoder>> map_;
};

std::string decisionError(const Decision& d) { return d.errorField.empty() ? d.error : d.errorField + ": " + d.error; }

template <class Row>
void sortByKey(std::vector<Row>& v) {
    std::sort(v.begin(), v.end(), [](const Row& a, const Row& b) { return naturalLess(a.key, b.key); });
}


}  // namespace

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

// The plan's profile as stored, under the rule set of its decision, with an override's entered
// amount when the override is to an individually costed band. Returns the band to force (-1 for
// the rules' own band), or sets `problem`.
int readPlan(const CurrentPlan& p, const Banding& b, ProfileDecoder& reader, std::string& problem) {
    if (auto msg = reader.read(p.reference, p.profile, p.dateOfBirth); !msg.empty()) {
        problem = "the stored profile does not read under its rule set: " + msg;
        return -1;
    }
    if (!p.overrideInForce()) return -1;
    const RuleSet& rs = b.ruleSet();
    const int band = rs.bandIndex(p.overrideBand);
    if (band < 0) {
        problem = "the override's band " + p.overrideBand + " is not a band of the plan's rule set";
        return -1;
    }
    if (rs.bands[static_cast<std::size_t>(band)].funding == BandFunding::Entered)
        reader.mutableProfile().enteredAmount = Num::ratio(p.overrideTopUp.pence(), 100);
    return band;
}

}  // namespace

TotalsReport financialYearTotals(CaseloadStore& store, const FinancialYear& fy, TotalsBy by) {
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
                else s.other += w.total[c].pence();
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
                l.topUpPence += s.topUp;
                l.placePence += s.place;
                l.otherPence += s.other;
            };
            add(r.total);
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
        r.total = SpendLine{};
        r.plansOutsideYear = 0;
        return r;
    }
    sortByKey(r.lines);
    return r;
}

namespace {

std::string pad(std::string s, std::size_t w, bool right) {
    if (s.size() >= w) return s;
    const std::string fill(w - s.size(), ' ');
    return right ? fill + s : s + fill;
}

// Display width in characters (UTF-8 continuation bytes take no room), for names in tables.
std::size_t width(std::string_view s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::string padText(const std::string& s, std::size_t w) { return s + std::string(w > width(s) ? w - width(s) : 0, ' '); }

// A plain text table: first `leftColumns` columns left-aligned, the rest right-aligned.
std::string table(const std::vector<std::vector<std::string>>& rows, std::size_t leftColumns) {
    std::vector<std::size_t> w;
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (w.size() <= c) w.push_back(0);
            w[c] = std::max(w[c], width(row[c]));
        }
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (c) line += "  ";
            line += c < leftColumns ? padText(row[c], w[c]) : pad(row[c], w[c] + row[c].size() - width(row[c]), true);
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    return out;
}

std::string dateText(const Date& d) {
    static const char* months[] = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"};
    return std::to_string(static_cast<unsigned>(d.day())) + " " + months[static_cast<unsigned>(d.month()) - 1] + " " +
           std::to_string(static_cast<int>(d.year()));
}

std::string keyText(const std::string& key, TotalsBy by) {
    if (!key.empty()) return key;
    return by == TotalsBy::School ? "(no school)" : "(none)";
}

}  // namespace

std::string formatTotalsText(const TotalsReport& r) {
    std::string out = "Committed spend, financial year " + r.year.label + " (" + dateText(r.year.start) + " to " + dateText(r.year.end) + ")";
    if (r.by != TotalsBy::All) out += std::string(", by ") + (r.by == TotalsBy::Setting ? "setting type" : r.by == TotalsBy::Need ? "primary need" : r.by == TotalsBy::School ? "school" : "band");
    out += "\n";
    out += "Plans in the store: " + std::to_string(r.plansInStore) + "; with a placement in the year: " + std::to_string(r.total.plans) +
           "; outside the year: " + std::to_string(r.plansOutsideYear) + "\n\n";
    const bool other = r.total.otherPence != 0;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> head;
    std::size_t left = 1;
    if (r.by == TotalsBy::School) {
        head = {"school", "name"};
        left = 2;
    } else {
        head = {r.by == TotalsBy::All ? "" : r.by == TotalsBy::Setting ? "setting type" : r.by == TotalsBy::Need ? "primary need" : "band"};
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
    for (const SpendLine& l : r.lines) row(l, keyText(l.key, r.by), l.name);
    row(r.total, "Total", "");
    out += table(rows, left);
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
            csvField(out, key);
            out += ",";
        }
        if (r.by == TotalsBy::School) {
            csvField(out, l.name);
            out += ",";
        }
        out += std::to_string(l.plans) + "," + Money::fromPence(l.topUpPence).plain() + "," + Money::fromPence(l.placePence).plain() + "," +
               Money::fromPence(l.otherPence).plain() + "," + Money::fromPence(l.totalPence()).plain() + "\n";
    };
    for (const SpendLine& l : r.lines) row(l, l.key);
    row(r.total, "Total");
    return out;
}

// ---- export

namespace {

const char* overrideStatus(const CurrentPlan& p) {
    if (!p.overrideId) return "none";
    return p.overrideInForce() ? "in_force" : p.awaitingApproval() ? "awaiting_approval" : "none";
}

struct Column {
    const char* name;
    bool identifying;
};

const std::vector<Column>& exportColumns() {
    static const std::vector<Column> c = {
        {"reference", false},       {"pseudonym", false},     {"name", true},           {"upn", true},
        {"date_of_birth", true},    {"primary_need", false},  {"setting_type", false},  {"school_urn", false},
        {"school_name", false},     {"placement_start", false}, {"placement_end", false}, {"officer", false},
        {"band", false},            {"computed_band", false}, {"override_status", false}, {"annual_top_up", false},
        {"annual_place", false},
    };
    return c;
}

// The text of column `c` for plan `p` (money as plain pounds, "1234.50").
std::string cell(const CurrentPlan& p, std::size_t c) {
    auto opt = [](const std::optional<std::string>& v) { return v ? *v : std::string(); };
    auto date = [](const std::optional<Date>& d) { return d ? formatDate(*d) : std::string(); };
    switch (c) {
        case 0: return p.reference;
        case 1: return p.pseudonym;
        case 2: return opt(p.name);
        case 3: return opt(p.upn);
        case 4: return date(p.dateOfBirth);
        case 5: return p.primaryNeed;
        case 6: return p.settingType;
        case 7: return p.schoolUrn;
        case 8: return p.schoolName;
        case 9: return date(p.placementStart);
        case 10: return date(p.placementEnd);
        case 11: return p.officer;
        case 12: return p.effectiveBand();
        case 13: return p.band;
        case 14: return overrideStatus(p);
        case 15: return p.effectiveTopUp().plain();
        case 16: return p.effectivePlace().plain();
    }
    return {};
}

constexpr std::size_t kTopUpColumn = 15, kPlaceColumn = 16;
constexpr std::size_t kDateColumns[] = {4, 9, 10};

}  // namespace

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
        csvField(out, cell(p, c));
        first = false;
    }
    out += '\n';
}

// Accumulates the summary sheets' groups as plans stream past.
class Summariser {
public:
    void add(const CurrentPlan& p) {
        ExportGroup& bs = bandSetting_[p.effectiveBand()][p.settingType];
        ExportGroup& need = need_[p.primaryNeed];
        for (ExportGroup* g : {&bs, &need, &total_}) {
            ++g->plans;
            g->topUpPence += p.effectiveTopUp().pence();
            g->placePence += p.effectivePlace().pence();
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

#ifdef SENDBAND_HAVE_XLSX
bool xlsxAvailable() { return true; }

namespace {

// The one place pence become a double: a spreadsheet cell holds an IEEE number. Every amount up
// to 2^53 pence (about 90 trillion pounds) converts exactly to the nearest representable value
// of pounds, and the cell's format shows it to the penny.
double pounds(std::int64_t pence) { return static_cast<double>(pence) / 100.0; }

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
            worksheet_write_string(ws, row, col, text.c_str(), nullptr);
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
            all.topUpPence += g.topUpPence;
            bySetting[t].plans += g.plans;
            bySetting[t].topUpPence += g.topUpPence;
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
        worksheet_write_number(bn, r, 4, pounds(g.topUpPence + g.placePence), total ? moneyBold : money);
    };
    for (std::size_t n = 0; n < s.needs.size(); ++n) needRow(static_cast<lxw_row_t>(n + 1), s.needs[n], s.byNeed[n], false);
    needRow(static_cast<lxw_row_t>(s.needs.size() + 1), "Total", s.total, true);

    const lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) return std::string("writing ") + path + " failed: " + lxw_strerror(e);
    return {};
}

}  // namespace
#else
bool xlsxAvailable() { return false; }
#endif

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

// ---- impact

namespace {

struct PlanImpact {
    std::string problem;
    int proposedBand = -1;
    std::string currentBand;  // when deciding under --from
    std::int64_t currentTopUp = 0, currentCost = 0, proposedTopUp = 0, proposedCost = 0;
};

std::int64_t annualCost(const Decision& d) {
    std::int64_t c = 0;
    for (const ComponentResult& r : d.components) c += r.annual.pence();
    return c;
}

}  // namespace

ImpactReport impactOf(CaseloadStore& store, const Banding& proposed, const Banding* current, const Date& asOf, bool listMoves,
                      JobControl* job) {
    ImpactReport r;
    checkCancelled(job);
    r.asOf = asOf;
    auto outside = [&](const RuleSet& rs, const char* which) {
        r.error = "the as-of date " + formatDate(asOf) + " is outside the " + which + " rule set's effective period (" +
                  formatDate(rs.metadata.effectiveFrom) + " to " +
                  (rs.metadata.effectiveTo ? formatDate(*rs.metadata.effectiveTo) : std::string("open-ended")) + ")";
    };
    if (!proposed.ruleSet().effectiveOn(asOf)) {
        outside(proposed.ruleSet(), "proposed");
        return r;
    }
    if (current && !current->ruleSet().effectiveOn(asOf)) {
        outside(current->ruleSet(), "current");
        return r;
    }
    const RuleSet& prs = proposed.ruleSet();
    const unsigned threads = workerThreads(kBatch, 1024);
    struct Worker {
        ProfileDecoder to;
        std::optional<ProfileDecoder> from;
        Decision d;
    };
    std::vector<Worker> workers;
    workers.reserve(threads);
    for (std::size_t t = 0; t < threads; ++t) {
        workers.push_back(Worker{ProfileDecoder(prs), std::nullopt, Decision{}});
        if (current) workers.back().from.emplace(current->ruleSet());
    }
    std::vector<CurrentPlan> batch(kBatch);
    std::vector<PlanImpact> out(kBatch);
    std::size_t n = 0;

    auto compute = [&](std::size_t t, std::size_t from, std::size_t to) {
        Worker& w = workers[t];
        Decision& d = w.d;
        for (std::size_t i = from; i < to; ++i) {
            const CurrentPlan& p = batch[i];
            PlanImpact& o = out[i];
            if (current) {
                if (auto msg = w.from->read(p.reference, p.profile, p.dateOfBirth); !msg.empty()) {
                    o.problem = "under the current rule set: " + msg;
                    continue;
                }
                if (!current->decide(w.from->profile(), asOf, d)) {
                    o.problem = "under the current rule set: " + decisionError(d);
                    continue;
                }
                o.currentBand = current->ruleSet().bands[static_cast<std::size_t>(d.band)].id;
                o.currentTopUp = d.topUp().pence();
                o.currentCost = annualCost(d);
            } else {
                o.currentTopUp = p.effectiveTopUp().pence();
                // An override records top-up and place; any other funding line is the decision's.
                o.currentCost = p.effectiveTopUp().pence() + p.effectivePlace().pence() + p.other.pence();
            }
            if (auto msg = w.to.read(p.reference, p.profile, p.dateOfBirth); !msg.empty()) {
                o.problem = "under the proposal: " + msg;
                continue;
            }
            if (!proposed.decide(w.to.profile(), asOf, d)) {
                o.problem = "under the proposal: " + decisionError(d);
                continue;
            }
            o.proposedBand = d.band;
            o.proposedTopUp = d.topUp().pence();
            o.proposedCost = annualCost(d);
        }
    };

    std::unordered_map<std::string, std::size_t> bandIx, settingIx, schoolIx;
    auto costRow = [](std::vector<ImpactCostRow>& rows, std::unordered_map<std::string, std::size_t>& ix, const std::string& key,
                      const std::string& name) -> ImpactCostRow& {
        auto it = ix.find(key);
        if (it == ix.end()) {
            it = ix.emplace(key, rows.size()).first;
            ImpactCostRow row;
            row.key = key;
            row.name = name;
            rows.push_back(std::move(row));
        }
        return rows[it->second];
    };
    auto fold = [&] {
        for (std::size_t i = 0; i < n; ++i) {
            const CurrentPlan& p = batch[i];
            const PlanImpact& o = out[i];
            if (!o.problem.empty()) {
                r.problems.push_back({p.reference, o.problem});
                continue;
            }
            if (!r.problems.empty()) continue;  // no figures once any plan fails; keep finding problems
            const std::string& currentBand = current ? o.currentBand : p.effectiveBand();
            const int oldIndex = prs.bandIndex(currentBand);
            int direction;
            if (oldIndex >= 0) direction = o.proposedBand > oldIndex ? 1 : o.proposedBand < oldIndex ? -1 : 0;
            else direction = o.proposedTopUp > o.currentTopUp ? 1 : o.proposedTopUp < o.currentTopUp ? -1 : 0;

            auto it = bandIx.find(currentBand);
            if (it == bandIx.end()) {
                it = bandIx.emplace(currentBand, r.byBand.size()).first;
                ImpactBandRow row;
                row.band = currentBand;
                r.byBand.push_back(std::move(row));
            }
            ImpactBandRow& br = r.byBand[it->second];
            ++br.plans;
            (direction > 0 ? br.up : direction < 0 ? br.down : br.same)++;
            (direction > 0 ? r.up : direction < 0 ? r.down : r.same)++;
            br.currentPence += o.currentCost;
            br.proposedPence += o.proposedCost;
            for (ImpactCostRow* row :
                 {&costRow(r.bySetting, settingIx, p.settingType, ""), &costRow(r.bySchool, schoolIx, p.schoolUrn, p.schoolName), &r.total}) {
                ++row->plans;
                row->currentPence += o.currentCost;
                row->proposedPence += o.proposedCost;
            }
            if (listMoves)
                r.moves.push_back({p.reference, currentBand, prs.bands[static_cast<std::size_t>(o.proposedBand)].id, o.currentCost, o.proposedCost,
                                   direction});
        }
    };
    auto flush = [&] {
        parallelFor(n, n < 1024 ? 1 : threads, compute);
        fold();
        if (job) {  // between batches: progress, and a cancel stops here
            job->advance(n);
            checkCancelled(job);
        }
        n = 0;
    };
    if (job) {
        job->stage("Comparing plans", static_cast<std::size_t>(store.plans().count()));
    }
    forEachCurrentPlan(store, [&](const CurrentPlan& p) {
        ++r.plans;
        batch[n] = p;
        out[n] = PlanImpact{};
        if (++n == kBatch) flush();
    });
    flush();
    if (!r.problems.empty()) {
        sortProblems(r.problems);
        r.byBand.clear();
        r.bySetting.clear();
        r.bySchool.clear();
        r.moves.clear();
        r.total = ImpactCostRow{};
        r.up = r.down = r.same = 0;
        return r;
    }
    std::sort(r.byBand.begin(), r.byBand.end(), [](const ImpactBandRow& a, const ImpactBandRow& b) { return naturalLess(a.band, b.band); });
    sortByKey(r.bySetting);
    sortByKey(r.bySchool);
    r.total.key = "Total";
    return r;
}

namespace {

// "+2.5%", "-0.3%", "0.0%"; "n/a" when the base is zero.
std::string percent(std::int64_t change, std::int64_t base) { return base == 0 ? "n/a" : formatPercent(change, base, true); }

}  // namespace

std::string formatImpactText(const ImpactReport& r, const std::string& proposedName, const std::string& currentName) {
    std::string out = "Impact of " + proposedName + " as of " + formatDate(r.asOf) + "\n";
    out += "Compared with: " + currentName + "\n";
    out += "Plans: " + std::to_string(r.plans) + "; moved up " + std::to_string(r.up) + ", down " + std::to_string(r.down) + ", stayed " +
           std::to_string(r.same) + "\n\nBy current band\n";
    std::vector<std::vector<std::string>> rows{{"band", "plans", "up", "down", "same", "current annual", "proposed annual", "change"}};
    for (const ImpactBandRow& b : r.byBand)
        rows.push_back({b.band, std::to_string(b.plans), std::to_string(b.up), std::to_string(b.down), std::to_string(b.same),
                        formatPence(b.currentPence), formatPence(b.proposedPence), formatChange(b.proposedPence - b.currentPence)});
    rows.push_back({"Total", std::to_string(r.plans), std::to_string(r.up), std::to_string(r.down), std::to_string(r.same),
                    formatPence(r.total.currentPence), formatPence(r.total.proposedPence), formatChange(r.total.changePence())});
    out += table(rows, 1);

    auto costTable = [&](const std::vector<ImpactCostRow>& v, bool school) {
        std::vector<std::vector<std::string>> t;
        if (school) t.push_back({"school", "name", "plans", "current annual", "proposed annual", "change", "change %"});
        else t.push_back({"setting type", "plans", "current annual", "proposed annual", "change", "change %"});
        for (const ImpactCostRow& c : v) {
            std::vector<std::string> row{c.key.empty() ? (school ? "(no school)" : "(none)") : c.key};
            if (school) row.push_back(c.name);
            for (std::string s : {std::to_string(c.plans), formatPence(c.currentPence), formatPence(c.proposedPence), formatChange(c.changePence()),
                                  percent(c.changePence(), c.currentPence)})
                row.push_back(std::move(s));
            t.push_back(std::move(row));
        }
        std::vector<std::string> total{"Total"};
        if (school) total.push_back("");
        for (std::string s : {std::to_string(r.total.plans), formatPence(r.total.currentPence), formatPence(r.total.proposedPence),
                              formatChange(r.total.changePence()), percent(r.total.changePence(), r.total.currentPence)})
            total.push_back(std::move(s));
        t.push_back(std::move(total));
        return table(t, school ? 2 : 1);
    };
    out += "\nChange in annual cost by setting type\n" + costTable(r.bySetting, false);
    out += "\nChange in annual cost by school\n" + costTable(r.bySchool, true);
    out += "\nTotal annual cost: current " + formatPence(r.total.currentPence) + ", proposed " + formatPence(r.total.proposedPence) + ", change " +
           formatChange(r.total.changePence()) + " (" + percent(r.total.changePence(), r.total.currentPence) + ")\n";
    return out;
}

}  // namespace sendband
