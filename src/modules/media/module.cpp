#include "modules/media/module.h"

#include <algorithm>

#include "modules/media/api/routes.h"
#include "modules/media/domain/service.h"
#include "modules/media/storage/local_disk_storage.h"
#include "modules/media/store/sql_media_repository.h"
#include "platform/http/router.h"
#include "platform/storage/database.h"

namespace x8::media {

Result<Registered> Register(const Dependencies& deps) {
  if (!deps.config.cloudinary_url.empty()) {
    return FailedPrecondition(
               "media.cloudinary_url is set, but this build stores media on the local disk only")
        .With("field", "media.cloudinary_url");
  }
  MediaLimits limits{.max_image_bytes = deps.config.max_image_bytes,
                     .max_video_bytes = deps.config.max_video_bytes,
                     .quota_bytes = deps.config.quota_bytes};
  struct State {
    State(storage::Database& db, const Clock& clock, const std::string& root, MediaLimits limits)
        : repository(db),
          storage(std::make_shared<LocalDiskStorage>(root)),
          service(repository, *storage, clock, limits) {}
    SqlMediaRepository repository;
    std::shared_ptr<LocalDiskStorage> storage;
    MediaService service;
  };
  auto state = std::make_shared<State>(deps.db, deps.clock, deps.config.root, limits);
  auto service = std::shared_ptr<MediaService>(state, &state->service);
  AddRoutes(deps.router, service,
            static_cast<size_t>(std::max(deps.config.max_image_bytes, deps.config.max_video_bytes)));
  AddFileRoutes(deps.router, std::shared_ptr<const LocalDiskStorage>(state, state->storage.get()));
  return Registered{.service = service};
}

}  // namespace x8::media
