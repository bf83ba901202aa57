#include "reports/TextTable.h"

#include "core/Money.h"

#include <algorithm>
#include <string_view>

namespace sendband {

namespace {

std::string pad(std::string s, std::size_t w, bool right) {
    if (s.size() >= w) return s;
    const std::string fill(w - s.size(), ' ');
    return right ? fill + s : s + fill;
}

// Display width in characters (UTF-8 continuation bytes take no room), for names in tables.
std::size_t width(std::string_view s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::string padText(const std::string& s, std::size_t w) { return s + std::string(w > width(s) ? w - width(s) : 0, ' '); }

}  // namespace

std::string textTable(const std::vector<std::vector<std::string>>& rows, std::size_t leftColumns) {
    std::vector<std::size_t> w;
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (w.size() <= c) w.push_back(0);
            w[c] = std::max(w[c], width(row[c]));
        }
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (c) line += "  ";
            line += c < leftColumns ? padText(row[c], w[c]) : pad(row[c], w[c] + row[c].size() - width(row[c]), true);
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    return out;
}

std::string formatPence(std::int64_t pence) { return Money::fromPence(pence).format(); }

std::string formatChange(std::int64_t pence) { return (pence > 0 ? "+" : "") + Money::fromPence(pence).format(); }

}  // namespace sendband
