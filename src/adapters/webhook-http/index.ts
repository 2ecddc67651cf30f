export { postWebhook, type WebhookRequest, type WebhookResponse } from "./post-webhook.js";
