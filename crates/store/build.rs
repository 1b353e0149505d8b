//! Rebuild ww-store when a migration is added or changed: refinery embeds the SQL files of the
//! top-level `migrations/` folder at compile time (refinery issue #309).

fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
