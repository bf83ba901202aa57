// `sendband bench`: profiles banded per second on one thread, for each shipped rule set.
// The timer is a steady clock read here in the CLI, never in the engine.
#include "banding/Banding.h"
#include "cli/Commands.h"
#include "rules/RuleSetLoader.h"

#include <chrono>
#include <filesystem>
#include <random>

namespace sendband::cli {
namespace {

// A pool of distinct synthetic profiles, cycled through for the requested count, so that the
// benchmark measures banding rather than the memory for a million profile objects.
std::vector<Profile> syntheticProfiles(const RuleSetPtr& rules, std::size_t n, std::uint64_t seed, const Date& asOf) {
    const RuleSet& rs = *rules;
    const Banding banding(rules);
    Decision check;
    std::mt19937_64 rng(seed);
    auto pick = [&](std::size_t size) { return static_cast<std::size_t>(rng() % size); };
    std::vector<Profile> out;
    out.reserve(n);
    const auto& needs = primaryNeedCodes();
    // Draw until the rule set accepts the profile (a framework may allow only some values of an
    // input, say 15 or 30 hours), so that the pool measures banding, not refusals.
    for (std::size_t i = 0, tries = 0; i < n; ++tries) {
        ProfileBuilder b(rs);
        b.set("reference", "BENCH-" + std::to_string(i));
        b.set("primary_need", needs[pick(needs.size() - 1)]);
        const SettingType& st = rs.settingTypes[pick(rs.settingTypes.size())];
        b.set("setting", st.id);
        std::vector<const School*> schools;
        for (const auto& s : rs.schools)
            if (s.settingType == st.id) schools.push_back(&s);
        if (!schools.empty()) b.set("school", schools[pick(schools.size())]->id);
        const int year = 2005 + static_cast<int>(pick(18));
        char dob[16];
        std::snprintf(dob, sizeof dob, "%04d-%02d-%02d", year, 1 + static_cast<int>(pick(12)), 1 + static_cast<int>(pick(28)));
        b.set("date_of_birth", dob);
        for (const auto& d : rs.domains) b.set("level." + d.id, std::to_string(d.levels[pick(d.levels.size())].value));
        for (const auto& in : rs.inputs) {
            const std::int64_t lo = in.min ? in.min->floor() : 0;
            const std::int64_t hi = in.max ? in.max->floor() : 100;
            b.set("input." + in.id, std::to_string(lo + static_cast<std::int64_t>(pick(static_cast<std::size_t>(hi - lo + 1)))));
        }
        for (const auto& pt : rs.provisionTypes) b.set("hours." + pt.id, std::to_string(pick(31)));
        b.set("entered_amount", "50000");
        b.finish();
        if (!banding.decide(b.profile(), asOf, check) && tries < 50 * (i + 1)) continue;
        out.push_back(b.take());
        ++i;
    }
    return out;
}

}  // namespace

void addBenchCommand(CLI::App& app, Context& ctx) {
    static std::size_t count = 1000000;
    static std::vector<std::string> files;
    static std::uint64_t seed = 1;
    auto* c = app.add_subcommand("bench", "Band N synthetic profiles against each rule set and print profiles per second (one thread)");
    c->add_option("--profiles", count, "How many profiles to band per rule set (default 1000000)");
    c->add_option("--rules", files, "Rule-set files (default: every *.yaml in the shipped rules/ folder)");
    c->add_option("--seed", seed, "Seed for the synthetic profiles (default 1)");
    c->callback([&ctx] {
        std::vector<std::string> list = files;
        if (list.empty()) {
            const char* env = std::getenv("SENDBAND_RULES_DIR");
            const std::filesystem::path dir = env ? env : SENDBAND_RULES_DIR;
            std::error_code ec;
            for (const auto& e : std::filesystem::directory_iterator(dir, ec))
                if (e.path().extension() == ".yaml") list.push_back(e.path().string());
            std::sort(list.begin(), list.end());
            if (list.empty()) {
                ctx.err << "sendband bench: no rule sets found in " << dir.string() << " (give --rules FILE)\n";
                ctx.exitCode = kBadInput;
                return;
            }
        }
        ctx.out << "rule set                                   profiles    errors    seconds   profiles/s\n";
        for (const auto& f : list) {
            auto load = RuleSetLoader::loadFile(f);
            if (!load.ok()) {
                ctx.err << formatAll(load.diagnostics);
                ctx.exitCode = kBadInput;
                return;
            }
            const RuleSet& rs = *load.ruleSet;
            const Date asOf = rs.tariffs.empty() ? rs.metadata.effectiveFrom : rs.tariffs.back().from;
            const auto pool = syntheticProfiles(load.ruleSet, std::min<std::size_t>(count, 65536), seed, asOf);
            const Banding banding(load.ruleSet);
            Decision d;
            std::size_t errors = 0;
            std::int64_t checksum = 0;
            std::string firstError;
            const auto t0 = std::chrono::steady_clock::now();
            for (std::size_t i = 0; i < count; ++i) {
                if (banding.decide(pool[i % pool.size()], asOf, d)) checksum += d.topUp().pence();
                else if (++errors == 1) firstError = d.errorField + ": " + d.error;
            }
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            char line[256];
            std::snprintf(line, sizeof line, "%-40s %10zu %9zu %10.3f %12.0f\n",
                          std::filesystem::path(f).filename().string().c_str(), count, errors, secs, secs > 0 ? static_cast<double>(count) / secs : 0.0);
            ctx.out << line;
            if (!firstError.empty()) ctx.out << "    (first refusal: " << firstError << ")\n";
            if (checksum == -1) ctx.out << "";  // keeps the loop's work observable
        }
    });
}

}  // namespace sendband::cli
