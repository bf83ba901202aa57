#include "rules/RuleSetLoader.h"

#include "core/FileIo.h"
#include "core/Sha256.h"
#include "rules/YamlReader.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace sendband {

namespace {

std::string idx(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

bool validId(const std::string& s) {
    if (s.empty()) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}
bool validName(const std::string& s) {  // usable as a name inside expressions
    if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

const std::set<std::string>& reservedNames() {
    static const std::set<std::string> r = {
        "age", "nc_year", "primary_need", "setting", "school", "band", "tariff", "annual_tariff",
        "place_funding", "element2_threshold", "entered_amount", "score", "terms_per_year",
        "weeks_per_year", "financial_year", "academic_year", "level", "hours", "lookup", "min", "max", "sum", "count", "abs", "floor",
        "and", "or", "not", "if", "then", "else", "in", "where", "true", "false", "weight", "area", "domain"};
    return r;
}

class Loader {
public:
    Loader(const std::string& text, const std::string& name) : r_(name, diags_) { rs_->sourceName = name; rs_->yamlText = text; }

    RuleSetLoad run() {
        auto doc = r_.parse(rs_->yamlText);
        if (!doc) return finish();
        root_ = *doc;
        if (root_.IsMap() && !root_["sendband"] && root_["cases"]) {
            // A behaviour test file (rules: and cases:) given where a rule set belongs: say so
            // rather than list every key a rule set does not have.
            r_.error(root_, "", "this is a behaviour test file (it has " + std::string(root_["rules"] ? "rules: and " : "") +
                                    "cases:), not a rule set: run it with sendband test " + rs_->sourceName);
            return finish();
        }
        if (!r_.checkMap(root_, "", {"sendband", "metadata", "rounding", "setting_types", "schools", "areas", "domains",
                                     "inputs", "provision_types", "tables", "derived", "banding", "bands", "terms",
                                     "tariffs", "funding", "pro_rata", "weeks_per_year", "overrides"},
                         {"sendband", "metadata", "setting_types", "banding", "bands"}))
            return finish();
        if (root_["sendband"]) {
            auto v = r_.integer(root_["sendband"], "sendband");
            if (v && *v != kRuleSetFormatVersion)
                r_.error(root_["sendband"], "sendband", "format version " + std::to_string(*v) + " is not supported (this program reads version " +
                                                             std::to_string(kRuleSetFormatVersion) + ")");
        }
        // Every value a profile can give for primary_need, setting or a listed school has a text id,
        // so that run-time messages (a missing table row) can name it.
        for (const std::string& code : primaryNeedCodes()) rs_->strings.intern(code);
        metadata();
        rounding();
        settingTypes();
        schools();
        areas();
        provisionTypes();
        domains();
        inputs();
        layoutSlots();
        bandIds();
        tables();
        laterNames();
        derived();
        banding();
        bands();
        terms();
        weeks();
        tariffs();
        funding();
        proRata();
        overrides();
        rs_->usesAge = readsAge();
        rs_->usesAgeInYears = readsAny(kAge, kAge);
        rs_->usesDates = readsDates();
        // Intern every closed-set value a profile can carry, so that a profile's text always
        // has an id, whether or not an expression happens to mention it.
        for (const auto& c : primaryNeedCodes()) rs_->strings.intern(c);
        for (const auto& st : rs_->settingTypes) rs_->strings.intern(st.id);
        for (const auto& sc : rs_->schools) rs_->strings.intern(sc.id);
        for (const auto& a : areaIds_) rs_->strings.intern(a);
        for (const auto& d : rs_->domains) rs_->strings.intern(d.id);
        rs_->effectiveFromDay = dayNumber(rs_->metadata.effectiveFrom);
        rs_->effectiveToDay = rs_->metadata.effectiveTo ? dayNumber(*rs_->metadata.effectiveTo) : LONG_MAX;
        for (TariffPeriod& t : rs_->tariffs) {
            t.fromDay = dayNumber(t.from);
            t.toDay = dayNumber(t.to);
        }
        if (diags_.empty()) rs_->hash = sha256Hex(canonicalForm(root_));
        return finish();
    }

private:
    RuleSetLoad finish() {
        RuleSetLoad out;
        std::stable_sort(diags_.begin(), diags_.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return std::tie(a.line, a.column) < std::tie(b.line, b.column);
        });
        out.diagnostics = std::move(diags_);
        if (out.diagnostics.empty()) out.ruleSet = std::move(rs_);
        return out;
    }

    // Registers a name usable in expressions; reports clashes.
    void claimName(const std::string& name, const YAML::Node& at, const std::string& path, Symbol sym) {
        if (!validName(name)) {
            r_.error(at, path, "'" + name + "' cannot be used as a name: use letters, digits and _ and start with a letter");
            return;
        }
        if (reservedNames().count(name)) {
            r_.error(at, path, "'" + name + "' is a reserved word; choose another id");
            return;
        }
        if (names_.count(name)) {
            r_.error(at, path, "'" + name + "' is already defined (ids of domains, inputs, tables, derived values and funding lines share one namespace)");
            return;
        }
        names_[name] = sym;
    }

    void metadata() {
        if (!YamlReader::has(root_, "metadata")) return;  // the root's check names it missing, at its line
        const YAML::Node m = root_["metadata"];
        if (!r_.checkMap(m, "metadata", {"authority", "framework", "version", "description", "effective_from", "effective_to", "sources", "assumptions"},
                         {"authority", "framework", "version", "effective_from"}))
            return;
        auto& md = rs_->metadata;
        if (m["authority"]) md.authority = r_.text(m["authority"], "metadata.authority").value_or("");
        if (m["framework"]) md.framework = r_.text(m["framework"], "metadata.framework").value_or("");
        if (m["version"]) md.version = r_.text(m["version"], "metadata.version").value_or("");
        if (YamlReader::has(m, "description")) md.description = r_.text(m["description"], "metadata.description").value_or("");
        if (m["effective_from"]) md.effectiveFrom = r_.date(m["effective_from"], "metadata.effective_from").value_or(Date{});
        if (YamlReader::has(m, "effective_to")) {
            md.effectiveTo = r_.date(m["effective_to"], "metadata.effective_to");
            if (md.effectiveTo && dayNumber(*md.effectiveTo) < dayNumber(md.effectiveFrom))
                r_.error(m["effective_to"], "metadata.effective_to", "ends before effective_from (" + formatDate(md.effectiveFrom) + ")");
        }
        if (YamlReader::has(m, "sources") && r_.isSeq(m["sources"], "metadata.sources")) {
            for (std::size_t i = 0; i < m["sources"].size(); ++i) {
                const YAML::Node s = m["sources"][i];
                const std::string p = idx("metadata.sources", i);
                if (!r_.checkMap(s, p, {"title", "url"}, {"title"})) continue;
                SourceRef ref;
                ref.title = r_.text(s["title"], p + ".title").value_or("");
                if (s["url"]) ref.url = r_.text(s["url"], p + ".url").value_or("");
                md.sources.push_back(ref);
            }
        }
        if (YamlReader::has(m, "assumptions") && r_.isSeq(m["assumptions"], "metadata.assumptions"))
            for (std::size_t i = 0; i < m["assumptions"].size(); ++i)
                if (auto t = r_.text(m["assumptions"][i], idx("metadata.assumptions", i))) md.assumptions.push_back(*t);
    }

    void rounding() {
        if (!YamlReader::has(root_, "rounding")) return;
        const YAML::Node n = root_["rounding"];
        if (!r_.checkMap(n, "rounding", {"mode", "to"}, {"mode"})) return;
        if (auto m = r_.choice(n["mode"], "rounding.mode", {"half_up", "half_even", "down", "up"})) {
            rs_->rounding.mode = *m == "half_up" ? Rounding::Mode::HalfUp : *m == "half_even" ? Rounding::Mode::HalfEven
                               : *m == "down" ? Rounding::Mode::Down : Rounding::Mode::Up;
        }
        if (n["to"]) {
            if (auto t = r_.choice(n["to"], "rounding.to", {"penny", "pound", "ten_pounds"}))
                rs_->rounding.unitPence = *t == "penny" ? 1 : *t == "pound" ? 100 : 1000;
        }
    }

    void settingTypes() {
        const YAML::Node n = root_["setting_types"];
        if (!n || !r_.isSeq(n, "setting_types")) return;
        for (std::size_t i = 0; i < n.size(); ++i) {
            const std::string p = idx("setting_types", i);
            const YAML::Node s = n[i];
            if (!r_.checkMap(s, p, {"id", "name", "place_funding", "element2_threshold"}, {"id", "name"})) continue;
            SettingType st;
            st.id = r_.text(s["id"], p + ".id").value_or("");
            if (!validId(st.id)) { r_.error(s["id"], p + ".id", "expected an id of letters, digits, _ or -"); continue; }
            if (rs_->settingIndex(st.id) >= 0) { r_.error(s["id"], p + ".id", "setting type '" + st.id + "' is defined twice"); continue; }
            st.name = r_.text(s["name"], p + ".name").value_or("");
            if (YamlReader::has(s, "place_funding")) st.placeFunding = amount(s["place_funding"], p + ".place_funding").value_or(Num(0));
            if (YamlReader::has(s, "element2_threshold")) st.element2Threshold = amount(s["element2_threshold"], p + ".element2_threshold").value_or(Num(0));
            rs_->settingTypes.push_back(st);
            rs_->strings.intern(st.id);
            settingIds_.push_back(st.id);
        }
        if (rs_->settingTypes.empty() && n.size() == 0) r_.error(n, "setting_types", "at least one setting type is needed");
    }

    void schools() {
        if (!YamlReader::has(root_, "schools")) return;
        const YAML::Node n = root_["schools"];
        if (!r_.isSeq(n, "schools")) return;
        for (std::size_t i = 0; i < n.size(); ++i) {
            const std::string p = idx("schools", i);
            const YAML::Node s = n[i];
            if (!r_.checkMap(s, p, {"id", "name", "setting_type"}, {"id", "name", "setting_type"})) continue;
            School sc;
            sc.id = r_.text(s["id"], p + ".id").value_or("");
            sc.name = r_.text(s["name"], p + ".name").value_or("");
            sc.settingType = r_.text(s["setting_type"], p + ".setting_type").value_or("");
            if (rs_->settingIndex(sc.settingType) < 0) r_.error(s["setting_type"], p + ".setting_type", "'" + sc.settingType + "' is not a setting type declared in setting_types");
            if (rs_->school(sc.id)) { r_.error(s["id"], p + ".id", "school '" + sc.id + "' is listed twice"); continue; }
            rs_->schools.push_back(sc);
            rs_->strings.intern(sc.id);
        }
    }

    void areas() {
        if (!YamlReader::has(root_, "areas")) return;
        const YAML::Node n = root_["areas"];
        if (!r_.isSeq(n, "areas")) return;
        for (std::size_t i = 0; i < n.size(); ++i) {
            const std::string p = idx("areas", i);
            if (!r_.checkMap(n[i], p, {"id", "name"}, {"id", "name"})) continue;
            Area a{r_.text(n[i]["id"], p + ".id").value_or(""), r_.text(n[i]["name"], p + ".name").value_or("")};
            if (std::find(areaIds_.begin(), areaIds_.end(), a.id) != areaIds_.end()) { r_.error(n[i]["id"], p + ".id", "area '" + a.id + "' is defined twice"); continue; }
            areaIds_.push_back(a.id);
            rs_->areas.push_back(a);
        }
    }

    void provisionTypes() {
        if (!YamlReader::has(root_, "provision_types")) return;
        const YAML::Node n = root_["provision_types"];
        if (!r_.isSeq(n, "provision_types")) return;
        for (std::size_t i = 0; i < n.size(); ++i) {
            const std::string p = idx("provision_types", i);
            if (!r_.checkMap(n[i], p, {"id", "name"}, {"id", "name"})) continue;
            ProvisionType t{r_.text(n[i]["id"], p + ".id").value_or(""), r_.text(n[i]["name"], p + ".name").value_or("")};
            if (rs_->provisionIndex(t.id) >= 0) { r_.error(n[i]["id"], p + ".id", "provision type '" + t.id + "' is defined twice"); continue; }
            rs_->provisionTypes.push_back(t);
        }
    }

    void domains() {
        if (!YamlReader::has(root_, "domains")) return;
        const YAML::Node n = root_["domains"];
        if (!r_.isSeq(n, "domains")) return;
        for (std::size_t i = 0; i < n.size(); ++i) {
            const std::string p = idx("domains", i);
            const YAML::Node d = n[i];
            if (!r_.checkMap(d, p, {"id", "name", "area", "weight", "description", "levels"}, {"id", "name", "levels"})) continue;
            Domain dom;
            dom.id = r_.text(d["id"], p + ".id").value_or("");
            dom.name = r_.text(d["name"], p + ".name").value_or("");
            if (YamlReader::has(d, "area")) {
                dom.area = r_.text(d["area"], p + ".area").value_or("");
                if (!rs_->areas.empty() && std::find(areaIds_.begin(), areaIds_.end(), dom.area) == areaIds_.end())
                    r_.error(d["area"], p + ".area", "'" + dom.area + "' is not an area declared in areas");
            }
            if (YamlReader::has(d, "weight")) dom.weight = r_.number(d["weight"], p + ".weight").value_or(Num(1));
            if (d["levels"] && r_.isSeq(d["levels"], p + ".levels")) {
                const YAML::Node ls = d["levels"];
                if (ls.size() == 0) r_.error(ls, p + ".levels", "a domain needs at least one level");
                for (std::size_t j = 0; j < ls.size(); ++j) {
                    const std::string lp = idx(p + ".levels", j);
                    if (!r_.checkMap(ls[j], lp, {"level", "score", "label", "descriptor"}, {"level", "score", "descriptor"})) continue;
                    Level l;
                    l.value = r_.integer(ls[j]["level"], lp + ".level").value_or(0);
                    l.score = r_.number(ls[j]["score"], lp + ".score").value_or(Num(0));
                    if (YamlReader::has(ls[j], "label")) l.label = r_.text(ls[j]["label"], lp + ".label").value_or("");
                    l.descriptor = r_.text(ls[j]["descriptor"], lp + ".descriptor").value_or("");
                    if (!dom.levels.empty() && l.value <= dom.levels.back().value) {
                        r_.error(ls[j]["level"], lp + ".level", "levels must be listed in ascending order without repeats; " +
                                 std::to_string(l.value) + " follows " + std::to_string(dom.levels.back().value));
                        continue;
                    }
                    dom.levels.push_back(l);
                }
            }
            if (rs_->domainIndex(dom.id) >= 0) { r_.error(d["id"], p + ".id", "domain '" + dom.id + "' is defined twice"); continue; }
            claimName(dom.id, d["id"], p + ".id", Symbol{ValueType::Number, 0});
            rs_->domains.push_back(dom);
            if (!dom.area.empty() && rs_->areas.empty() && std::find(areaIds_.begin(), areaIds_.end(), dom.area) == areaIds_.end())
                areaIds_.push_back(dom.area);
            domainIds_.push_back(dom.id);
        }
    }

    void inputs() {
        if (!YamlReader::has(root_, "inputs")) return;
        const YAML::Node n = root_["inputs"];
        if (!r_.isSeq(n, "inputs")) return;
        for (std::size_t i = 0; i < n.size(); ++i) {
            const std::string p = idx("inputs", i);
            const YAML::Node d = n[i];
            if (!r_.checkMap(d, p, {"id", "name", "min", "max", "whole_number", "default"}, {"id", "name"})) continue;
            InputDef in;
            in.id = r_.text(d["id"], p + ".id").value_or("");
            in.name = r_.text(d["name"], p + ".name").value_or("");
            if (YamlReader::has(d, "min")) in.min = r_.number(d["min"], p + ".min");
            if (YamlReader::has(d, "max")) in.max = r_.number(d["max"], p + ".max");
            if (YamlReader::has(d, "whole_number")) in.wholeNumber = r_.boolean(d["whole_number"], p + ".whole_number").value_or(false);
            if (YamlReader::has(d, "default")) in.fallback = r_.number(d["default"], p + ".default");
            if (in.min && in.max && *in.max < *in.min) r_.error(d["max"], p + ".max", "is below min");
            if (in.fallback && ((in.wholeNumber && !in.fallback->isInteger()) || (in.min && *in.fallback < *in.min) || (in.max && *in.fallback > *in.max)))
                r_.error(d["default"], p + ".default", "the default " + in.fallback->toString() + " is outside what the input allows" +
                                                           (in.wholeNumber ? " (a whole number" : " (a number") + (in.min ? " from " + in.min->toString() : "") +
                                                           (in.max ? " to " + in.max->toString() : "") + ")");
            if (rs_->inputIndex(in.id) >= 0) { r_.error(d["id"], p + ".id", "input '" + in.id + "' is defined twice"); continue; }
            claimName(in.id, d["id"], p + ".id", Symbol{ValueType::Number, 0});
            rs_->inputs.push_back(in);
        }
    }

    void layoutSlots() {
        int s = kFirstDynamicSlot;
        rs_->domainScoreSlot0 = s;
        s += static_cast<int>(rs_->domains.size());
        rs_->domainLevelSlot0 = s;
        s += static_cast<int>(rs_->domains.size());
        rs_->inputSlot0 = s;
        s += static_cast<int>(rs_->inputs.size());
        rs_->hoursSlot0 = s;
        s += static_cast<int>(rs_->provisionTypes.size());
        rs_->slotCount = s;
        for (std::size_t i = 0; i < rs_->domains.size(); ++i)
            if (names_.count(rs_->domains[i].id)) names_[rs_->domains[i].id].slot = rs_->domainScoreSlot0 + static_cast<int>(i);
        for (std::size_t i = 0; i < rs_->inputs.size(); ++i)
            if (names_.count(rs_->inputs[i].id)) names_[rs_->inputs[i].id].slot = rs_->inputSlot0 + static_cast<int>(i);
    }

    void bandIds() {
        const YAML::Node n = root_["bands"];
        if (!n || !n.IsSequence()) return;
        for (std::size_t i = 0; i < n.size(); ++i)
            if (n[i].IsMap() && n[i]["id"] && n[i]["id"].IsScalar()) bandIds_.push_back(n[i]["id"].Scalar());
    }

    // Where an expression is, for saying why a name worked out later cannot be used there.
    struct Stage {
        enum Kind { Derived, Banding, BandingScore, Funding } kind = Banding;
        std::size_t index = 0;  // derived: its position; funding: 0 top_up, 1 place, 2... the others
    };

    // The ids of derived values and funding lines, in the order they are worked out, read before
    // any expression is compiled so that a reference to a later one can be explained.
    void laterNames() {
        if (YamlReader::has(root_, "derived") && root_["derived"].IsSequence())
            for (const YAML::Node& d : root_["derived"])
                derivedOrder_.push_back(d.IsMap() && d["id"] && d["id"].IsScalar() ? d["id"].Scalar() : "");
        fundingOrder_ = {"top_up", "place"};
        const YAML::Node f = root_["funding"];
        if (YamlReader::has(root_, "funding") && f.IsMap() && YamlReader::has(f, "other") && f["other"].IsSequence())
            for (const YAML::Node& o : f["other"]) fundingOrder_.push_back(o.IsMap() && o["id"] && o["id"].IsScalar() ? o["id"].Scalar() : "");
    }

    // Each message ends "so it cannot be used": the compiler's message goes on " in 'EXPR'".
    std::optional<std::string> whyUnavailable(std::string_view name, const Stage& at) const {
        const std::string n(name);
        const auto pos = [](const std::vector<std::string>& v, const std::string& x) -> std::optional<std::size_t> {
            auto it = std::find(v.begin(), v.end(), x);
            if (x.empty() || it == v.end()) return std::nullopt;
            return static_cast<std::size_t>(it - v.begin());
        };
        if (auto k = pos(fundingOrder_, n)) {
            if (at.kind != Stage::Funding) return "'" + n + "' is a funding line, worked out after the band is chosen, so it cannot be used";
            if (*k == at.index) return "'" + n + "' is this funding line itself, so it cannot be used";
            if (*k > at.index)
                return "'" + n + "' is worked out after this line (funding lines are worked out in order: top_up, place, then the other lines as listed), so it cannot be used";
        }
        if (auto j = pos(derivedOrder_, n); j && at.kind == Stage::Derived) {
            if (*j == at.index) return "'" + n + "' is this derived value itself, so it cannot be used";
            if (*j > at.index) return "'" + n + "' is worked out after this line (derived values are worked out in the order they are listed), so it cannot be used";
        }
        if (at.kind != Stage::Funding && (n == "band" || n == "tariff" || n == "annual_tariff" || n == "entered_amount"))
            return "'" + n + "' is known only once the band is chosen (funding lines may use it), so it cannot be used";
        if (n == "score") {
            const YAML::Node b = root_["banding"];
            if (b.IsMap() && !YamlReader::has(b, "score") && (YamlReader::has(b, "rules") || YamlReader::has(b, "band")))
                return std::string("'score' is the banding score, which this rule set does not have (it bands by ") +
                       (YamlReader::has(b, "rules") ? "rules" : "an expression naming the band") + ", not by banding.score), so it cannot be used";
            if (at.kind == Stage::Derived) return "'score' is the banding score, worked out after the derived values, so it cannot be used";
            if (at.kind == Stage::BandingScore) return "'score' is the banding score itself, so it cannot be used";
        }
        return std::nullopt;
    }

    CompileEnv env(bool afterBanding, bool allowScore, Stage at) {
        CompileEnv e = env(afterBanding, allowScore);
        e.unavailable = [this, at](std::string_view name) { return whyUnavailable(name, at); };
        return e;
    }

    CompileEnv env(bool afterBanding, bool allowScore) {
        CompileEnv e;
        e.domainCount = static_cast<int>(rs_->domains.size());
        e.strings = &rs_->strings;
        e.tables = &rs_->tables;
        e.hoursTotalSlot = kHoursTotal;
        e.global = [this, afterBanding, allowScore](std::string_view name) -> std::optional<Symbol> {
            static const std::map<std::string, Slot, std::less<>> numeric = {
                {"age", kAge}, {"nc_year", kNcYear}, {"place_funding", kPlaceFunding},
                {"element2_threshold", kElement2Threshold}, {"terms_per_year", kTermsPerYear}, {"weeks_per_year", kWeeksPerYear},
                {"financial_year", kFinancialYear}, {"academic_year", kAcademicYear}};
            if (auto it = numeric.find(name); it != numeric.end()) return Symbol{ValueType::Number, it->second};
            if (name == "primary_need") return Symbol{ValueType::Text, kPrimaryNeed, &primaryNeedCodes(), "primary need code"};
            if (name == "setting") return Symbol{ValueType::Text, kSetting, &settingIds_, "setting type"};
            if (name == "school") return Symbol{ValueType::Text, kSchool};
            if (afterBanding) {
                if (name == "band") return Symbol{ValueType::Text, kBand, &bandIds_, "band"};
                if (name == "tariff") return Symbol{ValueType::Number, kTariff};
                if (name == "annual_tariff") return Symbol{ValueType::Number, kAnnualTariff};
                if (name == "entered_amount") return Symbol{ValueType::Number, kEnteredAmount};
            }
            if (allowScore && name == "score" && rs_->bandingMethod == BandingMethod::Thresholds) return Symbol{ValueType::Number, kScore};
            if (auto it = names_.find(std::string(name)); it != names_.end() && it->second.slot >= 0) return it->second;
            return std::nullopt;
        };
        e.perDomain = [this](std::string_view name) -> std::optional<Symbol> {
            if (name == "score") return Symbol{ValueType::Number, 0};
            if (name == "level") return Symbol{ValueType::Number, 1};
            if (name == "weight") return Symbol{ValueType::Number, 2};
            if (name == "area") return Symbol{ValueType::Text, 3, &areaIds_, "area"};
            if (name == "domain") return Symbol{ValueType::Text, 4, &domainIds_, "domain"};
            return std::nullopt;
        };
        e.levelSlot = [this](std::string_view d) -> std::optional<int> {
            const int i = rs_->domainIndex(d);
            if (i < 0) return std::nullopt;
            return rs_->domainLevelSlot0 + i;
        };
        e.hoursSlot = [this](std::string_view h) -> std::optional<int> {
            const int i = rs_->provisionIndex(h);
            if (i < 0) return std::nullopt;
            return rs_->hoursSlot0 + i;
        };
        e.inWords = [this](std::string_view kind, std::string_view id) { return inWords(kind, id); };
        return e;
    }

    // How a name reads in "why this band": the rule set's own name for what it defines, plain
    // words for the names every rule set has.
    std::optional<std::string> inWords(std::string_view kind, std::string_view id) const {
        auto named = [&](const auto& list) -> std::optional<std::string> {
            for (const auto& x : list)
                if (x.id == id && !x.name.empty()) return x.name;
            return std::nullopt;
        };
        if (kind == "domain") return named(rs_->domains);
        if (kind == "provision") return named(rs_->provisionTypes);
        if (kind == "area") return named(rs_->areas);
        if (kind == "setting type") return named(rs_->settingTypes);
        if (kind == "band") return "band " + std::string(id);
        if (kind != "name") return std::nullopt;
        // The rule set's own constants, with their values once read (funding lines come after).
        if (id == "weeks_per_year" && rs_->weeksPerYear > 0) return "the " + std::to_string(rs_->weeksPerYear) + " weeks in a year";
        if (id == "terms_per_year" && rs_->termsPerYear() > 0) return "the " + std::to_string(rs_->termsPerYear()) + " terms in a year";
        static const std::map<std::string, std::string, std::less<>> builtIn = {
            {"age", "the child's age"}, {"nc_year", "the national curriculum year"}, {"place_funding", "the place funding"},
            {"element2_threshold", "the element 2 threshold"}, {"terms_per_year", "the terms in a year"},
            {"weeks_per_year", "the weeks in a year"}, {"financial_year", "the financial year"}, {"academic_year", "the academic year"},
            {"primary_need", "the primary need"}, {"setting", "the setting type"}, {"school", "the school"}, {"band", "the band"},
            {"tariff", "the tariff"}, {"annual_tariff", "the annual tariff"}, {"entered_amount", "the entered amount"},
            {"score", "the banding score"}};
        if (auto it = builtIn.find(id); it != builtIn.end()) return it->second;
        if (auto d = named(rs_->domains)) return "the " + *d + " score";
        if (auto n = named(rs_->inputs)) return n;
        if (auto n = named(rs_->derived)) return n;
        if (auto n = named(rs_->components)) return n;
        return std::nullopt;
    }

    std::optional<Expression> compile(const YAML::Node& n, const std::string& path, const CompileEnv& e,
                                      std::optional<ValueType> want) {
        std::string src;
        if (!n.IsDefined()) return std::nullopt;  // a missing key: checkMap reports it
        if (n.IsScalar()) src = n.Scalar();
        else {
            r_.error(n, path, "expected an expression, got " + describeNode(n));
            return std::nullopt;
        }
        std::vector<ExprError> errs;
        auto ex = Expression::compile(src, e, errs);
        for (const auto& er : errs) exprError(n, src, er.offset, path, er.message);
        if (ex && want && ex->type() != *want) {
            r_.error(n, path, std::string("expected ") + typeName(*want) + " but '" + src + "' gives " + typeName(ex->type()));
            return std::nullopt;
        }
        return ex;
    }

    // A problem at byte `offset` of the expression `src` held by node `n`, reported at its own
    // line and column as "PATH: MESSAGE in 'SRC'".
    void exprError(const YAML::Node& n, const std::string& src, std::size_t offset, const std::string& path, const std::string& message) {
        int line = n.Mark().line + 1;
        int col = n.Mark().column + 1;
        const std::string& y = rs_->yamlText;
        const std::size_t at = static_cast<std::size_t>(n.Mark().pos);
        if (at < y.size() && (y[at] == '|' || y[at] == '>')) {
            // A block scalar's mark is at its indicator: its text starts, indented, on a later line.
            for (std::size_t p = y.find('\n', at); p != std::string::npos; p = y.find('\n', p + 1)) {
                ++line;
                std::size_t q = p + 1;
                while (q < y.size() && y[q] == ' ') ++q;
                if (q < y.size() && y[q] != '\n' && y[q] != '\r') {
                    col = static_cast<int>(q - p);
                    break;
                }
            }
            const std::size_t nl = src.find('\n');
            if (nl == std::string::npos || nl + 1 == src.size()) col += static_cast<int>(offset);
        } else if (src.find('\n') == std::string::npos) {
            // A quoted scalar's mark is at the quote; plain scalars start at the mark.
            const std::size_t markPos = static_cast<std::size_t>(n.Mark().pos);
            const bool isQuoted = markPos < rs_->yamlText.size() && (rs_->yamlText[markPos] == '"' || rs_->yamlText[markPos] == '\'');
            col += static_cast<int>(offset) + (isQuoted ? 1 : 0);
        }
        r_.errorAt(line, col, path + ": " + message + " in '" + src + "'");
    }

    // Where `name` is first used, as a whole word, in `src` (0 when it cannot be found).
    static std::size_t nameOffset(const std::string& src, const std::string& name) {
        auto word = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; };
        for (std::size_t at = src.find(name); at != std::string::npos; at = src.find(name, at + 1))
            if ((at == 0 || !word(src[at - 1])) && (at + name.size() >= src.size() || !word(src[at + name.size()]))) return at;
        return 0;
    }

    void tables() {
        if (!YamlReader::has(root_, "tables")) return;
        const YAML::Node n = root_["tables"];
        if (!r_.isSeq(n, "tables")) return;
        for (std::size_t i = 0; i < n.size(); ++i) {
            const std::string p = idx("tables", i);
            const YAML::Node t = n[i];
            if (!r_.checkMap(t, p, {"id", "name", "keys", "value", "default", "rows"}, {"id", "keys", "value", "rows"})) continue;
            Table tab;
            tab.name = r_.text(t["id"], p + ".id").value_or("");
            if (t["keys"] && r_.isSeq(t["keys"], p + ".keys")) {
                for (std::size_t k = 0; k < t["keys"].size(); ++k)
                    if (auto c = r_.choice(t["keys"][k], idx(p + ".keys", k), {"number", "text"}))
                        tab.keyTypes.push_back(*c == "number" ? ValueType::Number : ValueType::Text);
                if (t["keys"].size() == 0) r_.error(t["keys"], p + ".keys", "a table needs at least one key");
            }
            if (auto c = r_.choice(t["value"], p + ".value", {"number", "text"}))
                tab.valueType = *c == "number" ? ValueType::Number : ValueType::Text;
            auto cell = [&](const YAML::Node& c, const std::string& cp, ValueType vt) -> std::optional<Num> {
                if (vt == ValueType::Number) return r_.number(c, cp);
                auto s = r_.text(c, cp);
                if (!s) return std::nullopt;
                return Num(rs_->strings.intern(*s));
            };
            if (YamlReader::has(t, "default")) tab.fallback = cell(t["default"], p + ".default", tab.valueType);
            if (t["rows"] && r_.isSeq(t["rows"], p + ".rows")) {
                std::set<std::vector<std::pair<std::int64_t, std::int64_t>>> seen;
                for (std::size_t j = 0; j < t["rows"].size(); ++j) {
                    const YAML::Node row = t["rows"][j];
                    const std::string rp = idx(p + ".rows", j);
                    if (!row.IsSequence() || row.size() != tab.keyTypes.size() + 1) {
                        r_.error(row, rp, "expected a list of " + std::to_string(tab.keyTypes.size()) + " key(s) and a value, got " + describeNode(row));
                        continue;
                    }
                    std::vector<Num> keys;
                    bool ok = true;
                    for (std::size_t k = 0; k < tab.keyTypes.size(); ++k) {
                        auto v = cell(row[k], idx(rp, k), tab.keyTypes[k]);
                        ok = ok && v.has_value();
                        keys.push_back(v.value_or(Num(0)));
                    }
                    auto v = cell(row[tab.keyTypes.size()], idx(rp, tab.keyTypes.size()), tab.valueType);
                    if (!ok || !v) continue;
                    std::vector<std::pair<std::int64_t, std::int64_t>> sig;
                    for (const Num& k : keys) sig.emplace_back(k.num(), k.den());
                    if (!seen.insert(sig).second) { r_.error(row, rp, "the same keys appear in an earlier row"); continue; }
                    tab.keys.push_back(keys);
                    tab.values.push_back(*v);
                }
            }
            claimName(tab.name, t["id"], p + ".id", Symbol{ValueType::Number, -1});
            rs_->tables.push_back(std::move(tab));
        }
    }

    void derived() {
        if (!YamlReader::has(root_, "derived")) return;
        const YAML::Node n = root_["derived"];
        if (!r_.isSeq(n, "derived")) return;
        for (std::size_t i = 0; i < n.size(); ++i) {
            const std::string p = idx("derived", i);
            const YAML::Node d = n[i];
            if (!r_.checkMap(d, p, {"id", "name", "expr"}, {"id", "name", "expr"})) continue;
            const std::string id = r_.text(d["id"], p + ".id").value_or("");
            auto ex = compile(d["expr"], p + ".expr", env(false, false, Stage{Stage::Derived, i}), std::nullopt);
            if (!ex) {
                // Keep the name defined so that its users are not reported as well: one mistake, one message.
                claimName(id, d["id"], p + ".id", Symbol{ValueType::Number, rs_->slotCount++});
                continue;
            }
            const int slot = rs_->slotCount++;
            claimName(id, d["id"], p + ".id", Symbol{ex->type(), slot});
            rs_->derived.push_back(NamedExpr{id, r_.text(d["name"], p + ".name").value_or(""), std::move(*ex), slot});
        }
    }

    void banding() {
        const YAML::Node b = root_["banding"];
        if (!b || !r_.checkMap(b, "banding", {"score", "rules", "otherwise", "band"})) return;
        const int methods = (YamlReader::has(b, "score") ? 1 : 0) + (YamlReader::has(b, "rules") ? 1 : 0) + (YamlReader::has(b, "band") ? 1 : 0);
        if (methods != 1) {
            r_.error(b, "banding", "give exactly one of: score (with band ranges), rules (with otherwise), band (an expression naming the band)");
            return;
        }
        if (YamlReader::has(b, "score")) {
            rs_->bandingMethod = BandingMethod::Thresholds;
            rs_->score = compile(b["score"], "banding.score", env(false, false, Stage{Stage::BandingScore}), ValueType::Number);
        } else if (YamlReader::has(b, "rules")) {
            rs_->bandingMethod = BandingMethod::Rules;
            if (!r_.isSeq(b["rules"], "banding.rules")) return;
            for (std::size_t i = 0; i < b["rules"].size(); ++i) {
                const std::string p = idx("banding.rules", i);
                const YAML::Node rule = b["rules"][i];
                if (!r_.checkMap(rule, p, {"when", "band"}, {"when", "band"})) continue;
                auto ex = compile(rule["when"], p + ".when", env(false, false, Stage{Stage::Banding}), ValueType::Bool);
                const int band = bandRef(rule["band"], p + ".band");
                if (ex && band >= 0) rs_->rules.push_back(BandRule{std::move(*ex), band});
            }
            if (!YamlReader::has(b, "otherwise")) r_.error(b, "banding", "rules need an 'otherwise' band for profiles no rule matches");
            else rs_->otherwise = bandRef(b["otherwise"], "banding.otherwise");
        } else {
            rs_->bandingMethod = BandingMethod::Select;
            CompileEnv e = env(false, false, Stage{Stage::Banding});
            e.resultTexts = &bandIds_;
            e.resultWhat = "band";
            rs_->select = compile(b["band"], "banding.band", e, ValueType::Text);
        }
    }

    int bandRef(const YAML::Node& n, const std::string& path) {
        auto t = r_.text(n, path);
        if (!t) return -1;
        auto it = std::find(bandIds_.begin(), bandIds_.end(), *t);
        if (it == bandIds_.end()) {
            r_.error(n, path, "'" + *t + "' is not a band defined in bands");
            return -1;
        }
        return static_cast<int>(it - bandIds_.begin());
    }

    void bands() {
        const YAML::Node n = root_["bands"];
        if (!n || !r_.isSeq(n, "bands")) return;
        if (n.size() == 0) r_.error(n, "bands", "at least one band is needed");
        const bool thresholds = rs_->bandingMethod == BandingMethod::Thresholds && YamlReader::has(root_["banding"], "score");
        std::vector<const YAML::Node*> marks;
        std::vector<YAML::Node> nodes;
        for (std::size_t i = 0; i < n.size(); ++i) {
            const std::string p = idx("bands", i);
            const YAML::Node d = n[i];
            if (!r_.checkMap(d, p, {"id", "name", "description", "from", "to", "funding", "approval", "entered_above", "settings"}, {"id", "name"})) {
                rs_->bands.push_back(Band{});
                continue;
            }
            Band band;
            band.id = r_.text(d["id"], p + ".id").value_or("");
            band.name = r_.text(d["name"], p + ".name").value_or("");
            if (!validId(band.id)) r_.error(d["id"], p + ".id", "expected an id of letters, digits, _ or -");
            for (std::size_t j = 0; j < i && j < rs_->bands.size(); ++j)
                if (rs_->bands[j].id == band.id) r_.error(d["id"], p + ".id", "band '" + band.id + "' is defined twice");
            if (YamlReader::has(d, "description")) band.description = r_.text(d["description"], p + ".description").value_or("");
            if (YamlReader::has(d, "funding")) {
                if (auto f = r_.choice(d["funding"], p + ".funding", {"tariff", "none", "entered", "formula"}))
                    band.funding = *f == "tariff" ? BandFunding::Tariff : *f == "none" ? BandFunding::None
                                 : *f == "entered" ? BandFunding::Entered : BandFunding::Formula;
            }
            if (YamlReader::has(d, "approval")) band.needsApproval = r_.boolean(d["approval"], p + ".approval").value_or(false);
            if (YamlReader::has(d, "entered_above")) {
                band.enteredAbove = amount(d["entered_above"], p + ".entered_above");
                if (band.funding != BandFunding::Entered) r_.error(d["entered_above"], p + ".entered_above", "only bands with funding: entered take an entered amount");
            }
            if (YamlReader::has(d, "settings") && r_.isSeq(d["settings"], p + ".settings")) {
                for (std::size_t j = 0; j < d["settings"].size(); ++j) {
                    auto s = r_.text(d["settings"][j], idx(p + ".settings", j));
                    if (s && rs_->settingIndex(*s) < 0) r_.error(d["settings"][j], idx(p + ".settings", j), "'" + *s + "' is not a setting type declared in setting_types");
                    else if (s) band.settings.push_back(*s);
                }
            }
            if (YamlReader::has(d, "from")) {
                band.from = r_.number(d["from"], p + ".from");
                if (band.from && !band.from->isInteger()) r_.error(d["from"], p + ".from", "band ranges use whole numbers");
            }
            if (YamlReader::has(d, "to")) {
                band.to = r_.number(d["to"], p + ".to");
                if (band.to && !band.to->isInteger()) r_.error(d["to"], p + ".to", "band ranges use whole numbers");
                if (band.from && band.to && *band.to < *band.from) r_.error(d["to"], p + ".to", "range ends (" + band.to->toString() + ") before it starts (" + band.from->toString() + ")");
            }
            if (thresholds && !band.from) r_.error(d, p, "banding by score needs 'from' (the lowest score in this band)");
            if (!thresholds && (band.from || band.to)) r_.error(d, p, "'from' and 'to' are only used when banding.score is given");
            band.textId = rs_->strings.intern(band.id);
            rs_->bands.push_back(band);
            nodes.push_back(d);
        }
        if (thresholds && nodes.size() == rs_->bands.size()) checkRanges(nodes);
    }


    bool readsAge() const { return readsAny(kAge, kNcYear); }
    bool readsDates() const { return readsAny(kFinancialYear, kAcademicYear); }

    bool readsAny(int slotA, int slotB) const {
        auto reads = [&](const Expression& e) {
            const auto& r = e.reads();
            return std::find(r.begin(), r.end(), slotA) != r.end() || std::find(r.begin(), r.end(), slotB) != r.end();
        };
        bool any = (rs_->score && reads(*rs_->score)) || (rs_->select && reads(*rs_->select));
        for (const auto& d : rs_->derived) any = any || reads(d.expr);
        for (const auto& r : rs_->rules) any = any || reads(r.when);
        for (const auto& c : rs_->components) any = any || reads(c.expr);
        return any;
    }

    void checkRanges(const std::vector<YAML::Node>& nodes) {
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < rs_->bands.size(); ++i)
            if (rs_->bands[i].from) order.push_back(i);  // bands without one were reported already
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return *rs_->bands[a].from < *rs_->bands[b].from; });
        for (std::size_t k = 0; k + 1 < order.size(); ++k) {
            const Band& lo = rs_->bands[order[k]];
            const Band& hi = rs_->bands[order[k + 1]];
            const std::string p = idx("bands", order[k + 1]);
            if (!lo.to) {
                r_.error(nodes[order[k]], idx("bands", order[k]), "band '" + lo.id + "' has no 'to' but band '" + hi.id + "' starts above it; only the top band may be open-ended");
                continue;
            }
            if (*hi.from <= *lo.to)
                r_.error(nodes[order[k + 1]]["from"], p + ".from", "band '" + hi.id + "' (" + rangeText(hi) + ") overlaps band '" + lo.id + "' (" + rangeText(lo) + ")");
            else if (*hi.from > *lo.to + Num(1))
                r_.error(nodes[order[k + 1]]["from"], p + ".from", "scores " + (*lo.to + Num(1)).toString() + " to " + (*hi.from - Num(1)).toString() +
                         " fall in no band: band '" + lo.id + "' ends at " + lo.to->toString() + " and band '" + hi.id + "' starts at " + hi.from->toString());
        }
    }

    static std::string rangeText(const Band& b) {
        return b.from->toString() + (b.to ? " to " + b.to->toString() : " and above");
    }

    void terms() {
        if (!YamlReader::has(root_, "terms")) return;
        const YAML::Node n = root_["terms"];
        if (!r_.isSeq(n, "terms")) return;
        auto monthDay = [&](const YAML::Node& v, const std::string& p, unsigned& m, unsigned& d) {
            auto t = r_.text(v, p);
            if (!t) return;
            auto date = parseDate("2000-" + *t);  // a leap year, so 02-29 parses
            if (t->size() != 5 || !date) { r_.error(v, p, "expected a month and day as MM-DD, got " + describeNode(v)); return; }
            m = static_cast<unsigned>(date->month());
            d = static_cast<unsigned>(date->day());
        };
        std::vector<YAML::Node> nodes;  // in step with rs_->terms
        for (std::size_t i = 0; i < n.size(); ++i) {
            const std::string p = idx("terms", i);
            if (!r_.checkMap(n[i], p, {"name", "from", "to"}, {"name", "from", "to"})) continue;
            Term t;
            t.name = r_.text(n[i]["name"], p + ".name").value_or("");
            const std::size_t before = r_.errorCount();
            monthDay(n[i]["from"], p + ".from", t.fromMonth, t.fromDay);
            monthDay(n[i]["to"], p + ".to", t.toMonth, t.toDay);
            if ((t.fromMonth == 2 && t.fromDay == 29) || (t.toMonth == 2 && t.toDay == 29))
                r_.error(n[i], p, "terms cannot start or end on 29 February, which most years do not have");
            if (r_.errorCount() != before) continue;
            rs_->terms.push_back(t);
            nodes.push_back(n[i]);
        }
        if (nodes.size() != n.size()) return;  // the entries with errors were reported
        // Terms must tile one year: each starts the day after the previous ends, the first
        // starts the day after the last ends, and together they are 365 days long.
        auto length = [](const Term& t) {
            const Date a{std::chrono::year{2001}, std::chrono::month{t.fromMonth}, std::chrono::day{t.fromDay}};
            Date b{std::chrono::year{2001}, std::chrono::month{t.toMonth}, std::chrono::day{t.toDay}};
            if (dayNumber(b) < dayNumber(a)) b = Date{std::chrono::year{2002}, b.month(), b.day()};
            return daysInclusive(a, b);
        };
        long total = 0;
        for (std::size_t i = 0; i < rs_->terms.size(); ++i) {
            total += length(rs_->terms[i]);
            const Term& a = rs_->terms[i];
            const Term& b = rs_->terms[(i + 1) % rs_->terms.size()];
            const Date end{std::chrono::year{2001}, std::chrono::month{a.toMonth}, std::chrono::day{a.toDay}};
            const Date nextStart = addDays(end, 1);
            const std::size_t j = (i + 1) % rs_->terms.size();
            if (static_cast<unsigned>(nextStart.month()) != b.fromMonth || static_cast<unsigned>(nextStart.day()) != b.fromDay)
                r_.error(nodes[j]["from"], idx("terms", j) + ".from",
                         j == 0 ? "the first term must start the day after the last term ends, so that the terms cover the whole year"
                                : "term '" + b.name + "' must start the day after term '" + a.name + "' ends, so that the terms cover the whole year");
        }
        if (total != 365)
            r_.error(n, "terms", "the terms cover " + std::to_string(total) + " days; they must cover exactly one year (365 days, 366 in a leap year)");
    }

    void weeks() {
        if (!YamlReader::has(root_, "weeks_per_year")) return;
        rs_->weeksPerYear = r_.integer(root_["weeks_per_year"], "weeks_per_year").value_or(0);
        if (rs_->weeksPerYear < 1 || rs_->weeksPerYear > 53) r_.error(root_["weeks_per_year"], "weeks_per_year", "expected a whole number of weeks from 1 to 53");
    }

    bool bandPricedIn(const Band& b, std::size_t setting) const {
        return b.settings.empty() || std::find(b.settings.begin(), b.settings.end(), rs_->settingTypes[setting].id) != b.settings.end();
    }

    void tariffs() {
        const bool anyTariffBand = std::any_of(rs_->bands.begin(), rs_->bands.end(), [](const Band& b) { return b.funding == BandFunding::Tariff; });
        if (!YamlReader::has(root_, "tariffs")) {
            if (anyTariffBand) r_.error(root_, "tariffs", "missing: bands with funding: tariff need tariffs");
            return;
        }
        const YAML::Node n = root_["tariffs"];
        if (!r_.isSeq(n, "tariffs")) return;
        const std::size_t nb = rs_->bands.size(), ns = rs_->settingTypes.size();
        std::vector<YAML::Node> nodes;
        for (std::size_t i = 0; i < n.size(); ++i) {
            const std::string p = idx("tariffs", i);
            const YAML::Node t = n[i];
            // A period the council has not priced yet says so, with `unpriced: WHY`, and holds no
            // amounts: the gap is then a stated fact of the rule set, shown by `rules show` and
            // given as the reason when a decision falls in it, not a hole found when a child does.
            const bool unpriced = YamlReader::has(t, "unpriced");
            if (!r_.checkMap(t, p, unpriced ? std::initializer_list<const char*>{"id", "from", "to", "per", "unpriced"}
                                            : std::initializer_list<const char*>{"id", "from", "to", "per", "amounts", "also_per", "schools", "uplift"},
                             unpriced ? std::initializer_list<const char*>{"id", "from", "to", "unpriced"}
                                      : std::initializer_list<const char*>{"id", "from", "to", "per"})) {
                if (unpriced && (YamlReader::has(t, "amounts") || YamlReader::has(t, "schools") || YamlReader::has(t, "uplift")))
                    r_.error(t, p, "a period marked unpriced holds no amounts: remove `unpriced` once the amounts are known");
                continue;
            }
            TariffPeriod tp;
            tp.id = r_.text(t["id"], p + ".id").value_or("");
            if (unpriced) {
                tp.unpriced = r_.text(t["unpriced"], p + ".unpriced").value_or("");
                if (tp.unpriced.empty()) r_.error(t["unpriced"], p + ".unpriced", "say why the period has no amounts (for example \"2025-26 rates not yet published\")");
            }
            const auto from = r_.date(t["from"], p + ".from"), to = r_.date(t["to"], p + ".to");
            tp.from = from.value_or(Date{});
            tp.to = to.value_or(Date{});
            if (from && to && dayNumber(tp.to) < dayNumber(tp.from)) r_.error(t["to"], p + ".to", "ends before it starts");
            if (!YamlReader::has(t, "per")) {
                // unpriced: no amounts, so no unit
            } else if (auto per = r_.choice(t["per"], p + ".per", {"year", "term", "month", "week", "hour"}))
                tp.per = *per == "year" ? Per::Year : *per == "term" ? Per::Term : *per == "month" ? Per::Month : *per == "week" ? Per::Week : Per::Hour;
            if (tp.per == Per::Week && rs_->weeksPerYear == 0) r_.error(t["per"], p + ".per", "amounts per week need weeks_per_year");
            tp.amount.assign(nb, std::vector<std::optional<Num>>(ns));
            for (const TariffPeriod& prev : rs_->tariffs)
                if (prev.id == tp.id) r_.error(t["id"], p + ".id", "tariff period '" + tp.id + "' is defined twice");
            const TariffPeriod* base = YamlReader::has(t, "uplift") ? uplift(t["uplift"], p + ".uplift", tp) : nullptr;
            amounts(t, p, tp);  // stated amounts override uplifted ones
            if (YamlReader::has(t, "also_per")) alsoPer(t["also_per"], p + ".also_per", tp);
            if (base) publishedNotInherited(*base, tp, t["uplift"], p + ".uplift");
            rs_->tariffs.push_back(std::move(tp));
            nodes.push_back(t);
        }
        std::vector<std::size_t> order(rs_->tariffs.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return dayNumber(rs_->tariffs[a].from) < dayNumber(rs_->tariffs[b].from); });
        for (std::size_t k = 0; k + 1 < order.size(); ++k) {
            const TariffPeriod& a = rs_->tariffs[order[k]];
            const TariffPeriod& b = rs_->tariffs[order[k + 1]];
            if (dayNumber(b.from) <= dayNumber(a.to))
                r_.error(nodes[order[k + 1]]["from"], idx("tariffs", order[k + 1]) + ".from", "tariff period '" + b.id + "' overlaps '" + a.id + "' (which runs to " + formatDate(a.to) + ")");
            else if (dayNumber(b.from) > dayNumber(a.to) + 1)
                r_.error(nodes[order[k + 1]]["from"], idx("tariffs", order[k + 1]) + ".from", "tariff period '" + b.id + "' starts on " + formatDate(b.from) + " but '" + a.id +
                         "' ends on " + formatDate(a.to) + ": the days between have no tariff");
        }
        // Every band priced by tariff needs an amount in every period for each setting type it
        // applies in: for the setting type, or (priced per school) for every school listed in it.
        for (std::size_t k = 0; k < rs_->tariffs.size(); ++k) {
            const TariffPeriod& tp = rs_->tariffs[k];
            if (YamlReader::has(nodes[k], "unpriced")) continue;  // no amounts, by declaration
            for (std::size_t b = 0; b < nb; ++b) {
                const Band& band = rs_->bands[b];
                if (band.funding != BandFunding::Tariff) continue;
                const bool bySchool = std::any_of(tp.schoolAmounts.begin(), tp.schoolAmounts.end(), [&](const auto& s) { return s.band == static_cast<int>(b); });
                std::string missing, unpricedSchools;
                for (std::size_t s = 0; s < ns; ++s) {
                    if (!bandPricedIn(band, s) || tp.amount[b][s]) continue;
                    if (!bySchool) {
                        missing += (missing.empty() ? "" : ", ") + rs_->settingTypes[s].id;
                        continue;
                    }
                    for (const School& sc : rs_->schools) {
                        if (sc.settingType != rs_->settingTypes[s].id) continue;
                        const bool priced = std::any_of(tp.schoolAmounts.begin(), tp.schoolAmounts.end(),
                                                        [&](const auto& a) { return a.band == static_cast<int>(b) && a.school == sc.id; });
                        if (!priced) unpricedSchools += (unpricedSchools.empty() ? "" : ", ") + sc.id;
                    }
                }
                if (!missing.empty())
                    r_.error(nodes[k], idx("tariffs", k), "band '" + band.id + "' has no tariff in period '" + tp.id + "' for setting type(s): " + missing +
                             " (give an amount, list the band's settings, or mark it funding: none)");
                if (!unpricedSchools.empty())
                    r_.error(nodes[k], idx("tariffs", k), "band '" + band.id + "' is priced per school in period '" + tp.id + "', but not for school(s) " +
                             unpricedSchools + " listed in its setting types (give each an amount, or an amount for the setting type)");
            }
        }
        // The tariffs must price every day of the effective period. An open-ended rule set is
        // effective until its last tariff period ends (and says so): after that, nothing is priced.
        if (anyTariffBand && !order.empty()) {
            const TariffPeriod& first = rs_->tariffs[order.front()];
            const TariffPeriod& last = rs_->tariffs[order.back()];
            Metadata& md = rs_->metadata;
            if (dayNumber(first.from) > dayNumber(md.effectiveFrom))
                r_.error(nodes[order.front()]["from"], idx("tariffs", order.front()) + ".from",
                         "the first tariff period, '" + first.id + "', starts on " + formatDate(first.from) + " but the rule set is effective from " +
                             formatDate(md.effectiveFrom) + ": the days between have no tariff (start a period on " + formatDate(md.effectiveFrom) +
                             ", or make effective_from later)");
            if (!md.effectiveTo) {
                md.effectiveTo = last.to;
                md.effectiveToImplied = true;
            } else if (dayNumber(last.to) < dayNumber(*md.effectiveTo)) {
                r_.error(nodes[order.back()]["to"], idx("tariffs", order.back()) + ".to",
                         "the last tariff period, '" + last.id + "', ends on " + formatDate(last.to) + " but the rule set is effective to " +
                             formatDate(*md.effectiveTo) + ": the days after have no tariff (add a period, marked `unpriced: WHY` if its amounts are not known yet, or make effective_to earlier)");
            }
        }
        std::sort(rs_->tariffs.begin(), rs_->tariffs.end(), [](const TariffPeriod& a, const TariffPeriod& b) { return dayNumber(a.from) < dayNumber(b.from); });
    }

    // `also_per: {UNIT: amounts}`: the figures published for other units than `per`.
    void alsoPer(const YAML::Node& n, const std::string& p, TariffPeriod& tp) {
        if (!n.IsMap()) {
            r_.error(n, p, "expected a map of unit (year, term or month) to amounts, got " + describeNode(n));
            return;
        }
        if (tp.per == Per::Hour) {
            r_.error(n, p, "amounts per hour are paid through the top-up formula; also_per is for a period priced per year, term, month or week");
            return;
        }
        checkDupKeys(n, p);
        std::set<std::string> seen;
        for (auto it = n.begin(); it != n.end(); ++it) {
            const std::string key = it->first.Scalar();
            const std::string up = p + "." + key;
            if (!seen.insert(key).second) continue;  // reported by checkDupKeys
            const auto unit = r_.choice(it->first, up, {"year", "term", "month"});
            if (!unit) continue;
            const Per per = *unit == "year" ? Per::Year : *unit == "term" ? Per::Term : Per::Month;
            if (per == tp.per) {
                r_.error(it->first, up, "this period's amounts are already per " + *unit + "; also_per gives the figures for the other units");
                continue;
            }
            if (!it->second.IsMap()) {
                r_.error(it->second, up, "expected a map of band to amount, got " + describeNode(it->second));
                continue;
            }
            TariffPeriod::Published pub;
            pub.per = per;
            pub.amount.assign(rs_->bands.size(), std::vector<std::optional<Num>>(rs_->settingTypes.size()));
            amountMap(it->second, up, pub.amount);
            // A published figure stands beside the period's own amount: it cannot replace one.
            for (std::size_t b = 0; b < pub.amount.size(); ++b) {
                std::string missing;
                for (std::size_t s = 0; s < pub.amount[b].size(); ++s)
                    if (pub.amount[b][s] && !tp.amount[b][s]) missing += (missing.empty() ? "" : ", ") + rs_->settingTypes[s].id;
                if (!missing.empty())
                    r_.error(it->second, up, "band '" + rs_->bands[b].id + "' has an amount per " + *unit + " here but no amount per " + perName(tp.per) +
                                                 " in this period for setting type(s): " + missing + " (also_per gives a second published figure beside amounts)");
                for (std::size_t s = 0; s < pub.amount[b].size(); ++s)
                    if (!tp.amount[b][s]) pub.amount[b][s].reset();  // reported: not to be reported again by a later uplift
            }
            tp.published.push_back(std::move(pub));
        }
    }

    // An uplift makes the `per` amounts from an earlier period's; a published figure for another
    // unit is the council's own and is not uplifted: the period must state it again.
    void publishedNotInherited(const TariffPeriod& base, const TariffPeriod& tp, const YAML::Node& at, const std::string& p) {
        for (const auto& bp : base.published) {
            std::string missing;
            for (std::size_t b = 0; b < bp.amount.size(); ++b)
                for (std::size_t s = 0; s < bp.amount[b].size(); ++s)
                    if (bp.amount[b][s] && !tp.figure(bp.per, static_cast<int>(b), static_cast<int>(s)))
                        missing += (missing.empty() ? "" : ", ") + rs_->bands[b].id + " in " + rs_->settingTypes[s].id;
            if (!missing.empty())
                r_.error(at, p, "'" + base.id + "' also publishes amounts per " + perName(bp.per) + " (band " + missing +
                                    "); an uplift does not carry them: give this period's also_per." + perName(bp.per) + " amounts");
        }
    }

    const TariffPeriod* uplift(const YAML::Node& u, const std::string& p, TariffPeriod& tp) {
        if (!r_.checkMap(u, p, {"from", "flat", "percent", "schools"}, {"from"})) return nullptr;
        const std::string src = r_.text(u["from"], p + ".from").value_or("");
        const TariffPeriod* base = nullptr;
        for (const TariffPeriod& prev : rs_->tariffs)
            if (prev.id == src) base = &prev;
        if (!base) { r_.error(u["from"], p + ".from", "'" + src + "' is not an earlier tariff period"); return nullptr; }
        if (!base->unpriced.empty()) { r_.error(u["from"], p + ".from", "'" + src + "' is unpriced: there are no amounts to uplift"); return nullptr; }
        if (base->per != tp.per) r_.error(u["from"], p + ".from", "'" + src + "' is priced per " + perName(base->per) + " but this period per " + perName(tp.per));
        const bool flat = YamlReader::has(u, "flat"), pct = YamlReader::has(u, "percent");
        if (flat == pct) { r_.error(u, p, "give exactly one of: flat (an amount added to every tariff) or percent"); return base; }
        Num add(0), factor(1);
        if (flat) add = r_.number(u["flat"], p + ".flat").value_or(Num(0));
        if (pct) factor = Num(1) + r_.number(u["percent"], p + ".percent").value_or(Num(0)) / Num(100);
        std::map<std::string, Num> schoolFlat;
        if (YamlReader::has(u, "schools") && !u["schools"].IsMap())
            r_.error(u["schools"], p + ".schools", "expected a map of school id to flat uplift, got " + describeNode(u["schools"]));
        if (YamlReader::has(u, "schools") && u["schools"].IsMap()) {
            if (!flat) r_.error(u["schools"], p + ".schools", "per-school uplifts are flat amounts; use them with flat");
            checkDupKeys(u["schools"], p + ".schools");  // a school twice: which uplift would count?
            for (auto it = u["schools"].begin(); it != u["schools"].end(); ++it) {
                const std::string sid = it->first.Scalar();
                if (!rs_->school(sid)) r_.error(it->first, p + ".schools." + sid, "'" + sid + "' is not a school listed in schools");
                if (auto v = r_.number(it->second, p + ".schools." + sid)) schoolFlat[sid] = *v;
            }
        }
        auto apply = [&](const Num& v) { return flat ? v + add : v * factor; };
        for (std::size_t b = 0; b < base->amount.size(); ++b)
            for (std::size_t s = 0; s < base->amount[b].size(); ++s)
                if (base->amount[b][s]) tp.amount[b][s] = apply(*base->amount[b][s]);
        for (const auto& sa : base->schoolAmounts) {
            auto it = schoolFlat.find(sa.school);
            tp.schoolAmounts.push_back({sa.band, sa.school, it != schoolFlat.end() ? sa.value + it->second : apply(sa.value)});
        }
        // What the uplift makes must be an amount the rule set could have stated: not negative,
        // within the per-plan maximum. The first amount out of range is named.
        auto bounded = [&](const Num& v, const std::string& what) {
            if (!(v < Num(0)) && !(v > Money::maxPerPlan())) return true;
            r_.error(u, p, "the uplift from '" + base->id + "' makes " + what + " " + Money::round(v, Rounding{}).format() +
                               (v < Num(0) ? ": an amount cannot be negative" : ": an amount may be at most " + Money::fromPence(Money::kMaxPencePerPlan).format()));
            return false;
        };
        bool inRange = true;
        for (std::size_t b = 0; b < tp.amount.size() && inRange; ++b)
            for (std::size_t s = 0; s < tp.amount[b].size() && inRange; ++s)
                if (tp.amount[b][s]) inRange = bounded(*tp.amount[b][s], "band '" + rs_->bands[b].id + "' in " + rs_->settingTypes[s].id);
        for (const auto& sa : tp.schoolAmounts) {
            if (!inRange) break;
            inRange = bounded(sa.value, "band '" + rs_->bands[static_cast<std::size_t>(sa.band)].id + "' at school " + sa.school);
        }
        tp.derivation = base->id + (flat ? " plus " + Money::round(add, Rounding{}).format() + " flat" : " plus " + ((factor - Num(1)) * Num(100)).toString() + "%");
        if (!schoolFlat.empty()) tp.derivation += " (" + std::to_string(schoolFlat.size()) + " school(s) with their own uplift)";
        return base;
    }

    // band -> amount, or band -> {setting type: amount}, into amount[band][setting].
    // A published amount: a number, not negative, and within the per-plan maximum. An amount out
    // of range is reported and still counts as given, so it is not reported again as missing.
    std::optional<Num> amount(const YAML::Node& n, const std::string& path) {
        auto v = r_.number(n, path);
        if (!v) return std::nullopt;
        if (*v < Num(0)) r_.error(n, path, "an amount cannot be negative, got " + describeNode(n));
        else if (*v > Money::maxPerPlan())
            r_.error(n, path, "an amount may be at most " + Money::fromPence(Money::kMaxPencePerPlan).format() + ", got " + describeNode(n));
        return v;
    }

    void amountMap(const YAML::Node& m, const std::string& path, std::vector<std::vector<std::optional<Num>>>& into) {
        for (auto it = m.begin(); it != m.end(); ++it) {
            const std::string bid = it->first.Scalar();
            const std::string bp = path + "." + bid;
            const int b = bandRef(it->first, bp);
            if (b < 0) continue;
            const Band& band = rs_->bands[static_cast<std::size_t>(b)];
            if (band.funding != BandFunding::Tariff) {
                r_.error(it->first, bp, "band '" + bid + "' is funding: " +
                                            (band.funding == BandFunding::None ? "none" : band.funding == BandFunding::Entered ? "entered" : "formula") +
                                            " and takes no tariff");
                continue;
            }
            if (it->second.IsMap()) {
                std::set<std::string> seen;
                for (auto s = it->second.begin(); s != it->second.end(); ++s) {
                    const std::string sid = s->first.Scalar();
                    const int si = rs_->settingIndex(sid);
                    if (!seen.insert(sid).second) { r_.error(s->first, bp + "." + sid, "duplicate key '" + sid + "'"); continue; }
                    if (si < 0) { r_.error(s->first, bp + "." + sid, "'" + sid + "' is not a setting type declared in setting_types"); continue; }
                    if (auto v = amount(s->second, bp + "." + sid)) into[static_cast<std::size_t>(b)][static_cast<std::size_t>(si)] = *v;
                }
            } else if (auto v = amount(it->second, bp)) {
                for (std::size_t s = 0; s < rs_->settingTypes.size(); ++s)
                    if (bandPricedIn(band, s)) into[static_cast<std::size_t>(b)][s] = *v;
            }
        }
        checkDupKeys(m, path);
    }

    void amounts(const YAML::Node& t, const std::string& p, TariffPeriod& tp) {
        if (YamlReader::has(t, "amounts") && t["amounts"].IsMap()) {
            amountMap(t["amounts"], p + ".amounts", tp.amount);
        } else if (YamlReader::has(t, "amounts")) {
            r_.error(t["amounts"], p + ".amounts", "expected a map of band to amount, got " + describeNode(t["amounts"]));
        }
        if (YamlReader::has(t, "schools")) {
            const YAML::Node s = t["schools"];
            if (!s.IsMap()) { r_.error(s, p + ".schools", "expected a map of band to a map of school to amount"); return; }
            checkDupKeys(s, p + ".schools");
            for (auto it = s.begin(); it != s.end(); ++it) {
                const std::string bp = p + ".schools." + it->first.Scalar();
                const int b = bandRef(it->first, bp);
                if (b < 0) continue;
                if (!it->second.IsMap()) { r_.error(it->second, bp, "expected a map of school id to amount"); continue; }
                checkDupKeys(it->second, bp);
                for (auto sc = it->second.begin(); sc != it->second.end(); ++sc) {
                    const std::string sid = sc->first.Scalar();
                    if (!rs_->school(sid)) { r_.error(sc->first, bp + "." + sid, "'" + sid + "' is not a school listed in schools"); continue; }
                    auto v = amount(sc->second, bp + "." + sid);  // bounded like any other amount
                    if (!v) continue;
                    auto existing = std::find_if(tp.schoolAmounts.begin(), tp.schoolAmounts.end(), [&](const auto& x) { return x.band == b && x.school == sid; });
                    if (existing != tp.schoolAmounts.end()) existing->value = *v;
                    else tp.schoolAmounts.push_back({b, sid, *v});
                }
            }
        }
    }

    void checkDupKeys(const YAML::Node& m, const std::string& p) {
        std::set<std::string> seen;
        for (auto it = m.begin(); it != m.end(); ++it)
            if (!seen.insert(it->first.Scalar()).second) r_.error(it->first, p + "." + it->first.Scalar(), "duplicate key '" + it->first.Scalar() + "'");
    }

    void funding() {
        const YAML::Node f = root_["funding"];
        const bool perHour = std::any_of(rs_->tariffs.begin(), rs_->tariffs.end(), [](const TariffPeriod& t) { return t.per == Per::Hour; });
        if (YamlReader::has(root_, "funding") && !r_.checkMap(f, "funding", {"top_up", "place", "other"})) return;
        std::map<int, std::string> onceSlots;  // slot -> id of the lines paid once
        auto add = [&](const std::string& id, const std::string& name, ComponentKind kind, const YAML::Node* node, const std::string& path,
                       const std::string& dflt, std::size_t order, std::optional<bool> paidOnce) {
            const bool once = paidOnce.value_or(false);
            std::optional<Expression> ex;
            const CompileEnv e = env(true, true, Stage{Stage::Funding, order});
            if (node) ex = compile(*node, path, e, ValueType::Number);
            else {
                std::vector<ExprError> errs;
                ex = Expression::compile(dflt, e, errs);
            }
            if (!ex) {
                // Keep the name defined so that the lines using it are not reported as well.
                names_[id] = Symbol{ValueType::Number, rs_->slotCount++};
                return;
            }
            if (paidOnce == false && node) {
                // A line paid every year is spread over a period; a sum paid once must not be.
                for (int read : ex->reads())
                    if (auto it = onceSlots.find(read); it != onceSlots.end()) {
                        exprError(*node, ex->text(), nameOffset(ex->text(), it->second), path,
                                  "'" + it->second + "' is paid once (paid: once), so a line paid every year (this one) cannot use it");
                        return;
                    }
            }
            const int slot = rs_->slotCount++;
            Component c{id, name, kind, std::move(*ex), slot};
            c.once = once;
            rs_->components.push_back(std::move(c));
            names_[id] = Symbol{ValueType::Number, slot};
            if (once) {
                onceSlots[slot] = id;
                rs_->hasOnceLines = true;
            }
        };
        const bool hasTop = YamlReader::has(f, "top_up");
        if (!hasTop && perHour)
            r_.error(root_["tariffs"], "funding.top_up", "tariffs are priced per hour, so the top-up needs a formula, e.g. top_up: tariff * hours(\"support\") * weeks_per_year");
        const YAML::Node topNode = hasTop ? f["top_up"] : YAML::Node();
        const YAML::Node placeNode = YamlReader::has(f, "place") ? f["place"] : YAML::Node();
        add("top_up", "Top-up (element 3)", ComponentKind::TopUp, hasTop ? &topNode : nullptr, "funding.top_up", "annual_tariff", 0, std::optional<bool>(false));
        add("place", "Place funding", ComponentKind::Place, YamlReader::has(f, "place") ? &placeNode : nullptr, "funding.place", "place_funding", 1, std::optional<bool>(false));
        if (YamlReader::has(f, "other") && r_.isSeq(f["other"], "funding.other")) {
            for (std::size_t i = 0; i < f["other"].size(); ++i) {
                const std::string p = idx("funding.other", i);
                const YAML::Node o = f["other"][i];
                if (!r_.checkMap(o, p, {"id", "name", "expr", "paid"}, {"id", "name", "expr"})) continue;
                const std::string id = r_.text(o["id"], p + ".id").value_or("");
                if (id == "top_up" || id == "place" || names_.count(id) || reservedNames().count(id) || !validName(id)) {
                    r_.error(o["id"], p + ".id", "'" + id + "' cannot be used: it is reserved or already defined");
                    continue;
                }
                std::optional<bool> once = false;  // unknown when `paid` is misspelt: then nothing is checked against it
                if (YamlReader::has(o, "paid")) {
                    auto paid = r_.choice(o["paid"], p + ".paid", {"yearly", "once"});
                    once = paid ? std::optional<bool>(*paid == "once") : std::nullopt;
                }
                const YAML::Node exprNode = o["expr"];
                add(id, r_.text(o["name"], p + ".name").value_or(""), ComponentKind::Other, &exprNode, p + ".expr", "", 2 + i, once);
            }
        }
    }

    void proRata() {
        if (!YamlReader::has(root_, "pro_rata")) return;
        const YAML::Node n = root_["pro_rata"];
        if (!r_.checkMap(n, "pro_rata", {"basis", "partial", "year_days"}, {"basis"})) return;
        if (auto b = r_.choice(n["basis"], "pro_rata.basis", {"days", "months", "terms"}))
            rs_->proRata.basis = *b == "days" ? ProRata::Basis::Days : *b == "months" ? ProRata::Basis::Months : ProRata::Basis::Terms;
        if (YamlReader::has(n, "partial"))
            if (auto p = r_.choice(n["partial"], "pro_rata.partial", {"daily", "whole", "none"}))
                rs_->proRata.partial = *p == "daily" ? ProRata::Partial::Daily : *p == "whole" ? ProRata::Partial::Whole : ProRata::Partial::None;
        if (YamlReader::has(n, "year_days")) {
            if (n["year_days"].IsScalar() && n["year_days"].Scalar() == "actual") rs_->proRata.yearDays = 0;
            else if (n["year_days"].IsScalar() && (n["year_days"].Scalar() == "365" || n["year_days"].Scalar() == "366"))
                rs_->proRata.yearDays = std::stoi(n["year_days"].Scalar());
            else r_.error(n["year_days"], "pro_rata.year_days", "expected 365, 366 or actual; got " + describeNode(n["year_days"]));
        }
        if (rs_->proRata.basis == ProRata::Basis::Terms && rs_->terms.empty())
            r_.error(n["basis"], "pro_rata.basis", "pro rata by terms needs the terms listed under terms");
    }

    void overrides() {
        if (!YamlReader::has(root_, "overrides")) return;
        const YAML::Node n = root_["overrides"];
        if (!r_.checkMap(n, "overrides", {"reasons", "approval_threshold", "band_blind"})) return;
        if (YamlReader::has(n, "reasons") && r_.isSeq(n["reasons"], "overrides.reasons")) {
            for (std::size_t i = 0; i < n["reasons"].size(); ++i) {
                const std::string p = idx("overrides.reasons", i);
                if (!r_.checkMap(n["reasons"][i], p, {"code", "description"}, {"code", "description"})) continue;
                OverrideReason o{r_.text(n["reasons"][i]["code"], p + ".code").value_or(""), r_.text(n["reasons"][i]["description"], p + ".description").value_or("")};
                if (std::any_of(rs_->overrideReasons.begin(), rs_->overrideReasons.end(), [&](const auto& x) { return x.code == o.code; }))
                    r_.error(n["reasons"][i]["code"], p + ".code", "reason code '" + o.code + "' is listed twice");
                else rs_->overrideReasons.push_back(o);
            }
        }
        if (YamlReader::has(n, "approval_threshold")) rs_->approvalThreshold = amount(n["approval_threshold"], "overrides.approval_threshold");
        if (YamlReader::has(n, "band_blind")) rs_->bandBlind = r_.boolean(n["band_blind"], "overrides.band_blind").value_or(false);
    }

    std::vector<Diagnostic> diags_;
    YamlReader r_;
    std::shared_ptr<RuleSet> rs_ = std::make_shared<RuleSet>();
    YAML::Node root_;
    std::map<std::string, Symbol> names_;
    std::vector<std::string> settingIds_, bandIds_, areaIds_, domainIds_;
    std::vector<std::string> derivedOrder_, fundingOrder_;  // ids in the order they are worked out
};

}  // namespace

RuleSetLoad RuleSetLoader::loadText(const std::string& text, const std::string& name) {
    try {
        Loader l(text, name);
        return l.run();
    } catch (const ArithmeticOverflow& e) {
        RuleSetLoad out;
        out.diagnostics.push_back({name, 0, 0, std::string("a figure is too large, or uplifts divide it too finely, to compute exactly (") + e.what() +
                                                   "); state the uplifted amounts directly"});
        return out;
    } catch (const YAML::Exception& e) {
        // A shape the checks above did not foresee: report it rather than crash.
        RuleSetLoad out;
        out.diagnostics.push_back({name, e.mark.line + 1, e.mark.column + 1, std::string("unexpected structure: ") + e.msg});
        return out;
    }
}

RuleSetLoad RuleSetLoader::loadFile(const std::string& path) {
    auto text = readFile(path);
    if (!text) {
        RuleSetLoad out;
        out.diagnostics.push_back({path, 0, 0, "cannot read the file (does it exist, and may this user read it?)"});
        return out;
    }
    return loadText(*text, path);
}

}  // namespace sendband
