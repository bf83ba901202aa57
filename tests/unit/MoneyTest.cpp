#include "Money.h"

#include <catch2/catch.hpp>

using namespace sendband;

TEST_CASE("half-up rounding takes 4,701.825 to 4,701.83 as Telford's published table does") {
    const Num steps = Num::ratio(9, 2) * *Num::parse("1044.85");
    CHECK(steps == *Num::parse("4701.825"));
    CHECK(Money::round(steps, Rounding{Rounding::Mode::HalfUp, 1}).format() == "4,701.83");
}
