-- Indexes for the accounts.cleanup job (src/modules/accounts/store/cleanup.cpp, docs/accounts.md "What is
-- kept, and for how long"): it deletes, in batches, sessions, refresh tokens, one-time tokens, login
-- challenges and OAuth states that expired (or were used or revoked) before a cutoff. Each of its
-- statements selects a batch by one of these columns. The used_at/revoked_at indexes are partial: only
-- those rows can match `column < cutoff`.
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_revoked ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at);
CREATE INDEX one_time_tokens_expires ON one_time_tokens (expires_at);
CREATE INDEX one_time_tokens_used ON one_time_tokens (used_at) WHERE used_at IS NOT NULL;
CREATE INDEX login_challenges_expires ON login_challenges (expires_at);
CREATE INDEX login_challenges_used ON login_challenges (used_at) WHERE used_at IS NOT NULL;
CREATE INDEX oauth_states_expires ON oauth_states (expires_at);
