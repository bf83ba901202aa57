#include "banding/Banding.h"

#include "banding/AgeSchedule.h"

#include <algorithm>

namespace sendband {

Banding::Banding(RuleSetPtr rs) : rs_(std::move(rs)) {
    if (rs_->bandingMethod == BandingMethod::Thresholds) {
        for (std::size_t b = 0; b < rs_->bands.size(); ++b)
            if (rs_->bands[b].from) rangeStart_.emplace_back(rs_->bands[b].from->num(), static_cast<int>(b));
        std::sort(rangeStart_.begin(), rangeStart_.end());
    }
    for (const Domain& d : rs_->domains) {
        domainWeight_.push_back(d.weight);
        domainArea_.push_back(Num(rs_->strings.find(d.area).value_or(-1)));
        domainId_.push_back(Num(rs_->strings.find(d.id).value_or(-1)));
    }
}

bool Banding::fail(Decision& out, std::string field, std::string message) const {
    out.ok = false;
    out.errorField = std::move(field);
    out.error = std::move(message);
    return false;
}

bool Banding::decide(const Profile& p, const Date& asOf, Decision& out) const { return decideWithBand(p, asOf, -1, out); }

bool Banding::decideWithBand(const Profile& p, const Date& asOf, int forcedBand, Decision& out) const {
    return decideIn(p, asOf, forcedBand, Per::Year, out);
}

bool Banding::decideIn(const Profile& p, const Date& asOf, int forcedBand, Per payUnit, Decision& out) const {
    try {
        return decideExact(p, asOf, forcedBand, payUnit, out);
    } catch (const ArithmeticOverflow& e) {
        return fail(out, "arithmetic", std::string("the amounts are too large or too finely divided to compute exactly (") + e.what() + ")");
    }
}

bool Banding::decideExact(const Profile& p, const Date& asOf, int forcedBand, Per payUnit, Decision& out) const {
    const RuleSet& rs = *rs_;
    out.ok = false;
    out.error.clear();
    out.errorField.clear();
    out.asOf = asOf;
    out.band = -1;
    out.matchedRule = -1;
    out.tariffPeriod = nullptr;
    out.tariffFromSchool = false;
    out.needsApproval = false;
    out.overridden = false;
    out.score = Num(0);
    out.tariffRate = Num(0);
    out.figureUnit = Per::Year;
    out.figure = Num(0);
    out.figureStated = false;
    out.publishedFigures = false;
    const long asOfDay = dayNumber(asOf);
    if (!rs.effectiveOnDay(asOfDay))
        return fail(out, "as_of", "the as-of date " + formatDate(asOf) + " is outside the rule set's effective period (" + rs.effectivePeriodText() + ")");
    if (p.settingIndex < 0 || static_cast<std::size_t>(p.settingIndex) >= rs.settingTypes.size())
        return fail(out, "setting", "the profile has no setting type");

    out.slots.assign(static_cast<std::size_t>(rs.slotCount), Num(0));
    Num* s = out.slots.data();
    if (!rs.usesAge) {
        // Nothing reads age or year group: skip the calendar work.
    } else if (p.dateOfBirth) {
        s[kAge] = Num(ageOn(*p.dateOfBirth, asOf));
        s[kNcYear] = Num(p.ncYear ? *p.ncYear : ncYearOn(*p.dateOfBirth, asOf));
    } else if (!p.ageSchedule.empty()) {
        // The date of birth was erased; what banding needs of it was kept (banding/AgeSchedule.h).
        const AgePiece* piece = agePieceOn(p.ageSchedule, asOfDay);
        if (!piece)
            return fail(out, "date_of_birth",
                        "the child's date of birth was erased; their age was kept for " + formatDate(fromDayNumber(p.ageSchedule.front().fromDay)) +
                            " to " + formatDate(fromDayNumber(p.ageSchedule.back().toDay)) + ", which does not include " + formatDate(asOf));
        if (rs.usesAgeInYears && !piece->age)
            return fail(out, "date_of_birth", "the child's date of birth was erased and only their year group was kept; this rule set reads their age");
        s[kNcYear] = Num(p.ncYear ? *p.ncYear : piece->ncYear);
        s[kAge] = Num(piece->age ? *piece->age : piece->ncYear + 4);
    } else if (p.ncYear) {
        s[kNcYear] = Num(*p.ncYear);
        s[kAge] = Num(*p.ncYear + 4);  // age on the 31 August before the academic year
    } else {
        return fail(out, "date_of_birth", "this rule set uses the child's age or year group: give date_of_birth or nc_year");
    }
    s[kPrimaryNeed] = Num(p.primaryNeedText);
    s[kSetting] = Num(p.settingText);
    s[kSchool] = Num(p.schoolText);
    const SettingType& st = rs.settingTypes[static_cast<std::size_t>(p.settingIndex)];
    s[kPlaceFunding] = st.placeFunding;
    s[kElement2Threshold] = st.element2Threshold;
    s[kTermsPerYear] = Num(rs.termsPerYear());
    s[kWeeksPerYear] = Num(rs.weeksPerYear);
    if (rs.usesDates) {
        s[kFinancialYear] = Num(static_cast<int>(financialYearStart(asOf).year()));
        s[kAcademicYear] = Num(static_cast<int>(asOf.year()) - (static_cast<unsigned>(asOf.month()) >= 9 ? 0 : 1));
    }
    s[kEnteredAmount] = p.enteredAmount.value_or(Num(0));

    for (std::size_t d = 0; d < rs.domains.size(); ++d) {
        const int lv = d < p.levels.size() ? p.levels[d] : Profile::kUnset;
        const Level* level = rs.domains[d].find(lv);
        if (!level) return fail(out, "levels." + rs.domains[d].id, "no valid level given for " + rs.domains[d].name);
        s[rs.domainScoreSlot0 + static_cast<int>(d)] = level->score;
        s[rs.domainLevelSlot0 + static_cast<int>(d)] = Num(lv);
    }
    for (std::size_t i = 0; i < rs.inputs.size(); ++i) {
        const auto& v = i < p.inputs.size() ? p.inputs[i] : std::nullopt;
        if (!v && !rs.inputs[i].fallback) return fail(out, "inputs." + rs.inputs[i].id, rs.inputs[i].name + " is missing");
        s[rs.inputSlot0 + static_cast<int>(i)] = v ? *v : *rs.inputs[i].fallback;
    }
    Num totalHours(0);
    for (const ProvisionItem& item : p.provision) {
        s[rs.hoursSlot0 + item.type] += item.hoursPerWeek;
        totalHours += item.hoursPerWeek;
    }
    s[kHoursTotal] = totalHours;

    const Num* perDomain[5] = {s + rs.domainScoreSlot0, s + rs.domainLevelSlot0, domainWeight_.data(), domainArea_.data(), domainId_.data()};
    Frame f{s, perDomain, static_cast<int>(rs.domains.size()), &rs.tables, &rs.strings};
    EvalError err;

    for (const NamedExpr& d : rs.derived)
        if (!d.expr.evaluate(f, s[d.slot], &err)) return fail(out, "derived." + d.id, d.name + ": " + err.message);

    int band = -1;
    switch (rs.bandingMethod) {
        case BandingMethod::Thresholds: {
            if (!rs.score->evaluate(f, out.score, &err)) return fail(out, "banding.score", err.message);
            s[kScore] = out.score;
            // Ranges are whole numbers; a fractional score belongs with its whole part.
            // The loader guarantees contiguous ranges, so the band is the last whose start is at or
            // below the score, provided the score is not past its end.
            const std::int64_t whole = out.score.floor();
            auto it = std::upper_bound(rangeStart_.begin(), rangeStart_.end(), whole,
                                       [](std::int64_t v, const std::pair<std::int64_t, int>& r) { return v < r.first; });
            if (it != rangeStart_.begin()) {
                const int b = std::prev(it)->second;
                const Band& bd = rs.bands[static_cast<std::size_t>(b)];
                if (!bd.to || whole <= bd.to->num()) band = b;
            }
            if (band < 0) return fail(out, "banding.score", "the score " + out.score.toString() + " falls in no band's range");
            break;
        }
        case BandingMethod::Rules: {
            for (std::size_t r = 0; r < rs.rules.size() && band < 0; ++r) {
                Num v;
                if (!rs.rules[r].when.evaluate(f, v, &err))
                    return fail(out, "banding.rules[" + std::to_string(r) + "]", err.message);
                if (v != Num(0)) {
                    band = rs.rules[r].band;
                    out.matchedRule = static_cast<int>(r);
                }
            }
            if (band < 0) band = rs.otherwise;
            break;
        }
        case BandingMethod::Select: {
            Num v;
            if (!rs.select->evaluate(f, v, &err)) return fail(out, "banding.band", err.message);
            for (std::size_t b = 0; b < rs.bands.size(); ++b)
                if (Num(rs.bands[b].textId) == v) band = static_cast<int>(b);
            if (band < 0) return fail(out, "banding.band", "'" + rs.select->text() + "' did not name a band");
            break;
        }
    }
    if (forcedBand >= 0) {
        if (static_cast<std::size_t>(forcedBand) >= rs.bands.size()) return fail(out, "band", "no such band");
        band = forcedBand;  // an officer's override: the same money rules, a different band
        out.overridden = true;
    }
    out.band = band;
    const Band& bd = rs.bands[static_cast<std::size_t>(band)];
    s[kBand] = Num(bd.textId);
    if (!bd.settings.empty() && std::find(bd.settings.begin(), bd.settings.end(), st.id) == bd.settings.end())
        return fail(out, "setting", "band " + bd.id + " applies only in " + [&] {
            std::string l;
            for (const auto& x : bd.settings) l += (l.empty() ? "" : ", ") + x;
            return l;
        }() + ", not in " + st.id);
    out.needsApproval = bd.needsApproval;

    switch (bd.funding) {
        case BandFunding::None:
        case BandFunding::Formula: break;
        case BandFunding::Entered:
            if (!p.enteredAmount)
                return fail(out, "entered_amount", "band " + bd.id + " (" + bd.name + ") is individually costed: give entered_amount, the agreed amount a year");
            if (bd.enteredAbove && !(*p.enteredAmount > *bd.enteredAbove))
                return fail(out, "entered_amount", "band " + bd.id + " needs an entered amount above " + Money::round(*bd.enteredAbove, rs.rounding).format() +
                                                       "; got " + Money::round(*p.enteredAmount, rs.rounding).format());
            out.tariffRate = *p.enteredAmount;
            s[kTariff] = *p.enteredAmount;
            s[kAnnualTariff] = *p.enteredAmount;
            break;
        case BandFunding::Tariff: {
            const TariffPeriod* tp = rs.tariffPeriodOnDay(asOfDay);
            if (!tp) {
                std::string list;
                for (const auto& t : rs.tariffs) list += (list.empty() ? "" : ", ") + t.id + " " + formatDate(t.from) + " to " + formatDate(t.to);
                return fail(out, "as_of", "no tariff is in force on " + formatDate(asOf) + " (tariff periods: " + list + ")");
            }
            if (!tp->unpriced.empty())
                return fail(out, "as_of", "band " + bd.id + " has no tariff on " + formatDate(asOf) + ": the rule set's period '" + tp->id + "' (" +
                                              formatDate(tp->from) + " to " + formatDate(tp->to) + ") is unpriced: " + tp->unpriced);
            out.tariffPeriod = tp;
            const std::optional<Num>* amount = &tp->amount[static_cast<std::size_t>(band)][static_cast<std::size_t>(p.settingIndex)];
            std::optional<Num> schoolAmount;
            for (const auto& sa : tp->schoolAmounts)
                if (sa.band == band && sa.school == p.school) schoolAmount = sa.value;
            if (schoolAmount) {
                out.tariffFromSchool = true;
                amount = &schoolAmount;
            }
            if (!*amount) {
                if (p.school.empty()) return fail(out, "school", "band " + bd.id + " is priced per school in " + tp->id + ": give the school");
                return fail(out, "school", "band " + bd.id + " has no tariff in " + tp->id + " for school " + p.school + " or setting type " + st.id);
            }
            out.tariffRate = **amount;
            s[kTariff] = out.tariffRate;
            switch (tp->per) {
                case Per::Year: s[kAnnualTariff] = out.tariffRate; break;
                case Per::Term: s[kAnnualTariff] = out.tariffRate * Num(rs.termsPerYear()); break;
                case Per::Month: s[kAnnualTariff] = out.tariffRate * Num(12); break;
                case Per::Week: s[kAnnualTariff] = out.tariffRate * Num(rs.weeksPerYear); break;
                case Per::Hour: s[kAnnualTariff] = Num(0); break;  // the top-up formula says how many hours
            }
            out.figure = s[kAnnualTariff];
            out.figureStated = tp->per == Per::Year;
            if (!out.tariffFromSchool) {
                // A figure the council publishes for the unit being paid is used as it stands: a
                // year's payment is the annual figure, a term's the termly one. annual_tariff is
                // then that figure at the rate of a year (a term's x terms a year), so that the
                // pro-rata share of a whole unit (1/terms) pays it exactly.
                out.publishedFigures = tp->hasPublished(band, p.settingIndex);
                if (const Num* y = tp->figure(Per::Year, band, p.settingIndex)) {
                    s[kAnnualTariff] = *y;
                    out.figure = *y;
                    out.figureStated = true;
                }
                if (payUnit == Per::Term || payUnit == Per::Month)
                    if (const Num* u = tp->figure(payUnit, band, p.settingIndex)) {
                        s[kAnnualTariff] = *u * Num(payUnit == Per::Term ? rs.termsPerYear() : 12);
                        out.figureUnit = payUnit;
                        out.figure = *u;
                        out.figureStated = true;
                    }
            }
            break;
        }
    }

    out.components.resize(rs.components.size());
    for (std::size_t c = 0; c < rs.components.size(); ++c) {
        const Component& comp = rs.components[c];
        if (!comp.expr.evaluate(f, s[comp.slot], &err)) return fail(out, "funding." + comp.id, comp.name + ": " + err.message);
        out.components[c].exact = s[comp.slot];
        out.components[c].annual = Money::round(s[comp.slot], rs.rounding);
    }
    out.ok = true;
    return true;
}

namespace {

struct Unit {
    Date from{}, to{};
    Num share;      // share of the annual amount for the whole unit
    long denom = 1; // days the share is spread over when paid daily
    std::string label;
};

const char* monthName(unsigned m) {
    static const char* n[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return n[(m - 1) % 12];
}

Unit unitContaining(const RuleSet& rs, const Date& d, bool label) {
    using namespace std::chrono;
    Unit u;
    switch (rs.proRata.basis) {
        case ProRata::Basis::Days:
            u.from = financialYearStart(d);
            u.to = financialYearEnd(d);
            u.share = Num(1);
            u.denom = rs.proRata.yearDays == 0 ? daysInclusive(u.from, u.to) : rs.proRata.yearDays;
            if (label) u.label = financialYearLabel(d);
            break;
        case ProRata::Basis::Months:
            u.from = Date{d.year(), d.month(), day{1}};
            u.to = Date{year_month_day_last{d.year(), month_day_last{d.month()}}};
            u.share = Num::ratio(1, 12);
            u.denom = daysInclusive(u.from, u.to);
            if (label) u.label = std::string(monthName(static_cast<unsigned>(d.month()))) + " " + std::to_string(static_cast<int>(d.year()));
            break;
        case ProRata::Basis::Terms: {
            const long n = dayNumber(d);
            for (const Term& t : rs.terms) {
                for (int y = static_cast<int>(d.year()) - 1; y <= static_cast<int>(d.year()); ++y) {
                    const Date start{year{y}, month{t.fromMonth}, day{t.fromDay}};
                    const bool wraps = t.toMonth < t.fromMonth || (t.toMonth == t.fromMonth && t.toDay < t.fromDay);
                    const Date end{year{wraps ? y + 1 : y}, month{t.toMonth}, day{t.toDay}};
                    if (start.ok() && end.ok() && dayNumber(start) <= n && n <= dayNumber(end)) {
                        u.from = start;
                        u.to = end;
                        if (label) u.label = t.name + " " + std::to_string(y);
                    }
                }
            }
            u.share = Num::ratio(1, rs.termsPerYear());
            u.denom = daysInclusive(u.from, u.to);
            break;
        }
    }
    return u;
}

}  // namespace

bool Banding::accumulate(const Profile& p, const Date& from, const Date& to, const Award& award, Decision& dec, std::vector<Num>& totals,
                         std::vector<PeriodSegment>* segments, std::string& error, int forcedBand) const {
    try {
        return accumulateExact(p, from, to, award, dec, totals, segments, error, forcedBand);
    } catch (const ArithmeticOverflow& e) {
        error = std::string("the amount is too large or too finely divided to compute exactly (") + e.what() + ")";
        return false;
    }
}

bool Banding::accumulateExact(const Profile& p, const Date& from, const Date& to, const Award& awardDates, Decision& dec, std::vector<Num>& totals,
                              std::vector<PeriodSegment>* segments, std::string& error, int forcedBand) const {
    const RuleSet& rs = *rs_;
    if (dayNumber(to) < dayNumber(from)) {
        error = "the period ends (" + formatDate(to) + ") before it starts (" + formatDate(from) + ")";
        return false;
    }
    totals.assign(rs.components.size(), Num(0));
    // Lines paid once: the whole sum, as decided, when the period holds the award date.
    const long awardDay = dayNumber(awardDates.paidOn);
    const bool award = rs.hasOnceLines && dayNumber(from) <= awardDay && awardDay <= dayNumber(to);
    if (award) {
        if (!decideWithBand(p, awardDates.decided, forcedBand, dec)) {
            error = formatDate(awardDates.decided) + ": " + dec.error;
            return false;
        }
        for (std::size_t c = 0; c < dec.components.size(); ++c)
            if (rs.components[c].once) totals[c] = dec.components[c].exact;
    }
    // Each piece is paid from the tariff's figure for the pro-rata unit, where one is stated.
    const Per payUnit = rs.proRata.basis == ProRata::Basis::Terms ? Per::Term : rs.proRata.basis == ProRata::Basis::Months ? Per::Month : Per::Year;
    Date d = from;
    while (dayNumber(d) <= dayNumber(to)) {
        const Unit u = unitContaining(rs, d, segments != nullptr);
        const Date segEnd = dayNumber(u.to) < dayNumber(to) ? u.to : to;
        const bool full = dayNumber(d) == dayNumber(u.from) && dayNumber(segEnd) == dayNumber(u.to);
        // Split the covered stretch where the tariff changes and, when the rule set reads age or
        // year group, where the child has a birthday or moves up a year (1 September), so that
        // each piece is decided as it stood on its own days.
        Date pieceStart = d;
        while (dayNumber(pieceStart) <= dayNumber(segEnd)) {
            long pieceEndDay = dayNumber(segEnd);
            if (const TariffPeriod* tp = rs.tariffPeriodOnDay(dayNumber(pieceStart)); tp && tp->toDay < pieceEndDay) pieceEndDay = tp->toDay;
            if (rs.usesAge && p.dateOfBirth) {
                using namespace std::chrono;
                const int y = static_cast<int>(pieceStart.year());
                for (int yy = y; yy <= y + 1; ++yy) {
                    const Date sept{year{yy}, month{9}, day{1}};
                    Date birthday{year{yy}, p.dateOfBirth->month(), p.dateOfBirth->day()};
                    if (!birthday.ok()) birthday = Date{year{yy}, month{3}, day{1}};  // 29 February in a common year
                    for (const Date& cut : {sept, birthday})
                        if (dayNumber(cut) > dayNumber(pieceStart) && dayNumber(cut) - 1 < pieceEndDay) pieceEndDay = dayNumber(cut) - 1;
                }
            } else if (rs.usesAge && !p.ageSchedule.empty()) {
                // Erased: split where the kept schedule changes, as the date of birth did.
                if (const AgePiece* a = agePieceOn(p.ageSchedule, dayNumber(pieceStart)); a && a->toDay < pieceEndDay) pieceEndDay = a->toDay;
            }
            const Date pieceEnd = fromDayNumber(pieceEndDay);
            const long pieceDays = daysInclusive(pieceStart, pieceEnd);
            Num fraction(0);
            if (full) {
                // A wholly covered unit pays exactly its share, whatever `partial` says, however its
                // days are split.
                fraction = u.share * Num::ratio(pieceDays, daysInclusive(u.from, u.to));
            } else {
                switch (rs.proRata.partial) {
                    case ProRata::Partial::Daily: fraction = u.share * Num::ratio(pieceDays, u.denom); break;
                    case ProRata::Partial::Whole:
                        // The whole unit is paid; split it in the same proportions as the covered days.
                        fraction = u.share * Num::ratio(pieceDays, daysInclusive(d, segEnd));
                        break;
                    case ProRata::Partial::None: fraction = Num(0); break;
                }
            }
            if (!decideIn(p, pieceStart, forcedBand, payUnit, dec)) {
                error = formatDate(pieceStart) + ": " + dec.error;
                return false;
            }
            for (std::size_t c = 0; c < dec.components.size(); ++c)
                if (!rs.components[c].once) totals[c] += dec.components[c].exact * fraction;
            if (segments) {
                PeriodSegment seg;
                seg.from = pieceStart;
                seg.to = pieceEnd;
                seg.unit = u.label;
                seg.fraction = fraction;
                seg.tariffId = dec.tariffPeriod ? dec.tariffPeriod->id : "";
                for (const auto& c : dec.components) seg.annual.push_back(c.exact);
                seg.publishedFigures = dec.publishedFigures;
                seg.figureUnit = dec.figureUnit;
                seg.figure = dec.figure;
                seg.figureStated = dec.figureStated;
                seg.holdsAward = award && dayNumber(pieceStart) <= awardDay && awardDay <= pieceEndDay;
                segments->push_back(std::move(seg));
            }
            pieceStart = addDays(pieceEnd, 1);
        }
        d = addDays(segEnd, 1);
    }
    return true;
}

PeriodAmount Banding::amountFor(const Profile& p, const Date& from, const Date& to, std::optional<Date> decided, std::optional<Date> paidOn) const {
    PeriodAmount out;
    out.from = from;
    out.to = to;
    out.awardDecided = decided.value_or(from);
    out.awardDate = paidOn.value_or(out.awardDecided);
    out.awardPaid = rs_->hasOnceLines && dayNumber(from) <= dayNumber(out.awardDate) && dayNumber(out.awardDate) <= dayNumber(to);
    Decision dec;
    std::vector<Num> totals;
    if (!accumulate(p, from, to, Award{out.awardDecided, out.awardDate}, dec, totals, &out.segments, out.error)) return out;
    try {
        for (const Num& t : totals) out.total.push_back(Money::round(t, rs_->rounding));
    } catch (const ArithmeticOverflow& e) {
        out.total.clear();
        out.error = std::string("the amount is too large to compute exactly (") + e.what() + ")";
        return out;
    }
    out.ok = true;
    return out;
}

bool Banding::amountTotals(const Profile& p, const Date& from, const Date& to, Decision& scratch, std::vector<Num>& exact,
                           std::vector<Money>& total, std::string& error, int band, std::optional<Date> decided, std::optional<Date> paidOn) const {
    const Date decidedOn = decided.value_or(from);
    if (!accumulate(p, from, to, Award{decidedOn, paidOn.value_or(decidedOn)}, scratch, exact, nullptr, error, band)) return false;
    total.resize(exact.size());
    try {
        for (std::size_t c = 0; c < exact.size(); ++c) total[c] = Money::round(exact[c], rs_->rounding);
    } catch (const ArithmeticOverflow& e) {
        error = std::string("the amount is too large to compute exactly (") + e.what() + ")";
        return false;
    }
    return true;
}

}  // namespace sendband
