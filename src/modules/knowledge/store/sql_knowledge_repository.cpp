#include "modules/knowledge/store/sql_knowledge_repository.h"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "core/ids.h"
#include "platform/storage/text_search.h"

namespace x8::knowledge {
namespace {

using storage::Executor;
using storage::Row;
using storage::Value;

constexpr std::string_view kKbColumns =
    "id, account_id, company_id, name, kind, items_count, created_at, updated_at";
constexpr std::string_view kItemColumns =
    "id, position, name, description, category, unit, quantity_step, duration_min, format, location, "
    "question, answer, extra, created_at, updated_at";
constexpr std::string_view kVariantColumns =
    "id, item_id, attributes, price_minor, currency, sku, stock, in_stock, image, media_id";
constexpr std::string_view kInsertItem =
    "INSERT INTO kb_items (id, account_id, kb_id, position, name, description, category, category_key, "
    "search_text, unit, quantity_step, duration_min, format, location, question, answer, extra, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kUpdateItem =
    "UPDATE kb_items SET position = ?, name = ?, description = ?, category = ?, category_key = ?, "
    "search_text = ?, unit = ?, quantity_step = ?, duration_min = ?, format = ?, location = ?, question = ?, "
    "answer = ?, extra = ?, updated_at = ? WHERE id = ? AND kb_id = ? AND account_id = ?";
constexpr std::string_view kInsertVariant =
    "INSERT INTO kb_variants (id, account_id, item_id, position, attributes, price_minor, currency, sku, "
    "stock, in_stock, image, media_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

std::string ToJsonText(const TextMap& map) {
  boost::json::object object;
  for (const auto& [key, value] : map) object[key] = value;
  return boost::json::serialize(object);
}

TextMap FromJsonText(const std::string& text) {
  TextMap map;
  boost::system::error_code error;
  auto value = boost::json::parse(text, error);
  if (error || !value.is_object()) return map;
  for (const auto& [key, field] : value.as_object()) {
    if (field.is_string()) map[std::string(key)] = std::string(field.as_string());
  }
  return map;
}

Value OptionalInt(const std::optional<int64_t>& value) { return value ? Value(*value) : Value(nullptr); }

Result<KnowledgeBase> KbFromRow(const Row& row) {
  KnowledgeBase kb{.id = row.Text("id"),
                   .account_id = row.Text("account_id"),
                   .company_id = row.Text("company_id"),
                   .name = row.Text("name"),
                   .kind = KbKind::kProduct,
                   .items_count = row.Int("items_count"),
                   .created_at = row.Int("created_at"),
                   .updated_at = row.Int("updated_at")};
  auto kind = ParseKbKind(row.Text("kind"));
  if (!kind) return Internal("knowledge base " + kb.id + " has an unknown kind");
  kb.kind = *kind;
  return kb;
}

StoredItem ItemFromRow(const Row& row) {
  StoredItem stored;
  Item& item = stored.item;
  item.id = row.Text("id");
  item.name = row.Text("name");
  item.description = row.Text("description");
  item.category = row.Text("category");
  item.unit = row.Text("unit");
  item.quantity_step = row.Text("quantity_step");
  item.duration_min = row.OptInt("duration_min");
  item.format = row.Text("format");
  item.location = row.Text("location");
  item.question = row.Text("question");
  item.answer = row.Text("answer");
  item.extra = FromJsonText(row.Text("extra"));
  stored.position = row.Int("position");
  stored.created_at = row.Int("created_at");
  stored.updated_at = row.Int("updated_at");
  return stored;
}

Variant VariantFromRow(const Row& row) {
  Variant variant;
  variant.id = row.Text("id");
  variant.attributes = FromJsonText(row.Text("attributes"));
  variant.price_minor = row.OptInt("price_minor");
  variant.currency = row.Text("currency");
  variant.sku = row.Text("sku");
  variant.stock = row.OptInt("stock");
  if (auto in_stock = row.OptInt("in_stock")) variant.in_stock = *in_stock != 0;
  variant.image = row.Text("image");
  // A placeholder until LoadItems resolves it (URLs come from the media directory).
  if (auto media_id = row.OptText("media_id"); media_id && !media_id->empty())
    variant.linked = LinkedImage{.media_id = *media_id, .thumb_url = {}, .medium_url = {}, .url = {}};
  return variant;
}

// Fills the URLs of linked variants; a link whose file is gone (or the module runs without a media
// directory) is dropped.
Status ResolveLinks(Executor& exec, MediaDirectory* media, std::string_view account_id,
                    std::vector<StoredItem>& items) {
  std::vector<std::string> ids;
  for (const auto& stored : items) {
    for (const auto& variant : stored.item.variants) {
      if (variant.linked) ids.push_back(variant.linked->media_id);
    }
  }
  if (ids.empty()) return Ok();
  std::map<std::string, LinkedImage> found;
  if (media != nullptr) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    X8_TRY(found, media->FindByIds(exec, account_id, ids));
  }
  for (auto& stored : items) {
    for (auto& variant : stored.item.variants) {
      if (!variant.linked) continue;
      auto at = found.find(variant.linked->media_id);
      if (at == found.end()) {
        variant.linked.reset();
      } else {
        variant.linked = at->second;
      }
    }
  }
  return Ok();
}

// Resolves image cells by file name inside one transaction, asking the directory once per name.
class ImageResolver {
 public:
  ImageResolver(Executor& exec, MediaDirectory* media, std::string_view account_id)
      : exec_(exec), media_(media), account_id_(account_id) {}

  Result<std::optional<LinkedImage>> Find(const std::string& image) {
    if (media_ == nullptr || image.empty()) return std::optional<LinkedImage>();
    auto at = cache_.find(image);
    if (at != cache_.end()) return at->second;
    X8_TRY(auto found, media_->FindByFileName(exec_, account_id_, image));
    cache_[image] = found;
    return found;
  }

 private:
  Executor& exec_;
  MediaDirectory* media_;
  std::string_view account_id_;
  std::map<std::string, std::optional<LinkedImage>> cache_;
};

// Takes the account's media lock (MediaDirectory::LockLibrary) when images are linked at all.
Status LockLibrary(Executor& tx, MediaDirectory* media, std::string_view account_id) {
  if (media == nullptr) return Ok();
  return media->LockLibrary(tx, account_id);
}

std::string SearchTextOf(const Item& item) {
  return NameKey(item.name + "\n" + item.description + "\n" + item.category + "\n" + item.question + "\n" +
                 item.answer);
}

Error KbNotFound() { return NotFound("knowledge base not found"); }
Error ItemNotFound() { return NotFound("item not found"); }

// Items matching `where` (already scoped by account and knowledge base), with their variants.
Result<std::vector<StoredItem>> LoadItems(Executor& exec, MediaDirectory* media, std::string_view account_id,
                                          const std::string& where, const std::vector<Value>& params,
                                          std::string_view suffix = {}) {
  std::string sql = "SELECT " + std::string(kItemColumns) + " FROM kb_items WHERE " + where +
                    " ORDER BY position, id" + std::string(suffix);
  X8_TRY(auto rows, exec.Query(sql, params));
  std::vector<StoredItem> items;
  std::map<std::string, size_t> index;
  for (const auto& row : rows) {
    items.push_back(ItemFromRow(row));
    index[items.back().item.id] = items.size() - 1;
  }
  if (items.empty()) return items;
  std::string placeholders;
  std::vector<Value> variant_params{std::string(account_id)};
  for (const auto& stored : items) {
    placeholders += placeholders.empty() ? "?" : ", ?";
    variant_params.emplace_back(stored.item.id);
  }
  X8_TRY(auto variant_rows, exec.Query("SELECT " + std::string(kVariantColumns) +
                                           " FROM kb_variants WHERE account_id = ? AND item_id IN (" +
                                           placeholders + ") ORDER BY item_id, position",
                                       variant_params));
  for (const auto& row : variant_rows) {
    auto at = index.find(row.Text("item_id"));
    if (at != index.end()) items[at->second].item.variants.push_back(VariantFromRow(row));
  }
  X8_TRY_STATUS(ResolveLinks(exec, media, account_id, items));
  return items;
}

Result<KnowledgeBase> LockKb(Executor& tx, std::string_view account_id, std::string_view kb_id) {
  std::string sql =
      "SELECT " + std::string(kKbColumns) + " FROM knowledge_bases WHERE id = ? AND account_id = ?";
  if (tx.dialect() == storage::Dialect::kPostgres) sql += " FOR UPDATE";
  X8_TRY(auto rows, tx.Query(sql, {std::string(kb_id), std::string(account_id)}));
  if (rows.empty()) return KbNotFound();
  return KbFromRow(rows[0]);
}

// Replaces the variants of `item_id`: ids in `keep_ids` (the item's own) are kept, others are new.
// Each variant's image cell is linked to the account's image of that name (Variant::linked is set).
Status WriteVariants(Executor& tx, ImageResolver& images, std::string_view account_id,
                     const std::string& item_id, std::vector<Variant>& variants,
                     const std::set<std::string>& own_ids, int64_t now) {
  X8_TRY_STATUS(tx.Exec("DELETE FROM kb_variants WHERE item_id = ? AND account_id = ?",
                        {item_id, std::string(account_id)}));
  for (size_t i = 0; i < variants.size(); ++i) {
    Variant& variant = variants[i];
    if (variant.id.empty() || !own_ids.contains(variant.id)) variant.id = NewId("var", now);
    Value in_stock = variant.in_stock ? Value(int64_t{*variant.in_stock ? 1 : 0}) : Value(nullptr);
    X8_TRY(variant.linked, images.Find(variant.image));
    Value media_id = variant.linked ? Value(variant.linked->media_id) : Value(nullptr);
    X8_TRY_STATUS(
        tx.Exec(kInsertVariant, {variant.id, std::string(account_id), item_id, static_cast<int64_t>(i),
                                 ToJsonText(variant.attributes), OptionalInt(variant.price_minor),
                                 variant.price_minor ? variant.currency : std::string(), variant.sku,
                                 OptionalInt(variant.stock), in_stock, variant.image, media_id}));
  }
  return Ok();
}

Status InsertItem(Executor& tx, ImageResolver& images, std::string_view account_id, std::string_view kb_id,
                  Item& item, int64_t position, int64_t now) {
  item.id = NewId("itm", now);
  X8_TRY_STATUS(
      tx.Exec(kInsertItem, {item.id, std::string(account_id), std::string(kb_id), position, item.name,
                            item.description, item.category, NameKey(item.category), SearchTextOf(item),
                            item.unit, item.quantity_step, OptionalInt(item.duration_min), item.format,
                            item.location, item.question, item.answer, ToJsonText(item.extra), now, now}));
  return WriteVariants(tx, images, account_id, item.id, item.variants, {}, now);
}

Result<int64_t> UpdateItemRow(Executor& tx, std::string_view account_id, std::string_view kb_id,
                              const Item& item, int64_t position, int64_t now) {
  return tx.Exec(kUpdateItem,
                 {position, item.name, item.description, item.category, NameKey(item.category),
                  SearchTextOf(item), item.unit, item.quantity_step, OptionalInt(item.duration_min),
                  item.format, item.location, item.question, item.answer, ToJsonText(item.extra), now,
                  item.id, std::string(kb_id), std::string(account_id)});
}

Status DeleteItemRows(Executor& tx, std::string_view account_id, std::string_view kb_id,
                      const std::string& item_id) {
  X8_TRY_STATUS(tx.Exec("DELETE FROM kb_variants WHERE item_id = ? AND account_id = ?",
                        {item_id, std::string(account_id)}));
  X8_TRY_STATUS(tx.Exec("DELETE FROM kb_items WHERE id = ? AND kb_id = ? AND account_id = ?",
                        {item_id, std::string(kb_id), std::string(account_id)}));
  return Ok();
}

// Every change to a knowledge base's items moves its updated_at forward (by at least 1 ms), so readers
// that cache per knowledge base (the catalogue search index) see the change.
Status TouchKb(Executor& tx, std::string_view account_id, std::string_view kb_id, int64_t now) {
  X8_TRY_STATUS(tx.Exec(
      "UPDATE knowledge_bases SET updated_at = CASE WHEN ? > updated_at THEN ? ELSE updated_at + 1 END "
      "WHERE id = ? AND account_id = ?",
      {now, now, std::string(kb_id), std::string(account_id)}));
  return Ok();
}

Result<int64_t> RecountItems(Executor& tx, std::string_view account_id, std::string_view kb_id, int64_t now) {
  X8_TRY(auto rows, tx.Query("SELECT COUNT(*) AS n FROM kb_items WHERE kb_id = ? AND account_id = ?",
                             {std::string(kb_id), std::string(account_id)}));
  int64_t count = rows.empty() ? 0 : rows[0].Int("n");
  X8_TRY_STATUS(tx.Exec("UPDATE knowledge_bases SET items_count = ? WHERE id = ? AND account_id = ?",
                        {count, std::string(kb_id), std::string(account_id)}));
  X8_TRY_STATUS(TouchKb(tx, account_id, kb_id, now));
  return count;
}

Error NameTaken() {
  return Conflict("this company already has a knowledge base with that name").With("field", "name");
}

}  // namespace

Result<std::string> SqlKnowledgeRepository::AccountOf(std::string_view kb_id) {
  X8_TRY(auto rows, db_.Query("SELECT account_id FROM knowledge_bases WHERE id = ?", {std::string(kb_id)}));
  if (rows.empty()) return KbNotFound();
  return rows[0].Text("account_id");
}

Result<KnowledgeBase> SqlKnowledgeRepository::Create(std::string_view account_id, std::string_view company_id,
                                                     std::string_view name, KbKind kind) {
  int64_t now = clock_.NowMillis();
  KnowledgeBase kb{.id = NewId("kb", now),
                   .account_id = std::string(account_id),
                   .company_id = std::string(company_id),
                   .name = std::string(name),
                   .kind = kind,
                   .items_count = 0,
                   .created_at = now,
                   .updated_at = now};
  auto inserted = db_.Exec(
      "INSERT INTO knowledge_bases (id, account_id, company_id, name, kind, items_count, created_at, "
      "updated_at) "
      "SELECT ?, ?, ?, ?, ?, 0, ?, ? FROM companies WHERE id = ? AND account_id = ? AND deleted_at IS NULL",
      {kb.id, kb.account_id, kb.company_id, kb.name, std::string(ToString(kind)), now, now, kb.company_id,
       kb.account_id});
  if (!inserted) {
    if (inserted.error().code == ErrorCode::kConflict) return NameTaken();
    return std::move(inserted).error();
  }
  if (*inserted == 0) return NotFound("company not found").With("field", "company_id");
  return kb;
}

Result<KnowledgeBase> SqlKnowledgeRepository::Get(std::string_view account_id, std::string_view kb_id) {
  X8_TRY(auto rows, db_.Query("SELECT " + std::string(kKbColumns) +
                                  " FROM knowledge_bases WHERE id = ? AND account_id = ?",
                              {std::string(kb_id), std::string(account_id)}));
  if (rows.empty()) return KbNotFound();
  return KbFromRow(rows[0]);
}

Result<std::vector<KnowledgeBase>> SqlKnowledgeRepository::ListForCompany(std::string_view account_id,
                                                                          std::string_view company_id) {
  X8_TRY(auto rows, db_.Query("SELECT " + std::string(kKbColumns) +
                                  " FROM knowledge_bases WHERE company_id = ? AND account_id = ? "
                                  "ORDER BY created_at, id",
                              {std::string(company_id), std::string(account_id)}));
  std::vector<KnowledgeBase> out;
  for (const auto& row : rows) {
    X8_TRY(auto kb, KbFromRow(row));
    out.push_back(std::move(kb));
  }
  return out;
}

Result<KnowledgeBase> SqlKnowledgeRepository::Rename(std::string_view account_id, std::string_view kb_id,
                                                     std::string_view name) {
  auto renamed = db_.Transact<KnowledgeBase>([&](storage::Tx& tx) -> Result<KnowledgeBase> {
    X8_TRY(auto kb, LockKb(tx, account_id, kb_id));
    if (kb.name == name) return kb;
    kb.name = std::string(name);
    kb.updated_at = std::max(clock_.NowMillis(), kb.updated_at);
    X8_TRY_STATUS(
        tx.Exec("UPDATE knowledge_bases SET name = ?, updated_at = ? WHERE id = ? AND account_id = ?",
                {kb.name, kb.updated_at, kb.id, kb.account_id}));
    return kb;
  });
  if (!renamed && renamed.error().code == ErrorCode::kConflict) return NameTaken();
  return renamed;
}

Status SqlKnowledgeRepository::Delete(std::string_view account_id, std::string_view kb_id) {
  return db_.Transact([&](storage::Tx& tx) -> Status {
    X8_TRY_STATUS(LockLibrary(tx, media_, account_id));
    X8_TRY(auto kb, LockKb(tx, account_id, kb_id));
    std::string account(account_id);
    X8_TRY_STATUS(
        tx.Exec("DELETE FROM kb_variants WHERE account_id = ? AND item_id IN "
                "(SELECT id FROM kb_items WHERE kb_id = ? AND account_id = ?)",
                {account, kb.id, account}));
    X8_TRY_STATUS(tx.Exec("DELETE FROM kb_items WHERE kb_id = ? AND account_id = ?", {kb.id, account}));
    X8_TRY_STATUS(tx.Exec("DELETE FROM kb_imports WHERE kb_id = ? AND account_id = ?", {kb.id, account}));
    X8_TRY_STATUS(tx.Exec("DELETE FROM knowledge_bases WHERE id = ? AND account_id = ?", {kb.id, account}));
    return Ok();
  });
}

Result<ItemPage> SqlKnowledgeRepository::ListItems(std::string_view account_id, std::string_view kb_id,
                                                   const ItemFilter& filter) {
  std::string where = "kb_id = ? AND account_id = ?";
  std::vector<Value> params{std::string(kb_id), std::string(account_id)};
  if (!filter.folded_query.empty()) {
    // search_text and folded_query are both NameKey()s (ICU case folding), so a plain LIKE agrees on both
    // engines; SQLite's ASCII-only LIKE folding has nothing left to fold.
    where += " AND search_text LIKE ? ESCAPE '\\'";
    params.emplace_back(storage::LikeContains(filter.folded_query));
  }
  if (!filter.category_key.empty()) {
    where += " AND category_key = ?";
    params.emplace_back(filter.category_key);
  }
  if (filter.after_position) {
    where += " AND position > ?";
    params.emplace_back(*filter.after_position);
  }
  params.emplace_back(filter.limit + 1);
  X8_TRY(auto items, LoadItems(db_, media_, account_id, where, params, " LIMIT ?"));
  ItemPage page;
  for (auto& stored : items) {
    if (static_cast<int64_t>(page.items.size()) == filter.limit) {
      page.next_position = page.items.back().position;
      break;
    }
    page.items.push_back(std::move(stored));
  }
  return page;
}

Result<std::vector<StoredItem>> SqlKnowledgeRepository::AllItems(std::string_view account_id,
                                                                 std::string_view kb_id) {
  X8_TRY(auto kb, Get(account_id, kb_id));
  return LoadItems(db_, media_, account_id, "kb_id = ? AND account_id = ?", {kb.id, std::string(account_id)});
}

Result<StoredItem> SqlKnowledgeRepository::GetItem(std::string_view account_id, std::string_view kb_id,
                                                   std::string_view item_id) {
  X8_TRY(auto items, LoadItems(db_, media_, account_id, "id = ? AND kb_id = ? AND account_id = ?",
                               {std::string(item_id), std::string(kb_id), std::string(account_id)}));
  if (items.empty()) return ItemNotFound();
  return std::move(items.front());
}

Result<StoredItem> SqlKnowledgeRepository::AddItem(std::string_view account_id, std::string_view kb_id,
                                                   const Item& input) {
  return db_.Transact<StoredItem>([&](storage::Tx& tx) -> Result<StoredItem> {
    X8_TRY_STATUS(LockLibrary(tx, media_, account_id));
    X8_TRY(auto kb, LockKb(tx, account_id, kb_id));
    ImageResolver images(tx, media_, account_id);
    int64_t now = clock_.NowMillis();
    X8_TRY(auto last, tx.Query("SELECT MAX(position) AS p FROM kb_items WHERE kb_id = ? AND account_id = ?",
                               {kb.id, std::string(account_id)}));
    auto max_position = last.empty() ? std::nullopt : last[0].OptInt("p");
    StoredItem stored{.item = input,
                      .position = max_position ? *max_position + 1 : 0,
                      .created_at = now,
                      .updated_at = now};
    X8_TRY_STATUS(InsertItem(tx, images, account_id, kb.id, stored.item, stored.position, now));
    X8_TRY_STATUS(RecountItems(tx, account_id, kb.id, now));
    return stored;
  });
}

Result<StoredItem> SqlKnowledgeRepository::UpdateItem(std::string_view account_id, std::string_view kb_id,
                                                      const Item& input) {
  return db_.Transact<StoredItem>([&](storage::Tx& tx) -> Result<StoredItem> {
    X8_TRY_STATUS(LockLibrary(tx, media_, account_id));
    X8_TRY(auto kb, LockKb(tx, account_id, kb_id));
    ImageResolver images(tx, media_, account_id);
    X8_TRY(auto current, LoadItems(tx, nullptr, account_id, "id = ? AND kb_id = ? AND account_id = ?",
                                   {input.id, kb.id, std::string(account_id)}));
    if (current.empty()) return ItemNotFound();
    StoredItem stored = current.front();
    std::set<std::string> own_ids;
    for (const auto& variant : stored.item.variants) own_ids.insert(variant.id);
    int64_t now = std::max(clock_.NowMillis(), stored.updated_at);
    stored.item = input;
    stored.updated_at = now;
    X8_TRY_STATUS(UpdateItemRow(tx, account_id, kb.id, stored.item, stored.position, now));
    X8_TRY_STATUS(WriteVariants(tx, images, account_id, stored.item.id, stored.item.variants, own_ids, now));
    X8_TRY_STATUS(TouchKb(tx, account_id, kb.id, now));
    return stored;
  });
}

Status SqlKnowledgeRepository::DeleteItem(std::string_view account_id, std::string_view kb_id,
                                          std::string_view item_id) {
  return db_.Transact([&](storage::Tx& tx) -> Status {
    X8_TRY_STATUS(LockLibrary(tx, media_, account_id));
    X8_TRY(auto kb, LockKb(tx, account_id, kb_id));
    X8_TRY(auto found, tx.Query("SELECT id FROM kb_items WHERE id = ? AND kb_id = ? AND account_id = ?",
                                {std::string(item_id), kb.id, std::string(account_id)}));
    if (found.empty()) return ItemNotFound();
    X8_TRY_STATUS(DeleteItemRows(tx, account_id, kb.id, std::string(item_id)));
    X8_TRY_STATUS(RecountItems(tx, account_id, kb.id, clock_.NowMillis()));
    return Ok();
  });
}

Result<StoredImport> SqlKnowledgeRepository::SaveImport(std::string_view account_id, std::string_view kb_id,
                                                        std::string_view file_name, std::string_view sheet,
                                                        std::string_view content,
                                                        std::string_view detected_mapping) {
  int64_t now = clock_.NowMillis();
  StoredImport saved{.id = NewId("imp", now),
                     .kb_id = std::string(kb_id),
                     .file_name = std::string(file_name),
                     .sheet = std::string(sheet),
                     .content = std::string(content),
                     .detected_mapping = std::string(detected_mapping),
                     .created_at = now,
                     .committed_at = std::nullopt};
  return db_.Transact<StoredImport>([&](storage::Tx& tx) -> Result<StoredImport> {
    X8_TRY(auto kb, LockKb(tx, account_id, kb_id));
    X8_TRY_STATUS(tx.Exec("DELETE FROM kb_imports WHERE account_id = ? AND created_at < ?",
                          {std::string(account_id), now - kImportTtlMillis}));
    storage::Bytes bytes(content.begin(), content.end());
    X8_TRY_STATUS(
        tx.Exec("INSERT INTO kb_imports (id, account_id, kb_id, file_name, sheet, content, detected_mapping, "
                "created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {saved.id, std::string(account_id), kb.id, saved.file_name, saved.sheet, std::move(bytes),
                 saved.detected_mapping, now}));
    return saved;
  });
}

Result<StoredImport> SqlKnowledgeRepository::GetImport(std::string_view account_id, std::string_view kb_id,
                                                       std::string_view import_id) {
  X8_TRY(auto rows,
         db_.Query("SELECT id, kb_id, file_name, sheet, content, detected_mapping, created_at, committed_at "
                   "FROM kb_imports WHERE id = ? AND kb_id = ? AND account_id = ? AND committed_at IS NULL "
                   "AND created_at >= ?",
                   {std::string(import_id), std::string(kb_id), std::string(account_id),
                    clock_.NowMillis() - kImportTtlMillis}));
  if (rows.empty()) return NotFound("import not found (uploads expire after 24 hours and commit once)");
  const Row& row = rows[0];
  auto bytes = row.Blob("content");
  return StoredImport{.id = row.Text("id"),
                      .kb_id = row.Text("kb_id"),
                      .file_name = row.Text("file_name"),
                      .sheet = row.Text("sheet"),
                      .content = std::string(bytes.begin(), bytes.end()),
                      .detected_mapping = row.Text("detected_mapping"),
                      .created_at = row.Int("created_at"),
                      .committed_at = row.OptInt("committed_at")};
}

Result<ImportCounts> SqlKnowledgeRepository::CommitImport(std::string_view account_id, std::string_view kb_id,
                                                          std::string_view import_id, ImportMode mode,
                                                          const std::vector<Item>& incoming) {
  return db_.Transact<ImportCounts>([&](storage::Tx& tx) -> Result<ImportCounts> {
    X8_TRY_STATUS(LockLibrary(tx, media_, account_id));
    X8_TRY(auto kb, LockKb(tx, account_id, kb_id));
    ImageResolver images(tx, media_, account_id);
    std::string account(account_id);
    int64_t now = clock_.NowMillis();
    // Claim the import first: a second commit of the same upload finds nothing to claim.
    X8_TRY(auto claimed,
           tx.Exec("UPDATE kb_imports SET committed_at = ?, content = ? WHERE id = ? AND kb_id = ? "
                   "AND account_id = ? AND committed_at IS NULL AND created_at >= ?",
                   {now, storage::Bytes{}, std::string(import_id), kb.id, account, now - kImportTtlMillis}));
    if (claimed == 0) return NotFound("import not found (uploads expire after 24 hours and commit once)");

    X8_TRY(auto existing_rows,
           LoadItems(tx, nullptr, account_id, "kb_id = ? AND account_id = ?", {kb.id, account}));
    std::vector<Item> existing;
    existing.reserve(existing_rows.size());
    for (auto& stored : existing_rows) existing.push_back(std::move(stored.item));
    ImportPlan plan = PlanImport(existing, incoming, mode);

    std::map<std::string, const Item*> existing_by_id;
    for (const auto& item : existing) existing_by_id[item.id] = &item;
    for (const auto& item_id : plan.delete_items)
      X8_TRY_STATUS(DeleteItemRows(tx, account_id, kb.id, item_id));

    // Positions: the file's order first (updates and creates interleaved as in the file), then kept items.
    std::set<std::string> touched;
    size_t next_update = 0;
    size_t next_create = 0;
    int64_t position = 0;
    for (const auto& wanted : incoming) {
      std::string key = NameKey(TitleOf(wanted));
      bool is_update = next_update < plan.update.size() && NameKey(TitleOf(plan.update[next_update])) == key;
      if (is_update) {
        Item item = plan.update[next_update++];
        std::set<std::string> own_ids;
        for (const auto& variant : existing_by_id.at(item.id)->variants) own_ids.insert(variant.id);
        X8_TRY_STATUS(UpdateItemRow(tx, account_id, kb.id, item, position++, now));
        X8_TRY_STATUS(WriteVariants(tx, images, account_id, item.id, item.variants, own_ids, now));
        touched.insert(item.id);
      } else if (next_create < plan.create.size()) {
        Item item = plan.create[next_create++];
        X8_TRY_STATUS(InsertItem(tx, images, account_id, kb.id, item, position++, now));
      }
    }
    for (const auto& item : existing) {
      bool deleted =
          std::find(plan.delete_items.begin(), plan.delete_items.end(), item.id) != plan.delete_items.end();
      if (deleted || touched.contains(item.id)) continue;
      X8_TRY_STATUS(tx.Exec("UPDATE kb_items SET position = ? WHERE id = ? AND kb_id = ? AND account_id = ?",
                            {position++, item.id, kb.id, account}));
    }
    X8_TRY(auto count, RecountItems(tx, account_id, kb.id, now));
    return ImportCounts{.created = static_cast<int64_t>(plan.create.size()),
                        .updated = static_cast<int64_t>(plan.update.size()),
                        .deleted = static_cast<int64_t>(plan.delete_items.size()),
                        .items = count};
  });
}

Status SqlKnowledgeRepository::ResolveImages(std::string_view account_id, std::vector<Item>& items) {
  ImageResolver images(db_, media_, account_id);
  for (auto& item : items) {
    for (auto& variant : item.variants) {
      X8_TRY(variant.linked, images.Find(variant.image));
    }
  }
  return Ok();
}

namespace {

// Moves the knowledge bases holding variants linked to `media_id` forward (search caches rebuild).
Status TouchKbsLinkedTo(Executor& tx, std::string_view account_id, std::string_view media_id, int64_t now) {
  std::string account(account_id);
  X8_TRY_STATUS(tx.Exec(
      "UPDATE knowledge_bases SET updated_at = CASE WHEN ? > updated_at THEN ? ELSE updated_at + 1 END "
      "WHERE account_id = ? AND id IN (SELECT i.kb_id FROM kb_items i JOIN kb_variants v ON v.item_id = i.id "
      "WHERE v.account_id = ? AND i.account_id = ? AND v.media_id = ?)",
      {now, now, account, account, account, std::string(media_id)}));
  return Ok();
}

}  // namespace

Status LinkVariantsToImage(storage::Executor& tx, std::string_view account_id, std::string_view media_id,
                           std::string_view file_name, int64_t now) {
  if (file_name.empty()) return Ok();
  // Unicode case-insensitive on both engines, as media::FindImageByFileName matches (x8_fold on SQLite).
  X8_TRY(auto linked,
         tx.Exec("UPDATE kb_variants SET media_id = ? WHERE account_id = ? AND image <> '' AND " +
                     storage::Folded(tx.dialect(), "image") + " = " + storage::Folded(tx.dialect(), "?"),
                 {std::string(media_id), std::string(account_id), std::string(file_name)}));
  if (linked == 0) return Ok();
  return TouchKbsLinkedTo(tx, account_id, media_id, now);
}

Status RelinkVariants(storage::Executor& tx, std::string_view account_id, std::string_view media_id,
                      const std::optional<std::string>& replacement, int64_t now) {
  X8_TRY_STATUS(TouchKbsLinkedTo(tx, account_id, media_id, now));
  Value target = replacement ? Value(*replacement) : Value(nullptr);
  X8_TRY_STATUS(tx.Exec("UPDATE kb_variants SET media_id = ? WHERE account_id = ? AND media_id = ?",
                        {target, std::string(account_id), std::string(media_id)}));
  return Ok();
}

}  // namespace x8::knowledge
