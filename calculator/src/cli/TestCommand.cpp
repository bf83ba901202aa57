// `sendband test`: runs YAML behaviour cases and reports each failure.
#include "banding/BehaviourTest.h"
#include "cli/Commands.h"

namespace sendband::cli {

void addTestCommand(CLI::App& app, Context& ctx) {
    static std::vector<std::string> files;
    auto* c = app.add_subcommand("test", "Run YAML behaviour cases; ends with 'N passed, M failed'. Exit 0 only when all pass");
    c->add_option("FILE", files, "Behaviour test files (*.test.yaml)")->required();
    c->callback([&ctx] {
        int passed = 0, failed = 0;
        bool badFile = false;
        for (const auto& f : files) {
            const auto res = runBehaviourFile(f);
            if (!res.diagnostics.empty()) {
                ctx.err << formatAll(res.diagnostics);
                badFile = true;
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
        ctx.exitCode = badFile ? kBadInput : failed > 0 ? kFailed : kOk;
    });
}

}  // namespace sendband::cli
