#include "platform/realtime/bus.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "core/ids.h"
#include "platform/jobs/scheduler.h"
#include "platform/jobs/worker.h"

namespace x8::realtime {
namespace {

namespace json = boost::json;

constexpr std::string_view kDefaultChannel = "x8_events";
constexpr size_t kMaxChannelBytes = 63;  // NAMEDATALEN - 1

constexpr std::string_view kNotifySql = "SELECT pg_notify(?, ?)";
constexpr std::string_view kInsertStoredSql =
    "INSERT INTO realtime_events (id, topic, data, created_at) VALUES (?, ?, ?, ?)";
constexpr std::string_view kSelectStoredSql = "SELECT topic, data FROM realtime_events WHERE id = ?";
constexpr std::string_view kDeleteStoredSql = "DELETE FROM realtime_events WHERE created_at < ?";

std::string ChannelFor(std::string_view schema) {
  if (schema.empty() || schema == "public") return std::string(kDefaultChannel);
  std::string channel = std::string(kDefaultChannel) + "_" + std::string(schema);
  if (channel.size() > kMaxChannelBytes) {
    // Still one channel per schema: a short hash of the name instead of the name (FNV-1a).
    uint64_t hash = 1469598103934665603ULL;
    for (unsigned char c : schema) hash = (hash ^ c) * 1099511628211ULL;
    channel = std::string(kDefaultChannel) + "_" + std::to_string(hash);
  }
  return channel;
}

}  // namespace

Result<std::shared_ptr<Bus>> Bus::Create(storage::Database& db, http::WebSocketHub& hub, const Clock& clock,
                                         BusOptions options) {
  const bool distributed = db.dialect() == storage::Dialect::kPostgres;
  std::string channel = options.channel;
  if (distributed && channel.empty()) {
    X8_TRY(auto rows, db.Query("SELECT current_schema() AS schema", {}));
    channel = ChannelFor(rows.empty() || rows[0].IsNull("schema") ? "" : rows[0].Text("schema"));
  }
  return std::shared_ptr<Bus>(new Bus(db, hub, clock, std::move(options), distributed, std::move(channel)));
}

Bus::Bus(storage::Database& db, http::WebSocketHub& hub, const Clock& clock, BusOptions options,
         bool distributed, std::string channel)
    : db_(db),
      hub_(hub),
      clock_(clock),
      options_(std::move(options)),
      distributed_(distributed),
      channel_(std::move(channel)) {}

Bus::~Bus() { Stop(); }

void Bus::Publish(std::string_view topic, const boost::json::value& data) {
  if (!distributed_) {
    hub_.Publish(topic, data);
    return;
  }
  std::string envelope = json::serialize(json::object{{"topic", topic}, {"data", data}});
  auto notify = [&](std::string payload) -> Status {
    X8_TRY(auto rows, db_.Query(kNotifySql, {channel_, std::move(payload)}));
    return Ok();
  };
  Status sent = Ok();
  if (envelope.size() <= options_.max_notify_bytes) {
    sent = notify(std::move(envelope));
  } else {
    // Too large for NOTIFY: store it (in the same transaction when there is one) and notify its id.
    std::string id = NewId("rte");
    auto stored =
        db_.Exec(kInsertStoredSql, {id, std::string(topic), json::serialize(data), clock_.NowMillis()});
    sent = stored ? notify(json::serialize(json::object{{"ref", id}})) : Status(std::move(stored).error());
  }
  if (!sent) spdlog::warn("realtime: event on {} not published: {}", topic, sent.error().message);
}

Publisher Bus::publisher() {
  // Bus objects are only made by Create, as shared_ptrs.
  return [self = shared_from_this()](std::string_view topic, const boost::json::value& data) {
    self->Publish(topic, data);
  };
}

Status Bus::Start() {
  if (!distributed_) return Ok();
  {
    std::lock_guard lock(mutex_);
    if (started_) return Ok();
    started_ = true;
    stopping_ = false;
  }
  std::unique_ptr<storage::Listener> listener;
  if (auto opened = db_.Listen(channel_)) {
    listener = std::move(*opened);
  } else if (opened.error().code == ErrorCode::kUnavailable) {
    spdlog::warn("realtime: cannot listen on {} yet ({}); retrying in the background", channel_,
                 opened.error().message);
  } else {
    std::lock_guard lock(mutex_);
    started_ = false;
    return std::move(opened).error();
  }
  spdlog::info("realtime: listening on channel {}", channel_);
  thread_ = std::thread([this, first = std::move(listener)]() mutable { Run(std::move(first)); });
  return Ok();
}

void Bus::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    started_ = false;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Bus::SleepUnlessStopping(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, delay, [this] { return stopping_; });
  return !stopping_;
}

void Bus::Run(std::unique_ptr<storage::Listener> listener) {
  auto backoff = options_.reconnect_min;
  bool lost = listener == nullptr;  // a first LISTEN that failed counts as a gap, like a lost one
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    if (!listener) {
      auto opened = db_.Listen(channel_);
      if (!opened) {
        spdlog::warn("realtime: cannot listen on {}: {}; retrying in {} ms", channel_, opened.error().message,
                     backoff.count());
        if (!SleepUnlessStopping(backoff)) return;
        backoff = std::min(backoff * 2, options_.reconnect_max);
        continue;
      }
      listener = std::move(*opened);
      backoff = options_.reconnect_min;
      if (lost) {
        ++reconnects_;
        spdlog::warn("realtime: listening on {} again; events sent meanwhile were missed, clients resync",
                     channel_);
        hub_.Publish("system", json::object{{"type", "resync"}});
        lost = false;
      }
    }
    auto got = listener->Wait(options_.wait);
    if (!got) {
      spdlog::warn("realtime: {}; reconnecting", got.error().message);
      listener.reset();
      lost = true;
      if (!SleepUnlessStopping(backoff)) return;
      continue;
    }
    for (const auto& notification : *got) Deliver(notification.payload);
  }
}

void Bus::Deliver(const std::string& payload) {
  try {
    json::object envelope = json::parse(payload).as_object();
    if (const auto* ref = envelope.if_contains("ref")) {
      auto rows = db_.Query(kSelectStoredSql, {std::string(ref->as_string())});
      if (!rows) {
        spdlog::warn("realtime: stored event {} not read: {}", ref->as_string().c_str(),
                     rows.error().message);
        return;
      }
      if (rows->empty()) {
        spdlog::warn("realtime: stored event {} is gone", ref->as_string().c_str());
        return;
      }
      hub_.Publish((*rows)[0].Text("topic"), json::parse((*rows)[0].Text("data")));
      return;
    }
    hub_.Publish(envelope.at("topic").as_string(), envelope.at("data"));
  } catch (const std::exception& e) {
    // Not ours (someone else notified on the channel) or a bug: never take the listener down.
    spdlog::warn("realtime: ignoring a malformed notification on {}: {}", channel_, e.what());
  }
}

Result<int64_t> Bus::DeleteStoredBefore(storage::Executor& exec, int64_t cutoff_ms) {
  return exec.Exec(kDeleteStoredSql, {cutoff_ms});
}

Status RegisterCleanup(Bus& bus, jobs::Worker& worker, jobs::Scheduler& scheduler, const Clock& clock,
                       std::chrono::milliseconds interval) {
  if (!bus.distributed()) return Ok();
  worker.Register(std::string(kCleanupJob), [&clock](const jobs::Job&, storage::Tx& tx) -> Status {
    X8_TRY(auto deleted, Bus::DeleteStoredBefore(tx, clock.NowMillis() - kStoredEventTtlMs));
    if (deleted > 0) spdlog::debug("realtime: deleted {} stored events", deleted);
    return Ok();
  });
  return scheduler.Every(std::string(kCleanupJob), interval, std::string(kCleanupJob));
}

}  // namespace x8::realtime
