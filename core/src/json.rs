//! A strict JSON parser (RFC 8259) into a borrowed tree, and the escaping used when writing JSON.
//!
//! Stricter than most: duplicate member names, lone surrogates, a byte-order mark, `NaN`/`Infinity`,
//! leading zeros and nesting beyond a limit are all errors. Strings without escapes borrow from the
//! input, so a typical payload costs one allocation per object or array. The bindings walk the tree to
//! build their own objects, with no detour through `serde_json::Value`.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::error::{Error, Result};
use crate::validation::Limits;

/// A parsed JSON value borrowing from its input.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Number(Number<'a>),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    Object(Object<'a>),
}

/// A JSON number, kept as its exact text so that big integers lose nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number<'a>(&'a str);

impl<'a> Number<'a> {
    /// The number exactly as written.
    pub fn as_str(&self) -> &'a str {
        self.0
    }

    /// Whether it was written without fraction or exponent.
    pub fn is_integer(&self) -> bool {
        !self.0.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'))
    }

    /// The value as `i64`, if it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        if self.is_integer() {
            self.0.parse().ok()
        } else {
            None
        }
    }

    /// The nearest `f64`; infinite when the number is out of range (`1e400`).
    pub fn as_f64(&self) -> f64 {
        // Integers that fit in 15 digits are exact in an f64 and parse far faster as integers.
        let digits = self.0.strip_prefix('-').unwrap_or(self.0);
        if digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit()) {
            let magnitude = digits
                .bytes()
                .fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'))
                as f64;
            return if digits.len() == self.0.len() {
                magnitude
            } else {
                -magnitude
            };
        }
        // The grammar was checked while parsing, and Rust's float grammar is a superset of JSON's.
        self.0.parse().unwrap_or(f64::NAN)
    }
}

/// A JSON object: its members in document order, names unique.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object<'a> {
    members: Vec<(Cow<'a, str>, Value<'a>)>,
}

impl<'a> Object<'a> {
    /// The value of member `name`.
    pub fn get(&self, name: &str) -> Option<&Value<'a>> {
        self.members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Whether member `name` is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The members in document order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &Value<'a>)> {
        self.members.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// How many members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

impl Value<'_> {
    /// A short name of the JSON type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Appends the value as compact JSON text.
    pub fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n.as_str()),
            Value::String(s) => write_string(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Value::Object(obj) => {
                out.push('{');
                for (i, (name, value)) in obj.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(out, name);
                    out.push(':');
                    value.write_json(out);
                }
                out.push('}');
            }
        }
    }

    /// Converts to a `serde_json::Value` (for Rust callers who want one; the bindings never do).
    pub fn to_serde(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => {
                let parsed = if n.is_integer() {
                    n.0.parse::<i64>()
                        .map(serde_json::Number::from)
                        .or_else(|_| n.0.parse::<u64>().map(serde_json::Number::from))
                        .ok()
                } else {
                    None
                };
                parsed
                    .or_else(|| serde_json::Number::from_f64(n.as_f64()))
                    .map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_serde).collect())
            }
            Value::Object(obj) => serde_json::Value::Object(
                obj.iter()
                    .map(|(k, v)| (k.to_owned(), v.to_serde()))
                    .collect(),
            ),
        }
    }
}

/// Parses `input` as one strict JSON value nested at most `max_depth` deep (capped at [`Limits::MAX_DEPTH`]).
pub fn parse(input: &[u8], max_depth: usize) -> Result<Value<'_>> {
    let mut parser = Parser::new(input, max_depth)?;
    let value = parser.value(0)?;
    parser.end()?;
    Ok(value)
}

/// Parses `input` and requires a JSON object; `what` names it in messages ("header", "claims").
pub fn parse_object<'a>(input: &'a [u8], max_depth: usize, what: &str) -> Result<Object<'a>> {
    match parse(input, max_depth).map_err(|e| not_valid(what, e))? {
        Value::Object(obj) => Ok(obj),
        other => Err(not_an_object(what, &other)),
    }
}

fn not_valid(what: &str, error: Error) -> Error {
    Error::malformed(format!("The {what} is not valid JSON: {error}"))
}

fn not_an_object(what: &str, value: &Value<'_>) -> Error {
    Error::malformed(format!(
        "The {what} must be a JSON object, not {}.",
        value.type_name()
    ))
}

/// Checks `input` as strictly as [`parse_object`] does (grammar, UTF-8, duplicate names, depth) without building
/// a tree, handing each member to `visit` in document order. Scalars come whole; a nested array or object comes
/// whole only when `expand(name)` asks for it, and otherwise is checked and handed over as an empty one of its
/// type. The whole text is checked first; then the first error `visit` returned, if any, is returned.
pub(crate) fn visit_object<'a>(
    input: &'a [u8],
    max_depth: usize,
    what: &str,
    expand: impl Fn(&str) -> bool,
    mut visit: impl FnMut(&str, Value<'a>) -> Result<()>,
) -> Result<()> {
    let mut parser = Parser::new(input, max_depth).map_err(|e| not_valid(what, e))?;
    if parser.peek() != Some(b'{') {
        let value = parser
            .value(0)
            .and_then(|value| parser.end().map(|()| value))
            .map_err(|e| not_valid(what, e))?;
        return Err(not_an_object(what, &value));
    }
    let mut first_error = None;
    parser
        .members(1, |p, name| {
            let value = if expand(&name) {
                p.value(1)?
            } else {
                p.skip_value(1)?
            };
            if first_error.is_none() {
                first_error = visit(&name, value).err();
            }
            Ok(())
        })
        .and_then(|()| parser.end())
        .map_err(|e| not_valid(what, e))?;
    first_error.map_or(Ok(()), Err)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    max_depth: usize,
}

/// The bytes that end the fast scan of a string: the closing quote, a backslash, a control character.
static STRING_STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        stops[b] = true;
        b += 1;
    }
    stops[b'"' as usize] = true;
    stops[b'\\' as usize] = true;
    stops
};

/// String equality, compared byte by byte for the short names JSON objects have (no call to `memcmp`).
pub(crate) fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    if a.len() > 16 {
        return a == b;
    }
    a.iter().zip(b).all(|(x, y)| x == y)
}

/// The member names of one object, to refuse duplicates: a linear scan over the first few, a hash set after (or
/// from the first name written with escapes, which the input does not hold as written). Kept small (8 borrowed
/// names, ~180 bytes, nothing to drop): every nesting level of an object holds one on the stack.
struct Names<'a> {
    few: [&'a str; 8],
    len: usize,
    many: Option<HashSet<Cow<'a, str>>>,
}

impl<'a> Names<'a> {
    fn new() -> Self {
        Names {
            few: [""; 8],
            len: 0,
            many: None,
        }
    }

    /// Adds `name`; false if it was there already.
    #[allow(clippy::ptr_arg)] // whether the name borrows from the input decides where it is kept
    fn insert(&mut self, name: &Cow<'a, str>) -> bool {
        if self.many.is_none() {
            if let Cow::Borrowed(name) = name {
                if self.few[..self.len].iter().any(|k| same(k, name)) {
                    return false;
                }
                if self.len < self.few.len() {
                    self.few[self.len] = name;
                    self.len += 1;
                    return true;
                }
            }
        }
        let few = &self.few[..self.len];
        self.many
            .get_or_insert_with(|| few.iter().map(|k| Cow::Borrowed(*k)).collect())
            .insert(name.clone())
    }
}

impl<'a> Parser<'a> {
    /// A parser at the first non-blank character of `input`, which must be UTF-8 without a byte-order mark.
    fn new(input: &'a [u8], max_depth: usize) -> Result<Parser<'a>> {
        if input.starts_with(b"\xEF\xBB\xBF") {
            return Err(Error::malformed(
                "The JSON text starts with a byte-order mark, which is not allowed.",
            ));
        }
        let text = std::str::from_utf8(input).map_err(|e| {
            Error::malformed(format!(
                "The JSON text is not valid UTF-8 (byte {}).",
                e.valid_up_to()
            ))
        })?;
        let mut parser = Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            max_depth: max_depth.min(Limits::MAX_DEPTH),
        };
        parser.skip_ws();
        Ok(parser)
    }

    /// Requires that only blanks follow the value just read.
    fn end(&mut self) -> Result<()> {
        self.skip_ws();
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(self.error("unexpected text after the JSON value"))
        }
    }

    fn error(&self, what: &str) -> Error {
        Error::malformed(format!("{what} at byte {}.", self.pos))
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect_literal(&mut self, literal: &str) -> Result<()> {
        if self.bytes[self.pos..].starts_with(literal.as_bytes()) {
            self.pos += literal.len();
            Ok(())
        } else {
            Err(self.error("invalid literal"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>> {
        match self.peek() {
            None => Err(self.error("unexpected end of JSON")),
            Some(b'{') => self.object(depth + 1).map(Value::Object),
            Some(b'[') => self.array(depth + 1).map(Value::Array),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.expect_literal("true").map(|()| Value::Bool(true)),
            Some(b'f') => self.expect_literal("false").map(|()| Value::Bool(false)),
            Some(b'n') => self.expect_literal("null").map(|()| Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            Some(_) => Err(self.error("unexpected character")),
        }
    }

    /// Like [`Parser::value`], checking an array or object without keeping it: it comes back empty.
    fn skip_value(&mut self, depth: usize) -> Result<Value<'a>> {
        match self.peek() {
            Some(b'{') => {
                let depth = depth + 1;
                self.members(depth, |p, _| p.skip_value(depth).map(drop))?;
                Ok(Value::Object(Object::default()))
            }
            Some(b'[') => {
                let depth = depth + 1;
                self.items(depth, |p| p.skip_value(depth).map(drop))?;
                Ok(Value::Array(Vec::new()))
            }
            _ => self.value(depth),
        }
    }

    fn enter(&self, depth: usize) -> Result<()> {
        if depth > self.max_depth {
            Err(Error::malformed(format!(
                "The JSON nests deeper than the limit of {} levels.",
                self.max_depth
            )))
        } else {
            Ok(())
        }
    }

    fn object(&mut self, depth: usize) -> Result<Object<'a>> {
        let mut members = Vec::with_capacity(8);
        self.members(depth, |p, name| {
            members.push((name, p.value(depth)?));
            Ok(())
        })?;
        Ok(Object { members })
    }

    /// Reads an object at nesting `depth`: `member` reads each value, given the (unique) member name.
    fn members(
        &mut self,
        depth: usize,
        mut member: impl FnMut(&mut Self, Cow<'a, str>) -> Result<()>,
    ) -> Result<()> {
        self.enter(depth)?;
        self.pos += 1; // '{'
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        let mut names = Names::new();
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a member name"));
            }
            let name_at = self.pos;
            let name = self.string()?;
            if !names.insert(&name) {
                self.pos = name_at;
                return Err(self.error(&format!(
                    "duplicate member name \"{}\"",
                    crate::text::truncate(&name, 40)
                )));
            }
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error("expected ':'"));
            }
            self.pos += 1;
            self.skip_ws();
            member(self, name)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Vec<Value<'a>>> {
        let mut items = Vec::new();
        self.items(depth, |p| {
            items.push(p.value(depth)?);
            Ok(())
        })?;
        Ok(items)
    }

    /// Reads an array at nesting `depth`: `item` reads each value.
    fn items(&mut self, depth: usize, mut item: impl FnMut(&mut Self) -> Result<()>) -> Result<()> {
        self.enter(depth)?;
        self.pos += 1; // '['
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Number<'a>> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error("number with a leading zero"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error("invalid number: a digit must follow '.'"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("invalid number: a digit must follow the exponent"));
            }
        }
        Ok(Number(&self.text[start..self.pos]))
    }

    #[inline]
    fn string(&mut self) -> Result<Cow<'a, str>> {
        self.pos += 1; // opening quote
        let start = self.pos;
        // Fast path, inlined where strings are read: no escapes, borrowed from the input.
        let special = self.bytes[start..]
            .iter()
            .position(|&b| STRING_STOPS[usize::from(b)]);
        if let Some(i) = special {
            if self.bytes[start + i] == b'"' {
                self.pos = start + i + 1;
                return Ok(Cow::Borrowed(&self.text[start..start + i]));
            }
        }
        self.string_slow(start, special)
    }

    /// The rest of [`Parser::string`]: escapes (unescaped into a new string) and errors.
    #[cold]
    fn string_slow(&mut self, start: usize, special: Option<usize>) -> Result<Cow<'a, str>> {
        match special {
            None => {
                self.pos = self.bytes.len();
                return Err(self.error("unterminated string"));
            }
            Some(i) => {
                self.pos = start + i;
                if self.bytes[self.pos] != b'\\' {
                    return Err(self.error("control character in a string"));
                }
            }
        }
        let mut out = String::with_capacity(self.pos - start + 16);
        out.push_str(&self.text[start..self.pos]);
        loop {
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        _ => return Err(self.error("invalid escape")),
                    };
                    self.pos += 1;
                    out.push(escaped);
                }
                Some(0..=0x1f) => return Err(self.error("control character in a string")),
                Some(_) => {
                    let run = self.pos;
                    while let Some(b) = self.peek() {
                        if STRING_STOPS[usize::from(b)] {
                            break;
                        }
                        self.pos += 1;
                    }
                    out.push_str(&self.text[run..self.pos]);
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32> {
        if self.bytes.len() < self.pos + 4 {
            return Err(self.error("truncated \\u escape"));
        }
        let value =
            hex4(&self.bytes[self.pos..]).ok_or_else(|| self.error("invalid \\u escape"))?;
        self.pos += 4;
        Ok(value)
    }

    fn unicode_escape(&mut self) -> Result<char> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.bytes[self.pos..].starts_with(b"\\u") {
                    return Err(self.error("lone surrogate in a \\u escape"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("lone surrogate in a \\u escape"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("lone surrogate in a \\u escape")),
            other => other,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))
    }
}

/// The UTF-16 unit of the four hex digits at the start of `digits`, if they are four hex digits.
fn hex4(digits: &[u8]) -> Option<u32> {
    digits.get(..4)?.iter().try_fold(0u32, |value, &d| {
        Some(value * 16 + (d as char).to_digit(16)?)
    })
}

/// The byte offset of the first `\\u` escape in JSON text that is a lone surrogate (by the rule
/// `Parser::unicode_escape` applies: a high surrogate must be followed at once by a low one), without parsing the
/// text. Backslashes occur only in strings, so the escapes are read in order without tracking strings.
pub(crate) fn lone_surrogate_escape(text: &[u8]) -> Option<usize> {
    let unit = |at: usize| text.get(at..)?.strip_prefix(b"\\u").and_then(hex4);
    let mut from = 0;
    while let Some(found) = text
        .get(from..)
        .and_then(|rest| memchr::memchr(b'\\', rest))
    {
        let at = from + found;
        from = at + 2; // `\\x`, or the start of `\\uXXXX`
        match unit(at) {
            Some(0xD800..=0xDBFF) if matches!(unit(at + 6), Some(0xDC00..=0xDFFF)) => {
                from = at + 12
            }
            Some(0xD800..=0xDFFF) => return Some(at),
            _ => {}
        }
    }
    None
}

/// Appends `s` to `out` as a JSON string literal, escaped as `JSON.stringify` does.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        if escape.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Value<'_> {
        parse(s.as_bytes(), 64).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn bad(s: &[u8]) -> String {
        let err = parse(s, 64).expect_err(&String::from_utf8_lossy(s));
        assert_eq!(err.code(), "malformed");
        err.to_string()
    }

    #[test]
    fn accepts_json() {
        let v = ok(
            r#" {"a": [1, -0.5e+3, "x\u00e9\ud83d\ude00\n", true, false, null, {}], "b": {"c": []}} "#,
        );
        let Value::Object(obj) = v else { panic!() };
        let Some(Value::Array(items)) = obj.get("a") else {
            panic!()
        };
        assert_eq!(items[1], Value::Number(Number("-0.5e+3")));
        assert_eq!(items[2].as_str(), Some("xé😀\n"));
        assert_eq!(obj.len(), 2);
    }

    #[test]
    fn rejects_what_lax_parsers_accept() {
        for s in [
            &b"NaN"[..],
            b"Infinity",
            b"-Infinity",
            b"01",
            b"1.",
            b".5",
            b"+1",
            b"1e",
            b"{\"a\":1,}",
            b"[1,]",
            b"{'a':1}",
            b"{\"a\":1}x",
            b"\"\\ud800\"",
            b"\"\\udc00\"",
            b"\"\\ud800\\u0041\"",
            b"\"a\tb\"",
            b"\"\\x\"",
            b"\xEF\xBB\xBF{}",
            b"{\"a\":\"\xff\"}",
            b"\x0c{}",
            b"",
            b"tru",
        ] {
            bad(s);
        }
    }

    #[test]
    fn rejects_duplicate_members_small_and_large() {
        assert!(bad(br#"{"a":1,"a":2}"#).contains("duplicate member name \"a\""));
        assert!(bad(br#"{"a":1,"\u0061":2}"#).contains("duplicate"));
        assert!(bad(br#"{"\u0061":1,"a":2}"#).contains("duplicate"));
        assert!(bad(br#"{"b":0,"\u0061":1,"c":2,"a":3}"#).contains("duplicate member name \"a\""));
        let mut big: String = (0..40).map(|i| format!("\"k{i}\":{i},")).collect();
        big.insert(0, '{');
        big.push_str("\"k33\":0}");
        assert!(bad(big.as_bytes()).contains("duplicate member name \"k33\""));
        // Same names in different objects are fine.
        ok(r#"{"a":{"a":1},"b":{"a":2}}"#);
    }

    #[test]
    fn depth_limit() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(deep(64).as_bytes(), 64).is_ok());
        assert!(bad(deep(65).as_bytes()).contains("deeper than the limit of 64"));
        let huge = "[".repeat(100_000);
        let start = std::time::Instant::now();
        bad(huge.as_bytes());
        assert!(start.elapsed().as_millis() < 1000);
    }

    #[test]
    fn numbers_keep_their_text() {
        let Value::Number(n) = ok("123456789012345678901234567890") else {
            panic!()
        };
        assert_eq!(n.as_str(), "123456789012345678901234567890");
        assert!(n.is_integer());
        assert_eq!(n.as_i64(), None);
        let Value::Number(n) = ok("1e400") else {
            panic!()
        };
        assert!(n.as_f64().is_infinite());
    }

    #[test]
    fn write_string_escapes_like_json_stringify() {
        let mut out = String::new();
        write_string(&mut out, "a\"b\\c\n\u{1}é/");
        assert_eq!(out, r#""a\"b\\c\n\u0001é/""#);
        assert_eq!(ok(&out).as_str(), Some("a\"b\\c\n\u{1}é/"));
    }
}
