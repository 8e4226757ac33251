//! Making text that a user or a file typed harmless in each output: `escape` for HTML and SVG, `escape_md` for
//! Markdown, `visible` for the terminal, `json_safe` for JSON printed to a terminal. Every renderer uses these.

/// Escapes text for HTML or SVG/XML content and attribute values. Control characters other than newline
/// and tab, which XML 1.0 forbids and HTML reports as parse errors, become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_control(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A character a terminal may act on rather than show: C0 controls but newline and tab, DEL, C1 controls,
/// and the bidirectional overrides and isolates (which reorder what is shown, "Trojan source").
pub fn is_control(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\n' && c != '\t')
        || (0x7f..=0x9f).contains(&u)
        || (0x202a..=0x202e).contains(&u)
        || (0x2066..=0x2069).contains(&u)
}

/// Text for the terminal: every control character that a terminal would act on (ESC starting a title change,
/// a clear screen or a clipboard write; BEL; C1; bidirectional overrides) is shown instead, as its Unicode
/// control picture (`␛`, `␇`) or `<U+009B>`. Newlines and tabs stay.
pub fn visible(s: &str) -> String {
    if !s.chars().any(is_control) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        let u = c as u32;
        match c {
            c if !is_control(c) => out.push(c),
            // U+2400.. are the control pictures of U+0000..U+001F; U+2421 is DEL's.
            _ if u < 0x20 => out.push(char::from_u32(0x2400 + u).unwrap_or('?')),
            '\u{7f}' => out.push('\u{2421}'),
            _ => out.push_str(&format!("<U+{u:04X}>")),
        }
    }
    out
}

/// Text for Markdown: HTML-escaped (so no tag or event handler survives a Markdown-to-HTML tool), every
/// Markdown punctuation mark that could make a link, image, emphasis, code or table cell backslash-escaped,
/// line breaks joined into one line (so no heading or list can start), and control characters made `visible`.
pub fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in visible(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' | '\t' => out.push(' '),
            // Quotes matter only inside a tag, and no tag can start; `#`, `-`, `+`, `=` only at a line start,
            // where typed text never stands (it is one line, after a label).
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '{' | '}' | '!' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// JSON text for a terminal: the characters `visible` would change and JSON may carry raw (DEL, C1,
/// bidirectional controls) are written as `\uXXXX` escapes, which mean the same string to any JSON reader.
pub fn json_safe(json: &str) -> String {
    if !json.chars().any(is_control) {
        return json.to_owned();
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        // Raw control characters can only be inside strings (JSON forbids them elsewhere; serde escapes C0).
        if is_control(c) && c != '\r' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_md, json_safe, visible};

    #[test]
    fn terminal_text_shows_escape_sequences_instead_of_running_them() {
        assert_eq!(
            visible("a\u{1b}]0;t\u{7}b\n\tc"),
            "a\u{241b}]0;t\u{2407}b\n\tc"
        );
        assert_eq!(visible("\u{9b}2J\u{202e}"), "<U+009B>2J<U+202E>");
    }

    #[test]
    fn markdown_text_makes_no_tags_links_or_blocks() {
        assert_eq!(
            escape_md("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert\\(1\\)&gt;"
        );
        assert_eq!(
            escape_md("[a](javascript:x)\n# h"),
            "\\[a\\]\\(javascript:x\\) # h"
        );
    }

    #[test]
    fn json_keeps_its_meaning_without_raw_controls() {
        let j = serde_json::to_string("a\u{9b}b\u{1b}").unwrap();
        let safe = json_safe(&j);
        assert!(!safe.chars().any(super::is_control));
        assert_eq!(
            serde_json::from_str::<String>(&safe).unwrap(),
            "a\u{9b}b\u{1b}"
        );
    }

    #[test]
    fn markup_and_quotes_are_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape("<a href=\"x\">Tom & Jerry's</a>\u{7}\n"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; \n"
        );
    }
}
