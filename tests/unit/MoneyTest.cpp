#include "core/Money.h"

#include <catch2/catch.hpp>

#include <limits>

#include <climits>
#include <string>

using namespace sendband;

namespace {
using Mode = Rounding::Mode;
constexpr std::int64_t kPenny = 1, kPound = 100, kTenPounds = 1000;

std::string rounded(const char* pounds, Mode mode, std::int64_t unit = kPenny) {
    const auto n = Num::parse(pounds);
    REQUIRE(n.has_value());
    return Money::round(*n, Rounding{mode, unit}).format();
}
}  // namespace

TEST_CASE("half-up rounding takes 4,701.825 to 4,701.83 as Telford's published table does") {
    const Num steps = Num::ratio(9, 2) * *Num::parse("1044.85");
    CHECK(steps == *Num::parse("4701.825"));
    CHECK(Money::round(steps, Rounding{Rounding::Mode::HalfUp, 1}).format() == "4,701.83");
}

TEST_CASE("each rounding mode at a half penny matches the table in docs/rules-format.md") {
    // | mode      | 2.345 | 2.355 | -2.345 |
    CHECK(rounded("2.345", Mode::HalfUp) == "2.35");
    CHECK(rounded("2.355", Mode::HalfUp) == "2.36");
    CHECK(rounded("-2.345", Mode::HalfUp) == "-2.35");
    CHECK(rounded("2.345", Mode::HalfEven) == "2.34");
    CHECK(rounded("2.355", Mode::HalfEven) == "2.36");
    CHECK(rounded("-2.345", Mode::HalfEven) == "-2.34");
    CHECK(rounded("2.345", Mode::Down) == "2.34");
    CHECK(rounded("2.355", Mode::Down) == "2.35");
    CHECK(rounded("-2.345", Mode::Down) == "-2.34");
    CHECK(rounded("2.345", Mode::Up) == "2.35");
    CHECK(rounded("2.355", Mode::Up) == "2.36");
    CHECK(rounded("-2.345", Mode::Up) == "-2.35");
    // Banker's rounding example from the docs.
    CHECK(rounded("0.125", Mode::HalfEven) == "0.12");
    CHECK(rounded("-2.355", Mode::HalfEven) == "-2.36");
    CHECK(rounded("-2.355", Mode::HalfUp) == "-2.36");
}

TEST_CASE("rounding away from a half: only down and up ignore which penny is nearer") {
    CHECK(rounded("2.344", Mode::HalfUp) == "2.34");
    CHECK(rounded("2.346", Mode::HalfUp) == "2.35");
    CHECK(rounded("2.344", Mode::HalfEven) == "2.34");
    CHECK(rounded("2.346", Mode::HalfEven) == "2.35");
    CHECK(rounded("2.349", Mode::Down) == "2.34");
    CHECK(rounded("2.341", Mode::Up) == "2.35");
    CHECK(rounded("-2.346", Mode::HalfUp) == "-2.35");
    CHECK(rounded("-2.344", Mode::HalfEven) == "-2.34");
    CHECK(rounded("-2.349", Mode::Down) == "-2.34");
    CHECK(rounded("-2.341", Mode::Up) == "-2.35");
    CHECK(rounded("0.004", Mode::HalfUp) == "0.00");
    CHECK(rounded("0.005", Mode::HalfUp) == "0.01");
    CHECK(rounded("-0.004", Mode::HalfUp) == "0.00");
}

TEST_CASE("whole pence are never changed by any rounding mode") {
    for (Mode m : {Mode::HalfUp, Mode::HalfEven, Mode::Down, Mode::Up}) {
        CHECK(rounded("2.34", m) == "2.34");
        CHECK(rounded("-2.34", m) == "-2.34");
        CHECK(rounded("1500", m) == "1,500.00");
        CHECK(rounded("1500", m, kPound) == "1,500.00");
        CHECK(rounded("1500", m, kTenPounds) == "1,500.00");
    }
}

TEST_CASE("fractions of a penny that are not decimals round correctly") {
    const Rounding halfUp{Mode::HalfUp, kPenny};
    CHECK(Money::round(Num::ratio(1, 3), halfUp).pence() == 33);
    CHECK(Money::round(Num::ratio(2, 3), halfUp).pence() == 67);
    CHECK(Money::round(Num::ratio(-2, 3), halfUp).pence() == -67);
    CHECK(Money::round(Num::ratio(2, 3), Rounding{Mode::Down, kPenny}).pence() == 66);
    CHECK(Money::round(Num::ratio(1, 3), Rounding{Mode::Up, kPenny}).pence() == 34);
    // 5,000 x 18/73 = 1,232.876712...
    CHECK(Money::round(Num(5000) * Num::ratio(18, 73), halfUp).format() == "1,232.88");
    CHECK(Money::round(Num(5000) * Num::ratio(18, 73), Rounding{Mode::Down, kPenny}).format() == "1,232.87");
}

TEST_CASE("rounding to the pound applies each mode to whole pounds") {
    CHECK(rounded("2.5", Mode::HalfUp, kPound) == "3.00");
    CHECK(rounded("2.5", Mode::HalfEven, kPound) == "2.00");
    CHECK(rounded("3.5", Mode::HalfEven, kPound) == "4.00");
    CHECK(rounded("2.5", Mode::Down, kPound) == "2.00");
    CHECK(rounded("2.5", Mode::Up, kPound) == "3.00");
    CHECK(rounded("-2.5", Mode::HalfUp, kPound) == "-3.00");
    CHECK(rounded("-2.5", Mode::HalfEven, kPound) == "-2.00");
    CHECK(rounded("-2.5", Mode::Down, kPound) == "-2.00");
    CHECK(rounded("-2.5", Mode::Up, kPound) == "-3.00");
    CHECK(rounded("2.49", Mode::HalfUp, kPound) == "2.00");
    CHECK(rounded("2.51", Mode::HalfEven, kPound) == "3.00");
    CHECK(rounded("2.01", Mode::Up, kPound) == "3.00");
    CHECK(rounded("2.99", Mode::Down, kPound) == "2.00");
    CHECK(rounded("4701.825", Mode::HalfUp, kPound) == "4,702.00");
}

TEST_CASE("rounding to ten pounds applies each mode to whole tens of pounds") {
    CHECK(rounded("4705", Mode::HalfUp, kTenPounds) == "4,710.00");
    CHECK(rounded("4705", Mode::HalfEven, kTenPounds) == "4,700.00");
    CHECK(rounded("4715", Mode::HalfEven, kTenPounds) == "4,720.00");
    CHECK(rounded("4705", Mode::Down, kTenPounds) == "4,700.00");
    CHECK(rounded("4705", Mode::Up, kTenPounds) == "4,710.00");
    CHECK(rounded("-4705", Mode::HalfUp, kTenPounds) == "-4,710.00");
    CHECK(rounded("-4705", Mode::HalfEven, kTenPounds) == "-4,700.00");
    CHECK(rounded("-4705", Mode::Down, kTenPounds) == "-4,700.00");
    CHECK(rounded("-4705", Mode::Up, kTenPounds) == "-4,710.00");
    CHECK(rounded("4701.825", Mode::HalfUp, kTenPounds) == "4,700.00");
    CHECK(rounded("4704.99", Mode::HalfUp, kTenPounds) == "4,700.00");
    CHECK(rounded("4700.01", Mode::Up, kTenPounds) == "4,710.00");
    CHECK(rounded("4709.99", Mode::Down, kTenPounds) == "4,700.00");
}

TEST_CASE("an amount too large for 64-bit pence throws rather than wrapping") {
    CHECK_THROWS_AS(Money::round(Num(INT64_MAX), Rounding{}), ArithmeticOverflow);
    CHECK_THROWS_WITH(Money::round(Num(INT64_MAX / 10), Rounding{}), "amount too large for money");
}

TEST_CASE("format groups thousands with commas and always shows two decimals") {
    CHECK(Money::fromPence(123456789).format() == "1,234,567.89");
    CHECK(Money::fromPence(-50).format() == "-0.50");
    CHECK(Money::fromPence(0).format() == "0.00");
    CHECK(Money::fromPence(5).format() == "0.05");
    CHECK(Money::fromPence(99999).format() == "999.99");
    CHECK(Money::fromPence(100000).format() == "1,000.00");
    CHECK(Money::fromPence(10000000).format() == "100,000.00");
    CHECK(Money::fromPence(-123405).format() == "-1,234.05");
    CHECK(Money::fromPence(INT64_MIN).format() == "-92,233,720,368,547,758.08");
}

TEST_CASE("plain gives the same figure without grouping, for CSV and JSON") {
    CHECK(Money::fromPence(123456789).plain() == "1234567.89");
    CHECK(Money::fromPence(-50).plain() == "-0.50");
    CHECK(Money::fromPence(5).plain() == "0.05");
    CHECK(Money::fromPence(0).plain() == "0.00");
    CHECK(Money::fromPence(-123405).plain() == "-1234.05");
}

TEST_CASE("money adds and subtracts in pence and converts back to exact pounds") {
    Money m = Money::fromPence(150) + Money::fromPence(-200);
    CHECK(m.pence() == -50);
    CHECK(m.pounds() == Num::ratio(-1, 2));
    m += Money::fromPence(1000);
    m -= Money::fromPence(1);
    CHECK(m.pence() == 949);
    CHECK((Money::fromPence(1) - Money::fromPence(2)).pence() == -1);
    CHECK(Money::fromPence(1) < Money::fromPence(2));
}

TEST_CASE("a rounding describes itself in words") {
    CHECK(Rounding{}.describe() == "half up to the penny");
    CHECK((Rounding{Mode::HalfEven, kPound}).describe() == "half to even to the pound");
    CHECK((Rounding{Mode::Down, kTenPounds}).describe() == "down to the nearest 10 pounds");
    CHECK((Rounding{Mode::Up, 5}).describe() == "up to 5 pence");
}

TEST_CASE("money sums are checked: beyond 64 bits of pence is an error, never a wrapped negative total") {
    const Money big = Money::fromPence(std::numeric_limits<std::int64_t>::max() - 1);
    CHECK((big + Money::fromPence(1)).pence() == std::numeric_limits<std::int64_t>::max());
    CHECK_THROWS_AS(big + Money::fromPence(2), MoneyOverflow);
    Money m = Money::fromPence(std::numeric_limits<std::int64_t>::min() + 1);
    CHECK_THROWS_AS(m -= Money::fromPence(2), MoneyOverflow);
    CHECK_THROWS_WITH(Money::checkedAdd(std::numeric_limits<std::int64_t>::max(), 1),
                      "a sum of money is too large to hold (more than 92 million billion pence)");
    CHECK(Money::maxPerPlan() == Num(10'000'000));
}
