/**
 * Webhooks: every event POSTed as JSON to each configured URL, signed with HMAC-SHA256, from a bounded queue per
 * webhook (the oldest dropped, counted and logged when full), retried with exponential backoff.
 */
package io.facegate.webhook;
