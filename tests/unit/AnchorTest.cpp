// Ed25519 signing (core/Signing) against RFC 8032's first test vector, and the anchor line's
// format (workflows/Anchors): what is signed, what is read back, what is refused.
#include "core/Signing.h"
#include "workflows/Anchors.h"

#include <catch2/catch.hpp>

#include <string>

using namespace sendband;

namespace {

// RFC 8032, section 7.1, TEST 1: the secret key 9d61b1...7f60 as PKCS#8, and its public key.
const char* kRfcPrivate = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n-----END PRIVATE KEY-----\n";
const char* kRfcPublic = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n";
const char* kRfcSignatureOfEmpty =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

std::string signingError(const std::string& pem) {
    try {
        Ed25519Key::fromPem(pem);
    } catch (const SigningError& e) {
        return e.what();
    }
    return "(read)";
}

}  // namespace

TEST_CASE("an Ed25519 key signs as RFC 8032 says, and its public half checks but cannot sign") {
    const auto key = Ed25519Key::fromPem(kRfcPrivate);
    CHECK(key.canSign());
    CHECK(key.publicHex() == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    CHECK(key.keyId() == "21fe31dfa154a261");  // SHA-256 of the raw public key, first 16 digits
    CHECK(key.sign("") == kRfcSignatureOfEmpty);
    CHECK(key.publicPem() == kRfcPublic);

    const auto pub = Ed25519Key::fromPem(kRfcPublic);
    CHECK_FALSE(pub.canSign());
    CHECK(pub.keyId() == "21fe31dfa154a261");
    CHECK(pub.verify("", kRfcSignatureOfEmpty));
    CHECK_FALSE(pub.verify("x", kRfcSignatureOfEmpty));
    std::string flipped = kRfcSignatureOfEmpty;
    flipped[10] = flipped[10] == '0' ? '1' : '0';
    CHECK_FALSE(pub.verify("", flipped));
    CHECK_FALSE(pub.verify("", std::string(kRfcSignatureOfEmpty).substr(2)));  // too short
    CHECK_THROWS_WITH(pub.sign("x"), "only the public key is held: signing needs the private key");
}

TEST_CASE("a key that is not an Ed25519 PEM key is refused saying what it is") {
    CHECK(signingError("just text") ==
          "not a PEM key (expected a line \"-----BEGIN PRIVATE KEY-----\" or \"-----BEGIN PUBLIC KEY-----\")");
    CHECK(signingError("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEwHLlxv7zyQIcYEmR+t5bCHdrXnhr\n"
                       "9XKUa7Qlg1CUVIuCur3ebhQkroyYdyykNTzr4DpPWM0VEd+lWtlMa80uPA==\n-----END PUBLIC KEY-----\n") ==
          "the key is not an Ed25519 key (make one with `sendband audit keygen`)");  // a P-256 key
    CHECK(signingError("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1h\n-----END PRIVATE KEY-----\n") ==
          "the private key cannot be read (damaged, or protected by a passphrase, which is not supported)");
}

TEST_CASE("an anchor line signs every field before sig= and reads back whole") {
    Anchor a;
    a.log = std::string(64, 'a');
    a.seq = 42;
    a.count = 42;
    a.hash = std::string(64, 'b');
    a.at = "2026-12-03T17:00:00Z";
    a.by = "Jo 100% Bloggs";
    const auto key = Ed25519Key::fromPem(kRfcPrivate);
    a.key = key.keyId();
    a.signature = key.sign(a.statement());
    CHECK(a.statement() == "sendband-anchor 1 log=" + std::string(64, 'a') + " seq=42 count=42 hash=" + std::string(64, 'b') +
                               " at=2026-12-03T17:00:00Z key=21fe31dfa154a261 by=Jo%20100%25%20Bloggs");
    std::string why;
    const auto back = Anchor::parse(a.line(), why);
    REQUIRE(back);
    CHECK(why.empty());
    CHECK(back->line() == a.line());
    CHECK(back->by == "Jo 100% Bloggs");
    CHECK(key.verify(back->statement(), back->signature));
}

TEST_CASE("a line that is not a whole anchor is refused saying which field is wrong") {
    const std::string good = "sendband-anchor 1 log=" + std::string(64, 'a') + " seq=4 count=4 hash=" + std::string(64, 'b') +
                             " at=T key=21fe31dfa154a261 by=X sig=" + std::string(128, 'c');
    auto why = [](const std::string& line) {
        std::string w;
        CHECK_FALSE(Anchor::parse(line, w));
        return w;
    };
    std::string w;
    CHECK(Anchor::parse(good, w));
    CHECK(why("sendband-anchor 2 log=") == "not an anchor (expected a line starting \"sendband-anchor 1\")");
    CHECK(why(good.substr(0, good.find(" sig="))) == "expected \"sig=\" as field 8 of the anchor");
    CHECK(why(good + " extra") == "text after the signature");
    std::string zero = good;
    zero.replace(zero.find("seq=4"), 5, "seq=0");
    CHECK(why(zero) == "seq= must be a whole number from 1");
    std::string upper = good;
    upper.replace(upper.find("hash=") + 5, 1, "B");
    CHECK(why(upper) == "hash= must be 64 hex digits");
    std::string escape = good;
    escape.replace(escape.find("by=X"), 4, "by=X%2");
    CHECK(why(escape) == "by= holds a broken %-escape");
}
