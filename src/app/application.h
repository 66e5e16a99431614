// The composition root: builds and wires every object explicitly, in dependency order.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "platform/config/config.h"

namespace x8::app {

class Application {
 public:
  // Opens the database, applies migrations, registers every module's routes and jobs.
  static Result<std::unique_ptr<Application>> Create(const config::Config& config);
  ~Application();

  struct RouteInfo {
    std::string method;
    std::string pattern;
    bool requires_auth;
  };
  // Every registered route, for `x8 routes` and the test that keeps the OpenAPI document in step.
  std::vector<RouteInfo> Routes() const;

  // `x8 demo`: the demo business of app/demo.h (idempotent).
  Status SeedDemo();

  Status Listen();
  uint16_t port() const;
  // Serves until Stop() or SIGINT/SIGTERM; then drains requests and stops the workers.
  void Run(bool handle_signals);
  void Stop();

 private:
  struct Parts;
  explicit Application(std::unique_ptr<Parts> parts);
  static Status RegisterConversations(Parts& parts, const std::string& master_key);
  std::unique_ptr<Parts> parts_;
};

}  // namespace x8::app
