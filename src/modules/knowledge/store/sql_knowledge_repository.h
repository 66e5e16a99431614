// KnowledgeRepository over storage::Database: the same SQL on SQLite and PostgreSQL (contract tests run
// both). Every statement is scoped by account_id.
#pragma once

#include "core/clock.h"
#include "modules/knowledge/domain/ports.h"
#include "platform/storage/database.h"

namespace x8::knowledge {

class SqlKnowledgeRepository final : public KnowledgeRepository {
 public:
  SqlKnowledgeRepository(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

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

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace x8::knowledge
