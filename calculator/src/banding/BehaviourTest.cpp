#include "core/FileIo.h"
#include "banding/BehaviourTest.h"

#include "banding/Banding.h"
#include "rules/RuleSetLoader.h"
#include "rules/YamlReader.h"

#include <filesystem>

namespace sendband {

namespace {

std::string moneyText(const Num& n) { return Money::round(n, Rounding{}).format(); }

// Compares an expected amount (pounds, exact) with computed money.
void expectMoney(CaseResult& c, const std::string& what, const Num& expected, Money got) {
    if (expected != got.pounds()) c.failures.push_back(what + ": expected " + moneyText(expected) + ", got " + got.format());
}

}  // namespace

BehaviourFileResult runBehaviourFile(const std::string& path) {
    BehaviourFileResult out;
    out.file = path;
    auto text = readFile(path);
    if (!text) {
        out.diagnostics.push_back({path, 0, 0, "cannot read the file (does it exist, and may this user read it?)"});
        return out;
    }
    YamlReader r(path, out.diagnostics);
    auto doc = r.parse(*text);
    if (!doc) return out;
    if (!r.checkMap(*doc, "", {"rules", "as_of", "description", "cases"}, {"rules", "cases"})) return out;
    const auto rulesRel = r.text((*doc)["rules"], "rules");
    std::optional<Date> defaultAsOf;
    if (YamlReader::has(*doc, "as_of")) defaultAsOf = r.date((*doc)["as_of"], "as_of");
    if (!rulesRel || !r.isSeq((*doc)["cases"], "cases") || !out.diagnostics.empty()) return out;
    const auto rulesPath = (std::filesystem::path(path).parent_path() / *rulesRel).lexically_normal().string();
    auto load = RuleSetLoader::loadFile(rulesPath);
    if (!load.ok()) {
        out.diagnostics = load.diagnostics;
        out.invalidRuleSet = rulesPath;
        return out;
    }
    const Banding banding(load.ruleSet);
    const RuleSet& rs = *load.ruleSet;
    const YAML::Node cases = (*doc)["cases"];
    if (cases.size() == 0) {
        r.error(cases, "cases", "no cases: give at least one (a file that tests nothing cannot fail)");
        return out;
    }
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const YAML::Node c = cases[i];
        const std::string p = "cases[" + std::to_string(i) + "]";
        if (!r.checkMap(c, p, {"name", "as_of", "profile", "period", "expect"}, {"name", "profile", "expect"})) continue;
        CaseResult res;
        res.name = r.text(c["name"], p + ".name").value_or("");
        res.line = c.Mark().line + 1;
        std::optional<Date> asOf = defaultAsOf;
        if (YamlReader::has(c, "as_of")) asOf = r.date(c["as_of"], p + ".as_of");
        const YAML::Node e = c["expect"];
        if (r.checkMap(e, p + ".expect", {"band", "error", "needs_approval", "annual", "period_amount"})) {
            // A case must be able to fail: it expects something, and a period it gives is checked.
            bool expectsSomething = false;
            for (const char* k : {"band", "error", "needs_approval", "annual", "period_amount"}) expectsSomething |= YamlReader::has(e, k);
            if (!expectsSomething)
                r.error(e, p + ".expect", "no expectations: give at least one of band, needs_approval, annual, period_amount or error (a case that expects nothing cannot fail)");
            for (const char* k : {"annual", "period_amount"})
                if (YamlReader::has(e, k) && e[k].IsMap() && e[k].size() == 0)
                    r.error(e[k], p + ".expect." + k, "an empty map expects nothing: give at least one funding line and its amount");
            if (YamlReader::has(c, "period") && !YamlReader::has(e, "period_amount") && !YamlReader::has(e, "error"))
                r.error(c["period"], p + ".period",
                        "a period is given but nothing is expected of it: give expect.period_amount (the amount for the period), or remove the period");
        }
        std::optional<Date> pFrom, pTo;
        if (YamlReader::has(c, "period") && r.checkMap(c["period"], p + ".period", {"from", "to"}, {"from", "to"})) {
            pFrom = r.date(c["period"]["from"], p + ".period.from");
            pTo = r.date(c["period"]["to"], p + ".period.to");
        }
        if (!asOf && !pFrom) r.error(c, p, "no as_of date: give as_of in the case or at the top of the file");
        if (!out.diagnostics.empty()) return out;

        std::vector<Diagnostic> profileDiags;
        auto profile = readProfileYaml(c["profile"], rs, path, profileDiags);
        std::string expectedError;
        if (YamlReader::has(e, "error")) {
            auto t = r.text(e["error"], p + ".expect.error");
            if (!t) return out;
            expectedError = *t;
        }
        if (YamlReader::has(e, "band") && !r.text(e["band"], p + ".expect.band")) return out;
        std::string actualError;
        Decision d;
        PeriodAmount period;
        if (!profile) {
            for (const auto& pd : profileDiags) actualError += (actualError.empty() ? "" : "; ") + pd.message;
        } else if (!banding.decide(*profile, asOf ? *asOf : *pFrom, d)) {
            actualError = d.error;
        } else if (pFrom && pTo) {
            period = banding.amountFor(*profile, *pFrom, *pTo, asOf ? *asOf : *pFrom);  // the decision's date is the award date
            if (!period.ok) actualError = period.error;
        }
        if (!expectedError.empty() || !actualError.empty()) {
            if (expectedError != actualError)
                res.failures.push_back("error: expected " + (expectedError.empty() ? std::string("none") : "\"" + expectedError + "\"") +
                                       ", got " + (actualError.empty() ? std::string("none") : "\"" + actualError + "\""));
        } else {
            if (YamlReader::has(e, "band")) {
                const std::string want = e["band"].Scalar();
                const std::string got = rs.bands[static_cast<std::size_t>(d.band)].id;
                if (want != got) res.failures.push_back("band: expected " + want + ", got " + got);
            }
            if (YamlReader::has(e, "needs_approval")) {
                const auto parsed = r.boolean(e["needs_approval"], p + ".expect.needs_approval");
                if (!parsed) return out;
                const bool want = *parsed;
                if (want != d.needsApproval) res.failures.push_back(std::string("needs_approval: expected ") + (want ? "true" : "false") + ", got " + (d.needsApproval ? "true" : "false"));
            }
            auto amounts = [&](const char* key, const std::vector<Money>& got) {
                if (!YamlReader::has(e, key)) return;
                const YAML::Node m = e[key];
                if (!m.IsMap()) { r.error(m, p + ".expect." + key, "expected a map of funding line id to amount"); return; }
                for (auto it = m.begin(); it != m.end(); ++it) {
                    const std::string id = it->first.Scalar();
                    std::size_t ci = rs.components.size();
                    for (std::size_t k = 0; k < rs.components.size(); ++k)
                        if (rs.components[k].id == id) ci = k;
                    if (ci == rs.components.size()) { r.error(it->first, p + ".expect." + key + "." + id, "'" + id + "' is not a funding line of the rule set"); continue; }
                    auto want = r.number(it->second, p + ".expect." + key + "." + id);
                    if (want && ci < got.size()) expectMoney(res, std::string(key) + "." + id, *want, got[ci]);
                }
            };
            std::vector<Money> annual;
            for (const auto& comp : d.components) annual.push_back(comp.annual);
            amounts("annual", annual);
            if (YamlReader::has(e, "period_amount")) {
                if (!pFrom) r.error(e["period_amount"], p + ".expect.period_amount", "needs a period (from, to) in the case");
                else amounts("period_amount", period.total);
            }
            if (!out.diagnostics.empty()) return out;
        }
        res.passed = res.failures.empty();
        out.cases.push_back(std::move(res));
    }
    return out;
}

}  // namespace sendband
