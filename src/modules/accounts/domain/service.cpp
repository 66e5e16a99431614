#include "modules/accounts/domain/service.h"

#include <algorithm>
#include <cctype>
#include <mutex>

#include "core/ids.h"
#include "platform/crypto/crypto.h"

namespace x8::accounts {

namespace {

constexpr int64_t kSessionCacheMillis = 5'000;
constexpr int kListLimit = 500;
constexpr std::string_view kWrongCredentials = "wrong email or password";

Error Unauthenticated(std::string message) { return Error{ErrorCode::kUnauthenticated, std::move(message)}; }
Error FieldError(std::string_view field, std::string message) {
  return InvalidArgument(std::move(message)).With("field", field);
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

Status ValidateLanguage(std::string_view language) {
  if (language == "en" || language == "ru") return Ok();
  return FieldError("language", "language must be 'en' or 'ru'");
}

Result<std::string> ValidateName(std::string_view name, bool required) {
  std::string trimmed = Trim(name);
  if (required && trimmed.empty()) return FieldError("name", "name is required");
  if (CodePoints(trimmed) > 200) return FieldError("name", "name must be at most 200 characters");
  return trimmed;
}

int64_t CeilSeconds(int64_t millis) { return std::max<int64_t>(1, (millis + 999) / 1000); }

// Verifying against a fixed hash when the email is unknown keeps the answer time the same.
const std::string& DummyHash() {
  static std::once_flag once;
  static std::string hash;
  std::call_once(once, [] { hash = crypto::HashPassword("x8 timing equaliser, never a password").value(); });
  return hash;
}

std::string CodeHash(std::string_view challenge_id, std::string_view code) {
  return crypto::Sha256Hex(std::string(challenge_id) + std::string(code));
}

Error WithField(Error error, std::string_view field) {
  if (error.code == ErrorCode::kConflict) {
    error.message = "this email is already registered";
    error.details = {};
    error.With("field", field);
  }
  return error;
}

}  // namespace

Result<std::string> NormalizeEmail(std::string_view email) {
  std::string out = Trim(email);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto at = out.find('@');
  bool shape_ok = !out.empty() && out.size() <= 254 && at != std::string::npos && at > 0 &&
                  at == out.rfind('@') && at + 1 < out.size() && out.find('.', at + 2) != std::string::npos &&
                  out.back() != '.' && std::none_of(out.begin(), out.end(), [](char c) {
                    return std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>' || c == ',' ||
                           c == ';' || c == '"' || static_cast<unsigned char>(c) < 0x20;
                  });
  if (!shape_ok) return FieldError("email", "email is not a valid address");
  return out;
}

Status ValidatePassword(std::string_view password, std::string_view field) {
  size_t n = CodePoints(password);
  if (n < 10 || n > 128) {
    return FieldError(field, "password must be 10 to 128 characters").With("min", 10).With("max", 128);
  }
  return Ok();
}

std::string HashToken(std::string_view token) { return crypto::Sha256Hex(token); }

boost::json::object UserJson(const User& u) {
  return {
      {"id", u.id},
      {"email", u.email},
      {"name", u.name},
      {"role", u.role},
      {"account_id", u.account_id.empty() ? boost::json::value(nullptr) : boost::json::value(u.account_id)},
      {"email_verified", u.email_verified()},
      {"two_factor_enabled", u.two_factor_enabled},
      {"language", u.language},
      {"created_at", u.created_at}};
}

boost::json::object AccountJson(const Account& a) {
  return {
      {"id", a.id},
      {"plan", a.plan},
      {"channel_limit", a.channel_limit},
      {"trial_ends_at", a.trial_ends_at ? boost::json::value(*a.trial_ends_at) : boost::json::value(nullptr)},
      {"manager_user_id",
       a.manager_user_id.empty() ? boost::json::value(nullptr) : boost::json::value(a.manager_user_id)},
      {"created_at", a.created_at}};
}

AccountsService::AccountsService(storage::Database& db, AccountsStore& store, MailSink& mail,
                                 const Clock& clock, RateLimiter& limiter, AuthSettings settings)
    : db_(db), store_(store), mail_(mail), clock_(clock), limiter_(limiter), settings_(std::move(settings)) {
  while (!settings_.public_url.empty() && settings_.public_url.back() == '/') settings_.public_url.pop_back();
}

Status AccountsService::CheckEmailLimit(std::string_view email) {
  return limiter_.Check("email:" + std::string(email), settings_.auth.rate_limit_email_per_hour,
                        std::chrono::hours(1));
}

Result<AccountsService::IssuedToken> AccountsService::IssueOneTimeToken(Executor& tx, const User& user,
                                                                        std::string_view kind, int64_t ttl_s,
                                                                        std::string_view path) {
  std::string token = crypto::RandomToken(32);
  int64_t now = Now();
  X8_TRY_STATUS(store_.InsertOneTimeToken(tx, OneTimeToken{.token_hash = HashToken(token),
                                                           .kind = std::string(kind),
                                                           .user_id = user.id,
                                                           .expires_at = now + ttl_s * 1000,
                                                           .created_at = now}));
  return IssuedToken{token, settings_.public_url + std::string(path) + "?token=" + token};
}

Status AccountsService::MailLink(Executor& tx, const User& user, std::string_view template_name,
                                 const IssuedToken& token, int64_t ttl_s) {
  X8_TRY(auto message, mail::Render(template_name, user.email,
                                    mail::TemplateData{.language = user.language,
                                                       .name = user.name,
                                                       .link = token.link,
                                                       .valid_minutes = static_cast<int>(ttl_s / 60)}));
  return mail_.Send(tx, message);
}

Result<User> AccountsService::InsertClient(Executor& tx, std::string_view email, std::string_view name,
                                           std::string_view language,
                                           std::optional<std::string> password_hash,
                                           std::optional<int64_t> verified_at) {
  int64_t now = Now();
  Account account{.id = NewId("acc", now),
                  .owner_user_id = NewId("usr", now),
                  .plan = "TRIAL",
                  .channel_limit = 1,
                  .trial_ends_at = now + settings_.auth.trial_days * 24 * 3600 * 1000,
                  .created_at = now};
  User user{.id = account.owner_user_id,
            .email = std::string(email),
            .email_verified_at = verified_at,
            .password_hash = std::move(password_hash),
            .name = std::string(name),
            .role = std::string(kRoleClient),
            .account_id = account.id,
            .two_factor_enabled = true,
            .language = std::string(language),
            .created_at = now,
            .updated_at = now};
  X8_TRY_STATUS(store_.InsertAccount(tx, account));
  if (auto inserted = store_.InsertUser(tx, user); !inserted) return WithField(inserted.error(), "email");
  return user;
}

Result<User> AccountsService::Register(const RegisterInput& input, const ClientInfo&) {
  X8_TRY(auto email, NormalizeEmail(input.email));
  X8_TRY_STATUS(ValidatePassword(input.password));
  X8_TRY(auto name, ValidateName(input.name, /*required=*/false));
  X8_TRY_STATUS(ValidateLanguage(input.language));
  X8_TRY_STATUS(CheckEmailLimit(email));
  X8_TRY(auto hash, crypto::HashPassword(input.password));
  return db_.Transact<User>([&](storage::Tx& tx) -> Result<User> {
    X8_TRY(auto existing, store_.FindUserByEmail(tx, email));
    if (existing) return Conflict("this email is already registered").With("field", "email");
    X8_TRY(auto user, InsertClient(tx, email, name, input.language, hash, std::nullopt));
    const int64_t ttl = settings_.auth.verify_email_ttl_s;
    X8_TRY(auto token, IssueOneTimeToken(tx, user, kTokenVerifyEmail, ttl, "/verify-email"));
    X8_TRY_STATUS(MailLink(tx, user, "verify_email", token, ttl));
    return user;
  });
}

Result<User> AccountsService::VerifyEmail(std::string_view token) {
  if (token.empty()) return FieldError("token", "token is required");
  return db_.Transact<User>([&](storage::Tx& tx) -> Result<User> {
    int64_t now = Now();
    X8_TRY(auto consumed, store_.ConsumeOneTimeToken(tx, HashToken(token), kTokenVerifyEmail, now));
    if (!consumed) return FieldError("token", "this link is invalid, used or expired");
    X8_TRY_STATUS(store_.MarkEmailVerified(tx, consumed->user_id, now));
    X8_TRY(auto user, store_.FindUserById(tx, consumed->user_id));
    if (!user) return Internal("token without user");
    return std::move(*user);
  });
}

Status AccountsService::ResendVerification(std::string_view raw_email) {
  X8_TRY(auto email, NormalizeEmail(raw_email));
  X8_TRY_STATUS(CheckEmailLimit(email));
  return db_.Transact([&](storage::Tx& tx) -> Status {
    X8_TRY(auto user, store_.FindUserByEmail(tx, email));
    if (!user || user->email_verified()) return Ok();  // the same answer either way
    const int64_t ttl = settings_.auth.verify_email_ttl_s;
    X8_TRY(auto token, IssueOneTimeToken(tx, *user, kTokenVerifyEmail, ttl, "/verify-email"));
    return MailLink(tx, *user, "verify_email", token, ttl);
  });
}

Result<LoginOutcome> AccountsService::Login(std::string_view raw_email, std::string_view password,
                                            const ClientInfo& client) {
  X8_TRY(auto email, NormalizeEmail(raw_email));
  X8_TRY_STATUS(CheckEmailLimit(email));
  X8_TRY(auto found, store_.FindUserByEmail(db_, email));
  if (!found) {
    (void)crypto::VerifyPassword(password, DummyHash());
    return Unauthenticated(std::string(kWrongCredentials));
  }
  User user = std::move(*found);
  int64_t now = Now();
  if (user.locked_until && *user.locked_until > now) {
    return RateLimitedError(CeilSeconds(*user.locked_until - now),
                            "too many failed sign-ins; try again later");
  }
  bool password_ok = user.password_hash && crypto::VerifyPassword(password, *user.password_hash);
  if (!user.password_hash) (void)crypto::VerifyPassword(password, DummyHash());
  if (!password_ok) {
    int64_t failed = user.failed_logins + 1;
    if (failed >= settings_.auth.max_failed_logins) {
      int64_t until = now + settings_.auth.lockout_s * 1000;
      X8_TRY_STATUS(store_.SetLoginFailures(db_, user.id, 0, until, now));
      return RateLimitedError(settings_.auth.lockout_s, "too many failed sign-ins; try again later");
    }
    X8_TRY_STATUS(store_.SetLoginFailures(db_, user.id, failed, std::nullopt, now));
    return Unauthenticated(std::string(kWrongCredentials));
  }
  if (user.failed_logins != 0 || user.locked_until) {
    X8_TRY_STATUS(store_.SetLoginFailures(db_, user.id, 0, std::nullopt, now));
  }
  if (!user.email_verified()) {
    return FailedPrecondition("confirm your email address first").With("reason", "email_not_verified");
  }
  if (crypto::PasswordNeedsRehash(*user.password_hash)) {
    if (auto rehashed = crypto::HashPassword(password)) {
      X8_TRY_STATUS(store_.SetPasswordHash(db_, user.id, *rehashed, now));
    }
  }
  if (!user.two_factor_enabled) {
    X8_TRY(auto tokens, StartSession(user, client));
    return LoginOutcome{.tokens = std::move(tokens)};
  }
  std::string challenge_id = NewId("lch", now);
  std::string code = crypto::RandomDigits(6);
  X8_TRY_STATUS(db_.Transact([&](storage::Tx& tx) -> Status {
    const int64_t ttl = settings_.auth.login_code_ttl_s;
    X8_TRY_STATUS(store_.InsertChallenge(tx, LoginChallenge{.id = challenge_id,
                                                            .user_id = user.id,
                                                            .code_hash = CodeHash(challenge_id, code),
                                                            .expires_at = now + ttl * 1000,
                                                            .created_at = now}));
    X8_TRY(auto message, mail::Render("login_code", user.email,
                                      mail::TemplateData{.language = user.language,
                                                         .name = user.name,
                                                         .code = code,
                                                         .valid_minutes = static_cast<int>(ttl / 60)}));
    return mail_.Send(tx, message);
  }));
  return LoginOutcome{.two_factor_required = true, .challenge_id = challenge_id};
}

Result<SessionTokens> AccountsService::VerifyLoginCode(std::string_view challenge_id, std::string_view code,
                                                       const ClientInfo& client) {
  auto wrong = [](int64_t attempts_left) {
    return Unauthenticated("the code is wrong or has expired").With("attempts_left", attempts_left);
  };
  if (!IsValidId(challenge_id, "lch")) return wrong(0);
  const int64_t max_attempts = settings_.auth.login_code_max_attempts;
  struct Outcome {
    std::optional<SessionTokens> tokens;
    int64_t attempts_left = 0;
  };
  X8_TRY(auto outcome, db_.Transact<Outcome>([&](storage::Tx& tx) -> Result<Outcome> {
    int64_t now = Now();
    X8_TRY(auto challenge, store_.FindChallenge(tx, challenge_id));
    if (!challenge || challenge->used_at || challenge->expires_at <= now ||
        challenge->attempts >= max_attempts) {
      return Outcome{};
    }
    if (!crypto::ConstantTimeEquals(CodeHash(challenge->id, code), challenge->code_hash)) {
      X8_TRY_STATUS(store_.AddChallengeAttempt(tx, challenge->user_id, challenge->id));
      return Outcome{.attempts_left = std::max<int64_t>(0, max_attempts - challenge->attempts - 1)};
    }
    X8_TRY(auto marked, store_.MarkChallengeUsed(tx, challenge->user_id, challenge->id, now));
    if (!marked) return Outcome{};
    X8_TRY(auto user, store_.FindUserById(tx, challenge->user_id));
    if (!user) return Outcome{};
    X8_TRY(auto tokens, StartSessionIn(tx, *user, client));
    return Outcome{.tokens = std::move(tokens)};
  }));
  if (!outcome.tokens) return wrong(outcome.attempts_left);
  return std::move(*outcome.tokens);
}

Status AccountsService::RequestMagicLink(std::string_view raw_email) {
  X8_TRY(auto email, NormalizeEmail(raw_email));
  X8_TRY_STATUS(CheckEmailLimit(email));
  return db_.Transact([&](storage::Tx& tx) -> Status {
    X8_TRY(auto user, store_.FindUserByEmail(tx, email));
    if (!user) return Ok();
    const int64_t ttl = settings_.auth.magic_link_ttl_s;
    X8_TRY(auto token, IssueOneTimeToken(tx, *user, kTokenMagicLink, ttl, "/magic"));
    return MailLink(tx, *user, "magic_link", token, ttl);
  });
}

Result<SessionTokens> AccountsService::ConsumeMagicLink(std::string_view token, const ClientInfo& client) {
  if (token.empty()) return FieldError("token", "token is required");
  return db_.Transact<SessionTokens>([&](storage::Tx& tx) -> Result<SessionTokens> {
    int64_t now = Now();
    X8_TRY(auto consumed, store_.ConsumeOneTimeToken(tx, HashToken(token), kTokenMagicLink, now));
    if (!consumed) return Unauthenticated("this link is invalid, used or expired");
    X8_TRY(auto holder, store_.FindUserById(tx, consumed->user_id));
    if (!holder) return Unauthenticated("this link is invalid, used or expired");
    X8_TRY_STATUS(ClaimForMailboxOwner(tx, *holder, now));
    X8_TRY(auto user, store_.FindUserById(tx, consumed->user_id));
    if (!user) return Unauthenticated("this link is invalid, used or expired");
    return StartSessionIn(tx, *user, client);
  });
}

Status AccountsService::ForgotPassword(std::string_view raw_email) {
  X8_TRY(auto email, NormalizeEmail(raw_email));
  X8_TRY_STATUS(CheckEmailLimit(email));
  return db_.Transact([&](storage::Tx& tx) -> Status {
    X8_TRY(auto user, store_.FindUserByEmail(tx, email));
    if (!user) return Ok();
    const int64_t ttl = settings_.auth.password_reset_ttl_s;
    X8_TRY(auto token, IssueOneTimeToken(tx, *user, kTokenPasswordReset, ttl, "/reset-password"));
    return MailLink(tx, *user, "password_reset", token, ttl);
  });
}

Status AccountsService::ResetPassword(std::string_view token, std::string_view new_password) {
  if (token.empty()) return FieldError("token", "token is required");
  X8_TRY_STATUS(ValidatePassword(new_password));
  X8_TRY(auto hash, crypto::HashPassword(new_password));
  std::string user_id;
  X8_TRY_STATUS(db_.Transact([&](storage::Tx& tx) -> Status {
    int64_t now = Now();
    X8_TRY(auto consumed, store_.ConsumeOneTimeToken(tx, HashToken(token), kTokenPasswordReset, now));
    if (!consumed) return FieldError("token", "this link is invalid, used or expired");
    user_id = consumed->user_id;
    X8_TRY_STATUS(store_.SetPasswordHash(tx, user_id, hash, now));
    X8_TRY_STATUS(store_.MarkEmailVerified(tx, user_id, now));  // the link proved the address
    X8_TRY_STATUS(store_.RevokeSessionsOfUser(tx, user_id, "", now));
    return Ok();
  }));
  ForgetSessions(user_id);
  return Ok();
}

Result<SessionTokens> AccountsService::Refresh(std::string_view refresh_token, const ClientInfo&) {
  if (refresh_token.empty()) return Unauthenticated("no refresh token");
  enum class Verdict { kOk, kInvalid, kReused };
  struct Outcome {
    Verdict verdict = Verdict::kInvalid;
    std::string user_id;
    std::optional<SessionTokens> tokens;
  };
  std::string hash = HashToken(refresh_token);
  X8_TRY(auto outcome, db_.Transact<Outcome>([&](storage::Tx& tx) -> Result<Outcome> {
    int64_t now = Now();
    X8_TRY(auto token, store_.FindRefreshToken(tx, hash));
    if (!token) return Outcome{};
    X8_TRY(auto state, store_.FindSessionState(tx, token->session_id));
    if (!state) return Outcome{};
    auto revoke_family = [&]() -> Result<Outcome> {
      X8_TRY_STATUS(store_.RevokeSession(tx, state->user_id, token->session_id, now));
      return Outcome{.verdict = Verdict::kReused, .user_id = state->user_id};
    };
    if (token->used_at) return revoke_family();
    if (token->expires_at <= now || state->revoked_at || state->expires_at <= now) return Outcome{};
    X8_TRY(auto marked, store_.MarkRefreshTokenUsed(tx, hash, now));
    if (!marked) return revoke_family();
    X8_TRY(auto user, store_.FindUserById(tx, state->user_id));
    if (!user) return Outcome{};
    X8_TRY(auto tokens, IssueTokens(tx, *user, token->session_id));
    return Outcome{.verdict = Verdict::kOk, .user_id = user->id, .tokens = std::move(tokens)};
  }));
  switch (outcome.verdict) {
    case Verdict::kOk:
      return std::move(*outcome.tokens);
    case Verdict::kReused:
      ForgetSessions(outcome.user_id);
      return Unauthenticated("this refresh token was already used; the session has been signed out")
          .With("reason", "refresh_token_reused");
    case Verdict::kInvalid:
      break;
  }
  return Unauthenticated("the session has expired; sign in again");
}

Status AccountsService::Logout(std::string_view refresh_token) {
  if (refresh_token.empty()) return Ok();
  std::string user_id;
  X8_TRY_STATUS(db_.Transact([&](storage::Tx& tx) -> Status {
    X8_TRY(auto token, store_.FindRefreshToken(tx, HashToken(refresh_token)));
    if (!token) return Ok();
    X8_TRY(auto state, store_.FindSessionState(tx, token->session_id));
    if (!state) return Ok();
    user_id = state->user_id;
    X8_TRY_STATUS(store_.RevokeSession(tx, state->user_id, token->session_id, Now()));
    return Ok();
  }));
  if (!user_id.empty()) ForgetSessions(user_id);
  return Ok();
}

Result<User> AccountsService::FindOrCreateVerifiedUser(std::string_view raw_email, std::string_view raw_name,
                                                       std::string_view language) {
  X8_TRY(auto email, NormalizeEmail(raw_email));
  X8_TRY(auto name, ValidateName(raw_name, /*required=*/false));
  std::string lang = ValidateLanguage(language) ? std::string(language) : std::string("en");
  return db_.Transact<User>([&](storage::Tx& tx) -> Result<User> {
    int64_t now = Now();
    X8_TRY(auto existing, store_.FindUserByEmail(tx, email));
    if (existing) {
      X8_TRY_STATUS(ClaimForMailboxOwner(tx, *existing, now));
      X8_TRY(auto claimed, store_.FindUserById(tx, existing->id));
      if (!claimed) return Internal("user vanished while being claimed");
      return std::move(*claimed);
    }
    return InsertClient(tx, email, name, lang, std::nullopt, now);
  });
}

// The mailbox owner has just proven they own the address (magic link, Google). If the account was
// never verified, whoever registered it may be someone else: their password and sessions must not
// survive into the owner's account.
Status AccountsService::ClaimForMailboxOwner(Executor& tx, const User& user, int64_t now) {
  if (user.email_verified()) return Ok();
  if (user.password_hash) {
    X8_TRY_STATUS(store_.SetPasswordHash(tx, user.id, "", now));
    X8_TRY(auto revoked, store_.RevokeSessionsOfUser(tx, user.id, "", now));
    (void)revoked;
  }
  return store_.MarkEmailVerified(tx, user.id, now);
}

Result<SessionTokens> AccountsService::StartSession(const User& user, const ClientInfo& client) {
  return db_.Transact<SessionTokens>(
      [&](storage::Tx& tx) -> Result<SessionTokens> { return StartSessionIn(tx, user, client); });
}

Result<SessionTokens> AccountsService::StartSessionIn(Executor& tx, const User& user,
                                                      const ClientInfo& client) {
  int64_t now = Now();
  Session session{.id = NewId("ses", now),
                  .user_id = user.id,
                  .created_at = now,
                  .last_used_at = now,
                  .expires_at = now + settings_.auth.refresh_token_ttl_s * 1000,
                  .user_agent = client.user_agent.substr(0, 300),
                  .ip = client.ip.substr(0, 64)};
  X8_TRY_STATUS(store_.InsertSession(tx, session));
  return IssueTokens(tx, user, session.id);
}

Result<SessionTokens> AccountsService::IssueTokens(Executor& tx, const User& user,
                                                   const std::string& session_id) {
  int64_t now = Now();
  int64_t expires_at = now + settings_.auth.refresh_token_ttl_s * 1000;
  std::string refresh = crypto::RandomToken(32);
  X8_TRY_STATUS(store_.InsertRefreshToken(tx, RefreshToken{.token_hash = HashToken(refresh),
                                                           .session_id = session_id,
                                                           .expires_at = expires_at,
                                                           .created_at = now}));
  X8_TRY_STATUS(store_.TouchSession(tx, user.id, session_id, now, expires_at));
  return SessionTokens{.access_token = SignAccessToken(user, session_id, now),
                       .expires_in = settings_.auth.access_token_ttl_s,
                       .refresh_token = refresh,
                       .refresh_max_age_s = settings_.auth.refresh_token_ttl_s,
                       .session_id = session_id,
                       .user = user};
}

std::string AccountsService::SignAccessToken(const User& user, std::string_view session_id,
                                             int64_t now_ms) const {
  int64_t iat = now_ms / 1000;
  boost::json::object claims{{"iss", "x8"},
                             {"sub", user.id},
                             {"role", user.role},
                             {"acc", user.role == kRoleClient ? user.account_id : std::string()},
                             {"sid", session_id},
                             {"iat", iat},
                             {"exp", iat + settings_.auth.access_token_ttl_s}};
  return crypto::SignJwtHs256(claims, settings_.jwt_key);
}

Result<AccessClaims> AccountsService::Authenticate(std::string_view bearer_token) {
  int64_t now = Now();
  auto claims = crypto::VerifyJwtHs256(bearer_token, settings_.jwt_key, now / 1000, /*leeway_seconds=*/0);
  if (!claims) return Unauthenticated("the access token is invalid or has expired");
  auto text = [&](std::string_view key) -> std::string {
    auto it = claims->find(key);
    return it != claims->end() && it->value().is_string() ? std::string(it->value().as_string())
                                                          : std::string();
  };
  std::string sid = text("sid"), sub = text("sub");
  if (text("iss") != "x8" || sid.empty() || sub.empty())
    return Unauthenticated("the access token is invalid");

  std::optional<SessionState> state;
  {
    std::lock_guard lock(cache_mu_);
    if (auto it = session_cache_.find(sid); it != session_cache_.end()) {
      if (now - it->second.checked_at < kSessionCacheMillis) state = it->second.state;
    }
  }
  if (!state) {
    X8_TRY(auto found, store_.FindSessionState(db_, sid));
    if (!found) return Unauthenticated("the session has ended");
    state = std::move(*found);
    std::lock_guard lock(cache_mu_);
    if (session_cache_.size() > 50'000) session_cache_.clear();
    session_cache_[sid] = CachedSession{*state, now};
  }
  if (state->user_id != sub || state->revoked_at || state->expires_at <= now) {
    return Unauthenticated("the session has ended");
  }
  return AccessClaims{
      .principal = {.user_id = sub,
                    .role = state->role,
                    .tenant_id = state->role == kRoleClient ? state->account_id : std::string()},
      .session_id = sid};
}

void AccountsService::ForgetSessions(std::string_view user_id) {
  std::lock_guard lock(cache_mu_);
  std::erase_if(session_cache_, [&](const auto& entry) { return entry.second.state.user_id == user_id; });
}

Result<Profile> AccountsService::GetProfile(std::string_view user_id) {
  X8_TRY(auto user, store_.FindUserById(db_, user_id));
  if (!user) return NotFound("user not found");
  Profile profile{.user = std::move(*user)};
  if (profile.user.role == kRoleClient && !profile.user.account_id.empty()) {
    X8_TRY(profile.account, store_.FindAccount(db_, profile.user.account_id));
    if (profile.account && !profile.account->manager_user_id.empty()) {
      X8_TRY(profile.manager, store_.FindUserById(db_, profile.account->manager_user_id));
    }
  }
  return profile;
}

Result<User> AccountsService::UpdateProfile(std::string_view user_id, const ProfilePatch& patch) {
  std::optional<std::string> name;
  if (patch.name) {
    X8_TRY(name, ValidateName(*patch.name, /*required=*/false));
  }
  if (patch.language) X8_TRY_STATUS(ValidateLanguage(*patch.language));
  return db_.Transact<User>([&](storage::Tx& tx) -> Result<User> {
    X8_TRY(auto user, store_.FindUserById(tx, user_id));
    if (!user) return NotFound("user not found");
    if (name) user->name = *name;
    if (patch.language) user->language = *patch.language;
    if (patch.two_factor_enabled) user->two_factor_enabled = *patch.two_factor_enabled;
    user->updated_at = Now();
    X8_TRY_STATUS(store_.UpdateProfile(tx, user->id, user->name, user->language, user->two_factor_enabled,
                                       user->updated_at));
    return std::move(*user);
  });
}

Status AccountsService::ChangePassword(std::string_view user_id, std::string_view current_session_id,
                                       std::string_view current_password, std::string_view new_password) {
  X8_TRY_STATUS(ValidatePassword(new_password, "new_password"));
  X8_TRY(auto user, store_.FindUserById(db_, user_id));
  if (!user) return NotFound("user not found");
  X8_TRY_STATUS(CheckEmailLimit(user->email));
  if (user->password_hash && !crypto::VerifyPassword(current_password, *user->password_hash)) {
    return FieldError("current_password", "the current password is wrong");
  }
  X8_TRY(auto hash, crypto::HashPassword(new_password));
  X8_TRY_STATUS(db_.Transact([&](storage::Tx& tx) -> Status {
    int64_t now = Now();
    X8_TRY_STATUS(store_.SetPasswordHash(tx, user->id, hash, now));
    X8_TRY_STATUS(store_.RevokeSessionsOfUser(tx, user->id, current_session_id, now));
    return Ok();
  }));
  ForgetSessions(user->id);
  return Ok();
}

Result<std::vector<Session>> AccountsService::ListSessions(std::string_view user_id) {
  return store_.ListLiveSessions(db_, user_id, Now());
}

Status AccountsService::RevokeSession(std::string_view user_id, std::string_view session_id) {
  if (!IsValidId(session_id, "ses")) return NotFound("session not found");
  X8_TRY(auto revoked, store_.RevokeSession(db_, user_id, session_id, Now()));
  if (!revoked) return NotFound("session not found");
  ForgetSessions(user_id);
  return Ok();
}

Result<std::vector<User>> AccountsService::ListManagers() {
  return store_.ListUsersByRole(db_, kRoleManager, kListLimit);
}

Result<User> AccountsService::CreateManager(std::string_view raw_email, std::string_view raw_name,
                                            std::string_view language) {
  X8_TRY(auto email, NormalizeEmail(raw_email));
  X8_TRY(auto name, ValidateName(raw_name, /*required=*/true));
  X8_TRY_STATUS(ValidateLanguage(language));
  return db_.Transact<User>([&](storage::Tx& tx) -> Result<User> {
    int64_t now = Now();
    X8_TRY(auto existing, store_.FindUserByEmail(tx, email));
    if (existing) return Conflict("this email is already registered").With("field", "email");
    User user{.id = NewId("usr", now),
              .email = email,
              .email_verified_at = now,  // the invitation link proves the address
              .name = name,
              .role = std::string(kRoleManager),
              .two_factor_enabled = true,
              .language = std::string(language),
              .created_at = now,
              .updated_at = now};
    if (auto inserted = store_.InsertUser(tx, user); !inserted) return WithField(inserted.error(), "email");
    const int64_t ttl = settings_.auth.verify_email_ttl_s;
    X8_TRY(auto token, IssueOneTimeToken(tx, user, kTokenPasswordReset, ttl, "/reset-password"));
    X8_TRY_STATUS(MailLink(tx, user, "manager_invite", token, ttl));
    return user;
  });
}

Result<std::vector<ClientSummary>> AccountsService::ListClients(std::string_view query) {
  std::string q = Trim(query);
  if (CodePoints(q) > 200) return FieldError("q", "q must be at most 200 characters");
  return store_.ListClients(db_, q, kListLimit);
}

Result<ClientSummary> AccountsService::AssignManager(std::string_view account_id,
                                                     std::string_view manager_user_id) {
  if (!IsValidId(account_id, "acc")) return NotFound("account not found");
  return db_.Transact<ClientSummary>([&](storage::Tx& tx) -> Result<ClientSummary> {
    if (!manager_user_id.empty()) {
      X8_TRY(auto manager, store_.FindUserById(tx, manager_user_id));
      if (!manager || manager->role != kRoleManager) {
        return FailedPrecondition("manager_user_id is not a manager")
            .With("field", "manager_user_id")
            .With("reason", "not_a_manager");
      }
    }
    X8_TRY(auto updated, store_.SetManager(tx, account_id, manager_user_id));
    if (!updated) return NotFound("account not found");
    X8_TRY(auto client, store_.FindClient(tx, account_id));
    if (!client) return NotFound("account not found");
    return std::move(*client);
  });
}

Result<std::vector<ClientSummary>> AccountsService::ListClientsOfManager(std::string_view manager_user_id) {
  return store_.ListClientsOfManager(db_, manager_user_id);
}

Result<ClientSummary> AccountsService::GetClientOfManager(std::string_view manager_user_id,
                                                          std::string_view account_id) {
  if (!IsValidId(account_id, "acc")) return NotFound("account not found");
  X8_TRY(auto client, store_.FindClientOfManager(db_, manager_user_id, account_id));
  if (!client) return NotFound("account not found");
  return std::move(*client);
}

Result<std::optional<User>> AccountsService::FindUser(std::string_view user_id) {
  return store_.FindUserById(db_, user_id);
}

Result<std::optional<User>> AccountsService::FindUserByEmail(std::string_view raw_email) {
  X8_TRY(auto email, NormalizeEmail(raw_email));
  return store_.FindUserByEmail(db_, email);
}

Result<std::string> AccountsService::CreateOrPromoteAdmin(std::string_view raw_email,
                                                          std::string_view raw_name) {
  X8_TRY(auto email, NormalizeEmail(raw_email));
  X8_TRY(auto name, ValidateName(raw_name, /*required=*/false));
  return db_.Transact<std::string>([&](storage::Tx& tx) -> Result<std::string> {
    int64_t now = Now();
    X8_TRY(auto existing, store_.FindUserByEmail(tx, email));
    User user;
    if (existing) {
      user = std::move(*existing);
      X8_TRY_STATUS(store_.SetRole(tx, user.id, kRoleAdmin, user.account_id, now));
      X8_TRY_STATUS(store_.MarkEmailVerified(tx, user.id, now));
      if (!name.empty() && name != user.name) {
        X8_TRY_STATUS(store_.UpdateProfile(tx, user.id, name, user.language, user.two_factor_enabled, now));
      }
    } else {
      user = User{.id = NewId("usr", now),
                  .email = email,
                  .email_verified_at = now,
                  .name = name,
                  .role = std::string(kRoleAdmin),
                  .two_factor_enabled = true,
                  .created_at = now,
                  .updated_at = now};
      X8_TRY_STATUS(store_.InsertUser(tx, user));
    }
    X8_TRY(auto token, IssueOneTimeToken(tx, user, kTokenPasswordReset, settings_.auth.password_reset_ttl_s,
                                         "/reset-password"));
    return token.link;
  });
}

}  // namespace x8::accounts
