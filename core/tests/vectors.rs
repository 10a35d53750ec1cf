//! Runs the shared vectors in tests/vectors/ (the same files pytest and node:test run) and asserts that every
//! case of the manifest ran.

use std::collections::HashMap;
use std::time::Duration;

use jetwt::{Algorithm, Error, Key, KeySet, Keys, Limits, Validation};
use serde_json::{Map, Value};

fn vectors_dir() -> String {
    format!("{}/../tests/vectors", env!("CARGO_MANIFEST_DIR"))
}

fn read_json(name: &str) -> Value {
    let path = format!("{}/{name}", vectors_dir());
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

enum Loaded {
    Key(Key),
    Set(KeySet),
}

impl Loaded {
    fn keys(&self) -> Keys<'_> {
        match self {
            Loaded::Key(key) => Keys::One(key),
            Loaded::Set(set) => Keys::Set(set),
        }
    }
}

fn load(spec: &Value) -> Result<Loaded, Error> {
    let value = &spec["value"];
    let text = || value.as_str().expect("string key value");
    let b64 = || jetwt::base64url::decode(text().as_bytes()).expect("base64url key value");
    Ok(match spec["kind"].as_str().expect("kind") {
        "secret" => Loaded::Key(Key::from_secret(text().as_bytes())?),
        "secret_b64" => Loaded::Key(Key::from_secret(&b64())?),
        "pem" => Loaded::Key(Key::from_pem(text().as_bytes())?),
        "der_b64" => Loaded::Key(Key::from_der(&b64())?),
        "jwk" => Loaded::Key(Key::from_jwk(&value.to_string())?),
        "jwks" => Loaded::Set(KeySet::from_jwks(&value.to_string())?),
        other => panic!("unknown key kind {other}"),
    })
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().expect("string").to_owned())
            .collect(),
        other => panic!("expected a string or list, got {other}"),
    }
}

fn seconds(value: &Value) -> Duration {
    Duration::from_secs_f64(value.as_f64().expect("seconds"))
}

fn count(value: &Value) -> usize {
    usize::try_from(value.as_u64().expect("a count")).expect("a count that fits")
}

fn validation(options: &Map<String, Value>, now: f64) -> Result<Validation, Error> {
    let algorithms = strings(&options["algorithms"])
        .iter()
        .map(|name| name.parse::<Algorithm>())
        .collect::<Result<Vec<_>, _>>()?;
    let mut v = Validation::new(&algorithms).now(now);
    for (name, value) in options {
        v = match name.as_str() {
            "algorithms" | "complete" => v,
            "audience" => v.audience(&strings(value)),
            "issuer" => v.issuer(&strings(value)),
            "subject" => v.subject(value.as_str().expect("subject")),
            "leeway" => v.leeway(seconds(value)),
            "max_age" => v.max_age(seconds(value)),
            "required" => v.required(&strings(value)),
            "typ" => v.typ(value.as_str().expect("typ")),
            "max_token_bytes" => {
                let limits = Limits {
                    max_token_bytes: count(value),
                    ..v.current_limits()
                };
                v.limits(limits)
            }
            "max_depth" => {
                let limits = Limits {
                    max_depth: count(value),
                    ..v.current_limits()
                };
                v.limits(limits)
            }
            other => panic!("unknown option {other}"),
        };
    }
    Ok(v)
}

/// JSON equality where numbers compare by value (1 == 1.0), as Python and JavaScript see them.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64() || x.to_string() == y.to_string(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Big integers compare by their text, since serde_json without arbitrary precision cannot hold them.
fn parse_exact(bytes: &[u8]) -> Value {
    jetwt::json::parse(bytes, 128).expect("parses").to_serde()
}

struct Runner {
    keys: Map<String, Value>,
    loaded: HashMap<String, Result<Loaded, Error>>,
}

impl Runner {
    fn key(&mut self, case: &Value, member: &str) -> Result<&Loaded, Error> {
        if let Some(spec) = case.get("key_spec") {
            let name = format!("inline:{}", case["id"]);
            let loaded = self.loaded.entry(name).or_insert_with(|| load(spec));
            return loaded.as_ref().map_err(Clone::clone);
        }
        let name = case[member].as_str().expect("key name").to_owned();
        let spec = self
            .keys
            .get(&name)
            .unwrap_or_else(|| panic!("no key {name}"))
            .clone();
        self.loaded
            .entry(name)
            .or_insert_with(|| load(&spec))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Runs one case, returning what happened as the same shape as `expect`.
    fn run(&mut self, case: &Value) -> Value {
        let result = match case.get("op").and_then(Value::as_str).unwrap_or("verify") {
            "verify" => self.verify(case),
            "decode" => decode(case),
            "encode" => self.encode(case),
            "key" => key_case(case),
            other => panic!("unknown op {other}"),
        };
        result.unwrap_or_else(|e| {
            let mut out = serde_json::json!({ "error": e.code() });
            if let (jetwt::ErrorKind::MissingClaim, Some(claim)) = (e.kind(), e.claim()) {
                out["claim"] = Value::String(claim.to_owned());
            }
            out
        })
    }

    fn verify(&mut self, case: &Value) -> Result<Value, Error> {
        let options = case["options"].as_object().expect("options").clone();
        let validation = validation(&options, case["now"].as_f64().expect("now"))?;
        let token = case["token"].as_str().expect("token");
        let loaded = self.key(case, "key")?;
        let verified = jetwt::verify(token, loaded.keys(), &validation)?;
        let mut out = serde_json::json!({ "claims": parse_exact(verified.payload_bytes()) });
        if options.get("complete") == Some(&Value::Bool(true)) {
            out["header"] = parse_exact(verified.header_bytes());
        }
        Ok(out)
    }

    fn encode(&mut self, case: &Value) -> Result<Value, Error> {
        let alg: Algorithm = case["algorithm"].as_str().expect("algorithm").parse()?;
        let headers = case
            .get("headers")
            .filter(|h| !h.is_null())
            .map(Value::to_string);
        let claims = serde_json::to_string(&case["claims"]).expect("claims");
        let token = {
            let Loaded::Key(key) = self.key(case, "key")? else {
                panic!("encode needs a key")
            };
            jetwt::encode_json(&claims, key, alg, headers.as_deref())?
        };
        let options = case["options"].as_object().expect("options").clone();
        let validation = validation(&options, case["now"].as_f64().expect("now"))?;
        let loaded = self.key(case, "verify_key")?;
        let verified = jetwt::verify(&token, loaded.keys(), &validation)?;
        Ok(serde_json::json!({
            "claims": parse_exact(verified.payload_bytes()),
            "header": parse_exact(verified.header_bytes()),
        }))
    }
}

fn decode(case: &Value) -> Result<Value, Error> {
    let token = jetwt::decode(case["token"].as_str().expect("token"))?;
    Ok(serde_json::json!({
        "header": parse_exact(token.header_bytes()),
        "claims": parse_exact(token.payload_bytes()),
        "signature_len": token.signature().len(),
    }))
}

fn key_case(case: &Value) -> Result<Value, Error> {
    Ok(match load(&case["key_spec"])? {
        Loaded::Set(_) => serde_json::json!({ "ok": true }),
        Loaded::Key(key) => serde_json::json!({
            "ok": true,
            "family": match key.family() {
                jetwt::Family::Hmac => "hmac",
                jetwt::Family::Rsa => "rsa",
                jetwt::Family::Ec(_) => "ec",
                jetwt::Family::Ed25519 => "ed25519",
            },
            "is_private": key.is_private(),
        }),
    })
}

#[test]
fn shared_vectors() {
    let manifest = read_json("manifest.json");
    let keys = read_json("keys.json")["keys"]
        .as_object()
        .expect("keys")
        .clone();
    let mut runner = Runner {
        keys,
        loaded: HashMap::new(),
    };
    let (mut ran, mut failures) = (0usize, Vec::new());
    for file in manifest["files"].as_array().expect("files") {
        let file = file.as_str().expect("file name");
        let suite = read_json(file);
        for group in suite["groups"].as_array().expect("groups") {
            for case in group["cases"].as_array().expect("cases") {
                ran += 1;
                let got = runner.run(case);
                if !same(&got, &case["expect"]) {
                    failures.push(format!(
                        "{file} #{} ({}): expected {}, got {}",
                        case["id"],
                        case["comment"].as_str().unwrap_or(""),
                        case["expect"],
                        got
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        ran as u64,
        manifest["total"].as_u64().expect("total"),
        "cases run vs manifest total"
    );
    println!("shared vectors: {ran} cases passed");
}
