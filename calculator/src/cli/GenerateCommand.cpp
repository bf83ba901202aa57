// `sendband generate`: a realistic synthetic caseload CSV from the DfE's national mix.
#include "caseload/CaseloadGenerator.h"
#include "cli/Commands.h"
#include "core/FileIo.h"
#include "rules/RuleSetLoader.h"

#include <cstdio>

namespace sendband::cli {

void addGenerateCommand(CLI::App& app, Context& ctx) {
    static std::size_t plans = 3000;
    static std::uint64_t seed = 1;
    static std::string out, rules, data, asOf = "2026-01-15", authority = "Exampleshire";
    auto* c = app.add_subcommand("generate", "Write a synthetic caseload CSV whose mix of need, setting and age follows the DfE's January 2025 figures");
    c->add_option("--plans", plans, "How many plans (default 3000)");
    c->add_option("--seed", seed, "Seed; the same seed gives the same file (default 1)");
    c->add_option("--out", out, "CSV file to write (- for standard output)")->required();
    c->add_option("--rules", rules, "Rule set whose domains and settings the caseload uses (default: the shipped rules/example.yaml)");
    c->add_option("--data", data, "Folder with the DfE tables (default: the shipped data/dfe)");
    c->add_option("--as-of", asOf, "Date ages are counted to (default 2026-01-15)");
    c->add_option("--authority", authority, "Authority name in references and responsible_la (default Exampleshire)");
    c->callback([&ctx] {
        const char* rulesDir = std::getenv("SENDBAND_RULES_DIR");
        const std::string rulesPath = !rules.empty() ? rules : std::string(rulesDir ? rulesDir : SENDBAND_RULES_DIR) + "/example.yaml";
        const char* dataDir = std::getenv("SENDBAND_DATA_DIR");
        const std::string dataPath = !data.empty() ? data : std::string(dataDir ? dataDir : SENDBAND_DATA_DIR) + "/dfe";
        auto load = RuleSetLoader::loadFile(rulesPath);
        if (!load.ok()) {
            ctx.err << formatAll(load.diagnostics);
            ctx.exitCode = kBadInput;
            return;
        }
        auto date = parseDate(asOf);
        if (!date) {
            ctx.err << "sendband generate: --as-of: expected a date as YYYY-MM-DD, got \"" << asOf << "\"\n";
            ctx.exitCode = kBadInput;
            return;
        }
        if (plans == 0 || plans > 10000000) {
            ctx.err << "sendband generate: --plans: expected from 1 to 10000000, got " << plans << "\n";
            ctx.exitCode = kBadInput;
            return;
        }
        NeedMix mix;
        if (auto err = loadNeedMix(dataPath, mix); !err.empty()) {
            ctx.err << "sendband generate: " << err << "\n";
            ctx.exitCode = kBadInput;
            return;
        }
        GeneratorOptions opt;
        opt.plans = plans;
        opt.seed = seed;
        opt.asOf = *date;
        opt.authority = authority;
        const auto generated = generateCaseload(load.ruleSet, mix, opt);
        if (!generated.error.empty()) {
            ctx.err << "sendband generate: " << rulesPath << ": " << generated.error << "\n";
            ctx.exitCode = kBadInput;
            return;
        }
        const std::string& csv = generated.csv;
        if (out == "-") {
            ctx.out << csv;
            return;
        }
        if (const std::string error = replaceFileWith(out, {csv}); !error.empty()) {
            ctx.err << "sendband generate: " << error << " (does the folder exist, and may this user write there?)\n";
            ctx.exitCode = kBadInput;
            return;
        }
        ctx.out << "Wrote " << plans << " synthetic plans (seed " << seed << ") for " << rulesPath << " to " << out << "\n";
    });
}

}  // namespace sendband::cli
