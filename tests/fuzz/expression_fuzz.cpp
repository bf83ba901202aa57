// libFuzzer harness: the expression compiler and its stack machine. Any text either compiles
// or gives at least one located error (an offset inside the text); what compiles is evaluated
// against a small fixed frame and must give a value or an evaluation error, never a crash.
// The environment is the expression tests' own (tests/unit/ExpressionSandbox.h): numbers x, y;
// text `need`; condition `flag`; three domains; level(d1), level(d2); tables rates and bonus.
// What compiles must also have its plain-English form (Expression::words).
#include "ExpressionSandbox.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

using namespace sendband;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static test::ExpressionSandbox box;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<ExprError> errors;
    const auto expr = Expression::compile(text, box.env(), errors);
    if (!expr) {
        if (errors.empty()) __builtin_trap();
        for (const auto& e : errors)
            if (e.offset > size || e.message.empty()) __builtin_trap();  // located inside the text
        return 0;
    }
    if (expr->words().empty()) __builtin_trap();  // what compiles also reads in words
    Num out;
    EvalError err;
    if (!expr->evaluate(box.frame(), out, &err) && err.message.empty()) __builtin_trap();
    return 0;
}
