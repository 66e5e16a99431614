// MediaRepository over SQLite and PostgreSQL (migration 0006_media).
#pragma once

#include "modules/media/domain/ports.h"
#include "platform/storage/database.h"

namespace x8::media {

class SqlMediaRepository final : public MediaRepository {
 public:
  // `observer` (optional) hears about images added and removed inside those transactions.
  explicit SqlMediaRepository(storage::Database& db, MediaObserver* observer = nullptr)
      : db_(db), observer_(observer) {}

  Status Insert(const MediaFile& file, int64_t quota_bytes) override;
  Result<MediaFile> Get(std::string_view account_id, std::string_view media_id) override;
  Result<std::vector<MediaFile>> List(std::string_view account_id, std::optional<Folder> folder) override;
  Status Delete(std::string_view account_id, std::string_view media_id) override;
  Result<int64_t> UsedBytes(std::string_view account_id) override;
  Result<std::optional<MediaFile>> WelcomeVideo(std::string_view account_id,
                                                std::string_view user_id) override;

 private:
  storage::Database& db_;
  MediaObserver* observer_;
};

// Lookups for other modules' transactions (the knowledge module's image links, through the composition
// root); all scoped by account_id.
//
// Locks the account's media library (its accounts row) for reading: uploads and deletes of the account
// (which lock it for writing) wait, and wait for, the caller's transaction. A no-op on SQLite, whose
// write transactions are serialised anyway.
Status LockLibraryShared(storage::Executor& tx, std::string_view account_id);
// The account's newest image whose file_name equals `file_name` ignoring case (ASCII letters on SQLite,
// the database's lower() on PostgreSQL).
Result<std::optional<MediaFile>> FindImageByFileName(storage::Executor& exec, std::string_view account_id,
                                                     std::string_view file_name);
// The account's newest welcome video (any of its users'), for the assistant's greeting.
Result<std::optional<MediaFile>> FindWelcomeVideo(storage::Executor& exec, std::string_view account_id);
// The account's files among `media_ids`.
Result<std::vector<MediaFile>> FindFilesByIds(storage::Executor& exec, std::string_view account_id,
                                              const std::vector<std::string>& media_ids);

}  // namespace x8::media
