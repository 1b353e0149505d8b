//! `workwell settings list|get|set` (QA finding G6): the organisation's settings, changed
//! through `ww_governance::settings` (validated, one SETTING_CHANGED event per change; the
//! SendGrid key is never printed).

use crate::gov_util::{connect, print_json};
use clap::Subcommand;
use std::path::Path;
use std::process::ExitCode;
use ww_governance::settings;

/// Settings subcommands.
#[derive(Subcommand)]
pub enum SettingsCommand {
    /// List every known setting with the value in effect (secrets as "(set)" / "(not set)").
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print one setting's value in effect.
    Get {
        /// Key: user_name, org_time_zone, email_provider, email_from, sendgrid_base_url or
        /// sendgrid_api_key.
        key: String,
    },
    /// Change a setting (validated; audited as SETTING_CHANGED with the old and new value).
    /// org_time_zone must be an IANA zone (e.g. America/Chicago): it moves every evidence
    /// date of later runs. user_name is the actor of every later CLI action.
    Set {
        /// Key (see `settings list`).
        key: String,
        /// New value.
        value: String,
    },
}

fn shown(v: &settings::SettingView) -> String {
    match (&v.value, v.secret, v.is_set) {
        (_, true, true) => "(set)".into(),
        (_, true, false) | (None, _, _) => "(not set)".into(),
        (Some(value), false, _) => value.clone(),
    }
}

/// Runs one `settings` subcommand.
pub fn run(db: Option<&Path>, cmd: &SettingsCommand) -> anyhow::Result<ExitCode> {
    let mut conn = connect(db)?;
    match cmd {
        SettingsCommand::List { json } => {
            let all = settings::list(&conn)?;
            if *json {
                return print_json(serde_json::to_value(&all)?);
            }
            for v in &all {
                println!(
                    "{:<18} {:<40} {}{}",
                    v.key,
                    shown(v),
                    v.description,
                    if v.is_default { " (default)" } else { "" }
                );
            }
        }
        SettingsCommand::Get { key } => println!("{}", shown(&settings::get(&conn, key)?)),
        SettingsCommand::Set { key, value } => {
            let before = settings::get(&conn, key)?;
            if settings::set(&mut conn, key, value)? {
                let after = settings::get(&conn, key)?;
                println!("{key}: {} -> {} (audited)", shown(&before), shown(&after));
            } else {
                println!("{key} is already {}: nothing changed", shown(&before));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use ww_casework::outreach::send::keys;

    /// The settings rule lives in ww-governance, the outreach reads the keys in ww-casework:
    /// the names must agree.
    #[test]
    fn governance_knows_the_keys_outreach_reads() {
        for key in [
            keys::PROVIDER,
            keys::FROM,
            keys::SENDGRID_BASE_URL,
            keys::SENDGRID_API_KEY,
        ] {
            assert!(
                ww_governance::settings::spec(key).is_ok(),
                "{key} unknown to ww_governance::settings"
            );
        }
        let d = ww_casework::outreach::EmailConfig::default();
        let default = |k| ww_governance::settings::spec(k).unwrap().default.unwrap();
        assert_eq!(default(keys::FROM), d.from_address);
        assert_eq!(default(keys::SENDGRID_BASE_URL), d.sendgrid_base_url);
        assert_eq!(default(keys::PROVIDER), d.provider.to_string());
    }
}
