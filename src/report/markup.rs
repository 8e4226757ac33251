//! Escaping text for HTML and SVG, the one escaper every HTML or SVG renderer uses (class report, vignette map).
//! Only the escaping: what is drawn, and where, is each renderer's.

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
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_quotes_are_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape("<a href=\"x\">Tom & Jerry's</a>\u{7}\n"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; \n"
        );
    }
}
