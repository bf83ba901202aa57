// jsonText: a string as a JSON string literal, for JSON built by hand on hot paths.
#pragma once
#include <string>
#include <string_view>

namespace sendband {

inline std::string jsonText(std::string_view v) {
    static const char* hex = "0123456789abcdef";
    std::string out = "\"";
    for (unsigned char c : v) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

}  // namespace sendband
