//! Remote JWK sets: fetched over HTTP(S), cached, refreshed on rotation. One implementation for every
//! runtime, so Python and Node clients behave the same by construction.
//!
//! Policy: the set is cached for `cache_ttl`; a token whose `kid` the set lacks triggers one refetch at most
//! every `cooldown`; callers that miss at the same time share one request; when a fetch fails, the last good
//! set keeps serving until it is older than `max_stale`. Only `http` and `https`; redirects only within the
//! same origin; the body is limited to `max_bytes` and the whole request to `timeout`.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::algorithm::Algorithm;
use crate::decode::Token;
use crate::error::{Error, ErrorKind, Result};
use crate::key::Key;
use crate::keyset::KeySet;
use crate::validation::Validation;

/// How a [`RemoteKeySet`] fetches and caches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteOptions {
    /// How long a fetched set is used before it is fetched again (default 10 min).
    pub cache_ttl: Duration,
    /// The shortest time between two fetches caused by unknown `kid`s (default 30 s).
    pub cooldown: Duration,
    /// The whole request's time limit (default 5 s).
    pub timeout: Duration,
    /// Extra request headers.
    pub headers: Vec<(String, String)>,
    /// The largest response body accepted (default 512 KiB).
    pub max_bytes: u64,
    /// How long the last good set keeps serving while fetches fail (default 1 day).
    pub max_stale: Duration,
}

impl Default for RemoteOptions {
    fn default() -> Self {
        RemoteOptions {
            cache_ttl: Duration::from_secs(600),
            cooldown: Duration::from_secs(30),
            timeout: Duration::from_secs(5),
            headers: Vec::new(),
            max_bytes: 512 * 1024,
            max_stale: Duration::from_secs(86_400),
        }
    }
}

#[derive(Default)]
struct State {
    set: Option<Arc<KeySet>>,
    fetched_at: Option<Instant>,
    last_attempt: Option<Instant>,
    last_error: Option<Error>,
    fetches: u64,
}

/// A JWK set at a URL, fetched on demand and cached. `Send + Sync`; share one per issuer.
pub struct RemoteKeySet {
    url: String,
    origin: String,
    options: RemoteOptions,
    agent: ureq::Agent,
    state: Mutex<State>,
    /// Held while fetching, so that concurrent misses share one request.
    fetching: Mutex<()>,
}

impl std::fmt::Debug for RemoteKeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteKeySet")
            .field("url", &self.url)
            .field("options", &self.options)
            .finish()
    }
}

fn fetch_error(url: &str, what: impl std::fmt::Display) -> Error {
    let what = what.to_string();
    let what = what.trim_end_matches('.');
    Error::new(
        ErrorKind::KeyNotFound,
        format!("The key set at {url} could not be fetched: {what}."),
    )
}

/// RFC 9110 field names are tokens; values must not carry control characters (no header injection).
fn check_headers(headers: &[(String, String)]) -> Result<()> {
    const SEPARATORS: &str = "\"(),/:;<=>?@[\\]{}";
    for (name, value) in headers {
        let name_ok = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_graphic() && !SEPARATORS.contains(b as char));
        let value_ok = value
            .bytes()
            .all(|b| b == b'\t' || (b >= 0x20 && b != 0x7f));
        if !name_ok || !value_ok {
            return Err(Error::invalid_key(format!(
                "The request header {:?} is not a valid HTTP header.",
                crate::text::truncate(name, 40)
            )));
        }
    }
    Ok(())
}

/// `scheme://host[:port]` of an absolute http(s) URL, lower-cased.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let authority = authority.to_ascii_lowercase();
    let authority = authority.strip_suffix(default_port).unwrap_or(&authority);
    Some(format!("{scheme}://{authority}"))
}

impl RemoteKeySet {
    /// A key set at `url` (http or https; no credentials in the URL).
    pub fn new(url: &str, options: RemoteOptions) -> Result<RemoteKeySet> {
        let origin = origin_of(url).ok_or_else(|| {
            Error::invalid_key(format!("A JWK set URL must be an absolute http:// or https:// URL without credentials, not {:?}.", crate::text::truncate(url, 80)))
        })?;
        check_headers(&options.headers)?;
        let tls = ureq::tls::TlsConfig::builder()
            .provider(ureq::tls::TlsProvider::Rustls)
            .unversioned_rustls_crypto_provider(Arc::new(
                rustls::crypto::aws_lc_rs::default_provider(),
            ))
            .build();
        let agent = ureq::Agent::config_builder()
            .tls_config(tls)
            .timeout_global(Some(options.timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .build()
            .new_agent();
        Ok(RemoteKeySet {
            url: url.to_owned(),
            origin,
            options,
            agent,
            state: Mutex::default(),
            fetching: Mutex::new(()),
        })
    }

    /// The URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// How many HTTP fetches have been made (for tests and metrics).
    pub fn fetch_count(&self) -> u64 {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .fetches
    }

    /// The key for a token's `kid` and algorithm, fetching or refreshing the set as the policy allows.
    pub fn select(&self, kid: Option<&str>, alg: Algorithm) -> Result<Key> {
        let set = self.current(false)?;
        match set.select(kid, alg) {
            Ok(key) => Ok(key.clone()),
            Err(err) if err.kind() == ErrorKind::KeyNotFound => {
                // Perhaps the keys were rotated: refetch, unless one was tried within the cooldown.
                match self.current(true) {
                    Ok(fresh) if !Arc::ptr_eq(&fresh, &set) => fresh.select(kid, alg).cloned(),
                    _ => Err(err),
                }
            }
            Err(err) => Err(err),
        }
    }

    /// Verifies `token`'s header and signature with the key this set holds for it.
    pub fn verify_signature(
        &self,
        token: &Token<'_>,
        validation: &Validation,
    ) -> Result<Algorithm> {
        let (alg, kid) = token.checked_header(validation)?;
        let key = self.select(kid.as_deref(), alg)?;
        token.check_signature(&key, alg)?;
        Ok(alg)
    }

    /// Verifies a token completely (signature, then claims), as [`crate::verify`] does with a local key.
    pub fn verify<'t>(&self, token: &'t str, validation: &Validation) -> Result<Token<'t>> {
        let parsed = Token::parse(token, validation.current_limits())?;
        self.verify_signature(&parsed, validation)?;
        parsed.validate_claims(validation)?;
        Ok(parsed)
    }

    /// The set to use now. `miss` asks for a refetch because a `kid` was not found (subject to the cooldown).
    fn current(&self, miss: bool) -> Result<Arc<KeySet>> {
        let observed = {
            let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(set) = self.usable(&state, miss) {
                return Ok(set);
            }
            // With nothing cached, a failure within the cooldown is answered without asking the server again.
            if let (None, Some(err), Some(at)) = (&state.set, &state.last_error, state.last_attempt)
            {
                if at.elapsed() < self.options.cooldown {
                    return Err(err.clone());
                }
            }
            state.last_attempt
        };
        let _fetching = self.fetching.lock().unwrap_or_else(PoisonError::into_inner);
        {
            // Another caller may have fetched while this one waited: share its result.
            let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            if state.last_attempt != observed {
                match (&state.set, &state.last_error) {
                    (Some(set), _)
                        if state.fetched_at == state.last_attempt || self.serves_stale(&state) =>
                    {
                        return Ok(set.clone());
                    }
                    (_, Some(err)) => return Err(err.clone()),
                    _ => {}
                }
            }
        }
        let result = self.fetch();
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        state.last_attempt = Some(now);
        state.fetches += 1;
        match result {
            Ok(set) => {
                let set = Arc::new(set);
                state.set = Some(set.clone());
                state.fetched_at = Some(now);
                state.last_error = None;
                Ok(set)
            }
            Err(err) => {
                state.last_error = Some(err.clone());
                match &state.set {
                    Some(set) if self.serves_stale(&state) => Ok(set.clone()),
                    _ => Err(err),
                }
            }
        }
    }

    /// The cached set if the policy says to use it without fetching.
    fn usable(&self, state: &State, miss: bool) -> Option<Arc<KeySet>> {
        let set = state.set.as_ref()?;
        let fetched_at = state.fetched_at?;
        let recently_tried = state
            .last_attempt
            .is_some_and(|t| t.elapsed() < self.options.cooldown);
        if miss {
            return recently_tried.then(|| set.clone());
        }
        if fetched_at.elapsed() < self.options.cache_ttl {
            return Some(set.clone());
        }
        // Expired: a recent *failed* attempt means serve the stale set for now rather than hammer the server.
        (recently_tried && state.last_error.is_some() && self.serves_stale(state))
            .then(|| set.clone())
    }

    fn serves_stale(&self, state: &State) -> bool {
        state
            .fetched_at
            .is_some_and(|t| t.elapsed() < self.options.max_stale)
    }

    fn transport_error(&self, err: ureq::Error) -> Error {
        match err {
            ureq::Error::Timeout(_) => fetch_error(
                &self.url,
                format!("no answer within {:?}", self.options.timeout),
            ),
            other => fetch_error(&self.url, other),
        }
    }

    fn fetch(&self) -> Result<KeySet> {
        let mut url = self.url.clone();
        for _ in 0..4 {
            let mut request = self
                .agent
                .get(&url)
                .header("Accept", "application/jwk-set+json, application/json");
            for (name, value) in &self.options.headers {
                request = request.header(name.as_str(), value.as_str());
            }
            let mut response = request.call().map_err(|e| self.transport_error(e))?;
            let status = response.status().as_u16();
            if (300..400).contains(&status) {
                let location = response
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| {
                        fetch_error(&self.url, format!("HTTP {status} without a Location"))
                    })?;
                let next = if location.starts_with('/') {
                    format!("{}{location}", self.origin)
                } else {
                    location.to_owned()
                };
                if origin_of(&next).as_deref() != Some(self.origin.as_str()) {
                    return Err(fetch_error(
                        &self.url,
                        format!(
                            "it redirects to another origin ({})",
                            crate::text::truncate(&next, 80)
                        ),
                    ));
                }
                url = next;
                continue;
            }
            if status != 200 {
                return Err(fetch_error(&self.url, format!("HTTP {status}")));
            }
            let body = response
                .body_mut()
                .with_config()
                .limit(self.options.max_bytes)
                .read_to_string()
                .map_err(|e| match e {
                    ureq::Error::BodyExceedsLimit(_) => fetch_error(
                        &self.url,
                        format!(
                            "the response is larger than {} bytes",
                            self.options.max_bytes
                        ),
                    ),
                    other => self.transport_error(other),
                })?;
            return KeySet::from_jwks(&body).map_err(|e| fetch_error(&self.url, e.message()));
        }
        Err(fetch_error(&self.url, "too many redirects"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert_eq!(
            origin_of("https://Auth.Example:443/jwks").as_deref(),
            Some("https://auth.example")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080/x?y").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(origin_of("ftp://example/jwks"), None);
        assert_eq!(origin_of("https://user:pw@example/jwks"), None);
        assert_eq!(origin_of("/relative"), None);
        assert_eq!(
            RemoteKeySet::new("file:///etc/passwd", RemoteOptions::default())
                .unwrap_err()
                .code(),
            "invalid_key"
        );
    }
}
