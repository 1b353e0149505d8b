//! `workwell ... | head -1`: a reader that closes the pipe early must not make the CLI panic.

use super::governance::Scratch;
use std::process::{Command, Stdio};

#[cfg(unix)]
#[test]
fn output_into_a_closed_pipe_ends_quietly_without_a_panic() {
    use std::os::unix::process::ExitStatusExt;
    let dir = Scratch::new("pipe");
    let db = dir.path("pipe.db");
    // The pipe's read end is closed before the command starts, so its first line of output
    // meets a broken pipe (deterministically, unlike a real `head -1`).
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_workwell"))
        .arg("--db")
        .arg(&db)
        .arg("init")
        .env_remove("WORKWELL_DB")
        .env("RUST_BACKTRACE", "0")
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    assert_eq!(stderr, "", "nothing is printed on stderr");
    // Ended by SIGPIPE (13), like `cat` or `grep` in the same place; not the panic exit 101.
    assert_eq!(out.status.signal(), Some(13), "{:?}", out.status);
    // The work done before the first line of output is committed: the file is a database.
    let status = Command::new(env!("CARGO_BIN_EXE_workwell"))
        .arg("--db")
        .arg(&db)
        .arg("status")
        .env_remove("WORKWELL_DB")
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
}
