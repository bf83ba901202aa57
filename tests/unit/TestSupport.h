// Helpers shared by the unit tests: load an inline rule set, build a profile, parse a date.
#pragma once
#include "banding/Banding.h"
#include "core/Date.h"
#include "core/Diagnostic.h"
#include "banding/Profile.h"
#include "rules/RuleSetLoader.h"

#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace sendband::test {

// Loads a rule set that must be valid; on failure the test stops and shows every diagnostic.
inline RuleSetPtr loadOk(const std::string& yaml) {
    auto load = RuleSetLoader::loadText(yaml, "inline.yaml");
    INFO(formatAll(load.diagnostics));
    REQUIRE(load.ok());
    REQUIRE(load.diagnostics.empty());
    return load.ruleSet;
}

// Loads a rule set that must be invalid; returns each diagnostic as the CLI prints it.
inline std::vector<std::string> loadErrors(const std::string& yaml) {
    auto load = RuleSetLoader::loadText(yaml, "inline.yaml");
    CHECK(load.ruleSet == nullptr);
    CHECK_FALSE(load.ok());
    std::vector<std::string> out;
    for (const auto& d : load.diagnostics) out.push_back(d.format());
    return out;
}

inline Date day(const char* text) {
    auto d = parseDate(text);
    REQUIRE(d.has_value());
    return *d;
}

// Builds a complete profile from (field, value) pairs; every field must be accepted.
inline Profile makeProfile(const RuleSet& rs, std::initializer_list<std::pair<const char*, const char*>> fields) {
    ProfileBuilder b(rs);
    for (const auto& [f, v] : fields) {
        INFO("field " << f << " = " << v);
        REQUIRE(b.set(f, v) == "");
    }
    const auto missing = b.finish();
    REQUIRE(missing == std::vector<std::string>{});
    return b.take();
}

}  // namespace sendband::test
