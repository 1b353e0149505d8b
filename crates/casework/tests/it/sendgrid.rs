//! The SendGrid provider against a local HTTP server on 127.0.0.1 answering 202, 401 and 500.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;
use ww_casework::outreach::{DeliveryStatus, EmailMessage, EmailService, SendGridEmail};

/// What the server saw: request line, headers (lowercased names), body.
struct Seen {
    request_line: String,
    headers: Vec<(String, String)>,
    body: String,
}

/// Starts a one-request server answering `status` with `body`; returns its base URL and a
/// receiver for the request it saw.
fn serve_once(status: u16, reason: &str, body: &str) -> (String, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = mpsc::channel();
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap();
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
        let length: usize = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .map(|(_, v)| v.parse().unwrap())
            .unwrap_or(0);
        let mut body = vec![0u8; length];
        reader.read_exact(&mut body).unwrap();
        let mut stream = stream;
        stream.write_all(response.as_bytes()).unwrap();
        stream.flush().unwrap();
        tx.send(Seen {
            request_line: request_line.trim_end().to_string(),
            headers,
            body: String::from_utf8(body).unwrap(),
        })
        .unwrap();
    });
    (format!("http://{addr}"), rx)
}

fn message() -> EmailMessage {
    EmailMessage {
        to: "emp-006@workwell-demo.dev".into(),
        from: "occupational-health@workwell-demo.dev".into(),
        subject: "Action needed: Audiogram is overdue".into(),
        body_text: "Hello Ana".into(),
    }
}

#[test]
fn sendgrid_202_is_sent_and_request_is_v3_mail_send() {
    let (base, seen) = serve_once(202, "Accepted", "");
    let provider = SendGridEmail::new(base, "SG.test-key");
    let result = provider.send(&message());
    assert_eq!(result.status, DeliveryStatus::Sent);
    assert_eq!(result.detail, None);
    assert_eq!(
        provider.provider(),
        ww_casework::outreach::EmailProvider::Sendgrid
    );

    let seen = seen.recv().unwrap();
    assert_eq!(seen.request_line, "POST /v3/mail/send HTTP/1.1");
    let header = |name: &str| {
        seen.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        header("authorization").as_deref(),
        Some("Bearer SG.test-key")
    );
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    let body: serde_json::Value = serde_json::from_str(&seen.body).unwrap();
    assert_eq!(
        body["personalizations"][0]["to"][0]["email"],
        "emp-006@workwell-demo.dev"
    );
    assert_eq!(
        body["from"]["email"],
        "occupational-health@workwell-demo.dev"
    );
    assert_eq!(body["subject"], "Action needed: Audiogram is overdue");
    assert_eq!(body["content"][0]["type"], "text/plain");
    assert_eq!(body["content"][0]["value"], "Hello Ana");
}

#[test]
fn sendgrid_401_is_failed_with_status_and_body() {
    let (base, _seen) = serve_once(
        401,
        "Unauthorized",
        r#"{"errors":[{"message":"The provided authorization grant is invalid"}]}"#,
    );
    let result = SendGridEmail::new(base, "SG.bad").send(&message());
    assert_eq!(result.status, DeliveryStatus::Failed);
    assert_eq!(
        result.detail.as_deref(),
        Some(r#"HTTP 401: {"errors":[{"message":"The provided authorization grant is invalid"}]}"#)
    );
}

#[test]
fn sendgrid_500_is_failed_with_status_and_body() {
    let (base, _seen) = serve_once(500, "Internal Server Error", "upstream broke");
    let result = SendGridEmail::new(base, "SG.k").send(&message());
    assert_eq!(result.status, DeliveryStatus::Failed);
    assert_eq!(result.detail.as_deref(), Some("HTTP 500: upstream broke"));
}

#[test]
fn sendgrid_unreachable_is_failed_with_transport_detail() {
    // Bind then drop a listener so the port is (almost certainly) closed.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let result = SendGridEmail::new(format!("http://127.0.0.1:{port}"), "SG.k").send(&message());
    assert_eq!(result.status, DeliveryStatus::Failed);
    assert!(
        result
            .detail
            .as_deref()
            .unwrap()
            .starts_with("transport error:"),
        "{:?}",
        result.detail
    );
}

#[test]
fn sendgrid_without_key_fails_without_a_request() {
    let result = SendGridEmail::new("http://127.0.0.1:9", " ").send(&message());
    assert_eq!(result.status, DeliveryStatus::Failed);
    assert!(result.detail.unwrap().contains("sendgrid_api_key"));
}
