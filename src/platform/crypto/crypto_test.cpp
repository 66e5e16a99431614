#include "platform/crypto/crypto.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>

namespace x8::crypto {
namespace {

std::string Hex(std::string_view bytes) { return HexEncode(bytes); }

class CryptoTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Init()); }
};

// ---- known answers ----

TEST_F(CryptoTest, Sha256KnownAnswer) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256("abc").size(), 32u);
}

TEST_F(CryptoTest, HmacKnownAnswers) {
  // RFC 4231 test case 2 (SHA-256, SHA-512) and RFC 2202 test case 2 (SHA-1).
  const std::string data = "what do ya want for nothing?";
  EXPECT_EQ(Hex(HmacSha256("Jefe", data)),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(
      Hex(HmacSha512("Jefe", data)),
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdca"
      "eab1a34d4a6b4b636e070a38bce737");
  EXPECT_EQ(Hex(HmacSha1("Jefe", data)), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  // RFC 4231 test case 1: a 20-byte 0x0b key.
  EXPECT_EQ(Hex(HmacSha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST_F(CryptoTest, HmacWithEmptyKeyIsStillAMac) {
  EXPECT_EQ(Hex(HmacSha256("", "")), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST_F(CryptoTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST_F(CryptoTest, Base64UrlRoundTrips) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff\xbf"), "-_-_");  // the URL-safe alphabet
  for (size_t n = 0; n < 70; ++n) {
    std::string bytes = RandomBytes(n);
    auto decoded = Base64UrlDecode(Base64UrlEncode(bytes));
    ASSERT_TRUE(decoded) << n;
    EXPECT_EQ(*decoded, bytes);
  }
  EXPECT_EQ(Base64UrlDecode("Zg==").value(), "f");
  EXPECT_EQ(Base64UrlDecode("Zm8=").value(), "fo");
  EXPECT_EQ(Base64UrlDecode("Zm8").value(), "fo");
}

TEST_F(CryptoTest, Base64UrlRejectsInvalidInput) {
  EXPECT_FALSE(Base64UrlDecode("Zm9v!"));  // not in the alphabet
  EXPECT_FALSE(Base64UrlDecode("+/+/"));   // standard alphabet, not URL-safe
  EXPECT_FALSE(Base64UrlDecode("Z"));      // impossible length
  EXPECT_FALSE(Base64UrlDecode("Zh"));     // non-zero trailing bits: not canonical
  EXPECT_FALSE(Base64UrlDecode("Zg="));    // padding that does not complete a group
  EXPECT_FALSE(Base64UrlDecode("Zg==="));  // too much padding
  EXPECT_FALSE(Base64UrlDecode("Z=g="));   // padding in the middle
  EXPECT_FALSE(Base64UrlDecode("Zm 9v"));  // whitespace
  EXPECT_EQ(Base64UrlDecode("").value(), "");
}

TEST_F(CryptoTest, RandomnessHasTheRequestedShape) {
  EXPECT_EQ(RandomBytes(32).size(), 32u);
  EXPECT_NE(RandomBytes(32), RandomBytes(32));
  std::string token = RandomToken(32);
  EXPECT_EQ(token.size(), 43u);
  EXPECT_EQ(Base64UrlDecode(token).value().size(), 32u);
  std::set<char> seen;
  for (int i = 0; i < 200; ++i) {
    std::string digits = RandomDigits(6);
    ASSERT_EQ(digits.size(), 6u);
    for (char c : digits) {
      ASSERT_TRUE(c >= '0' && c <= '9');
      seen.insert(c);
    }
  }
  EXPECT_EQ(seen.size(), 10u);  // 1200 uniform digits miss one with probability ~1e-54
}

// ---- passwords ----

TEST_F(CryptoTest, PasswordHashVerifies) {
  auto hash = HashPassword("correct horse battery staple");
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$"));
  EXPECT_TRUE(VerifyPassword("correct horse battery staple", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse battery stapler", *hash));
  EXPECT_FALSE(VerifyPassword("", *hash));
  EXPECT_FALSE(VerifyPassword("anything", "not a hash"));
  EXPECT_FALSE(VerifyPassword("anything", ""));
  EXPECT_NE(*hash, HashPassword("correct horse battery staple").value());  // salted
  EXPECT_FALSE(PasswordNeedsRehash(*hash));
}

TEST_F(CryptoTest, WeakerPasswordHashNeedsRehash) {
  char weak[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str(weak, "pw", 2, crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), 0);
  EXPECT_TRUE(VerifyPassword("pw", weak));
  EXPECT_TRUE(PasswordNeedsRehash(weak));
  EXPECT_TRUE(PasswordNeedsRehash("$2b$10$somebcrypthash"));
}

// ---- secret box ----

TEST_F(CryptoTest, SecretBoxSealsAndOpens) {
  auto box = SecretBox::FromKey(RandomBytes(32));
  ASSERT_TRUE(box);
  std::string sealed = box->Seal("bot-token-123", "tenant:acc_1/telegram.token");
  EXPECT_TRUE(sealed.starts_with("v1."));
  EXPECT_EQ(sealed.find("bot-token-123"), std::string::npos);
  EXPECT_NE(sealed, box->Seal("bot-token-123", "tenant:acc_1/telegram.token"));  // fresh nonce
  EXPECT_EQ(box->Open(sealed, "tenant:acc_1/telegram.token").value(), "bot-token-123");
  EXPECT_EQ(box->Open(box->Seal("")).value(), "");
}

TEST_F(CryptoTest, SecretBoxRefusesTamperingWrongContextAndWrongKey) {
  auto box = SecretBox::FromKey(RandomBytes(32)).value();
  std::string sealed = box.Seal("secret", "tenant:acc_1/x");
  EXPECT_EQ(box.Open(sealed, "tenant:acc_2/x").error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(box.Open(sealed));
  auto other = SecretBox::FromKey(RandomBytes(32)).value();
  EXPECT_FALSE(other.Open(sealed, "tenant:acc_1/x"));
  for (size_t i = 3; i < sealed.size(); ++i) {
    std::string tampered = sealed;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(box.Open(tampered, "tenant:acc_1/x")) << i;
  }
  EXPECT_FALSE(box.Open("v2." + sealed.substr(3), "tenant:acc_1/x"));
  EXPECT_FALSE(box.Open("v1.AAAA", "tenant:acc_1/x"));
}

TEST_F(CryptoTest, SecretBoxKeyMustBe32Bytes) {
  EXPECT_FALSE(SecretBox::FromKey(RandomBytes(31)));
  EXPECT_FALSE(SecretBox::FromBase64Url("not base64!"));
  auto key = RandomBytes(32);
  auto from_text = SecretBox::FromBase64Url(Base64UrlEncode(key));
  ASSERT_TRUE(from_text);
  EXPECT_EQ(SecretBox::FromKey(key)->Open(from_text->Seal("x")).value(), "x");
}

TEST_F(CryptoTest, MaskSecretShowsAtMostAQuarter) {
  EXPECT_EQ(MaskSecret(""), "");
  EXPECT_EQ(MaskSecret("abc"), "…");
  EXPECT_EQ(MaskSecret("sk_live_51HqLyjWDarjtT1zdp7dc4242"), "sk_…4242");
  EXPECT_EQ(MaskSecret("abcdefghijklmnop"), "a…nop");  // 16 chars: 4 visible
  for (size_t n = 1; n < 64; ++n) {
    std::string secret(n, 'x');
    std::string masked = MaskSecret(secret);
    size_t visible = masked.size() - std::string("…").size();
    EXPECT_LE(visible * 4, n) << n;
    EXPECT_LE(visible, 7u);
  }
}

// ---- master key ----

class MasterKeyTest : public CryptoTest {
 protected:
  void SetUp() override {
    CryptoTest::SetUp();
    dir_ = std::filesystem::temp_directory_path() / ("x8-crypto-" + RandomToken(6));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(MasterKeyTest, ConfigValueWins) {
  std::string key = RandomBytes(32);
  auto loaded = LoadMasterKey(Base64UrlEncode(key), (dir_ / "master.key").string(), true);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(*loaded, key);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "master.key"));
}

TEST_F(MasterKeyTest, CreatesAPrivateFileAndReusesIt) {
  std::string path = (dir_ / "nested" / "master.key").string();
  auto first = LoadMasterKey("", path, true);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->size(), 32u);
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  auto second = LoadMasterKey("", path, false);
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, *first);
}

TEST_F(MasterKeyTest, MissingKeyIsAFailedPrecondition) {
  auto loaded = LoadMasterKey("", (dir_ / "master.key").string(), false);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(loaded.error().message.find("X8_SECURITY_MASTER_KEY"), std::string::npos);
  EXPECT_FALSE(LoadMasterKey("", "", true));
}

TEST_F(MasterKeyTest, BadLengthIsRefused) {
  EXPECT_EQ(LoadMasterKey(Base64UrlEncode(RandomBytes(16)), "", false).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(LoadMasterKey("%%%", "", false).error().code, ErrorCode::kInvalidArgument);
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ / "short.key") << Base64UrlEncode(RandomBytes(31)) << "\n";
  auto loaded = LoadMasterKey("", (dir_ / "short.key").string(), true);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(CryptoTest, DeriveKeySeparatesPurposes) {
  std::string master = RandomBytes(32);
  EXPECT_EQ(DeriveKey(master, "x8/jwt/v1"), HmacSha256(master, "x8/jwt/v1"));
  EXPECT_NE(DeriveKey(master, "x8/jwt/v1"), DeriveKey(master, "x8/secrets/v1"));
  EXPECT_EQ(DeriveKey(master, "x8/jwt/v1").size(), 32u);
}

// ---- JWT ----

constexpr int64_t kNow = 1'767'225'600;

boost::json::object Claims(int64_t exp = kNow + 900) {
  return {{"iss", "x8"}, {"sub", "usr_1"}, {"iat", kNow}, {"exp", exp}};
}

std::string Part(std::string_view token, int index) {
  size_t start = 0;
  for (int i = 0; i < index; ++i) start = token.find('.', start) + 1;
  size_t end = token.find('.', start);
  return std::string(
      token.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
}

std::string Reason(const Result<boost::json::object>& result) {
  if (result) return "ok";
  Error error = result.error();  // result::error() returns a copy: keep it alive
  EXPECT_EQ(error.code, ErrorCode::kUnauthenticated);
  const auto* reason = error.details.if_contains("reason");
  return reason != nullptr && reason->is_string() ? std::string(reason->as_string()) : "?";
}

TEST_F(CryptoTest, JwtHs256RoundTrip) {
  std::string key = DeriveKey(RandomBytes(32), "x8/jwt/v1");
  std::string token = SignJwtHs256(Claims(), key);
  auto header = boost::json::parse(Base64UrlDecode(Part(token, 0)).value()).as_object();
  EXPECT_EQ(header.at("alg"), "HS256");
  auto claims = VerifyJwtHs256(token, key, kNow);
  ASSERT_TRUE(claims) << claims.error().message;
  EXPECT_EQ(claims->at("sub"), "usr_1");
  EXPECT_EQ(Reason(VerifyJwtHs256(token, "another key", kNow)), "signature");
}

TEST_F(CryptoTest, JwtHs256TimeClaims) {
  std::string key = "k";
  std::string token = SignJwtHs256(Claims(kNow + 900), key);
  EXPECT_EQ(Reason(VerifyJwtHs256(token, key, kNow + 900 + 29)), "ok");  // inside the leeway
  EXPECT_EQ(Reason(VerifyJwtHs256(token, key, kNow + 900 + 30)), "expired");
  EXPECT_EQ(Reason(VerifyJwtHs256(token, key, kNow + 901, 0)), "expired");
  auto no_exp = Claims();
  no_exp.erase("exp");
  EXPECT_EQ(Reason(VerifyJwtHs256(SignJwtHs256(no_exp, key), key, kNow)), "malformed");
  auto future = Claims();
  future["nbf"] = kNow + 120;
  EXPECT_EQ(Reason(VerifyJwtHs256(SignJwtHs256(future, key), key, kNow)), "not_yet_valid");
  EXPECT_EQ(Reason(VerifyJwtHs256(SignJwtHs256(future, key), key, kNow + 100)), "ok");
  auto issued_later = Claims();
  issued_later["iat"] = kNow + 3600;
  EXPECT_EQ(Reason(VerifyJwtHs256(SignJwtHs256(issued_later, key), key, kNow)), "issued_in_future");
  auto text_exp = Claims();
  text_exp["exp"] = "tomorrow";
  EXPECT_EQ(Reason(VerifyJwtHs256(SignJwtHs256(text_exp, key), key, kNow)), "malformed");
}

TEST_F(CryptoTest, JwtHs256RejectsTamperingAndAlgNone) {
  std::string key = "k";
  std::string token = SignJwtHs256(Claims(), key);
  auto forged_claims = Claims();
  forged_claims["sub"] = "usr_admin";
  std::string forged =
      Part(token, 0) + "." + Base64UrlEncode(boost::json::serialize(forged_claims)) + "." + Part(token, 2);
  EXPECT_EQ(Reason(VerifyJwtHs256(forged, key, kNow)), "signature");

  std::string none_header = Base64UrlEncode(R"({"alg":"none","typ":"JWT"})");
  std::string payload = Base64UrlEncode(boost::json::serialize(Claims()));
  EXPECT_EQ(Reason(VerifyJwtHs256(none_header + "." + payload + ".", key, kNow)), "malformed");
  EXPECT_EQ(Reason(VerifyJwtHs256(none_header + "." + payload + "." + Part(token, 2), key, kNow)),
            "algorithm");
  std::string rs_header = Base64UrlEncode(R"({"alg":"RS256"})");
  std::string signing_input = rs_header + "." + payload;
  EXPECT_EQ(Reason(VerifyJwtHs256(signing_input + "." + Base64UrlEncode(HmacSha256(key, signing_input)), key,
                                  kNow)),
            "algorithm");

  EXPECT_EQ(Reason(VerifyJwtHs256("", key, kNow)), "malformed");
  EXPECT_EQ(Reason(VerifyJwtHs256("a.b", key, kNow)), "malformed");
  EXPECT_EQ(Reason(VerifyJwtHs256(token + ".x", key, kNow)), "malformed");
  EXPECT_EQ(Reason(VerifyJwtHs256(token + "=", key, kNow)), "malformed");
  std::string crit_header = Base64UrlEncode(R"({"alg":"HS256","crit":["exp"]})");
  std::string crit_input = crit_header + "." + payload;
  EXPECT_EQ(
      Reason(VerifyJwtHs256(crit_input + "." + Base64UrlEncode(HmacSha256(key, crit_input)), key, kNow)),
      "malformed");
}

class Rs256Test : public CryptoTest {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(Init());
    pem_ = new std::string(GenerateRsaPrivateKeyPem().value());
    other_pem_ = new std::string(GenerateRsaPrivateKeyPem().value());
  }
  static void TearDownTestSuite() {
    delete pem_;
    delete other_pem_;
  }
  static boost::json::object Jwks(std::initializer_list<boost::json::object> keys) {
    boost::json::array array;
    for (const auto& key : keys) array.push_back(key);
    return {{"keys", array}};
  }
  static std::string* pem_;
  static std::string* other_pem_;
};
std::string* Rs256Test::pem_ = nullptr;
std::string* Rs256Test::other_pem_ = nullptr;

TEST_F(Rs256Test, SignsAndVerifiesThroughJwks) {
  ASSERT_TRUE(pem_->starts_with("-----BEGIN PRIVATE KEY-----"));
  auto jwk = PublicJwkFromPrivatePem(*pem_, "key-1");
  ASSERT_TRUE(jwk) << jwk.error().message;
  EXPECT_EQ(jwk->at("kty"), "RSA");
  EXPECT_EQ(jwk->at("e"), "AQAB");
  EXPECT_EQ(Base64UrlDecode(jwk->at("n").as_string()).value().size(), 256u);
  EXPECT_FALSE(jwk->contains("d"));
  auto other_jwk = PublicJwkFromPrivatePem(*other_pem_, "key-2").value();

  auto token = SignJwtRs256({{"kid", "key-1"}}, Claims(), *pem_);
  ASSERT_TRUE(token) << token.error().message;
  auto claims = VerifyJwtRs256(*token, Jwks({other_jwk, *jwk}), kNow);
  ASSERT_TRUE(claims) << claims.error().message;
  EXPECT_EQ(claims->at("iss"), "x8");
  EXPECT_EQ(Reason(VerifyJwtRs256(*token, Jwks({*jwk}), kNow + 900 + 60)), "expired");
}

TEST_F(Rs256Test, UnknownKidWrongKeyAndAlgorithmConfusion) {
  auto jwk = PublicJwkFromPrivatePem(*pem_, "key-1").value();
  auto token = SignJwtRs256({{"kid", "key-9"}}, Claims(), *pem_).value();
  EXPECT_EQ(Reason(VerifyJwtRs256(token, Jwks({jwk}), kNow)), "unknown_kid");

  // Signed by another private key but claiming key-1's kid.
  auto forged = SignJwtRs256({{"kid", "key-1"}}, Claims(), *other_pem_).value();
  EXPECT_EQ(Reason(VerifyJwtRs256(forged, Jwks({jwk}), kNow)), "signature");

  // HS256 with the public modulus as the MAC key must not pass as RS256.
  std::string hs = SignJwtHs256(Claims(), jwk.at("n").as_string());
  EXPECT_EQ(Reason(VerifyJwtRs256(hs, Jwks({jwk}), kNow)), "algorithm");

  auto tampered_claims = Claims();
  tampered_claims["sub"] = "usr_2";
  auto good = SignJwtRs256({{"kid", "key-1"}}, Claims(), *pem_).value();
  std::string tampered =
      Part(good, 0) + "." + Base64UrlEncode(boost::json::serialize(tampered_claims)) + "." + Part(good, 2);
  EXPECT_EQ(Reason(VerifyJwtRs256(tampered, Jwks({jwk}), kNow)), "signature");
}

TEST_F(Rs256Test, KeyWithoutKidOnlyWhenUnambiguous) {
  auto jwk = PublicJwkFromPrivatePem(*pem_, "key-1").value();
  auto other = PublicJwkFromPrivatePem(*other_pem_, "key-2").value();
  auto token = SignJwtRs256({}, Claims(), *pem_).value();
  EXPECT_EQ(Reason(VerifyJwtRs256(token, Jwks({jwk}), kNow)), "ok");
  EXPECT_EQ(Reason(VerifyJwtRs256(token, Jwks({other, jwk}), kNow)), "unknown_kid");
}

TEST_F(Rs256Test, RejectsBadKeysAndPem) {
  EXPECT_FALSE(SignJwtRs256({}, Claims(), "not a pem"));
  EXPECT_FALSE(
      PublicJwkFromPrivatePem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "k"));
  auto token = SignJwtRs256({{"kid", "k"}}, Claims(), *pem_).value();
  EXPECT_EQ(
      Reason(VerifyJwtRs256(token, {{"keys", boost::json::array{{{"kid", "k"}, {"kty", "EC"}}}}}, kNow)),
      "malformed");
  auto jwk = PublicJwkFromPrivatePem(*pem_, "k").value();
  jwk["n"] = Base64UrlEncode(std::string(64, '\xff'));  // a 512-bit modulus is too short to trust
  EXPECT_EQ(Reason(VerifyJwtRs256(token, Jwks({jwk}), kNow)), "malformed");
  EXPECT_EQ(Reason(VerifyJwtRs256(token, boost::json::object{}, kNow)), "malformed");
}

}  // namespace
}  // namespace x8::crypto
