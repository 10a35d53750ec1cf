//! Pretty JSON and colour for terminal output. Colour only when writing to a terminal and `NO_COLOR` is unset.

use jetwt::json::Value;

/// Whether to colour, and the colours.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub colour: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    pub fn heading(&self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn key(&self, text: &str) -> String {
        self.paint("36", text)
    }

    pub fn string(&self, text: &str) -> String {
        self.paint("32", text)
    }

    pub fn number(&self, text: &str) -> String {
        self.paint("33", text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    pub fn warn(&self, text: &str) -> String {
        self.paint("1;33", text)
    }

    pub fn bad(&self, text: &str) -> String {
        self.paint("1;31", text)
    }

    pub fn good(&self, text: &str) -> String {
        self.paint("1;32", text)
    }
}

fn quoted(s: &str) -> String {
    let mut out = String::new();
    jetwt::json::write_string(&mut out, s);
    out
}

/// Indented JSON, members in document order, coloured by type.
pub fn pretty(value: &Value<'_>, style: Style) -> String {
    let mut out = String::new();
    write(value, style, 0, &mut out);
    out
}

fn write(value: &Value<'_>, style: Style, depth: usize, out: &mut String) {
    let pad = |n: usize| "  ".repeat(n);
    match value {
        Value::Null => out.push_str(&style.dim("null")),
        Value::Bool(b) => out.push_str(&style.number(if *b { "true" } else { "false" })),
        Value::Number(n) => out.push_str(&style.number(n.as_str())),
        Value::String(s) => out.push_str(&style.string(&quoted(s))),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                write(item, style, depth + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push(']');
        }
        Value::Object(obj) if obj.is_empty() => out.push_str("{}"),
        Value::Object(obj) => {
            out.push_str("{\n");
            for (i, (name, item)) in obj.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                out.push_str(&style.key(&quoted(name)));
                out.push_str(": ");
                write(item, style, depth + 1, out);
                out.push_str(if i + 1 < obj.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
    }
}
