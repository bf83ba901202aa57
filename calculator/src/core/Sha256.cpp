#include "core/Sha256.h"

#include "core/Hex.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace sendband {

std::string sha256Hex(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 digest failed");
    return toHex(md, len);
}

}  // namespace sendband
