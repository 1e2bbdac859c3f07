-- Deliveries now record only a generic outcome; earlier rows kept exception messages naming hosts, ports and addresses.
UPDATE webhook_deliveries SET last_error = 'timeout' WHERE last_error LIKE 'no answer within %';
UPDATE webhook_deliveries SET last_error = 'connection failed' WHERE last_error IS NOT NULL AND last_error NOT LIKE 'HTTP %' AND last_error <> 'timeout';
