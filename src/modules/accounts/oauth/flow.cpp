#include "modules/accounts/oauth/flow.h"

#include <spdlog/spdlog.h>

#include "platform/crypto/crypto.h"

namespace x8::accounts::oauth {

namespace {

constexpr size_t kMaxNameCodePoints = 200;  // the accounts service's limit for names

// At most `limit` UTF-8 code points of `text` (cut before a lead byte, never inside a character).
std::string TruncateCodePoints(std::string_view text, size_t limit) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && count++ == limit) {
      return std::string(text.substr(0, i));
    }
  }
  return std::string(text);
}

}  // namespace

OAuthFlow::OAuthFlow(storage::Database& db, AccountsService& accounts, const Clock& clock,
                     std::string public_url)
    : db_(db), accounts_(accounts), clock_(clock), public_url_(std::move(public_url)) {
  while (!public_url_.empty() && public_url_.back() == '/') public_url_.pop_back();
}

void OAuthFlow::AddProvider(std::unique_ptr<Provider> provider) {
  std::string name(provider->name());
  providers_[name] = std::move(provider);
}

Provider* OAuthFlow::FindProvider(std::string_view name) const {
  auto it = providers_.find(name);
  return it == providers_.end() ? nullptr : it->second.get();
}

std::string OAuthFlow::RedirectUri(std::string_view provider) const {
  return public_url_ + "/api/v1/auth/oauth/" + std::string(provider) + "/callback";
}

Result<StartOutcome> OAuthFlow::Start(std::string_view provider_name, std::string_view requested_redirect) {
  Provider* provider = FindProvider(provider_name);
  if (provider == nullptr) return FlowError(kErrUnknownProvider, "unknown sign-in provider");
  if (!provider->configured()) return FlowError(kErrNotConfigured, "this sign-in provider is not set up");

  const int64_t now = clock_.NowMillis();
  std::string state = crypto::RandomToken(32);
  std::string verifier = crypto::RandomToken(32);  // 43 characters of [A-Za-z0-9_-]: a valid PKCE verifier
  std::string nonce = crypto::RandomToken(32);
  PendingState pending{.state_hash = crypto::Sha256Hex(state),
                       .provider = std::string(provider_name),
                       .code_verifier = verifier,
                       .nonce = nonce,
                       .redirect_after = SafeRedirectPath(requested_redirect),
                       .expires_at = now + kStateTtlS * 1000,
                       .created_at = now};
  X8_TRY_STATUS(store_.InsertState(db_, pending, now));
  return StartOutcome{.location = provider->AuthorizationUrl({.state = state,
                                                              .nonce = nonce,
                                                              .code_challenge = PkceChallenge(verifier),
                                                              .redirect_uri = RedirectUri(provider_name)}),
                      .state = state};
}

Result<CallbackOutcome> OAuthFlow::Complete(std::string_view provider_name, const CallbackInput& input) {
  Provider* provider = FindProvider(provider_name);
  if (provider == nullptr) return FlowError(kErrUnknownProvider, "unknown sign-in provider");
  if (!provider->configured()) return FlowError(kErrNotConfigured, "this sign-in provider is not set up");

  // The state is spent by the first callback that names it, whatever the outcome.
  std::optional<PendingState> pending;
  if (!input.state.empty()) {
    X8_TRY(pending, store_.TakeState(db_, crypto::Sha256Hex(input.state)));
  }
  if (!input.error.empty()) {
    if (input.error == kErrAccessDenied) return FlowError(kErrAccessDenied, "the sign-in was cancelled");
    spdlog::warn("oauth {}: the provider answered error={}", provider_name, input.error.substr(0, 64));
    return FlowError(kErrProvider, "the provider could not sign you in");
  }
  if (!pending || pending->provider != provider_name) {
    return FlowError(kErrInvalidState, "this sign-in link is invalid or was already used");
  }
  // Bound to the browser that started the flow: a callback replayed in another browser (login CSRF)
  // does not carry the cookie.
  if (input.bound_state.empty() || !crypto::ConstantTimeEquals(input.bound_state, input.state)) {
    return FlowError(kErrInvalidState, "this sign-in was started in another browser");
  }
  if (clock_.NowMillis() >= pending->expires_at) {
    return FlowError(kErrStateExpired, "this sign-in took too long; please start again");
  }
  if (input.code.empty()) return FlowError(kErrInvalidRequest, "the provider sent no sign-in code");

  X8_TRY(auto identity, provider->Exchange({.code = input.code,
                                            .code_verifier = pending->code_verifier,
                                            .nonce = pending->nonce,
                                            .redirect_uri = RedirectUri(provider_name)}));
  X8_TRY(auto user, UserFor(identity, input.language));
  X8_TRY(auto tokens, accounts_.StartSession(user, input.client));
  return CallbackOutcome{.tokens = std::move(tokens), .redirect_after = pending->redirect_after};
}

Result<User> OAuthFlow::UserFor(const ProviderIdentity& identity, std::string_view language) {
  X8_TRY(auto linked, store_.FindLinkedUser(db_, identity.provider, identity.subject));
  if (linked) {
    X8_TRY(auto user, accounts_.FindUser(*linked));
    if (user) return std::move(*user);
  }
  if (identity.email.empty() || !identity.email_verified) {
    return FlowError(kErrEmailNotVerified, "the provider did not vouch for an email address");
  }
  auto found = accounts_.FindOrCreateVerifiedUser(
      identity.email, TruncateCodePoints(identity.name, kMaxNameCodePoints), language);
  if (!found) {
    if (found.error().code == ErrorCode::kInvalidArgument) {
      spdlog::warn("oauth {}: unusable profile: {}", identity.provider, found.error().message);
      return FlowError(kErrEmailRequired, "the provider's email address cannot be used");
    }
    return found.error();
  }
  X8_TRY(auto linked_to, store_.Link(db_, identity.provider, identity.subject, found->id, identity.email,
                                     clock_.NowMillis()));
  if (linked_to == found->id) return std::move(*found);
  // A concurrent callback for the same identity linked it first: sign in as that user.
  X8_TRY(auto winner, accounts_.FindUser(linked_to));
  if (!winner) return Internal("the linked user does not exist");
  return std::move(*winner);
}

}  // namespace x8::accounts::oauth
