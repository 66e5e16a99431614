// MediaRepository over SQLite and PostgreSQL (migration 0006_media).
#pragma once

#include "modules/media/domain/ports.h"
#include "platform/storage/database.h"

namespace x8::media {

class SqlMediaRepository final : public MediaRepository {
 public:
  explicit SqlMediaRepository(storage::Database& db) : db_(db) {}

  Status Insert(const MediaFile& file, int64_t quota_bytes) override;
  Result<MediaFile> Get(std::string_view account_id, std::string_view media_id) override;
  Result<std::vector<MediaFile>> List(std::string_view account_id, std::optional<Folder> folder) override;
  Status Delete(std::string_view account_id, std::string_view media_id) override;
  Result<int64_t> UsedBytes(std::string_view account_id) override;
  Result<std::optional<MediaFile>> WelcomeVideo(std::string_view account_id,
                                                std::string_view user_id) override;

 private:
  storage::Database& db_;
};

}  // namespace x8::media
