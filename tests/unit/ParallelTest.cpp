// core/Parallel: every thread sendband starts goes through runParts / parallelFor / Producer, so
// these pin that work is split exactly and that an exception on any thread reaches the caller.
#include "core/Parallel.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

using namespace sendband;

TEST_CASE("parallel: parallelFor visits every index exactly once, in ranges fixed by the count and the parts", "[parallel]") {
    for (unsigned parts : {1u, 2u, 3u, 7u}) {
        std::vector<int> seen(1000, 0);
        std::vector<std::pair<std::size_t, std::size_t>> ranges(parts);
        parallelFor(seen.size(), parts, [&](unsigned part, std::size_t begin, std::size_t end) {
            ranges[part] = {begin, end};
            for (std::size_t i = begin; i < end; ++i) ++seen[i];
        });
        for (int s : seen) REQUIRE(s == 1);
        CHECK(ranges.front().first == 0);
        CHECK(ranges.back().second == 1000);
        for (unsigned p = 1; p < parts; ++p) CHECK(ranges[p].first == ranges[p - 1].second);
    }
}

TEST_CASE("parallel: an exception on a worker is rethrown to the caller once every part has finished", "[parallel]") {
    std::atomic<int> finished{0};
    auto run = [&] {
        runParts(4, [&](unsigned part) {
            if (part == 2) throw std::runtime_error("part 2 failed");
            if (part == 3) throw std::logic_error("part 3 failed");
            ++finished;
        });
    };
    CHECK_THROWS_WITH(run(), "part 2 failed");  // the lowest-numbered failure, whichever came first
    CHECK(finished == 2);                        // parts 0 and 1 ran to the end
}

TEST_CASE("parallel: a failure on the calling thread's own part is rethrown too", "[parallel]") {
    CHECK_THROWS_WITH(runParts(3, [](unsigned part) {
                          if (part == 0) throw std::runtime_error("part 0 failed");
                      }),
                      "part 0 failed");
}

TEST_CASE("parallel: workerThreads keeps small jobs on one thread and honours a request", "[parallel]") {
    CHECK(workerThreads(10, 4096) == 1);
    CHECK(workerThreads(0, 4096) == 1);
    CHECK(workerThreads(1'000'000, 4096, 3) == 3);
    CHECK(workerThreads(5000, 4096, 8) == 2);  // one per 4096 items, rounded up
    CHECK(workerThreads(1'000'000, 1, 0, 1) == 1);
}

TEST_CASE("parallel: a producer's items arrive in order and its exception reaches the consumer at finish()", "[parallel]") {
    SECTION("all items, in order") {
        Producer<int> p(2, [](BoundedQueue<int>& q) {
            for (int i = 0; i < 100; ++i)
                if (!q.push(i)) return;
        });
        std::vector<int> got;
        int v;
        while (p.pop(v)) got.push_back(v);
        p.finish();
        REQUIRE(got.size() == 100);
        for (int i = 0; i < 100; ++i) CHECK(got[static_cast<std::size_t>(i)] == i);
    }
    SECTION("a failure after some items") {
        Producer<int> p(2, [](BoundedQueue<int>& q) {
            q.push(1);
            q.push(2);
            throw std::runtime_error("row 3 could not be prepared");
        });
        int v, n = 0;
        while (p.pop(v)) ++n;
        CHECK(n == 2);
        CHECK_THROWS_WITH(p.finish(), "row 3 could not be prepared");
    }
    SECTION("a consumer that gives up stops a producer blocked on a full queue") {
        std::atomic<int> pushed{0};
        {
            Producer<int> p(1, [&](BoundedQueue<int>& q) {
                for (int i = 0; i < 1'000'000; ++i) {
                    if (!q.push(i)) return;
                    ++pushed;
                }
            });
            int v;
            REQUIRE(p.pop(v));
        }  // destroyed without finish(): abandons the queue and joins
        CHECK(pushed < 1'000'000);
    }
}
