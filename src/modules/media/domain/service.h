// Media use cases: upload (sniff, limits, previews, store, record), list, get, delete.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "modules/media/domain/ports.h"
#include "modules/media/domain/storage.h"
#include "platform/http/message.h"

namespace x8::media {

struct MediaLimits {
  int64_t max_image_bytes = 10LL << 20;
  int64_t max_video_bytes = 100LL << 20;
  int64_t quota_bytes = 500LL << 20;  // per account
};

struct UploadInput {
  std::optional<std::string> folder;     // ?folder=
  std::optional<std::string> file_name;  // X-File-Name
  std::string_view body;
};

class MediaService {
 public:
  MediaService(MediaRepository& repository, MediaStorage& storage, const Clock& clock, MediaLimits limits)
      : repository_(repository), storage_(storage), clock_(clock), limits_(limits) {}

  // Media belongs to a business: only a principal with an account (a CLIENT) has a library; others
  // get kPermissionDenied. Images go to product or service, videos to welcome (kInvalidArgument
  // otherwise); 415 for other types, 413 over the size limits or the quota, 409 for a second video.
  Result<MediaFile> Upload(const http::Principal& principal, const UploadInput& input);
  Result<std::vector<MediaFile>> List(const http::Principal& principal,
                                      const std::optional<std::string>& folder);
  Result<MediaFile> Get(const http::Principal& principal, std::string_view media_id);
  // Removes the stored bytes (from the storage the file was saved to), then the record.
  Status Delete(const http::Principal& principal, std::string_view media_id);

  // Another storage files may live in (the local disk after a switch to Cloudinary), found by
  // MediaFile::storage when they are deleted. New uploads always go to the constructor's storage.
  void AddFormerStorage(MediaStorage& storage) { former_.push_back(&storage); }

 private:
  MediaRepository& repository_;
  MediaStorage& storage_;
  const Clock& clock_;
  MediaLimits limits_;
  std::vector<MediaStorage*> former_;
};

}  // namespace x8::media
