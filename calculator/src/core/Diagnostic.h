// Diagnostic: one problem found in an input file, with where it is and what was expected.
#pragma once
#include <string>
#include <vector>

namespace sendband {

struct Diagnostic {
    std::string file;
    int line = 0;    // 1-based; 0 when the problem is with the whole file
    int column = 0;  // 1-based
    std::string message;

    // "FILE:LINE:COLUMN: error: MESSAGE", the form compilers use, so editors can jump to it.
    std::string format() const;
};

std::string formatAll(const std::vector<Diagnostic>& ds);

}  // namespace sendband
