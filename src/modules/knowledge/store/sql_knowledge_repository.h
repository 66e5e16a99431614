// KnowledgeRepository over storage::Database: the same SQL on SQLite and PostgreSQL (contract tests run
// both). Every statement is scoped by account_id.
#pragma once

#include "core/clock.h"
#include "modules/knowledge/domain/ports.h"
#include "platform/storage/database.h"

namespace x8::knowledge {

class SqlKnowledgeRepository final : public KnowledgeRepository {
 public:
  // Without `media`, image cells stay unlinked (Variant::linked is never set).
  SqlKnowledgeRepository(storage::Database& db, const Clock& clock, MediaDirectory* media = nullptr)
      : db_(db), clock_(clock), media_(media) {}

  Result<std::string> AccountOf(std::string_view kb_id) override;
  Result<KnowledgeBase> Create(std::string_view account_id, std::string_view company_id,
                               std::string_view name, KbKind kind) override;
  Result<KnowledgeBase> Get(std::string_view account_id, std::string_view kb_id) override;
  Result<std::vector<KnowledgeBase>> ListForCompany(std::string_view account_id,
                                                    std::string_view company_id) override;
  Result<KnowledgeBase> Rename(std::string_view account_id, std::string_view kb_id,
                               std::string_view name) override;
  Status Delete(std::string_view account_id, std::string_view kb_id) override;

  Result<ItemPage> ListItems(std::string_view account_id, std::string_view kb_id,
                             const ItemFilter& filter) override;
  Result<std::vector<StoredItem>> AllItems(std::string_view account_id, std::string_view kb_id) override;
  Result<StoredItem> GetItem(std::string_view account_id, std::string_view kb_id,
                             std::string_view item_id) override;
  Result<StoredItem> AddItem(std::string_view account_id, std::string_view kb_id, const Item& item) override;
  Result<StoredItem> UpdateItem(std::string_view account_id, std::string_view kb_id,
                                const Item& item) override;
  Status DeleteItem(std::string_view account_id, std::string_view kb_id, std::string_view item_id) override;

  Result<StoredImport> SaveImport(std::string_view account_id, std::string_view kb_id,
                                  std::string_view file_name, std::string_view sheet,
                                  std::string_view content, std::string_view detected_mapping) override;
  Result<StoredImport> GetImport(std::string_view account_id, std::string_view kb_id,
                                 std::string_view import_id) override;
  Result<ImportCounts> CommitImport(std::string_view account_id, std::string_view kb_id,
                                    std::string_view import_id, ImportMode mode,
                                    const std::vector<Item>& incoming) override;
  Status ResolveImages(std::string_view account_id, std::vector<Item>& items) override;

 private:
  storage::Database& db_;
  const Clock& clock_;
  MediaDirectory* media_;
};

// For the media side of the link, called by the composition root inside the media insert's and delete's
// transactions (after MediaDirectory::LockLibrary's counterpart, the account row lock, is held).
//
// A new image: the account's variants whose image cell equals `file_name` (case-insensitive) now link
// to `media_id` (the newest file of a name wins); their knowledge bases move forward.
Status LinkVariantsToImage(storage::Executor& tx, std::string_view account_id, std::string_view media_id,
                           std::string_view file_name, int64_t now);
// A deleted image: variants linked to `media_id` link to `replacement` (another image of the same name)
// or to nothing.
Status RelinkVariants(storage::Executor& tx, std::string_view account_id, std::string_view media_id,
                      const std::optional<std::string>& replacement, int64_t now);

}  // namespace x8::knowledge
