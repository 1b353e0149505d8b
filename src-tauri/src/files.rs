//! Where exports and packets are written: the file the user chose in the save dialog, or,
//! when none was chosen, a new file in the app's export folder (`exports/` beside the
//! database file) whose path the command returns.

use crate::error::{AppError, Result};
use std::path::{Path, PathBuf};

/// The export folder of the database at `db_path`: `<folder of the file>/exports`.
pub fn export_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("exports")
}

/// A file name no earlier export used: `<stem>-<UTC time>.<ext>`, with `-2`, `-3`, ... added
/// when two exports land in the same millisecond.
fn fresh_name(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let stamp: String = ww_store::time::now_ts()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let mut path = dir.join(format!("{stem}-{stamp}.{ext}"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{stamp}-{n}.{ext}"));
        n += 1;
    }
    path
}

/// The file to write: `chosen` when the user picked one (it must be absolute), else a new
/// file named after `stem` in [`export_dir`] (created when missing).
///
/// # Errors
/// [`AppError::Invalid`] for a relative or empty chosen path; [`AppError::Io`] when the
/// export folder cannot be created.
pub fn target(db_path: &Path, chosen: Option<&str>, stem: &str, ext: &str) -> Result<PathBuf> {
    match chosen.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => {
            let path = PathBuf::from(c);
            if path.is_absolute() {
                Ok(path)
            } else {
                Err(AppError::Invalid(format!(
                    "export path {c:?} is not absolute"
                )))
            }
        }
        None => {
            let dir = export_dir(db_path);
            std::fs::create_dir_all(&dir).map_err(|source| AppError::Io {
                path: dir.display().to_string(),
                source,
            })?;
            Ok(fresh_name(&dir, stem, ext))
        }
    }
}

/// Writes `bytes` to `path` (replacing the file).
///
/// # Errors
/// [`AppError::Io`] naming the file.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|source| AppError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Reads the whole file at `path`.
///
/// # Errors
/// [`AppError::Io`] naming the file.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| AppError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Opens `path` for writing (replacing it), for streamed CSV exports.
///
/// # Errors
/// [`AppError::Io`] naming the file.
pub fn create(path: &Path) -> Result<std::io::BufWriter<std::fs::File>> {
    std::fs::File::create(path)
        .map(std::io::BufWriter::new)
        .map_err(|source| AppError::Io {
            path: path.display().to_string(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_choice_files_go_to_the_export_folder() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("workwell.db");
        let a = target(&db, None, "case-1", "json").unwrap();
        assert_eq!(a.parent().unwrap(), dir.path().join("exports"));
        let name = a.file_name().unwrap().to_str().unwrap();
        assert!(
            name.starts_with("case-1-") && name.ends_with(".json"),
            "{name}"
        );
        write(&a, b"{}").unwrap();
        // A second export never overwrites the first.
        let b = target(&db, Some("  "), "case-1", "json").unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn a_chosen_path_is_used_as_given_when_absolute() {
        let db = Path::new("/data/workwell.db");
        assert_eq!(
            target(db, Some("/tmp/p.html"), "x", "html").unwrap(),
            PathBuf::from("/tmp/p.html")
        );
        let err = target(db, Some("p.html"), "x", "html").unwrap_err();
        assert_eq!(err.code(), crate::error::ErrorCode::InvalidInput);
        let err = read(Path::new("/nonexistent/dir/file")).unwrap_err();
        assert_eq!(err.code(), crate::error::ErrorCode::Io);
        assert!(err.to_string().contains("/nonexistent/dir/file"));
    }
}
