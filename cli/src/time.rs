//! NumericDate formatting: ISO 8601 in UTC and relative phrases, without a calendar crate.

/// `2023-11-14T22:13:20Z` for seconds since the epoch (fractions are shown when present).
pub fn iso8601(seconds: f64) -> String {
    let whole = seconds.floor();
    let secs = whole as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let frac = seconds - whole;
    let fraction = if frac > 0.0 {
        format!("{frac:.3}").trim_start_matches('0').to_owned()
    } else {
        String::new()
    };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{fraction}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day) to days since 1970-01-01.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses `--now`: seconds since the epoch, or `YYYY-MM-DDTHH:MM:SSZ`.
pub fn parse_instant(text: &str) -> Option<f64> {
    if let Ok(n) = text.parse::<f64>() {
        return n.is_finite().then_some(n);
    }
    let b = text.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<u32>().ok();
    let (y, mo, d, h, mi, s) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(i64::from(y), mo, d);
    Some((days * 86_400 + i64::from(h * 3600 + mi * 60 + s)) as f64)
}

/// Parses a duration: `90`, `90s`, `15m`, `1h`, `7d`.
pub fn parse_duration(text: &str) -> Option<u64> {
    let (digits, unit) = match text.char_indices().last()? {
        (i, c) if c.is_ascii_alphabetic() => (&text[..i], c),
        _ => (text, 's'),
    };
    let n: u64 = digits.parse().ok()?;
    let scale = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        'w' => 604_800,
        _ => return None,
    };
    n.checked_mul(scale)
}

/// A span of seconds in the largest unit that fits: `45 s`, `59 min`, `3 h`, `12 d`.
pub fn span(seconds: f64) -> String {
    let s = seconds.abs().round() as u64;
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s / 60),
        3600..=86_399 => format!("{} h", s / 3600),
        _ => format!("{} d", s / 86_400),
    }
}

/// A phrase for a registered time claim relative to `now`.
pub fn relative(claim: &str, at: f64, now: f64) -> String {
    let delta = at - now;
    let future = delta > 0.0;
    let amount = span(delta);
    match (claim, future) {
        ("exp", true) => format!("expires in {amount}"),
        ("exp", false) => format!("expired {amount} ago"),
        ("nbf", true) => format!("valid in {amount}"),
        ("nbf", false) => format!("valid since {amount} ago"),
        ("iat", true) => format!("issued {amount} in the future"),
        (_, true) => format!("in {amount}"),
        (_, false) => format!("{amount} ago"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso8601(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_700_000_000.0), "2023-11-14T22:13:20Z");
        assert_eq!(iso8601(4_102_444_800.0), "2100-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400.0), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(-86_400.0), "1969-12-31T00:00:00Z");
        assert_eq!(iso8601(1.5), "1970-01-01T00:00:01.500Z");
        for t in [0.0, 951_782_400.0, 1_700_000_000.0, 4_102_444_800.0] {
            assert_eq!(parse_instant(&iso8601(t)), Some(t));
        }
        assert_eq!(parse_instant("2023-13-01T00:00:00Z"), None);
        assert_eq!(parse_instant("yesterday"), None);
    }

    #[test]
    fn durations_and_phrases() {
        assert_eq!(parse_duration("90"), Some(90));
        assert_eq!(parse_duration("15m"), Some(900));
        assert_eq!(parse_duration("1h"), Some(3600));
        assert_eq!(parse_duration("7d"), Some(604_800));
        assert_eq!(parse_duration("1y"), None);
        assert_eq!(parse_duration("h"), None);
        assert_eq!(
            relative("exp", 1000.0 + 3540.0, 1000.0),
            "expires in 59 min"
        );
        assert_eq!(
            relative("exp", 1000.0, 1000.0 + 3.0 * 3600.0),
            "expired 3 h ago"
        );
        assert_eq!(relative("iat", 1000.0, 1000.0 + 60.0), "1 min ago");
    }
}
