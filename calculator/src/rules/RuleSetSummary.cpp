// The readable summary of a rule set (`sendband rules show`, and the app's Rules screen).
#include "rules/RuleSetSummary.h"

#include "core/Money.h"

#include <cstdio>

namespace sendband {

namespace {
std::string perText(Per p) { return std::string("per ") + perName(p); }

}  // namespace

std::string describeRuleSet(const RuleSet& rs) {
    std::string o;
    const auto& m = rs.metadata;
    o += m.authority + ": " + m.framework + ", version " + m.version + "\n";
    o += "Effective:    " + formatDate(m.effectiveFrom) + " to " + (m.effectiveTo ? formatDate(*m.effectiveTo) : std::string("(open-ended)")) +
         (m.effectiveToImplied ? " (no effective_to: the end of the last tariff period)" : "") + "\n";
    o += "SHA-256:      " + rs.hash + "\n";
    o += "Rounding:     " + rs.rounding.describe() + "\n";
    if (!m.description.empty()) o += "\n" + m.description + (m.description.back() == '\n' ? "" : "\n");
    if (!m.sources.empty()) {
        o += "\nSources:\n";
        for (const auto& s : m.sources) o += "  - " + s.title + (s.url.empty() ? "" : " <" + s.url + ">") + "\n";
    }
    if (!m.assumptions.empty()) {
        o += "\nAssumptions made by this encoding:\n";
        for (const auto& a : m.assumptions) o += "  - " + a + "\n";
    }
    o += "\nSetting types:\n";
    for (const auto& s : rs.settingTypes)
        o += "  " + s.id + ": " + s.name + " (place funding " + Money::round(s.placeFunding, rs.rounding).format() +
             ", element 2 threshold " + Money::round(s.element2Threshold, rs.rounding).format() + ")\n";
    if (!rs.domains.empty()) {
        o += "\nDomains:\n";
        for (const auto& d : rs.domains) {
            o += "  " + d.id + ": " + d.name + (d.area.empty() ? "" : " [" + d.area + "]") + "\n";
            for (const auto& l : d.levels)
                o += "    level " + std::to_string(l.value) + (l.label.empty() ? "" : " " + l.label) + " (score " + l.score.toString() + "): " + l.descriptor + "\n";
        }
    }
    if (!rs.inputs.empty()) {
        o += "\nInputs:\n";
        for (const auto& in : rs.inputs)
            o += "  " + in.id + ": " + in.name + (in.min ? ", min " + in.min->toString() : "") + (in.max ? ", max " + in.max->toString() : "") + "\n";
    }
    if (!rs.derived.empty()) {
        o += "\nDerived values:\n";
        for (const auto& d : rs.derived) o += "  " + d.id + " = " + d.expr.text() + "\n";
    }
    o += "\nBanding: ";
    switch (rs.bandingMethod) {
        case BandingMethod::Thresholds: o += "by score " + rs.score->text() + "\n"; break;
        case BandingMethod::Rules:
            o += "first matching rule\n";
            for (const auto& r : rs.rules) o += "  if " + r.when.text() + " then " + rs.bands[static_cast<std::size_t>(r.band)].id + "\n";
            o += "  otherwise " + rs.bands[static_cast<std::size_t>(rs.otherwise)].id + "\n";
            break;
        case BandingMethod::Select: o += "band = " + rs.select->text() + "\n"; break;
    }
    o += "\nBands:\n";
    for (const auto& b : rs.bands) {
        o += "  " + b.id + ": " + b.name;
        if (b.from) o += " (score " + b.from->toString() + (b.to ? " to " + b.to->toString() : " and above") + ")";
        if (b.funding == BandFunding::None) o += ", no top-up";
        if (b.funding == BandFunding::Formula) o += ", priced by the funding formulas";
        if (b.funding == BandFunding::Entered) o += ", amount entered" + (b.enteredAbove ? " above " + Money::round(*b.enteredAbove, rs.rounding).format() : std::string());
        if (b.needsApproval) o += ", needs approval";
        o += "\n";
    }
    o += "\nTariffs:\n";
    for (const auto& t : rs.tariffs) {
        if (!t.unpriced.empty()) {
            o += "  " + t.id + " (" + formatDate(t.from) + " to " + formatDate(t.to) + "), unpriced: " + t.unpriced + "\n";
            continue;
        }
        o += "  " + t.id + " (" + formatDate(t.from) + " to " + formatDate(t.to) + "), " + perText(t.per) + (t.derivation.empty() ? "" : ", " + t.derivation) + "\n";
        for (std::size_t b = 0; b < rs.bands.size(); ++b) {
            std::string line;
            for (std::size_t s = 0; s < rs.settingTypes.size(); ++s)
                if (t.amount[b][s]) line += (line.empty() ? "" : ", ") + rs.settingTypes[s].id + " " + Money::round(*t.amount[b][s], rs.rounding).format();
            for (const auto& sa : t.schoolAmounts)
                if (sa.band == static_cast<int>(b)) {
                    const School* sc = rs.school(sa.school);
                    line += (line.empty() ? "" : ", ") + (sc ? sc->name : sa.school) + " " + Money::round(sa.value, rs.rounding).format();
                }
            if (!line.empty()) o += "    " + rs.bands[b].id + ": " + line + "\n";
            for (const auto& pub : t.published) {
                std::string also;
                for (std::size_t s = 0; s < rs.settingTypes.size(); ++s)
                    if (pub.amount[b][s]) also += (also.empty() ? "" : ", ") + rs.settingTypes[s].id + " " + Money::round(*pub.amount[b][s], rs.rounding).format();
                if (!also.empty()) o += "      also published " + perText(pub.per) + ": " + also + "\n";
            }
        }
    }
    o += "\nFunding lines (a year):\n";
    for (const auto& c : rs.components) o += "  " + c.id + " (" + c.name + ") = " + c.expr.text() + (c.once ? ", paid once per award" : "") + "\n";
    o += "\nPro rata: by " + std::string(rs.proRata.basis == ProRata::Basis::Days ? "days" : rs.proRata.basis == ProRata::Basis::Months ? "months" : "terms") +
         ", part units paid " + (rs.proRata.partial == ProRata::Partial::Daily ? "by the day" : rs.proRata.partial == ProRata::Partial::Whole ? "in full" : "not at all") + "\n";
    if (!rs.terms.empty()) {
        o += "Terms:";
        for (const auto& t : rs.terms) {
            char buf[64];
            std::snprintf(buf, sizeof buf, " %s %02u-%02u..%02u-%02u;", t.name.c_str(), t.fromMonth, t.fromDay, t.toMonth, t.toDay);
            o += buf;
        }
        o += "\n";
    }
    if (!rs.overrideReasons.empty()) {
        o += "\nOverride reasons:\n";
        for (const auto& r : rs.overrideReasons) o += "  " + r.code + ": " + r.description + "\n";
    }
    if (rs.approvalThreshold) o += "Overrides changing the annual amount by more than " + Money::round(*rs.approvalThreshold, rs.rounding).format() + " need approval.\n";
    if (rs.bandBlind) o += "Band-blind: band and money are hidden until a profile is saved.\n";
    return o;
}


}  // namespace sendband
