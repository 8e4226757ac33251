//! ISO 8601 text for xAPI and the report: UTC timestamps (`2026-11-23T07:45:01Z`) and durations (`PT4M30S`).
//! The calendar arithmetic is `store::utc_stamp`'s; this file only formats.

use crate::store::utc_stamp;

/// `2026-11-23T07:45:01Z` for a Unix time (extended format, as xAPI and RFC 3339 expect).
pub fn timestamp(secs: u64) -> String {
    // utc_stamp gives the basic format `20261123T074501Z`: the same fields without separators.
    let s = utc_stamp(secs);
    let (date, time) = s.split_at(s.len() - 8);
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        &date[..date.len() - 4],
        &date[date.len() - 4..date.len() - 2],
        &date[date.len() - 2..],
        &time[1..3],
        &time[3..5],
        &time[5..7]
    )
}

/// An ISO 8601 duration for a number of seconds: `PT0S`, `PT45S`, `PT4M30S`, `PT1H2M3S`.
pub fn duration(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || (h == 0 && m == 0) {
        out.push_str(&format!("{s}S"));
    }
    out
}

/// `4 min 30 s` for people.
pub fn human_duration(secs: u64) -> String {
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_timestamps_and_durations() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp(1_795_420_800 + 3_723), "2026-11-23T09:02:03Z");
        assert_eq!(duration(0), "PT0S");
        assert_eq!(duration(270), "PT4M30S");
        assert_eq!(duration(3_600), "PT1H");
        assert_eq!(duration(3_723), "PT1H2M3S");
        assert_eq!(human_duration(270), "4 min 30 s");
    }
}
