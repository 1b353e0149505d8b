//! A small W3C WebDriver client (the few endpoints the tests use), speaking JSON over HTTP to
//! `tauri-driver`, which forwards to WebKitWebDriver and the app's WebKitGTK view.
//!
//! Also the harness that starts `tauri-driver` for one app on a fresh database and stops it
//! when the test ends.

use serde_json::{json, Value};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A WebDriver error: the HTTP exchange failed or the driver answered with an error object.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Result of a WebDriver call.
pub type Result<T> = std::result::Result<T, Error>;

/// A running `tauri-driver` and one session with the app, ended on drop.
pub struct Session {
    agent: ureq::Agent,
    base: String,
    id: String,
    driver: Child,
    /// Where screenshots go.
    pub shots: PathBuf,
}

/// A found element (its WebDriver reference).
#[derive(Debug, Clone)]
pub struct Element(String);

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

fn tauri_driver() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let installed = home.join(".cargo/bin/tauri-driver");
    if installed.exists() {
        installed
    } else {
        PathBuf::from("tauri-driver")
    }
}

impl Session {
    /// Starts `tauri-driver`, then a session that launches `app` with `env` added to its
    /// environment (the driver passes its environment on to the app). Waits up to `timeout`
    /// for the driver to listen.
    pub fn start(app: &Path, env: &[(&str, &Path)], shots: PathBuf) -> Result<Session> {
        let port = free_port();
        let native = free_port();
        let mut cmd = Command::new(tauri_driver());
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
        // Its own process group, so dropping the session also ends the WebKitWebDriver that
        // tauri-driver starts (killing tauri-driver alone left it running, holding the test's
        // stderr and anything else it inherited).
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let driver = cmd
            .spawn()
            .map_err(|e| Error(format!("cannot start tauri-driver ({e}); install it with `cargo install tauri-driver --version '^2' --locked`")))?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(Error(format!("tauri-driver did not listen on port {port}")));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        std::fs::create_dir_all(&shots).map_err(|e| Error(format!("{}: {e}", shots.display())))?;
        let mut session = Session {
            agent,
            base,
            id: String::new(),
            driver,
            shots,
        };
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "tauri:options": { "application": app.display().to_string() }
                }
            }
        });
        let created = session.send("POST", "/session", Some(caps))?;
        session.id = created["sessionId"]
            .as_str()
            .ok_or_else(|| Error(format!("no sessionId in {created}")))?
            .to_owned();
        Ok(session)
    }

    fn send(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        let url = format!("{}{}", self.base, path);
        let response = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, body) => self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(body.unwrap_or_else(|| json!({})).to_string()),
        };
        let mut response = response.map_err(|e| Error(format!("{method} {path}: {e}")))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|e| Error(format!("{method} {path}: reading the answer: {e}")))?;
        let parsed: Value = serde_json::from_str(&text)
            .map_err(|e| Error(format!("{method} {path}: answer is not JSON ({e}): {text}")))?;
        let value = parsed.get("value").cloned().unwrap_or(Value::Null);
        if status >= 400 {
            return Err(Error(format!(
                "{method} {path}: HTTP {status}: {} {}",
                value["error"], value["message"]
            )));
        }
        // Session creation answers {sessionId, capabilities} inside `value`.
        Ok(value)
    }

    fn session_path(&self, tail: &str) -> String {
        format!("/session/{}{}", self.id, tail)
    }

    /// Every element matching a CSS selector (possibly none).
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let found = self.send(
            "POST",
            &self.session_path("/elements"),
            Some(json!({"using": "css selector", "value": css})),
        )?;
        Ok(found
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e[ELEMENT_KEY].as_str().map(|s| Element(s.to_owned())))
            .collect())
    }

    /// Waits until at least `n` elements match `css`, polling every 200 ms.
    pub fn wait_for(&self, css: &str, n: usize, timeout: Duration) -> Result<Vec<Element>> {
        let deadline = Instant::now() + timeout;
        loop {
            let found = self.find_all(css)?;
            if found.len() >= n {
                return Ok(found);
            }
            if Instant::now() > deadline {
                return Err(Error(format!(
                    "waited {timeout:?} for {n} elements matching {css:?}, found {}",
                    found.len()
                )));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The rendered text of an element.
    pub fn text(&self, e: &Element) -> Result<String> {
        let v = self.send(
            "GET",
            &self.session_path(&format!("/element/{}/text", e.0)),
            None,
        )?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Clicks an element.
    pub fn click(&self, e: &Element) -> Result<()> {
        self.send(
            "POST",
            &self.session_path(&format!("/element/{}/click", e.0)),
            Some(json!({})),
        )?;
        Ok(())
    }

    /// Types `text` into an element (W3C key codes such as `\u{E009}` Control work; a
    /// `\u{E000}` releases held modifiers).
    pub fn type_keys(&self, e: &Element, text: &str) -> Result<()> {
        self.send(
            "POST",
            &self.session_path(&format!("/element/{}/value", e.0)),
            Some(json!({"text": text})),
        )?;
        Ok(())
    }

    /// An attribute of an element (`None` when absent).
    pub fn attribute(&self, e: &Element, name: &str) -> Result<Option<String>> {
        let v = self.send(
            "GET",
            &self.session_path(&format!("/element/{}/attribute/{name}", e.0)),
            None,
        )?;
        Ok(v.as_str().map(str::to_owned))
    }

    /// Runs `script` (a function body; `return` gives the answer) in the window (APP-C).
    pub fn execute(&self, script: &str) -> Result<Value> {
        self.send(
            "POST",
            &self.session_path("/execute/sync"),
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Resizes the window to `width` x `height` CSS pixels (APP-C).
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        self.send(
            "POST",
            &self.session_path("/window/rect"),
            Some(json!({"width": width, "height": height})),
        )?;
        Ok(())
    }

    /// Saves a PNG screenshot of the window as `<shots>/<name>.png` and returns its path.
    pub fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let v = self.send("GET", &self.session_path("/screenshot"), None)?;
        let b64 = v
            .as_str()
            .ok_or_else(|| Error("screenshot is not text".into()))?;
        let png = decode_base64(b64)?;
        if !png.starts_with(b"\x89PNG") {
            return Err(Error("screenshot is not a PNG".into()));
        }
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png).map_err(|e| Error(format!("{}: {e}", path.display())))?;
        Ok(path)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.id.is_empty() {
            let _ = self.send("DELETE", &self.session_path(""), None);
        }
        // The whole group: tauri-driver and the native driver it started.
        let _ = Command::new("kill")
            // `--` so the negative process-group id is not read as an option (procps kill
            // took `-KILL -<pgid>` as two options and killed nothing).
            .args(["-s", "KILL", "--", &format!("-{}", self.driver.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64 (RFC 4648 section 4) with padding; whitespace is skipped.
pub fn decode_base64(text: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\n' | b'\r' | b' ' => continue,
            _ => return Err(Error(format!("invalid base64 byte {c:#x}"))),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

#[test]
fn base64_decodes_rfc4648_vectors() {
    for (text, bytes) in [
        ("", ""),
        ("Zg==", "f"),
        ("Zm8=", "fo"),
        ("Zm9v", "foo"),
        ("Zm9vYg==", "foob"),
        ("Zm9vYmE=", "fooba"),
        ("Zm9vYmFy", "foobar"),
    ] {
        assert_eq!(decode_base64(text).unwrap(), bytes.as_bytes());
    }
}
