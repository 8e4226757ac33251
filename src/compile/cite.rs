//! Sources cited by their title, not a file name: feedback written as "(seed 003_28a48975a6980dc3.txt: …)" reads
//! "(Stubbe 2018, “The Therapeutic Alliance”: …)" for the student. The vignette file keeps the file name, so the
//! checker can still find the seed it cites.

/// The seed files in ../shared/seeds and the short title a student reads for each.
const SEEDS: [(&str, &str); 5] = [
    (
        "000_445d576fc9e97a73.txt",
        "“Working alliance in diabetes care”",
    ),
    (
        "001_cc5603fde3f0af8f.txt",
        "Physiopedia, “Therapeutic Alliance”",
    ),
    (
        "002_898478965ac7a937.txt",
        "Brinkmann, “The Therapeutic Alliance and Outcomes”",
    ),
    (
        "003_28a48975a6980dc3.txt",
        "Stubbe 2018, “The Therapeutic Alliance”",
    ),
    (
        "004_1ff59f59caf49285.txt",
        "Tait, “The importance of therapeutic alliance”",
    ),
];

/// `text` with every seed file name (and the word "seed" before it) replaced by the seed's title.
pub fn by_title(text: &str) -> String {
    let mut out = text.to_owned();
    for (file, title) in SEEDS {
        if out.contains(file) {
            out = out
                .replace(&format!("seed {file}"), title)
                .replace(&format!("Seed {file}"), title)
                .replace(file, title);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::by_title;

    #[test]
    fn a_seed_file_name_reads_as_its_title() {
        assert_eq!(
            by_title(
                "Reflect first (seed 003_28a48975a6980dc3.txt: hopes). See 000_445d576fc9e97a73.txt."
            ),
            "Reflect first (Stubbe 2018, “The Therapeutic Alliance”: hopes). See “Working alliance in diabetes care”."
        );
        assert_eq!(by_title("MITI 4.2.1"), "MITI 4.2.1");
    }
}
