// The two sign-in providers, speaking the wire formats in shared/reference/payments-calendar.md §8:
// Google's OpenID Connect code flow (PKCE S256, nonce, RS256 ID token checked against the JWKS) and
// Facebook Login's manual code flow (state only: PKCE exists there only in the OIDC flow Facebook
// still calls "in testing"; the profile is read with an appsecret_proof).
#pragma once

#include <memory>
#include <string>

#include "core/clock.h"
#include "modules/accounts/oauth/jwks_cache.h"
#include "modules/accounts/oauth/oauth.h"
#include "platform/config/config.h"
#include "platform/http/client/http_client.h"

namespace x8::accounts::oauth {

class GoogleProvider final : public Provider {
 public:
  // `http` must outlive the provider.
  GoogleProvider(const config::OAuthConfig& config, http::HttpClient& http, const Clock& clock);

  std::string_view name() const override { return kGoogle; }
  bool configured() const override;
  std::string AuthorizationUrl(const AuthorizationRequest& request) const override;
  // POSTs the code to the token endpoint, verifies the id_token (signature via the JWKS cache, iss,
  // aud/azp, exp, nonce) and requires email_verified.
  Result<ProviderIdentity> Exchange(const CodeExchange& exchange) override;

  const JwksCache& jwks() const { return jwks_; }

 private:
  Result<ProviderIdentity> IdentityFromIdToken(std::string_view id_token, std::string_view nonce);

  const config::OAuthConfig config_;
  http::HttpClient& http_;
  JwksCache jwks_;
};

class FacebookProvider final : public Provider {
 public:
  FacebookProvider(const config::OAuthConfig& config, http::HttpClient& http);

  std::string_view name() const override { return kFacebook; }
  bool configured() const override;
  std::string AuthorizationUrl(const AuthorizationRequest& request) const override;
  // GET {graph}/oauth/access_token, then GET {graph}/me?fields=id,name,email with appsecret_proof.
  // Facebook returns an email only when the person has confirmed it and granted the permission: an
  // email that is present counts as verified; none is email_required.
  Result<ProviderIdentity> Exchange(const CodeExchange& exchange) override;

 private:
  const config::OAuthConfig config_;
  http::HttpClient& http_;
};

}  // namespace x8::accounts::oauth
