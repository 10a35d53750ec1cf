//! Remote key sets against a real HTTP server on 127.0.0.1: rotation, unknown kid, cooldown, concurrent
//! misses, server down, slow server, oversized response, redirects, malformed JSON.
#![cfg(feature = "remote")]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use jetwt::{Algorithm, Key, RemoteKeySet, RemoteOptions, Validation};

const NOW: f64 = 1_700_000_000.0;

/// Status, extra headers and body of a scripted response.
type Response = (u16, Vec<(String, String)>, String);

#[derive(Default)]
struct Routes {
    bodies: HashMap<String, Response>,
    delay: HashMap<String, Duration>,
    hits: HashMap<String, usize>,
}

/// A tiny HTTP/1.1 server: one thread per connection, scripted responses, counted requests.
struct Server {
    port: u16,
    routes: Arc<Mutex<Routes>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let routes = Arc::new(Mutex::new(Routes::default()));
        let shared = routes.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let routes = shared.clone();
                thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut request_line = String::new();
                    if reader.read_line(&mut request_line).is_err() {
                        return;
                    }
                    let path = request_line
                        .split_whitespace()
                        .nth(1)
                        .unwrap_or("/")
                        .to_owned();
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).is_err_and(|_| true)
                            || line.is_empty()
                            || line == "\r\n"
                        {
                            break;
                        }
                    }
                    let (response, delay) = {
                        let mut r = routes.lock().unwrap();
                        *r.hits.entry(path.clone()).or_default() += 1;
                        let delay = r.delay.get(&path).copied();
                        let response = r.bodies.get(&path).cloned().unwrap_or((
                            404,
                            vec![],
                            "not found".into(),
                        ));
                        (response, delay)
                    };
                    if let Some(delay) = delay {
                        thread::sleep(delay);
                    }
                    let (status, headers, body) = response;
                    let mut head = format!(
                        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                        body.len()
                    );
                    for (name, value) in headers {
                        head.push_str(&format!("{name}: {value}\r\n"));
                    }
                    head.push_str("\r\n");
                    let _ = stream.write_all(head.as_bytes());
                    let _ = stream.write_all(body.as_bytes());
                });
            }
        });
        Server { port, routes }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn serve(&self, path: &str, status: u16, body: &str) {
        self.routes
            .lock()
            .unwrap()
            .bodies
            .insert(path.into(), (status, vec![], body.into()));
    }

    fn redirect(&self, path: &str, location: &str) {
        self.routes.lock().unwrap().bodies.insert(
            path.into(),
            (
                302,
                vec![("Location".into(), location.into())],
                String::new(),
            ),
        );
    }

    fn delay(&self, path: &str, delay: Duration) {
        self.routes.lock().unwrap().delay.insert(path.into(), delay);
    }

    fn hits(&self, path: &str) -> usize {
        self.routes
            .lock()
            .unwrap()
            .hits
            .get(path)
            .copied()
            .unwrap_or(0)
    }
}

struct Signing {
    key: Key,
}

impl Signing {
    fn new(kid: &str) -> Signing {
        Signing {
            key: Key::generate(Algorithm::ES256).unwrap().with_kid(kid),
        }
    }

    fn jwk(&self) -> String {
        self.key.to_jwk(false).unwrap()
    }

    fn token(&self) -> String {
        jetwt::encode_json(r#"{"sub":"ada"}"#, &self.key, Algorithm::ES256, None).unwrap()
    }
}

fn jwks(keys: &[&Signing]) -> String {
    format!(
        "{{\"keys\":[{}]}}",
        keys.iter().map(|k| k.jwk()).collect::<Vec<_>>().join(",")
    )
}

fn options(cache_ttl_ms: u64, cooldown_ms: u64) -> RemoteOptions {
    RemoteOptions {
        cache_ttl: Duration::from_millis(cache_ttl_ms),
        cooldown: Duration::from_millis(cooldown_ms),
        timeout: Duration::from_secs(2),
        ..RemoteOptions::default()
    }
}

fn validation() -> Validation {
    Validation::new(&[Algorithm::ES256]).now(NOW)
}

fn code(result: jetwt::Result<jetwt::Token<'_>>) -> String {
    result
        .map(|_| "ok".to_owned())
        .unwrap_or_else(|e| format!("{}: {}", e.code(), e.message()))
}

#[test]
fn rotation_unknown_kid_and_cooldown() {
    let server = Server::start();
    let (a, b, c) = (Signing::new("a"), Signing::new("b"), Signing::new("c"));
    server.serve("/jwks", 200, &jwks(&[&a]));
    let remote = RemoteKeySet::new(&server.url("/jwks"), options(60_000, 300)).unwrap();
    let v = validation();
    remote.verify(&a.token(), &v).unwrap();
    remote.verify(&a.token(), &v).unwrap();
    assert_eq!(server.hits("/jwks"), 1, "cached within the TTL");

    server.serve("/jwks", 200, &jwks(&[&a, &b]));
    thread::sleep(Duration::from_millis(350));
    remote.verify(&b.token(), &v).unwrap();
    assert_eq!(server.hits("/jwks"), 2, "an unknown kid refetches once");

    assert!(code(remote.verify(&c.token(), &v)).starts_with("key_not_found"));
    assert!(code(remote.verify(&c.token(), &v)).starts_with("key_not_found"));
    assert_eq!(server.hits("/jwks"), 2, "no refetch within the cooldown");

    server.serve("/jwks", 200, &jwks(&[&b, &c]));
    thread::sleep(Duration::from_millis(350));
    remote.verify(&c.token(), &v).unwrap();
    assert_eq!(server.hits("/jwks"), 3);
    assert!(
        code(remote.verify(&a.token(), &v)).starts_with("key_not_found"),
        "a rotated-out key no longer verifies"
    );
    assert_eq!(remote.fetch_count(), 3);
}

#[test]
fn ttl_expiry_refetches() {
    let server = Server::start();
    let a = Signing::new("a");
    server.serve("/jwks", 200, &jwks(&[&a]));
    let remote = RemoteKeySet::new(&server.url("/jwks"), options(150, 10)).unwrap();
    remote.verify(&a.token(), &validation()).unwrap();
    thread::sleep(Duration::from_millis(200));
    remote.verify(&a.token(), &validation()).unwrap();
    assert_eq!(server.hits("/jwks"), 2);
}

#[test]
fn concurrent_misses_share_one_request() {
    let server = Server::start();
    let a = Signing::new("a");
    server.serve("/jwks", 200, &jwks(&[&a]));
    server.delay("/jwks", Duration::from_millis(300));
    let remote =
        Arc::new(RemoteKeySet::new(&server.url("/jwks"), options(60_000, 30_000)).unwrap());
    let token = a.token();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (remote, token) = (remote.clone(), token.clone());
            thread::spawn(move || {
                remote
                    .verify(&token, &validation())
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap().unwrap();
    }
    assert_eq!(
        server.hits("/jwks"),
        1,
        "eight concurrent misses, one request"
    );
}

#[test]
fn server_down_keeps_serving_the_last_good_set_until_too_old() {
    let server = Server::start();
    let a = Signing::new("a");
    server.serve("/jwks", 200, &jwks(&[&a]));
    let mut opts = options(100, 50);
    opts.max_stale = Duration::from_millis(600);
    let remote = RemoteKeySet::new(&server.url("/jwks"), opts).unwrap();
    remote.verify(&a.token(), &validation()).unwrap();
    server.serve("/jwks", 503, "down");
    thread::sleep(Duration::from_millis(150));
    remote.verify(&a.token(), &validation()).unwrap();
    assert_eq!(
        server.hits("/jwks"),
        2,
        "it tried, failed, and served the cached set"
    );
    thread::sleep(Duration::from_millis(600));
    let err = code(remote.verify(&a.token(), &validation()));
    assert!(err.contains("HTTP 503"), "{err}");
}

#[test]
fn nothing_listening_is_an_error_and_is_not_hammered() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let remote = RemoteKeySet::new(
        &format!("http://127.0.0.1:{port}/jwks"),
        options(1000, 10_000),
    )
    .unwrap();
    let token = Signing::new("a").token();
    let first = code(remote.verify(&token, &validation()));
    assert!(
        first.starts_with("key_not_found: The key set at"),
        "{first}"
    );
    assert_eq!(code(remote.verify(&token, &validation())), first);
    assert_eq!(
        remote.fetch_count(),
        1,
        "the second call within the cooldown did not connect"
    );
}

#[test]
fn slow_server_times_out() {
    let server = Server::start();
    server.serve("/slow", 200, &jwks(&[&Signing::new("a")]));
    server.delay("/slow", Duration::from_secs(3));
    let mut opts = options(1000, 10);
    opts.timeout = Duration::from_millis(300);
    let remote = RemoteKeySet::new(&server.url("/slow"), opts).unwrap();
    let start = Instant::now();
    let err = code(remote.verify(&Signing::new("a").token(), &validation()));
    assert!(
        start.elapsed() < Duration::from_millis(2000),
        "{:?}",
        start.elapsed()
    );
    assert!(
        err.starts_with("key_not_found") && err.contains("no answer within 300ms"),
        "{err}"
    );
}

#[test]
fn oversized_malformed_and_empty_responses_are_errors() {
    let server = Server::start();
    let a = Signing::new("a");
    let big = format!(
        "{{\"keys\":[{}],\"padding\":\"{}\"}}",
        a.jwk(),
        "x".repeat(5000)
    );
    server.serve("/big", 200, &big);
    server.serve("/bad-json", 200, "{\"keys\": [");
    server.serve(
        "/empty",
        200,
        "{\"keys\":[{\"kty\":\"EC\"},{\"kty\":\"zzz\"}]}",
    );
    server.serve(
        "/mixed",
        200,
        &format!("{{\"keys\":[{{\"kty\":\"EC\"}},7,{}]}}", a.jwk()),
    );
    server.serve("/error", 500, "oops");
    let mut small = options(1000, 10);
    small.max_bytes = 1000;
    let t = a.token();
    let v = validation();
    let err = code(
        RemoteKeySet::new(&server.url("/big"), small)
            .unwrap()
            .verify(&t, &v),
    );
    assert!(err.contains("larger than 1000 bytes"), "{err}");
    RemoteKeySet::new(&server.url("/big"), options(1000, 10))
        .unwrap()
        .verify(&t, &v)
        .unwrap();
    let err = code(
        RemoteKeySet::new(&server.url("/bad-json"), options(1000, 10))
            .unwrap()
            .verify(&t, &v),
    );
    assert!(
        err.contains("not valid JSON") || err.contains("unexpected end"),
        "{err}"
    );
    let err = code(
        RemoteKeySet::new(&server.url("/empty"), options(1000, 10))
            .unwrap()
            .verify(&t, &v),
    );
    assert!(err.contains("no usable key"), "{err}");
    RemoteKeySet::new(&server.url("/mixed"), options(1000, 10))
        .unwrap()
        .verify(&t, &v)
        .unwrap();
    let err = code(
        RemoteKeySet::new(&server.url("/error"), options(1000, 10))
            .unwrap()
            .verify(&t, &v),
    );
    assert!(err.contains("HTTP 500"), "{err}");
}

#[test]
fn redirects_stay_within_the_origin() {
    let server = Server::start();
    let a = Signing::new("a");
    server.serve("/jwks", 200, &jwks(&[&a]));
    server.redirect("/moved", "/jwks");
    server.redirect("/moved-absolute", &server.url("/jwks"));
    server.redirect(
        "/elsewhere",
        &format!("http://localhost:{}/jwks", server.port),
    );
    server.redirect("/loop", "/loop");
    let (t, v) = (a.token(), validation());
    RemoteKeySet::new(&server.url("/moved"), options(1000, 10))
        .unwrap()
        .verify(&t, &v)
        .unwrap();
    RemoteKeySet::new(&server.url("/moved-absolute"), options(1000, 10))
        .unwrap()
        .verify(&t, &v)
        .unwrap();
    let err = code(
        RemoteKeySet::new(&server.url("/elsewhere"), options(1000, 10))
            .unwrap()
            .verify(&t, &v),
    );
    assert!(err.contains("another origin"), "{err}");
    let err = code(
        RemoteKeySet::new(&server.url("/loop"), options(1000, 10))
            .unwrap()
            .verify(&t, &v),
    );
    assert!(err.contains("too many redirects"), "{err}");
    assert_eq!(
        server.hits("/jwks"),
        2,
        "the cross-origin redirect was not followed"
    );
}

#[test]
fn only_http_urls() {
    for url in [
        "file:///etc/passwd",
        "ftp://x/jwks",
        "https://user:pass@example.com/jwks",
        "jwks.json",
        "",
    ] {
        assert_eq!(
            RemoteKeySet::new(url, RemoteOptions::default())
                .unwrap_err()
                .code(),
            "invalid_key",
            "{url}"
        );
    }
}

#[test]
fn a_ttl_shorter_than_the_cooldown_still_refreshes_after_the_ttl() {
    let server = Server::start();
    let a = Signing::new("a");
    server.serve("/jwks", 200, &jwks(&[&a]));
    let remote = RemoteKeySet::new(&server.url("/jwks"), options(100, 60_000)).unwrap();
    remote.verify(&a.token(), &validation()).unwrap();
    thread::sleep(Duration::from_millis(150));
    remote.verify(&a.token(), &validation()).unwrap();
    assert_eq!(
        server.hits("/jwks"),
        2,
        "an expired set is refetched even within the cooldown after a success"
    );
}

#[test]
fn bad_request_headers_are_refused_up_front() {
    for (name, value) in [
        ("Bad Name", "x"),
        ("X-Ok", "line\r\nInjected: 1"),
        ("", "x"),
        ("X:Colon", "x"),
    ] {
        let opts = RemoteOptions {
            headers: vec![(name.into(), value.into())],
            ..RemoteOptions::default()
        };
        assert_eq!(
            RemoteKeySet::new("https://example.com/jwks", opts)
                .unwrap_err()
                .code(),
            "invalid_key",
            "{name:?}"
        );
    }
    let ok = RemoteOptions {
        headers: vec![("Authorization".into(), "Bearer abc".into())],
        ..RemoteOptions::default()
    };
    RemoteKeySet::new("https://example.com/jwks", ok).unwrap();
}

#[test]
fn messages_end_with_one_full_stop() {
    let server = Server::start();
    server.serve("/empty", 200, "{\"keys\":[]}");
    let remote = RemoteKeySet::new(&server.url("/empty"), options(1000, 10)).unwrap();
    let err = remote
        .verify(&Signing::new("a").token(), &validation())
        .unwrap_err();
    assert!(
        err.message().ends_with("usable key.") && !err.message().ends_with(".."),
        "{}",
        err.message()
    );
}
