// `sendband band`: one profile in, the band, the money and the reasons out.
#include "banding/Banding.h"
#include "caseload/CaseloadBanding.h"
#include "cli/Commands.h"
#include "banding/Explanation.h"
#include "core/FileIo.h"
#include "core/MappedFile.h"
#include "rules/RuleSetLoader.h"

namespace sendband::cli {
namespace {

struct BandArgs {
    std::string rules, profile, caseload, out, asOf, period, format = "text";
    unsigned threads = 0;
};

}  // namespace

namespace {

int runCaseload(const BandArgs& a, const RuleSetPtr& rsp, const Date& asOf, const Date& from, const Date& to, Context& ctx) {
    MappedFile file;
    if (!file.open(a.caseload)) {
        ctx.err << a.caseload << ": error: cannot read the file (does it exist, and may this user read it?)\n";
        return kBadInput;
    }
    const Banding banding(rsp);
    const CaseloadBandingRun run = bandCaseloadCsv(file.text(), banding, asOf, from, to, a.threads);
    if (!run.ok()) {
        for (const auto& e : run.errors) ctx.err << e.format(a.caseload) << "\n";
        ctx.err << a.caseload << ": " << run.errors.size() << (run.errors.size() >= 1000 ? "+" : "") << " problem(s); nothing was written\n";
        return kBadInput;
    }
    if (a.out == "-") {  // to standard output, for pipes and tests
        for (const auto& part : run.csv) ctx.out << part;
        return kOk;
    }
    if (const std::string error = replaceFileWith(a.out, {run.csv.begin(), run.csv.end()}); !error.empty()) {
        ctx.err << "sendband band: " << error << "\n";
        return kBadInput;
    }
    ctx.out << "Banded " << run.plans << " plans as of " << formatDate(asOf) << "; amounts for " << formatDate(from) << " to "
            << formatDate(to) << " written to " << a.out << "\n";
    return kOk;
}

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
        // A period reaching outside the rule set's dates is about the period's days, whatever the
        // as-of date: say so before any decision is made.
        const bool early = dayNumber(*from) < rs.effectiveFromDay, late = dayNumber(*to) > rs.effectiveToDay;
        if (dayNumber(*from) <= dayNumber(*to) && (early || late)) {
            const std::string range = rs.effectivePeriodText();
            ctx.err << "sendband band: --period: the period " << formatDate(*from) << " to " << formatDate(*to)
                    << (early && late ? " starts before and runs past" : early ? " starts before" : " runs past") << " the rule set's effective period ("
                    << range << ")"
                    << (early && late ? "" : early ? ": no rules are in force before " + formatDate(rs.metadata.effectiveFrom)
                                                   : ": no rules are in force from " + formatDate(addDays(*rs.metadata.effectiveTo, 1)))
                    << "\n";
            return kBadInput;
        }
    }
    if (!asOf) {
        ctx.err << "sendband band: give --as-of YYYY-MM-DD (or --period FROM..TO): decisions are always made as of a stated date\n";
        return kBadInput;
    }
    if (!a.caseload.empty() || !a.out.empty()) {
        if (a.caseload.empty() || a.out.empty() || !a.profile.empty()) {
            ctx.err << "sendband band: give either --profile FILE, or --caseload FILE with --out FILE\n";
            return kBadInput;
        }
        // Without --period: the financial year containing the as-of date.
        return runCaseload(a, load.ruleSet, *asOf, from ? *from : financialYearStart(*asOf), to ? *to : financialYearEnd(*asOf), ctx);
    }
    if (a.profile.empty()) {
        ctx.err << "sendband band: give --profile FILE (or --caseload FILE --out FILE)\n";
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
        period = banding.amountFor(*profile, *from, *to, *asOf);  // lines paid once: the decision's date is the award date
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
    c->add_option("--profile", a.profile, "Needs profile (YAML or JSON)");
    c->add_option("--caseload", a.caseload, "Band every plan of a caseload CSV instead (see docs/caseload-csv.md)");
    c->add_option("--out", a.out, "With --caseload: the result CSV to write (- for standard output)");
    c->add_option("--threads", a.threads, "With --caseload: worker threads (default: one per core)");
    c->add_option("--as-of", a.asOf, "Date the decision is made as of (YYYY-MM-DD); defaults to the start of --period");
    c->add_option("--period", a.period, "Also compute the amount for FROM..TO (inclusive, pro rata); with --caseload the default is the financial year of --as-of");
    c->add_option("--format", a.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    c->callback([&ctx] { ctx.exitCode = run(a, ctx); });
}

}  // namespace sendband::cli
