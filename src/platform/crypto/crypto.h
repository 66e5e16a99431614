// Cryptography for X8, on libsodium (passwords, secret boxes, randomness) and OpenSSL (HMAC, SHA-2,
// RS256). Nothing here logs; callers must not log what goes in or comes out either.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace x8::crypto {

// Initialises libsodium (idempotent, thread-safe). Call it at start-up to fail early; every other
// function also initialises on first use. Fails only when libsodium cannot initialise.
Status Init();

// ---- randomness ----
std::string RandomBytes(size_t n);    // raw bytes from the CSPRNG
std::string RandomToken(size_t n);    // n random bytes as unpadded base64url (for links and refresh tokens)
std::string RandomDigits(int count);  // uniformly random decimal digits, e.g. a 6-digit 2FA code

// ---- encodings ----
std::string Base64UrlEncode(std::string_view bytes);         // unpadded
Result<std::string> Base64UrlDecode(std::string_view text);  // accepts padded and unpadded
std::string HexEncode(std::string_view bytes);

// ---- hashing and MACs ----
std::string Sha256(std::string_view data);  // raw 32 bytes
std::string Sha256Hex(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string HmacSha1(std::string_view key, std::string_view data);    // raw 20 bytes
std::string HmacSha512(std::string_view key, std::string_view data);  // raw 64 bytes
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// ---- passwords (argon2id, libsodium's crypto_pwhash_str, interactive limits) ----
// The result is the self-describing "$argon2id$v=19$m=…,t=…,p=…$salt$hash" string.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view password, std::string_view stored_hash);
// True when the stored hash used weaker parameters than today's: rehash at the next login.
bool PasswordNeedsRehash(std::string_view stored_hash);

// ---- secrets at rest (XChaCha20-Poly1305, libsodium secretbox_easy-style AEAD) ----
// A 32-byte key from configuration (base64url in X8_SECURITY_MASTER_KEY). Sealed text is
// "v1." + base64url(nonce || ciphertext); `associated` (e.g. "tenant:acc_1/telegram.token") binds the
// ciphertext to its place so it cannot be moved to another row.
class SecretBox {
 public:
  static Result<SecretBox> FromKey(std::string_view key_bytes);  // exactly 32 bytes
  static Result<SecretBox> FromBase64Url(std::string_view key_text);
  std::string Seal(std::string_view plaintext, std::string_view associated = {}) const;
  Result<std::string> Open(std::string_view sealed, std::string_view associated = {}) const;

 private:
  explicit SecretBox(std::string key) : key_(std::move(key)) {}
  std::string key_;
};
// For display after saving: "sk_live_…4242" style — first 3 and last 4 characters at most, never more
// than a quarter of the secret.
std::string MaskSecret(std::string_view secret);

// ---- the master key ----
// The 32 raw bytes of the master key: from `key_base64url` (security.master_key) when set, else from
// `key_file` (base64url text). When neither exists and `create_if_missing` (development), a fresh key
// is written to `key_file` with mode 0600, parent directories created. Otherwise kFailedPrecondition.
// A key that does not decode to exactly 32 bytes is kInvalidArgument.
Result<std::string> LoadMasterKey(const std::string& key_base64url, const std::string& key_file,
                                  bool create_if_missing);
// A purpose-bound subkey, so one master key never serves two uses directly:
// HMAC-SHA256(master, purpose), e.g. DeriveKey(master, "x8/jwt/v1").
std::string DeriveKey(std::string_view master, std::string_view purpose);

// ---- JSON Web Tokens ----
// HS256 sign/verify for X8's own access tokens. Verify checks the signature in constant time, the
// header's alg == "HS256", and exp/nbf/iat against now_unix (with leeway_seconds); returns the claims.
// Every failure is kUnauthenticated with details.reason: "malformed", "algorithm", "signature",
// "expired", "not_yet_valid", "issued_in_future", "unknown_kid" (RS256: refresh the JWKS and retry).
// A token without "exp" is refused.
std::string SignJwtHs256(const boost::json::object& claims, std::string_view key);
Result<boost::json::object> VerifyJwtHs256(std::string_view token, std::string_view key, int64_t now_unix,
                                           int64_t leeway_seconds = 30);

// RS256 verification against a JWKS document (e.g. Google's certs): picks the key by the header's
// "kid", checks alg == "RS256", the signature, exp/nbf/iat; the caller checks iss, aud and nonce.
Result<boost::json::object> VerifyJwtRs256(std::string_view token, const boost::json::object& jwks,
                                           int64_t now_unix, int64_t leeway_seconds = 60);
// RS256 signing with a PEM private key: used by emulators (Google) and tests, never by the product.
Result<std::string> SignJwtRs256(const boost::json::object& header, const boost::json::object& claims,
                                 std::string_view private_key_pem);
// The public JWK ({"kty":"RSA","n","e","kid","alg":"RS256","use":"sig"}) of a PEM private key.
Result<boost::json::object> PublicJwkFromPrivatePem(std::string_view private_key_pem, std::string_view kid);
// A fresh 2048-bit RSA private key as PEM (emulators and tests).
Result<std::string> GenerateRsaPrivateKeyPem();

}  // namespace x8::crypto
