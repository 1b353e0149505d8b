//! Embeds the seed fixtures (`seeds/fixtures/<measure id>/*.json`) so `seed_fixtures` needs no
//! files at run time, and rebuilds when that folder changes.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // The manifest dir of *this* build (read at build-script run time, not baked in when the
    // script was compiled: a target dir shared by two checkouts reuses the compiled script).
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("../../seeds/fixtures");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries = Vec::new();
    let folders = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("seed fixtures folder {}: {e}", root.display()));
    {
        for folder in folders.flatten() {
            let path = folder.path();
            if !path.is_dir() {
                continue;
            }
            println!("cargo:rerun-if-changed={}", path.display());
            let measure = folder.file_name().to_string_lossy().into_owned();
            for file in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                let p = file.path();
                if p.extension().and_then(|e| e.to_str()) == Some("json") {
                    println!("cargo:rerun-if-changed={}", p.display());
                    let name = file.file_name().to_string_lossy().into_owned();
                    entries.push((measure.clone(), name, p));
                }
            }
        }
    }
    assert!(
        !entries.is_empty(),
        "no seed fixtures (*.json) under {}: the seeded measures must ship fixtures",
        root.display()
    );
    entries.sort();
    let mut out = String::from(
        "/// Seed fixtures: (measure id, file name, JSON text), sorted.\n\
         pub(crate) static FIXTURES: &[(&str, &str, &str)] = &[\n",
    );
    for (measure, name, path) in entries {
        let canonical = path.canonicalize().expect("fixture path");
        writeln!(
            out,
            "    ({measure:?}, {name:?}, include_str!({:?})),",
            canonical.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("seed_fixtures.rs");
    std::fs::write(dest, out).expect("write seed_fixtures.rs");
}
