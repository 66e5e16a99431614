// The realtime bus: WebSocket events (the live inbox, the web chat widget's replies) for the sockets
// of every node, not only the node that did the work. See docs/design/realtime.md.
//
//  - SQLite (one node): Publish hands the event to this node's WebSocketHub at once, as before.
//  - PostgreSQL (any number of nodes): Publish runs `SELECT pg_notify(<channel>, payload)` through the
//    Database. Inside the thread's ambient transaction (database.h) the event is therefore sent when
//    that transaction commits and never when it rolls back; outside one it is sent at once. Every node,
//    the publisher included, LISTENs on a dedicated connection in a background thread and hands what
//    it hears to its own hub. Listeners receive notifications in the order the transactions committed.
//    A payload that does not fit NOTIFY (8000 bytes) is stored in realtime_events and only its id is
//    notified; listeners read it back by id, and the "realtime.cleanup" job deletes rows older than an
//    hour. A lost listener connection is reopened with backoff (logged at warn); events sent while it
//    was down are not replayed, so the node then publishes {"type":"resync"} on its local "system"
//    topic, and clients catch up the way they do after their own socket drops.
#pragma once

#include <atomic>
#include <boost/json/value.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "core/clock.h"
#include "core/error.h"
#include "platform/http/websocket_hub.h"
#include "platform/storage/database.h"

namespace x8::jobs {
class Worker;
class Scheduler;
}  // namespace x8::jobs

namespace x8::realtime {

// What modules are handed to publish with (conversations::Publisher, webchat::Publisher).
using Publisher = std::function<void(std::string_view topic, const boost::json::value& data)>;

inline constexpr std::string_view kCleanupJob = "realtime.cleanup";
inline constexpr int64_t kStoredEventTtlMs = 3'600'000;  // stored (large) events are read within moments

struct BusOptions {
  // The NOTIFY channel. Empty: "x8_events", or "x8_events_<schema>" when the connection's
  // current_schema() is not "public" (several installations, or parallel tests, sharing one database
  // each hear only their own events: channels are per database, not per schema).
  std::string channel;
  std::chrono::milliseconds wait{200};  // one listener poll; bounds how long Stop() takes
  std::chrono::milliseconds reconnect_min{200};
  std::chrono::milliseconds reconnect_max{10'000};
  size_t max_notify_bytes = 7'900;  // larger payloads go through realtime_events (NOTIFY's limit is 8000)
};

class Bus : public std::enable_shared_from_this<Bus> {
 public:
  // On PostgreSQL reads current_schema() to name the channel (when options.channel is empty).
  static Result<std::shared_ptr<Bus>> Create(storage::Database& db, http::WebSocketHub& hub,
                                             const Clock& clock, BusOptions options = {});
  ~Bus();  // Stop()
  Bus(const Bus&) = delete;
  Bus& operator=(const Bus&) = delete;

  // Thread-safe. Never fails the caller: a NOTIFY that cannot be sent is logged at warn (inside a
  // transaction PostgreSQL then aborts that transaction, as any failed statement does).
  void Publish(std::string_view topic, const boost::json::value& data);
  // A Publisher that keeps this bus alive.
  Publisher publisher();

  // PostgreSQL: LISTENs (the first attempt here, so events published after Start() returns are heard;
  // if the database is unreachable the background thread keeps trying) and starts the listener thread.
  // SQLite: nothing to do. Idempotent.
  Status Start();
  // Stops the listener thread within about options.wait. Idempotent.
  void Stop();

  bool distributed() const { return distributed_; }
  const std::string& channel() const { return channel_; }
  // How many times the listener connection was reopened after being lost (tests, diagnostics).
  uint64_t reconnects() const { return reconnects_.load(); }

  // Deletes stored events created before `cutoff_ms`; the number deleted.
  static Result<int64_t> DeleteStoredBefore(storage::Executor& exec, int64_t cutoff_ms);

 private:
  Bus(storage::Database& db, http::WebSocketHub& hub, const Clock& clock, BusOptions options,
      bool distributed, std::string channel);
  void Run(std::unique_ptr<storage::Listener> listener);
  void Deliver(const std::string& payload);
  // Sleeps up to `delay` unless stopping; false when stopping.
  bool SleepUnlessStopping(std::chrono::milliseconds delay);

  storage::Database& db_;
  http::WebSocketHub& hub_;
  const Clock& clock_;
  BusOptions options_;
  bool distributed_;
  std::string channel_;
  std::atomic<uint64_t> reconnects_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool started_ = false;
  std::thread thread_;
};

// PostgreSQL only (nothing is stored on SQLite): registers the "realtime.cleanup" job on `worker` and
// schedules it every `interval` to delete stored events older than kStoredEventTtlMs.
Status RegisterCleanup(Bus& bus, jobs::Worker& worker, jobs::Scheduler& scheduler, const Clock& clock,
                       std::chrono::milliseconds interval = std::chrono::minutes(10));

}  // namespace x8::realtime
