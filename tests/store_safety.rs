//! Saves are atomic and never reuse another attempt's file; timestamps are UTC and sortable.

use alliance::store;

#[test]
fn atomic_write_replaces_the_whole_file_and_leaves_no_temporary() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("t.json");
    store::write_atomic(&p, b"first version, longer").unwrap();
    store::write_atomic(&p, b"second").unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"second");
    let names: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn new_attempt_paths_are_unique_within_the_same_second() {
    let d = tempfile::tempdir().unwrap();
    let a = store::new_attempt_path(d.path(), "v", 1_700_000_000).unwrap();
    let b = store::new_attempt_path(d.path(), "v", 1_700_000_000).unwrap();
    assert_ne!(a, b);
    assert!(
        a.file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("v-20231114T221320Z")
    );
}

#[test]
fn utc_stamps_are_right_across_leap_years() {
    assert_eq!(store::utc_stamp(0), "19700101T000000Z");
    assert_eq!(store::utc_stamp(951_782_400), "20000229T000000Z");
    assert_eq!(store::utc_stamp(1_795_419_901), "20261123T074501Z");
}

#[test]
fn a_killed_session_leaves_an_empty_reservation_that_listing_skips() {
    let d = tempfile::tempdir().unwrap();
    store::new_attempt_path(d.path(), "v", 1).unwrap();
    std::fs::write(d.path().join("junk.json"), "not json").unwrap();
    let (ok, bad) = store::list_transcripts(d.path());
    assert!(ok.is_empty());
    assert_eq!(
        bad.len(),
        1,
        "the corrupt file is reported, the empty one skipped"
    );
    assert!(bad[0].contains("junk.json"));
}
