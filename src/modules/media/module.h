// The media module: product and service photos and one welcome video per user (docs/media.md).
#pragma once

#include <memory>

#include "core/clock.h"
#include "core/error.h"
#include "platform/config/config.h"

namespace x8::storage {
class Database;
}
namespace x8::http {
class Router;
}

namespace x8::media {

class MediaService;
class MediaObserver;

struct Dependencies {
  http::Router& router;
  storage::Database& db;
  const Clock& clock;
  const config::MediaConfig& config;
  // Hears about images added and removed, inside those transactions (optional; outlives the module).
  MediaObserver* observer = nullptr;
};

struct Registered {
  std::shared_ptr<MediaService> service;  // for the composition root's own callers
};

// Routes: POST/GET /api/v1/media, GET/DELETE /api/v1/media/{media_id} and, for local storage,
// GET /media/users/{user_id}/{folder}/{file}. The objects behind them live as long as the handlers.
Result<Registered> Register(const Dependencies& deps);

}  // namespace x8::media
