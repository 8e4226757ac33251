//! Wrapping text to a terminal's width at word boundaries, so no word is broken across lines: each long line
//! goes on under its own indent (and a "Label:" column), the way the terminal player lays out its lines.

/// `text` with every line longer than `width` characters broken at spaces. Continuation lines start at the
/// column where the line's text starts after its indent and any leading "Label: " (so labelled lines hang
/// under their value). A word longer than the room left stays whole on its own line.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        wrap_line(&mut out, line, width.max(20));
    }
    out
}

fn wrap_line(out: &mut String, line: &str, width: usize) {
    if line.chars().count() <= width {
        out.push_str(line);
        return;
    }
    let indent = line.len() - line.trim_start().len();
    let hang = indent + label_width(line.trim_start());
    // Too deep a hang leaves no room for words: fall back to the plain indent.
    let hang = if hang + 20 > width { indent } else { hang };
    let pad = " ".repeat(hang);
    let mut col = 0;
    out.push_str(&line[..indent]);
    col += line[..indent].chars().count();
    let mut first = true;
    for word in line[indent..].split(' ') {
        let w = word.chars().count();
        if !first && col + 1 + w > width {
            out.push('\n');
            out.push_str(&pad);
            col = hang;
        } else if !first {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += w;
        first = false;
    }
}

/// The width of a leading "Label: " or "Label:   " (up to 14 characters of label), or of a list number
/// ("3. "), else 0.
fn label_width(s: &str) -> usize {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && s[digits..].starts_with(". ") {
        return digits + 2;
    }
    let Some(colon) = s.find(':') else { return 0 };
    let label = &s[..colon];
    if label.is_empty()
        || label.chars().count() > 14
        || !label.chars().all(|c| c.is_alphabetic() || c == ' ')
    {
        return 0;
    }
    let after = &s[colon + 1..];
    let spaces = after.len() - after.trim_start_matches(' ').len();
    if spaces == 0 {
        return 0;
    }
    label.chars().count() + 1 + spaces
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn long_lines_break_between_words_and_hang_under_their_label() {
        let text = "  Patient: \"I'm really worried that if I stay within the range you recommend, I may go low.\"";
        let w = wrap(text, 40);
        for line in w.lines() {
            assert!(line.chars().count() <= 40, "{line:?}");
        }
        assert_eq!(
            w,
            "  Patient: \"I'm really worried that if I\n           stay within the range you\n           recommend, I may go low.\""
        );
        // Every word survives whole.
        let words: Vec<&str> = text.split_whitespace().collect();
        let back: Vec<&str> = w.split_whitespace().collect();
        assert_eq!(words, back);
    }

    #[test]
    fn a_numbered_reply_hangs_under_its_text() {
        let w = wrap(
            "  2. When you say not what's on the sheet, roughly how many units?",
            40,
        );
        assert_eq!(
            w,
            "  2. When you say not what's on the\n     sheet, roughly how many units?"
        );
    }

    #[test]
    fn short_lines_and_long_words_are_left_alone() {
        assert_eq!(wrap("short\nlines", 40), "short\nlines");
        let url = "see https://example.org/a/very/long/path/that/cannot/be/broken/anywhere/at/all";
        let w = wrap(url, 30);
        assert!(w.lines().any(|l| l.starts_with("https://")), "{w}");
    }
}
