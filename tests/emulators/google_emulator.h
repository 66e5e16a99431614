// Google's OAuth 2.0 / OpenID Connect endpoints as a web-server client sees them
// (shared/reference/payments-calendar.md §7–8):
//   GET  /google/o/oauth2/v2/auth                 authorization (auto-approves as the scripted user)
//   POST /google/token                            code exchange (client auth, redirect_uri, PKCE S256/plain)
//   GET  /google/oauth2/v3/certs                  JWKS with Cache-Control max-age
//   GET  /google/.well-known/openid-configuration discovery
// Control:
//   POST /__control/google/next-user  {sub, email, email_verified, name, deny?, id_token?:{nonce, aud,
//                                      iss, exp_offset_s, kid, wrong_key}}  — who approves from now on
//                                      and how the next ID tokens are (mis)made; sticky until replaced
//   POST /__control/google/client     {client_id, client_secret, redirect_uris:[…]} (empty list: any)
//   POST /__control/google/rotate-key new signing key with a new kid (the old one leaves the JWKS)
//   GET  /__control/google/stats      {authorizations, token_requests, jwks_fetches}
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tests/emulators/emulator.h"

namespace x8::emulators {

struct GoogleOptions {
  std::string client_id = "emulator-google-client.apps.googleusercontent.com";
  std::string client_secret = "emulator-google-secret";
  std::string issuer = "https://accounts.google.com";
  int64_t jwks_max_age_s = 19'845;
};

class GoogleEmulator final : public Emulator {
 public:
  GoogleEmulator(GoogleOptions options, const EmulatorContext& context);

  std::string_view name() const override { return "google"; }
  void Register(http::Router& router) override;
  void Reset() override;

 private:
  struct User {
    std::string sub = "109876543210987654321";
    std::string email = "emulated.user@example.com";
    bool email_verified = true;
    std::string name = "Emulated User";
  };
  // How the ID tokens of the next codes are made; the defaults make a valid token.
  struct IdTokenScript {
    std::optional<std::string> nonce;  // replaces the request's nonce
    std::optional<std::string> aud;
    std::optional<std::string> iss;
    int64_t exp_offset_s = 3600;
    std::optional<std::string> kid;  // a kid that is not in the JWKS
    bool wrong_key = false;          // signed with a key that is not in the JWKS, under the right kid
  };
  struct Script {
    User user;
    bool deny = false;
    IdTokenScript id_token;
  };
  struct IssuedCode {
    std::string client_id;
    std::string redirect_uri;
    std::string code_challenge;
    std::string code_challenge_method;
    std::string nonce;
    Script script;
    int64_t expires_at_ms = 0;
    bool used = false;
  };

  http::Response Authorize(const http::Request& request);
  http::Response Token(const http::Request& request);
  http::Response Certs();
  http::Response Discovery();
  http::Response SetNextUser(const http::Request& request);
  http::Response SetClient(const http::Request& request);
  http::Response RotateKey();
  http::Response Stats();
  std::string IdToken(const IssuedCode& code, const std::string& access_token);
  void NewSigningKey();

  const GoogleOptions defaults_;
  const EmulatorContext& context_;
  std::mutex mu_;
  std::string client_id_;
  std::string client_secret_;
  std::vector<std::string> redirect_uris_;
  std::string key_pem_;
  std::string kid_;
  std::string other_key_pem_;  // never published
  int key_generation_ = 0;
  Script script_;
  std::map<std::string, IssuedCode> codes_;
  int64_t authorizations_ = 0;
  int64_t token_requests_ = 0;
  int64_t jwks_fetches_ = 0;
};

}  // namespace x8::emulators
