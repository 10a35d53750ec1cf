//! The `jetwt` command: jwt.io's generate / inspect / verify, offline.
//!
//! One implementation, three doors: the `jetwt` binary, the Python package (`jetwt` console script and
//! `python -m jetwt`) and the npm package (`npx jetwt`) all call [`run`] with their arguments.

mod commands;
mod render;
mod time;

use std::ffi::OsString;
use std::io::{IsTerminal, Read, Write};

use clap::{Parser, Subcommand};

pub use commands::Outcome;

const EXAMPLES_DECODE: &str = "Examples:\n  jetwt decode eyJhbGciOi...\n  pbpaste | jetwt decode -\n  jetwt decode --json \"$TOKEN\"";
const EXAMPLES_ENCODE: &str = "Examples:\n  jetwt encode --alg ES256 --key key.pem --sub ada --exp 1h\n  jetwt encode --alg HS256 --key secret.txt --claim role=\\\"admin\\\" --claim n=3\n  echo '{\"sub\":\"ada\"}' | jetwt encode --alg EdDSA --key ed.pem --claims-file -";
const EXAMPLES_VERIFY: &str = "Examples:\n  jetwt verify \"$TOKEN\" --key pub.pem --alg ES256 --aud api\n  jetwt verify \"$TOKEN\" --jwks jwks.json --alg RS256 --alg ES256 --iss https://auth.example";
const EXAMPLES_KEYGEN: &str = "Examples:\n  jetwt keygen ES256\n  jetwt keygen RS256 --bits 3072 --out signing\n  jetwt keygen EdDSA --jwk --kid-thumbprint --out ed";

#[derive(Debug, Parser)]
#[command(
    name = "jetwt",
    version,
    about = "Generate, inspect and verify JSON Web Tokens, offline."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show a token's header, claims, times and warnings. Verifies nothing.
    #[command(after_help = EXAMPLES_DECODE)]
    Decode(commands::DecodeArgs),
    /// Sign claims and print the token.
    #[command(after_help = EXAMPLES_ENCODE)]
    Encode(commands::EncodeArgs),
    /// Verify a token: exit 0 and print the claims, or exit 1 with the error code and reason.
    #[command(after_help = EXAMPLES_VERIFY)]
    Verify(commands::VerifyArgs),
    /// Generate a key pair (or an HMAC secret).
    #[command(after_help = EXAMPLES_KEYGEN)]
    Keygen(commands::KeygenArgs),
}

/// Where the command reads and writes, and whether stdout is a terminal (for colour).
#[allow(missing_debug_implementations)]
pub struct Io<'a> {
    pub stdin: &'a mut dyn Read,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    pub colour: bool,
    pub stdin_is_terminal: bool,
}

/// Runs the command with `args` (without the program name) and returns the exit code: 0 success, 1 a token
/// that does not verify, 2 a usage or input error.
pub fn run(args: Vec<OsString>, io: &mut Io<'_>) -> i32 {
    let argv = std::iter::once(OsString::from("jetwt")).chain(args);
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(err) => {
            let rendered = if io.colour {
                err.render().ansi().to_string()
            } else {
                err.render().to_string()
            };
            let code = if err.use_stderr() { 2 } else { 0 };
            let target: &mut dyn Write = if err.use_stderr() {
                &mut *io.stderr
            } else {
                &mut *io.stdout
            };
            let _ = write!(target, "{rendered}");
            return code;
        }
    };
    let style = render::Style { colour: io.colour };
    let outcome = match cli.command {
        Command::Decode(args) => commands::decode(args, io, style),
        Command::Encode(args) => commands::encode(args, io),
        Command::Verify(args) => commands::verify(args, io, style),
        Command::Keygen(args) => commands::keygen(args, io),
    };
    match outcome {
        Ok(code) => code,
        Err(Outcome { code, message }) => {
            let label = if code == 1 {
                style.bad("invalid")
            } else {
                style.bad("error")
            };
            let _ = writeln!(io.stderr, "{label}: {message}");
            code
        }
    }
}

/// Retries reads and writes that a non-blocking descriptor refuses with `WouldBlock`. A host runtime (Node,
/// an event loop in Python) may hand the command standard streams in non-blocking mode; without this, output
/// past the pipe's buffer and late stdin would be lost.
struct Patient<T>(T);

fn patiently<R>(mut op: impl FnMut() -> std::io::Result<R>) -> std::io::Result<R> {
    loop {
        match op() {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(std::time::Duration::from_millis(1))
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

impl<T: Read> Read for Patient<T> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        patiently(|| self.0.read(buf))
    }
}

impl<T: Write> Write for Patient<T> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        patiently(|| self.0.write(buf))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        patiently(|| self.0.flush())
    }
}

/// Runs with the process's standard streams; colour when stdout is a terminal and `NO_COLOR` is unset.
pub fn main_with_stdio(args: Vec<OsString>) -> i32 {
    let stdout = std::io::stdout();
    let colour = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let stdin = std::io::stdin();
    let stdin_is_terminal = stdin.is_terminal();
    let (mut input, mut output, mut errors) = (
        Patient(stdin.lock()),
        Patient(stdout.lock()),
        Patient(std::io::stderr().lock()),
    );
    let mut io = Io {
        stdin: &mut input,
        stdout: &mut output,
        stderr: &mut errors,
        colour,
        stdin_is_terminal,
    };
    let code = run(args, &mut io);
    let _ = io.stdout.flush();
    code
}
