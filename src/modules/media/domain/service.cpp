#include "modules/media/domain/service.h"

#include "core/ids.h"
#include "modules/media/domain/image.h"
#include "modules/media/domain/keys.h"
#include "modules/media/domain/sniff.h"

namespace x8::media {
namespace {

constexpr size_t kMaxFileName = 255;

Result<std::string> AccountOf(const http::Principal& principal) {
  if (principal.tenant_id.empty() || principal.user_id.empty()) {
    return Error{ErrorCode::kPermissionDenied, "media belongs to a business account; sign in as its owner"};
  }
  return principal.tenant_id;
}

Error TooLarge(std::string_view what, int64_t bytes, int64_t limit) {
  return Error{ErrorCode::kPayloadTooLarge, std::string(what) + " is " + std::to_string(bytes) +
                                                " bytes; the limit is " + std::to_string(limit) + " bytes"}
      .With("limit_bytes", limit)
      .With("file_bytes", bytes);
}

Result<std::string> CleanFileName(const std::optional<std::string>& header, std::string_view extension) {
  std::string name = header.value_or("");
  if (name.size() > kMaxFileName) {
    return InvalidArgument("X-File-Name is longer than 255 bytes").With("field", "X-File-Name");
  }
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7F) {
      return InvalidArgument("X-File-Name holds control characters").With("field", "X-File-Name");
    }
  }
  if (name.empty()) name = "upload." + std::string(extension);
  return name;
}

}  // namespace

Result<MediaFile> MediaService::Upload(const http::Principal& principal, const UploadInput& input) {
  X8_TRY(std::string account_id, AccountOf(principal));
  if (!input.folder)
    return InvalidArgument("say where the file goes: ?folder=product|service|welcome")
        .With("field", "folder");
  X8_TRY(Folder folder, ParseFolder(*input.folder));
  X8_TRY(SniffedType type, SniffType(input.body));
  const auto size = static_cast<int64_t>(input.body.size());
  if (type.kind == MediaKind::kImage) {
    if (folder == Folder::kWelcome) {
      return InvalidArgument("the welcome folder holds your welcome video; put images in product or service")
          .With("field", "folder");
    }
    if (size > limits_.max_image_bytes) return TooLarge("the image", size, limits_.max_image_bytes);
  } else {
    if (folder != Folder::kWelcome) {
      return InvalidArgument("videos go to the welcome folder (one welcome video per user)")
          .With("field", "folder");
    }
    if (size > limits_.max_video_bytes) return TooLarge("the video", size, limits_.max_video_bytes);
    // Cheap early answer before storing up to 100 MiB; the unique index decides under concurrency.
    X8_TRY(auto existing, repository_.WelcomeVideo(account_id, principal.user_id));
    if (existing) return Conflict(std::string(kWelcomeVideoExists)).With("reason", "welcome_video_exists");
  }
  X8_TRY(std::string file_name, CleanFileName(input.file_name, type.extension));

  MediaFile file{.id = NewId("med"),
                 .account_id = account_id,
                 .user_id = principal.user_id,
                 .folder = folder,
                 .kind = type.kind,
                 .file_name = file_name,
                 .content_type = type.content_type,
                 .storage = std::string(storage_.name()),
                 .created_at = clock_.NowMillis()};
  X8_TRY(file.storage_key, BuildKey(principal.user_id, folder, file.id, Slugify(file_name), type.extension));
  StoredObject object{.key = file.storage_key, .content_type = type.content_type, .kind = type.kind};
  if (type.kind == MediaKind::kImage) {
    X8_TRY(ProcessedImage image, ProcessImage(input.body, type.extension));
    file.width = image.width;
    file.height = image.height;
    object.original = std::move(image.original);
    if (storage_.wants_previews()) {
      object.thumb = std::move(image.thumb);
      object.medium = std::move(image.medium);
    }
  } else {
    object.original = std::string(input.body);
  }
  file.bytes = static_cast<int64_t>(object.original.size() + (object.thumb ? object.thumb->size() : 0) +
                                    (object.medium ? object.medium->size() : 0));
  X8_TRY(int64_t used, repository_.UsedBytes(account_id));
  if (used + file.bytes > limits_.quota_bytes) {
    return Error{ErrorCode::kPayloadTooLarge,
                 "this file does not fit in your media storage (" + std::to_string(used) + " of " +
                     std::to_string(limits_.quota_bytes) + " bytes used); delete files to make room"}
        .With("quota_bytes", limits_.quota_bytes)
        .With("used_bytes", used)
        .With("file_bytes", file.bytes);
  }
  // Bytes first, then the record: a failed insert removes the bytes again, so a listed file always
  // has its bytes (a crash between the two leaves an unlisted file, never a listed one without bytes).
  X8_TRY(file.variants, storage_.Save(object));
  if (auto inserted = repository_.Insert(file, limits_.quota_bytes); !inserted) {
    (void)storage_.Delete(file.storage_key, file.kind);
    return inserted.error();
  }
  return file;
}

Result<std::vector<MediaFile>> MediaService::List(const http::Principal& principal,
                                                  const std::optional<std::string>& folder) {
  X8_TRY(std::string account_id, AccountOf(principal));
  std::optional<Folder> parsed;
  if (folder) {
    X8_TRY(parsed, ParseFolder(*folder));
  }
  return repository_.List(account_id, parsed);
}

Result<MediaFile> MediaService::Get(const http::Principal& principal, std::string_view media_id) {
  X8_TRY(std::string account_id, AccountOf(principal));
  return repository_.Get(account_id, media_id);
}

Status MediaService::Delete(const http::Principal& principal, std::string_view media_id) {
  X8_TRY(std::string account_id, AccountOf(principal));
  X8_TRY(MediaFile file, repository_.Get(account_id, media_id));
  MediaStorage* holder = file.storage == storage_.name() ? &storage_ : nullptr;
  for (MediaStorage* former : former_) {
    if (holder == nullptr && file.storage == former->name()) holder = former;
  }
  if (holder == nullptr)
    return Internal("media file " + file.id + " lives in unknown storage '" + file.storage + "'");
  X8_TRY_STATUS(holder->Delete(file.storage_key, file.kind));
  return repository_.Delete(account_id, media_id);
}

}  // namespace x8::media
