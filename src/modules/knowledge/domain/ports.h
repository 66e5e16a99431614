// Ports of the knowledge domain: the knowledge base entity and what the use cases need from storage.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "modules/knowledge/domain/catalogue.h"

namespace x8::storage {
class Executor;
}

namespace x8::knowledge {

inline constexpr size_t kMaxKbNameChars = 120;
inline constexpr int64_t kDefaultItemsPageSize = 50;
inline constexpr int64_t kMaxItemsPageSize = 200;
inline constexpr int64_t kImportTtlMillis = 24LL * 3600 * 1000;

struct KnowledgeBase {
  std::string id;  // kb_…
  std::string account_id;
  std::string company_id;
  std::string name;
  KbKind kind = KbKind::kProduct;
  int64_t items_count = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// An item as stored: the catalogue item plus its place in the list.
struct StoredItem {
  Item item;
  int64_t position = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct ItemFilter {
  std::string folded_query;  // NameKey(q); a substring of name, description, category, question, answer
  std::string category_key;  // NameKey(category); "" = every category
  std::optional<int64_t> after_position;  // keyset cursor
  int64_t limit = kDefaultItemsPageSize;
};

struct ItemPage {
  std::vector<StoredItem> items;
  std::optional<int64_t> next_position;  // set when more rows follow
};

struct StoredImport {
  std::string id;  // imp_…
  std::string kb_id;
  std::string file_name;
  std::string sheet;
  std::string content;
  std::string detected_mapping;  // JSON
  int64_t created_at = 0;
  std::optional<int64_t> committed_at;
};

struct ImportCounts {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t deleted = 0;
  int64_t items = 0;  // items in the knowledge base afterwards
};

// The account's uploaded images, as the knowledge store needs them to link catalogue variants
// (kb_variants.media_id). Implemented outside the module (the composition root, over the media store);
// every call runs in the caller's transaction or connection and is scoped by account_id.
class MediaDirectory {
 public:
  virtual ~MediaDirectory() = default;
  // Taken first in every knowledge transaction that links images, before any knowledge row is locked:
  // it orders those transactions with media uploads and deletes of the same account (which link and
  // unlink variants), so a link is never lost between the two.
  virtual Status LockLibrary(storage::Executor& tx, std::string_view account_id) = 0;
  // The account's newest image whose file_name equals `file_name` ignoring case; nullopt when none.
  virtual Result<std::optional<LinkedImage>> FindByFileName(storage::Executor& tx,
                                                            std::string_view account_id,
                                                            std::string_view file_name) = 0;
  // The account's images among `media_ids`, by id (ids of other accounts or deleted files are absent).
  virtual Result<std::map<std::string, LinkedImage>> FindByIds(storage::Executor& exec,
                                                               std::string_view account_id,
                                                               const std::vector<std::string>& media_ids) = 0;
};

// Every call takes the account (tenant) id and puts it into its WHERE clause: a row of another account is
// kNotFound, exactly like one that does not exist.
class KnowledgeRepository {
 public:
  virtual ~KnowledgeRepository() = default;

  // The account a knowledge base belongs to, for callers that check access to it next (managers and
  // admins); kNotFound when there is no such knowledge base.
  virtual Result<std::string> AccountOf(std::string_view kb_id) = 0;

  // kConflict (details.field = "name") when the company already has a knowledge base with that name.
  virtual Result<KnowledgeBase> Create(std::string_view account_id, std::string_view company_id,
                                       std::string_view name, KbKind kind) = 0;
  virtual Result<KnowledgeBase> Get(std::string_view account_id, std::string_view kb_id) = 0;
  // In creation order.
  virtual Result<std::vector<KnowledgeBase>> ListForCompany(std::string_view account_id,
                                                            std::string_view company_id) = 0;
  virtual Result<KnowledgeBase> Rename(std::string_view account_id, std::string_view kb_id,
                                       std::string_view name) = 0;
  // Deletes the knowledge base with its items, variants and imports.
  virtual Status Delete(std::string_view account_id, std::string_view kb_id) = 0;

  virtual Result<ItemPage> ListItems(std::string_view account_id, std::string_view kb_id,
                                     const ItemFilter& filter) = 0;
  // Every item of the knowledge base with its variants, in list order.
  virtual Result<std::vector<StoredItem>> AllItems(std::string_view account_id, std::string_view kb_id) = 0;
  virtual Result<StoredItem> GetItem(std::string_view account_id, std::string_view kb_id,
                                     std::string_view item_id) = 0;
  // Appends at the end of the list; assigns item and variant ids.
  virtual Result<StoredItem> AddItem(std::string_view account_id, std::string_view kb_id,
                                     const Item& item) = 0;
  // Replaces the item's fields and variants (variants with an id of the item keep it; others get new ids).
  virtual Result<StoredItem> UpdateItem(std::string_view account_id, std::string_view kb_id,
                                        const Item& item) = 0;
  virtual Status DeleteItem(std::string_view account_id, std::string_view kb_id,
                            std::string_view item_id) = 0;

  // Keeps an uploaded file for preview → commit; also forgets this account's expired uploads.
  virtual Result<StoredImport> SaveImport(std::string_view account_id, std::string_view kb_id,
                                          std::string_view file_name, std::string_view sheet,
                                          std::string_view content, std::string_view detected_mapping) = 0;
  // kNotFound when missing, of another knowledge base, committed or older than 24 h.
  virtual Result<StoredImport> GetImport(std::string_view account_id, std::string_view kb_id,
                                         std::string_view import_id) = 0;
  // In ONE transaction: plans `incoming` against the current items (PlanImport), writes creates,
  // updates and deletes, renumbers positions (file order first, then kept items), updates items_count and
  // marks the import committed (clearing its bytes). kNotFound when the import was committed meanwhile.
  virtual Result<ImportCounts> CommitImport(std::string_view account_id, std::string_view kb_id,
                                            std::string_view import_id, ImportMode mode,
                                            const std::vector<Item>& incoming) = 0;
  // Fills Variant::linked of not yet stored items (the import preview) from their image cells.
  virtual Status ResolveImages(std::string_view account_id, std::vector<Item>& items) = 0;
};

}  // namespace x8::knowledge
