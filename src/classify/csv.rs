//! A small RFC 4180 CSV reader: quoted fields, doubled quotes, embedded newlines, CRLF, a header row, and errors
//! that name the line. It knows nothing of AnnoMI's columns (see `annomi`).

/// One data record and the line of the file it starts on (1-based, the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Line number where the record starts.
    pub line: usize,
    /// Field values, quotes removed.
    pub fields: Vec<String>,
}

/// A parsed file: the header row and the records after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Column names from the first row.
    pub header: Vec<String>,
    /// Data records, each with as many fields as the header.
    pub records: Vec<Record>,
}

impl Table {
    /// Index of column `name`, or an error listing what the header has.
    pub fn column(&self, name: &str) -> Result<usize, String> {
        self.header.iter().position(|h| h == name).ok_or_else(|| {
            format!(
                "line 1: missing column '{name}' (the header has: {})",
                self.header.join(", ")
            )
        })
    }
}

/// Parses CSV text. Every record must have as many fields as the header; blank lines are skipped.
pub fn parse(text: &str) -> Result<Table, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1usize;
    let mut row_line = 1usize;
    let mut quoted = false;
    let mut field_started_quoted = false;
    let mut quote_line = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    quoted = false;
                    if let Some(&n) = chars.peek()
                        && !matches!(n, ',' | '\n' | '\r')
                    {
                        return Err(format!(
                            "line {line}: unexpected '{n}' after a closing quote"
                        ));
                    }
                }
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !field_started_quoted => {
                quoted = true;
                field_started_quoted = true;
                quote_line = line;
            }
            '"' => return Err(format!("line {line}: a quote inside an unquoted field")),
            ',' => {
                fields.push(std::mem::take(&mut field));
                field_started_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                fields.push(std::mem::take(&mut field));
                field_started_quoted = false;
                end_row(&mut rows, &mut fields, row_line);
                line += 1;
                row_line = line;
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(format!("line {quote_line}: a quoted field is never closed"));
    }
    if !field.is_empty() || !fields.is_empty() || field_started_quoted {
        fields.push(field);
        end_row(&mut rows, &mut fields, row_line);
    }
    let mut rows = rows.into_iter();
    let Some(head) = rows.next() else {
        return Err("line 1: the file is empty (expected a header row)".into());
    };
    let header: Vec<String> = head
        .fields
        .into_iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut records = Vec::new();
    for r in rows {
        if r.fields.len() != header.len() {
            return Err(format!(
                "line {}: expected {} fields (as in the header), found {}",
                r.line,
                header.len(),
                r.fields.len()
            ));
        }
        records.push(r);
    }
    Ok(Table { header, records })
}

fn end_row(rows: &mut Vec<Record>, fields: &mut Vec<String>, line: usize) {
    let row = std::mem::take(fields);
    if row.len() == 1 && row[0].is_empty() {
        return; // a blank line
    }
    rows.push(Record { line, fields: row });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_newlines_and_doubled_quotes() {
        let t = parse("a,b\r\n1,\"x, \"\"y\"\"\nz\"\n\n2,\n").unwrap();
        assert_eq!(t.header, ["a", "b"]);
        assert_eq!(t.records[0].fields, ["1", "x, \"y\"\nz"]);
        assert_eq!(t.records[1].line, 5);
        assert_eq!(t.records[1].fields, ["2", ""]);
    }

    #[test]
    fn errors_name_the_line() {
        assert!(parse("a,b\n1,2,3\n").unwrap_err().starts_with("line 2:"));
        assert!(
            parse("a,b\n1,2\n3,\"4\n")
                .unwrap_err()
                .starts_with("line 3:")
        );
        assert!(parse("a,b\n1,x\"y\n").unwrap_err().starts_with("line 2:"));
        assert!(parse("").unwrap_err().starts_with("line 1:"));
    }
}
