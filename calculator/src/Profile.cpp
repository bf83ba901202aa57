#include "Profile.h"

#include "RuleSetLoader.h"
#include "YamlReader.h"

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

std::string ProfileBuilder::set(const std::string& field, const std::string& value) {
    if (field == "reference") {
        if (value.empty()) return "expected a reference, got nothing";
        p_.reference = value;
        return {};
    }
    if (field == "date_of_birth") {
        auto d = parseDate(value);
        if (!d) return "expected a date as YYYY-MM-DD, got \"" + value + "\"";
        p_.dateOfBirth = d;
        return {};
    }
    if (field == "nc_year") {
        auto n = Num::parse(value);
        if (!n || !n->isInteger() || n->num() < -3 || n->num() > 14)
            return "expected a national curriculum year from -3 to 14 (Reception is 0), got \"" + value + "\"";
        p_.ncYear = static_cast<int>(n->num());
        return {};
    }
    if (field == "primary_need") {
        const auto& codes = primaryNeedCodes();
        if (std::find(codes.begin(), codes.end(), value) == codes.end()) {
            std::string list;
            for (const auto& c : codes) list += (list.empty() ? "" : ", ") + c;
            return "\"" + value + "\" is not a SEN2 primary need code (expected one of: " + list + ")";
        }
        p_.primaryNeed = value;
        p_.primaryNeedText = rs_.strings.find(value).value_or(-1);
        return {};
    }
    if (field == "setting") {
        const int i = rs_.settingIndex(value);
        if (i < 0) return "\"" + value + "\" is not a setting type of this rule set (expected one of: " + listIds(rs_.settingTypes) + ")";
        p_.setting = value;
        p_.settingIndex = i;
        p_.settingText = rs_.strings.find(value).value_or(-1);
        return {};
    }
    if (field == "school") {
        p_.school = value;
        p_.schoolText = rs_.strings.find(value).value_or(-1);
        return {};
    }
    if (field == "entered_amount") {
        if (value.empty()) return {};
        auto n = Num::parse(value);
        if (!n || *n < Num(0)) return "expected an amount in pounds, got \"" + value + "\"";
        p_.enteredAmount = n;
        return {};
    }
    if (field.rfind("level.", 0) == 0) {
        const std::string id = field.substr(6);
        const int d = rs_.domainIndex(id);
        if (d < 0) return "'" + id + "' is not a domain of this rule set (expected one of: " + listIds(rs_.domains) + ")";
        const Domain& dom = rs_.domains[static_cast<std::size_t>(d)];
        auto n = Num::parse(value);
        if (!n || !n->isInteger() || !dom.find(static_cast<int>(n->num())))
            return "level \"" + value + "\" is out of range for " + dom.name + " (expected one of: " + listLevels(dom) + ")";
        p_.levels[static_cast<std::size_t>(d)] = static_cast<int>(n->num());
        return {};
    }
    if (field.rfind("input.", 0) == 0) {
        const std::string id = field.substr(6);
        const int i = rs_.inputIndex(id);
        if (i < 0) return "'" + id + "' is not an input of this rule set" + (rs_.inputs.empty() ? " (it has none)" : " (expected one of: " + listIds(rs_.inputs) + ")");
        const InputDef& in = rs_.inputs[static_cast<std::size_t>(i)];
        auto n = Num::parse(value);
        std::string range;
        if (in.min) range += " from " + in.min->toString();
        if (in.max) range += std::string(in.min ? "" : " up") + " to " + in.max->toString();
        const std::string expected = std::string("expected ") + (in.wholeNumber ? "a whole number" : "a number") + range;
        if (!n) return expected + ", got \"" + value + "\"";
        if ((in.wholeNumber && !n->isInteger()) || (in.min && *n < *in.min) || (in.max && *n > *in.max))
            return in.name + " " + value + " is out of range: " + expected;
        p_.inputs[static_cast<std::size_t>(i)] = *n;
        return {};
    }
    if (field.rfind("hours.", 0) == 0) {
        const std::string id = field.substr(6);
        const int t = rs_.provisionIndex(id);
        if (t < 0) return "'" + id + "' is not a provision type of this rule set" + (rs_.provisionTypes.empty() ? " (it has none)" : " (expected one of: " + listIds(rs_.provisionTypes) + ")");
        auto n = Num::parse(value);
        if (!n || *n < Num(0) || *n > Num(168)) return "expected hours per week from 0 to 168, got \"" + value + "\"";
        p_.provision.push_back({t, *n});
        return {};
    }
    return "unknown field '" + field + "'";
}

std::vector<std::string> ProfileBuilder::finish() {
    std::vector<std::string> missing;
    if (p_.settingIndex < 0) missing.push_back("setting: missing (expected one of: " + listIds(rs_.settingTypes) + ")");
    if (p_.primaryNeed.empty()) missing.push_back("primary_need: missing (expected a SEN2 code such as ASD)");
    for (std::size_t d = 0; d < rs_.domains.size(); ++d)
        if (p_.levels[d] == Profile::kUnset)
            missing.push_back("levels." + rs_.domains[d].id + ": missing (expected one of: " + listLevels(rs_.domains[d]) + ")");
    for (std::size_t i = 0; i < rs_.inputs.size(); ++i)
        if (!p_.inputs[i]) {
            if (rs_.inputs[i].fallback) p_.inputs[i] = rs_.inputs[i].fallback;
            else missing.push_back("inputs." + rs_.inputs[i].id + ": missing (" + rs_.inputs[i].name + ")");
        }
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
