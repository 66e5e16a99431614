// Engine-internal: the per-thread registry behind the ambient transaction (see database.h). Not for
// code outside src/platform/storage.
#pragma once

#include <memory>
#include <thread>

#include "platform/storage/database.h"

namespace x8::storage::internal {

// The innermost transaction this thread holds open on `db` (that very object), or nullptr. Cheap
// when the thread holds none: one thread_local emptiness check.
Transaction* AmbientTransaction(const Database& db);

// The error Begin() returns when this thread already holds an open transaction on the same Database.
Error NestedTransactionError();

// Makes `tx` the ambient transaction of `db` on the constructing thread until Release() (idempotent)
// or destruction. A member of each engine's Transaction, released as soon as the transaction ends
// (commit, rollback, or a failed commit that ended it).
class AmbientRegistration {
 public:
  AmbientRegistration(const Database& db, Transaction& tx);
  ~AmbientRegistration() { Release(); }
  AmbientRegistration(const AmbientRegistration&) = delete;
  AmbientRegistration& operator=(const AmbientRegistration&) = delete;

  void Release();

 private:
  std::thread::id thread_;
  // The registry entry holds a weak_ptr to this: once it is reset, the entry is dead even when the
  // transaction was (wrongly) ended on another thread and could not erase it.
  std::shared_ptr<char> alive_;
};

}  // namespace x8::storage::internal
