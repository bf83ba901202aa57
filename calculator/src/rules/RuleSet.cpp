#include "rules/RuleSet.h"

namespace sendband {

const char* perName(Per p) {
    switch (p) {
        case Per::Year: return "year";
        case Per::Term: return "term";
        case Per::Month: return "month";
        case Per::Week: return "week";
        case Per::Hour: return "hour";
    }
    return "?";
}

const std::vector<std::string>& primaryNeedCodes() {
    static const std::vector<std::string> codes = {"SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI",
                                                   "VI", "MSI", "PD", "ASD", "DS", "OTH", "NSA"};
    return codes;
}

namespace {
template <class V>
int indexOf(const V& v, std::string_view id) {
    for (std::size_t i = 0; i < v.size(); ++i)
        if (v[i].id == id) return static_cast<int>(i);
    return -1;
}
}  // namespace

int RuleSet::bandIndex(std::string_view id) const { return indexOf(bands, id); }
int RuleSet::settingIndex(std::string_view id) const { return indexOf(settingTypes, id); }
int RuleSet::domainIndex(std::string_view id) const { return indexOf(domains, id); }
int RuleSet::inputIndex(std::string_view id) const { return indexOf(inputs, id); }
int RuleSet::provisionIndex(std::string_view id) const { return indexOf(provisionTypes, id); }

const School* RuleSet::school(std::string_view id) const {
    const int i = indexOf(schools, id);
    return i < 0 ? nullptr : &schools[static_cast<std::size_t>(i)];
}

const TariffPeriod* RuleSet::tariffPeriodOnDay(long n) const {
    for (const TariffPeriod& t : tariffs)
        if (t.fromDay <= n && n <= t.toDay) return &t;
    return nullptr;
}

std::string RuleSet::effectivePeriodText() const {
    return formatDate(metadata.effectiveFrom) + " to " + (metadata.effectiveTo ? formatDate(*metadata.effectiveTo) : std::string("open-ended"));
}

bool RuleSet::effectiveOnDay(long n) const { return effectiveFromDay <= n && n <= effectiveToDay; }

}  // namespace sendband
