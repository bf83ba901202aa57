// Expression: the small, safe language rule sets use for scores, conditions and amounts.
// Parsed and type-checked once when a rule set loads; evaluated by a stack machine that
// allocates nothing. No loops, no I/O, no recursion beyond one level of aggregate.
#pragma once
#include "core/Num.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sendband {

enum class ValueType : std::uint8_t { Number, Bool, Text };
const char* typeName(ValueType t);

// Interned text: rule sets compare text (setting types, primary need codes, band ids) as
// integers at run time. Ids are stable for the life of the rule set.
class StringTable {
public:
    int intern(std::string_view s);
    std::optional<int> find(std::string_view s) const;
    // The text of an id; ids from outside the table (a school the rule set does not list) read
    // as "(not listed in the rule set)".
    const std::string& text(int id) const {
        static const std::string unlisted = "(not listed in the rule set)";
        return id >= 0 && static_cast<std::size_t>(id) < strings_.size() ? strings_[static_cast<std::size_t>(id)] : unlisted;
    }
    std::size_t size() const { return strings_.size(); }

private:
    std::vector<std::string> strings_;
};

// What a name means to the compiler: its type and where its value lives at run time.
struct Symbol {
    ValueType type = ValueType::Number;
    int slot = 0;
    // For text symbols with a closed set of values (setting types, need codes, bands): the
    // allowed values, so that a literal typo is a load error rather than a silent mismatch.
    const std::vector<std::string>* allowed = nullptr;
    std::string allowedWhat;  // "setting type", "primary need code", ...
};

// A table: rows of keys and one value, looked up with lookup(name, key...).
struct Table {
    std::string name;
    std::vector<ValueType> keyTypes;
    ValueType valueType = ValueType::Number;
    std::vector<std::vector<Num>> keys;  // one row of keys per entry (text as interned ids)
    std::vector<Num> values;
    std::optional<Num> fallback;  // the `default:` value, if any
};

// Everything the compiler may ask about names. Implemented by the rule-set loader.
struct CompileEnv {
    std::function<std::optional<Symbol>(std::string_view)> global;
    // Inside an aggregate: score, level, weight (Number), area, domain (Text).
    std::function<std::optional<Symbol>(std::string_view)> perDomain;
    // level(DOMAIN) and hours("TYPE") resolve to slots.
    std::function<std::optional<int>(std::string_view)> levelSlot;
    std::function<std::optional<int>(std::string_view)> hoursSlot;
    int hoursTotalSlot = -1;
    const std::vector<Table>* tables = nullptr;
    StringTable* strings = nullptr;
    int domainCount = 0;  // aggregates need domains to range over
    // When set, a text result must be one of these (e.g. band ids for `banding.band`): every
    // text literal and table value the expression can give is checked at load.
    const std::vector<std::string>* resultTexts = nullptr;
    std::string resultWhat;  // "band"
    // For a name `global` does not know: why it cannot be used here, when it is defined but only
    // worked out later ("'top_up' is a funding line, worked out after the band is chosen, ...").
    // Nothing for a name that is not defined at all.
    std::function<std::optional<std::string>(std::string_view)> unavailable;
    // How a name or a value reads in words, for the expression's plain-English form: kind "name"
    // (a global name: "Total points", "the child's age"), "domain" (level's argument),
    // "provision" (hours' argument), "table", or a closed set's allowedWhat ("area", "setting
    // type", ...) for a text value. Nothing: the id as written.
    std::function<std::optional<std::string>(std::string_view kind, std::string_view id)> inWords;
};

struct ExprError {
    std::size_t offset = 0;  // byte offset in the expression text
    std::string message;
};

enum class OpCode : std::uint8_t {
    Const, Load, LoadLocal, Add, Sub, Mul, Div, Neg, Eq, Ne, Lt, Le, Gt, Ge, Not,
    AndJump, OrJump, JumpIfFalse, Jump, Min, Max, Abs, Floor, In, Lookup, Aggregate
};

struct Op {
    OpCode code;
    std::int32_t a = 0;  // slot, jump target, arity, table, list, or sub-program index
    std::int32_t b = 0;  // second operand (aggregate kind, filter program)
    Num k;               // constant
};

enum class AggregateKind : std::uint8_t { Sum, Max, Min, Count };

// The run-time view of one profile's values.
struct Frame {
    const Num* slots = nullptr;
    // Per-domain values for aggregates, each an array of `domainCount`: 0 score, 1 level,
    // 2 weight, 3 area id, 4 domain id.
    const Num* const* perDomain = nullptr;
    int domainCount = 0;
    const std::vector<Table>* tables = nullptr;
    const StringTable* strings = nullptr;  // to name text keys in error messages
};

// Raised by evaluation for conditions that depend on the profile: a missing table entry,
// division by zero. Banding turns it into an error decision naming the rule.
struct EvalError {
    std::string message;
};

class Expression {
public:
    // Compiles `text`; on failure returns nullopt and appends to `errors`.
    static std::optional<Expression> compile(std::string_view text, const CompileEnv& env,
                                             std::vector<ExprError>& errors);
    const std::string& text() const { return text_; }
    // What the expression does, in words: "the smaller of 12 and the total of score over the
    // domains whose area is Sensory and/or physical". Built by the compiler in the same pass.
    const std::string& words() const { return words_; }
    ValueType type() const { return type_; }
    // Evaluates; returns false and sets `err` on a run-time condition (see EvalError).
    bool evaluate(const Frame& f, Num& out, EvalError* err) const;
    // Names of global slots this expression reads (for the trace).
    const std::vector<int>& reads() const { return reads_; }
    // Every lookup(TABLE, KEY...) whose keys are each a plain name (a slot read as it is, such
    // as an input): the table's index and each key's slot. A lookup with any computed key is
    // left out. Lets a caller see which values of a name a table accepts (the generator).
    struct DirectLookup {
        int table = 0;
        std::vector<int> keySlots;
    };
    std::vector<DirectLookup> directLookups() const;

private:
    friend class ExprCompiler;
    bool run(const std::vector<Op>& code, const Frame& f, int domain, Num& out, EvalError* err) const;
    static bool small(const std::vector<Op>& code, const Frame& f, int domain, Num& out);
    std::string text_;
    std::string words_;
    ValueType type_ = ValueType::Number;
    std::vector<Op> code_;
    std::vector<std::vector<Op>> subs_;          // aggregate bodies and filters
    std::vector<std::vector<Num>> lists_;        // `in [...]` constant lists
    std::vector<int> reads_;
};

}  // namespace sendband
