#include "modules/accounts/module.h"

#include <spdlog/spdlog.h>

#include "modules/accounts/oauth/routes.h"
#include "modules/accounts/store/cleanup.h"
#include "modules/accounts/store/sql_store.h"
#include "platform/crypto/crypto.h"
#include "platform/jobs/queue.h"
#include "platform/jobs/scheduler.h"
#include "platform/jobs/worker.h"
#include "platform/mail/delivery.h"
#include "platform/mail/outbox.h"

namespace x8::accounts {

namespace {

// Production mail: the platform's durable queue, in the caller's transaction.
class QueueMailSink final : public MailSink {
 public:
  explicit QueueMailSink(jobs::Queue& queue) : queue_(queue) {}
  Status Send(Executor& tx, const mail::Message& message) override {
    X8_TRY_STATUS(mail::EnqueueMail(tx, queue_, message));
    return Ok();
  }

 private:
  jobs::Queue& queue_;
};

// For commands that must never send mail (create-admin prints its link instead).
class RefusingMailSink final : public MailSink {
 public:
  Status Send(Executor&, const mail::Message&) override { return Internal("this command sends no mail"); }
};

OutboxLister OutboxListerFor(storage::Database& db) {
  return [&db](int limit, const std::string& to) -> Result<boost::json::array> {
    X8_TRY(auto entries, mail::ListOutbox(db, limit, to));
    boost::json::array items;
    for (const auto& e : entries) {
      items.push_back(boost::json::object{{"id", e.id},
                                          {"to", e.to},
                                          {"subject", e.subject},
                                          {"text", e.text},
                                          {"html", e.html},
                                          {"tag", e.tag},
                                          {"created_at", e.created_at}});
    }
    return items;
  };
}

AuthSettings SettingsFrom(const config::Config& config, std::string jwt_key) {
  return AuthSettings{
      .auth = config.auth, .public_url = config.server.public_url, .jwt_key = std::move(jwt_key)};
}

}  // namespace

struct Module::Parts {
  Parts(storage::Database& db, jobs::Queue& queue, const Clock& clock)
      : store(db), mail(queue), limiter(clock), ip_limiter(clock) {}
  SqlAccountsStore store;
  QueueMailSink mail;
  RateLimiter limiter;                        // per email, inside the service
  RateLimiter ip_limiter;                     // per client IP, over /api/v1/auth/*
  std::unique_ptr<oauth::OAuthModule> oauth;  // Google and Facebook sign-in routes
};

Module::~Module() = default;

std::unique_ptr<Module> Module::Register(const Dependencies& deps) {
  std::unique_ptr<Module> module(new Module());
  module->parts_ = std::make_unique<Parts>(deps.db, deps.queue, deps.clock);
  auto& parts = *module->parts_;
  module->service_ = std::make_unique<AccountsService>(
      deps.db, parts.store, parts.mail, deps.clock, parts.limiter,
      SettingsFrom(deps.config, crypto::DeriveKey(deps.master_key, "x8/jwt/v1")));
  module->authenticator_ = std::make_shared<JwtAuthenticator>(*module->service_);
  module->access_policy_ = std::make_unique<AccessPolicy>(parts.store);
  RegisterRoutes(
      RouteDependencies{.router = deps.router,
                        .service = *module->service_,
                        .authenticator = *module->authenticator_,
                        .limiter = parts.ip_limiter,
                        .config = deps.config,
                        .outbox = deps.dev_outbox ? OutboxLister(OutboxListerFor(deps.db)) : OutboxLister(),
                        .figures = module->figures_});
  parts.oauth = oauth::OAuthModule::Register({.router = deps.router,
                                              .db = deps.db,
                                              .service = *module->service_,
                                              .ip_limiter = parts.ip_limiter,
                                              .clock = deps.clock,
                                              .config = deps.config});

  // Expired, used and revoked sessions, tokens, codes and OAuth states, a week after they died. The
  // deletes run in their own short batches; the job's transaction only records that it ran.
  deps.worker.Register(
      std::string(kCleanupJob),
      [&db = deps.db, &clock = deps.clock](const jobs::Job&, storage::Tx&) -> Status {
        X8_TRY(auto deleted, CleanUpAccounts(db, clock.NowMillis()));
        if (deleted.total() > 0) {
          spdlog::info(
              "accounts.cleanup: deleted {} sessions, {} refresh tokens, {} one-time tokens, "
              "{} login challenges, {} OAuth states{}",
              deleted.sessions, deleted.refresh_tokens, deleted.one_time_tokens, deleted.login_challenges,
              deleted.oauth_states, deleted.backlog ? "; more are left for the next run" : "");
        }
        return Ok();
      });
  auto scheduled = deps.scheduler.Every(std::string(kCleanupJob), kCleanupInterval, std::string(kCleanupJob));
  if (!scheduled) throw ErrorException(scheduled.error());  // a start-up bug
  return module;
}

Result<std::string> CreateAdmin(storage::Database& db, const Clock& clock, const config::Config& config,
                                std::string_view email, std::string_view name) {
  SqlAccountsStore store(db);
  RefusingMailSink mail;
  RateLimiter limiter(clock);
  AccountsService service(db, store, mail, clock, limiter, SettingsFrom(config, std::string()));
  return service.CreateOrPromoteAdmin(email, name);
}

}  // namespace x8::accounts
