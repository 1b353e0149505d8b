//! Outreach: templates, preview, email delivery and the outreach case actions (DOMAIN.md
//! section 6).

pub mod email;
pub mod send;
pub mod template;

pub use email::{
    DeliveryResult, EmailConfig, EmailMessage, EmailService, SendGridEmail, SimulatedEmail,
};
pub use send::{
    active_templates, email_config, evidence_due_date, preview_outreach, send_outreach,
    template_choices, update_delivery, OutreachPreview, OutreachResult, TemplateChoices,
};
pub use template::{
    builtin_templates, choose_template, displayed_due_date, fill, recipient_address, template_pool,
    usable_templates, OutreachTemplate, OutreachValues,
};
pub use ww_store::enums::{DeliveryStatus, EmailProvider};
