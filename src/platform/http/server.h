// The HTTP/1.1 + WebSocket server (Boost.Beast on Asio C++20 coroutines). It moves bytes only:
// every request goes through the Pipeline on a worker pool, so handlers may block.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/error.h"

namespace x8::http {

class Router;
class Pipeline;
class WebSocketHub;

struct ServerOptions {
  std::string host = "0.0.0.0";
  uint16_t port = 8080;  // 0 picks a free port (tests)
  int io_threads = 2;
  int worker_threads = 8;
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 16 << 10;
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds drain_timeout{10'000};
  std::string websocket_path = "/ws";
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, const Pipeline& pipeline, WebSocketHub& hub);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; afterwards port() is the bound port. Errors: address in use, bad host.
  Status Listen();
  uint16_t port() const;

  // Serves until Stop() (or SIGINT/SIGTERM when handle_signals) and the drain finish.
  void Run(bool handle_signals);
  // Graceful: stops accepting, lets in-flight requests finish (up to drain_timeout), closes idle
  // keep-alive and WebSocket connections. Safe from any thread, idempotent.
  void Stop();

  size_t in_flight() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace x8::http
