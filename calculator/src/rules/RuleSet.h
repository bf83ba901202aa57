// RuleSet: one council's banding framework, validated, immutable and identified by a hash.
#pragma once
#include "core/Date.h"
#include "rules/Expression.h"
#include "core/Money.h"
#include "core/Num.h"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sendband {

struct SourceRef {
    std::string title;
    std::string url;
};

struct Metadata {
    std::string authority;
    std::string framework;
    std::string version;
    std::string description;
    Date effectiveFrom{};
    std::optional<Date> effectiveTo;
    // Set when effective_to was not given: the rule set is then effective until its last tariff
    // period ends (effectiveTo holds that day), since nothing is priced after it.
    bool effectiveToImplied = false;
    std::vector<SourceRef> sources;
    std::vector<std::string> assumptions;  // what the encoding assumes where the source is silent
};

struct Level {
    int value = 0;
    Num score;
    std::string label;
    std::string descriptor;
};

struct Domain {
    std::string id;
    std::string name;
    std::string area;
    Num weight{1};
    std::vector<Level> levels;  // ascending by value
    const Level* find(int value) const {
        for (const Level& l : levels)
            if (l.value == value) return &l;
        return nullptr;
    }
};

struct Area {
    std::string id;
    std::string name;
};

struct InputDef {
    std::string id;
    std::string name;
    std::optional<Num> min;
    std::optional<Num> max;
    bool wholeNumber = false;
    std::optional<Num> fallback;  // `default:`; without one the input is required
};

struct SettingType {
    std::string id;
    std::string name;
    Num placeFunding{0};
    Num element2Threshold{0};
};

struct School {
    std::string id;  // URN where the authority publishes it
    std::string name;
    std::string settingType;
};

struct ProvisionType {
    std::string id;
    std::string name;
};

struct NamedExpr {
    std::string id;
    std::string name;
    Expression expr;
    int slot = 0;
};

// Tariff: priced by `tariffs`. None: no top-up (met from the setting's own budget). Entered:
// individually costed. Formula: priced only by the funding formulas (base x weight and the like).
enum class BandFunding { Tariff, None, Entered, Formula };

struct Band {
    std::string id;
    std::string name;
    std::string description;
    BandFunding funding = BandFunding::Tariff;
    std::optional<Num> from;  // thresholds method: inclusive whole-number range
    std::optional<Num> to;    // absent on an open-ended top band
    bool needsApproval = false;
    std::optional<Num> enteredAbove;          // entered amounts must exceed this
    std::vector<std::string> settings;        // empty: applies in every setting type
    int textId = 0;                           // interned id, for expressions that name bands
};

enum class BandingMethod { Thresholds, Rules, Select };

struct BandRule {
    Expression when;
    int band = 0;
};

enum class Per { Year, Term, Month, Week, Hour };
const char* perName(Per p);  // "year", "term", ...

struct TariffPeriod {
    std::string id;
    Date from{};
    Date to{};
    long fromDay = 0, toDay = 0;  // day numbers of from and to, for fast look-up
    Per per = Per::Year;
    // amount[band][setting]: the amount in `per` units, absent where the band has none.
    std::vector<std::vector<std::optional<Num>>> amount;
    // Per-school amounts: (band, school id, amount). Take precedence over `amount`.
    struct SchoolAmount {
        int band;
        std::string school;
        Num value;
    };
    std::vector<SchoolAmount> schoolAmounts;
    // `also_per`: the amounts the council publishes for another unit (a year as well as a term,
    // say) where that figure is not an exact conversion of `amount`. A payment in that unit uses
    // it. Same shape as `amount`; never per hour, never the period's own `per`.
    struct Published {
        Per per = Per::Year;
        std::vector<std::vector<std::optional<Num>>> amount;  // [band][setting]
    };
    std::vector<Published> published;
    std::string derivation;  // "fy2022-23 plus 336.00 flat", empty when stated directly
    std::string unpriced;    // `unpriced: WHY`: a period with no amounts, and why; empty otherwise

    // The published figure for `unit` of a band in a setting type: `amount` when `unit` is `per`,
    // else the `also_per` figure; null when there is none (the caller converts).
    const Num* figure(Per unit, int band, int setting) const {
        const auto b = static_cast<std::size_t>(band), s = static_cast<std::size_t>(setting);
        if (unit == per) return amount[b][s] ? &*amount[b][s] : nullptr;
        for (const Published& p : published)
            if (p.per == unit && p.amount[b][s]) return &*p.amount[b][s];
        return nullptr;
    }
    // Whether any `also_per` figure is given for the band in the setting type.
    bool hasPublished(int band, int setting) const {
        for (const Published& p : published)
            if (p.amount[static_cast<std::size_t>(band)][static_cast<std::size_t>(setting)]) return true;
        return false;
    }
};

struct Term {
    std::string name;
    unsigned fromMonth = 9, fromDay = 1, toMonth = 12, toDay = 31;
};

struct ProRata {
    enum class Basis { Days, Months, Terms };
    enum class Partial { Daily, Whole, None };
    Basis basis = Basis::Days;
    Partial partial = Partial::Daily;
    int yearDays = 365;  // 0: the actual length of the financial year (365 or 366)
};

enum class ComponentKind { TopUp, Place, Other };

struct Component {
    std::string id;
    std::string name;
    ComponentKind kind = ComponentKind::Other;
    Expression expr;
    int slot = 0;
    // `paid: once`: a fixed sum paid once per award, in full, in the period that holds the award
    // date (the decision's as-of date); never spread over a period nor multiplied by units.
    bool once = false;
};

struct OverrideReason {
    std::string code;
    std::string description;
};

// Fixed evaluation slots. Per-rule-set slots follow from kFirstDynamicSlot.
enum Slot : int {
    kAge = 0, kNcYear, kPrimaryNeed, kSetting, kSchool, kBand, kTariff, kAnnualTariff, kPlaceFunding,
    kElement2Threshold, kEnteredAmount, kHoursTotal, kScore, kTermsPerYear, kWeeksPerYear, kFinancialYear, kAcademicYear,
    kFirstDynamicSlot
};

// The SEN2 primary need codes the DfE collects (plus NSA, "no specialist assessment").
const std::vector<std::string>& primaryNeedCodes();

class RuleSet {
public:
    Metadata metadata;
    Rounding rounding;
    std::vector<SettingType> settingTypes;
    std::vector<School> schools;
    std::vector<Area> areas;
    std::vector<Domain> domains;
    std::vector<InputDef> inputs;
    std::vector<ProvisionType> provisionTypes;
    std::vector<Table> tables;
    std::vector<NamedExpr> derived;
    BandingMethod bandingMethod = BandingMethod::Thresholds;
    std::optional<Expression> score;       // thresholds method
    std::vector<BandRule> rules;           // rules method
    int otherwise = -1;
    std::optional<Expression> select;      // select method: gives the band id as text
    std::vector<Band> bands;
    std::vector<Term> terms;
    std::vector<TariffPeriod> tariffs;     // ascending, non-overlapping
    std::vector<Component> components;     // top_up and place first, then the others
    ProRata proRata;
    int weeksPerYear = 0;
    std::vector<OverrideReason> overrideReasons;
    std::optional<Num> approvalThreshold;  // pounds a year
    bool bandBlind = false;
    bool usesAge = false;    // some expression reads age or nc_year
    bool usesAgeInYears = false;  // some expression reads age (not only nc_year)
    bool usesDates = false;  // some expression reads financial_year or academic_year
    bool hasOnceLines = false;  // some funding line is paid once

    StringTable strings;
    int slotCount = kFirstDynamicSlot;
    int domainScoreSlot0 = 0, domainLevelSlot0 = 0, inputSlot0 = 0, hoursSlot0 = 0;

    std::string sourceName;  // the file it was loaded from, for messages
    std::string yamlText;    // the exact text, so that a store can keep and re-load it
    std::string hash;        // SHA-256 (hex) of the canonical form of the content

    int bandIndex(std::string_view id) const;
    int settingIndex(std::string_view id) const;
    int domainIndex(std::string_view id) const;
    int inputIndex(std::string_view id) const;
    int provisionIndex(std::string_view id) const;
    const School* school(std::string_view id) const;
    const TariffPeriod* tariffPeriodOn(const Date& d) const { return tariffPeriodOnDay(dayNumber(d)); }
    const TariffPeriod* tariffPeriodOnDay(long day) const;
    bool effectiveOn(const Date& d) const { return effectiveOnDay(dayNumber(d)); }
    bool effectiveOnDay(long day) const;
    // "2025-04-01 to 2027-03-31", or "2025-04-01 to open-ended": how every message names the period.
    std::string effectivePeriodText() const;
    long effectiveFromDay = 0, effectiveToDay = 0;  // effectiveToDay is LONG_MAX when open-ended
    int termsPerYear() const { return terms.empty() ? 3 : static_cast<int>(terms.size()); }
    std::string shortHash() const { return hash.substr(0, 12); }
};

using RuleSetPtr = std::shared_ptr<const RuleSet>;

}  // namespace sendband
