#include "core/FileIo.h"
#include "caseload/CaseloadGenerator.h"

#include "banding/Banding.h"
#include "caseload/Caseload.h"
#include "core/Csv.h"
#include "rules/RuleSetLoader.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace sendband {

std::string loadNeedMix(const std::string& dir, NeedMix& out) {
    out = NeedMix{};
    auto read = [&](const std::string& name, auto&& row) -> std::string {
        auto text = readFile(dir + "/" + name);
        if (!text) return "cannot read " + dir + "/" + name;
        CsvReader csv(std::move(*text));
        std::vector<std::string_view> f;
        csv.next(f);  // header
        while (csv.next(f)) {
            if (f.size() < 3) return dir + "/" + name + ":" + std::to_string(csv.line()) + ": expected at least 3 fields";
            auto n = Num::parse(f[2]);
            if (!n || !n->isInteger()) return dir + "/" + name + ":" + std::to_string(csv.line()) + ": expected a count";
            row(std::string(f[0]), std::string(f[1] == "UNKNOWN" ? "OTH" : f[1]), static_cast<long>(n->num()));
        }
        return {};
    };
    auto needIndex = [&](const std::string& need) {
        auto it = std::find(out.needs.begin(), out.needs.end(), need);
        if (it != out.needs.end()) return static_cast<std::size_t>(it - out.needs.begin());
        out.needs.push_back(need);
        for (auto& a : out.byAge) a.push_back(0);
        return out.needs.size() - 1;
    };
    out.byAge.assign(26, {});
    std::string err = read("ehcp_need_by_setting_group_jan2025.csv", [&](const std::string& g, const std::string& need, long c) {
        needIndex(need);
        out.bySetting.push_back({g, need, c});
    });
    if (!err.empty()) return err;
    return read("ehcp_need_by_age_jan2025.csv", [&](const std::string& a, const std::string& need, long c) {
        const int age = std::stoi(a);
        if (age >= 0 && age <= 25) out.byAge[static_cast<std::size_t>(age)][needIndex(need)] += c;
    });
}

namespace {

// SplitMix64: a small generator whose output is the same on every platform and library,
// unlike the standard distributions.
struct Rng {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
    double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
};

struct AgeRange {
    int lo, hi;
};
AgeRange agesFor(const std::string& group) {
    if (group == "early_years") return {2, 4};
    if (group == "post16") return {16, 25};
    if (group == "elsewhere") return {5, 25};
    return {4, 19};
}

// Typical severity of need in each setting group, on a 0..1 scale of a domain's levels.
double severityFor(const std::string& group) {
    static const std::map<std::string, double> s = {{"mainstream", 0.35}, {"resourced", 0.5}, {"special", 0.7},
                                                    {"independent_special", 0.8}, {"post16", 0.4}, {"alternative_provision", 0.55},
                                                    {"early_years", 0.4}, {"elsewhere", 0.4}};
    auto it = s.find(group);
    return it == s.end() ? 0.4 : it->second;
}

// The area of need a primary need code belongs to, in the example framework's area ids.
std::string areaFor(const std::string& need) {
    if (need == "ASD" || need == "SLCN") return "communication_interaction";
    if (need == "MLD" || need == "SLD" || need == "PMLD" || need == "SPLD") return "cognition_learning";
    if (need == "SEMH") return "semh";
    if (need == "HI" || need == "VI" || need == "MSI" || need == "PD") return "sensory_physical";
    return "";
}

// The rule set's setting type for a DfE setting group: the same id when the rule set has one,
// otherwise the nearest kind it does have.
std::string settingFor(const RuleSet& rs, const std::string& group) {
    static const std::map<std::string, std::vector<std::string>> fallback = {
        {"resourced", {"mainstream"}}, {"independent_special", {"special"}}, {"post16", {"mainstream"}},
        {"alternative_provision", {"special", "mainstream"}}, {"early_years", {"mainstream"}}, {"elsewhere", {"mainstream"}}};
    if (rs.settingIndex(group) >= 0) return group;
    if (auto it = fallback.find(group); it != fallback.end())
        for (const auto& f : it->second)
            if (rs.settingIndex(f) >= 0) return f;
    return rs.settingTypes.front().id;
}

std::string dateText(int y, int m, int d) {
    char b[16];
    std::snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
    return b;
}

}  // namespace

namespace {

// Inputs a table is looked up by, drawn together from the table's rows: a table without a
// default refuses any other value (herefordshire's hours_share has rows for 15 and 30 funded
// hours only, though the input allows 15 to 30).
struct InputTableDraw {
    std::vector<std::size_t> inputs;     // input indices, in the table's key order
    std::vector<std::vector<Num>> rows;  // the distinct rows of those keys the inputs allow
};

bool inputAllows(const InputDef& in, const Num& v) {
    if (in.wholeNumber && !v.isInteger()) return false;
    if (in.min && v < *in.min) return false;
    if (in.max && v > *in.max) return false;
    return true;
}

std::vector<InputTableDraw> inputTableDraws(const RuleSet& rs) {
    std::vector<const Expression*> exprs;
    for (const auto& d : rs.derived) exprs.push_back(&d.expr);
    if (rs.score) exprs.push_back(&*rs.score);
    for (const auto& r : rs.rules) exprs.push_back(&r.when);
    if (rs.select) exprs.push_back(&*rs.select);
    for (const auto& c : rs.components) exprs.push_back(&c.expr);
    std::vector<InputTableDraw> out;
    std::vector<bool> taken(rs.inputs.size(), false);
    const int first = rs.inputSlot0, last = rs.inputSlot0 + static_cast<int>(rs.inputs.size());
    for (const Expression* e : exprs) {
        for (const auto& lookup : e->directLookups()) {
            const Table& t = rs.tables[static_cast<std::size_t>(lookup.table)];
            if (t.fallback) continue;  // any value is looked up
            InputTableDraw draw;
            std::vector<std::size_t> keyPos;
            bool clash = false;
            for (std::size_t k = 0; k < lookup.keySlots.size(); ++k) {
                const int slot = lookup.keySlots[k];
                if (slot < first || slot >= last) continue;
                const auto in = static_cast<std::size_t>(slot - first);
                if (taken[in] || std::find(draw.inputs.begin(), draw.inputs.end(), in) != draw.inputs.end()) clash = true;
                draw.inputs.push_back(in);
                keyPos.push_back(k);
            }
            if (draw.inputs.empty() || clash) continue;  // a second table on the same input: left to the check
            for (const auto& keys : t.keys) {
                std::vector<Num> row;
                bool ok = true;
                for (std::size_t j = 0; j < keyPos.size() && ok; ++j) {
                    row.push_back(keys[keyPos[j]]);
                    ok = inputAllows(rs.inputs[draw.inputs[j]], row.back());
                }
                if (ok && std::find(draw.rows.begin(), draw.rows.end(), row) == draw.rows.end()) draw.rows.push_back(std::move(row));
            }
            if (draw.rows.empty()) continue;
            for (const std::size_t in : draw.inputs) taken[in] = true;
            out.push_back(std::move(draw));
        }
    }
    return out;
}

// Smallest integer >= v.
std::int64_t ceilOf(const Num& v) { return Num(v.floor()) == v ? v.floor() : v.floor() + 1; }

}  // namespace

GeneratedCaseload generateCaseload(const RuleSetPtr& rules, const NeedMix& mix, const GeneratorOptions& opt) {
    const RuleSet& rs = *rules;
    GeneratedCaseload result;
    if (!rs.effectiveOn(opt.asOf)) {
        result.error = "--as-of: the as-of date " + formatDate(opt.asOf) + " is outside the rule set's effective period (" +
                       rs.effectivePeriodText() +
                       "), so no plan can be banded as of it";
        return result;
    }
    Rng rng{opt.seed * 0x2545F4914F6CDD1DULL + 1};
    long total = 0;
    for (const auto& c : mix.bySetting) total += c.count;

    // A pool of schools per setting type, sized like a mid-sized authority's.
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> schools;
    const std::size_t scale = std::max<std::size_t>(1, opt.plans / 3000);
    auto poolFor = [&](const std::string& setting) -> const std::vector<std::pair<std::string, std::string>>& {
        auto& pool = schools[setting];
        if (pool.empty()) {
            for (const auto& s : rs.schools)
                if (s.settingType == setting) pool.emplace_back(s.id, s.name);
            if (pool.empty()) {
                const std::size_t n = (setting == "mainstream" ? 90 : setting == "special" ? 8 : 6) * scale;
                const std::size_t settingNo = schools.size();
                for (std::size_t i = 0; i < n; ++i) {
                    char urn[16];
                    std::snprintf(urn, sizeof urn, "%06zu", 900000 + settingNo * 10000 + i);
                    pool.emplace_back(urn, "Synthetic " + setting + " " + std::to_string(i + 1));
                }
            }
        }
        return pool;
    };
    static const char* officers[] = {"A. Officer", "B. Caseworker", "C. Coordinator", "D. Lead", "E. Panel", "F. Officer"};

    std::string& out = result.csv;
    const auto cols = caseloadColumns(rs);
    csvRecord(out, cols);
    // Each row is checked as `band --caseload --as-of AS_OF` checks it (parsed, banded, and its
    // amount for the financial year of the as-of date computed); a row the rule set refuses is
    // drawn again. Individually costed bands need an amount: one is entered where needed.
    const Banding banding(rules);
    CaseloadParser parser(rs);
    {
        const std::vector<std::string_view> header(cols.begin(), cols.end());
        std::vector<CaseloadError> errors;
        if (!parser.header(header, errors)) {
            result.error = errors.front().format("the generated header");
            return result;
        }
    }
    const long fyFrom = dayNumber(financialYearStart(opt.asOf)), fyTo = dayNumber(financialYearEnd(opt.asOf));
    const auto tableDraws = inputTableDraws(rs);
    std::vector<int> drawOfInput(rs.inputs.size(), -1);
    for (std::size_t g = 0; g < tableDraws.size(); ++g)
        for (const std::size_t in : tableDraws[g].inputs) drawOfInput[in] = static_cast<int>(g);
    const auto enteredCol = static_cast<std::size_t>(std::find(cols.begin(), cols.end(), "entered_amount") - cols.begin());
    Decision decision, scratch;
    PlanRecord rec;
    std::vector<CaseloadError> errors;
    std::vector<std::string_view> fields;
    std::vector<Num> exact;
    std::vector<Money> amount;
    std::string amountError;
    // Parses and bands `row` as `band --caseload` does; on a refusal sets `why` and returns false.
    auto accepted = [&](const std::vector<std::string>& row, CaseloadError& why) {
        fields.assign(row.begin(), row.end());
        errors.clear();
        if (!parser.row(fields, 2, rec, errors, 1)) {
            why = errors.front();
            return false;
        }
        if (!banding.decide(rec.profile, opt.asOf, decision)) {
            why = {2, decision.errorField, decision.error};
            return false;
        }
        long a = fyFrom, b = fyTo;
        if (rec.placementStart) a = std::max(a, dayNumber(*rec.placementStart));
        if (rec.placementEnd) b = std::min(b, dayNumber(*rec.placementEnd));
        if (a <= b && !banding.amountTotals(rec.profile, fromDayNumber(a), fromDayNumber(b), scratch, exact, amount, amountError)) {
            why = {2, "placement", amountError};
            return false;
        }
        return true;
    };
    constexpr int kAttempts = 1000;
    const int asOfYear = static_cast<int>(opt.asOf.year());
    std::vector<std::int64_t> picked(tableDraws.size());
    std::vector<std::string> row;
    for (std::size_t i = 0; i < opt.plans; ++i) {
        CaseloadError why;
        bool ok = false;
        for (int attempt = 0; attempt < kAttempts && !ok; ++attempt) {
            // Setting group and need, jointly.
            long pick = static_cast<long>(rng.below(static_cast<std::uint64_t>(total)));
            const NeedMix::Cell* cell = &mix.bySetting.front();
            for (const auto& c : mix.bySetting) {
                if (pick < c.count) { cell = &c; break; }
                pick -= c.count;
            }
            // Age given need, within the ages the setting serves.
            const auto needIdx = static_cast<std::size_t>(std::find(mix.needs.begin(), mix.needs.end(), cell->need) - mix.needs.begin());
            const AgeRange range = agesFor(cell->group);
            long ageTotal = 0;
            for (int a = range.lo; a <= range.hi; ++a) ageTotal += mix.byAge[static_cast<std::size_t>(a)][needIdx];
            int age = range.lo;
            long ap = static_cast<long>(rng.below(static_cast<std::uint64_t>(std::max(1L, ageTotal))));
            for (int a = range.lo; a <= range.hi; ++a) {
                const long c = mix.byAge[static_cast<std::size_t>(a)][needIdx];
                if (ap < c) { age = a; break; }
                ap -= c;
            }
            const int dobYear = asOfYear - age - 1 + static_cast<int>(rng.below(2));
            const std::string dob = dateText(dobYear, 1 + static_cast<int>(rng.below(12)), 1 + static_cast<int>(rng.below(28)));
            const std::string setting = settingFor(rs, cell->group);
            const auto& pool = poolFor(setting);
            const auto& school = pool[rng.below(pool.size())];
            const int startYear = asOfYear - 1 - static_cast<int>(rng.below(std::min(6, std::max(1, age - 3))));
            const std::string start = dateText(startYear, 9, 1);
            std::string end;
            if (rng.unit() < 0.12) end = dateText(asOfYear + (rng.unit() < 0.5 ? 0 : 1), 1 + static_cast<int>(rng.below(12)), 1 + static_cast<int>(rng.below(28)));
            if (!end.empty() && end < start) end.clear();
            char ref[32];
            std::string prefix = opt.authority.substr(0, 3);
            for (char& ch : prefix) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
            std::snprintf(ref, sizeof ref, "%s-%06zu", prefix.c_str(), i + 1);
            char upn[16];
            std::snprintf(upn, sizeof upn, "X%012llu", static_cast<unsigned long long>(rng.below(1000000000000ULL)));

            const double severity = severityFor(cell->group);
            const std::string area = areaFor(cell->need);
            std::fill(picked.begin(), picked.end(), -1);
            row.clear();
            for (const auto& c : cols) {
                if (c == "reference") row.push_back(ref);
                else if (c == "upn") row.push_back(upn);
                else if (c == "name") row.push_back("Child " + std::to_string(i + 1));
                else if (c == "date_of_birth") row.push_back(dob);
                else if (c == "nc_year") row.push_back("");
                else if (c == "primary_need") row.push_back(cell->need);
                else if (c == "setting_type") row.push_back(setting);
                else if (c == "school_urn") row.push_back(school.first);
                else if (c == "school_name") row.push_back(school.second);
                else if (c == "phase") row.push_back(age <= 4 ? "early years" : age <= 10 ? "primary" : age <= 15 ? "secondary" : "post-16");
                else if (c == "responsible_la") row.push_back(opt.authority);
                else if (c == "placement_start") row.push_back(start);
                else if (c == "placement_end") row.push_back(end);
                else if (c == "officer") row.push_back(officers[rng.below(6)]);
                else if (c == "assessed_on") row.push_back(dateText(asOfYear - 1, 1 + static_cast<int>(rng.below(12)), 1 + static_cast<int>(rng.below(28))));
                else if (c == "entered_amount") row.push_back("");
                else if (c.rfind("level.", 0) == 0) {
                    // One of the domain's own levels, higher where the setting and need suggest it.
                    const Domain& d = rs.domains[static_cast<std::size_t>(rs.domainIndex(c.substr(6)))];
                    double s = severity + (rng.unit() - 0.5) * 0.5 - 0.25;
                    if (!area.empty() && d.area == area) s += 0.3;
                    s = std::clamp(s, 0.0, 1.0);
                    const auto idx = static_cast<std::size_t>(s * static_cast<double>(d.levels.size() - 1) + 0.5);
                    row.push_back(std::to_string(d.levels[std::min(idx, d.levels.size() - 1)].value));
                } else if (c.rfind("input.", 0) == 0) {
                    const auto k = static_cast<std::size_t>(rs.inputIndex(c.substr(6)));
                    const InputDef& in = rs.inputs[k];
                    if (const int g = drawOfInput[k]; g >= 0) {
                        // A row of the table the input is looked up in (with the other inputs it keys).
                        const auto& draw = tableDraws[static_cast<std::size_t>(g)];
                        auto& r = picked[static_cast<std::size_t>(g)];
                        if (r < 0) r = static_cast<std::int64_t>(rng.below(draw.rows.size()));
                        const auto pos = static_cast<std::size_t>(std::find(draw.inputs.begin(), draw.inputs.end(), k) - draw.inputs.begin());
                        row.push_back(draw.rows[static_cast<std::size_t>(r)][pos].toString());
                    } else {
                        // A whole number in the input's range (0 to 100 where the range is open).
                        const std::int64_t lo = in.min ? ceilOf(*in.min) : 0;
                        const std::int64_t hi = in.max ? in.max->floor() : std::max<std::int64_t>(lo, 100);
                        if (hi < lo) row.push_back(in.min->toString());  // no whole number in range
                        else row.push_back(std::to_string(lo + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(hi - lo + 1)))));
                    }
                } else if (c.rfind("hours.", 0) == 0) {
                    row.push_back(std::to_string(rng.below(3) == 0 ? 0 : 5 + rng.below(20)));
                } else {
                    row.push_back("");
                }
            }
            ok = accepted(row, why);
            if (!ok && why.column == "entered_amount") {
                const Band& b = rs.bands[static_cast<std::size_t>(decision.band)];
                const std::int64_t above = b.enteredAbove ? b.enteredAbove->floor() : 0;
                row[enteredCol] = std::to_string(above + 1000 + static_cast<std::int64_t>(rng.below(20)) * 500);
                ok = accepted(row, why);
            }
        }
        if (!ok) {
            result.csv.clear();
            result.error = "no plan the rule set accepts as of " + formatDate(opt.asOf) + " was drawn in " + std::to_string(kAttempts) +
                           " attempts; the last was refused: " + (why.column.empty() ? "" : "column " + why.column + ": ") + why.message;
            return result;
        }
        csvRecord(out, row);
    }
    return result;
}

}  // namespace sendband
