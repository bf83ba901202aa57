// SHA-256 digests (OpenSSL's libcrypto) for rule-set identity and the audit chain.
#pragma once
#include <string>
#include <string_view>

namespace sendband {
// Lower-case hex digest of `data`.
std::string sha256Hex(std::string_view data);
}  // namespace sendband
