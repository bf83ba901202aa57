#include "core/Diagnostic.h"

namespace sendband {

std::string Diagnostic::format() const {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
    return out + ": error: " + message;
}

std::string formatAll(const std::vector<Diagnostic>& ds) {
    std::string out;
    for (const auto& d : ds) out += d.format() + "\n";
    return out;
}

}  // namespace sendband
