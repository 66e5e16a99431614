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

X8_INSTANTIATE_ENGINE_TEST(ConversationStoreTest);

}  // namespace
}  // namespace x8::conversations
