#include "forecast/Pricing.h"

#include "core/Csv.h"
#include "core/FileIo.h"
#include "core/Sha256.h"

#include <algorithm>

namespace sendband::forecast {

namespace {

const char* const kBandIds[kAgeBands] = {"under_5", "5_to_10", "11_to_15", "16_to_19", "20_to_25"};
constexpr int kBandFirstAge[kAgeBands] = {0, 5, 11, 16, 20};

__extension__ typedef __int128 Wide;  // a year's spend in millionths of a penny x 12 can pass 2^63

// Millionths of a unit, exactly, or nothing when `n` has more than 6 decimal places.
std::optional<std::int64_t> micro(const Num& n) {
    const Num m = n * Num(1000000);
    if (!m.isInteger()) return std::nullopt;
    return m.num();
}

}  // namespace

std::string financialYearName(int startYear) {
    const int next = (startYear + 1) % 100;
    return std::to_string(startYear) + "-" + (next < 10 ? "0" : "") + std::to_string(next);
}

BandMix parseBandMix(std::string_view text, const std::string& name, const RuleSet& rs) {
    BandMix m;
    auto error = [&](int line, int column, const std::string& message) { m.diagnostics.push_back({name, line, column, message}); };
    std::string storage;
    CsvReader csv(std::string(normaliseLineEnds(text, storage)));
    std::vector<std::string_view> f;
    if (!csv.next(f)) {
        error(1, 1, "the file is empty (expected setting_group,age_band,setting,band,share[,amount])");
        return m;
    }
    const std::vector<std::string> wanted = {"setting_group", "age_band", "setting", "band", "share"};
    std::array<int, 6> col{-1, -1, -1, -1, -1, -1};
    for (std::size_t i = 0; i < f.size(); ++i) {
        for (std::size_t w = 0; w < wanted.size(); ++w)
            if (f[i] == wanted[w]) col[w] = static_cast<int>(i);
        if (f[i] == "amount") col[5] = static_cast<int>(i);
    }
    bool headOk = true;
    for (std::size_t w = 0; w < wanted.size(); ++w)
        if (col[w] < 0) {
            error(1, 1, "missing column '" + wanted[w] + "'");
            headOk = false;
        }
    if (!headOk) return m;
    // The rows of "all" apply to every age band of the group given no rows of its own.
    std::array<std::vector<BandMix::Entry>, kSettingGroups> all;
    std::array<std::array<bool, kAgeBands>, kSettingGroups> own{};
    std::array<std::array<int, kAgeBands + 1>, kSettingGroups> firstLine{};
    std::array<std::array<Num, kAgeBands + 1>, kSettingGroups> sum{};
    while (csv.next(f)) {
        const int line = csv.line();
        if (!csv.error().empty()) {
            error(line, 1, csv.error());
            continue;
        }
        if (f.size() == 1 && f[0].empty()) continue;
        auto field = [&](int c) { return static_cast<std::size_t>(c) < f.size() ? f[static_cast<std::size_t>(c)] : std::string_view(); };
        auto at = [&](int c) { return c + 1; };
        SettingGroup group{};
        if (!settingGroupFromId(field(col[0]), group)) {
            error(line, at(col[0]),
                  "setting_group: expected a DfE setting group (mainstream, special_state_funded, special_independent, special_non_maintained, ap_pru, "
                  "further_education, early_years_non_maintained, educated_elsewhere_neet_other_unknown), got \"" + std::string(field(col[0])) + "\"");
            continue;
        }
        std::size_t band = kAgeBands;  // "all"
        if (field(col[1]) != "all") {
            const auto it = std::find(std::begin(kBandIds), std::end(kBandIds), field(col[1]));
            if (it == std::end(kBandIds)) {
                error(line, at(col[1]), "age_band: expected under_5, 5_to_10, 11_to_15, 16_to_19, 20_to_25 or all, got \"" + std::string(field(col[1])) + "\"");
                continue;
            }
            band = static_cast<std::size_t>(it - std::begin(kBandIds));
        }
        BandMix::Entry e;
        e.setting = rs.settingIndex(field(col[2]));
        if (e.setting < 0) {
            std::string list;
            for (const SettingType& st : rs.settingTypes) list += (list.empty() ? "" : ", ") + st.id;
            error(line, at(col[2]), "setting: the rule set has no setting type \"" + std::string(field(col[2])) + "\" (it has " + list + ")");
            continue;
        }
        e.band = rs.bandIndex(field(col[3]));
        if (e.band < 0) {
            std::string list;
            for (const Band& b : rs.bands) list += (list.empty() ? "" : ", ") + b.id;
            error(line, at(col[3]), "band: the rule set has no band \"" + std::string(field(col[3])) + "\" (it has " + list + ")");
            continue;
        }
        const auto share = Num::parse(field(col[4]));
        if (!share || *share < Num(0) || *share > Num(1) || !micro(*share)) {
            error(line, at(col[4]), "share: expected a decimal from 0 to 1 with at most 6 decimal places, got \"" + std::string(field(col[4])) + "\"");
            continue;
        }
        e.share = *share;
        const Band& b = rs.bands[static_cast<std::size_t>(e.band)];
        const std::string_view amount = col[5] >= 0 ? field(col[5]) : std::string_view();
        if (b.funding == BandFunding::Entered) {
            const auto a = Num::parse(amount);
            if (!a || *a < Num(0)) {
                error(line, col[5] >= 0 ? at(col[5]) : 1,
                      "amount: band " + b.id + "'s amount is entered case by case; give the annual amount to forecast with (pounds), got \"" + std::string(amount) + "\"");
                continue;
            }
            e.amount = *a;
        } else if (!amount.empty()) {
            error(line, at(col[5]), "amount: band " + b.id + " is priced by the rule set; leave amount empty (it is for bands whose amount is entered)");
            continue;
        }
        const std::size_t g = static_cast<std::size_t>(group);
        if (band < kAgeBands && !servesAge(group, kBandFirstAge[band])) {
            error(line, at(col[1]), std::string("age_band: ") + settingGroupId(group) + " has no children aged " + ageBandName(static_cast<AgeBand>(band)) + " in the model");
            continue;
        }
        if (firstLine[g][band] == 0) firstLine[g][band] = line;
        sum[g][band] += e.share;
        if (band == kAgeBands) {
            all[g].push_back(e);
        } else {
            own[g][band] = true;
            m.mix[g][band].push_back(e);
        }
    }
    // Shares are added up only when every row was read: a refused row would make a sum wrong twice.
    for (std::size_t g = 0; g < kSettingGroups && m.diagnostics.empty(); ++g)
        for (std::size_t b = 0; b <= kAgeBands; ++b)
            if (firstLine[g][b] != 0 && sum[g][b] != Num(1))
                error(firstLine[g][b], col[4] + 1,
                      std::string("share: the shares of ") + settingGroupId(static_cast<SettingGroup>(g)) + ", " + (b == kAgeBands ? "all" : kBandIds[b]) +
                          " add up to " + sum[g][b].toString() + ", not 1");
    for (std::size_t g = 0; g < kSettingGroups; ++g)
        for (std::size_t b = 0; b < kAgeBands; ++b)
            if (!own[g][b]) m.mix[g][b] = all[g];
    // Every group and age band the model can hold children in must be priced.
    std::string missing;
    for (std::size_t g = 0; g < kSettingGroups; ++g)
        for (std::size_t b = 0; b < kAgeBands; ++b) {
            if (servesAge(static_cast<SettingGroup>(g), kBandFirstAge[b]) && m.mix[g][b].empty())
                missing += std::string(missing.empty() ? "" : ", ") + settingGroupId(static_cast<SettingGroup>(g)) + " " + kBandIds[b];
        }
    if (!missing.empty() && m.diagnostics.empty())
        error(0, 0, "no band mix for " + missing + " (give rows for each, or one with age_band all for the group)");
    if (!m.ok()) m.mix = {};
    return m;
}

BandMix loadBandMix(const std::string& file, const RuleSet& rs) {
    const auto text = readFile(file);
    if (!text) {
        BandMix m;
        m.diagnostics.push_back({file, 0, 0, "cannot read the file (is it there, and may this user read it?)"});
        return m;
    }
    BandMix m = parseBandMix(*text, file, rs);
    m.input = {file, sha256Hex(*text)};
    return m;
}

Prices priceYears(const Banding& banding, const BandMix& mix, int firstYear, int count, const Num& uplift) {
    Prices p;
    const RuleSet& rs = banding.ruleSet();
    const Date from = rs.metadata.effectiveFrom;
    // The financial years the rule set covers: those whose 1 April it is effective on, or, for
    // a rule set starting part-way through a year, its first day.
    auto fyOf = [](const Date& d) { return static_cast<int>(financialYearStart(d).year()); };
    const int firstRuled = fyOf(from);
    // Open-ended: every later year is the rule set's own.
    const int lastRuled = rs.metadata.effectiveTo ? fyOf(*rs.metadata.effectiveTo) : 1000000;
    Decision dec;
    // The annual amount of one child in (setting type, band) in a financial year the rule set covers.
    auto annual = [&](int fy, const BandMix::Entry& e, std::int64_t& pence) {
        Profile profile;
        profile.setting = rs.settingTypes[static_cast<std::size_t>(e.setting)].id;
        profile.settingIndex = e.setting;
        profile.levels.assign(rs.domains.size(), Profile::kUnset);
        for (std::size_t d = 0; d < rs.domains.size(); ++d)
            if (!rs.domains[d].levels.empty()) profile.levels[d] = rs.domains[d].levels.front().value;
        profile.inputs.resize(rs.inputs.size());
        for (std::size_t i = 0; i < rs.inputs.size(); ++i) profile.inputs[i] = rs.inputs[i].fallback;
        profile.enteredAmount = e.amount;
        Date asOf{std::chrono::year(fy), std::chrono::month(4), std::chrono::day(1)};
        if (dayNumber(asOf) < dayNumber(from)) asOf = from;
        if (!banding.decideWithBand(profile, asOf, e.band, dec)) {
            p.error = "pricing " + rs.bands[static_cast<std::size_t>(e.band)].id + " in " + profile.setting + " in " + financialYearName(fy) + ": " + dec.error;
            return false;
        }
        pence = 0;
        for (const ComponentResult& c : dec.components) pence += c.annual.pence();
        return true;
    };
    for (int i = 0; i < count; ++i) {
        const int fy = firstYear + i;
        const int ruled = std::clamp(fy, firstRuled, lastRuled);
        std::array<std::array<std::int64_t, kAgeBands>, kSettingGroups> price{};
        for (std::size_t g = 0; g < kSettingGroups; ++g)
            for (std::size_t b = 0; b < kAgeBands; ++b)
                for (const BandMix::Entry& e : mix.mix[g][b]) {
                    std::int64_t pence = 0;
                    if (!annual(ruled, e, pence)) return p;
                    // Beyond the rule set: its last year's amount, raised each year and rounded.
                    for (int k = lastRuled; k < fy; ++k) pence = Money::round((Num(pence) * (Num(1) + uplift)) / Num(100), rs.rounding).pence();
                    price[g][b] += *micro(e.share) * pence;
                }
        p.years.push_back(fy);
        p.perMicroPence.push_back(price);
    }
    if (firstYear < firstRuled)
        p.notes.push_back(financialYearName(firstYear) + (firstYear + 1 < firstRuled ? " to " + financialYearName(std::min(firstRuled - 1, firstYear + count - 1)) : "") +
                          " priced at " + financialYearName(firstRuled) + "'s amounts, the rule set's first year");
    if (firstYear + count - 1 > lastRuled)
        p.notes.push_back(financialYearName(std::max(lastRuled + 1, firstYear)) + " on priced at " + financialYearName(lastRuled) +
                          "'s amounts, the rule set's last year, raised by " + (uplift * Num(100)).toString() + "% a year (the assumed uplift), rounded to the penny each year");
    return p;
}

std::array<std::array<std::int64_t, kAgeBands>, kSettingGroups> startCross(const CohortInputs& in) {
    std::array<std::array<std::int64_t, kAgeBands>, kSettingGroups> c{};
    for (std::size_t a = 0; a < kAges; ++a)
        for (std::size_t g = 0; g < kSettingGroups; ++g) c[g][static_cast<std::size_t>(bandOfAge(static_cast<int>(a)))] += in.start[a][g];
    return c;
}

std::vector<std::int64_t> spendPence(const Simulations& sims, const std::array<std::array<std::int64_t, kAgeBands>, kSettingGroups>& start,
                                     const Prices& prices) {
    const int years = std::min<int>(sims.years, static_cast<int>(prices.years.size()));
    std::vector<std::int64_t> out(static_cast<std::size_t>(sims.simulations) * static_cast<std::size_t>(sims.years), 0);
    for (int i = 0; i < sims.simulations; ++i)
        for (int y = 0; y < years; ++y) {
            Wide twelfths = 0;  // 12 x spend, in millionths of a penny
            for (std::size_t g = 0; g < kSettingGroups; ++g)
                for (std::size_t b = 0; b < kAgeBands; ++b) {
                    const std::int64_t before = y == 0 ? start[g][b] : sims.at(i, y - 1, crossColumn(g, b));
                    const std::int64_t after = sims.at(i, y, crossColumn(g, b));
                    twelfths += static_cast<Wide>(5 * before + 7 * after) * prices.perMicroPence[static_cast<std::size_t>(y)][g][b];
                }
            // To the penny, half up (amounts are never negative).
            const Wide unit = 12 * static_cast<Wide>(1000000);
            out[static_cast<std::size_t>(i) * static_cast<std::size_t>(sims.years) + static_cast<std::size_t>(y)] =
                static_cast<std::int64_t>((twelfths + unit / 2) / unit);
        }
    return out;
}

}  // namespace sendband::forecast
