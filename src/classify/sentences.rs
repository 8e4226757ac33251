//! Where one sentence ends and the next begins: terminal punctuation, line breaks, and run-on replies typed
//! without punctuation ("sounds hard what helps"). It does not tokenise or normalise words (see `text`).

use super::text::WordSet;

/// Words that end with a dot without ending the sentence ("Dr. Kurtz", "e.g. walking").
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "eg", "ie", "e.g", "i.e", "approx", "no",
];

/// Splits cleaned text at '.', '!', '?' (and runs of them) followed by a space or the end, and at line breaks.
/// A dot after a known abbreviation or between digits does not end a sentence. Returns trimmed, non-empty pieces
/// that keep their closing punctuation.
pub fn split(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            push(text, start, i, &mut out);
            start = i + 1;
        } else if matches!(b, b'.' | b'!' | b'?') {
            let mut end = i + 1;
            while end < bytes.len()
                && matches!(bytes[end], b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b' ')
            {
                if bytes[end] == b' ' {
                    // Spaced ellipses (". . .") belong to the same break.
                    if end + 1 < bytes.len() && bytes[end + 1] == b'.' {
                        end += 1;
                        continue;
                    }
                    break;
                }
                end += 1;
            }
            let at_break = end >= bytes.len() || bytes[end].is_ascii_whitespace();
            if at_break && !(b == b'.' && end == i + 1 && abbreviation_before(text, i)) {
                push(text, start, end, &mut out);
                start = end;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    push(text, start, bytes.len(), &mut out);
    out
}

fn push<'a>(text: &'a str, start: usize, end: usize, out: &mut Vec<&'a str>) {
    let piece = text[start..end].trim();
    if piece.chars().any(char::is_alphanumeric) {
        out.push(piece);
    }
}

/// The word just before byte `dot` is an abbreviation.
fn abbreviation_before(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = before[word_start..].to_ascii_lowercase();
    ABBREVIATIONS.contains(&word.as_str())
        || (word.len() == 1 && word.chars().all(char::is_alphabetic))
}

/// The word lists that recognise a question typed inside a run-on sentence.
#[derive(Debug, Clone, Default)]
pub struct QuestionForm {
    /// Interrogative words ("what", "how").
    pub wh: WordSet,
    /// Auxiliaries that open a yes/no question by inversion ("do", "are", "could").
    pub auxiliaries: WordSet,
    /// Subjects that follow an inverted auxiliary ("you", "we", "it").
    pub subjects: WordSet,
    /// Words after which a wh-word starts an embedded clause, not a new question ("know what", "wonder how").
    pub embedding: WordSet,
}

impl QuestionForm {
    /// `words[at..]` opens a question: wh-word + auxiliary, or auxiliary + subject.
    pub fn opens_question(&self, words: &[String], at: usize) -> bool {
        let w = |k: usize| words.get(at + k).map(String::as_str).unwrap_or("");
        let is = |list: &WordSet, s: &str| list.contains(s);
        (is(&self.wh, w(0))
            && (is(&self.auxiliaries, w(1)) || is(&self.subjects, w(1)) && w(0) == "how"))
            || (is(&self.auxiliaries, w(0)) && is(&self.subjects, w(1)))
    }

    /// Word positions where a run-on sentence should be cut because a question starts there: at least three
    /// words in, at least two words left, and not after a word that embeds a clause ("I know what you...").
    pub fn run_on_cuts(&self, words: &[String]) -> Vec<usize> {
        let mut cuts = Vec::new();
        let mut last = 0usize;
        for at in 3..words.len().saturating_sub(1) {
            // "it | is your fault": an auxiliary after its subject continues a statement.
            if at - last < 3
                || self.embedding.contains(&words[at - 1])
                || self.subjects.contains(&words[at - 1])
            {
                continue;
            }
            // "how much | do you drink": an inversion soon after a wh-word continues that question.
            let wh_before = words[at.saturating_sub(3)..at]
                .iter()
                .any(|w| self.wh.contains(w));
            if self.opens_question(words, at) && (!wh_before || self.wh.contains(&words[at])) {
                cuts.push(at);
                last = at;
            }
        }
        cuts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_terminal_punctuation_but_not_abbreviations_or_decimals() {
        let s = split("Thank you, Mr. Jones. Your A1c is 9.2! Is that new? ok");
        assert_eq!(
            s,
            [
                "Thank you, Mr. Jones.",
                "Your A1c is 9.2!",
                "Is that new?",
                "ok"
            ]
        );
    }

    #[test]
    fn run_on_questions_are_cut_once() {
        let set = |w: &[&str]| w.iter().map(|s| (*s).to_owned()).collect::<WordSet>();
        let qf = QuestionForm {
            wh: set(&["what", "how"]),
            auxiliaries: set(&["do", "would"]),
            subjects: set(&["you"]),
            embedding: set(&["asking", "know"]),
        };
        let words = |t: &str| t.split(' ').map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(
            qf.run_on_cuts(&words("sounds really hard what would help you")),
            [3]
        );
        assert!(
            qf.run_on_cuts(&words("if you mind me asking how much do you drink"))
                .is_empty()
        );
        assert!(
            qf.run_on_cuts(&words("I really do know what you mean"))
                .is_empty()
        );
    }

    #[test]
    fn spaced_ellipsis_is_one_break() {
        let s = split("I know I'm not the best patient. . . I cannot stick to it.");
        assert_eq!(
            s,
            [
                "I know I'm not the best patient. . .",
                "I cannot stick to it."
            ]
        );
    }

    #[test]
    fn multibyte_text_before_a_dot_is_safe() {
        assert_eq!(split("Café… ünïcödé. Ça va."), ["Café… ünïcödé.", "Ça va."]);
    }
}
