// The expression language, compiled directly against a small hand-made environment.
#include "ExpressionSandbox.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace sendband;

namespace {

class Sandbox : public test::ExpressionSandbox {
public:
    // Compiles and evaluates; both must succeed.
    Num eval(const std::string& text) {
        std::vector<ExprError> errors;
        auto ex = Expression::compile(text, env(), errors);
        INFO(text << ": " << (errors.empty() ? "" : errors[0].message));
        REQUIRE(ex.has_value());
        REQUIRE(errors.empty());
        Num out;
        EvalError err;
        const bool ok = ex->evaluate(frame(), out, &err);
        INFO("run-time error: " << err.message);
        REQUIRE(ok);
        return out;
    }

    ValueType typeOf(const std::string& text) {
        std::vector<ExprError> errors;
        auto ex = Expression::compile(text, env(), errors);
        REQUIRE(ex.has_value());
        return ex->type();
    }

    // Compiles (must succeed), evaluates (must fail); returns the run-time message.
    std::string runError(const std::string& text) {
        std::vector<ExprError> errors;
        auto ex = Expression::compile(text, env(), errors);
        REQUIRE(ex.has_value());
        Num out;
        EvalError err;
        CHECK_FALSE(ex->evaluate(frame(), out, &err));
        return err.message;
    }

    // Compiles (must succeed); returns each direct lookup as "TABLE(SLOT,...)".
    std::vector<std::string> directLookups(const std::string& text) {
        std::vector<ExprError> errors;
        auto ex = Expression::compile(text, env(), errors);
        REQUIRE(ex.has_value());
        std::vector<std::string> out;
        for (const auto& l : ex->directLookups()) {
            std::string s = tables_[static_cast<std::size_t>(l.table)].name + "(";
            for (std::size_t k = 0; k < l.keySlots.size(); ++k) s += (k ? "," : "") + std::to_string(l.keySlots[k]);
            out.push_back(s + ")");
        }
        return out;
    }

    // Compiles (must succeed); returns what it does in words.
    std::string words(const std::string& text) {
        std::vector<ExprError> errors;
        auto ex = Expression::compile(text, env(), errors);
        INFO(text << ": " << (errors.empty() ? "" : errors[0].message));
        REQUIRE(ex.has_value());
        return ex->words();
    }

    // Compiles (must fail); returns "OFFSET: MESSAGE" of the one error.
    std::string compileError(const std::string& text) {
        std::vector<ExprError> errors;
        auto ex = Expression::compile(text, env(), errors);
        CHECK_FALSE(ex.has_value());
        REQUIRE(errors.size() == 1);
        return std::to_string(errors[0].offset) + ": " + errors[0].message;
    }

};

const Num kTrue(1), kFalse(0);

}  // namespace

TEST_CASE("multiplication binds tighter than addition and operators associate to the left") {
    Sandbox s;
    CHECK(s.eval("1 + 2 * 3") == Num(7));
    CHECK(s.eval("(1 + 2) * 3") == Num(9));
    CHECK(s.eval("10 - 4 - 3") == Num(3));
    CHECK(s.eval("24 / 4 / 2") == Num(3));
    CHECK(s.eval("2 * 3 / 4") == Num::ratio(3, 2));
    CHECK(s.eval("-2 * 3") == Num(-6));
    CHECK(s.eval("- -2") == Num(2));
    CHECK(s.eval("1044.85 * 4.5") == *Num::parse("4701.825"));
    CHECK(s.eval("1 / 3 * 3") == Num(1));
}

TEST_CASE("comparisons bind tighter than not, not tighter than and, and tighter than or") {
    Sandbox s;
    CHECK(s.eval("1 + 2 > 2 and 3 < 4") == kTrue);
    CHECK(s.eval("not 1 > 2") == kTrue);
    CHECK(s.eval("true or false and false") == kTrue);
    CHECK(s.eval("(true or false) and false") == kFalse);
    CHECK(s.eval("not true or true") == kTrue);
    CHECK(s.eval("not (true or true)") == kFalse);
    CHECK(s.eval("2 >= 2 and 2 <= 2 and 2 == 2 and 2 != 3") == kTrue);
    CHECK(s.eval("1 / 3 < 0.34") == kTrue);
    CHECK(s.typeOf("1 < 2") == ValueType::Bool);
    CHECK(s.typeOf("1 + 2") == ValueType::Number);
    CHECK(s.typeOf("need") == ValueType::Text);
}

TEST_CASE("if then else chooses a branch, and the else branch extends to the end") {
    Sandbox s;
    CHECK(s.eval("if x > 1 then 10 else 20 + 1") == Num(21));
    s.set("x", Num(2));
    CHECK(s.eval("if x > 1 then 10 else 20 + 1") == Num(10));
    CHECK(s.eval("if x > 5 then 1 else if x > 1 then 2 else 3") == Num(2));
    CHECK(s.eval("(if x > 1 then 10 else 20) + 1") == Num(11));
}

TEST_CASE("and and or stop early, so a guarded division by zero is never evaluated") {
    Sandbox s;  // x = 0
    CHECK(s.eval("x != 0 and 10 / x > 1") == kFalse);
    CHECK(s.eval("x == 0 or 10 / x > 1") == kTrue);
    CHECK(s.eval("if x == 0 then 0 else 10 / x") == Num(0));
    s.set("x", Num(5));
    CHECK(s.eval("x != 0 and 10 / x > 1") == kTrue);
    CHECK(s.eval("x == 0 or 10 / x > 3") == kFalse);
}

TEST_CASE("division by zero at run time names the expression") {
    Sandbox s;
    CHECK(s.runError("10 / x") == "division by zero in '10 / x'");
    CHECK(s.runError("x == 0 and 10 / x > 1") == "division by zero in 'x == 0 and 10 / x > 1'");
    CHECK(s.runError("sum(10 / (level - 1))") == "division by zero in 'sum(10 / (level - 1))'");
}

TEST_CASE("an overflow at run time is an error naming the expression, not a crash") {
    Sandbox s;
    s.set("x", Num(10000000));
    CHECK(s.runError("x * x * x") == "exact arithmetic overflow (multiply) in 'x * x * x'");
}

TEST_CASE("in tests membership of a number or a text in a list") {
    Sandbox s;  // need = ASD
    CHECK(s.eval("need in [\"SLCN\", \"ASD\"]") == kTrue);
    CHECK(s.eval("need in ['SLCN', 'HI']") == kFalse);
    CHECK(s.eval("x in [1, 2, 3]") == kFalse);
    s.set("x", Num(2));
    CHECK(s.eval("x in [1, 2, 3]") == kTrue);
    CHECK(s.eval("x + 0.5 in [2.5]") == kTrue);
    CHECK(s.eval("not x in [1]") == kTrue);
}

TEST_CASE("a list after in must match the tested value's type and closed set of values") {
    Sandbox s;
    CHECK(s.compileError("x in [\"a\"]") == "6: the list holds text but the value tested is a number");
    CHECK(s.compileError("need in [1]") == "9: the list holds numbers but the value tested is text");
    CHECK(s.compileError("need in [\"ASD\", \"ADS\"]") ==
          "16: \"ADS\" is not a primary need code (expected one of: SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, DS, OTH, NSA)");
    CHECK(s.compileError("x in [y]") == "6: a list after 'in' may hold only numbers or \"text\"");
    CHECK(s.compileError("x in 1") == "5: expected '[' to start a list but found '1'");
}

TEST_CASE("text compared with a closed set of values must be one of them, on either side") {
    Sandbox s;
    CHECK(s.eval("need == \"ASD\"") == kTrue);
    CHECK(s.eval("\"HI\" == need") == kFalse);
    CHECK(s.eval("need != \"HI\"") == kTrue);
    const std::string codes = "(expected one of: SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, DS, OTH, NSA)";
    CHECK(s.compileError("need == \"ADS\"") == "8: \"ADS\" is not a primary need code " + codes);
    CHECK(s.compileError("\"ADS\" == need") == "0: \"ADS\" is not a primary need code " + codes);
}

TEST_CASE("min and max with several arguments give the smallest and largest") {
    Sandbox s;
    CHECK(s.eval("min(5, 3, 9, 4)") == Num(3));
    CHECK(s.eval("max(5, 3, 9, 4)") == Num(9));
    CHECK(s.eval("min(1 / 3, 0.3)") == *Num::parse("0.3"));
    CHECK(s.eval("max(-1, -2)") == Num(-1));
    CHECK(s.eval("max(min(4, 7), 2) * 2") == Num(8));
    CHECK(s.eval("min(if x > 0 then 1 else 2, 3)") == Num(2));
    CHECK(s.eval("abs(-2.5)") == Num::ratio(5, 2));
    CHECK(s.eval("floor(-2.5)") == Num(-3));
    CHECK(s.eval("floor(7 / 2)") == Num(3));
    CHECK(s.compileError("min(1, need)") == "7: min() needs a number but this is text");
}

TEST_CASE("aggregates run over the domains, with where choosing which") {
    Sandbox s;  // scores 4, 8, 3; levels 1, 2, 1; weights 1, 1, 2; areas a, b, a
    CHECK(s.eval("sum(score)") == Num(15));
    CHECK(s.eval("sum(score where area == \"a\")") == Num(7));
    CHECK(s.eval("sum(score where area != \"a\")") == Num(8));
    CHECK(s.eval("sum(score * weight)") == Num(18));
    CHECK(s.eval("max(score)") == Num(8));
    CHECK(s.eval("min(score)") == Num(3));
    CHECK(s.eval("max(score where area == \"a\")") == Num(4));
    CHECK(s.eval("min(score where level >= 2)") == Num(8));
    CHECK(s.eval("count(level >= 1)") == Num(3));
    CHECK(s.eval("count(level >= 2)") == Num(1));
    CHECK(s.eval("count(level == 1 where area == \"a\")") == Num(2));
    CHECK(s.eval("count(3 <= score and score < 5)") == Num(2));
    CHECK(s.eval("sum(score where domain in [\"d1\", \"d3\"])") == Num(7));
    CHECK(s.eval("sum(score where level > 5)") == Num(0));
    CHECK(s.eval("min(sum(score where area == \"a\"), 6)") == Num(6));
    CHECK(s.eval("level(d2) + level(\"d1\")") == Num(3));
}

TEST_CASE("per-domain names and aggregates are checked where they are used") {
    Sandbox s;
    CHECK(s.compileError("score + 1") == "0: 'score' means one domain's value and can only be used inside sum(), max(), min() or count()");
    CHECK(s.compileError("sum(max(score))") == "4: max() cannot be used inside another sum(), max(), min() or count()");
    CHECK(s.compileError("count(score)") == "6: count() needs a condition (true/false) but this is a number");
    CHECK(s.compileError("sum(level > 1)") == "4: sum() needs a number but this is a condition (true/false)");
    CHECK(s.compileError("sum(score where level)") == "16: 'where' needs a condition (true/false) but this is a number");
    CHECK(s.compileError("sum(score where area == \"c\")") == "24: \"c\" is not an area (expected one of: a, b)");
    CHECK(s.compileError("level(d9)") == "6: level() needs a domain id; 'd9' is not a domain");
}

TEST_CASE("lookup finds a row by its keys, or the default") {
    Sandbox s;  // need = ASD
    CHECK(s.eval("lookup(rates, need, 2)") == Num(200));
    CHECK(s.eval("lookup(rates, \"ASD\", 1) + 1") == Num(101));
    CHECK(s.eval("lookup(bonus, 1)") == Num(10));
    CHECK(s.eval("lookup(bonus, 7)") == Num(5));
}

TEST_CASE("lookup of keys no row has, in a table without a default, names the table and the keys") {
    Sandbox s;
    CHECK(s.runError("lookup(rates, need, 3)") == "table 'rates' has no entry for (\"ASD\", 3)");
    CHECK(s.runError("lookup(rates, \"ASD\", 2.5)") == "table 'rates' has no entry for (\"ASD\", 2.5)");
}

TEST_CASE("lookup is checked against the table when it compiles") {
    Sandbox s;
    CHECK(s.compileError("lookup(nosuch, 1)") == "7: undefined table 'nosuch'");
    CHECK(s.compileError("lookup(rates, 1, 2)") == "14: key 1 of table 'rates' is text but this is a number");
    CHECK(s.compileError("lookup(rates, need)") == "7: table 'rates' takes 2 key(s) but lookup() gives 1");
    CHECK(s.compileError("lookup(rates, need, 1, 2)") == "7: table 'rates' takes 2 key(s) but lookup() gives 3");
}

TEST_CASE("type errors name the operator and both kinds of value") {
    Sandbox s;
    CHECK(s.compileError("need == 1") == "5: cannot compare text with a number");
    CHECK(s.compileError("x > flag") == "2: cannot compare a number with a condition (true/false)");
    CHECK(s.compileError("need < \"ASD\"") == "5: only numbers can be ordered; text can only be tested with == or !=");
    CHECK(s.compileError("1 + need") == "4: '+' needs a number but this is text");
    CHECK(s.compileError("need - 1") == "0: '-' needs a number but this is text");
    CHECK(s.compileError("2 * flag") == "4: '*' needs a number but this is a condition (true/false)");
    CHECK(s.compileError("-need") == "1: '-' needs a number but this is text");
    CHECK(s.compileError("if x then 1 else 2") == "3: 'if' needs a condition (true/false) but this is a number");
    CHECK(s.compileError("if x > 1 then 1 else \"a\"") ==
          "21: 'then' gives a number but 'else' gives text; both branches must give the same kind of value");
    CHECK(s.compileError("x and true") == "0: 'and' needs a condition (true/false) but this is a number");
    CHECK(s.compileError("true or x") == "8: 'or' needs a condition (true/false) but this is a number");
    CHECK(s.compileError("not x") == "4: 'not' needs a condition (true/false) but this is a number");
}

TEST_CASE("an undefined name or unknown function is reported at its position") {
    Sandbox s;
    CHECK(s.compileError("x + bonus2") == "4: undefined name 'bonus2'");
    CHECK(s.compileError("median(x)") == "0: unknown function 'median' (known: level, hours, lookup, min, max, sum, count, abs, floor)");
    CHECK(s.compileError("x + then") == "4: expected a value but found the word 'then'");
}

TEST_CASE("syntax errors say what was expected and what was found") {
    Sandbox s;
    CHECK(s.compileError("x = 1") == "2: unexpected character '=' (use == to compare)");
    CHECK(s.compileError("x ! 1") == "2: unexpected character '!'");
    CHECK(s.compileError("\"abc") == "0: unterminated text: a closing \" is missing");
    CHECK(s.compileError("1 2") == "2: unexpected '2' after the end of the expression");
    CHECK(s.compileError("(1 + 2") == "6: expected ')' but found 'end of expression'");
    CHECK(s.compileError("if x > 1 then 2") == "15: expected 'else' but found 'end of expression'");
    CHECK(s.compileError("if x > 1 2 else 3") == "9: expected 'then' but found '2'");
    CHECK(s.compileError("1 +") == "3: expected a value but found 'end of expression'");
    CHECK(s.compileError("1.2.3") == "0: '1.2.3' is not a number");
    CHECK(s.compileError("") == "0: expected a value but found 'end of expression'");
}

TEST_CASE("directLookups lists the lookups whose keys are plain names, with each key's slot") {
    Sandbox s;
    using V = std::vector<std::string>;
    CHECK(s.directLookups("lookup(rates, need, x)") == V{"rates(2,0)"});
    CHECK(s.directLookups("lookup(bonus, x) + lookup(bonus, y)") == V{"bonus(0)", "bonus(1)"});
    CHECK(s.directLookups("if flag then lookup(bonus, x) else 0") == V{"bonus(0)"});
    CHECK(s.directLookups("if flag then 0 else lookup(bonus, y)") == V{"bonus(1)"});
    CHECK(s.directLookups("lookup(bonus, level(d2))") == V{"bonus(7)"});
    // A computed key is not a plain name, even when its last step reads one.
    CHECK(s.directLookups("lookup(bonus, x + y)") == V{});
    CHECK(s.directLookups("lookup(bonus, -x)") == V{});
    CHECK(s.directLookups("lookup(bonus, max(x, y))") == V{});
    CHECK(s.directLookups("lookup(bonus, if flag then x else y)") == V{});
    CHECK(s.directLookups("lookup(rates, need, if flag then x else y)") == V{});
    CHECK(s.directLookups("lookup(bonus, lookup(bonus, x))") == V{"bonus(0)"});
    CHECK(s.directLookups("x + y") == V{});
}

TEST_CASE("an expression says in words what it does, bracketing only where the order would be lost") {
    Sandbox s;
    CHECK(s.words("x + y * 2") == "Extra points plus y times 2");
    CHECK(s.words("(x + y) * 2") == "(Extra points plus y) times 2");
    CHECK(s.words("x - (y - 1)") == "Extra points minus (y minus 1)");
    CHECK(s.words("x - y - 1") == "Extra points minus y minus 1");
    CHECK(s.words("x / (y * 2)") == "Extra points divided by (y times 2)");
    CHECK(s.words("-x") == "minus Extra points");
    CHECK(s.words("x >= 3 and y < 2 or not flag") == "(Extra points is at least 3 and y is less than 2) or not flag");
    CHECK(s.words("x > 1 and (y <= 2 or flag)") == "Extra points is more than 1 and (y is at most 2 or flag)");
    CHECK(s.words("x == 1 or x != 2") == "Extra points is 1 or Extra points is not 2");
    CHECK(s.words("need in [\"ASD\", \"SLD\", \"MLD\"]") == "need is one of \"ASD\", \"SLD\" or \"MLD\"");
    CHECK(s.words("x in [3]") == "Extra points is 3");
    CHECK(s.words("if x > 2 then 10 else if flag then 5 else 0") == "if Extra points is more than 2 then 10, otherwise if flag then 5, otherwise 0");
    CHECK(s.words("(if flag then 1 else 2) + 3") == "(if flag then 1, otherwise 2) plus 3");
    CHECK(s.words("min(x, 12)") == "the smaller of Extra points and 12");
    CHECK(s.words("max(x, y + 1, 3)") == "the largest of Extra points, (y plus 1) and 3");
    CHECK(s.words("abs(x - y)") == "the size, ignoring any minus sign, of (Extra points minus y)");
    CHECK(s.words("floor(x)") == "the whole number at or below Extra points");
    CHECK(s.words("level(d1) + hours()") == "the level of the first domain plus the hours a week of all provision");
    CHECK(s.words("lookup(rates, need, x) + lookup(bonus, 1)") == "the entry in table rates for need and Extra points plus the entry in table bonus for 1");
    CHECK(s.words("true") == "true");
}

TEST_CASE("sums, highests and counts over the domains read as the domains they cover, names for the areas they test") {
    Sandbox s;
    CHECK(s.words("sum(score)") == "the total score of the domains");
    CHECK(s.words("max(level)") == "the highest level of the domains");
    CHECK(s.words("min(weight)") == "the lowest weight of the domains");
    CHECK(s.words("sum(score where area == \"a\")") == "the total score of the domains whose area is Area A");
    CHECK(s.words("sum(score * weight where area != \"b\")") == "the total of score times weight over the domains whose area is not \"b\"");
    CHECK(s.words("count(level >= 2)") == "the number of domains whose level is at least 2");
    CHECK(s.words("count(level >= 2 where area == \"a\")") == "the number of domains whose level is at least 2, counting only the domains whose area is Area A");
    CHECK(s.words("sum(score where x > 1)") == "the total score of the domains where Extra points is more than 1");
    // A sum that ends in a condition is bracketed off from what follows it.
    CHECK(s.words("sum(score where area == \"a\") + x") == "(the total score of the domains whose area is Area A) plus Extra points");
    CHECK(s.words("min(sum(score where area == \"a\"), 12)") == "the smaller of (the total score of the domains whose area is Area A) and 12");
}
