#include "platform/crypto/crypto.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

namespace x8::crypto {
namespace {

constexpr std::string_view kSealedPrefix = "v1.";
constexpr size_t kKeyBytes = 32;
constexpr int kMinRsaBits = 2048;

void EnsureInit() {
  static const bool initialised = sodium_init() >= 0;
  if (!initialised) std::abort();  // no entropy source: nothing secure can run
}

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

struct OpenSslDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
template <class T>
using OsslPtr = std::unique_ptr<T, OpenSslDeleter>;

std::string Hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_len = 0;
  // A null key pointer with length 0 means "no key" to OpenSSL; an empty key is still a valid key.
  static const unsigned char kEmpty = 0;
  const unsigned char* key_ptr = key.empty() ? &kEmpty : Bytes(key);
  if (HMAC(md, key_ptr, static_cast<int>(key.size()), Bytes(data), data.size(), out, &out_len) == nullptr) {
    std::abort();  // only fails on allocation failure
  }
  return {reinterpret_cast<char*>(out), out_len};
}

// ---- JWT plumbing ----

Error TokenError(std::string_view reason, std::string message) {
  return Error(ErrorCode::kUnauthenticated, std::move(message)).With("reason", reason);
}

struct JwtParts {
  std::string_view header_b64;
  std::string_view payload_b64;
  std::string_view signing_input;  // "header.payload"
  boost::json::object header;
  std::string signature;
};

bool IsBase64UrlText(std::string_view text) {
  for (char c : text) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  }
  return !text.empty();
}

Result<boost::json::object> DecodeJsonObject(std::string_view b64, std::string_view what) {
  auto bytes = Base64UrlDecode(b64);
  if (!bytes) return TokenError("malformed", std::string(what) + " is not base64url");
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(*bytes, ec);
  if (ec || !value.is_object()) return TokenError("malformed", std::string(what) + " is not a JSON object");
  return std::move(value.as_object());
}

// Splits and decodes a compact JWS; checks the header's alg before anything else is trusted.
Result<JwtParts> ParseJwt(std::string_view token, std::string_view expected_alg) {
  size_t first = token.find('.');
  size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return TokenError("malformed", "token must have three parts");
  }
  JwtParts parts;
  parts.header_b64 = token.substr(0, first);
  parts.payload_b64 = token.substr(first + 1, second - first - 1);
  std::string_view signature_b64 = token.substr(second + 1);
  if (!IsBase64UrlText(parts.header_b64) || !IsBase64UrlText(parts.payload_b64) ||
      !IsBase64UrlText(signature_b64)) {
    return TokenError("malformed", "token parts must be unpadded base64url");
  }
  parts.signing_input = token.substr(0, second);
  X8_TRY(parts.header, DecodeJsonObject(parts.header_b64, "header"));
  const auto* alg = parts.header.if_contains("alg");
  if (alg == nullptr || !alg->is_string()) return TokenError("malformed", "header has no alg");
  if (alg->as_string() != expected_alg) {
    return TokenError("algorithm", "token algorithm must be " + std::string(expected_alg));
  }
  // RFC 7515 §4.1.11: extensions we do not understand must not be ignored.
  if (parts.header.contains("crit")) return TokenError("malformed", "critical header extensions unsupported");
  auto signature = Base64UrlDecode(signature_b64);
  if (!signature) return TokenError("malformed", "signature is not base64url");
  parts.signature = std::move(*signature);
  return parts;
}

Result<int64_t> NumericDate(const boost::json::object& claims, std::string_view name) {
  const auto& value = claims.at(name);
  if (value.is_int64()) return value.as_int64();
  if (value.is_uint64() && value.as_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return static_cast<int64_t>(value.as_uint64());
  }
  if (value.is_double() && std::isfinite(value.as_double()) && std::abs(value.as_double()) < 1e15) {
    return static_cast<int64_t>(std::floor(value.as_double()));
  }
  return TokenError("malformed", "claim " + std::string(name) + " must be a number");
}

Result<boost::json::object> CheckClaims(std::string_view payload_b64, int64_t now_unix, int64_t leeway) {
  X8_TRY(auto claims, DecodeJsonObject(payload_b64, "payload"));
  if (!claims.contains("exp")) return TokenError("malformed", "token has no exp");
  X8_TRY(int64_t exp, NumericDate(claims, "exp"));
  if (now_unix >= exp + leeway) return TokenError("expired", "token expired");
  if (claims.contains("nbf")) {
    X8_TRY(int64_t nbf, NumericDate(claims, "nbf"));
    if (now_unix + leeway < nbf) return TokenError("not_yet_valid", "token not valid yet");
  }
  if (claims.contains("iat")) {
    X8_TRY(int64_t iat, NumericDate(claims, "iat"));
    if (now_unix + leeway < iat) return TokenError("issued_in_future", "token issued in the future");
  }
  return claims;
}

std::string EncodeJson(const boost::json::object& object) {
  return Base64UrlEncode(boost::json::serialize(object));
}

// ---- RSA ----

Result<OsslPtr<EVP_PKEY>> PrivateKeyFromPem(std::string_view pem) {
  OsslPtr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Internal("BIO_new_mem_buf failed");
  OsslPtr<EVP_PKEY> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    return InvalidArgument("not a PEM RSA private key");
  }
  return key;
}

Result<OsslPtr<BIGNUM>> BigNumFromBase64Url(const boost::json::object& jwk, std::string_view field) {
  const auto* value = jwk.if_contains(field);
  if (value == nullptr || !value->is_string()) {
    return TokenError("malformed", "JWK has no " + std::string(field));
  }
  auto bytes = Base64UrlDecode(value->as_string());
  if (!bytes || bytes->empty()) return TokenError("malformed", "JWK " + std::string(field) + " is invalid");
  OsslPtr<BIGNUM> bn(BN_bin2bn(Bytes(*bytes), static_cast<int>(bytes->size()), nullptr));
  if (!bn) return Internal("BN_bin2bn failed");
  return bn;
}

Result<OsslPtr<EVP_PKEY>> PublicKeyFromJwk(const boost::json::object& jwk) {
  const auto* kty = jwk.if_contains("kty");
  if (kty == nullptr || !kty->is_string() || kty->as_string() != "RSA") {
    return TokenError("malformed", "JWK is not an RSA key");
  }
  if (const auto* alg = jwk.if_contains("alg");
      alg != nullptr && (!alg->is_string() || alg->as_string() != "RS256")) {
    return TokenError("algorithm", "JWK is not for RS256");
  }
  if (const auto* use = jwk.if_contains("use");
      use != nullptr && (!use->is_string() || use->as_string() != "sig")) {
    return TokenError("malformed", "JWK is not a signing key");
  }
  X8_TRY(auto n, BigNumFromBase64Url(jwk, "n"));
  X8_TRY(auto e, BigNumFromBase64Url(jwk, "e"));
  if (BN_num_bits(n.get()) < kMinRsaBits) return TokenError("malformed", "RSA key is too short");
  OsslPtr<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
  if (!builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    return Internal("OSSL_PARAM_BLD failed");
  }
  OsslPtr<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(builder.get()));
  OsslPtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1)
    return Internal("EVP_PKEY_fromdata_init failed");
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return TokenError("malformed", "JWK is not a valid RSA public key");
  }
  return OsslPtr<EVP_PKEY>(raw);
}

bool VerifyRs256Signature(EVP_PKEY* key, std::string_view signing_input, std::string_view signature) {
  OsslPtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1) return false;
  return EVP_DigestVerify(ctx.get(), Bytes(signature), signature.size(), Bytes(signing_input),
                          signing_input.size()) == 1;
}

Result<std::string> BigNumParamBase64Url(EVP_PKEY* key, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) return Internal("cannot read RSA key parameter");
  OsslPtr<BIGNUM> bn(raw);
  std::string bytes(static_cast<size_t>(BN_num_bytes(bn.get())), '\0');
  BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()));
  return Base64UrlEncode(bytes);
}

// ---- files ----

Result<std::string> DecodeMasterKey(std::string_view text, std::string_view source) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  auto key = Base64UrlDecode(text);
  if (!key || key->size() != kKeyBytes) {
    return Error(ErrorCode::kInvalidArgument,
                 std::string(source) +
                     " must be base64url of exactly 32 bytes (make one with `openssl rand "
                     "-base64 32 | tr '+/' '-_' | tr -d '='`)");
  }
  return std::move(*key);
}

Result<std::optional<std::string>> ReadFileIfExists(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return std::optional<std::string>();
    return FailedPrecondition("cannot read " + path + ": " + std::strerror(errno));
  }
  std::ostringstream content;
  content << in.rdbuf();
  return std::optional<std::string>(content.str());
}

Status WriteNewPrivateFile(const std::string& path, std::string_view content) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) return FailedPrecondition("cannot create " + parent.string() + ": " + ec.message());
  // O_EXCL: if another process created the key meanwhile, we must read its key, not overwrite it.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Conflict("key file appeared concurrently");
    return FailedPrecondition("cannot create " + path + ": " + std::strerror(errno));
  }
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int saved = errno;
      ::close(fd);
      ::unlink(path.c_str());
      return FailedPrecondition("cannot write " + path + ": " + std::strerror(saved));
    }
    written += static_cast<size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return FailedPrecondition("cannot sync " + path);
  return Ok();
}

}  // namespace

Status Init() {
  if (sodium_init() < 0) return Internal("libsodium failed to initialise");
  return Ok();
}

// ---- randomness ----

std::string RandomBytes(size_t n) {
  EnsureInit();
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

std::string RandomToken(size_t n) { return Base64UrlEncode(RandomBytes(n)); }

std::string RandomDigits(int count) {
  EnsureInit();
  std::string out;
  out.reserve(static_cast<size_t>(std::max(count, 0)));
  for (int i = 0; i < count; ++i) out.push_back(static_cast<char>('0' + randombytes_uniform(10)));
  return out;
}

// ---- encodings ----

std::string Base64UrlEncode(std::string_view bytes) {
  EnsureInit();
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), Bytes(bytes), bytes.size(), kVariant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  EnsureInit();
  if (size_t pad = text.find('='); pad != std::string_view::npos) {
    // Padding is optional, but when present it must be canonical: 1–2 '=' completing a 4-char group.
    std::string_view padding = text.substr(pad);
    if (text.size() % 4 != 0 || padding.size() > 2 ||
        padding.find_first_not_of('=') != std::string_view::npos) {
      return InvalidArgument("invalid base64url padding");
    }
    text = text.substr(0, pad);
  }
  std::string out(text.size() * 3 / 4 + 1, '\0');
  size_t out_len = 0;
  // No ignore set and no end pointer: every character must be consumed; libsodium also rejects
  // non-zero trailing bits, so each byte string has exactly one accepted encoding.
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        nullptr, &out_len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return InvalidArgument("invalid base64url");
  }
  out.resize(out_len);
  return out;
}

std::string HexEncode(std::string_view bytes) {
  EnsureInit();
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), Bytes(bytes), bytes.size());
  out.pop_back();
  return out;
}

// ---- hashing and MACs ----

std::string Sha256(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &out_len, EVP_sha256(), nullptr) != 1) std::abort();
  return {reinterpret_cast<char*>(out), out_len};
}

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }
std::string HmacSha256(std::string_view key, std::string_view data) { return Hmac(EVP_sha256(), key, data); }
std::string HmacSha1(std::string_view key, std::string_view data) { return Hmac(EVP_sha1(), key, data); }
std::string HmacSha512(std::string_view key, std::string_view data) { return Hmac(EVP_sha512(), key, data); }

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // lengths are not secret (MACs and hashes have fixed sizes)
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// ---- passwords ----

Result<std::string> HashPassword(std::string_view password) {
  EnsureInit();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Internal("password hashing ran out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, std::string_view stored_hash) {
  EnsureInit();
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string terminated(stored_hash);  // libsodium wants a C string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view stored_hash) {
  EnsureInit();
  if (stored_hash.size() >= crypto_pwhash_STRBYTES) return true;
  std::string terminated(stored_hash);
  // 1: weaker parameters; -1: not an argon2id hash at all (e.g. imported) — both mean "rehash".
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

// ---- secrets at rest ----

Result<SecretBox> SecretBox::FromKey(std::string_view key_bytes) {
  static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == kKeyBytes);
  if (key_bytes.size() != kKeyBytes) return InvalidArgument("secret box key must be 32 bytes");
  EnsureInit();
  return SecretBox(std::string(key_bytes));
}

Result<SecretBox> SecretBox::FromBase64Url(std::string_view key_text) {
  auto key = Base64UrlDecode(key_text);
  if (!key) return InvalidArgument("secret box key must be base64url");
  return FromKey(*key);
}

std::string SecretBox::Seal(std::string_view plaintext, std::string_view associated) const {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string out(kNonce + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, kNonce);  // 192-bit random nonces never collide in practice
  unsigned long long cipher_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonce, &cipher_len, Bytes(plaintext), plaintext.size(),
                                             Bytes(associated), associated.size(), nullptr, nonce,
                                             Bytes(key_));
  out.resize(kNonce + cipher_len);
  return std::string(kSealedPrefix) + Base64UrlEncode(out);
}

Result<std::string> SecretBox::Open(std::string_view sealed, std::string_view associated) const {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (!sealed.starts_with(kSealedPrefix)) return InvalidArgument("sealed secret has an unknown format");
  auto raw = Base64UrlDecode(sealed.substr(kSealedPrefix.size()));
  if (!raw || raw->size() < kNonce + kTag) return InvalidArgument("sealed secret is malformed");
  std::string plaintext(raw->size() - kNonce - kTag, '\0');
  unsigned long long plain_len = 0;
  auto* nonce = reinterpret_cast<const unsigned char*>(raw->data());
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plaintext.data()), &plain_len, nullptr, nonce + kNonce,
          raw->size() - kNonce, Bytes(associated), associated.size(), nonce, Bytes(key_)) != 0) {
    return InvalidArgument("sealed secret does not open with this key and context");
  }
  plaintext.resize(plain_len);
  return plaintext;
}

std::string MaskSecret(std::string_view secret) {
  if (secret.empty()) return "";
  size_t visible = secret.size() / 4;
  size_t prefix = std::min<size_t>(3, visible * 3 / 7);
  size_t suffix = std::min<size_t>(4, visible - prefix);
  return std::string(secret.substr(0, prefix)) + "…" + std::string(secret.substr(secret.size() - suffix));
}

// ---- the master key ----

Result<std::string> LoadMasterKey(const std::string& key_base64url, const std::string& key_file,
                                  bool create_if_missing) {
  if (!key_base64url.empty()) return DecodeMasterKey(key_base64url, "security.master_key");
  if (!key_file.empty()) {
    X8_TRY(auto content, ReadFileIfExists(key_file));
    if (content) return DecodeMasterKey(*content, key_file);
    if (create_if_missing) {
      std::string key = RandomBytes(kKeyBytes);
      Status written = WriteNewPrivateFile(key_file, Base64UrlEncode(key) + "\n");
      if (written) return key;
      if (written.error().code != ErrorCode::kConflict) return std::move(written).error();
      X8_TRY(auto raced, ReadFileIfExists(key_file));
      if (raced) return DecodeMasterKey(*raced, key_file);
      return FailedPrecondition("cannot read " + key_file);
    }
  }
  return FailedPrecondition(
      "no master key: set X8_SECURITY_MASTER_KEY (base64url of 32 random bytes) or security.master_key_file");
}

std::string DeriveKey(std::string_view master, std::string_view purpose) {
  return HmacSha256(master, purpose);
}

// ---- JSON Web Tokens ----

std::string SignJwtHs256(const boost::json::object& claims, std::string_view key) {
  std::string signing_input = EncodeJson({{"alg", "HS256"}, {"typ", "JWT"}}) + "." + EncodeJson(claims);
  return signing_input + "." + Base64UrlEncode(HmacSha256(key, signing_input));
}

Result<boost::json::object> VerifyJwtHs256(std::string_view token, std::string_view key, int64_t now_unix,
                                           int64_t leeway_seconds) {
  X8_TRY(auto parts, ParseJwt(token, "HS256"));
  if (!ConstantTimeEquals(parts.signature, HmacSha256(key, parts.signing_input))) {
    return TokenError("signature", "token signature is invalid");
  }
  return CheckClaims(parts.payload_b64, now_unix, leeway_seconds);
}

Result<boost::json::object> VerifyJwtRs256(std::string_view token, const boost::json::object& jwks,
                                           int64_t now_unix, int64_t leeway_seconds) {
  X8_TRY(auto parts, ParseJwt(token, "RS256"));
  const auto* keys = jwks.if_contains("keys");
  if (keys == nullptr || !keys->is_array()) return TokenError("malformed", "JWKS has no keys");
  const auto* kid = parts.header.if_contains("kid");
  if (kid != nullptr && !kid->is_string()) return TokenError("malformed", "kid must be a string");
  const boost::json::object* chosen = nullptr;
  for (const auto& entry : keys->as_array()) {
    if (!entry.is_object()) continue;
    const auto* entry_kid = entry.as_object().if_contains("kid");
    bool matches = kid == nullptr ? keys->as_array().size() == 1
                                  : entry_kid != nullptr && entry_kid->is_string() && *entry_kid == *kid;
    if (matches) {
      chosen = &entry.as_object();
      break;
    }
  }
  if (chosen == nullptr) return TokenError("unknown_kid", "no key in the JWKS matches the token's kid");
  X8_TRY(auto public_key, PublicKeyFromJwk(*chosen));
  if (!VerifyRs256Signature(public_key.get(), parts.signing_input, parts.signature)) {
    return TokenError("signature", "token signature is invalid");
  }
  return CheckClaims(parts.payload_b64, now_unix, leeway_seconds);
}

Result<std::string> SignJwtRs256(const boost::json::object& header, const boost::json::object& claims,
                                 std::string_view private_key_pem) {
  X8_TRY(auto key, PrivateKeyFromPem(private_key_pem));
  boost::json::object full_header = header;
  full_header["alg"] = "RS256";
  if (!full_header.contains("typ")) full_header["typ"] = "JWT";
  std::string signing_input = EncodeJson(full_header) + "." + EncodeJson(claims);
  OsslPtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  size_t signature_len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &signature_len, Bytes(signing_input), signing_input.size()) != 1) {
    return Internal("RS256 signing failed");
  }
  std::string signature(signature_len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &signature_len,
                     Bytes(signing_input), signing_input.size()) != 1) {
    return Internal("RS256 signing failed");
  }
  signature.resize(signature_len);
  return signing_input + "." + Base64UrlEncode(signature);
}

Result<boost::json::object> PublicJwkFromPrivatePem(std::string_view private_key_pem, std::string_view kid) {
  X8_TRY(auto key, PrivateKeyFromPem(private_key_pem));
  X8_TRY(auto n, BigNumParamBase64Url(key.get(), OSSL_PKEY_PARAM_RSA_N));
  X8_TRY(auto e, BigNumParamBase64Url(key.get(), OSSL_PKEY_PARAM_RSA_E));
  return boost::json::object{{"kty", "RSA"}, {"n", n},         {"e", e},
                             {"kid", kid},   {"alg", "RS256"}, {"use", "sig"}};
}

Result<std::string> GenerateRsaPrivateKeyPem() {
  OsslPtr<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(kMinRsaBits)));
  if (!key) return Internal("RSA key generation failed");
  OsslPtr<BIO> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Internal("PEM encoding failed");
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

}  // namespace x8::crypto
