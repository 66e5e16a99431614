// Knowledge base use cases: who may see and change which knowledge base (through its company), the
// upload → preview → commit import, row CRUD and the CSV export. Inputs arrive validated by shape (JSON
// types); the rules live here.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "modules/accounts/domain/access.h"
#include "modules/knowledge/domain/catalogue.h"
#include "modules/knowledge/domain/ports.h"
#include "modules/knowledge/search/index.h"
#include "platform/http/message.h"

namespace x8::knowledge {

// What the knowledge module needs to know about a company.
struct CompanyRef {
  std::string id;
  std::string account_id;
  std::string currency;  // ISO 4217: prices without a currency use it
};

// Port onto the companies module: the company as `principal` may see it (kNotFound otherwise, also for
// deleted companies).
class CompanyDirectory {
 public:
  virtual ~CompanyDirectory() = default;
  virtual Result<CompanyRef> Find(const http::Principal& principal, std::string_view company_id) = 0;
};

inline constexpr size_t kPreviewItems = 20;

struct ImportPreview {
  StoredImport upload;
  std::vector<std::string> sheets;  // XLSX: the workbook's sheets; CSV: empty
  ParsedCatalogue parsed;
};

struct UploadInput {
  std::string content;
  std::string file_name;
  std::string sheet;
};

struct CommitInput {
  std::map<std::string, std::string> mapping;  // "<column index>" → field / attribute:<name> / extra / ignore
  std::string mode;                            // replace | merge
};

struct ItemListInput {
  std::optional<std::string> q;
  std::optional<std::string> category;
  std::optional<std::string> cursor;
  std::optional<std::string> limit;
};

struct ItemListView {
  std::vector<StoredItem> items;
  std::optional<std::string> next_cursor;
};

struct CatalogueSearchInput {
  std::optional<std::string> q;
  std::optional<std::string> category;
  std::optional<std::string> min_price;  // in the company's currency, e.g. "20" or "19.90"
  std::optional<std::string> max_price;
  std::optional<std::string> in_stock;  // yes/true/1: only variants in stock
  std::optional<std::string> limit;     // 1–50, default 10
};

struct CatalogueHit {
  std::string kb_id;
  Item item;  // its variants narrowed to the matched ones
  double score = 0;
  std::vector<std::string> matched_terms;
};

inline constexpr int64_t kDefaultSearchLimit = 10;
inline constexpr int64_t kMaxSearchLimit = 50;
inline constexpr size_t kMaxCachedIndexes = 1000;  // companies whose search index stays in memory

// Every knowledge base of one company as an immutable, searchable snapshot.
struct CompanyCatalogue {
  struct Entry {
    std::string kb_id;
    KbKind kind = KbKind::kProduct;
    Item item;
  };
  std::string signature;     // kb id, updated_at and items_count of every knowledge base
  std::vector<Entry> items;  // search document id = position here
  search::Index index;
};

class KnowledgeService {
 public:
  KnowledgeService(KnowledgeRepository& repository, CompanyDirectory& companies,
                   const accounts::AccessPolicy& access, size_t max_upload_bytes)
      : repository_(repository),
        companies_(companies),
        access_(access),
        max_upload_bytes_(max_upload_bytes) {}

  Result<std::vector<KnowledgeBase>> List(const http::Principal& principal, std::string_view company_id);
  Result<KnowledgeBase> Create(const http::Principal& principal, std::string_view company_id,
                               const std::optional<std::string>& name,
                               const std::optional<std::string>& kind);
  Result<KnowledgeBase> Get(const http::Principal& principal, std::string_view kb_id);
  Result<KnowledgeBase> Rename(const http::Principal& principal, std::string_view kb_id,
                               std::optional<std::string> name);
  Status Delete(const http::Principal& principal, std::string_view kb_id);

  // Reads the file (CSV or XLSX, by content), keeps it and answers what the import would do.
  Result<ImportPreview> Upload(const http::Principal& principal, std::string_view kb_id,
                               const UploadInput& input);
  // All-or-nothing: any problem refuses the whole file (RefusalOf) and writes nothing.
  Result<ImportCounts> Commit(const http::Principal& principal, std::string_view kb_id,
                              std::string_view import_id, const CommitInput& input);

  Result<ItemListView> ListItems(const http::Principal& principal, std::string_view kb_id,
                                 const ItemListInput& input);
  Result<StoredItem> GetItem(const http::Principal& principal, std::string_view kb_id,
                             std::string_view item_id);
  Result<StoredItem> AddItem(const http::Principal& principal, std::string_view kb_id, Item item);
  // `item` is the whole new state (the API merges a PATCH onto the current item first).
  Result<StoredItem> UpdateItem(const http::Principal& principal, std::string_view kb_id,
                                std::string_view item_id, Item item);
  Status DeleteItem(const http::Principal& principal, std::string_view kb_id, std::string_view item_id);

  Result<std::string> Export(const http::Principal& principal, std::string_view kb_id);

  // Ranked items of every knowledge base of the company (knowledge/search index: stemming, typos,
  // filters). The index is built per company and rebuilt when any of its knowledge bases changed.
  Result<std::vector<CatalogueHit>> Search(const http::Principal& principal, std::string_view company_id,
                                           const CatalogueSearchInput& input);

  // The company's catalogue snapshot, cached until one of its knowledge bases changes. No principal:
  // for the assistant, whose caller has already established the company (a conversation's company).
  Result<std::shared_ptr<const CompanyCatalogue>> CatalogueOf(const CompanyRef& company);

 private:
  struct Resolved {
    KnowledgeBase kb;
    CompanyRef company;
  };
  // The knowledge base and its company as `principal` may reach them; kNotFound for anything else.
  Result<Resolved> Resolve(const http::Principal& principal, std::string_view kb_id);
  Result<tabular::Table> Read(std::string_view content, std::string_view sheet) const;
  Status Normalize(Item& item, const Resolved& resolved) const;

  KnowledgeRepository& repository_;
  CompanyDirectory& companies_;
  const accounts::AccessPolicy& access_;
  size_t max_upload_bytes_;
  std::mutex indexes_mutex_;
  std::map<std::string, std::shared_ptr<const CompanyCatalogue>> indexes_;  // by company id
};

// Trims; 1–120 code points, no control characters. details.field = "name".
Result<std::string> NormalizeKbName(std::string_view raw);

}  // namespace x8::knowledge
