// OrderRepository over storage::Database (SQLite and PostgreSQL, migration 0008_commerce).
#pragma once

#include "modules/commerce/domain/order.h"

namespace x8::commerce {

class SqlOrderRepository final : public OrderRepository {
 public:
  Status Insert(storage::Executor& ex, const Order& order) override;
  Result<std::optional<Order>> Get(storage::Executor& ex, std::string_view account_id,
                                   std::string_view order_id) override;
  Result<std::optional<Order>> GetUnscoped(storage::Executor& ex, std::string_view order_id) override;
  Result<std::optional<Order>> FindLive(storage::Executor& ex, std::string_view account_id,
                                        std::string_view conversation_id) override;
  Result<bool> Transition(storage::Executor& ex, std::string_view order_id, PaymentStatus from,
                          PaymentStatus to, int64_t at_ms) override;
  Result<OrderPage> List(storage::Executor& ex, std::string_view account_id, std::string_view company_id,
                         const OrderFilter& filter) override;
  Result<std::vector<Order>> ListExpiring(storage::Executor& ex, int64_t now_ms, int64_t limit) override;

  Status InsertSession(storage::Executor& ex, const PaymentSession& session) override;
  Result<std::optional<PaymentSession>> FindSession(storage::Executor& ex, std::string_view provider,
                                                    std::string_view external_id) override;
  Result<std::optional<PaymentSession>> SessionOfOrder(storage::Executor& ex,
                                                       std::string_view order_id) override;
  Result<bool> CloseSession(storage::Executor& ex, std::string_view session_id, SessionStatus to,
                            int64_t at_ms) override;

  Result<bool> InsertEvent(storage::Executor& ex, const PaymentEvent& event) override;
  Result<std::optional<PaymentEvent>> GetEvent(storage::Executor& ex, std::string_view event_id) override;
  Result<bool> MarkEventApplied(storage::Executor& ex, std::string_view event_id, int64_t at_ms) override;
  Result<std::vector<PaymentEvent>> EventsOf(storage::Executor& ex, std::string_view order_id) override;
};

}  // namespace x8::commerce
