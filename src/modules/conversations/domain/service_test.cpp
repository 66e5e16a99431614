// Ingest, the inbox use cases, settings and the topic policy, on SQLite and PostgreSQL.
#include "modules/conversations/domain/service.h"

#include <gtest/gtest.h>

#include <thread>

#include "modules/conversations/testing/fixture.h"

namespace x8::conversations {
namespace {

using testing::ConversationsTest;

class IngestTest : public ConversationsTest {};

TEST_P(IngestTest, SameExternalIdTwiceIsOneMessage) {
  auto first = MustAccept("hello", "e1");
  auto second = MustAccept("hello again", "e1");
  EXPECT_FALSE(first.duplicate);
  EXPECT_TRUE(second.duplicate);
  EXPECT_EQ(second.message.id, first.message.id);
  EXPECT_EQ(second.conversation_id, first.conversation_id);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM messages"), 1);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM jobs WHERE kind = 'conversations.turn'"), 1);
}

TEST_P(IngestTest, AcceptStoresContactConversationMessageAndDueTurn) {
  auto accepted = MustAccept("  Do you have roses?  ", "e1");
  EXPECT_TRUE(IsValidId(accepted.conversation_id, "conv"));
  EXPECT_EQ(accepted.message.text, "Do you have roses?");
  EXPECT_EQ(accepted.message.direction, "in");
  EXPECT_EQ(accepted.message.seq, 1);
  const auto& conversation = accepted.conversation;
  EXPECT_EQ(conversation.contact.display_name, "Anna");
  EXPECT_EQ(conversation.channel_kind, "webchat");
  EXPECT_EQ(conversation.last_inbound_seq, 1);
  EXPECT_EQ(conversation.unread_count, 1);
  EXPECT_EQ(conversation.reply_due_at, clock_.NowMillis() + 3'000);
  EXPECT_EQ(conversation.last_message_preview, "Do you have roses?");
  auto run_at = db().Query("SELECT run_at, serial_key FROM jobs WHERE kind = 'conversations.turn'");
  ASSERT_TRUE(run_at);
  EXPECT_EQ(run_at->rows[0].Int("run_at"), clock_.NowMillis() + 3'000);
  EXPECT_EQ(run_at->rows[0].Text("serial_key"), "conv:" + accepted.conversation_id);
  // Events for the inbox: the message, then the conversation.
  auto events = Events();
  ASSERT_GE(events.size(), 2u);
  EXPECT_NE(events[events.size() - 2].find(R"("kind":"message")"), std::string::npos);
  EXPECT_NE(events.back().find(R"("kind":"conversation")"), std::string::npos);
}

TEST_P(IngestTest, ConcurrentFirstMessagesShareOneConversationWithDistinctSeqs) {
  constexpr int kThreads = 6;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  std::vector<std::string> conversation_ids(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto accepted = registered_.ingest->Accept(InboundMessage{.channel_id = channel_.id,
                                                                .external_id = "c" + std::to_string(i),
                                                                .contact_external_id = "racer",
                                                                .text = "hello " + std::to_string(i)});
      ASSERT_TRUE(accepted) << accepted.error().message;
      conversation_ids[i] = accepted->conversation_id;
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& id : conversation_ids) EXPECT_EQ(id, conversation_ids[0]);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM conversations"), 1);
  EXPECT_EQ(CountRows("SELECT COUNT(DISTINCT seq) FROM messages"), kThreads);
  EXPECT_EQ(MustGet(conversation_ids[0]).last_inbound_seq, kThreads);
}

TEST_P(IngestTest, ClosedConversationReopensAndUnknownChannelIsNotFound) {
  auto accepted = MustAccept("hi", "e1");
  ASSERT_TRUE(registered_.conversations->Close(owner_, accepted.conversation_id));
  EXPECT_EQ(MustGet(accepted.conversation_id).status, "closed");
  auto again = MustAccept("me again", "e2");
  EXPECT_EQ(again.conversation_id, accepted.conversation_id);
  EXPECT_EQ(again.conversation.status, "open");
  auto unknown = registered_.ingest->Accept(
      InboundMessage{.channel_id = "chn_nope", .external_id = "x", .contact_external_id = "v", .text = "hi"});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  auto empty = registered_.ingest->Accept(InboundMessage{
      .channel_id = channel_.id, .external_id = "x", .contact_external_id = "v", .text = "  "});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().details.at("field"), "text");
}

TEST_P(IngestTest, ChannelsAreOnePerCompanyAndFoundByKey) {
  auto again = registered_.conversations->EnsureChannel(account_id_, company_id_, "webchat", "Other name");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, channel_.id);
  EXPECT_TRUE(channel_.public_key.starts_with("wc_"));
  auto by_key = registered_.conversations->FindChannelByPublicKey(channel_.public_key);
  ASSERT_TRUE(by_key);
  EXPECT_EQ(by_key->id, channel_.id);
  EXPECT_EQ(registered_.conversations->FindChannelByPublicKey("wc_nope").error().code, ErrorCode::kNotFound);
  // The company must belong to the account named.
  auto foreign = registered_.conversations->EnsureChannel(account_id_, other_company_id_, "webchat", "x");
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
}

TEST_P(IngestTest, ContactMessagesAfterSeq) {
  MustAccept("one", "e1");
  MustAccept("two", "e2");
  MustAccept("someone else", "e3", "visitor-2");
  auto all = registered_.conversations->ListMessagesForContact(channel_.id, "visitor-1", 0, 100);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  auto after = registered_.conversations->ListMessagesForContact(channel_.id, "visitor-1", 1, 100);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].text, "two");
  auto nobody = registered_.conversations->ListMessagesForContact(channel_.id, "visitor-9", 0, 100);
  ASSERT_TRUE(nobody);
  EXPECT_TRUE(nobody->empty());
  auto found = registered_.conversations->FindConversationForContact(channel_.id, "visitor-2");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->contact.external_id, "visitor-2");
}

TEST_P(IngestTest, PlaygroundConversationsAreFreshAndAnsweredWithoutDebounce) {
  auto first = registered_.conversations->CreatePlaygroundConversation(owner_, company_id_);
  auto second = registered_.conversations->CreatePlaygroundConversation(owner_, company_id_);
  ASSERT_TRUE(first && second);
  EXPECT_NE(first->id, second->id);
  EXPECT_EQ(first->contact.external_id, "playground-1");
  EXPECT_EQ(second->contact.external_id, "playground-2");
  EXPECT_EQ(first->channel_kind, "playground");
  auto posted = registered_.conversations->PostPlaygroundMessage(owner_, first->id, "hello");
  ASSERT_TRUE(posted) << posted.error().message;
  EXPECT_EQ(posted->conversation_id, first->id);
  EXPECT_EQ(RunDueJobs(), 2);  // the turn and the reply's delivery, without waiting
  auto messages = MessagesOf(first->id);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].text, "guided: hello");
  EXPECT_EQ(messages[1].status, "sent");
  EXPECT_EQ(registered_.conversations->CreatePlaygroundConversation(stranger_, company_id_).error().code,
            ErrorCode::kNotFound);
  auto webchat = MustAccept("hi", "e1");
  EXPECT_EQ(
      registered_.conversations->PostPlaygroundMessage(owner_, webchat.conversation_id, "x").error().code,
      ErrorCode::kNotFound);
}

class InboxTest : public ConversationsTest {};

TEST_P(InboxTest, OtherTenantsGetNotFoundEverywhere) {
  auto accepted = MustAccept("hi", "e1");
  auto& service = *registered_.conversations;
  const auto& id = accepted.conversation_id;
  EXPECT_EQ(service.Get(stranger_, id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service.Messages(stranger_, id, 0, 50).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service.Reply(stranger_, id, "mine now").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service.TakeOver(stranger_, id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service.HandBack(stranger_, id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service.AddNote(stranger_, id, "x").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service.MarkRead(stranger_, id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service.Close(stranger_, id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service.List(stranger_, company_id_, {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service.Settings(stranger_, company_id_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service.UpdateSettings(stranger_, company_id_, {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service.Get(owner_, "conv_nope").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(MustGet(id).mode, "assistant");
}

TEST_P(InboxTest, ListFiltersSearchesAndPagesNewestFirst) {
  auto anna = MustAccept("I want tulips", "e1", "visitor-1");
  clock_.Advance(Millis(10));
  auto boris = MustAccept("roses please", "e2", "visitor-2");
  clock_.Advance(Millis(10));
  auto carl = MustAccept("hello", "e3", "visitor-3");
  ASSERT_TRUE(registered_.conversations->TakeOver(owner_, carl.conversation_id));
  auto& service = *registered_.conversations;

  auto all = service.List(owner_, company_id_, {});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->items.size(), 3u);
  EXPECT_EQ(all->items[0].id, carl.conversation_id);
  EXPECT_EQ(all->items[2].id, anna.conversation_id);
  EXPECT_FALSE(all->next_cursor);

  auto page = service.List(owner_, company_id_, {.limit = "2"});
  ASSERT_TRUE(page && page->next_cursor);
  ASSERT_EQ(page->items.size(), 2u);
  auto rest = service.List(owner_, company_id_, {.cursor = page->next_cursor, .limit = "2"});
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->items[0].id, anna.conversation_id);

  auto roses = service.List(owner_, company_id_, {.q = "ROSES"});
  ASSERT_TRUE(roses);
  ASSERT_EQ(roses->items.size(), 1u);
  EXPECT_EQ(roses->items[0].id, boris.conversation_id);
  auto by_name = service.List(owner_, company_id_, {.q = "anna"});
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->items.size(), 3u);  // every visitor here is called Anna
  auto human = service.List(owner_, company_id_, {.mode = "human"});
  ASSERT_TRUE(human);
  ASSERT_EQ(human->items.size(), 1u);
  EXPECT_EQ(human->items[0].id, carl.conversation_id);
  auto playground = service.List(owner_, company_id_, {.channel = "playground"});
  ASSERT_TRUE(playground);
  EXPECT_TRUE(playground->items.empty());
  EXPECT_EQ(service.List(owner_, company_id_, {.status = "archived"}).error().details.at("field"), "status");
  EXPECT_EQ(service.List(owner_, company_id_, {.cursor = "garbage"}).error().details.at("field"), "cursor");
  EXPECT_EQ(service.List(owner_, company_id_, {.limit = "0"}).error().details.at("field"), "limit");
}

TEST_P(InboxTest, SearchIgnoresCase) {
  auto accepted = MustAccept("Хочу Розы и Tulips", "e1");
  auto latin = registered_.conversations->List(owner_, company_id_, {.q = "tULIPS"});
  ASSERT_TRUE(latin);
  EXPECT_EQ(latin->items.size(), 1u);
  if (is_postgres()) {  // SQLite's LOWER() folds ASCII only
    auto cyrillic = registered_.conversations->List(owner_, company_id_, {.q = "розы"});
    ASSERT_TRUE(cyrillic);
    EXPECT_EQ(cyrillic->items.size(), 1u);
  }
  auto percent = registered_.conversations->List(owner_, company_id_, {.q = "%"});
  ASSERT_TRUE(percent);
  EXPECT_TRUE(percent->items.empty());  // LIKE wildcards are literal
}

TEST_P(InboxTest, HumanReplyTakesOverNotesAreNotDeliveredHandBackReturnsToAssistant) {
  auto accepted = MustAccept("hi", "e1");
  const auto& id = accepted.conversation_id;
  auto& service = *registered_.conversations;
  auto reply = service.Reply(owner_, id, "Hello from a person");
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->author, "human");
  EXPECT_EQ(reply->author_user_id, "usr_owner");
  EXPECT_EQ(reply->status, "queued");
  auto taken = MustGet(id);
  EXPECT_EQ(taken.mode, "human");
  EXPECT_EQ(taken.handled_by_user_id, "usr_owner");
  auto note = service.AddNote(owner_, id, "VIP customer");
  ASSERT_TRUE(note);
  EXPECT_EQ(note->direction, "note");

  clock_.Advance(Millis(5'000));
  RunDueJobs();
  EXPECT_TRUE(guided_.inputs.empty());  // human mode: the assistant stays quiet
  ASSERT_EQ(sender_->sent.size(), 1u);  // the human reply only, never the note
  EXPECT_EQ(sender_->sent[0].text, "Hello from a person");
  auto messages = MessagesOf(id);
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[1].status, "sent");
  EXPECT_EQ(messages[1].external_id, "ext-1");

  auto read = service.MarkRead(owner_, id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->unread_count, 0);
  auto back = service.HandBack(owner_, id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->mode, "assistant");
  EXPECT_FALSE(back->needs_human);
  EXPECT_FALSE(back->handled_by_user_id);
  MustAccept("are you there?", "e2");
  clock_.Advance(Millis(5'000));
  RunDueJobs();
  ASSERT_EQ(guided_.inputs.size(), 1u);
  EXPECT_EQ(guided_.inputs[0].new_messages, std::vector<std::string>{"are you there?"});
  EXPECT_EQ(service.Reply(owner_, id, " ").error().details.at("field"), "text");
}

TEST_P(InboxTest, SettingsDefaultsUpdateAndVersion) {
  auto& service = *registered_.conversations;
  auto defaults = service.Settings(owner_, company_id_);
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->engine, "guided");
  EXPECT_EQ(defaults->debounce_ms, 3'000);
  EXPECT_EQ(defaults->retention_days, 365);
  EXPECT_EQ(defaults->version, 0);
  auto updated = service.UpdateSettings(
      owner_, company_id_,
      {.debounce_ms = 0, .prompts = std::map<std::string, std::string>{{"greeting", "Hi!"}}});
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->version, 1);
  EXPECT_EQ(updated->updated_by, "usr_owner");
  auto again = service.UpdateSettings(owner_, company_id_, {.default_language = "ru"});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->version, 2);
  EXPECT_EQ(again->debounce_ms, 0);
  EXPECT_EQ(again->prompts.at("greeting"), "Hi!");
  // The new debounce applies to the next message.
  auto accepted = MustAccept("hi", "e1");
  EXPECT_EQ(accepted.conversation.reply_due_at, clock_.NowMillis());
}

TEST(SettingsPatchTest, ValidationNamesTheField) {
  AssistantSettings current;
  auto field = [&](const SettingsPatch& patch, bool llm = false) {
    auto result = ApplySettingsPatch(current, patch, llm);
    return result ? std::string() : std::string(result.error().details.at("field").as_string());
  };
  EXPECT_EQ(field({.engine = "gpt"}), "engine");
  EXPECT_EQ(field({.engine = "llm"}), "engine");
  EXPECT_EQ(field({.engine = "llm"}, true), "");
  EXPECT_EQ(field({.debounce_ms = -1}), "debounce_ms");
  EXPECT_EQ(field({.debounce_ms = 60'001}), "debounce_ms");
  EXPECT_EQ(field({.debounce_ms = 60'000}), "");
  EXPECT_EQ(field({.retention_days = 0}), "retention_days");
  EXPECT_EQ(field({.retention_days = 3651}), "retention_days");
  EXPECT_EQ(field({.retention_days = 1}), "");
  EXPECT_EQ(field({.default_language = "de"}), "default_language");
  EXPECT_EQ(field({.prompts = std::map<std::string, std::string>{{"jokes", "x"}}}), "prompts");
  EXPECT_EQ(field({.prompts = std::map<std::string, std::string>{{"rules", std::string(4001, 'x')}}}),
            "prompts");
  EXPECT_EQ(field({.prompts = std::map<std::string, std::string>{{"rules", std::string(4000, 'x')}}}), "");
}

TEST_P(InboxTest, InboxTopicPolicyAdmitsOnlyThoseWhoMayAccessTheCompany) {
  auto& service = *registered_.conversations;
  const auto topic = InboxTopic(company_id_);
  EXPECT_TRUE(service.MayWatchInbox(owner_, topic));
  EXPECT_FALSE(service.MayWatchInbox(stranger_, topic));
  EXPECT_FALSE(service.MayWatchInbox(std::nullopt, topic));
  EXPECT_FALSE(service.MayWatchInbox(owner_, "company..inbox"));
  EXPECT_FALSE(service.MayWatchInbox(owner_, "webchat.token"));
  EXPECT_TRUE(registered_.inbox_topic_policy(owner_, topic));
  http::Principal admin{"usr_admin", "ADMIN", ""};
  EXPECT_TRUE(service.MayWatchInbox(admin, topic));
}

X8_INSTANTIATE_ENGINE_TEST(IngestTest);
X8_INSTANTIATE_ENGINE_TEST(InboxTest);

}  // namespace
}  // namespace x8::conversations
