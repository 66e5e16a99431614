#include "modules/media/module.h"

#include <algorithm>

#include "modules/media/api/routes.h"
#include "modules/media/domain/service.h"
#include "modules/media/storage/cloudinary_storage.h"
#include "modules/media/storage/local_disk_storage.h"
#include "modules/media/store/sql_media_repository.h"
#include "platform/http/router.h"
#include "platform/storage/database.h"

namespace x8::media {

Result<Registered> Register(const Dependencies& deps) {
  MediaLimits limits{.max_image_bytes = deps.config.max_image_bytes,
                     .max_video_bytes = deps.config.max_video_bytes,
                     .quota_bytes = deps.config.quota_bytes};
  std::unique_ptr<http::HttpClient> client;
  std::unique_ptr<CloudinaryStorage> cloudinary;
  if (!deps.config.cloudinary_url.empty()) {
    X8_TRY(auto credentials, ParseCloudinaryUrl(deps.config.cloudinary_url));
    client = std::make_unique<http::HttpClient>();
    cloudinary = std::make_unique<CloudinaryStorage>(
        *client,
        CloudinaryOptions{.credentials = std::move(credentials),
                          .api_base = deps.config.cloudinary_api_base,
                          .delivery_base = deps.config.cloudinary_delivery_base},
        deps.clock);
  }
  // Everything behind the routes, owned by the handlers (through aliasing shared_ptrs to its parts).
  struct State {
    State(storage::Database& db, const Clock& clock, const std::string& root, MediaLimits limits,
          std::unique_ptr<http::HttpClient> owned_client, std::unique_ptr<CloudinaryStorage> owned_cloudinary,
          MediaObserver* observer)
        : local(root),
          client(std::move(owned_client)),
          cloudinary(std::move(owned_cloudinary)),
          repository(db, observer),
          service(repository, cloudinary ? static_cast<MediaStorage&>(*cloudinary) : local, clock, limits) {
      if (cloudinary) service.AddFormerStorage(local);
    }
    LocalDiskStorage local;
    std::unique_ptr<http::HttpClient> client;
    std::unique_ptr<CloudinaryStorage> cloudinary;
    SqlMediaRepository repository;
    MediaService service;
  };
  auto state = std::make_shared<State>(deps.db, deps.clock, deps.config.root, limits, std::move(client),
                                       std::move(cloudinary), deps.observer);
  auto service = std::shared_ptr<MediaService>(state, &state->service);
  AddRoutes(deps.router, service,
            static_cast<size_t>(std::max(deps.config.max_image_bytes, deps.config.max_video_bytes)));
  // Local files are served whatever the storage, so the route table does not depend on configuration
  // (files stored before a switch to Cloudinary stay reachable).
  AddFileRoutes(deps.router, std::shared_ptr<const LocalDiskStorage>(state, &state->local));
  return Registered{.service = service};
}

}  // namespace x8::media
