// Num: exact rational arithmetic.
#include "core/Num.h"

#include <catch2/catch.hpp>

#include <climits>
#include <stdexcept>

using namespace sendband;

TEST_CASE("Num parses whole numbers, signs and decimals exactly") {
    CHECK(*Num::parse("12") == Num(12));
    CHECK(*Num::parse("-3") == Num(-3));
    CHECK(*Num::parse("+7") == Num(7));
    CHECK(*Num::parse("0") == Num(0));
    CHECK(*Num::parse("-0") == Num(0));
    CHECK(*Num::parse("0.5") == Num::ratio(1, 2));
    CHECK(*Num::parse("-0.125") == Num::ratio(-1, 8));
    CHECK(*Num::parse("4701.825") == Num::ratio(4701825, 1000));
    CHECK(*Num::parse("1044.850") == Num::ratio(104485, 100));
}

TEST_CASE("Num parses the thousands separators published tables use") {
    CHECK(*Num::parse("1,044.85") == Num::ratio(104485, 100));
    CHECK(*Num::parse("1,234,567") == Num(1234567));
    CHECK(*Num::parse("12,132") == Num(12132));
    CHECK(*Num::parse("-1,044.85") == Num::ratio(-104485, 100));
}

TEST_CASE("Num refuses commas that are not groups of three digits before the point") {
    for (const char* bad : {"3650,50", "1,2", ",123", "1234,567", "1,0000", "1,044.85,1", "1,044.8,5", "1__000", "10_000"}) {
        INFO("input \"" << bad << "\"");
        CHECK_FALSE(Num::parse(bad).has_value());
    }
}

TEST_CASE("Num refuses anything that is not plain decimal notation") {
    for (const char* bad : {"", "-", "+", ".", ",", "abc", "1.2.3", "1e3", "12a", " 12", "12 ", "--3", "+-3", "1/3",
                            "0x10", "£12", "12%", "1 000"}) {
        INFO("input \"" << bad << "\"");
        CHECK_FALSE(Num::parse(bad).has_value());
    }
}

TEST_CASE("Num refuses a number too large for exact 64-bit arithmetic instead of wrapping") {
    CHECK_FALSE(Num::parse("99999999999999999999").has_value());
    CHECK_FALSE(Num::parse("0.00000000000000000001").has_value());
    CHECK(*Num::parse("9223372036854775807") == Num(INT64_MAX));
}

TEST_CASE("Num keeps fractions exact: a third times three is exactly one") {
    const Num third = Num(1) / Num(3);
    CHECK(third == Num::ratio(1, 3));
    CHECK(third * Num(3) == Num(1));
    CHECK((third * Num(3)).isInteger());
    CHECK(third + third + third == Num(1));
    CHECK(*Num::parse("0.1") + *Num::parse("0.2") == *Num::parse("0.3"));
    CHECK(Num::ratio(1, 3) - Num::ratio(1, 2) == Num::ratio(-1, 6));
    CHECK(Num::ratio(2, 3) * Num::ratio(3, 4) == Num::ratio(1, 2));
    CHECK(Num(1) / Num::ratio(-2, 3) == Num::ratio(-3, 2));
    CHECK(Num::ratio(-3, 4) / Num::ratio(-3, 8) == Num(2));
    CHECK(-Num::ratio(5, 7) == Num::ratio(-5, 7));
    CHECK(Num::ratio(9, 2) * *Num::parse("1044.85") == *Num::parse("4701.825"));
    Num acc(10);
    acc += Num::ratio(1, 4);
    acc -= Num(3);
    acc *= Num(4);
    CHECK(acc == Num(29));
}

TEST_CASE("Num is always held in lowest terms with a positive denominator") {
    const Num r = Num::ratio(6, -4);
    CHECK(r.num() == -3);
    CHECK(r.den() == 2);
    CHECK(Num::ratio(0, -5).num() == 0);
    CHECK(Num::ratio(0, -5).den() == 1);
    const Num zero = Num::ratio(2, 3) * Num(0);
    CHECK(zero == Num(0));
    CHECK(zero.den() == 1);
    const Num sum = Num::ratio(1, 6) + Num::ratio(1, 3);
    CHECK(sum.num() == 1);
    CHECK(sum.den() == 2);
}

TEST_CASE("Num division by zero throws domain_error") {
    CHECK_THROWS_AS(Num(1) / Num(0), std::domain_error);
    CHECK_THROWS_AS(Num::ratio(1, 0), std::domain_error);
}

TEST_CASE("Num floor rounds towards minus infinity") {
    CHECK(Num::ratio(7, 2).floor() == 3);
    CHECK(Num::ratio(-7, 2).floor() == -4);
    CHECK(Num(-4).floor() == -4);
    CHECK(Num::ratio(29, 2).floor() == 14);
    CHECK(Num::ratio(-1, 3).floor() == -1);
}

TEST_CASE("Num orders exactly, even where a cross product needs more than 64 bits") {
    CHECK(Num::ratio(1, 3) < Num::ratio(1, 2));
    CHECK(Num::ratio(-1, 2) < Num::ratio(-1, 3));
    CHECK(Num::ratio(2, 4) == Num::ratio(1, 2));
    CHECK(Num::ratio(2, 3) > Num::ratio(3, 5));
    CHECK(Num(-1) < Num(0));
    CHECK(Num::ratio(1, 3) <= Num::ratio(1, 3));
    CHECK(Num::ratio(1, 3) != *Num::parse("0.333333333333"));
    CHECK(*Num::parse("0.333333333333") < Num::ratio(1, 3));
    // INT64_MAX / 2 is x.5: the whole part is below it, the next integer above it.
    CHECK(Num(INT64_MAX / 2) < Num::ratio(INT64_MAX, 2));
    CHECK(Num(INT64_MAX / 2 + 1) > Num::ratio(INT64_MAX, 2));
    // (M-1)/M and (M-2)/(M-1) differ by 1/(M(M-1)): only a 128-bit cross product tells them apart.
    CHECK(Num::ratio(INT64_MAX - 1, INT64_MAX) > Num::ratio(INT64_MAX - 2, INT64_MAX - 1));
}

TEST_CASE("Num prints exact decimals where they exist and fractions where they do not") {
    CHECK((Num::ratio(9, 2) * *Num::parse("1044.85")).toString() == "4701.825");
    CHECK(Num::ratio(1, 3).toString() == "1/3");
    CHECK(Num::ratio(-1, 3).toString() == "-1/3");
    CHECK(Num::ratio(18, 73).toString() == "18/73");
    CHECK(Num::ratio(-1, 2).toString() == "-0.5");
    CHECK(Num::ratio(1, 20).toString() == "0.05");
    CHECK(Num::ratio(-1, 20).toString() == "-0.05");
    CHECK(Num::ratio(3, 40).toString() == "0.075");
    CHECK(Num::ratio(1, 8).toString() == "0.125");
    CHECK(Num(0).toString() == "0");
    CHECK(Num(12).toString() == "12");
    CHECK(Num(-12).toString() == "-12");
    CHECK(Num::parse("1,044.850")->toString() == "1044.85");
    CHECK(Num(INT64_MAX).toString() == "9223372036854775807");
    CHECK(Num(INT64_MIN).toString() == "-9223372036854775808");
}

TEST_CASE("Num prints a fraction whose exact decimal needs more than 18 places as a fraction") {
    // 1/2^19 has an exact decimal of 19 places; it must not be printed from an overflowed scale.
    CHECK(Num::ratio(1, 524288).toString() == "1/524288");
    CHECK(Num::ratio(3, std::int64_t{1} << 40).toString() == "3/1099511627776");
    CHECK(Num::ratio(1, 1000000000000000000).toString() == "0.000000000000000001");
}

TEST_CASE("Num overflow throws ArithmeticOverflow rather than giving a wrong answer") {
    CHECK_THROWS_AS(Num(INT64_MAX) + Num(1), ArithmeticOverflow);
    CHECK_THROWS_AS(Num(INT64_MIN) - Num(1), ArithmeticOverflow);
    CHECK_THROWS_AS(Num(INT64_MAX) * Num(2), ArithmeticOverflow);
    CHECK_THROWS_AS(-Num(INT64_MIN), ArithmeticOverflow);
    CHECK_THROWS_AS(Num(INT64_MIN) / Num(-1), ArithmeticOverflow);
    CHECK_THROWS_AS(Num::ratio(1, INT64_MAX) + Num::ratio(1, INT64_MAX - 1), ArithmeticOverflow);
    CHECK_THROWS_AS(Num::ratio(1, 3037000500) * Num::ratio(1, 3037000501), ArithmeticOverflow);
    CHECK_THROWS_WITH(Num(INT64_MAX) * Num(3), "exact arithmetic overflow (multiply)");
    CHECK_THROWS_WITH(Num(INT64_MAX) + Num(3), "exact arithmetic overflow (add)");
    // An overflow is also an std::overflow_error, so generic handlers see it.
    CHECK_THROWS_AS(Num(INT64_MAX) * Num(2), std::overflow_error);
}
