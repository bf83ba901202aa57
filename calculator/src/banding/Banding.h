// Banding: (needs profile, rule set, as-of date) -> Decision, with every value that produced it.
#pragma once
#include "core/Money.h"
#include "banding/Profile.h"
#include "rules/RuleSet.h"

#include <optional>
#include <string>
#include <vector>

namespace sendband {

struct ComponentResult {
    Num exact;     // per year, before rounding
    Money annual;  // rounded once under the rule set's rounding
};

// The outcome of banding one profile. Reusable: deciding into the same Decision again
// reuses its storage, so banding a caseload allocates nothing per profile.
struct Decision {
    bool ok = false;
    std::string error;          // plain English, when !ok
    std::string errorField;     // the profile field or rule the error is about

    Date asOf{};
    int band = -1;
    int matchedRule = -1;       // rules method: which rule matched; -1 for otherwise
    Num score;                  // thresholds method
    const TariffPeriod* tariffPeriod = nullptr;
    bool tariffFromSchool = false;
    Num tariffRate;             // in tariffPeriod->per units
    // The figure that set annual_tariff: the tariff period's amount for `figureUnit` (a year for
    // a decision; the pro-rata unit for a piece of a period) when one is stated, in `per` or
    // `also_per`; otherwise the `per` amount converted to a year (figureStated false).
    Per figureUnit = Per::Year;
    Num figure;
    bool figureStated = false;
    bool publishedFigures = false;  // the tariff period has also_per figures for this band and setting
    bool needsApproval = false; // the band's amount must be approved before it is paid
    bool overridden = false;    // the band was set by decideWithBand, not by the rules
    std::vector<ComponentResult> components;  // parallel to RuleSet::components
    std::vector<Num> slots;     // every evaluated value, for the explanation

    Money topUp() const { return components.empty() ? Money() : components[0].annual; }
    Money place() const { return components.size() < 2 ? Money() : components[1].annual; }
};

// One piece of a period: a stretch of days under one tariff period within one unit
// (financial year, month or term) of the pro-rata rule.
struct PeriodSegment {
    Date from{}, to{};
    std::string unit;       // "2024-25", "Sep 2024", "Autumn 2024"
    Num fraction;           // share of the annual amount this segment is paid
    std::string tariffId;
    std::vector<Num> annual;  // exact annual amount of each component in this segment
    // The tariff figure the segment is paid from, when its period has also_per figures.
    bool publishedFigures = false;
    Per figureUnit = Per::Year;
    Num figure;
    bool figureStated = false;  // `figure` is published (in per or also_per), not converted
    bool holdsAward = false;  // the award date falls in this segment: lines paid once are paid here
};

struct PeriodAmount {
    bool ok = false;
    std::string error;
    Date from{}, to{};
    std::vector<PeriodSegment> segments;
    std::vector<Money> total;  // per component: the sum of segments, rounded once
    // Lines paid once (paid: once) are paid in full when the award date is in the period, at
    // their amount as decided on awardDecided, and not at all otherwise.
    Date awardDate{}, awardDecided{};
    bool awardPaid = false;
};

class Banding {
public:
    explicit Banding(RuleSetPtr rs);
    const RuleSet& ruleSet() const { return *rs_; }
    const RuleSetPtr& ruleSetPtr() const { return rs_; }

    // Bands `p` as of `asOf`. Returns out.ok; on failure out.error says why.
    bool decide(const Profile& p, const Date& asOf, Decision& out) const;
    // The same, but in band `band` (an index into RuleSet::bands) whatever the rules say: the
    // money an officer's override would mean. The rules' own band is still traced in `score`.
    bool decideWithBand(const Profile& p, const Date& asOf, int band, Decision& out) const;

    // The amount paid for `from`..`to` inclusive under the rule set's pro-rata rule. Each
    // segment is decided as of its own first day, so a tariff change mid-period is honoured, and
    // is paid from the tariff's figure for the pro-rata unit (a term's published amount under
    // pro rata by terms) where one is stated. Lines paid once are paid in full when the award
    // date `paidOn` is in the period, and not at all otherwise, at their amount as decided on
    // `decided`. `decided` defaults to `from`; `paidOn` to `decided` (the placement's start, when
    // it is later than the decision, is the caller's to give).
    PeriodAmount amountFor(const Profile& p, const Date& from, const Date& to, std::optional<Date> decided = std::nullopt,
                           std::optional<Date> paidOn = std::nullopt) const;

    // The same totals without the segment detail, reusing `scratch` and the output vectors, for
    // whole caseloads: no allocation per plan once they have grown. `band` >= 0 prices every
    // piece in that band (an override in force, as decideWithBand) instead of the rules' band.
    bool amountTotals(const Profile& p, const Date& from, const Date& to, Decision& scratch, std::vector<Num>& exact,
                      std::vector<Money>& total, std::string& error, int band = -1, std::optional<Date> decided = std::nullopt,
                      std::optional<Date> paidOn = std::nullopt) const;

private:
    bool decideIn(const Profile& p, const Date& asOf, int forcedBand, Per payUnit, Decision& out) const;
    bool decideExact(const Profile& p, const Date& asOf, int forcedBand, Per payUnit, Decision& out) const;
    struct Award {
        Date decided, paidOn;
    };
    bool accumulateExact(const Profile& p, const Date& from, const Date& to, const Award& award, Decision& dec, std::vector<Num>& totals,
                         std::vector<PeriodSegment>* segments, std::string& error, int forcedBand) const;
    bool accumulate(const Profile& p, const Date& from, const Date& to, const Award& award, Decision& dec, std::vector<Num>& totals,
                    std::vector<PeriodSegment>* segments, std::string& error, int forcedBand = -1) const;
    bool fail(Decision& out, std::string field, std::string message) const;
    RuleSetPtr rs_;
    std::vector<Num> domainWeight_, domainArea_, domainId_;  // per-domain constants for aggregates
    std::vector<std::pair<std::int64_t, int>> rangeStart_;  // thresholds method: (from, band), ascending
};

}  // namespace sendband
