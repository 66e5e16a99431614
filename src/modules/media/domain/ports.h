// What the media service needs from the database. Every call takes the account id and puts it in its
// WHERE clause: another account's file is kNotFound, exactly like one that does not exist.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "modules/media/domain/media.h"

namespace x8::storage {
class Executor;
}

namespace x8::media {

// Told about images entering and leaving an account's library, inside the transaction that inserts or
// deletes the record (with the account row locked), so other modules can keep references to files by
// name consistent (the knowledge module links catalogue variants; wired by the composition root). An
// error rolls the insert or delete back.
class MediaObserver {
 public:
  virtual ~MediaObserver() = default;
  virtual Status ImageAdded(storage::Executor& tx, const MediaFile& file) = 0;
  virtual Status ImageRemoved(storage::Executor& tx, const MediaFile& file) = 0;
};

class MediaRepository {
 public:
  virtual ~MediaRepository() = default;
  // Inserts `file` (id, times and everything else already set) when the account's stored bytes plus
  // file.bytes stay within quota_bytes — checked in the insert's transaction with the account row
  // locked, so two uploads cannot both slip under the quota. Errors: kPayloadTooLarge (details
  // quota_bytes, used_bytes) over the quota; kConflict (details.reason "welcome_video_exists") for a
  // second video of the same user; kNotFound when the account does not exist.
  virtual Status Insert(const MediaFile& file, int64_t quota_bytes) = 0;
  virtual Result<MediaFile> Get(std::string_view account_id, std::string_view media_id) = 0;
  // In upload order (oldest first); `folder` narrows the list.
  virtual Result<std::vector<MediaFile>> List(std::string_view account_id, std::optional<Folder> folder) = 0;
  // kNotFound when there is no such file in the account.
  virtual Status Delete(std::string_view account_id, std::string_view media_id) = 0;
  virtual Result<int64_t> UsedBytes(std::string_view account_id) = 0;
  // The user's welcome video, if any.
  virtual Result<std::optional<MediaFile>> WelcomeVideo(std::string_view account_id,
                                                        std::string_view user_id) = 0;
};

}  // namespace x8::media
