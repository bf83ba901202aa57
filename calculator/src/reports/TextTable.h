// TextTable: the plain-text tables and money texts of the reports the CLI prints.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sendband {

// A plain text table: the first `leftColumns` columns left-aligned, the rest right-aligned,
// columns two spaces apart, widths in characters (a UTF-8 name takes its letters' room).
std::string textTable(const std::vector<std::vector<std::string>>& rows, std::size_t leftColumns);

// "1,234.50", and "+1,234.50" / "-1,234.50" for a change.
std::string formatPence(std::int64_t pence);
std::string formatChange(std::int64_t pence);

}  // namespace sendband
