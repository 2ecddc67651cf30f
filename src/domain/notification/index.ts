// Notifications: outgoing webhooks. Pure parts only: which webhooks hear about an event, the payload,
// Standard Webhooks signatures and the retry schedule. The outbox is in store/, delivery in services/.

export {
  signWebhook,
  verifyWebhookSignature,
  webhookSigningKey,
  STANDARD_SECRET_PREFIX,
  type SignedContent,
} from "./webhook-signature.js";
export {
  retryDelayMs,
  parseRetryAfter,
  attemptVerdict,
  DEFAULT_RETRY_POLICY,
  JITTER_SHARE,
  type RetryPolicy,
  type AttemptVerdict,
} from "./retry-schedule.js";
export {
  webhookBody,
  webhookEventType,
  webhookSelects,
  webhooksFor,
  type WebhookPayload,
  type WebhookRelease,
  type WebhookSubject,
} from "./webhook-payload.js";
export { redactSecrets, truncateText } from "./redact.js";
