//! The four commands. Exit codes: 0 done, 1 the token is not valid, 2 a usage or input error.

use std::io::Write;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jetwt::json::{self, Value};
use jetwt::{Algorithm, Family, Key, KeySet, Keys, Signer, Validation};

use crate::render::{pretty, Style};
use crate::time;
use crate::Io;

/// A failed command: its exit code and a one-line message.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub message: String,
}

type Result<T> = std::result::Result<T, Outcome>;

fn input(message: impl Into<String>) -> Outcome {
    Outcome {
        code: 2,
        message: message.into(),
    }
}

fn invalid(err: &jetwt::Error) -> Outcome {
    Outcome {
        code: 1,
        message: format!("{}: {}", err.code(), err.message()),
    }
}

fn key_error(path: &str, err: &jetwt::Error) -> Outcome {
    input(format!("{}: {path}: {}", err.code(), err.message()))
}

fn write_out(io: &mut Io<'_>, text: &str) -> Result<i32> {
    io.stdout
        .write_all(text.as_bytes())
        .map_err(|e| input(format!("cannot write output: {e}")))?;
    Ok(0)
}

fn now_or(arg: Option<&str>) -> Result<f64> {
    match arg {
        Some(text) => time::parse_instant(text).ok_or_else(|| {
            input(format!(
                "--now {text:?} is neither seconds since the epoch nor YYYY-MM-DDTHH:MM:SSZ"
            ))
        }),
        None => Ok(SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64())),
    }
}

fn read_token(arg: Option<String>, io: &mut Io<'_>) -> Result<String> {
    let raw = match arg.as_deref() {
        Some("-") | None => {
            if arg.is_none() && io.stdin_is_terminal {
                return Err(input("give a token, or pipe one in (jetwt decode -)"));
            }
            let mut text = String::new();
            io.stdin
                .read_to_string(&mut text)
                .map_err(|e| input(format!("cannot read the token from stdin: {e}")))?;
            text
        }
        Some(token) => token.to_owned(),
    };
    let trimmed = raw.trim();
    let token = trimmed.strip_prefix("Bearer ").unwrap_or(trimmed).trim();
    if token.is_empty() {
        return Err(input("the token is empty"));
    }
    Ok(token.to_owned())
}

fn read_file(path: &str, io: &mut Io<'_>) -> Result<Vec<u8>> {
    if path == "-" {
        let mut data = Vec::new();
        io.stdin
            .read_to_end(&mut data)
            .map_err(|e| input(format!("cannot read stdin: {e}")))?;
        return Ok(data);
    }
    std::fs::read(path).map_err(|e| input(format!("cannot read {path}: {e}")))
}

fn parse_algorithm(name: &str) -> Result<Algorithm> {
    name.parse()
        .map_err(|e: jetwt::Error| input(format!("{}: {}", e.code(), e.message())))
}

/// A key file: a JWK (text starting with `{`), PEM, DER, or (for HMAC) the secret itself, one trailing newline
/// removed.
fn load_key(path: &str, secret_allowed: bool, io: &mut Io<'_>) -> Result<Key> {
    let data = read_file(path, io)?;
    let text = std::str::from_utf8(&data).ok().map(str::trim);
    if let Some(jwk) = text.filter(|t| t.starts_with('{')) {
        if let Ok(key) = Key::from_jwk(jwk) {
            return Ok(key);
        }
    }
    let trimmed = match data.strip_suffix(b"\n") {
        Some(rest) => rest.strip_suffix(b"\r").unwrap_or(rest),
        None => &data,
    };
    let material = if secret_allowed && !data.starts_with(b"-----") {
        trimmed
    } else {
        &data
    };
    Key::from_bytes(material, secret_allowed).map_err(|e| key_error(path, &e))
}

/// `k=v` with `v` parsed as JSON when it is JSON, else taken as a string.
fn member(pair: &str, flag: &str) -> Result<(String, String)> {
    let (name, value) = pair
        .split_once('=')
        .ok_or_else(|| input(format!("{flag} {pair:?} is not NAME=VALUE")))?;
    let mut out = String::new();
    match json::parse(value.as_bytes(), 64) {
        Ok(parsed) => parsed.write_json(&mut out),
        Err(_) => json::write_string(&mut out, value),
    }
    Ok((name.to_owned(), out))
}

fn object_text(members: &[(String, String)]) -> String {
    let mut out = String::from("{");
    for (i, (name, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::write_string(&mut out, name);
        out.push(':');
        out.push_str(value);
    }
    out.push('}');
    out
}

fn set(members: &mut Vec<(String, String)>, name: String, value: String) {
    match members.iter_mut().find(|(n, _)| *n == name) {
        Some(slot) => slot.1 = value,
        None => members.push((name, value)),
    }
}

#[derive(Debug, clap::Args)]
pub struct DecodeArgs {
    /// The token; `-` or nothing reads it from stdin. A leading "Bearer " is ignored.
    token: Option<String>,
    /// Print machine-readable JSON.
    #[arg(long)]
    json: bool,
    /// The time to compare against: seconds since the epoch or YYYY-MM-DDTHH:MM:SSZ (default: now).
    #[arg(long)]
    now: Option<String>,
}

pub fn decode(args: DecodeArgs, io: &mut Io<'_>, style: Style) -> Result<i32> {
    let now = now_or(args.now.as_deref())?;
    let text = read_token(args.token, io)?;
    let token = jetwt::decode(&text).map_err(|e| invalid(&e))?;
    let header = token.header_object().map_err(|e| invalid(&e))?;
    let claims = token.claims_object().map_err(|e| invalid(&e))?;
    let alg = header.get("alg").and_then(Value::as_str);
    let kid = header.get("kid").and_then(Value::as_str);
    let times: Vec<(&str, f64)> = ["iat", "nbf", "exp"]
        .into_iter()
        .filter_map(|name| match claims.get(name) {
            Some(Value::Number(n)) if n.as_f64().is_finite() => Some((name, n.as_f64())),
            _ => None,
        })
        .collect();
    let warnings = warnings(&header, &claims, &times, now);

    if args.json {
        let mut out = String::from("{\"header\":");
        Value::Object(header.clone()).write_json(&mut out);
        out.push_str(",\"claims\":");
        Value::Object(claims.clone()).write_json(&mut out);
        out.push_str(&format!(
            ",\"signature\":{{\"length\":{}",
            token.signature().len()
        ));
        out.push_str(",\"algorithm\":");
        match alg {
            Some(a) => json::write_string(&mut out, a),
            None => out.push_str("null"),
        }
        out.push_str("},\"times\":{");
        for (i, (name, at)) in times.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&format!(
                "\"{name}\":{{\"iso\":\"{}\",\"relative\":",
                time::iso8601(*at)
            ));
            json::write_string(&mut out, &time::relative(name, *at, now));
            out.push('}');
        }
        out.push_str("},\"warnings\":[");
        for (i, w) in warnings.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json::write_string(&mut out, w);
        }
        out.push_str("],\"verified\":false}\n");
        return write_out(io, &out);
    }

    let mut out = String::new();
    out.push_str(&format!(
        "{}\n{}\n\n",
        style.heading("Header"),
        pretty(&Value::Object(header.clone()), style)
    ));
    out.push_str(&format!(
        "{}\n{}\n",
        style.heading("Claims"),
        pretty(&Value::Object(claims.clone()), style)
    ));
    if !times.is_empty() {
        out.push_str(&format!("\n{}\n", style.heading("Times")));
        for (name, at) in &times {
            out.push_str(&format!(
                "  {name}  {}  {}\n",
                time::iso8601(*at),
                style.dim(&time::relative(name, *at, now))
            ));
        }
    }
    let kid_note = kid.map(|k| format!(", kid {k:?}")).unwrap_or_default();
    out.push_str(&format!(
        "\n{}\n  {}, {} bytes{kid_note}; {}\n",
        style.heading("Signature"),
        alg.unwrap_or("no alg"),
        token.signature().len(),
        style.dim("not verified (use `jetwt verify`)")
    ));
    if !warnings.is_empty() {
        out.push_str(&format!("\n{}\n", style.heading("Warnings")));
        for w in &warnings {
            out.push_str(&format!("  {} {w}\n", style.warn("!")));
        }
    }
    write_out(io, &out)
}

fn warnings(
    header: &json::Object<'_>,
    claims: &json::Object<'_>,
    times: &[(&str, f64)],
    now: f64,
) -> Vec<String> {
    let mut out = Vec::new();
    let at = |name: &str| times.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
    match header.get("alg") {
        Some(Value::String(alg)) if alg.eq_ignore_ascii_case("none") => {
            out.push(
                "alg is \"none\": the token is unsecured and no verifier should accept it"
                    .to_owned(),
            );
        }
        Some(Value::String(alg)) if alg.parse::<Algorithm>().is_err() => {
            out.push(format!("alg {alg:?} is not a supported JWS algorithm"));
        }
        Some(Value::String(_)) => {}
        _ => out.push("the header has no \"alg\"".to_owned()),
    }
    if let Some(Value::Array(crit)) = header.get("crit") {
        let names: Vec<&str> = crit.iter().filter_map(Value::as_str).collect();
        out.push(format!(
            "crit marks extensions as critical ({}); verifiers that do not know them must reject",
            names.join(", ")
        ));
    }
    for name in ["exp", "nbf", "iat"] {
        if claims.contains(name) && at(name).is_none() {
            out.push(format!(
                "\"{name}\" is not a finite number; verifiers must reject the token"
            ));
        }
    }
    match at("exp") {
        None if !claims.contains("exp") => {
            out.push("no \"exp\": the token never expires".to_owned())
        }
        None => {}
        Some(exp) => {
            let start = at("iat").unwrap_or(now);
            if exp - start > 86_400.0 {
                out.push(format!(
                    "a lifetime of {} (over a day)",
                    time::span(exp - start)
                ));
            }
            if exp <= now {
                out.push(format!("expired {} ago", time::span(now - exp)));
            }
        }
    }
    if let Some(iat) = at("iat") {
        if iat > now {
            out.push(format!(
                "\"iat\" is {} in the future",
                time::span(iat - now)
            ));
        }
    }
    if let Some(nbf) = at("nbf") {
        if nbf > now {
            out.push(format!("not valid for another {}", time::span(nbf - now)));
        }
    }
    out
}

#[derive(Debug, clap::Args)]
pub struct EncodeArgs {
    /// The algorithm, e.g. HS256, RS256, PS256, ES256, ES256K, EdDSA.
    #[arg(long)]
    alg: String,
    /// The signing key: PEM, DER, a JWK file, or for HS* the secret itself (one trailing newline is ignored).
    #[arg(long)]
    key: String,
    /// A claim NAME=VALUE; VALUE is parsed as JSON when it can be (repeatable).
    #[arg(long = "claim", value_name = "NAME=VALUE")]
    claims: Vec<String>,
    /// A JSON object of claims, from a file or `-` for stdin; --claim and the options below override it.
    #[arg(long)]
    claims_file: Option<String>,
    /// Expiry after the issue time: 90, 90s, 15m, 1h, 7d.
    #[arg(long)]
    exp: Option<String>,
    /// Not-before, after the issue time: 0, 30s, 5m.
    #[arg(long)]
    nbf: Option<String>,
    /// The issuer (`iss`).
    #[arg(long)]
    iss: Option<String>,
    /// An audience (`aud`); repeat for several.
    #[arg(long)]
    aud: Vec<String>,
    /// The subject (`sub`).
    #[arg(long)]
    sub: Option<String>,
    /// The key id to put in the header.
    #[arg(long)]
    kid: Option<String>,
    /// A header member NAME=VALUE (repeatable).
    #[arg(long = "header", value_name = "NAME=VALUE")]
    headers: Vec<String>,
    /// Add a random `jti`.
    #[arg(long)]
    jti: bool,
    /// Leave out `iat`.
    #[arg(long)]
    no_iat: bool,
    /// The issue time: seconds since the epoch or YYYY-MM-DDTHH:MM:SSZ (default: now).
    #[arg(long)]
    now: Option<String>,
}

pub fn encode(args: EncodeArgs, io: &mut Io<'_>) -> Result<i32> {
    let alg = parse_algorithm(&args.alg)?;
    let now = now_or(args.now.as_deref())?;
    let key = load_key(&args.key, alg.family() == Family::Hmac, io)?;
    let mut claims: Vec<(String, String)> = Vec::new();
    if let Some(path) = &args.claims_file {
        let data = read_file(path, io)?;
        let parsed = json::parse_object(&data, 64, "claims file")
            .map_err(|e| input(format!("{path}: {}", e.message())))?;
        for (name, value) in parsed.iter() {
            let mut text = String::new();
            value.write_json(&mut text);
            claims.push((name.to_owned(), text));
        }
    }
    for pair in &args.claims {
        let (name, value) = member(pair, "--claim")?;
        set(&mut claims, name, value);
    }
    let mut header: Vec<(String, String)> = Vec::new();
    for pair in &args.headers {
        let (name, value) = member(pair, "--header")?;
        set(&mut header, name, value);
    }
    if let Some(kid) = &args.kid {
        let mut text = String::new();
        json::write_string(&mut text, kid);
        set(&mut header, "kid".into(), text);
    }
    let duration = |flag: &str, value: &str| {
        time::parse_duration(value)
            .map(Duration::from_secs)
            .ok_or_else(|| {
                input(format!(
                    "{flag} {value:?} is not a duration like 90s, 15m, 1h or 7d"
                ))
            })
    };
    let header_text = (!header.is_empty()).then(|| object_text(&header));
    let mut signer = Signer::new(key, alg, header_text.as_deref())
        .map_err(|e| input(format!("{}: {}", e.code(), e.message())))?
        .issued_at(!args.no_iat)
        .jwt_id(args.jti);
    if let Some(exp) = &args.exp {
        signer = signer.expires_in(duration("--exp", exp)?);
    }
    if let Some(nbf) = &args.nbf {
        signer = signer.not_before(duration("--nbf", nbf)?);
    }
    let (has_iss, has_sub) = (args.iss.is_some(), args.sub.is_some());
    if let Some(iss) = args.iss {
        signer = signer.issuer(iss);
    }
    if let Some(sub) = args.sub {
        signer = signer.subject(sub);
    }
    if !args.aud.is_empty() {
        signer = signer.audience(&args.aud);
    }
    // Options win over the same claims from --claims-file or --claim (the core's Signer keeps callers' claims).
    for (name, given) in [
        ("exp", args.exp.is_some()),
        ("nbf", args.nbf.is_some()),
        ("iss", has_iss),
        ("sub", has_sub),
        ("aud", !args.aud.is_empty()),
    ] {
        if given {
            claims.retain(|(n, _)| n != name);
        }
    }
    let token = signer
        .sign_json(&object_text(&claims), Some(now))
        .map_err(|e| input(format!("{}: {}", e.code(), e.message())))?;
    write_out(io, &format!("{token}\n"))
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The token; `-` or nothing reads it from stdin.
    token: Option<String>,
    /// The verification key: PEM, DER, certificate, JWK, or for HS* the secret file.
    #[arg(long, conflicts_with = "jwks", required_unless_present = "jwks")]
    key: Option<String>,
    /// A JWK set: a file, or an http(s) URL to fetch; the token's kid picks the key.
    #[arg(long)]
    jwks: Option<String>,
    /// An allowed algorithm (repeatable; at least one).
    #[arg(long = "alg", required = true)]
    algs: Vec<String>,
    /// An accepted audience (repeatable); makes `aud` required.
    #[arg(long)]
    aud: Vec<String>,
    /// An accepted issuer (repeatable); makes `iss` required.
    #[arg(long)]
    iss: Vec<String>,
    /// The required subject.
    #[arg(long)]
    sub: Option<String>,
    /// Seconds of clock skew to tolerate.
    #[arg(long, default_value_t = 0.0)]
    leeway: f64,
    /// The oldest `iat` accepted: 90s, 15m, 1h.
    #[arg(long)]
    max_age: Option<String>,
    /// The required header `typ`.
    #[arg(long)]
    typ: Option<String>,
    /// A claim that must be present (repeatable).
    #[arg(long = "require")]
    required: Vec<String>,
    /// The time to verify at: seconds since the epoch or YYYY-MM-DDTHH:MM:SSZ (default: now).
    #[arg(long)]
    now: Option<String>,
    /// Print machine-readable JSON.
    #[arg(long)]
    json: bool,
}

pub fn verify(args: VerifyArgs, io: &mut Io<'_>, style: Style) -> Result<i32> {
    let algs = args
        .algs
        .iter()
        .map(|a| parse_algorithm(a))
        .collect::<Result<Vec<_>>>()?;
    let now = now_or(args.now.as_deref())?;
    if !args.leeway.is_finite() || args.leeway < 0.0 {
        return Err(input("--leeway must be a non-negative number of seconds"));
    }
    let mut validation = Validation::new(&algs)
        .now(now)
        .leeway(Duration::from_secs_f64(args.leeway));
    if !args.aud.is_empty() {
        validation = validation.audience(&args.aud);
    }
    if !args.iss.is_empty() {
        validation = validation.issuer(&args.iss);
    }
    if let Some(sub) = &args.sub {
        validation = validation.subject(sub.clone());
    }
    if let Some(max_age) = &args.max_age {
        let secs = time::parse_duration(max_age)
            .ok_or_else(|| input(format!("--max-age {max_age:?} is not a duration")))?;
        validation = validation.max_age(Duration::from_secs(secs));
    }
    if let Some(typ) = &args.typ {
        validation = validation.typ(typ.clone());
    }
    if !args.required.is_empty() {
        validation = validation.required(&args.required);
    }
    let text = read_token(args.token, io)?;
    let secret_allowed = algs.iter().any(|a| a.family() == Family::Hmac);
    let (key, set);
    let keys = match (&args.key, &args.jwks) {
        (Some(path), _) => {
            key = load_key(path, secret_allowed, io)?;
            Keys::One(&key)
        }
        (None, Some(url)) if url.starts_with("http://") || url.starts_with("https://") => {
            let remote = jetwt::RemoteKeySet::new(url, jetwt::RemoteOptions::default())
                .map_err(|e| key_error(url, &e))?;
            return report(remote.verify(&text, &validation), args.json, io, style);
        }
        (None, Some(path)) => {
            let data = read_file(path, io)?;
            let text = String::from_utf8(data)
                .map_err(|_| input(format!("{path}: a JWK set is UTF-8 JSON")))?;
            set = KeySet::from_jwks(&text).map_err(|e| key_error(path, &e))?;
            Keys::Set(&set)
        }
        (None, None) => return Err(input("give --key FILE or --jwks FILE")),
    };
    report(
        jetwt::verify(&text, keys, &validation),
        args.json,
        io,
        style,
    )
}

fn report(
    result: jetwt::Result<jetwt::Token<'_>>,
    json_out: bool,
    io: &mut Io<'_>,
    style: Style,
) -> Result<i32> {
    match result {
        Ok(token) => {
            let claims = token.claims_object().map_err(|e| invalid(&e))?;
            if json_out {
                let mut out = String::from("{\"valid\":true,\"header\":");
                Value::Object(token.header_object().map_err(|e| invalid(&e))?).write_json(&mut out);
                out.push_str(",\"claims\":");
                Value::Object(claims).write_json(&mut out);
                out.push_str("}\n");
                write_out(io, &out)
            } else {
                write_out(
                    io,
                    &format!(
                        "{}\n{}\n",
                        style.good("valid"),
                        pretty(&Value::Object(claims), style)
                    ),
                )
            }
        }
        Err(err) if json_out => {
            let mut out = String::from("{\"valid\":false,\"code\":");
            json::write_string(&mut out, err.code());
            out.push_str(",\"message\":");
            json::write_string(&mut out, err.message());
            out.push_str("}\n");
            write_out(io, &out)?;
            Ok(1)
        }
        Err(err) => Err(invalid(&err)),
    }
}

#[derive(Debug, clap::Args)]
pub struct KeygenArgs {
    /// The algorithm the key is for, e.g. RS256, ES256, ES256K, EdDSA, HS256.
    alg: String,
    /// Write JWKs.
    #[arg(long, conflicts_with = "pem")]
    jwk: bool,
    /// Write PEM (PKCS#8 private, SPKI public); the default for key pairs.
    #[arg(long)]
    pem: bool,
    /// Write PREFIX.pem and PREFIX.pub.pem (or .jwk and .pub.jwk) instead of printing.
    #[arg(long)]
    out: Option<String>,
    /// RSA modulus size: 2048 (the default), 3072, 4096 or 8192.
    #[arg(long)]
    bits: Option<usize>,
    /// A key id to put in JWKs.
    #[arg(long, conflicts_with = "kid_thumbprint")]
    kid: Option<String>,
    /// Use the RFC 7638 thumbprint as the key id.
    #[arg(long)]
    kid_thumbprint: bool,
}

pub fn keygen(args: KeygenArgs, io: &mut Io<'_>) -> Result<i32> {
    let alg = parse_algorithm(&args.alg)?;
    let fail = |e: jetwt::Error| input(format!("{}: {}", e.code(), e.message()));
    let mut key = match args.bits {
        Some(bits) => Key::generate_rsa(alg, bits),
        None => Key::generate(alg),
    }
    .map_err(fail)?;
    let hmac = alg.family() == Family::Hmac;
    if hmac && args.pem {
        return Err(input("HMAC secrets have no PEM form; use --jwk"));
    }
    if let Some(kid) = &args.kid {
        key = key.with_kid(kid.clone());
    } else if args.kid_thumbprint && !hmac {
        key = key.with_thumbprint_kid().map_err(fail)?;
    }
    let as_jwk = args.jwk || hmac;
    let (private, public) = if as_jwk {
        (
            key.to_jwk(true).map_err(fail)? + "\n",
            if hmac {
                None
            } else {
                Some(key.to_jwk(false).map_err(fail)? + "\n")
            },
        )
    } else {
        (
            key.to_pem().map_err(fail)?,
            Some(
                key.public_key()
                    .map(|p| p.to_pem())
                    .transpose()
                    .map_err(fail)?
                    .unwrap_or_default(),
            ),
        )
    };
    let ext = if as_jwk { "jwk" } else { "pem" };
    match &args.out {
        None => {
            write_out(io, &private)?;
            if let Some(public) = public {
                write_out(io, &public)?;
            }
            Ok(0)
        }
        Some(prefix) => {
            let private_path = format!("{prefix}.{ext}");
            write_private(&private_path, &private)?;
            let mut note = format!("wrote {private_path} (private");
            if let Some(public) = public {
                let public_path = format!("{prefix}.pub.{ext}");
                std::fs::write(&public_path, public)
                    .map_err(|e| input(format!("cannot write {public_path}: {e}")))?;
                note.push_str(&format!(") and {public_path} (public"));
            }
            note.push_str(")\n");
            write_out(io, &note)
        }
    }
}

fn write_private(path: &str, text: &str) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .map_err(|e| input(format!("cannot write {path}: {e}")))?;
    file.write_all(text.as_bytes())
        .map_err(|e| input(format!("cannot write {path}: {e}")))
}
