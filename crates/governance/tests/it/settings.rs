//! QA finding G6: settings could only be changed by unaudited SQL from the CLI. Changes go
//! through `ww_governance::settings`: validated, one SETTING_CHANGED per change, secrets never
//! in the ledger.

use crate::support::{db, events};
use ww_governance::settings;

#[test]
fn settings_are_validated_audited_and_secrets_stay_out_of_the_ledger() {
    let mut d = db();
    let zone = settings::get(&d.conn, "org_time_zone").unwrap();
    assert_eq!(zone.value.as_deref(), Some("UTC"));

    // Refusals name the key and change nothing.
    let err = settings::set(&mut d.conn, "org_time_zone", "Mars/Base")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("org_time_zone") && err.contains("Mars/Base"),
        "{err}"
    );
    let err = settings::set(&mut d.conn, "colour", "blue")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown setting \"colour\"") && err.contains("org_time_zone"),
        "{err}"
    );
    assert!(settings::set(&mut d.conn, "user_name", "   ").is_err());
    assert!(settings::set(&mut d.conn, "email_provider", "pigeon").is_err());
    assert!(settings::set(&mut d.conn, "email_from", "not an address").is_err());
    assert!(events(&d.conn, "SETTING_CHANGED").is_empty());

    // A change is audited by the user acting before it, with old and new values.
    assert!(settings::set(&mut d.conn, "org_time_zone", " america/new_york ").is_err());
    assert!(settings::set(&mut d.conn, "org_time_zone", "America/New_York").unwrap());
    assert_eq!(
        ww_store::settings::org_time_zone(&d.conn).unwrap(),
        "America/New_York"
    );
    assert!(settings::set(&mut d.conn, "user_name", "Dana Officer").unwrap());
    assert!(
        !settings::set(&mut d.conn, "user_name", "Dana Officer").unwrap(),
        "same value: no change, no event"
    );
    let ev = events(&d.conn, "SETTING_CHANGED");
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0].0, "local-user", "the rename is made by the old name");
    assert!(
        ev[0].1.contains("\"old\":\"local-user\"") && ev[0].1.contains("\"new\":\"Dana Officer\""),
        "{}",
        ev[0].1
    );
    assert!(
        ev[1].1.contains("\"old\":\"UTC\"") && ev[1].1.contains("\"new\":\"America/New_York\""),
        "{}",
        ev[1].1
    );

    // The secret: stored, listed only as set, audited without its value.
    assert!(settings::set(&mut d.conn, "sendgrid_api_key", "SG.secret-123").unwrap());
    let key = settings::get(&d.conn, "sendgrid_api_key").unwrap();
    assert_eq!((key.value, key.is_set, key.secret), (None, true, true));
    let (actor, payload) = events(&d.conn, "SETTING_CHANGED").remove(0);
    assert_eq!(actor, "Dana Officer");
    assert!(!payload.contains("SG.secret-123"), "{payload}");
    assert!(payload.contains("\"newSet\":true"), "{payload}");
    let listed = serde_json::to_string(&settings::list(&d.conn).unwrap()).unwrap();
    assert!(!listed.contains("SG.secret-123"), "{listed}");
}
