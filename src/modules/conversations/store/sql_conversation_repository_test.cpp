// Contract tests of the SQL store on SQLite and PostgreSQL.
#include "modules/conversations/store/sql_conversation_repository.h"

#include <gtest/gtest.h>

#include "core/ids.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::conversations {
namespace {

class ConversationStoreTest : public storage::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(storage::Migrate(db()));
  }
  Channel NewChannel(std::string kind, std::string company = "cmp_1") {
    return Channel{.id = NewId("chn"),
                   .account_id = "acc_1",
                   .company_id = std::move(company),
                   .kind = std::move(kind),
                   .name = "n",
                   .public_key = "wc_" + RandomHex(8),
                   .created_at = 1,
                   .updated_at = 1};
  }
  SqlConversationRepository repository_;
};

TEST_P(ConversationStoreTest, OneWebchatChannelPerCompanyButManyOfOtherKinds) {
  auto first = NewChannel("webchat");
  ASSERT_TRUE(repository_.InsertChannel(db(), first));
  ASSERT_TRUE(repository_.InsertChannel(db(), NewChannel("webchat")));  // ignored
  ASSERT_TRUE(repository_.InsertChannel(db(), NewChannel("webchat", "cmp_2")));
  ASSERT_TRUE(repository_.InsertChannel(db(), NewChannel("telegram")));
  ASSERT_TRUE(repository_.InsertChannel(db(), NewChannel("telegram")));
  auto count = db().Query(
      "SELECT kind, COUNT(*) AS n FROM channels WHERE company_id = 'cmp_1' GROUP BY kind ORDER BY kind");
  ASSERT_TRUE(count);
  EXPECT_EQ(count->rows[0].Int("n"), 2);  // telegram
  EXPECT_EQ(count->rows[1].Int("n"), 1);  // webchat
  auto found = repository_.FindCompanyChannel(db(), "cmp_1", "webchat");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, first.id);
  auto by_key = repository_.FindChannelByKey(db(), first.public_key);
  ASSERT_TRUE(by_key && *by_key);
  EXPECT_EQ((*by_key)->company_id, "cmp_1");
}

TEST_P(ConversationStoreTest, ContactUpsertKeepsTheFirstIdAndRefreshesNameAndLastSeen) {
  Contact contact{.id = NewId("ctc"),
                  .account_id = "acc_1",
                  .company_id = "cmp_1",
                  .channel_kind = "webchat",
                  .external_id = "v1",
                  .display_name = "Anna",
                  .created_at = 1,
                  .last_seen_at = 1};
  auto first = repository_.UpsertContact(db(), contact);
  ASSERT_TRUE(first);
  contact.id = NewId("ctc");
  contact.display_name = "";
  contact.last_seen_at = 5;
  auto second = repository_.UpsertContact(db(), contact);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->id, first->id);
  EXPECT_EQ(second->display_name, "Anna");  // an unknown name does not erase a known one
  EXPECT_EQ(second->last_seen_at, 5);
  EXPECT_EQ(*repository_.CountContacts(db(), "cmp_1", "webchat"), 1);
}

TEST_P(ConversationStoreTest, InboundEventsAreUniquePerChannel) {
  EXPECT_TRUE(*repository_.InsertInboundEvent(db(), "chn_1", "m1", "{}", 1));
  EXPECT_FALSE(*repository_.InsertInboundEvent(db(), "chn_1", "m1", "{}", 2));
  EXPECT_TRUE(*repository_.InsertInboundEvent(db(), "chn_2", "m1", "{}", 2));
  ASSERT_TRUE(repository_.LinkInboundEvent(db(), "chn_1", "m1", "msg_1"));
  EXPECT_EQ(*repository_.InboundEventMessage(db(), "chn_1", "m1"), "msg_1");
  EXPECT_EQ(*repository_.InboundEventMessage(db(), "chn_2", "m1"), "");
}

TEST_P(ConversationStoreTest, AFallbackNameNamesOnlyContactsWithoutOne) {
  Contact visitor{.id = NewId("ctc"),
                  .account_id = "acc_1",
                  .company_id = "cmp_1",
                  .channel_kind = "webchat",
                  .external_id = "vAbc1",
                  .created_at = 1,
                  .last_seen_at = 1};
  auto created = repository_.UpsertContact(db(), visitor, "Visitor ABC1");
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->display_name, "Visitor ABC1");
  visitor.display_name = "Anna";  // a name they gave wins
  EXPECT_EQ(repository_.UpsertContact(db(), visitor, "Visitor ABC1")->display_name, "Anna");
  visitor.display_name = "";  // and stays when a later message has none
  EXPECT_EQ(repository_.UpsertContact(db(), visitor, "Visitor ABC1")->display_name, "Anna");

  // A contact stored without a name (before visitors were named) gets the fallback on its next message.
  Contact old = visitor;
  old.id = NewId("ctc");
  old.external_id = "vOld9";
  EXPECT_EQ(repository_.UpsertContact(db(), old)->display_name, "");
  EXPECT_EQ(repository_.UpsertContact(db(), old, "Visitor OLD9")->display_name, "Visitor OLD9");
}

TEST_P(ConversationStoreTest, Migration0012NamesTheVisitorsCreatedBefore) {
  auto contact = [&](std::string kind, std::string external_id, std::string name) {
    return *repository_.UpsertContact(db(), Contact{.id = NewId("ctc"),
                                                    .account_id = "acc_1",
                                                    .company_id = "cmp_1",
                                                    .channel_kind = std::move(kind),
                                                    .external_id = std::move(external_id),
                                                    .display_name = std::move(name),
                                                    .created_at = 1,
                                                    .last_seen_at = 1});
  };
  const auto unnamed = contact("webchat", "vQ7xK2mZp9aB3cD4eF5gh8k", "");
  const auto named = contact("webchat", "vQ7xK2mZp9aB3cD4eF5gh9k", "Anna");
  const auto other = contact("telegram", "12345", "");
  const storage::Migration* migration = nullptr;
  for (const auto& m : storage::EmbeddedMigrations(db().dialect())) {
    if (m.version == 12) migration = &m;
  }
  ASSERT_NE(migration, nullptr);
  EXPECT_EQ(migration->name, "visitor_names");
  ASSERT_TRUE(db().ExecScript(migration->sql));  // already applied by Migrate: re-running is harmless
  auto name_of = [&](const Contact& c) {
    auto rows = db().Query("SELECT display_name FROM contacts WHERE id = ?", {c.id});
    return rows && !rows->rows.empty() ? rows->rows[0].Text("display_name") : "?";
  };
  EXPECT_EQ(name_of(unnamed), "Visitor GH8K");
  EXPECT_EQ(name_of(unnamed), VisitorName(unnamed.external_id));  // the same code as new visitors get
  EXPECT_EQ(name_of(named), "Anna");
  EXPECT_EQ(name_of(other), "");
}

TEST_P(ConversationStoreTest, ConversationAndMessagesRoundTrip) {
  auto channel = NewChannel("webchat");
  ASSERT_TRUE(repository_.InsertChannel(db(), channel));
  auto contact = *repository_.UpsertContact(db(), Contact{.id = NewId("ctc"),
                                                          .account_id = "acc_1",
                                                          .company_id = "cmp_1",
                                                          .channel_kind = "webchat",
                                                          .external_id = "v1",
                                                          .display_name = "Anna",
                                                          .source = "tiktok",
                                                          .campaign = "spring",
                                                          .created_at = 1,
                                                          .last_seen_at = 1});
  Conversation conversation{.id = NewId("conv"),
                            .account_id = "acc_1",
                            .company_id = "cmp_1",
                            .channel_id = channel.id,
                            .contact_id = contact.id,
                            .last_message_at = 1,
                            .created_at = 1,
                            .updated_at = 1};
  ASSERT_TRUE(repository_.InsertConversation(db(), conversation));
  conversation.cart.lines.push_back({.item_id = "itm_1",
                                     .variant_id = "var_1",
                                     .name = "Roses",
                                     .unit_price_minor = 100,
                                     .currency = "EUR",
                                     .quantity_milli = 1500});
  conversation.engine_state = boost::json::object{{"stage", "cart"}};
  conversation.reply_due_at = 99;
  conversation.handled_by_user_id = "usr_1";
  conversation.last_seq = 3;
  ASSERT_TRUE(repository_.SaveConversation(db(), conversation));
  for (int64_t seq = 1; seq <= 3; ++seq) {
    Message message{.id = NewId("msg"),
                    .account_id = "acc_1",
                    .conversation_id = conversation.id,
                    .seq = seq,
                    .direction = seq == 2 ? "note" : "in",
                    .text = "m" + std::to_string(seq),
                    .buttons = {{"Pay", "https://pay"}},
                    .media_urls = {"https://img"},
                    .attachments = {{"image", "https://a", "image/png", "a.png"}},
                    .status = "received",
                    .created_at = seq};
    if (seq == 3) message.trace = boost::json::array{boost::json::object{{"step", "search"}}};
    ASSERT_TRUE(repository_.InsertMessage(db(), message));
  }
  auto stored = repository_.GetConversation(db(), conversation.id);
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->cart, conversation.cart);
  EXPECT_EQ((*stored)->engine_state.at("stage"), "cart");
  EXPECT_EQ((*stored)->reply_due_at, 99);
  EXPECT_EQ((*stored)->contact.source, "tiktok");
  EXPECT_EQ((*stored)->channel_kind, "webchat");
  auto with_notes = *repository_.ListMessagesBefore(db(), conversation.id, 0, 10, true);
  ASSERT_EQ(with_notes.size(), 3u);
  EXPECT_EQ(with_notes[0].seq, 1);
  EXPECT_EQ(with_notes[2].trace->at(0).at("step"), "search");
  EXPECT_EQ(with_notes[0].buttons[0].payload, "https://pay");
  EXPECT_EQ(with_notes[0].attachments[0].file_name, "a.png");
  EXPECT_EQ(repository_.ListMessagesBefore(db(), conversation.id, 3, 10, false)->size(), 1u);
  EXPECT_EQ(repository_.ListMessagesAfter(db(), conversation.id, 1, 10)->size(), 1u);  // the note is skipped
  EXPECT_EQ(repository_.CustomerMessagesBetween(db(), conversation.id, 0, 3)->size(), 2u);
}

// The inbox search (ConversationFilter::query) folds Unicode case on both engines: on SQLite through
// x8_fold, since SQLite's own LOWER()/LIKE fold ASCII only.
TEST_P(ConversationStoreTest, InboxSearchIsUnicodeCaseInsensitiveAndTakesWildcardsLiterally) {
  auto channel = NewChannel("webchat");
  ASSERT_TRUE(repository_.InsertChannel(db(), channel));
  auto start = [&](const std::string& name,
                   const std::vector<std::pair<std::string, std::string>>& messages) {
    static int visitor = 0;
    auto contact = *repository_.UpsertContact(db(), Contact{.id = NewId("ctc"),
                                                            .account_id = "acc_1",
                                                            .company_id = "cmp_1",
                                                            .channel_kind = "webchat",
                                                            .external_id = "v" + std::to_string(++visitor),
                                                            .display_name = name,
                                                            .created_at = 1,
                                                            .last_seen_at = 1});
    Conversation conversation{.id = NewId("conv"),
                              .account_id = "acc_1",
                              .company_id = "cmp_1",
                              .channel_id = channel.id,
                              .contact_id = contact.id,
                              .last_message_at = visitor,
                              .created_at = 1,
                              .updated_at = 1};
    EXPECT_TRUE(repository_.InsertConversation(db(), conversation));
    int64_t seq = 0;
    for (const auto& [direction, text] : messages) {
      EXPECT_TRUE(repository_.InsertMessage(db(), Message{.id = NewId("msg"),
                                                          .account_id = "acc_1",
                                                          .conversation_id = conversation.id,
                                                          .seq = ++seq,
                                                          .direction = direction,
                                                          .text = text,
                                                          .status = "received",
                                                          .created_at = seq}));
    }
    return conversation.id;
  };
  const std::string olga = start("Ольга", {{"in", "Здравствуйте"}});
  const std::string emile = start("Émile Dubois", {{"in", "Bonjour"}});
  const std::string anna =
      start("Anna", {{"in", "Haben Sie Größe M? 100% Wolle"}, {"note", "ЗВОНИЛА ИРИНА"}});
  const std::string bob = start("bob_smith", {{"out", "ДОСТАВКА завтра"}});
  using Ids = std::vector<std::string>;
  auto search = [&](std::string query) {
    auto found = repository_.ListConversations(db(), "acc_1", "cmp_1", {.query = std::move(query)});
    EXPECT_TRUE(found) << found.error().message;
    Ids ids;
    if (found) {
      for (const auto& conversation : *found) ids.push_back(conversation.id);
    }
    return ids;
  };
  for (const char* query : {"Ольга", "ольга", "ОЛЬГА", "оЛЬГ"}) EXPECT_EQ(search(query), Ids{olga}) << query;
  for (const char* query : {"Émile", "émile", "ÉMILE DUBOIS"}) EXPECT_EQ(search(query), Ids{emile}) << query;
  EXPECT_EQ(search("здравствуйте"), Ids{olga}) << "message text";
  EXPECT_EQ(search("доставка"), Ids{bob}) << "the business's own replies count";
  EXPECT_EQ(search("größe m"), Ids{anna});
  EXPECT_EQ(search("GRÖßE"), Ids{anna});
  EXPECT_EQ(search("grösse"), is_postgres() ? Ids{} : Ids{anna})
      << "SQLite folds ß to ss (full case folding); PostgreSQL's lower() keeps ß";
  EXPECT_TRUE(search("ирина").empty()) << "notes are not searched";
  EXPECT_EQ(search("%"), Ids{anna}) << "% is a character, not a wildcard";
  EXPECT_EQ(search("0% W"), Ids{anna});
  EXPECT_EQ(search("_"), Ids{bob});
  EXPECT_EQ(search("B_S"), Ids{bob});
  EXPECT_TRUE(search("b%h").empty());
  EXPECT_TRUE(search("a_n").empty());
  EXPECT_TRUE(search("\\").empty());
  EXPECT_EQ(search("").size(), 4u);
}

X8_INSTANTIATE_ENGINE_TEST(ConversationStoreTest);

}  // namespace
}  // namespace x8::conversations
