// `sendband band`: one profile in, the band, the money and the reasons out.
#include "Banding.h"
#include "Commands.h"
#include "Explanation.h"
#include "RuleSetLoader.h"

namespace sendband::cli {
namespace {

struct BandArgs {
    std::string rules, profile, asOf, period, format = "text";
};

int run(const BandArgs& a, Context& ctx) {
    auto load = RuleSetLoader::loadFile(a.rules);
    if (!load.ok()) {
        ctx.err << formatAll(load.diagnostics);
        return kBadInput;
    }
    const RuleSet& rs = *load.ruleSet;
    std::optional<Date> asOf, from, to;
    if (!a.asOf.empty()) {
        asOf = parseDate(a.asOf);
        if (!asOf) {
            ctx.err << "sendband band: --as-of: expected a date as YYYY-MM-DD, got \"" << a.asOf << "\"\n";
            return kBadInput;
        }
    }
    if (!a.period.empty()) {
        const auto dots = a.period.find("..");
        if (dots != std::string::npos) {
            from = parseDate(a.period.substr(0, dots));
            to = parseDate(a.period.substr(dots + 2));
        }
        if (!from || !to) {
            ctx.err << "sendband band: --period: expected FROM..TO with dates as YYYY-MM-DD, got \"" << a.period << "\"\n";
            return kBadInput;
        }
        if (!asOf) asOf = from;
    }
    if (!asOf) {
        ctx.err << "sendband band: give --as-of YYYY-MM-DD (or --period FROM..TO): decisions are always made as of a stated date\n";
        return kBadInput;
    }
    std::vector<Diagnostic> diags;
    auto profile = readProfileFile(a.profile, rs, diags);
    if (!profile) {
        ctx.err << formatAll(diags);
        return kBadInput;
    }
    const Banding banding(load.ruleSet);
    Decision d;
    if (!banding.decide(*profile, *asOf, d)) {
        ctx.err << a.profile << ": error: " << d.errorField << ": " << d.error << "\n";
        return kBadInput;
    }
    PeriodAmount period;
    if (from) {
        period = banding.amountFor(*profile, *from, *to);
        if (!period.ok) {
            ctx.err << a.profile << ": error: period: " << period.error << "\n";
            return kBadInput;
        }
    }
    // Everything is computed before anything is printed: no partial output on error.
    if (a.format == "json") ctx.out << renderJson(rs, *profile, d, from ? &period : nullptr).dump(2) << "\n";
    else ctx.out << renderText(rs, *profile, d, from ? &period : nullptr);
    return kOk;
}

}  // namespace

void addBandCommand(CLI::App& app, Context& ctx) {
    static BandArgs a;
    auto* c = app.add_subcommand("band", "Band one needs profile: the band, the money and the reasons");
    c->add_option("--rules", a.rules, "Rule-set YAML file")->required();
    c->add_option("--profile", a.profile, "Needs profile (YAML or JSON)")->required();
    c->add_option("--as-of", a.asOf, "Date the decision is made as of (YYYY-MM-DD); defaults to the start of --period");
    c->add_option("--period", a.period, "Also compute the amount for FROM..TO (inclusive, pro rata)");
    c->add_option("--format", a.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    c->callback([&ctx] { ctx.exitCode = run(a, ctx); });
}

}  // namespace sendband::cli
