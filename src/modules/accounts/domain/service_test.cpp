// The accounts use cases on a real database (SQLite and PostgreSQL) with a fake clock and a mail
// recorder: codes, links, expiry, attempts, lockout, rate limits, refresh rotation and reuse.
#include "modules/accounts/domain/service.h"

#include <gtest/gtest.h>

#include <regex>

#include "core/ids.h"
#include "modules/accounts/store/sql_store.h"
#include "platform/crypto/crypto.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::accounts {
namespace {

using storage::testing::EngineTest;

class RecordingMail : public MailSink {
 public:
  Status Send(Executor&, const mail::Message& message) override {
    sent.push_back(message);
    return Ok();
  }
  std::vector<mail::Message> sent;
};

std::string TokenIn(const mail::Message& m) {
  std::smatch match;
  static const std::regex kToken("token=([A-Za-z0-9_-]+)");
  if (std::regex_search(m.text, match, kToken)) return match[1];
  return {};
}
std::string CodeIn(const mail::Message& m) {
  std::smatch match;
  static const std::regex kCode("\\b([0-9]{6})\\b");
  if (std::regex_search(m.text, match, kCode)) return match[1];
  return {};
}

constexpr std::string_view kPassword = "correct horse battery";

class ServiceTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    ASSERT_TRUE(crypto::Init());
    ASSERT_TRUE(storage::Migrate(db()));
    store_ = std::make_unique<SqlAccountsStore>(db());
    AuthSettings settings;
    settings.public_url = "https://app.example.com/";
    settings.jwt_key = crypto::DeriveKey(std::string(32, 'k'), "x8/jwt/v1");
    settings.auth.max_failed_logins = 3;
    settings.auth.lockout_s = 60;
    settings.auth.login_code_max_attempts = 3;
    settings.auth.login_code_ttl_s = 600;
    settings.auth.rate_limit_email_per_hour = 100;
    settings.auth.trial_days = 7;
    Build(settings);
  }
  void Build(const AuthSettings& settings) {
    limiter_ = std::make_unique<RateLimiter>(clock_);
    service_ = std::make_unique<AccountsService>(db(), *store_, mail_, clock_, *limiter_, settings);
  }
  const mail::Message& LastMail(std::string_view tag) {
    for (auto it = mail_.sent.rbegin(); it != mail_.sent.rend(); ++it) {
      if (it->tag == tag) return *it;
    }
    ADD_FAILURE() << "no mail tagged " << tag;
    static mail::Message none;
    return none;
  }
  // Registers and verifies a client; returns it.
  User Client(const std::string& email, bool two_factor = true) {
    auto user = service_->Register({.email = email, .password = std::string(kPassword), .name = "Ann"}, {});
    EXPECT_TRUE(user) << user.error().message;
    EXPECT_TRUE(service_->VerifyEmail(TokenIn(LastMail("verify_email"))));
    if (!two_factor) {
      EXPECT_TRUE(service_->UpdateProfile(user->id, {.two_factor_enabled = false}));
    }
    return *user;
  }
  SessionTokens SignIn(const std::string& email, std::string_view password = kPassword) {
    auto outcome = service_->Login(email, password, {.ip = "10.0.0.1", .user_agent = "test"});
    EXPECT_TRUE(outcome) << outcome.error().message;
    if (outcome->tokens) return *outcome->tokens;
    auto tokens = service_->VerifyLoginCode(outcome->challenge_id, CodeIn(LastMail("login_code")), {});
    EXPECT_TRUE(tokens) << tokens.error().message;
    return *tokens;
  }

  FakeClock clock_;
  RecordingMail mail_;
  std::unique_ptr<SqlAccountsStore> store_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<AccountsService> service_;
};

TEST_P(ServiceTest, RegisterVerifyLoginWithEmailedCode) {
  auto user = service_->Register(
      {.email = "  Ann@Example.COM ", .password = std::string(kPassword), .name = "Ann"}, {});
  ASSERT_TRUE(user) << user.error().message;
  EXPECT_EQ(user->email, "ann@example.com");
  EXPECT_EQ(user->role, "CLIENT");
  EXPECT_TRUE(IsValidId(user->account_id, "acc"));
  auto profile = service_->GetProfile(user->id).value();
  ASSERT_TRUE(profile.account);
  EXPECT_EQ(profile.account->plan, "TRIAL");
  EXPECT_EQ(profile.account->channel_limit, 1);
  EXPECT_EQ(*profile.account->trial_ends_at, clock_.NowMillis() + 7LL * 24 * 3600 * 1000);

  const auto& verify = LastMail("verify_email");
  EXPECT_EQ(verify.to, "ann@example.com");
  EXPECT_NE(verify.text.find("https://app.example.com/verify-email?token="), std::string::npos)
      << verify.text;

  auto early = service_->Login("ann@example.com", kPassword, {});
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(early.error().details.at("reason"), "email_not_verified");

  auto verified = service_->VerifyEmail(TokenIn(verify));
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_TRUE(verified->email_verified());
  EXPECT_FALSE(service_->VerifyEmail(TokenIn(verify))) << "single use";

  auto outcome = service_->Login("ANN@example.com", kPassword, {}).value();
  ASSERT_TRUE(outcome.two_factor_required);
  EXPECT_FALSE(outcome.tokens);
  std::string code = CodeIn(LastMail("login_code"));
  ASSERT_EQ(code.size(), 6u);
  auto tokens = service_->VerifyLoginCode(outcome.challenge_id, code, {.ip = "1.2.3.4", .user_agent = "UA"});
  ASSERT_TRUE(tokens) << tokens.error().message;
  auto claims = service_->Authenticate(tokens->access_token);
  ASSERT_TRUE(claims) << claims.error().message;
  EXPECT_EQ(claims->principal.user_id, user->id);
  EXPECT_EQ(claims->principal.role, "CLIENT");
  EXPECT_EQ(claims->principal.tenant_id, user->account_id);
  EXPECT_EQ(claims->session_id, tokens->session_id);
  auto sessions = service_->ListSessions(user->id).value();
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].ip, "1.2.3.4");
  EXPECT_EQ(sessions[0].user_agent, "UA");
  EXPECT_FALSE(service_->VerifyLoginCode(outcome.challenge_id, code, {})) << "a code works once";
}

TEST_P(ServiceTest, RegistrationValidatesAndRefusesDuplicates) {
  Client("bob@example.com");
  auto again =
      service_->Register({.email = " BOB@example.com", .password = std::string(kPassword), .name = ""}, {});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().details.at("field"), "email");
  auto short_pw = service_->Register({.email = "c@example.com", .password = "123456789", .name = ""}, {});
  EXPECT_EQ(short_pw.error().details.at("field"), "password");
  auto long_pw =
      service_->Register({.email = "c@example.com", .password = std::string(129, 'x'), .name = ""}, {});
  EXPECT_EQ(long_pw.error().details.at("field"), "password");
  EXPECT_TRUE(
      service_->Register({.email = "c@example.com", .password = std::string(128, 'x'), .name = ""}, {}));
  auto bad_email =
      service_->Register({.email = "not-an-email", .password = std::string(kPassword), .name = ""}, {});
  EXPECT_EQ(bad_email.error().details.at("field"), "email");
  auto bad_lang = service_->Register(
      {.email = "d@example.com", .password = std::string(kPassword), .name = "", .language = "de"}, {});
  EXPECT_EQ(bad_lang.error().details.at("field"), "language");
}

TEST_P(ServiceTest, LoginCodeExpires) {
  Client("ann@example.com");
  auto outcome = service_->Login("ann@example.com", kPassword, {}).value();
  std::string code = CodeIn(LastMail("login_code"));
  clock_.Advance(std::chrono::seconds(601));
  auto late = service_->VerifyLoginCode(outcome.challenge_id, code, {});
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(late.error().details.at("attempts_left").as_int64(), 0);
}

TEST_P(ServiceTest, LoginCodeAllowsLimitedAttempts) {
  Client("ann@example.com");
  auto outcome = service_->Login("ann@example.com", kPassword, {}).value();
  std::string code = CodeIn(LastMail("login_code"));
  std::string wrong = code == "000000" ? "111111" : "000000";
  for (int64_t left : {2, 1, 0}) {
    auto r = service_->VerifyLoginCode(outcome.challenge_id, wrong, {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().details.at("attempts_left").as_int64(), left);
  }
  EXPECT_FALSE(service_->VerifyLoginCode(outcome.challenge_id, code, {}))
      << "spent challenge refuses the right code";
  EXPECT_FALSE(service_->VerifyLoginCode("lch_not-an-id", code, {}));
}

TEST_P(ServiceTest, WrongPasswordsLockTheUserForLockoutSeconds) {
  Client("ann@example.com", /*two_factor=*/false);
  for (int i = 0; i < 2; ++i) {
    auto r = service_->Login("ann@example.com", "wrong password!", {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  }
  auto third = service_->Login("ann@example.com", "wrong password!", {});
  EXPECT_EQ(third.error().code, ErrorCode::kRateLimited);
  clock_.Advance(std::chrono::seconds(20));
  auto locked = service_->Login("ann@example.com", kPassword, {});
  ASSERT_FALSE(locked) << "the right password does not help while locked";
  EXPECT_EQ(locked.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(locked.error().details.at("retry_after_s").as_int64(), 40);
  clock_.Advance(std::chrono::seconds(40));
  EXPECT_TRUE(service_->Login("ann@example.com", kPassword, {}));
  // Success reset the counter: two more misses do not lock.
  EXPECT_EQ(service_->Login("ann@example.com", "nope nope nope", {}).error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(service_->Login("ann@example.com", "nope nope nope", {}).error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_TRUE(service_->Login("ann@example.com", kPassword, {}));
}

TEST_P(ServiceTest, UnknownEmailAndWrongPasswordLookAlike) {
  Client("ann@example.com");
  auto unknown = service_->Login("nobody@example.com", kPassword, {});
  auto wrong = service_->Login("ann@example.com", "wrong password!", {});
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
}

TEST_P(ServiceTest, TwoFactorOffSignsInDirectly) {
  Client("ann@example.com", /*two_factor=*/false);
  size_t mails = mail_.sent.size();
  auto outcome = service_->Login("ann@example.com", kPassword, {}).value();
  EXPECT_FALSE(outcome.two_factor_required);
  ASSERT_TRUE(outcome.tokens);
  EXPECT_EQ(mail_.sent.size(), mails) << "no code mailed";
}

TEST_P(ServiceTest, RefreshRotatesAndReuseRevokesTheSession) {
  auto user = Client("ann@example.com", false);
  auto first = SignIn("ann@example.com");
  clock_.Advance(std::chrono::seconds(10));
  auto second = service_->Refresh(first.refresh_token, {});
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_NE(second->refresh_token, first.refresh_token);
  EXPECT_EQ(second->session_id, first.session_id);
  EXPECT_TRUE(service_->Authenticate(second->access_token));

  auto replay = service_->Refresh(first.refresh_token, {});
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(replay.error().details.at("reason"), "refresh_token_reused");
  EXPECT_FALSE(service_->Refresh(second->refresh_token, {})) << "the whole family is dead";
  EXPECT_FALSE(service_->Authenticate(second->access_token))
      << "access tokens of a revoked session stop at once";
  EXPECT_TRUE(service_->ListSessions(user.id).value().empty());
  EXPECT_FALSE(service_->Refresh("garbage", {}));
  EXPECT_FALSE(service_->Refresh("", {}));
}

TEST_P(ServiceTest, RefreshTokensAndAccessTokensExpire) {
  Client("ann@example.com", false);
  auto tokens = SignIn("ann@example.com");
  clock_.Advance(std::chrono::seconds(901));
  EXPECT_FALSE(service_->Authenticate(tokens.access_token));
  clock_.Advance(std::chrono::hours(24 * 31));
  EXPECT_FALSE(service_->Refresh(tokens.refresh_token, {}));
}

TEST_P(ServiceTest, LogoutRevokesTheSession) {
  Client("ann@example.com", false);
  auto tokens = SignIn("ann@example.com");
  EXPECT_TRUE(service_->Logout(tokens.refresh_token));
  EXPECT_FALSE(service_->Refresh(tokens.refresh_token, {}));
  EXPECT_FALSE(service_->Authenticate(tokens.access_token));
  EXPECT_TRUE(service_->Logout("unknown")) << "logout never fails";
}

TEST_P(ServiceTest, MagicLinkSignsInOnceAndVerifiesTheEmail) {
  auto user =
      service_->Register({.email = "m@example.com", .password = std::string(kPassword), .name = ""}, {});
  ASSERT_TRUE(user);
  size_t mails = mail_.sent.size();
  EXPECT_TRUE(service_->RequestMagicLink("stranger@example.com"));
  EXPECT_EQ(mail_.sent.size(), mails) << "unknown addresses get no mail, and the same answer";
  ASSERT_TRUE(service_->RequestMagicLink("m@example.com"));
  const auto& link = LastMail("magic_link");
  EXPECT_NE(link.text.find("https://app.example.com/magic?token="), std::string::npos);
  auto tokens = service_->ConsumeMagicLink(TokenIn(link), {});
  ASSERT_TRUE(tokens) << tokens.error().message;
  EXPECT_TRUE(tokens->user.email_verified());
  EXPECT_FALSE(service_->ConsumeMagicLink(TokenIn(link), {}));
  ASSERT_TRUE(service_->RequestMagicLink("m@example.com"));
  clock_.Advance(std::chrono::seconds(901));
  EXPECT_FALSE(service_->ConsumeMagicLink(TokenIn(LastMail("magic_link")), {})) << "expired";
}

TEST_P(ServiceTest, PasswordResetRevokesEverySession) {
  Client("ann@example.com", false);
  auto a = SignIn("ann@example.com");
  ASSERT_TRUE(service_->ForgotPassword("ann@example.com"));
  std::string token = TokenIn(LastMail("password_reset"));
  EXPECT_EQ(service_->ResetPassword(token, "short").error().details.at("field"), "password");
  ASSERT_TRUE(service_->ResetPassword(token, "a brand new password"));
  EXPECT_FALSE(service_->ResetPassword(token, "another new password")) << "single use";
  EXPECT_FALSE(service_->Refresh(a.refresh_token, {}));
  EXPECT_FALSE(service_->Authenticate(a.access_token));
  EXPECT_EQ(service_->Login("ann@example.com", kPassword, {}).error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(service_->Login("ann@example.com", "a brand new password", {}));
}

TEST_P(ServiceTest, ChangePasswordKeepsOnlyTheCurrentSession) {
  auto user = Client("ann@example.com", false);
  auto here = SignIn("ann@example.com");
  auto elsewhere = SignIn("ann@example.com");
  auto wrong = service_->ChangePassword(user.id, here.session_id, "not my password", "a brand new password");
  EXPECT_EQ(wrong.error().details.at("field"), "current_password");
  ASSERT_TRUE(service_->ChangePassword(user.id, here.session_id, kPassword, "a brand new password"));
  EXPECT_TRUE(service_->Authenticate(here.access_token));
  EXPECT_FALSE(service_->Authenticate(elsewhere.access_token));
  EXPECT_FALSE(service_->Refresh(elsewhere.refresh_token, {}));
  EXPECT_TRUE(service_->Refresh(here.refresh_token, {}));
}

TEST_P(ServiceTest, SessionsAreRevokedOnlyByTheirOwner) {
  auto ann = Client("ann@example.com", false);
  auto bob = Client("bob@example.com", false);
  auto ann_tokens = SignIn("ann@example.com");
  auto foreign = service_->RevokeSession(bob.id, ann_tokens.session_id);
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(service_->Authenticate(ann_tokens.access_token));
  EXPECT_TRUE(service_->RevokeSession(ann.id, ann_tokens.session_id));
  EXPECT_FALSE(service_->Authenticate(ann_tokens.access_token));
  EXPECT_EQ(service_->RevokeSession(ann.id, ann_tokens.session_id).error().code, ErrorCode::kNotFound);
}

TEST_P(ServiceTest, MailSendingEndpointsAreLimitedPerEmail) {
  AuthSettings settings = service_->settings();
  settings.auth.rate_limit_email_per_hour = 3;
  Build(settings);
  clock_.SetMillis(3'600'000LL * 500000);  // on an hour boundary
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(service_->ForgotPassword("x@example.com"));
  auto limited = service_->RequestMagicLink("X@example.com ");
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(limited.error().details.at("retry_after_s").as_int64(), 3600);
  EXPECT_TRUE(service_->ForgotPassword("y@example.com")) << "other addresses are unaffected";
  clock_.Advance(std::chrono::hours(1));
  EXPECT_TRUE(service_->ForgotPassword("x@example.com"));
}

TEST_P(ServiceTest, ManagersAreAssignedAndScoped) {
  auto client = Client("client@example.com");
  auto other = Client("other@example.com");
  auto manager = service_->CreateManager("Mgr@Example.com", "Max", "en");
  ASSERT_TRUE(manager) << manager.error().message;
  EXPECT_EQ(manager->role, "MANAGER");
  EXPECT_NE(LastMail("manager_invite").text.find("https://app.example.com/reset-password?token="),
            std::string::npos);
  EXPECT_EQ(service_->CreateManager("mgr@example.com", "Max", "en").error().code, ErrorCode::kConflict);
  EXPECT_EQ(service_->CreateManager("m2@example.com", "", "en").error().details.at("field"), "name");

  auto not_manager = service_->AssignManager(client.account_id, other.id);
  ASSERT_FALSE(not_manager);
  EXPECT_EQ(not_manager.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(service_->AssignManager(NewId("acc"), manager->id).error().code, ErrorCode::kNotFound);
  auto assigned = service_->AssignManager(client.account_id, manager->id);
  ASSERT_TRUE(assigned) << assigned.error().message;
  EXPECT_EQ(assigned->account.manager_user_id, manager->id);

  auto mine = service_->ListClientsOfManager(manager->id).value();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].owner.email, "client@example.com");
  EXPECT_TRUE(service_->GetClientOfManager(manager->id, client.account_id));
  EXPECT_EQ(service_->GetClientOfManager(manager->id, other.account_id).error().code, ErrorCode::kNotFound);

  AccessPolicy policy(*store_);
  http::Principal as_manager{manager->id, "MANAGER", ""};
  EXPECT_TRUE(policy.CanAccess(as_manager, client.account_id));
  EXPECT_EQ(policy.CanAccess(as_manager, other.account_id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->GetProfile(client.id).value().manager->id, manager->id);

  ASSERT_TRUE(service_->AssignManager(client.account_id, ""));  // unassign
  EXPECT_TRUE(service_->ListClientsOfManager(manager->id).value().empty());
  EXPECT_EQ(policy.CanAccess(as_manager, client.account_id).error().code, ErrorCode::kNotFound);

  EXPECT_EQ(service_->ListClients("").value().size(), 2u);
  auto found = service_->ListClients("CLIENT@").value();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].account.id, client.account_id);
  EXPECT_TRUE(service_->ListClients("%").value().empty()) << "wildcards match literally";
}

TEST_P(ServiceTest, CreateAdminPrintsAWorkingPasswordLink) {
  auto link = service_->CreateOrPromoteAdmin("Root@Example.com", "Root");
  ASSERT_TRUE(link) << link.error().message;
  EXPECT_TRUE(link->starts_with("https://app.example.com/reset-password?token=")) << *link;
  std::string token = link->substr(link->find("token=") + 6);
  ASSERT_TRUE(service_->ResetPassword(token, "admin password 123"));
  auto outcome = service_->Login("root@example.com", "admin password 123", {});
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_TRUE(outcome->two_factor_required);

  auto client = Client("promote@example.com");
  ASSERT_TRUE(service_->CreateOrPromoteAdmin("promote@example.com", ""));
  auto promoted = service_->FindUser(client.id).value();
  EXPECT_EQ(promoted->role, "ADMIN");
}

TEST_P(ServiceTest, OAuthSeamFindsOrCreatesVerifiedClients) {
  auto created = service_->FindOrCreateVerifiedUser("New@Example.com", "Nia", "ru");
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_TRUE(created->email_verified());
  EXPECT_EQ(created->role, "CLIENT");
  EXPECT_EQ(created->language, "ru");
  EXPECT_FALSE(created->password_hash);
  auto again = service_->FindOrCreateVerifiedUser("new@example.com", "Other", "en").value();
  EXPECT_EQ(again.id, created->id);
  auto tokens = service_->StartSession(again, {.ip = "1.1.1.1"});
  ASSERT_TRUE(tokens);
  EXPECT_TRUE(service_->Authenticate(tokens->access_token));
  // No password yet: password sign-in fails like a wrong password.
  EXPECT_EQ(service_->Login("new@example.com", kPassword, {}).error().code, ErrorCode::kUnauthenticated);
}

TEST_P(ServiceTest, MailboxOwnerClaimsAnUnverifiedAccountFromWhoeverRegisteredIt) {
  // A squatter registers the victim's address with a password, never verifies it.
  auto squatted = service_->Register({.email = "victim@example.com", .password = std::string(kPassword)}, {});
  ASSERT_TRUE(squatted);
  // The real owner signs in with Google: the account becomes theirs, the squatter's password is gone.
  auto owner = service_->FindOrCreateVerifiedUser("victim@example.com", "Vic", "en").value();
  EXPECT_EQ(owner.id, squatted->id);
  EXPECT_TRUE(owner.email_verified());
  EXPECT_FALSE(owner.password_hash);
  EXPECT_EQ(service_->Login("victim@example.com", kPassword, {}).error().code, ErrorCode::kUnauthenticated);

  // The same through a magic link.
  ASSERT_TRUE(service_->Register({.email = "second@example.com", .password = std::string(kPassword)}, {}));
  ASSERT_TRUE(service_->RequestMagicLink("second@example.com"));
  ASSERT_TRUE(service_->ConsumeMagicLink(TokenIn(LastMail("magic_link")), {}));
  EXPECT_EQ(service_->Login("second@example.com", kPassword, {}).error().code, ErrorCode::kUnauthenticated);

  // A verified account keeps its password.
  Client("kept@example.com", false);
  service_->FindOrCreateVerifiedUser("kept@example.com", "", "en").value();
  EXPECT_TRUE(service_->Login("kept@example.com", kPassword, {}));
}

TEST_P(ServiceTest, TamperedOrForeignTokensAreRejected) {
  Client("ann@example.com", false);
  auto tokens = SignIn("ann@example.com");
  std::string tampered = tokens.access_token;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(service_->Authenticate(tampered));
  boost::json::object claims{{"iss", "x8"},         {"sub", tokens.user.id},    {"role", "ADMIN"},
                             {"acc", ""},           {"sid", tokens.session_id}, {"iat", 0},
                             {"exp", 9'999'999'999}};
  EXPECT_FALSE(service_->Authenticate(crypto::SignJwtHs256(claims, "another key")));
  // Even a validly signed token cannot claim a role: the role comes from the user row.
  auto forged = service_->Authenticate(crypto::SignJwtHs256(claims, service_->settings().jwt_key));
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->principal.role, "CLIENT");
}

TEST_P(ServiceTest, ProfileUpdatesValidate) {
  auto user = Client("ann@example.com");
  auto updated = service_->UpdateProfile(user.id, {.name = " Anna ", .language = "ru"});
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->name, "Anna");
  EXPECT_EQ(updated->language, "ru");
  EXPECT_TRUE(updated->two_factor_enabled);
  EXPECT_EQ(service_->UpdateProfile(user.id, {.language = "xx"}).error().details.at("field"), "language");
  EXPECT_EQ(service_->UpdateProfile(user.id, {.name = std::string(201, 'a')}).error().details.at("field"),
            "name");
}

X8_INSTANTIATE_ENGINE_TEST(ServiceTest);

}  // namespace
}  // namespace x8::accounts
