// XlsxExport: the caseload export as an .xlsx workbook (libxlsxwriter): the caseload sheet and the
// band x setting and by-need totals sheets, money as numbers in a pounds format.
#pragma once
#include "store/CaseloadStore.h"

#include <cstddef>
#include <string>

namespace sendband {

// Writes the workbook to `path`; returns an error text or empty, and counts the plans in `rows`.
// Only when built with libxlsxwriter (xlsxAvailable()).
std::string writeXlsx(CaseloadStore& store, const std::string& path, bool identifiable, std::size_t& rows);

}  // namespace sendband
