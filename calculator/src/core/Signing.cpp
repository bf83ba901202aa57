#include "core/Signing.h"

#include "core/Hex.h"
#include "core/Sha256.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <vector>

namespace sendband {

namespace {

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

EVP_PKEY* pkey(const std::shared_ptr<void>& k) { return static_cast<EVP_PKEY*>(k.get()); }

std::string bioText(BIO* b) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(b, &data);
    return std::string(data, static_cast<std::size_t>(n));
}

}  // namespace

void Ed25519Key::Free::operator()(void* p) const { EVP_PKEY_free(static_cast<EVP_PKEY*>(p)); }

Ed25519Key Ed25519Key::adopt(void* evpPkey) {
    auto* k = static_cast<EVP_PKEY*>(evpPkey);
    if (!k) throw SigningError("no key");
    Ed25519Key out;
    out.key_ = std::shared_ptr<void>(k, Free{});
    if (EVP_PKEY_get_base_id(k) != EVP_PKEY_ED25519) throw SigningError("the key is not an Ed25519 key");
    unsigned char raw[32];
    std::size_t len = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(k, raw, &len) != 1 || len != sizeof raw) throw SigningError("cannot read the public key");
    out.publicRaw_.assign(reinterpret_cast<const char*>(raw), len);
    out.publicHex_ = toHex(raw, len);
    unsigned char priv[32];
    std::size_t plen = sizeof priv;
    out.private_ = EVP_PKEY_get_raw_private_key(k, priv, &plen) == 1;
    OPENSSL_cleanse(priv, sizeof priv);
    ERR_clear_error();
    return out;
}

Ed25519Key Ed25519Key::fromPem(std::string_view pem) {
    if (pem.find("-----BEGIN") == std::string_view::npos) throw SigningError("not a PEM key (expected a line \"-----BEGIN PRIVATE KEY-----\" or \"-----BEGIN PUBLIC KEY-----\")");
    const bool isPrivate = pem.find("PRIVATE KEY-----") != std::string_view::npos;
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
    if (!bio) throw SigningError("out of memory reading the key");
    EVP_PKEY* k = isPrivate ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                            : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
    ERR_clear_error();
    if (!k) throw SigningError(isPrivate ? "the private key cannot be read (damaged, or protected by a passphrase, which is not supported)"
                                         : "the public key cannot be read (damaged PEM)");
    if (EVP_PKEY_get_base_id(k) != EVP_PKEY_ED25519) {
        EVP_PKEY_free(k);
        throw SigningError("the key is not an Ed25519 key (make one with `sendband audit keygen`)");
    }
    return adopt(k);
}

std::string Ed25519Key::keyId() const { return sha256Hex(publicRaw_).substr(0, 16); }

std::string Ed25519Key::privatePem() const {
    if (!private_) throw SigningError("only the public key is held");
    Bio bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), pkey(key_), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        throw SigningError("cannot write the private key");
    return bioText(bio.get());
}

std::string Ed25519Key::publicPem() const {
    Bio bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), pkey(key_)) != 1) throw SigningError("cannot write the public key");
    return bioText(bio.get());
}

std::string Ed25519Key::sign(std::string_view message) const {
    if (!private_) throw SigningError("only the public key is held: signing needs the private key");
    MdCtx ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    unsigned char sig[64];
    std::size_t len = sizeof sig;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey(key_)) != 1 ||
        EVP_DigestSign(ctx.get(), sig, &len, reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 || len != 64) {
        ERR_clear_error();
        throw SigningError("signing failed");
    }
    return toHex(sig, len);
}

bool Ed25519Key::verify(std::string_view message, std::string_view signatureHex) const {
    const auto sig = signatureHex.size() == 128 ? fromHex(signatureHex) : std::nullopt;
    if (!sig) return false;
    MdCtx ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    const bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey(key_)) == 1 &&
                    EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig->data()), sig->size(), reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
    ERR_clear_error();
    return ok;
}

}  // namespace sendband
