INSERT INTO usage_request (request_id, started_at, usage_day, key_id, requested_model, tier, provider, upstream_model,
                           streaming, status, error_type, input_tokens, output_tokens, cache_read_tokens, ttft_ms,
                           duration_ms, stop_reason, client_disconnected, attempt_count, attempts)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING
