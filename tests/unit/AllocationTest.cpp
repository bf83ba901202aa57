// Banding a caseload must not allocate per profile: a reused Decision keeps its storage.
#include "banding/Banding.h"
#include "rules/RuleSetLoader.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> allocations{0};
}

void* operator new(std::size_t n) {
    ++allocations;
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using namespace sendband;

TEST_CASE("deciding again into the same Decision allocates nothing") {
    auto load = RuleSetLoader::loadFile(std::string(SENDBAND_SOURCE_DIR) + "/rules/example.yaml");
    REQUIRE(load.ok());
    const Banding banding(load.ruleSet);
    ProfileBuilder b(*load.ruleSet);
    for (auto [f, v] : {std::pair{"primary_need", "ASD"}, {"setting", "special"}, {"level.communication", "3"},
                        {"level.cognition", "4"}, {"level.semh", "2"}, {"level.sensory_physical", "4"},
                        {"date_of_birth", "2012-10-03"}})
        REQUIRE(b.set(f, v).empty());
    REQUIRE(b.finish().empty());
    const Profile p = b.take();
    const Date asOf = *parseDate("2025-09-01");
    Decision d;
    REQUIRE(banding.decide(p, asOf, d));  // first call sizes the Decision's storage
    const long before = allocations.load();
    for (int i = 0; i < 1000; ++i) REQUIRE(banding.decide(p, asOf, d));
    CHECK(allocations.load() - before == 0);
    CHECK(d.topUp().format() == "18,500.00");
}
