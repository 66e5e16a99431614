// The commerce module: orders with frozen quotes, the payment-provider port with the sandbox provider
// and its checkout page, payment events applied by jobs, link expiry and the payments log API.
// docs/payments.md, docs/design/conversations.md (flow step 5).
#pragma once

#include <memory>
#include <string>

#include "core/clock.h"
#include "modules/commerce/domain/checkout.h"
#include "modules/commerce/domain/order.h"
#include "modules/commerce/domain/service.h"

namespace x8::storage {
class Database;
}
namespace x8::http {
class Router;
}
namespace x8::jobs {
class Queue;
class Worker;
class Scheduler;
}  // namespace x8::jobs
namespace x8::accounts {
class AccessPolicy;
}

namespace x8::commerce {

struct Dependencies {
  http::Router& router;
  storage::Database& db;
  jobs::Queue& queue;
  jobs::Worker& worker;        // runs payments.apply_event and payments.expire_links (register before Start)
  jobs::Scheduler& scheduler;  // payments.expire_links every minute (register before Start)
  const Clock& clock;
  const accounts::AccessPolicy& access;
  int64_t link_ttl_minutes = 60;  // payments.link_ttl_minutes
  std::string public_url;         // server.public_url: the sandbox links point here
  CompanyAccess& companies;       // the payments log's company → account (kNotFound when unreachable)
  MerchantDirectory& merchants;   // the business's name on the checkout page
  PaymentObserver* observer =
      nullptr;  // conversations; may be set later with Registered::service->SetObserver
};

struct Registered {
  std::shared_ptr<CheckoutPort> checkout;    // for conversations
  std::shared_ptr<CheckoutService> service;  // SetObserver, and the use cases behind the routes
  std::shared_ptr<OrderRepository> orders;   // read access for other wiring (demo seeding, tests)
};

// Adds the routes, the job handlers and the schedule; the objects behind them live as long as the
// returned pointers or the router's handlers, whichever is longer.
Registered Register(const Dependencies& deps);

inline constexpr std::string_view kExpireLinksSchedule = "payments.expire_links";

}  // namespace x8::commerce
