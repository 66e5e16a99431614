#include "modules/accounts/store/sql_store.h"

#include <algorithm>

#include "platform/storage/text_search.h"

namespace x8::accounts {

namespace {

using storage::Row;
using storage::Value;

Value Text(std::string_view s) { return Value(std::string(s)); }
Value OptText(std::string_view s) { return s.empty() ? Value(nullptr) : Value(std::string(s)); }
Value OptInt(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(nullptr); }

constexpr std::string_view kUserColumns =
    "u.id, u.email, u.email_verified_at, u.password_hash, u.name, u.role, u.account_id, "
    "u.two_factor_enabled, "
    "u.language, u.failed_logins, u.locked_until, u.created_at, u.updated_at";
constexpr std::string_view kAccountColumns =
    "a.id AS a_id, a.owner_user_id AS a_owner_user_id, a.manager_user_id AS a_manager_user_id, a.plan AS "
    "a_plan, "
    "a.channel_limit AS a_channel_limit, a.trial_ends_at AS a_trial_ends_at, a.created_at AS a_created_at";
constexpr std::string_view kSessionColumns =
    "id, user_id, created_at, last_used_at, expires_at, revoked_at, user_agent, ip";

std::string Sql(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out += p;
  return out;
}

User UserFrom(const Row& r) {
  User u;
  u.id = r.Text("id");
  u.email = r.Text("email");
  u.email_verified_at = r.OptInt("email_verified_at");
  u.password_hash = r.OptText("password_hash");
  u.name = r.Text("name");
  u.role = r.Text("role");
  u.account_id = r.OptText("account_id").value_or("");
  u.two_factor_enabled = r.Int("two_factor_enabled") != 0;
  u.language = r.Text("language");
  u.failed_logins = r.Int("failed_logins");
  u.locked_until = r.OptInt("locked_until");
  u.created_at = r.Int("created_at");
  u.updated_at = r.Int("updated_at");
  return u;
}

Account AccountFrom(const Row& r) {
  Account a;
  a.id = r.Text("a_id");
  a.owner_user_id = r.Text("a_owner_user_id");
  a.manager_user_id = r.OptText("a_manager_user_id").value_or("");
  a.plan = r.Text("a_plan");
  a.channel_limit = r.Int("a_channel_limit");
  a.trial_ends_at = r.OptInt("a_trial_ends_at");
  a.created_at = r.Int("a_created_at");
  return a;
}

Session SessionFrom(const Row& r) {
  Session s;
  s.id = r.Text("id");
  s.user_id = r.Text("user_id");
  s.created_at = r.Int("created_at");
  s.last_used_at = r.Int("last_used_at");
  s.expires_at = r.Int("expires_at");
  s.revoked_at = r.OptInt("revoked_at");
  s.user_agent = r.Text("user_agent");
  s.ip = r.Text("ip");
  return s;
}

std::vector<ClientSummary> ClientsFrom(const storage::Rows& rows) {
  std::vector<ClientSummary> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({AccountFrom(r), UserFrom(r)});
  return out;
}

const std::string kClientSelect = Sql({"SELECT ", kAccountColumns, ", ", kUserColumns,
                                       " FROM accounts a JOIN users u ON u.id = a.owner_user_id "});

}  // namespace

Result<std::optional<std::string>> SqlAccountsStore::ManagerOf(std::string_view account_id) {
  X8_TRY(auto rows, db_.Query("SELECT manager_user_id FROM accounts WHERE id = ?", {Text(account_id)}));
  if (rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>(rows[0].OptText("manager_user_id").value_or(""));
}

Status SqlAccountsStore::InsertUser(Executor& ex, const User& u) {
  X8_TRY_STATUS(
      ex.Exec("INSERT INTO users (id, email, email_verified_at, password_hash, name, role, account_id, "
              "two_factor_enabled, "
              "language, failed_logins, locked_until, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
              "?, ?, ?, ?, ?, ?)",
              {Text(u.id), Text(u.email), OptInt(u.email_verified_at),
               u.password_hash ? Value(*u.password_hash) : Value(nullptr), Text(u.name), Text(u.role),
               OptText(u.account_id), int64_t{u.two_factor_enabled ? 1 : 0}, Text(u.language),
               u.failed_logins, OptInt(u.locked_until), u.created_at, u.updated_at}));
  return Ok();
}

Result<std::optional<User>> SqlAccountsStore::FindUserById(Executor& ex, std::string_view user_id) {
  static const std::string kSql = Sql({"SELECT ", kUserColumns, " FROM users u WHERE u.id = ?"});
  X8_TRY(auto rows, ex.Query(kSql, {Text(user_id)}));
  if (rows.empty()) return std::optional<User>{};
  return std::optional<User>(UserFrom(rows[0]));
}

Result<std::optional<User>> SqlAccountsStore::FindUserByEmail(Executor& ex, std::string_view email) {
  static const std::string kSql = Sql({"SELECT ", kUserColumns, " FROM users u WHERE u.email = ?"});
  X8_TRY(auto rows, ex.Query(kSql, {Text(email)}));
  if (rows.empty()) return std::optional<User>{};
  return std::optional<User>(UserFrom(rows[0]));
}

Status SqlAccountsStore::UpdateProfile(Executor& ex, std::string_view user_id, std::string_view name,
                                       std::string_view language, bool two_factor_enabled, int64_t now) {
  X8_TRY_STATUS(
      ex.Exec("UPDATE users SET name = ?, language = ?, two_factor_enabled = ?, updated_at = ? WHERE id = ?",
              {Text(name), Text(language), int64_t{two_factor_enabled ? 1 : 0}, now, Text(user_id)}));
  return Ok();
}

Status SqlAccountsStore::SetPasswordHash(Executor& ex, std::string_view user_id, std::string_view hash,
                                         int64_t now) {
  X8_TRY_STATUS(
      ex.Exec("UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, updated_at = ? "
              "WHERE id = ?",
              {hash.empty() ? storage::Value(nullptr) : Text(hash), now, Text(user_id)}));
  return Ok();
}

Status SqlAccountsStore::MarkEmailVerified(Executor& ex, std::string_view user_id, int64_t now) {
  X8_TRY_STATUS(ex.Exec(
      "UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?), updated_at = ? WHERE id = ?",
      {now, now, Text(user_id)}));
  return Ok();
}

Status SqlAccountsStore::SetLoginFailures(Executor& ex, std::string_view user_id, int64_t failed_logins,
                                          std::optional<int64_t> locked_until, int64_t now) {
  X8_TRY_STATUS(ex.Exec("UPDATE users SET failed_logins = ?, locked_until = ?, updated_at = ? WHERE id = ?",
                        {failed_logins, OptInt(locked_until), now, Text(user_id)}));
  return Ok();
}

Status SqlAccountsStore::SetRole(Executor& ex, std::string_view user_id, std::string_view role,
                                 std::string_view account_id, int64_t now) {
  X8_TRY_STATUS(ex.Exec("UPDATE users SET role = ?, account_id = ?, updated_at = ? WHERE id = ?",
                        {Text(role), OptText(account_id), now, Text(user_id)}));
  return Ok();
}

Result<std::vector<User>> SqlAccountsStore::ListUsersByRole(Executor& ex, std::string_view role, int limit) {
  static const std::string kSql =
      Sql({"SELECT ", kUserColumns, " FROM users u WHERE u.role = ? ORDER BY u.created_at, u.id LIMIT ?"});
  X8_TRY(auto rows, ex.Query(kSql, {Text(role), int64_t{limit}}));
  std::vector<User> out;
  for (const auto& r : rows) out.push_back(UserFrom(r));
  return out;
}

Status SqlAccountsStore::InsertAccount(Executor& ex, const Account& a) {
  X8_TRY_STATUS(
      ex.Exec("INSERT INTO accounts (id, owner_user_id, manager_user_id, plan, channel_limit, trial_ends_at, "
              "created_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)",
              {Text(a.id), Text(a.owner_user_id), OptText(a.manager_user_id), Text(a.plan), a.channel_limit,
               OptInt(a.trial_ends_at), a.created_at}));
  return Ok();
}

Result<std::optional<Account>> SqlAccountsStore::FindAccount(Executor& ex, std::string_view account_id) {
  static const std::string kSql = Sql({"SELECT ", kAccountColumns, " FROM accounts a WHERE a.id = ?"});
  X8_TRY(auto rows, ex.Query(kSql, {Text(account_id)}));
  if (rows.empty()) return std::optional<Account>{};
  return std::optional<Account>(AccountFrom(rows[0]));
}

Result<bool> SqlAccountsStore::SetManager(Executor& ex, std::string_view account_id,
                                          std::string_view manager_user_id) {
  X8_TRY(auto n, ex.Exec("UPDATE accounts SET manager_user_id = ? WHERE id = ?",
                         {OptText(manager_user_id), Text(account_id)}));
  return n > 0;
}

Result<std::vector<ClientSummary>> SqlAccountsStore::ListClients(Executor& ex, std::string_view query,
                                                                 int limit) {
  if (query.empty()) {
    static const std::string kSql = kClientSelect + "ORDER BY a.created_at DESC, a.id DESC LIMIT ?";
    X8_TRY(auto rows, ex.Query(kSql, {int64_t{limit}}));
    return ClientsFrom(rows);
  }
  // Unicode case-insensitive on both engines (x8_fold on SQLite, lower() on PostgreSQL); "50%" is literal.
  const storage::Dialect dialect = ex.dialect();
  const std::string sql = kClientSelect + "WHERE " + storage::FoldedContains(dialect, "u.email") + " OR " +
                          storage::FoldedContains(dialect, "u.name") + " OR " +
                          storage::FoldedContains(dialect, "a.id") +
                          " ORDER BY a.created_at DESC, a.id DESC LIMIT ?";
  std::string pattern = storage::LikeContains(query);
  X8_TRY(auto rows, ex.Query(sql, {Text(pattern), Text(pattern), Text(pattern), int64_t{limit}}));
  return ClientsFrom(rows);
}

Result<std::vector<ClientSummary>> SqlAccountsStore::ListClientsOfManager(Executor& ex,
                                                                          std::string_view manager_user_id) {
  static const std::string kSql = kClientSelect + "WHERE a.manager_user_id = ? ORDER BY a.created_at, a.id";
  X8_TRY(auto rows, ex.Query(kSql, {Text(manager_user_id)}));
  return ClientsFrom(rows);
}

Result<std::optional<ClientSummary>> SqlAccountsStore::FindClientOfManager(Executor& ex,
                                                                           std::string_view manager_user_id,
                                                                           std::string_view account_id) {
  static const std::string kSql = kClientSelect + "WHERE a.manager_user_id = ? AND a.id = ?";
  X8_TRY(auto rows, ex.Query(kSql, {Text(manager_user_id), Text(account_id)}));
  if (rows.empty()) return std::optional<ClientSummary>{};
  return std::optional<ClientSummary>(ClientSummary{AccountFrom(rows[0]), UserFrom(rows[0])});
}

Result<std::optional<ClientSummary>> SqlAccountsStore::FindClient(Executor& ex, std::string_view account_id) {
  static const std::string kSql = kClientSelect + "WHERE a.id = ?";
  X8_TRY(auto rows, ex.Query(kSql, {Text(account_id)}));
  if (rows.empty()) return std::optional<ClientSummary>{};
  return std::optional<ClientSummary>(ClientSummary{AccountFrom(rows[0]), UserFrom(rows[0])});
}

Status SqlAccountsStore::InsertSession(Executor& ex, const Session& s) {
  X8_TRY_STATUS(ex.Exec(
      "INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, revoked_at, user_agent, ip) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {Text(s.id), Text(s.user_id), s.created_at, s.last_used_at, s.expires_at, OptInt(s.revoked_at),
       Text(s.user_agent), Text(s.ip)}));
  return Ok();
}

Result<std::optional<Session>> SqlAccountsStore::FindSession(Executor& ex, std::string_view user_id,
                                                             std::string_view session_id) {
  static const std::string kSql =
      Sql({"SELECT ", kSessionColumns, " FROM sessions WHERE id = ? AND user_id = ?"});
  X8_TRY(auto rows, ex.Query(kSql, {Text(session_id), Text(user_id)}));
  if (rows.empty()) return std::optional<Session>{};
  return std::optional<Session>(SessionFrom(rows[0]));
}

Result<std::optional<SessionState>> SqlAccountsStore::FindSessionState(Executor& ex,
                                                                       std::string_view session_id) {
  X8_TRY(auto rows, ex.Query("SELECT s.user_id, s.revoked_at, s.expires_at, u.role, u.account_id "
                             "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?",
                             {Text(session_id)}));
  if (rows.empty()) return std::optional<SessionState>{};
  const auto& r = rows[0];
  return std::optional<SessionState>(SessionState{.user_id = r.Text("user_id"),
                                                  .role = r.Text("role"),
                                                  .account_id = r.OptText("account_id").value_or(""),
                                                  .revoked_at = r.OptInt("revoked_at"),
                                                  .expires_at = r.Int("expires_at")});
}

Status SqlAccountsStore::TouchSession(Executor& ex, std::string_view user_id, std::string_view session_id,
                                      int64_t now, int64_t expires_at) {
  X8_TRY_STATUS(ex.Exec("UPDATE sessions SET last_used_at = ?, expires_at = ? WHERE id = ? AND user_id = ?",
                        {now, expires_at, Text(session_id), Text(user_id)}));
  return Ok();
}

Result<bool> SqlAccountsStore::RevokeSession(Executor& ex, std::string_view user_id,
                                             std::string_view session_id, int64_t now) {
  X8_TRY(auto n,
         ex.Exec("UPDATE sessions SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                 {now, Text(session_id), Text(user_id)}));
  return n > 0;
}

Result<int64_t> SqlAccountsStore::RevokeSessionsOfUser(Executor& ex, std::string_view user_id,
                                                       std::string_view keep_session_id, int64_t now) {
  return ex.Exec("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND id <> ? AND revoked_at IS NULL",
                 {now, Text(user_id), Text(keep_session_id)});
}

Result<std::vector<Session>> SqlAccountsStore::ListLiveSessions(Executor& ex, std::string_view user_id,
                                                                int64_t now) {
  static const std::string kSql =
      Sql({"SELECT ", kSessionColumns,
           " FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? "
           "ORDER BY created_at DESC, id DESC LIMIT 200"});
  X8_TRY(auto rows, ex.Query(kSql, {Text(user_id), now}));
  std::vector<Session> out;
  for (const auto& r : rows) out.push_back(SessionFrom(r));
  return out;
}

Status SqlAccountsStore::InsertRefreshToken(Executor& ex, const RefreshToken& t) {
  X8_TRY_STATUS(
      ex.Exec("INSERT INTO refresh_tokens (token_hash, session_id, used_at, expires_at, created_at) VALUES "
              "(?, ?, ?, ?, ?)",
              {Text(t.token_hash), Text(t.session_id), OptInt(t.used_at), t.expires_at, t.created_at}));
  return Ok();
}

Result<std::optional<RefreshToken>> SqlAccountsStore::FindRefreshToken(Executor& ex,
                                                                       std::string_view token_hash) {
  X8_TRY(auto rows,
         ex.Query("SELECT token_hash, session_id, used_at, expires_at, created_at FROM refresh_tokens "
                  "WHERE token_hash = ?",
                  {Text(token_hash)}));
  if (rows.empty()) return std::optional<RefreshToken>{};
  const auto& r = rows[0];
  return std::optional<RefreshToken>(RefreshToken{.token_hash = r.Text("token_hash"),
                                                  .session_id = r.Text("session_id"),
                                                  .used_at = r.OptInt("used_at"),
                                                  .expires_at = r.Int("expires_at"),
                                                  .created_at = r.Int("created_at")});
}

Result<bool> SqlAccountsStore::MarkRefreshTokenUsed(Executor& ex, std::string_view token_hash, int64_t now) {
  X8_TRY(auto n, ex.Exec("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
                         {now, Text(token_hash)}));
  return n > 0;
}

Status SqlAccountsStore::InsertOneTimeToken(Executor& ex, const OneTimeToken& t) {
  X8_TRY_STATUS(ex.Exec(
      "INSERT INTO one_time_tokens (token_hash, kind, user_id, expires_at, used_at, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {Text(t.token_hash), Text(t.kind), Text(t.user_id), t.expires_at, OptInt(t.used_at), t.created_at}));
  return Ok();
}

Result<std::optional<OneTimeToken>> SqlAccountsStore::ConsumeOneTimeToken(Executor& ex,
                                                                          std::string_view token_hash,
                                                                          std::string_view kind,
                                                                          int64_t now) {
  X8_TRY(auto rows, ex.Query("UPDATE one_time_tokens SET used_at = ? "
                             "WHERE token_hash = ? AND kind = ? AND used_at IS NULL AND expires_at > ? "
                             "RETURNING token_hash, kind, user_id, expires_at, used_at, created_at",
                             {now, Text(token_hash), Text(kind), now}));
  if (rows.empty()) return std::optional<OneTimeToken>{};
  const auto& r = rows[0];
  return std::optional<OneTimeToken>(OneTimeToken{.token_hash = r.Text("token_hash"),
                                                  .kind = r.Text("kind"),
                                                  .user_id = r.Text("user_id"),
                                                  .expires_at = r.Int("expires_at"),
                                                  .used_at = r.OptInt("used_at"),
                                                  .created_at = r.Int("created_at")});
}

Status SqlAccountsStore::InsertChallenge(Executor& ex, const LoginChallenge& c) {
  X8_TRY_STATUS(ex.Exec(
      "INSERT INTO login_challenges (id, user_id, code_hash, attempts, expires_at, used_at, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {Text(c.id), Text(c.user_id), Text(c.code_hash), c.attempts, c.expires_at, OptInt(c.used_at),
       c.created_at}));
  return Ok();
}

Result<std::optional<LoginChallenge>> SqlAccountsStore::FindChallenge(Executor& ex,
                                                                      std::string_view challenge_id) {
  X8_TRY(auto rows, ex.Query("SELECT id, user_id, code_hash, attempts, expires_at, used_at, created_at "
                             "FROM login_challenges WHERE id = ?",
                             {Text(challenge_id)}));
  if (rows.empty()) return std::optional<LoginChallenge>{};
  const auto& r = rows[0];
  return std::optional<LoginChallenge>(LoginChallenge{.id = r.Text("id"),
                                                      .user_id = r.Text("user_id"),
                                                      .code_hash = r.Text("code_hash"),
                                                      .attempts = r.Int("attempts"),
                                                      .expires_at = r.Int("expires_at"),
                                                      .used_at = r.OptInt("used_at"),
                                                      .created_at = r.Int("created_at")});
}

Status SqlAccountsStore::AddChallengeAttempt(Executor& ex, std::string_view user_id,
                                             std::string_view challenge_id) {
  X8_TRY_STATUS(ex.Exec("UPDATE login_challenges SET attempts = attempts + 1 WHERE id = ? AND user_id = ?",
                        {Text(challenge_id), Text(user_id)}));
  return Ok();
}

Result<bool> SqlAccountsStore::MarkChallengeUsed(Executor& ex, std::string_view user_id,
                                                 std::string_view challenge_id, int64_t now) {
  X8_TRY(auto n,
         ex.Exec("UPDATE login_challenges SET used_at = ? WHERE id = ? AND user_id = ? AND used_at IS NULL",
                 {now, Text(challenge_id), Text(user_id)}));
  return n > 0;
}

}  // namespace x8::accounts
