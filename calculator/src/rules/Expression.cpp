#include "rules/Expression.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace sendband {

const char* typeName(ValueType t) {
    switch (t) {
        case ValueType::Number: return "a number";
        case ValueType::Bool: return "a condition (true/false)";
        case ValueType::Text: return "text";
    }
    return "?";
}

int StringTable::intern(std::string_view s) {
    if (auto f = find(s)) return *f;
    strings_.emplace_back(s);
    return static_cast<int>(strings_.size() - 1);
}

std::optional<int> StringTable::find(std::string_view s) const {
    for (std::size_t i = 0; i < strings_.size(); ++i)
        if (strings_[i] == s) return static_cast<int>(i);
    return std::nullopt;
}

namespace {

enum class Tok { End, Number, String, Ident, LParen, RParen, LBracket, RBracket, Comma,
                 Plus, Minus, Star, Slash, Eq, Ne, Lt, Le, Gt, Ge, Bad };

struct Token {
    Tok kind = Tok::End;
    std::size_t pos = 0;
    std::string text;
};

std::vector<Token> lex(std::string_view s, std::vector<ExprError>& errors) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
        Token t;
        t.pos = i;
        if (std::isdigit(static_cast<unsigned char>(c))) {
            std::size_t j = i;
            while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.' || s[j] == '_')) ++j;
            t.kind = Tok::Number;
            t.text = std::string(s.substr(i, j - i));
            i = j;
        } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t j = i;
            while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
            t.kind = Tok::Ident;
            t.text = std::string(s.substr(i, j - i));
            i = j;
        } else if (c == '"' || c == '\'') {
            std::size_t j = i + 1;
            while (j < s.size() && s[j] != c) ++j;
            if (j >= s.size()) {
                errors.push_back({i, "unterminated text: a closing " + std::string(1, c) + " is missing"});
                return {};
            }
            t.kind = Tok::String;
            t.text = std::string(s.substr(i + 1, j - i - 1));
            i = j + 1;
        } else {
            auto two = [&](char next) { return i + 1 < s.size() && s[i + 1] == next; };
            switch (c) {
                case '(': t.kind = Tok::LParen; break;
                case ')': t.kind = Tok::RParen; break;
                case '[': t.kind = Tok::LBracket; break;
                case ']': t.kind = Tok::RBracket; break;
                case ',': t.kind = Tok::Comma; break;
                case '+': t.kind = Tok::Plus; break;
                case '-': t.kind = Tok::Minus; break;
                case '*': t.kind = Tok::Star; break;
                case '/': t.kind = Tok::Slash; break;
                case '=': t.kind = two('=') ? Tok::Eq : Tok::Bad; break;
                case '!': t.kind = two('=') ? Tok::Ne : Tok::Bad; break;
                case '<': t.kind = two('=') ? Tok::Le : Tok::Lt; break;
                case '>': t.kind = two('=') ? Tok::Ge : Tok::Gt; break;
                default: t.kind = Tok::Bad; break;
            }
            if (t.kind == Tok::Bad) {
                std::string msg = "unexpected character '" + std::string(1, c) + "'";
                if (c == '=') msg += " (use == to compare)";
                errors.push_back({i, msg});
                return {};
            }
            const bool isTwo = t.kind == Tok::Eq || t.kind == Tok::Ne || t.kind == Tok::Le || t.kind == Tok::Ge;
            i += isTwo ? 2 : 1;
        }
        out.push_back(std::move(t));
    }
    Token end;
    end.kind = Tok::End;
    end.pos = s.size();
    out.push_back(end);
    return out;
}

bool isKeyword(const std::string& s) {
    static const char* kw[] = {"and", "or", "not", "if", "then", "else", "in", "where", "true", "false"};
    return std::any_of(std::begin(kw), std::end(kw), [&](const char* k) { return s == k; });
}

struct Failed {};  // unwinds the parser after the first error in one expression

}  // namespace

// Recursive-descent compiler: parses, type-checks and emits stack code in one pass.
class ExprCompiler {
public:
    ExprCompiler(std::string_view text, const CompileEnv& env, std::vector<ExprError>& errors, Expression& ex)
        : env_(env), errors_(errors), ex_(ex) {
        toks_ = lex(text, errors);
    }

    bool run() {
        if (toks_.empty()) return false;
        try {
            ValueType t = expr(ex_.code_);
            if (peek().kind != Tok::End) fail(peek().pos, "unexpected '" + describe(peek()) + "' after the end of the expression");
            ex_.type_ = t;
            if (w_.size() == 1) ex_.words_ = w_.back().text;  // one phrase per value; the fuzzer checks it is there
            if (env_.resultTexts && t == ValueType::Text) checkResults();
            for (const auto* code : allCode())
                if (maxDepth(*code) > 60) fail(0, "the expression is too complex to evaluate (it needs more than 60 working values); split it into derived values");
            std::sort(ex_.reads_.begin(), ex_.reads_.end());
            ex_.reads_.erase(std::unique(ex_.reads_.begin(), ex_.reads_.end()), ex_.reads_.end());
            return true;
        } catch (const Failed&) {
            return false;
        }
    }

private:
    using Code = std::vector<Op>;

    // Candidates for the expression's result: text literals and looked-up tables seen so far.
    // Operands of comparisons, conditions and function arguments are dropped again.
    struct Mark {
        std::size_t lits, tables;
    };
    Mark mark() const { return {resultLits_.size(), resultTables_.size()}; }
    void drop(const Mark& m) {
        resultLits_.resize(std::min(resultLits_.size(), m.lits));
        resultTables_.resize(std::min(resultTables_.size(), m.tables));
    }
    void checkResults() {
        const auto& ok = *env_.resultTexts;
        auto allowed = [&](const std::string& v) { return std::find(ok.begin(), ok.end(), v) != ok.end(); };
        std::string list;
        for (const auto& a : ok) list += (list.empty() ? "" : ", ") + a;
        for (const auto& [text, pos] : resultLits_)
            if (!allowed(text)) fail(pos, "\"" + text + "\" is not a " + env_.resultWhat + " (expected one of: " + list + ")");
        for (const auto& [table, pos] : resultTables_) {
            if (table->valueType != ValueType::Text) continue;
            for (std::size_t r = 0; r < table->values.size(); ++r) {
                const std::string& v = env_.strings->text(static_cast<int>(table->values[r].num()));
                if (!allowed(v)) fail(pos, "table '" + table->name + "' row " + std::to_string(r + 1) + " gives \"" + v + "\", which is not a " + env_.resultWhat + " (expected one of: " + list + ")");
            }
            if (table->fallback && !allowed(env_.strings->text(static_cast<int>(table->fallback->num()))))
                fail(pos, "table '" + table->name + "' default \"" + env_.strings->text(static_cast<int>(table->fallback->num())) + "\" is not a " + env_.resultWhat);
        }
    }
    std::vector<const Code*> allCode() const {
        std::vector<const Code*> out{&ex_.code_};
        for (const auto& sub : ex_.subs_) out.push_back(&sub);
        return out;
    }
    // The most values the stack machine can hold at once for `code` (jumps taken as not taken,
    // which can only over-count).
    static int maxDepth(const Code& code) {
        int d = 0, most = 0;
        for (const Op& o : code) {
            switch (o.code) {
                case OpCode::Const: case OpCode::Load: case OpCode::LoadLocal: case OpCode::Aggregate: ++d; break;
                case OpCode::Add: case OpCode::Sub: case OpCode::Mul: case OpCode::Div: case OpCode::Eq: case OpCode::Ne:
                case OpCode::Lt: case OpCode::Le: case OpCode::Gt: case OpCode::Ge: case OpCode::AndJump: case OpCode::OrJump:
                case OpCode::JumpIfFalse: --d; break;
                case OpCode::Min: case OpCode::Max: d -= o.a - 1; break;
                case OpCode::Lookup: d -= o.b - 1; break;
                default: break;
            }
            most = std::max(most, d);
        }
        return most;
    }

    const Token& peek() const { return toks_[pos_]; }
    const Token& next() { return toks_[pos_++]; }
    bool isIdent(const char* word) const { return peek().kind == Tok::Ident && peek().text == word; }
    bool accept(Tok k) {
        if (peek().kind == k) { ++pos_; return true; }
        return false;
    }
    bool acceptWord(const char* word) {
        if (isIdent(word)) { ++pos_; return true; }
        return false;
    }
    static std::string describe(const Token& t) {
        switch (t.kind) {
            case Tok::End: return "end of expression";
            case Tok::String: return "\"" + t.text + "\"";
            case Tok::LParen: return "(";
            case Tok::RParen: return ")";
            case Tok::LBracket: return "[";
            case Tok::RBracket: return "]";
            case Tok::Comma: return ",";
            case Tok::Plus: return "+";
            case Tok::Minus: return "-";
            case Tok::Star: return "*";
            case Tok::Slash: return "/";
            case Tok::Eq: return "==";
            case Tok::Ne: return "!=";
            case Tok::Lt: return "<";
            case Tok::Le: return "<=";
            case Tok::Gt: return ">";
            case Tok::Ge: return ">=";
            default: return t.text;
        }
    }
    [[noreturn]] void fail(std::size_t pos, std::string msg) {
        errors_.push_back({pos, std::move(msg)});
        throw Failed{};
    }
    void expect(Tok k, const char* what) {
        if (!accept(k)) fail(peek().pos, std::string("expected ") + what + " but found '" + describe(peek()) + "'");
    }
    void expectWord(const char* word) {
        if (!acceptWord(word)) fail(peek().pos, std::string("expected '") + word + "' but found '" + describe(peek()) + "'");
    }
    void need(ValueType got, ValueType want, std::size_t pos, const char* context) {
        if (got != want)
            fail(pos, std::string(context) + " needs " + typeName(want) + " but this is " + typeName(got));
    }
    static void emit(Code& c, OpCode op, std::int32_t a = 0, std::int32_t b = 0, Num k = Num()) {
        c.push_back(Op{op, a, b, k});
    }

    // The words of each value parsed so far, innermost last: every parse function leaves exactly
    // one phrase, as it leaves one value's code. `prec` is how tightly the phrase binds, so that
    // a looser phrase used inside a tighter one is put in brackets ("2 times (a plus b)").
    enum Prec { PIf, POr, PAnd, PNot, PCmp, PAdd, PMul, PNeg, PAtom };
    struct Phrase {
        std::string text;
        int prec = PAtom;
    };
    void say(std::string text, int prec) { w_.push_back(Phrase{std::move(text), prec}); }
    Phrase take() {
        Phrase p = std::move(w_.back());
        w_.pop_back();
        return p;
    }
    // The phrase as an operand of a `prec` phrase; `strict` also brackets an equal one (the
    // right side of minus and divided by).
    static std::string within(const Phrase& p, int prec, bool strict = false) {
        return p.prec < prec || (strict && p.prec == prec) ? "(" + p.text + ")" : p.text;
    }
    std::string inWords(std::string_view kind, const std::string& id) const {
        if (env_.inWords)
            if (auto w = env_.inWords(kind, id)) return *w;
        return id;
    }
    // A text value in words: its name where the thing compared with it is a closed set that
    // names its values ("Special school" for setting type "special"), else the quoted text.
    std::string valueWords(const std::optional<Symbol>& against, const std::string& value) const {
        if (against && against->allowed && env_.inWords)
            if (auto w = env_.inWords(against->allowedWhat, value)) return *w;
        return "\"" + value + "\"";
    }
    static std::string joinWords(const std::vector<std::string>& items, const char* last) {
        std::string out;
        for (std::size_t i = 0; i < items.size(); ++i)
            out += (i == 0 ? "" : i + 1 == items.size() ? std::string(" ") + last + " " : std::string(", ")) + items[i];
        return out;
    }

    ValueType expr(Code& c) {
        struct Depth {
            int& d;
            explicit Depth(int& x) : d(++x) {}
            ~Depth() { --d; }
        } depth(depth_);
        if (depth_ > 48) fail(peek().pos, "the expression is nested too deeply (more than 48 levels); split it into derived values");
        if (acceptWord("if")) {
            const std::size_t p = peek().pos;
            const Mark m = mark();
            need(expr(c), ValueType::Bool, p, "'if'");
            drop(m);  // values inside the condition are not results
            const std::size_t jf = c.size();
            emit(c, OpCode::JumpIfFalse);
            expectWord("then");
            const std::size_t pt = peek().pos;
            const ValueType a = expr(c);
            const std::size_t j = c.size();
            emit(c, OpCode::Jump);
            c[jf].a = static_cast<std::int32_t>(c.size());
            expectWord("else");
            const std::size_t pe = peek().pos;
            const ValueType b = expr(c);
            c[j].a = static_cast<std::int32_t>(c.size());
            if (a != b)
                fail(pe, std::string("'then' gives ") + typeName(a) + " but 'else' gives " + typeName(b) +
                             "; both branches must give the same kind of value");
            (void)pt;
            const Phrase no = take(), yes = take(), cond = take();
            say("if " + within(cond, POr) + " then " + within(yes, POr) + ", otherwise " + no.text, PIf);
            return a;
        }
        return orExpr(c);
    }

    ValueType orExpr(Code& c) {
        std::size_t p = peek().pos;
        const Mark m = mark();
        ValueType t = andExpr(c);
        while (isIdent("or")) {
            drop(m);
            need(t, ValueType::Bool, p, "'or'");
            ++pos_;
            const std::size_t j = c.size();
            emit(c, OpCode::OrJump);
            p = peek().pos;
            need(andExpr(c), ValueType::Bool, p, "'or'");
            c[j].a = static_cast<std::int32_t>(c.size());
            t = ValueType::Bool;
            const Phrase r = take(), l = take();
            say(within(l, PNot) + " or " + within(r, PNot), POr);  // "(a and b) or c": no guessing which binds first
        }
        return t;
    }

    ValueType andExpr(Code& c) {
        std::size_t p = peek().pos;
        const Mark m = mark();
        ValueType t = notExpr(c);
        while (isIdent("and")) {
            drop(m);
            need(t, ValueType::Bool, p, "'and'");
            ++pos_;
            const std::size_t j = c.size();
            emit(c, OpCode::AndJump);
            p = peek().pos;
            need(notExpr(c), ValueType::Bool, p, "'and'");
            c[j].a = static_cast<std::int32_t>(c.size());
            t = ValueType::Bool;
            const Phrase r = take(), l = take();
            say(within(l, PAnd) + " and " + within(r, PAnd), PAnd);
        }
        return t;
    }

    ValueType notExpr(Code& c) {
        if (acceptWord("not")) {
            const std::size_t p = peek().pos;
            need(notExpr(c), ValueType::Bool, p, "'not'");
            emit(c, OpCode::Not);
            say("not " + within(take(), PAtom), PNot);
            return ValueType::Bool;
        }
        return comparison(c);
    }

    // Checks a text literal against the closed set of values its counterpart allows.
    void checkAllowed(const std::optional<Symbol>& sym, const std::optional<std::string>& literal, std::size_t pos) {
        if (!sym || !literal || !sym->allowed) return;
        const auto& a = *sym->allowed;
        if (std::find(a.begin(), a.end(), *literal) != a.end()) return;
        std::string list;
        for (std::size_t i = 0; i < a.size(); ++i) list += (i ? ", " : "") + a[i];
        const bool vowel = !sym->allowedWhat.empty() && std::string_view("aeiou").find(sym->allowedWhat[0]) != std::string_view::npos;
        fail(pos, "\"" + *literal + "\" is not " + (vowel ? "an " : "a ") + sym->allowedWhat + " (expected one of: " + list + ")");
    }

    ValueType comparison(Code& c) {
        const std::size_t p = peek().pos;
        lastSymbol_.reset();
        lastLiteral_.reset();
        const Mark m = mark();
        const ValueType lt = additive(c);
        const Tok follow = peek().kind;
        if (isIdent("in") || follow == Tok::Eq || follow == Tok::Ne || follow == Tok::Lt || follow == Tok::Le || follow == Tok::Gt || follow == Tok::Ge)
            drop(m);  // compared, not given as the result
        auto leftSym = lastSymbol_;
        auto leftLit = lastLiteral_;
        const Tok k = peek().kind;
        if (isIdent("in")) {
            ++pos_;
            expect(Tok::LBracket, "'[' to start a list");
            std::vector<Num> list;
            std::vector<std::string> items;
            do {
                const Token& t = next();
                if (t.kind == Tok::String) {
                    if (lt != ValueType::Text) fail(t.pos, "the list holds text but the value tested is " + std::string(typeName(lt)));
                    checkAllowed(leftSym, t.text, t.pos);
                    list.push_back(Num(env_.strings->intern(t.text)));
                    items.push_back(valueWords(leftSym, t.text));
                } else if (t.kind == Tok::Number) {
                    if (lt != ValueType::Number) fail(t.pos, "the list holds numbers but the value tested is " + std::string(typeName(lt)));
                    auto n = Num::parse(t.text);
                    if (!n) fail(t.pos, "'" + t.text + "' is not a number");
                    list.push_back(*n);
                    items.push_back(t.text);
                } else {
                    fail(t.pos, "a list after 'in' may hold only numbers or \"text\"");
                }
            } while (accept(Tok::Comma));
            expect(Tok::RBracket, "']' to end the list");
            ex_.lists_.push_back(std::move(list));
            emit(c, OpCode::In, static_cast<std::int32_t>(ex_.lists_.size() - 1));
            const Phrase tested = take();
            say(within(tested, PAdd) + (items.size() == 1 ? " is " : " is one of ") + joinWords(items, "or"), PCmp);
            return ValueType::Bool;
        }
        OpCode op;
        switch (k) {
            case Tok::Eq: op = OpCode::Eq; break;
            case Tok::Ne: op = OpCode::Ne; break;
            case Tok::Lt: op = OpCode::Lt; break;
            case Tok::Le: op = OpCode::Le; break;
            case Tok::Gt: op = OpCode::Gt; break;
            case Tok::Ge: op = OpCode::Ge; break;
            default: return lt;
        }
        const std::size_t opPos = next().pos;
        lastSymbol_.reset();
        lastLiteral_.reset();
        const std::size_t rp = peek().pos;
        const Mark mr = mark();
        const ValueType rt = additive(c);
        drop(mr);
        if (lt != rt)
            fail(opPos, std::string("cannot compare ") + typeName(lt) + " with " + typeName(rt));
        if (lt != ValueType::Number && op != OpCode::Eq && op != OpCode::Ne)
            fail(opPos, std::string("only numbers can be ordered; ") + typeName(lt) + " can only be tested with == or !=");
        checkAllowed(leftSym, lastLiteral_, rp);
        checkAllowed(lastSymbol_, leftLit, p);
        emit(c, op);
        Phrase r = take(), l = take();
        if (lastLiteral_) r.text = valueWords(leftSym, *lastLiteral_);
        if (leftLit) l.text = valueWords(lastSymbol_, *leftLit);
        static const std::map<OpCode, const char*> verb = {{OpCode::Eq, " is "}, {OpCode::Ne, " is not "}, {OpCode::Lt, " is less than "},
                                                          {OpCode::Le, " is at most "}, {OpCode::Gt, " is more than "}, {OpCode::Ge, " is at least "}};
        say(within(l, PAdd) + verb.at(op) + within(r, PAdd), PCmp);
        return ValueType::Bool;
    }

    ValueType additive(Code& c) {
        std::size_t p = peek().pos;
        ValueType t = multiplicative(c);
        while (peek().kind == Tok::Plus || peek().kind == Tok::Minus) {
            const bool plus = next().kind == Tok::Plus;
            need(t, ValueType::Number, p, plus ? "'+'" : "'-'");
            p = peek().pos;
            need(multiplicative(c), ValueType::Number, p, plus ? "'+'" : "'-'");
            emit(c, plus ? OpCode::Add : OpCode::Sub);
            const Phrase r = take(), l = take();
            say(within(l, PAdd) + (plus ? " plus " : " minus ") + within(r, PAdd, !plus), PAdd);
        }
        return t;
    }

    ValueType multiplicative(Code& c) {
        std::size_t p = peek().pos;
        ValueType t = unary(c);
        while (peek().kind == Tok::Star || peek().kind == Tok::Slash) {
            const bool mul = next().kind == Tok::Star;
            need(t, ValueType::Number, p, mul ? "'*'" : "'/'");
            p = peek().pos;
            need(unary(c), ValueType::Number, p, mul ? "'*'" : "'/'");
            emit(c, mul ? OpCode::Mul : OpCode::Div);
            const Phrase r = take(), l = take();
            say(within(l, PMul) + (mul ? " times " : " divided by ") + within(r, PMul, !mul), PMul);
        }
        return t;
    }

    ValueType unary(Code& c) {
        if (accept(Tok::Minus)) {
            const std::size_t p = peek().pos;
            need(unary(c), ValueType::Number, p, "'-'");
            emit(c, OpCode::Neg);
            say("minus " + within(take(), PNeg), PNeg);
            return ValueType::Number;
        }
        return primary(c);
    }

    ValueType primary(Code& c) {
        const Token t = next();
        switch (t.kind) {
            case Tok::Number: {
                auto n = Num::parse(t.text);
                if (!n) fail(t.pos, "'" + t.text + "' is not a number");
                emit(c, OpCode::Const, 0, 0, *n);
                say(t.text, PAtom);
                return ValueType::Number;
            }
            case Tok::String:
                emit(c, OpCode::Const, 0, 0, Num(env_.strings->intern(t.text)));
                say("\"" + t.text + "\"", PAtom);
                lastLiteral_ = t.text;
                resultLits_.emplace_back(t.text, t.pos);
                return ValueType::Text;
            case Tok::LParen: {
                const ValueType v = expr(c);
                expect(Tok::RParen, "')'");
                lastSymbol_.reset();  // a parenthesised value is not a bare name or literal
                lastLiteral_.reset();
                return v;
            }
            case Tok::Ident: break;
            default: fail(t.pos, "expected a value but found '" + describe(t) + "'");
        }
        if (t.text == "true" || t.text == "false") {
            emit(c, OpCode::Const, 0, 0, Num(t.text == "true" ? 1 : 0));
            say(t.text, PAtom);
            return ValueType::Bool;
        }
        if (isKeyword(t.text)) fail(t.pos, "expected a value but found the word '" + t.text + "'");
        if (accept(Tok::LParen)) {
            const Mark m = mark();
            const std::size_t tablesBefore = resultTables_.size();
            const ValueType v = call(c, t);
            const bool lookedUp = resultTables_.size() > tablesBefore;
            const auto table = lookedUp ? resultTables_.back() : std::pair<const Table*, std::size_t>{};
            drop(m);  // arguments are not results; the looked-up table's values are
            if (lookedUp) resultTables_.push_back(table);
            lastSymbol_.reset();
            lastLiteral_.reset();
            return v;
        }
        if (inAggregate_ && env_.perDomain) {
            if (auto s = env_.perDomain(t.text)) {
                emit(c, OpCode::LoadLocal, s->slot);
                say(t.text, PAtom);  // score, level, weight, area, domain: read with "over the domains"
                lastSymbol_ = s;
                return s->type;
            }
        }
        auto s = env_.global ? env_.global(t.text) : std::nullopt;
        if (!s) {
            if (env_.unavailable)
                if (auto why = env_.unavailable(t.text)) fail(t.pos, *why);
            if (!inAggregate_ && env_.perDomain && env_.perDomain(t.text))
                fail(t.pos, "'" + t.text + "' means one domain's value and can only be used inside sum(), max(), min() or count()");
            fail(t.pos, "undefined name '" + t.text + "'");
        }
        emit(c, OpCode::Load, s->slot);
        ex_.reads_.push_back(s->slot);
        say(inWords("name", t.text), PAtom);
        lastSymbol_ = s;
        return s->type;
    }

    std::string nameArg(const char* fn) {
        const Token& a = next();
        if (a.kind != Tok::Ident && a.kind != Tok::String)
            fail(a.pos, std::string(fn) + "() needs a name");
        return a.text;
    }

    ValueType call(Code& c, const Token& fn) {
        const std::string& f = fn.text;
        if (f == "level") {
            const std::size_t p = peek().pos;
            const std::string d = nameArg("level");
            auto slot = env_.levelSlot ? env_.levelSlot(d) : std::nullopt;
            if (!slot) fail(p, "level() needs a domain id; '" + d + "' is not a domain");
            expect(Tok::RParen, "')'");
            emit(c, OpCode::Load, *slot);
            ex_.reads_.push_back(*slot);
            say("the level of " + inWords("domain", d), PAtom);
            return ValueType::Number;
        }
        if (f == "hours") {
            if (accept(Tok::RParen)) {
                emit(c, OpCode::Load, env_.hoursTotalSlot);
                say("the hours a week of all provision", PAtom);
                return ValueType::Number;
            }
            const std::size_t p = peek().pos;
            const std::string h = nameArg("hours");
            auto slot = env_.hoursSlot ? env_.hoursSlot(h) : std::nullopt;
            if (!slot) fail(p, "hours() needs a provision type; '" + h + "' is not one declared in provision_types");
            expect(Tok::RParen, "')'");
            emit(c, OpCode::Load, *slot);
            say("the hours a week of " + inWords("provision", h), PAtom);
            return ValueType::Number;
        }
        if (f == "lookup") return lookup(c);
        if (f == "abs" || f == "floor") {
            const std::size_t p = peek().pos;
            need(expr(c), ValueType::Number, p, (f + "()").c_str());
            expect(Tok::RParen, "')'");
            emit(c, f == "abs" ? OpCode::Abs : OpCode::Floor);
            const Phrase x = take();
            say((f == "abs" ? "the size, ignoring any minus sign, of " : "the whole number at or below ") + within(x, PAtom), PAtom);
            return ValueType::Number;
        }
        const bool isMinMax = f == "min" || f == "max";
        if (isMinMax || f == "sum" || f == "count") {
            // One argument: an aggregate over domains. Two or more: the plain min/max.
            const std::size_t save = pos_;
            const std::size_t saveCode = c.size();
            if (isMinMax) {
                int depth = 0;
                bool comma = false;
                for (std::size_t i = pos_; i < toks_.size(); ++i) {
                    const Tok k = toks_[i].kind;
                    if (k == Tok::LParen || k == Tok::LBracket) ++depth;
                    else if (k == Tok::RParen || k == Tok::RBracket) {
                        if (depth == 0) break;
                        --depth;
                    } else if (k == Tok::Comma && depth == 0) { comma = true; break; }
                }
                if (comma) {
                    int n = 0;
                    do {
                        const std::size_t p = peek().pos;
                        need(expr(c), ValueType::Number, p, (f + "()").c_str());
                        ++n;
                    } while (accept(Tok::Comma));
                    expect(Tok::RParen, "')'");
                    emit(c, f == "min" ? OpCode::Min : OpCode::Max, n);
                    std::vector<std::string> args(static_cast<std::size_t>(n));
                    for (int i = n - 1; i >= 0; --i) args[static_cast<std::size_t>(i)] = within(take(), PAtom);
                    say(std::string(f == "min" ? (n == 2 ? "the smaller of " : "the smallest of ") : (n == 2 ? "the larger of " : "the largest of ")) +
                            joinWords(args, "and"),
                        PAtom);
                    return ValueType::Number;
                }
            }
            (void)save;
            (void)saveCode;
            return aggregate(c, fn);
        }
        fail(fn.pos, "unknown function '" + f + "' (known: level, hours, lookup, min, max, sum, count, abs, floor)");
    }

    ValueType aggregate(Code& c, const Token& fn) {
        if (inAggregate_) fail(fn.pos, fn.text + "() cannot be used inside another sum(), max(), min() or count()");
        if (!env_.perDomain) fail(fn.pos, fn.text + "() over domains is not available here");
        if (env_.domainCount == 0)
            fail(fn.pos, fn.text + "() with one argument ranges over the domains, and this rule set has none (for the larger of two values write max(a, b))");
        inAggregate_ = true;
        Code body;
        const std::size_t p = peek().pos;
        const ValueType bt = expr(body);
        const bool isCount = fn.text == "count";
        need(bt, isCount ? ValueType::Bool : ValueType::Number, p, (fn.text + "()").c_str());
        if (std::none_of(body.begin(), body.end(), [](const Op& o) { return o.code == OpCode::LoadLocal; }))
            fail(p, fn.text + "() ranges over the domains, so its argument must use score, level, weight, area or domain");
        std::int32_t filter = -1;
        std::optional<Phrase> where;
        if (acceptWord("where")) {
            Code cond;
            const std::size_t cp = peek().pos;
            need(expr(cond), ValueType::Bool, cp, "'where'");
            ex_.subs_.push_back(std::move(cond));
            filter = static_cast<std::int32_t>(ex_.subs_.size() - 1);
            where = take();
        }
        const Phrase what = take();
        inAggregate_ = false;
        expect(Tok::RParen, "')'");
        ex_.subs_.push_back(std::move(body));
        const auto kind = fn.text == "sum" ? AggregateKind::Sum : fn.text == "max" ? AggregateKind::Max
                        : fn.text == "min" ? AggregateKind::Min : AggregateKind::Count;
        Op op{OpCode::Aggregate, static_cast<std::int32_t>(ex_.subs_.size() - 1), filter, Num(static_cast<int>(kind))};
        c.push_back(op);
        // "whose area is ..." reads well when the condition starts with a domain's own value.
        auto domains = [](const Phrase& cond) {
            for (const char* local : {"score ", "level ", "weight ", "area ", "domain "})
                if (cond.text.rfind(local, 0) == 0) return "the domains whose " + cond.text;
            return "the domains where " + cond.text;
        };
        // A phrase ending in a condition binds like one, so "plus" after it is bracketed off.
        const int prec = where || isCount ? PCmp : PAtom;
        const char* how = kind == AggregateKind::Sum ? "total" : kind == AggregateKind::Max ? "highest" : "lowest";
        const bool plain = what.text == "score" || what.text == "level" || what.text == "weight";
        if (isCount) say("the number of " + domains(what).substr(4) + (where ? ", counting only " + domains(*where) : ""), prec);
        else if (plain) say("the " + std::string(how) + " " + what.text + " of " + (where ? domains(*where) : "the domains"), prec);
        else say("the " + std::string(how) + " of " + what.text + " over " + (where ? domains(*where) : "the domains"), prec);
        return ValueType::Number;
    }

    ValueType lookup(Code& c) {
        const Token& name = next();
        if (name.kind != Tok::Ident && name.kind != Tok::String) fail(name.pos, "lookup() needs a table name first");
        const Table* table = nullptr;
        std::int32_t index = 0;
        if (env_.tables) {
            for (std::size_t i = 0; i < env_.tables->size(); ++i)
                if ((*env_.tables)[i].name == name.text) {
                    table = &(*env_.tables)[i];
                    index = static_cast<std::int32_t>(i);
                }
        }
        if (!table) fail(name.pos, "undefined table '" + name.text + "'");
        std::size_t n = 0;
        while (accept(Tok::Comma)) {
            const std::size_t p = peek().pos;
            const ValueType kt = expr(c);
            if (n < table->keyTypes.size() && kt != table->keyTypes[n])
                fail(p, "key " + std::to_string(n + 1) + " of table '" + table->name + "' is " +
                            typeName(table->keyTypes[n]) + " but this is " + typeName(kt));
            ++n;
        }
        if (n != table->keyTypes.size())
            fail(name.pos, "table '" + table->name + "' takes " + std::to_string(table->keyTypes.size()) +
                               " key(s) but lookup() gives " + std::to_string(n));
        expect(Tok::RParen, "')'");
        emit(c, OpCode::Lookup, index, static_cast<std::int32_t>(n));
        std::vector<std::string> keys(n);
        for (std::size_t i = n; i-- > 0;) keys[i] = within(take(), PAtom);
        say("the entry in table " + inWords("table", table->name) + " for " + joinWords(keys, "and"), PAtom);
        resultTables_.emplace_back(table, name.pos);
        return table->valueType;
    }

    const CompileEnv& env_;
    std::vector<ExprError>& errors_;
    Expression& ex_;
    std::vector<Token> toks_;
    std::size_t pos_ = 0;
    bool inAggregate_ = false;
    int depth_ = 0;
    std::vector<std::pair<std::string, std::size_t>> resultLits_;
    std::vector<std::pair<const Table*, std::size_t>> resultTables_;
    std::optional<Symbol> lastSymbol_;
    std::optional<std::string> lastLiteral_;
    std::vector<Phrase> w_;
};

std::optional<Expression> Expression::compile(std::string_view text, const CompileEnv& env,
                                              std::vector<ExprError>& errors) {
    Expression ex;
    ex.text_ = std::string(text);
    ExprCompiler comp(text, env, errors, ex);
    if (!comp.run()) return std::nullopt;
    return ex;
}

namespace {
std::string keyText(const Num& k, ValueType t, const Frame& f) {
    if (t == ValueType::Text && f.strings && k.isInteger() && k.num() >= 0 &&
        static_cast<std::size_t>(k.num()) < f.strings->size())
        return "\"" + f.strings->text(static_cast<int>(k.num())) + "\"";
    return k.toString();
}
}  // namespace

// Aggregate bodies and filters are usually one per-domain value, or one comparison of it with
// a constant (`score`, `area == "x"`, `level >= 3`). Those are evaluated here directly; the
// answer is identical to the stack machine's, only cheaper. Returns false if not such a shape.
bool Expression::small(const std::vector<Op>& code, const Frame& f, int d, Num& out) {
    if (code.size() == 1 && code[0].code == OpCode::LoadLocal) {
        out = f.perDomain[code[0].a][d];
        return true;
    }
    if (code.size() != 3 || code[0].code != OpCode::LoadLocal || code[1].code != OpCode::Const) return false;
    const Num& x = f.perDomain[code[0].a][d];
    const Num& k = code[1].k;
    bool r;
    switch (code[2].code) {
        case OpCode::Eq: r = x == k; break;
        case OpCode::Ne: r = x != k; break;
        case OpCode::Lt: r = x < k; break;
        case OpCode::Le: r = x <= k; break;
        case OpCode::Gt: r = x > k; break;
        case OpCode::Ge: r = x >= k; break;
        default: return false;
    }
    out = Num(r ? 1 : 0);
    return true;
}

bool Expression::run(const std::vector<Op>& code, const Frame& f, int domain, Num& out, EvalError* err) const {
    // Uninitialised on purpose: every slot is written before it is read, and constructing 64
    // values per evaluation would cost more than the evaluation itself.
    union Stack {
        Stack() {}
        Num v[64];
    } storage;
    Num* stack = storage.v;
    int sp = 0;
    const std::size_t n = code.size();
    for (std::size_t pc = 0; pc < n; ++pc) {
        const Op& op = code[pc];
        switch (op.code) {
            case OpCode::Const: stack[sp++] = op.k; break;
            case OpCode::Load: stack[sp++] = f.slots[op.a]; break;
            case OpCode::LoadLocal: stack[sp++] = f.perDomain[op.a][domain]; break;
            case OpCode::Add: --sp; stack[sp - 1] = stack[sp - 1] + stack[sp]; break;
            case OpCode::Sub: --sp; stack[sp - 1] = stack[sp - 1] - stack[sp]; break;
            case OpCode::Mul: --sp; stack[sp - 1] = stack[sp - 1] * stack[sp]; break;
            case OpCode::Div:
                --sp;
                if (stack[sp] == Num(0)) {
                    if (err) err->message = "division by zero in '" + text_ + "'";
                    return false;
                }
                stack[sp - 1] = stack[sp - 1] / stack[sp];
                break;
            case OpCode::Neg: stack[sp - 1] = -stack[sp - 1]; break;
            case OpCode::Eq: --sp; stack[sp - 1] = Num(stack[sp - 1] == stack[sp] ? 1 : 0); break;
            case OpCode::Ne: --sp; stack[sp - 1] = Num(stack[sp - 1] != stack[sp] ? 1 : 0); break;
            case OpCode::Lt: --sp; stack[sp - 1] = Num(stack[sp - 1] < stack[sp] ? 1 : 0); break;
            case OpCode::Le: --sp; stack[sp - 1] = Num(stack[sp - 1] <= stack[sp] ? 1 : 0); break;
            case OpCode::Gt: --sp; stack[sp - 1] = Num(stack[sp - 1] > stack[sp] ? 1 : 0); break;
            case OpCode::Ge: --sp; stack[sp - 1] = Num(stack[sp - 1] >= stack[sp] ? 1 : 0); break;
            case OpCode::Not: stack[sp - 1] = Num(stack[sp - 1] == Num(0) ? 1 : 0); break;
            case OpCode::AndJump:
                if (stack[sp - 1] == Num(0)) pc = static_cast<std::size_t>(op.a) - 1;
                else --sp;
                break;
            case OpCode::OrJump:
                if (stack[sp - 1] != Num(0)) pc = static_cast<std::size_t>(op.a) - 1;
                else --sp;
                break;
            case OpCode::JumpIfFalse:
                --sp;
                if (stack[sp] == Num(0)) pc = static_cast<std::size_t>(op.a) - 1;
                break;
            case OpCode::Jump: pc = static_cast<std::size_t>(op.a) - 1; break;
            case OpCode::Min:
            case OpCode::Max: {
                const int k = op.a;
                Num best = stack[sp - k];
                for (int i = sp - k + 1; i < sp; ++i)
                    if (op.code == OpCode::Min ? stack[i] < best : stack[i] > best) best = stack[i];
                sp -= k;
                stack[sp++] = best;
                break;
            }
            case OpCode::Abs: if (stack[sp - 1] < Num(0)) stack[sp - 1] = -stack[sp - 1]; break;
            case OpCode::Floor: stack[sp - 1] = Num(stack[sp - 1].floor()); break;
            case OpCode::In: {
                const auto& list = lists_[static_cast<std::size_t>(op.a)];
                const Num v = stack[sp - 1];
                bool found = false;
                for (const Num& x : list) found = found || x == v;
                stack[sp - 1] = Num(found ? 1 : 0);
                break;
            }
            case OpCode::Lookup: {
                const Table& t = (*f.tables)[static_cast<std::size_t>(op.a)];
                const int k = op.b;
                const Num* keys = &stack[sp - k];
                bool hit = false;
                for (std::size_t r = 0; r < t.keys.size() && !hit; ++r) {
                    bool match = true;
                    for (int j = 0; j < k && match; ++j) match = t.keys[r][static_cast<std::size_t>(j)] == keys[j];
                    if (match) {
                        sp -= k;
                        stack[sp++] = t.values[r];
                        hit = true;
                    }
                }
                if (!hit) {
                    if (t.fallback) {
                        sp -= k;
                        stack[sp++] = *t.fallback;
                    } else {
                        if (err) {
                            err->message = "table '" + t.name + "' has no entry for (";
                            for (int j = 0; j < k; ++j) err->message += (j ? ", " : "") + keyText(keys[j], t.keyTypes[static_cast<std::size_t>(j)], f);
                            err->message += ")";
                        }
                        return false;
                    }
                }
                break;
            }
            case OpCode::Aggregate: {
                const auto kind = static_cast<AggregateKind>(op.k.num());
                const auto& body = subs_[static_cast<std::size_t>(op.a)];
                Num acc(0);
                bool any = false;
                for (int d = 0; d < f.domainCount; ++d) {
                    if (op.b >= 0) {
                        Num keep;
                        const auto& filter = subs_[static_cast<std::size_t>(op.b)];
                        if (!small(filter, f, d, keep) && !run(filter, f, d, keep, err)) return false;
                        if (keep == Num(0)) continue;
                    }
                    Num v;
                    if (!small(body, f, d, v) && !run(body, f, d, v, err)) return false;
                    switch (kind) {
                        case AggregateKind::Sum: acc += v; break;
                        case AggregateKind::Count: if (v != Num(0)) acc += Num(1); break;
                        case AggregateKind::Max: if (!any || v > acc) acc = v; break;
                        case AggregateKind::Min: if (!any || v < acc) acc = v; break;
                    }
                    any = true;
                }
                stack[sp++] = acc;
                break;
            }
        }
        if (sp >= 63) {
            if (err) err->message = "expression too deeply nested: '" + text_ + "'";
            return false;
        }
    }
    out = stack[sp - 1];
    return true;
}

std::vector<Expression::DirectLookup> Expression::directLookups() const {
    std::vector<DirectLookup> out;
    auto scan = [&out](const std::vector<Op>& code) {
        // A key is a plain name when it compiles to one Load. The n ops before a Lookup are its
        // n keys only if no jump lands inside them (the end of an `if`, `and` or `or` would).
        std::vector<bool> target(code.size() + 1, false);
        for (const Op& o : code)
            if (o.code == OpCode::Jump || o.code == OpCode::JumpIfFalse || o.code == OpCode::AndJump || o.code == OpCode::OrJump)
                target[static_cast<std::size_t>(o.a)] = true;
        for (std::size_t i = 0; i < code.size(); ++i) {
            if (code[i].code != OpCode::Lookup) continue;
            const auto n = static_cast<std::size_t>(code[i].b);
            if (n == 0 || n > i) continue;
            DirectLookup d{code[i].a, {}};
            bool plain = true;
            for (std::size_t k = i - n; k < i && plain; ++k) {
                plain = code[k].code == OpCode::Load && !(k > i - n && target[k]);
                d.keySlots.push_back(code[k].a);
            }
            if (plain && !target[i]) out.push_back(std::move(d));
        }
    };
    scan(code_);
    for (const auto& sub : subs_) scan(sub);
    return out;
}

bool Expression::evaluate(const Frame& f, Num& out, EvalError* err) const {
    // Most expressions in real rule sets are a single name or number; skip the machine for them.
    if (code_.size() == 1 && code_[0].code == OpCode::Load) {
        out = f.slots[code_[0].a];
        return true;
    }
    if (code_.size() == 1 && code_[0].code == OpCode::Const) {
        out = code_[0].k;
        return true;
    }
    try {
        return run(code_, f, 0, out, err);
    } catch (const std::exception& e) {
        if (err) err->message = std::string(e.what()) + " in '" + text_ + "'";
        return false;
    }
}

}  // namespace sendband
