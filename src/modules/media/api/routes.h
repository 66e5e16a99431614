// HTTP routes of the media module (docs/media.md).
#pragma once

#include <boost/json/object.hpp>
#include <memory>

#include "modules/media/domain/service.h"
#include "modules/media/storage/local_disk_storage.h"
#include "platform/http/router.h"

namespace x8::media {

boost::json::object ToJson(const MediaFile& file);

// POST/GET /api/v1/media, GET/DELETE /api/v1/media/{media_id}. `max_upload_bytes` is the upload
// route's body limit (the larger of the image and video limits).
void AddRoutes(http::Router& router, const std::shared_ptr<MediaService>& service, size_t max_upload_bytes);

// GET /media/users/{user_id}/{folder}/{file}: the files of LocalDiskStorage, public by unguessable key,
// cached for a year (keys never change), with byte ranges (206/416) so browsers can play and seek videos.
void AddFileRoutes(http::Router& router, const std::shared_ptr<const LocalDiskStorage>& storage);

// The answer of the file route for one key (exposed for tests).
http::Response ServeFile(const LocalDiskStorage& storage, const http::Request& request, std::string_view key);

}  // namespace x8::media
