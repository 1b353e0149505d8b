//! Sending outreach email: the [`EmailService`] trait and its two providers (DOMAIN.md
//! section 6).
//!
//! * [`SimulatedEmail`] (the default) sends nothing and reports `SIMULATED`.
//! * [`SendGridEmail`] makes a real HTTP request to the SendGrid v3 mail-send API,
//!   `POST {base_url}/v3/mail/send` with `Authorization: Bearer {api_key}` and the v3 JSON body
//!   (personalizations / from / subject / content). A 2xx answer is `SENT`; anything else is
//!   `FAILED` with the HTTP status and the start of the response body as detail; a transport
//!   error is `FAILED` with the error text. The base URL is configurable so tests run it
//!   against a local server.
//!
//! A provider never returns an error: every attempt has a result that the caller writes to
//! `outreach_delivery_log`.

use serde::Serialize;
use serde_json::json;
use std::time::Duration;
use ww_store::enums::{DeliveryStatus, EmailProvider};

/// The public SendGrid API base URL, used when the configuration names none.
pub const SENDGRID_DEFAULT_BASE_URL: &str = "https://api.sendgrid.com";

/// Longest response-body excerpt kept in `error_detail`, in characters.
const DETAIL_MAX_CHARS: usize = 500;

/// One message to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailMessage {
    /// Recipient address.
    pub to: String,
    /// Sender address.
    pub from: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body_text: String,
}

/// What happened to one attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryResult {
    /// SIMULATED | SENT | FAILED.
    pub status: DeliveryStatus,
    /// For FAILED: the HTTP status and body excerpt, or the transport error.
    pub detail: Option<String>,
}

/// Sends one email; implemented by the simulated and SendGrid providers.
pub trait EmailService: Send + Sync {
    /// Provider stored in `outreach_delivery_log.provider`.
    fn provider(&self) -> EmailProvider;
    /// Attempts delivery; never fails, the outcome is in the result.
    fn send(&self, message: &EmailMessage) -> DeliveryResult;
}

/// The default provider: records the attempt, sends nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct SimulatedEmail;

impl EmailService for SimulatedEmail {
    fn provider(&self) -> EmailProvider {
        EmailProvider::Simulated
    }

    fn send(&self, _message: &EmailMessage) -> DeliveryResult {
        DeliveryResult {
            status: DeliveryStatus::Simulated,
            detail: None,
        }
    }
}

/// The SendGrid v3 mail-send provider.
#[derive(Debug, Clone)]
pub struct SendGridEmail {
    base_url: String,
    api_key: String,
    timeout: Duration,
}

impl SendGridEmail {
    /// A provider posting to `{base_url}/v3/mail/send` with `api_key`; 15 s timeout.
    pub fn new(base_url: impl Into<String>, api_key: impl Into<String>) -> Self {
        SendGridEmail {
            base_url: base_url.into().trim_end_matches('/').to_string(),
            api_key: api_key.into(),
            timeout: Duration::from_secs(15),
        }
    }

    /// The full mail-send URL.
    pub fn endpoint(&self) -> String {
        format!("{}/v3/mail/send", self.base_url)
    }

    /// The v3 JSON request body for `message`.
    pub fn request_body(message: &EmailMessage) -> serde_json::Value {
        json!({
            "personalizations": [{ "to": [{ "email": message.to }] }],
            "from": { "email": message.from },
            "subject": message.subject,
            "content": [{ "type": "text/plain", "value": message.body_text }],
        })
    }
}

impl EmailService for SendGridEmail {
    fn provider(&self) -> EmailProvider {
        EmailProvider::Sendgrid
    }

    fn send(&self, message: &EmailMessage) -> DeliveryResult {
        if self.api_key.trim().is_empty() {
            return failed("SendGrid API key is not configured (setting sendgrid_api_key)".into());
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(self.timeout))
            .build()
            .into();
        let body = Self::request_body(message).to_string();
        let response = agent
            .post(&self.endpoint())
            .header("Authorization", &format!("Bearer {}", self.api_key))
            .header("Content-Type", "application/json")
            .send(body.as_bytes());
        match response {
            Err(err) => failed(format!("transport error: {err}")),
            Ok(mut resp) => {
                let status = resp.status().as_u16();
                if (200..300).contains(&status) {
                    DeliveryResult {
                        status: DeliveryStatus::Sent,
                        detail: None,
                    }
                } else {
                    let text = resp
                        .body_mut()
                        .read_to_string()
                        .unwrap_or_else(|e| format!("(body unreadable: {e})"));
                    let excerpt: String = text.trim().chars().take(DETAIL_MAX_CHARS).collect();
                    failed(format!("HTTP {status}: {excerpt}"))
                }
            }
        }
    }
}

fn failed(detail: String) -> DeliveryResult {
    DeliveryResult {
        status: DeliveryStatus::Failed,
        detail: Some(detail),
    }
}

/// Email configuration, read from the `settings` table by [`crate::outreach::email_config`].
///
/// Keys: `email_provider` (`simulated` | `sendgrid`, default `simulated`), `email_from`
/// (default `occupational-health@workwell-demo.dev`), `sendgrid_base_url` (default
/// [`SENDGRID_DEFAULT_BASE_URL`]), `sendgrid_api_key`. The environment variable
/// `WORKWELL_SENDGRID_API_KEY`, when set, overrides the stored key so a secret need not live
/// in the database file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailConfig {
    /// `simulated` or `sendgrid`.
    pub provider: EmailProvider,
    /// Sender address.
    pub from_address: String,
    /// SendGrid base URL.
    pub sendgrid_base_url: String,
    /// SendGrid API key (empty when not configured).
    pub sendgrid_api_key: String,
}

impl Default for EmailConfig {
    fn default() -> Self {
        EmailConfig {
            provider: EmailProvider::Simulated,
            from_address: "occupational-health@workwell-demo.dev".into(),
            sendgrid_base_url: SENDGRID_DEFAULT_BASE_URL.into(),
            sendgrid_api_key: String::new(),
        }
    }
}

impl EmailConfig {
    /// The provider this configuration names.
    pub fn service(&self) -> Box<dyn EmailService> {
        match self.provider {
            EmailProvider::Simulated => Box::new(SimulatedEmail),
            EmailProvider::Sendgrid => Box::new(SendGridEmail::new(
                self.sendgrid_base_url.clone(),
                self.sendgrid_api_key.clone(),
            )),
        }
    }
}
