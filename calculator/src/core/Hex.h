// Hex: bytes as lower-case hexadecimal and back, for digests, keys and signatures. Upper case is
// never written, so it is not accepted either: one spelling per value.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sendband {

std::string toHex(const unsigned char* bytes, std::size_t n);
// The bytes `hex` spells, or nullopt when it is not an even number of lower-case hex digits.
std::optional<std::string> fromHex(std::string_view hex);
// True when `s` is exactly `n` lower-case hex digits.
bool isLowerHex(std::string_view s, std::size_t n);
// 0-15 for '0'-'9' and 'a'-'f'; -1 otherwise.
int hexDigit(char c);

}  // namespace sendband
