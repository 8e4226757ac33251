//! Where in a file a value is written, for errors about values that carry no position of their own (plain
//! numbers, names used as keys): found in the source text after a position that is known.

/// Where the key `key` itself is written: the first `key:` at or after `from` (line, column; 1-based), as a
/// whole word; `from` itself when it is not found.
pub fn key_at(src: &str, from: (u64, u64), key: &str) -> (u64, u64) {
    let mut search = offset_of(src, from);
    while let Some(found) = src.get(search..).and_then(|rest| rest.find(key)) {
        let k = search + found;
        search = k + key.len();
        let before = src[..k].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if src[search..]
            .trim_start_matches([' ', '\t'])
            .starts_with(':')
        {
            return position_of(src, k);
        }
    }
    from
}

/// Where the value of `key` is written: the first `key:` at or after `from` (line, column; 1-based) whose value
/// reads as `value` when one is given. Plain numbers in the file carry no position of their own, so an error
/// about one would otherwise point at the node or the vignette's id. `from` itself when it is not found.
pub fn value_at(src: &str, from: (u64, u64), key: &str, value: Option<f64>) -> (u64, u64) {
    let start = offset_of(src, from);
    let mut search = start;
    while let Some(found) = src.get(search..).and_then(|rest| rest.find(key)) {
        let k = search + found;
        search = k + key.len();
        let before = src[..k].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let after = src[search..].trim_start_matches([' ', '\t']);
        let Some(rest) = after.strip_prefix(':') else {
            continue;
        };
        let value_start = src.len() - rest.trim_start_matches([' ', '\t']).len();
        let text: String = src[value_start..]
            .chars()
            .take_while(|c| !matches!(c, ',' | '}' | ']' | '\n' | '#'))
            .collect();
        if value.is_some_and(|v| text.trim().parse::<f64>().ok() != Some(v)) {
            continue;
        }
        return position_of(src, value_start);
    }
    from
}

/// The byte offset of a 1-based (line, column in characters).
pub fn offset_of(src: &str, (line, column): (u64, u64)) -> usize {
    let line_start: usize = src
        .split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    line_start
        + src[line_start..]
            .chars()
            .take(column.saturating_sub(1) as usize)
            .map(char::len_utf8)
            .sum::<usize>()
}

/// The 1-based (line, column in characters) of a byte offset.
pub fn position_of(src: &str, offset: usize) -> (u64, u64) {
    let before = &src[..offset];
    let line = before.matches('\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() as u64 + 1)
}
