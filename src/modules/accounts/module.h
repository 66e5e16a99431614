// The accounts module: users, roles, sessions and tokens; the JWT authenticator the pipeline uses and
// the access policy every other module applies. Wired explicitly by app/application.cpp.
#pragma once

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "modules/accounts/api/jwt_authenticator.h"
#include "modules/accounts/api/routes.h"
#include "modules/accounts/domain/access.h"
#include "modules/accounts/domain/service.h"
#include "platform/config/config.h"

namespace x8::storage {
class Database;
}
namespace x8::jobs {
class Queue;
class Worker;
class Scheduler;
}  // namespace x8::jobs
namespace x8::http {
class Router;
}

namespace x8::accounts {

struct Dependencies {
  http::Router& router;
  storage::Database& db;
  jobs::Queue& queue;          // mail is enqueued through it, inside the transactions that create tokens
  jobs::Worker& worker;        // runs accounts.cleanup (register before Start)
  jobs::Scheduler& scheduler;  // accounts.cleanup every hour (register before Start)
  const Clock& clock;
  const config::Config& config;
  std::string master_key;  // 32 raw bytes (crypto::LoadMasterKey)
  bool dev_outbox = true;  // GET /admin/outbox lists mail_outbox; false (404) when SMTP is configured
};

class Module {
 public:
  // Registers the routes, the accounts.cleanup job and its hourly schedule (store/cleanup.h), and builds
  // the service, authenticator and access policy.
  static std::unique_ptr<Module> Register(const Dependencies& deps);
  ~Module();

  std::shared_ptr<JwtAuthenticator> authenticator() const { return authenticator_; }
  AccessPolicy& access_policy() { return *access_policy_; }
  AccountsService& service() { return *service_; }
  // Companies/conversations fill the manager area's per-client figures once they exist.
  void SetClientFigures(ClientFiguresProvider provider) { *figures_ = std::move(provider); }

 private:
  Module() = default;
  struct Parts;
  std::unique_ptr<Parts> parts_;
  std::shared_ptr<JwtAuthenticator> authenticator_;
  std::unique_ptr<AccessPolicy> access_policy_;
  std::unique_ptr<AccountsService> service_;
  std::shared_ptr<ClientFiguresProvider> figures_ = std::make_shared<ClientFiguresProvider>();
};

// `x8 create-admin`: creates or promotes an ADMIN in `db` (migrated) and returns a one-time
// password-set link ({public_url}/reset-password?token=…). Sends no mail.
Result<std::string> CreateAdmin(storage::Database& db, const Clock& clock, const config::Config& config,
                                std::string_view email, std::string_view name);

}  // namespace x8::accounts
