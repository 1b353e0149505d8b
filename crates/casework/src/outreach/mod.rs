//! Outreach: templates, preview and email delivery (DOMAIN.md section 6).

pub mod email;
pub mod template;

pub use email::{
    DeliveryResult, DeliveryStatus, EmailConfig, EmailMessage, EmailService, SendGridEmail,
    SimulatedEmail,
};
pub use template::{
    builtin_templates, choose_template, displayed_due_date, fill, recipient_address,
    OutreachTemplate, OutreachValues,
};
