//! Small helpers for messages.

/// At most `max` characters of `s`, with an ellipsis when cut, so that hostile input cannot flood a message.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}
