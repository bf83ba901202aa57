#include "core/FileIo.h"
#include "banding/Profile.h"
#include "core/Money.h"

#include "rules/RuleSetLoader.h"
#include "rules/YamlReader.h"

#include <algorithm>

namespace sendband {

ProfileBuilder::ProfileBuilder(const RuleSet& rs) : rs_(rs) { reset(); }

void ProfileBuilder::reset() {
    p_ = Profile{};
    p_.levels.assign(rs_.domains.size(), Profile::kUnset);
    p_.inputs.assign(rs_.inputs.size(), std::nullopt);
}

namespace {
std::string listLevels(const Domain& d) {
    std::string out;
    for (const Level& l : d.levels) out += (out.empty() ? "" : ", ") + std::to_string(l.value);
    return out;
}
std::string listIds(const auto& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ", ") + x.id;
    return out;
}
}  // namespace

std::optional<ProfileBuilder::Field> ProfileBuilder::resolve(const std::string& name, std::string& error) const {
    static const std::pair<const char*, Field::Kind> plain[] = {
        {"reference", Field::Reference}, {"date_of_birth", Field::DateOfBirth}, {"nc_year", Field::NcYear},
        {"primary_need", Field::PrimaryNeed}, {"setting", Field::Setting}, {"school", Field::School},
        {"entered_amount", Field::EnteredAmount}};
    for (const auto& [n, k] : plain)
        if (name == n) return Field{k, 0};
    auto dotted = [&](const char* prefix, Field::Kind kind, int index, const std::string& what, const std::string& list) -> std::optional<Field> {
        if (index >= 0) return Field{kind, index};
        error = "'" + name.substr(std::string(prefix).size()) + "' is not " + what + " of this rule set" + list;
        return std::nullopt;
    };
    if (name.rfind("level.", 0) == 0)
        return dotted("level.", Field::Level, rs_.domainIndex(name.substr(6)), "a domain",
                      rs_.domains.empty() ? " (it has none)" : " (expected one of: " + listIds(rs_.domains) + ")");
    if (name.rfind("input.", 0) == 0)
        return dotted("input.", Field::Input, rs_.inputIndex(name.substr(6)), "an input",
                      rs_.inputs.empty() ? " (it has none)" : " (expected one of: " + listIds(rs_.inputs) + ")");
    if (name.rfind("hours.", 0) == 0)
        return dotted("hours.", Field::Hours, rs_.provisionIndex(name.substr(6)), "a provision type",
                      rs_.provisionTypes.empty() ? " (it has none)" : " (expected one of: " + listIds(rs_.provisionTypes) + ")");
    error = "unknown field '" + name + "'";
    return std::nullopt;
}

std::string ProfileBuilder::set(const std::string& field, const std::string& value) {
    std::string error;
    auto f = resolve(field, error);
    if (!f) return error;
    return set(*f, value);
}

std::string ProfileBuilder::set(const Field& field, std::string_view v) {
    auto quoted = [&] { return "\"" + std::string(v) + "\""; };
    switch (field.kind) {
        case Field::Reference: {
            if (v.empty()) return "expected a reference, got nothing";
            // Letters, digits and - _ / . only: a space, a tab or an invisible character (a
            // zero-width space pasted from a web page) would make "the same" reference another plan.
            const bool plain = std::all_of(v.begin(), v.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '/' || c == '.';
            });
            if (!plain)
                return "expected a reference of letters, digits and - _ / . only (no spaces or other characters), got " + quoted();
            p_.reference = v;
            return {};
        }
        case Field::DateOfBirth: {
            auto d = parseDate(v);
            if (!d) return "expected a date as YYYY-MM-DD, got " + quoted();
            p_.dateOfBirth = d;
            return {};
        }
        case Field::NcYear: {
            auto n = Num::parse(v);
            if (!n || !n->isInteger() || n->num() < -3 || n->num() > 14)
                return "expected a national curriculum year from -3 to 14 (Reception is 0), got " + quoted();
            p_.ncYear = static_cast<int>(n->num());
            return {};
        }
        case Field::PrimaryNeed: {
            const auto& codes = primaryNeedCodes();
            if (std::find(codes.begin(), codes.end(), v) == codes.end()) {
                std::string list;
                for (const auto& c : codes) list += (list.empty() ? "" : ", ") + c;
                return quoted() + " is not a SEN2 primary need code (expected one of: " + list + ")";
            }
            p_.primaryNeed = v;
            p_.primaryNeedText = rs_.strings.find(v).value_or(-1);
            return {};
        }
        case Field::Setting: {
            const int i = rs_.settingIndex(v);
            if (i < 0) return quoted() + " is not a setting type of this rule set (expected one of: " + listIds(rs_.settingTypes) + ")";
            p_.setting = v;
            p_.settingIndex = i;
            p_.settingText = rs_.strings.find(v).value_or(-1);
            return {};
        }
        case Field::School:
            p_.school = v;
            p_.schoolText = rs_.strings.find(v).value_or(-1);
            return {};
        case Field::EnteredAmount: {
            if (v.empty()) return {};
            auto n = Num::parse(v);
            if (!n || *n < Num(0)) return "expected an amount in pounds, got " + quoted();
            if (*n > Money::maxPerPlan())
                return "expected an amount in pounds a year of at most " + Money::fromPence(Money::kMaxPencePerPlan).format() + ", got " + quoted();
            p_.enteredAmount = n;
            return {};
        }
        case Field::Level: {
            const Domain& dom = rs_.domains[static_cast<std::size_t>(field.index)];
            auto n = Num::parse(v);
            if (!n || !n->isInteger() || !dom.find(static_cast<int>(n->num())))
                return "level " + quoted() + " is out of range for " + dom.name + " (expected one of: " + listLevels(dom) + ")";
            p_.levels[static_cast<std::size_t>(field.index)] = static_cast<int>(n->num());
            return {};
        }
        case Field::Input: {
            const InputDef& in = rs_.inputs[static_cast<std::size_t>(field.index)];
            auto n = Num::parse(v);
            std::string range;
            if (in.min) range += " from " + in.min->toString();
            if (in.max) range += std::string(in.min ? "" : " up") + " to " + in.max->toString();
            const std::string expected = std::string("expected ") + (in.wholeNumber ? "a whole number" : "a number") + range;
            if (!n) return expected + ", got " + quoted();
            if ((in.wholeNumber && !n->isInteger()) || (in.min && *n < *in.min) || (in.max && *n > *in.max))
                return in.name + " " + std::string(v) + " is out of range: " + expected;
            p_.inputs[static_cast<std::size_t>(field.index)] = *n;
            return {};
        }
        case Field::Hours: {
            if (v.empty()) return {};
            auto n = Num::parse(v);
            if (!n || *n < Num(0) || *n > Num(168)) return "expected hours per week from 0 to 168, got " + quoted();
            p_.provision.push_back({field.index, *n});
            return {};
        }
    }
    return {};
}

std::vector<std::string> ProfileBuilder::finish() {
    std::vector<std::string> missing;
    if (const School* sc = rs_.school(p_.school); sc && p_.settingIndex >= 0 && sc->settingType != p_.setting)
        missing.push_back("school: " + p_.school + " (" + sc->name + ") is a " + sc->settingType + " setting in this rule set, but the setting given is " + p_.setting);
    if (p_.settingIndex < 0) missing.push_back("setting: missing (expected one of: " + listIds(rs_.settingTypes) + ")");
    if (p_.primaryNeed.empty()) missing.push_back("primary_need: missing (expected a SEN2 code such as ASD)");
    for (std::size_t d = 0; d < rs_.domains.size(); ++d)
        if (p_.levels[d] == Profile::kUnset)
            missing.push_back("levels." + rs_.domains[d].id + ": missing (expected one of: " + listLevels(rs_.domains[d]) + ")");
    // An input with a default stays unset: banding applies the default, and the explanation says so.
    for (std::size_t i = 0; i < rs_.inputs.size(); ++i)
        if (!p_.inputs[i] && !rs_.inputs[i].fallback)
            missing.push_back("inputs." + rs_.inputs[i].id + ": missing (" + rs_.inputs[i].name + ")");
    return missing;
}

std::optional<Profile> readProfileYaml(const YAML::Node& doc, const RuleSet& rs, const std::string& file,
                                       std::vector<Diagnostic>& diags) {
    YamlReader r(file, diags);
    const std::size_t before = diags.size();
    if (!r.checkMap(doc, "", {"reference", "date_of_birth", "nc_year", "primary_need", "setting", "school", "levels",
                              "inputs", "provision", "entered_amount"}))
        return std::nullopt;
    ProfileBuilder b(rs);
    auto scalar = [&](const char* key) {
        if (!YamlReader::has(doc, key)) return;
        if (auto t = r.text(doc[key], key)) {
            auto msg = b.set(key, *t);
            if (!msg.empty()) r.error(doc[key], key, msg);
        }
    };
    for (const char* k : {"reference", "date_of_birth", "nc_year", "primary_need", "setting", "school", "entered_amount"}) scalar(k);
    auto group = [&](const char* key, const char* prefix) {
        if (!YamlReader::has(doc, key)) return;
        const YAML::Node m = doc[key];
        if (!m.IsMap()) { r.error(m, key, "expected a map, got " + describeNode(m)); return; }
        std::vector<std::string> seen;
        for (auto it = m.begin(); it != m.end(); ++it) {
            const std::string id = it->first.Scalar();
            const std::string path = std::string(key) + "." + id;
            if (std::find(seen.begin(), seen.end(), id) != seen.end()) { r.error(it->first, path, "duplicate key '" + id + "'"); continue; }
            seen.push_back(id);
            if (auto t = r.text(it->second, path)) {
                auto msg = b.set(std::string(prefix) + id, *t);
                if (!msg.empty()) r.error(it->second, path, msg);
            }
        }
    };
    group("levels", "level.");
    group("inputs", "input.");
    if (YamlReader::has(doc, "provision") && r.isSeq(doc["provision"], "provision")) {
        for (std::size_t i = 0; i < doc["provision"].size(); ++i) {
            const YAML::Node it = doc["provision"][i];
            const std::string p = "provision[" + std::to_string(i) + "]";
            if (!r.checkMap(it, p, {"type", "hours_per_week", "description"}, {"type", "hours_per_week"})) continue;
            auto t = r.text(it["type"], p + ".type");
            auto h = r.text(it["hours_per_week"], p + ".hours_per_week");
            if (t && h) {
                auto msg = b.set("hours." + *t, *h);
                if (!msg.empty()) r.error(it, p, msg);
            }
        }
    }
    if (diags.size() == before) {
        for (const auto& m : b.finish()) r.error(doc, "", m);
    }
    if (diags.size() != before) return std::nullopt;
    return b.take();
}

std::optional<Profile> readProfileFile(const std::string& path, const RuleSet& rs, std::vector<Diagnostic>& diags) {
    auto text = readFile(path);
    if (!text) {
        diags.push_back({path, 0, 0, "cannot read the file (does it exist, and may this user read it?)"});
        return std::nullopt;
    }
    YamlReader r(path, diags);
    auto doc = r.parse(*text);
    if (!doc) return std::nullopt;
    return readProfileYaml(*doc, rs, path, diags);
}

}  // namespace sendband
