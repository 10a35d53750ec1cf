//! Runs the `jetwt` binary as a user would, over the shared cases in tests/cli/cases.json (the Python and npm
//! doors run the same file).

use std::io::Write;
use std::process::{Command, Stdio};

fn repo() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn matches(pattern: &str, text: &str) -> bool {
    // The patterns in cases.json use a small regex subset: ^ $ literal text, \. \{ \} \n, [A-Za-z0-9_-]+ and {N}.
    tiny_regex(pattern.strip_prefix('^').unwrap_or(pattern), text)
}

/// A minimal matcher for the anchored patterns in cases.json, so the test needs no regex crate.
fn tiny_regex(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    fn class_ok(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
    }
    fn go(p: &[u8], t: &[u8]) -> bool {
        if p == b"$" {
            return t.is_empty();
        }
        if p.is_empty() {
            return true;
        }
        if p.starts_with(b"[A-Za-z0-9_-]") {
            let rest = &p[13..];
            if let Some(r) = rest.strip_prefix(b"+") {
                let max = t.iter().take_while(|&&b| class_ok(b)).count();
                return (1..=max).rev().any(|n| go(r, &t[n..]));
            }
            if rest.first() == Some(&b'{') {
                let close = rest.iter().position(|&b| b == b'}').unwrap();
                let n: usize = std::str::from_utf8(&rest[1..close])
                    .unwrap()
                    .parse()
                    .unwrap();
                return t.len() >= n
                    && t[..n].iter().all(|&b| class_ok(b))
                    && go(&rest[close + 1..], &t[n..]);
            }
            return !t.is_empty() && class_ok(t[0]) && go(rest, &t[1..]);
        }
        let (lit, rest) = match p {
            [b'\\', b'n', rest @ ..] => (b'\n', rest),
            [b'\\', c, rest @ ..] => (*c, rest),
            [c, rest @ ..] => (*c, rest),
            [] => unreachable!(),
        };
        !t.is_empty() && t[0] == lit && go(rest, &t[1..])
    }
    go(p, t)
}

#[test]
fn the_command_behaves_as_recorded() {
    let spec: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/cli/cases.json")).unwrap(),
    )
    .unwrap();
    let keys = repo().join("tests/keys").canonicalize().unwrap();
    let tmp = std::env::temp_dir().join(format!("jetwt-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let sub = |s: &str| {
        s.replace("{keys}", keys.to_str().unwrap())
            .replace("{tmp}", tmp.to_str().unwrap())
    };
    let (mut previous, mut ran, mut failures) = (String::new(), 0, Vec::new());
    for case in spec["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let args: Vec<String> = case["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| sub(a.as_str().unwrap()))
            .collect();
        let stdin = if case["stdin_from_previous"] == true {
            previous.clone()
        } else {
            case["stdin"].as_str().unwrap_or("").to_owned()
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_jetwt"))
            .args(&args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let (stdout, stderr) = (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        );
        ran += 1;
        let mut problems = Vec::new();
        if out.status.code() != case["exit"].as_i64().map(|c| c as i32) {
            problems.push(format!(
                "exit {:?}, expected {}",
                out.status.code(),
                case["exit"]
            ));
        }
        if let Some(expected) = case["stdout"].as_str() {
            if stdout != sub(expected) {
                problems.push(format!("stdout:\n{stdout}\nexpected:\n{}", sub(expected)));
            }
        }
        if let Some(pattern) = case["stdout_regex"].as_str() {
            if !matches(pattern, &stdout) {
                problems.push(format!("stdout {stdout:?} does not match {pattern}"));
            }
        }
        if let Some(part) = case["stdout_contains"].as_str() {
            if !stdout.contains(part) {
                problems.push(format!("stdout lacks {part:?}"));
            }
        }
        if stderr != sub(case["stderr"].as_str().unwrap()) {
            problems.push(format!(
                "stderr {stderr:?}, expected {:?}",
                sub(case["stderr"].as_str().unwrap())
            ));
        }
        if out.status.code() != Some(0) && stderr.contains("panicked") {
            problems.push("a panic reached the user".into());
        }
        if !problems.is_empty() {
            failures.push(format!("{name}: {}", problems.join("; ")));
        }
        previous = stdout;
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(ran, spec["cases"].as_array().unwrap().len());
    assert!(ran >= 39, "ran {ran} cases");
}

#[test]
fn the_tiny_matcher_can_fail() {
    assert!(matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\n$", "ab.cd\n"));
    assert!(!matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\n$", "ab.cd"));
    assert!(!matches("^[A-Za-z0-9_-]{3}$", "ab"));
    assert!(matches("^\\{\"x\":[A-Za-z0-9_-]{2}\\}$", "{\"x\":ab}"));
}

#[test]
fn colour_only_on_request_and_never_with_no_color() {
    let token = "eyJhbGciOiJub25lIn0.e30.";
    let run = |colour: bool| {
        let (mut stdin, mut stdout, mut stderr) = (std::io::empty(), Vec::new(), Vec::new());
        let mut io = jetwt_cli::Io {
            stdin: &mut stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
            colour,
            stdin_is_terminal: false,
        };
        assert_eq!(
            jetwt_cli::run(vec!["decode".into(), token.into()], &mut io),
            0
        );
        String::from_utf8(stdout).unwrap()
    };
    assert!(run(true).contains("\x1b["));
    assert!(!run(false).contains("\x1b["));
    let out = Command::new(env!("CARGO_BIN_EXE_jetwt"))
        .args(["decode", token])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains("\x1b["));
}

#[test]
fn verify_fetches_a_jwks_url_from_a_real_server() {
    use std::io::{BufRead, BufReader};
    let dir = std::env::temp_dir().join(format!("jetwt-cli-url-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let prefix = dir.join("k");
    let jetwt = env!("CARGO_BIN_EXE_jetwt");
    let status = Command::new(jetwt)
        .args([
            "keygen",
            "ES256",
            "--jwk",
            "--kid",
            "u1",
            "--out",
            prefix.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(status.status.success());
    let public = std::fs::read_to_string(dir.join("k.pub.jwk")).unwrap();
    let body = format!("{{\"keys\":[{}]}}", public.trim());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(2) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let found = line.contains(" /jwks ");
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && !line.ends_with("\r\n\r\n") {}
            let (status, text) = if found {
                ("200 OK", body.as_str())
            } else {
                ("404 Not Found", "no")
            };
            write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                text.len()
            )
            .unwrap();
        }
    });
    let token = Command::new(jetwt)
        .args([
            "encode",
            "--alg",
            "ES256",
            "--key",
            dir.join("k.jwk").to_str().unwrap(),
            "--kid",
            "u1",
            "--sub",
            "url",
        ])
        .output()
        .unwrap();
    let token = String::from_utf8(token.stdout).unwrap();
    let ok = Command::new(jetwt)
        .args([
            "verify",
            token.trim(),
            "--jwks",
            &format!("http://127.0.0.1:{port}/jwks"),
            "--alg",
            "ES256",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8(ok.stdout)
        .unwrap()
        .contains("\"sub\":\"url\""));
    let missing = Command::new(jetwt)
        .args([
            "verify",
            token.trim(),
            "--jwks",
            &format!("http://127.0.0.1:{port}/gone"),
            "--alg",
            "ES256",
        ])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8(missing.stderr)
        .unwrap()
        .contains("HTTP 404"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn output_survives_a_non_blocking_stdout_and_a_slow_reader() {
    use std::io::Read;
    use std::os::fd::OwnedFd;
    use std::os::unix::net::UnixStream;
    let (ours, theirs) = UnixStream::pair().unwrap();
    theirs.set_nonblocking(true).unwrap();
    let claims = format!("{{\"data\":\"{}\"}}", "x".repeat(300_000));
    let mut child = Command::new(env!("CARGO_BIN_EXE_jetwt"))
        .args([
            "encode",
            "--alg",
            "HS256",
            "--claims-file",
            "-",
            "--now",
            "1700000000",
            "--key",
        ])
        .arg(repo().join("tests/keys/hs256.secret"))
        .stdin(Stdio::piped())
        .stdout(Stdio::from(OwnedFd::from(theirs)))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(claims.as_bytes())
        .unwrap();
    let mut reader = ours;
    let (mut out, mut buf) = (Vec::new(), [0u8; 8192]);
    loop {
        std::thread::sleep(std::time::Duration::from_millis(2));
        match reader.read(&mut buf).unwrap() {
            0 => break,
            n => out.extend_from_slice(&buf[..n]),
        }
    }
    let status = child.wait_with_output().unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let token = String::from_utf8(out).unwrap();
    assert!(
        token.len() > 400_000 && token.ends_with('\n') && token.matches('.').count() == 2,
        "{} bytes",
        token.len()
    );
}
