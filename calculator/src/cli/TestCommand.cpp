// `sendband test`: runs YAML behaviour cases and reports each failure.
#include "banding/BehaviourTest.h"
#include "cli/Commands.h"

namespace sendband::cli {

void addTestCommand(CLI::App& app, Context& ctx) {
    static std::vector<std::string> files;
    auto* c = app.add_subcommand("test", "Run YAML behaviour cases; ends with 'N passed, M failed' (a file that cannot run counts as failed). Exit 0 only when all pass");
    c->add_option("FILE", files, "Behaviour test files (*.test.yaml)")->required();
    c->callback([&ctx] {
        int passed = 0, failed = 0;
        for (const auto& f : files) {
            const auto res = runBehaviourFile(f);
            if (!res.diagnostics.empty()) {
                // A file that cannot run (or whose rule set is invalid) is a failure, never a pass
                // by default: its problems go to standard error and an ERROR line is counted.
                ctx.err << formatAll(res.diagnostics);
                ++failed;
                const std::size_t n = res.diagnostics.size();
                const std::string count = std::to_string(n) + (n == 1 ? " error" : " errors");
                ctx.out << "ERROR " << f << ": no case was run: "
                        << (res.invalidRuleSet.empty() ? "the file has " + count : "its rule set " + res.invalidRuleSet + " has " + count) << "\n";
                continue;
            }
            for (const auto& cr : res.cases) {
                if (cr.passed) {
                    ++passed;
                    continue;
                }
                ++failed;
                ctx.out << "FAIL " << f << ":" << cr.line << ": " << cr.name << "\n";
                for (const auto& why : cr.failures) ctx.out << "  " << why << "\n";
            }
        }
        ctx.out << passed << " passed, " << failed << " failed\n";
        ctx.exitCode = failed > 0 ? kFailed : kOk;
    });
}

}  // namespace sendband::cli
