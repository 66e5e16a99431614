// The composition root: builds and wires every object explicitly, in dependency order.
#pragma once

#include <memory>

#include "core/error.h"
#include "platform/config/config.h"

namespace x8::app {

class Application {
 public:
  // Opens the database, applies migrations, registers every module's routes and jobs.
  static Result<std::unique_ptr<Application>> Create(const config::Config& config);
  ~Application();

  Status Listen();
  uint16_t port() const;
  // Serves until Stop() or SIGINT/SIGTERM; then drains requests and stops the workers.
  void Run(bool handle_signals);
  void Stop();

 private:
  struct Parts;
  explicit Application(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace x8::app
