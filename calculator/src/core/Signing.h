// Signing: Ed25519 keys, signatures and their checks (OpenSSL's libcrypto), for the audit log's
// anchors. Keys are read from PEM text (PKCS#8 private keys, SubjectPublicKeyInfo public keys,
// as `openssl genpkey -algorithm ed25519` writes them); making a key needs the system's random
// source and so lives at the command line's edge (cli/), not here.
#pragma once
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sendband {

struct SigningError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Ed25519Key {
public:
    // From PEM text: a private key (which can also check) or a public key (which can only
    // check). Throws SigningError saying what the text is instead ("not a PEM key", "an RSA
    // key, not Ed25519").
    static Ed25519Key fromPem(std::string_view pem);
    // Takes ownership of an OpenSSL EVP_PKEY* (from key generation); must be Ed25519.
    static Ed25519Key adopt(void* evpPkey);

    bool canSign() const { return private_; }
    // The 32-byte public key, as 64 lower-case hex digits.
    const std::string& publicHex() const { return publicHex_; }
    // A short name for the key: the first 16 hex digits of SHA-256 over the raw public key.
    std::string keyId() const;
    std::string privatePem() const;  // throws unless canSign()
    std::string publicPem() const;

    // The signature of `message` (64 bytes, as 128 hex digits). Throws unless canSign().
    std::string sign(std::string_view message) const;
    // True when `signatureHex` is this key's signature of `message`.
    bool verify(std::string_view message, std::string_view signatureHex) const;

private:
    struct Free {
        void operator()(void* p) const;
    };
    std::shared_ptr<void> key_;
    bool private_ = false;
    std::string publicRaw_;  // the 32 bytes
    std::string publicHex_;
};

}  // namespace sendband
