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

// Every form of the ordinary operator new and delete is replaced, so that each allocation is both
// counted and freed by the same pair: left to the runtime, `new (std::nothrow)` (Catch uses it)
// came from AddressSanitizer's allocator and went back through our free, which ASan reports as
// alloc-dealloc-mismatch. The aligned forms are not used by the code measured and stay the
// runtime's, matched with its own deletes.
namespace {
void* counted(std::size_t n) noexcept {
    ++allocations;
    return std::malloc(n ? n : 1);
}
}  // namespace

void* operator new(std::size_t n) {
    if (void* p = counted(n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    if (void* p = counted(n)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return counted(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

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
