//! The pseudonym a student sits an assignment under: what makes one acceptable, and its file-name form.
//! Asking for it is the front end's job.

/// A pseudonym: 1-40 characters, letters, digits, spaces, `-`, `_` or `.`, with at least one letter or digit.
pub fn valid_pseudonym(p: &str) -> Result<(), &'static str> {
    let n = p.chars().count();
    if n == 0 || n > 40 {
        return Err("use 1-40 characters");
    }
    if !p
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
    {
        return Err("use letters, digits, spaces, `-`, `_` or `.` only");
    }
    if !p.chars().any(char::is_alphanumeric) {
        return Err("include at least one letter or digit");
    }
    Ok(())
}

/// The pseudonym as a file-name part: lower-case ASCII letters and digits, other runs as one dash.
pub fn slug(p: &str) -> String {
    let mut s = String::new();
    for c in p.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_matches('-').to_owned();
    if s.is_empty() {
        "student".to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pseudonym_needs_a_letter_or_digit_and_its_slug_is_plain() {
        assert!(valid_pseudonym("Blue Heron").is_ok());
        assert!(valid_pseudonym("--").is_err());
        assert!(valid_pseudonym("a/b").is_err());
        assert_eq!(slug("Blue Heron 7"), "blue-heron-7");
        assert_eq!(slug("Ü ï"), "student");
    }
}
