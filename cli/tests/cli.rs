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
