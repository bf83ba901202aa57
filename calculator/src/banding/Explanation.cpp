#include "banding/Explanation.h"

#include <algorithm>

namespace sendband {
namespace {

std::string money(const Num& n, const RuleSet& rs) { return Money::round(n, rs.rounding).format(); }

// A rate or an intermediate amount, shown exactly: rounding applies only to what is paid.
std::string exact(const Num& n) {
    if (100 % n.den() == 0) return Money::round(n, Rounding{}).format();
    return n.toString();
}

// The same for JSON: "1280.00", or the exact fraction when it is not a whole number of pence.
std::string plainExact(const Num& n) {
    if (100 % n.den() == 0) return Money::round(n, Rounding{}).plain();
    return n.toString();
}

std::string perPhrase(Per p) {
    switch (p) {
        case Per::Year: return "a year";
        case Per::Term: return "a term";
        case Per::Month: return "a month";
        case Per::Week: return "a week";
        case Per::Hour: return "an hour";
    }
    return "";
}

std::string unitsWord(Per p, int n) {
    switch (p) {
        case Per::Term: return std::to_string(n) + " terms";
        case Per::Month: return "12 months";
        case Per::Week: return std::to_string(n) + " weeks";
        default: return "";
    }
}

int unitsPerYear(const RuleSet& rs, Per p) {
    return p == Per::Term ? rs.termsPerYear() : p == Per::Month ? 12 : p == Per::Week ? rs.weeksPerYear : 1;
}

// A tariff with also_per figures: each published figure, which one a year's payment uses, and
// which one the pro-rata unit is paid from.
std::string publishedLine(const RuleSet& rs, const Decision& d, const Profile& p) {
    const TariffPeriod* tp = d.tariffPeriod;
    std::string line = " is published as " + exact(d.tariffRate) + " " + perPhrase(tp->per);
    for (const auto& pub : tp->published)
        if (const auto& v = pub.amount[static_cast<std::size_t>(d.band)][static_cast<std::size_t>(p.settingIndex)])
            line += " and " + exact(*v) + " " + perPhrase(pub.per);
    const Num converted = d.tariffRate * Num(unitsPerYear(rs, tp->per));
    if (tp->per != Per::Year && tp->per != Per::Hour) {
        if (const Num* y = tp->figure(Per::Year, d.band, p.settingIndex))
            line += "; a year's payment is the published " + exact(*y) + " a year" +
                    (*y != converted ? " (" + unitsWord(tp->per, unitsPerYear(rs, tp->per)) + " at " + exact(d.tariffRate) + " would make " + exact(converted) + ")" : "");
        else
            line += "; " + unitsWord(tp->per, unitsPerYear(rs, tp->per)) + " make " + exact(converted) + " a year";
    }
    const Per unit = rs.proRata.basis == ProRata::Basis::Terms ? Per::Term : rs.proRata.basis == ProRata::Basis::Months ? Per::Month : Per::Year;
    if (unit != Per::Year)
        if (const Num* u = tp->figure(unit, d.band, p.settingIndex))
            line += std::string("; pro rata by ") + (unit == Per::Term ? "terms pays each term" : "months pays each month") + " from the published " + exact(*u) + " " + perPhrase(unit);
    return line;
}

// A funding line's words for this child: "the annual tariff" is the amount entered for an
// individually costed band, and the setting type's place funding is named by its setting type.
std::string fundingWords(std::string words, const Band& b, const SettingType& st) {
    auto replace = [&](const std::string& from, const std::string& to) {
        for (std::size_t at = words.find(from); at != std::string::npos; at = words.find(from, at + to.size())) words.replace(at, from.size(), to);
    };
    if (b.funding == BandFunding::Entered) replace("the annual tariff", "the amount entered for the child");
    replace("the place funding", "the place funding for " + st.name);
    return words;
}

std::string bandRange(const Band& b) {
    if (!b.from) return "";
    return b.from->toString() + (b.to ? " to " + b.to->toString() : " and above");
}

}  // namespace

std::vector<Reason> explain(const RuleSet& rs, const Profile& p, const Decision& d) {
    std::vector<Reason> out;
    const Num* s = d.slots.data();
    for (std::size_t i = 0; i < rs.domains.size(); ++i) {
        const Domain& dom = rs.domains[i];
        const int lv = p.levels[i];
        const Level* l = dom.find(lv);
        if (!l) continue;
        std::string line = dom.name + ": level " + std::to_string(lv);
        if (!l->label.empty()) line += " (" + l->label + ")";
        line += ", which scores " + l->score.toString() + ". Descriptor: \"" + l->descriptor + "\"";
        out.push_back({line, ""});
    }
    for (std::size_t i = 0; i < rs.inputs.size(); ++i)
        out.push_back({rs.inputs[i].name + " is " + s[rs.inputSlot0 + static_cast<int>(i)].toString() +
                           (p.inputs[i] ? "." : " (the rule set's default)."),
                       ""});
    for (std::size_t i = 0; i < rs.provisionTypes.size(); ++i) {
        const Num h = s[rs.hoursSlot0 + static_cast<int>(i)];
        if (h != Num(0)) out.push_back({rs.provisionTypes[i].name + ": " + h.toString() + " hours a week.", ""});
    }
    for (const NamedExpr& n : rs.derived) {
        const Num v = s[n.slot];
        std::string val = n.expr.type() == ValueType::Text ? "\"" + rs.strings.text(static_cast<int>(v.num())) + "\""
                        : n.expr.type() == ValueType::Bool ? (v == Num(0) ? "false" : "true") : v.toString();
        out.push_back({n.name + " is " + val + ": " + n.expr.words() + ".", n.id + " = " + n.expr.text()});
    }
    if (d.band < 0) return out;
    const Band& b = rs.bands[static_cast<std::size_t>(d.band)];
    switch (rs.bandingMethod) {
        case BandingMethod::Thresholds:
            out.push_back({"The banding score, " + rs.score->words() + ", is " + d.score.toString() + ", which is in band " + b.id +
                               "'s range " + bandRange(b) + ": band " + b.id + " (" + b.name + ").",
                           "score = " + rs.score->text()});
            break;
        case BandingMethod::Rules:
            if (d.matchedRule >= 0)
            {
                const Expression& when = rs.rules[static_cast<std::size_t>(d.matchedRule)].when;
                // A rule that is one yes-or-no name reads "because High need is true".
                const bool bare = std::all_of(when.text().begin(), when.text().end(),
                                              [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; });
                out.push_back({"Banding rule " + std::to_string(d.matchedRule + 1) + " applies, because " + when.words() + (bare ? " is true" : "") +
                                   ": band " + b.id + " (" + b.name + ").",
                               "when " + when.text()});
            }
            else
                out.push_back({"None of the " + std::to_string(rs.rules.size()) + " banding rules applies, so the profile takes the 'otherwise' band " +
                                   b.id + " (" + b.name + ").",
                               ""});
            break;
        case BandingMethod::Select:
            out.push_back({rs.select->words().front() == '"' ? "The rule set gives every profile band " + b.id + " (" + b.name + ")."
                                                             : "The band is chosen by the rule " + rs.select->words() + ", which gives band " + b.id + " (" + b.name + ").",
                           "band = " + rs.select->text()});
            break;
    }
    const SettingType& st = rs.settingTypes[static_cast<std::size_t>(p.settingIndex)];
    switch (b.funding) {
        case BandFunding::Formula:
            out.push_back({"Band " + b.id + " has no tariff: its money is set by the funding formulas that follow.", ""});
            break;
        case BandFunding::None:
            // The notional SEN budget (element 2) is a mainstream school's; other settings have their own.
            out.push_back({"Band " + b.id + " carries no top-up: its support is met from the setting's own budget" +
                               std::string(st.id.find("mainstream") != std::string::npos ? " (a mainstream school's notional SEN budget, element 2)." : "."),
                           ""});
            break;
        case BandFunding::Entered:
            out.push_back({"Band " + b.id + " is individually costed: the entered amount is " + exact(d.tariffRate) + " a year" +
                               (b.enteredAbove ? " (it must be above " + money(*b.enteredAbove, rs) + ")" : "") + ".",
                           ""});
            break;
        case BandFunding::Tariff: {
            const TariffPeriod* tp = d.tariffPeriod;
            std::string line = "Tariff period " + tp->id + " (" + formatDate(tp->from) + " to " + formatDate(tp->to) + ")";
            if (!tp->derivation.empty()) line += ", set as " + tp->derivation;
            line += ": band " + b.id + (d.tariffFromSchool ? " at school " + p.school + (rs.school(p.school) ? " (" + rs.school(p.school)->name + ")" : "")
                                                          : " in " + st.name);
            if (d.publishedFigures) {
                out.push_back({line + publishedLine(rs, d, p) + ".", ""});
                break;
            }
            line += " is " + exact(d.tariffRate) + " " + perPhrase(tp->per);
            if (tp->per == Per::Term) line += "; " + std::to_string(rs.termsPerYear()) + " terms make " + exact(s[kAnnualTariff]) + " a year";
            if (tp->per == Per::Month) line += "; 12 months make " + exact(s[kAnnualTariff]) + " a year";
            if (tp->per == Per::Week) line += "; " + std::to_string(rs.weeksPerYear) + " weeks make " + exact(s[kAnnualTariff]) + " a year";
            out.push_back({line + ".", ""});
            break;
        }
    }
    for (std::size_t c = 0; c < rs.components.size() && c < d.components.size(); ++c) {
        const Component& comp = rs.components[c];
        // A line the rule set fixes at a number says so, rather than "Place funding is 0.00 a year: 0."
        if (comp.expr.reads().empty() && comp.expr.words().find_first_not_of("0123456789.") == std::string::npos) {
            out.push_back({comp.name + " is " + d.components[c].annual.format() + (comp.once ? " once" : " a year") + ", fixed by the rule set.",
                           comp.id + " = " + comp.expr.text()});
            continue;
        }
        out.push_back({comp.name + " is " + d.components[c].annual.format() +
                           (comp.once ? " once (paid in full in the period that holds the award date, never pro rata)" : " a year") +
                           (d.components[c].exact != d.components[c].annual.pounds() ? " (exactly " + d.components[c].exact.toString() + ", rounded " + rs.rounding.describe() + ")" : "") +
                           ": " + fundingWords(comp.expr.words(), b, st) + ".",
                       comp.id + " = " + comp.expr.text()});
    }
    if (d.needsApproval) out.push_back({"Band " + b.id + " needs approval before it is paid.", ""});
    return out;
}

std::string renderText(const RuleSet& rs, const Profile& p, const Decision& d, const PeriodAmount* period) {
    std::string out;
    auto row = [&](const std::string& k, const std::string& v) { out += k + std::string(k.size() < 24 ? 24 - k.size() : 1, ' ') + v + "\n"; };
    if (!p.reference.empty()) row("Profile:", p.reference);
    row("Rule set:", rs.metadata.authority + ", " + rs.metadata.framework + ", version " + rs.metadata.version);
    row("Rule hash:", rs.hash);
    row("As of:", formatDate(d.asOf));
    const Band& b = rs.bands[static_cast<std::size_t>(d.band)];
    row("Band:", b.id + " (" + b.name + ")" + (d.needsApproval ? ", needs approval" : ""));
    for (std::size_t c = 0; c < rs.components.size(); ++c)
        row(rs.components[c].name + ":", d.components[c].annual.format() + (rs.components[c].once ? " once" : " a year"));
    if (period) {
        out += "\nPeriod " + formatDate(period->from) + " to " + formatDate(period->to) + " (pro rata by " +
               (rs.proRata.basis == ProRata::Basis::Days ? "days" : rs.proRata.basis == ProRata::Basis::Months ? "months" : "terms") + "):\n";
        for (const auto& seg : period->segments) {
            out += "  " + formatDate(seg.from) + " to " + formatDate(seg.to) + " (" + std::to_string(daysInclusive(seg.from, seg.to)) + " days, " +
                   seg.unit + "): paid " + seg.fraction.toString() + " of a year" + (seg.tariffId.empty() ? "" : " at tariff " + seg.tariffId) +
                   (!seg.publishedFigures ? std::string()
                    : seg.figureStated ? ", from the published " + exact(seg.figure) + " " + perPhrase(seg.figureUnit)
                                       : ", from " + exact(seg.figure) + " a year (converted)") +
                   (seg.holdsAward ? "; holds the award date" : "") + "\n";
        }
        for (const Component& comp : rs.components)
            if (comp.once)
                out += "  " + comp.name + " is paid once: the award date " + formatDate(period->awardDate) +
                       (period->awardPaid ? " is in this period, so it is paid in full\n" : " is outside this period, so nothing of it is paid here\n");
        for (std::size_t c = 0; c < rs.components.size(); ++c) row("  " + rs.components[c].name + ":", period->total[c].format());
    }
    out += "\nWhy this band:\n";
    const auto reasons = explain(rs, p, d);
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        const std::string number = "  " + std::to_string(i + 1) + ". ";
        out += number + reasons[i].text + "\n";
        if (!reasons[i].formula.empty()) out += std::string(number.size(), ' ') + "Formula: " + reasons[i].formula + "\n";
    }
    out += "Amounts are rounded " + rs.rounding.describe() + ", once, after exact arithmetic.\n";
    return out;
}

nlohmann::ordered_json renderJson(const RuleSet& rs, const Profile& p, const Decision& d, const PeriodAmount* period) {
    nlohmann::ordered_json j;
    j["reference"] = p.reference;
    j["rule_set"] = {{"authority", rs.metadata.authority}, {"framework", rs.metadata.framework},
                     {"version", rs.metadata.version}, {"hash", rs.hash}};
    j["as_of"] = formatDate(d.asOf);
    const Band& b = rs.bands[static_cast<std::size_t>(d.band)];
    j["band"] = b.id;
    j["band_name"] = b.name;
    j["needs_approval"] = d.needsApproval;
    if (rs.bandingMethod == BandingMethod::Thresholds) j["score"] = d.score.toString();
    if (d.tariffPeriod) {
        j["tariff"] = {{"period", d.tariffPeriod->id}, {"per", perName(d.tariffPeriod->per)},
                       {"amount", 100 % d.tariffRate.den() == 0 ? Money::round(d.tariffRate, Rounding{}).plain() : d.tariffRate.toString()},
                       {"from_school", d.tariffFromSchool}};
        if (d.publishedFigures) {
            nlohmann::ordered_json pub = nlohmann::ordered_json::object();
            pub[perName(d.tariffPeriod->per)] = plainExact(d.tariffRate);
            for (const auto& pp : d.tariffPeriod->published)
                if (const auto& v = pp.amount[static_cast<std::size_t>(d.band)][static_cast<std::size_t>(p.settingIndex)])
                    pub[perName(pp.per)] = plainExact(*v);
            j["tariff"]["published"] = pub;
        }
    }
    nlohmann::ordered_json amounts = nlohmann::ordered_json::object();
    for (std::size_t c = 0; c < rs.components.size(); ++c) amounts[rs.components[c].id] = d.components[c].annual.plain();
    j["annual"] = amounts;
    if (rs.hasOnceLines) {
        nlohmann::ordered_json once = nlohmann::ordered_json::array();
        for (const auto& c : rs.components)
            if (c.once) once.push_back(c.id);
        j["paid_once"] = once;
    }
    if (period) {
        nlohmann::ordered_json pj;
        pj["from"] = formatDate(period->from);
        pj["to"] = formatDate(period->to);
        nlohmann::ordered_json segs = nlohmann::ordered_json::array();
        for (const auto& seg : period->segments) {
            nlohmann::ordered_json sj = {{"from", formatDate(seg.from)}, {"to", formatDate(seg.to)}, {"unit", seg.unit},
                                         {"fraction", seg.fraction.toString()}, {"tariff", seg.tariffId}};
            if (seg.publishedFigures)
                sj["figure"] = {{"per", perName(seg.figureUnit)},
                                {"amount", plainExact(seg.figure)},
                                {"published", seg.figureStated}};
            if (seg.holdsAward) sj["holds_award_date"] = true;
            segs.push_back(sj);
        }
        pj["segments"] = segs;
        if (rs.hasOnceLines) {
            pj["award_date"] = formatDate(period->awardDate);
            pj["award_paid"] = period->awardPaid;
        }
        nlohmann::ordered_json tot = nlohmann::ordered_json::object();
        for (std::size_t c = 0; c < rs.components.size(); ++c) tot[rs.components[c].id] = period->total[c].plain();
        pj["amount"] = tot;
        j["period"] = pj;
    }
    // Each step in words, with the formula behind it where there is one.
    nlohmann::ordered_json reasons = nlohmann::ordered_json::array();
    for (const Reason& r : explain(rs, p, d)) {
        nlohmann::ordered_json rj = {{"text", r.text}};
        if (!r.formula.empty()) rj["formula"] = r.formula;
        reasons.push_back(rj);
    }
    j["reasons"] = reasons;
    return j;
}

std::string traceJson(const RuleSet& rs, const Profile& p, const Decision& d) {
    std::string o = "{";
    auto key = [&](std::string_view k) {
        if (o.size() > 1 && o.back() != '{') o += ',';
        o += '"';
        o.append(k);  // ids are letters, digits, _ and -: nothing to escape
        o += "\":";
    };
    auto str = [&](std::string_view v) {
        o += '"';
        for (char c : v) {
            if (c == '"' || c == '\\') o += '\\';
            if (static_cast<unsigned char>(c) >= 0x20) o += c;
        }
        o += '"';
    };
    const Num* s = d.slots.data();
    if (!rs.domains.empty()) {
        key("levels");
        o += '{';
        for (std::size_t i = 0; i < rs.domains.size(); ++i) {
            key(rs.domains[i].id);
            o += "[" + std::to_string(p.levels[i]) + ",\"" + s[rs.domainScoreSlot0 + static_cast<int>(i)].toString() + "\"]";
        }
        o += '}';
    }
    if (!rs.inputs.empty()) {
        key("inputs");
        o += '{';
        for (std::size_t i = 0; i < rs.inputs.size(); ++i) {
            key(rs.inputs[i].id);
            str(s[rs.inputSlot0 + static_cast<int>(i)].toString());
        }
        o += '}';
    }
    if (!rs.derived.empty()) {
        key("derived");
        o += '{';
        for (const auto& n : rs.derived) {
            key(n.id);
            str(n.expr.type() == ValueType::Text ? rs.strings.text(static_cast<int>(s[n.slot].num())) : s[n.slot].toString());
        }
        o += '}';
    }
    if (rs.bandingMethod == BandingMethod::Thresholds) {
        key("score");
        str(d.score.toString());
    }
    if (rs.bandingMethod == BandingMethod::Rules) {
        key("rule");
        o += std::to_string(d.matchedRule + 1);
    }
    key("band");
    str(rs.bands[static_cast<std::size_t>(d.band)].id);
    if (d.tariffPeriod) {
        key("tariff");
        str(d.tariffPeriod->id);
        key("rate");
        str(d.tariffRate.toString());
        key("per");
        str(perName(d.tariffPeriod->per));
        if (d.publishedFigures) {
            key("annual_tariff");  // the published annual figure, or the conversion, that was used
            str(s[kAnnualTariff].toString());
        }
        if (d.tariffFromSchool) {
            key("school");
            str(p.school);
        }
    }
    key("amounts");
    o += '{';
    for (std::size_t c = 0; c < rs.components.size(); ++c) {
        key(rs.components[c].id);
        str(d.components[c].exact.toString());
    }
    o += "}}";
    return o;
}

}  // namespace sendband
