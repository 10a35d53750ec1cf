//! # jetwt
//!
//! Signed JSON Web Tokens (JWS compact serialization, RFC 7515/7519) done strictly and fast: the one
//! implementation behind the `jetwt` Python and Node packages.
//!
//! ```
//! use jetwt::{Algorithm, Key, Validation};
//!
//! let key = Key::from_secret(b"a secret of at least thirty-two bytes!!")?;
//! let token = jetwt::encode_json(r#"{"sub":"ada","exp":4102444800}"#, &key, Algorithm::HS256, None)?;
//! let verified = jetwt::verify(&token, &key, &Validation::new(&[Algorithm::HS256]).now(1_700_000_000.0))?;
//! assert_eq!(verified.claims_object()?.get("sub").and_then(|v| v.as_str()), Some("ada"));
//! # Ok::<(), jetwt::Error>(())
//! ```
//!
//! - [`verify`] checks structure, the algorithm allow-list, the key's family, the signature and then the claims.
//! - [`decode`] only splits and parses, for inspection; it takes no key.
//! - [`Key`] is parsed once and bound to its algorithm family; [`KeySet`] picks a key by `kid`.
//! - Errors carry a stable [`ErrorKind`] code shared by every runtime.

mod algorithm;
mod b64;
mod cache;
mod claims;
mod decode;
mod der;
mod encode;
mod error;
mod header;
pub mod json;
mod key;
mod keyset;
#[cfg(feature = "remote")]
mod remote;
mod text;
mod validation;

pub use algorithm::{Algorithm, Curve, Family};
pub use cache::{key_cache_len, key_from_bytes_cached, KEY_CACHE_CAPACITY};
pub use claims::{Audience, Registered, REGISTERED as REGISTERED_CLAIMS};
pub use decode::{decode, decode_within, verify, Token};
pub use encode::{dangerous_encode_unsecured, encode, encode_json, header_json, Signer};
pub use error::{Error, ErrorKind, Result};
pub use header::Header;
pub use key::{Key, MIN_RSA_BITS};
pub use keyset::{KeySet, Keys};
#[cfg(feature = "remote")]
pub use remote::{RemoteKeySet, RemoteOptions};
pub use validation::{Limits, Validation};

/// Strict base64url, as tokens use it (exposed for the bindings and tools).
pub mod base64url {
    pub use crate::b64::{decode, encode};
}
