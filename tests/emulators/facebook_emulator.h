// Facebook Login's manual flow and the Graph calls it needs (shared/reference/payments-calendar.md §8):
//   GET /facebook/{version}/dialog/oauth          login dialog (auto-approves as the scripted person)
//   GET /facebook/{version}/oauth/access_token    code exchange (app id + secret, redirect_uri, single
//                                                 use; code_verifier checked when the dialog had a challenge)
//   GET /facebook/{version}/me                    ?fields=id,name,email — requires a valid appsecret_proof
// Errors are Graph's {"error":{"message","type","code","error_subcode"?,"fbtrace_id"}}.
// Control:
//   POST /__control/facebook/next-user {id, name, email?, deny?} — no "email" (or "") shares none
//   POST /__control/facebook/app       {app_id, app_secret, redirect_uris:[…]}
//   GET  /__control/facebook/stats     {dialogs, token_requests, me_requests}
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "tests/emulators/emulator.h"

namespace x8::emulators {

struct FacebookOptions {
  std::string app_id = "100200300400500";
  std::string app_secret = "emulator-facebook-secret";
};

class FacebookEmulator final : public Emulator {
 public:
  explicit FacebookEmulator(FacebookOptions options);

  std::string_view name() const override { return "facebook"; }
  void Register(http::Router& router) override;
  void Reset() override;

 private:
  struct Person {
    std::string id = "10160000000000001";
    std::string name = "Emulated Facebook User";
    std::string email = "emulated.fb.user@example.com";
    bool deny = false;
  };
  struct IssuedCode {
    std::string redirect_uri;
    std::string code_challenge;  // S256, when the dialog had one
    Person person;
    int64_t expires_at_ms = 0;
    bool used = false;
  };

  http::Response Dialog(const http::Request& request);
  http::Response AccessToken(const http::Request& request);
  http::Response Me(const http::Request& request);
  http::Response SetNextUser(const http::Request& request);
  http::Response SetApp(const http::Request& request);
  http::Response Stats();

  const FacebookOptions defaults_;
  std::mutex mu_;
  std::string app_id_;
  std::string app_secret_;
  std::vector<std::string> redirect_uris_;
  Person next_;
  std::map<std::string, IssuedCode> codes_;
  std::map<std::string, Person> tokens_;  // access token → person
  int64_t dialogs_ = 0;
  int64_t token_requests_ = 0;
  int64_t me_requests_ = 0;
};

}  // namespace x8::emulators
