// The small hand-made environment the expression tests and the expression fuzzer compile
// against (tests/unit/ExpressionTest.cpp, tests/fuzz/expression_fuzz.cpp).
#pragma once
#include "rules/Expression.h"
#include "rules/RuleSet.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sendband::test {

// Globals: x, y (numbers), need (text, one of the SEN2 codes), flag (condition).
// Three domains d1..d3 with score 4, 8, 3; level 1, 2, 1; weight 1, 1, 2; area a, b, a.
// Tables: rates (text, number -> number, no default), bonus (number -> number, default 5).
class ExpressionSandbox {
public:
    ExpressionSandbox() {
        strings_.intern("ASD");
        for (const char* a : {"a", "b"}) strings_.intern(a);
        for (const char* d : {"d1", "d2", "d3"}) strings_.intern(d);
        slots_.assign(10, Num(0));
        set("need", Num(*strings_.find("ASD")));
        score_ = {Num(4), Num(8), Num(3)};
        level_ = {Num(1), Num(2), Num(1)};
        weight_ = {Num(1), Num(1), Num(2)};
        area_ = {Num(*strings_.find("a")), Num(*strings_.find("b")), Num(*strings_.find("a"))};
        domain_ = {Num(*strings_.find("d1")), Num(*strings_.find("d2")), Num(*strings_.find("d3"))};
        slots_[6] = Num(1);  // level(d1)
        slots_[7] = Num(2);  // level(d2)

        Table rates;
        rates.name = "rates";
        rates.keyTypes = {ValueType::Text, ValueType::Number};
        rates.valueType = ValueType::Number;
        rates.keys = {{Num(*strings_.find("ASD")), Num(1)}, {Num(*strings_.find("ASD")), Num(2)}};
        rates.values = {Num(100), Num(200)};
        Table bonus;
        bonus.name = "bonus";
        bonus.keyTypes = {ValueType::Number};
        bonus.valueType = ValueType::Number;
        bonus.keys = {{Num(1)}};
        bonus.values = {Num(10)};
        bonus.fallback = Num(5);
        tables_ = {rates, bonus};
    }

    void set(const std::string& name, Num v) { slots_[static_cast<std::size_t>(slotOf_.at(name))] = v; }

    CompileEnv env() {
        CompileEnv e;
        e.strings = &strings_;
        e.tables = &tables_;
        e.hoursTotalSlot = 8;
        e.domainCount = 3;
        e.global = [this](std::string_view n) -> std::optional<Symbol> {
            if (n == "x") return Symbol{ValueType::Number, 0};
            if (n == "y") return Symbol{ValueType::Number, 1};
            if (n == "need") return Symbol{ValueType::Text, 2, &primaryNeedCodes(), "primary need code"};
            if (n == "flag") return Symbol{ValueType::Bool, 3};
            return std::nullopt;
        };
        e.perDomain = [this](std::string_view n) -> std::optional<Symbol> {
            if (n == "score") return Symbol{ValueType::Number, 0};
            if (n == "level") return Symbol{ValueType::Number, 1};
            if (n == "weight") return Symbol{ValueType::Number, 2};
            if (n == "area") return Symbol{ValueType::Text, 3, &areas_, "area"};
            if (n == "domain") return Symbol{ValueType::Text, 4, &domains_, "domain"};
            return std::nullopt;
        };
        e.levelSlot = [](std::string_view d) -> std::optional<int> {
            if (d == "d1") return 6;
            if (d == "d2") return 7;
            return std::nullopt;
        };
        e.hoursSlot = [](std::string_view) -> std::optional<int> { return std::nullopt; };
        // Words: x reads "Extra points", area a "Area A", level(d1) "the first domain"; the
        // rest as written.
        e.inWords = [](std::string_view kind, std::string_view id) -> std::optional<std::string> {
            if (kind == "name" && id == "x") return "Extra points";
            if (kind == "area" && id == "a") return "Area A";
            if (kind == "domain" && id == "d1") return "the first domain";
            return std::nullopt;
        };
        return e;
    }

    Frame frame() {
        perDomain_[0] = score_.data();
        perDomain_[1] = level_.data();
        perDomain_[2] = weight_.data();
        perDomain_[3] = area_.data();
        perDomain_[4] = domain_.data();
        return Frame{slots_.data(), perDomain_, 3, &tables_, &strings_};
    }

protected:
    std::map<std::string, int> slotOf_ = {{"x", 0}, {"y", 1}, {"need", 2}, {"flag", 3}};
    StringTable strings_;
    std::vector<Table> tables_;
    std::vector<Num> slots_;
    std::vector<Num> score_, level_, weight_, area_, domain_;
    const Num* perDomain_[5] = {};
    std::vector<std::string> areas_ = {"a", "b"};
    std::vector<std::string> domains_ = {"d1", "d2", "d3"};
};

}  // namespace sendband::test
