//! `alliance class --from-lrs URL --assignment FILE` against a real LRS (Ralph, on loopback): the class sent
//! from a folder and read back gives the same attempts.csv and report.html as the folder itself.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::fixture;
use common::ralph::Ralph;

fn alliance(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_alliance"))
        .args(["--dialogues", fixture("").to_str().unwrap()])
        .args(args)
        .env("ALLIANCE_DATA_DIR", data)
        .env_remove("ALLIANCE_LRS_AUTH")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\n{}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The report without the line that names its source and date.
fn body(html: &str) -> String {
    html.lines()
        .filter(|l| !l.contains("<p class=\"meta\">Generated "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
#[ignore = "needs Ralph (an xAPI LRS): .ci/run installs it"]
fn the_report_from_an_lrs_agrees_with_the_report_from_the_folder() {
    let lrs = Ralph::start();
    let d = tempfile::tempdir().unwrap();
    let assignment = fixture("assignments/mini.yaml");
    let asg = assignment.to_str().unwrap();
    for (i, replies) in ["1,1", "2,1,1", "2,2,2/2,1,1", "3,2/1,1"]
        .iter()
        .enumerate()
    {
        ok(&alliance(
            d.path(),
            &[
                "play",
                "--assignment",
                asg,
                "--pseudonym",
                &format!("p{i}"),
                "--replies",
                replies,
            ],
        ));
    }
    let folder = d.path().join("submissions");
    // An edited file is not counted, from the folder or the LRS.
    let first = std::fs::read_dir(&folder)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let edited = String::from_utf8(std::fs::read(&first).unwrap())
        .unwrap()
        .replacen("\"p", "\"q", 1);
    std::fs::write(folder.join("zz-edited.json"), edited).unwrap();

    let from_folder = d.path().join("from-folder");
    let credentials = lrs.credentials();
    let endpoint = lrs.endpoint();
    let sent = ok(&alliance(
        d.path(),
        &[
            "class",
            folder.to_str().unwrap(),
            "--assignment",
            asg,
            "--out",
            from_folder.to_str().unwrap(),
            "--lrs",
            &endpoint,
            "--lrs-auth-file",
            credentials.to_str().unwrap(),
        ],
    ));
    assert!(
        sent.contains("4 submissions counted, 1 not counted"),
        "{sent}"
    );

    let from_lrs = d.path().join("from-lrs");
    let read = ok(&alliance(
        d.path(),
        &[
            "class",
            "--from-lrs",
            &endpoint,
            "--assignment",
            asg,
            "--out",
            from_lrs.to_str().unwrap(),
            "--lrs-auth-file",
            credentials.to_str().unwrap(),
        ],
    ));
    assert!(
        read.contains("4 submission files for `mini-week-1`"),
        "{read}"
    );
    assert!(
        read.contains("4 submissions counted, 0 not counted"),
        "{read}"
    );

    let csv = |dir: &Path| std::fs::read_to_string(dir.join("attempts.csv")).unwrap();
    let folder_csv = csv(&from_folder);
    let folder_rows: Vec<&str> = folder_csv
        .lines()
        .filter(|l| !l.contains("zz-edited"))
        .collect();
    assert_eq!(
        csv(&from_lrs).lines().collect::<Vec<_>>(),
        folder_rows,
        "the same rows, but for the edited file the LRS never received"
    );
    let html = |dir: &Path| std::fs::read_to_string(dir.join("report.html")).unwrap();
    let lrs_html = html(&from_lrs);
    assert!(
        lrs_html.contains(&format!("{endpoint}statements (LRS)")),
        "the report names the LRS as its source"
    );
    // The folder's report lists the edited file; without it, the class is the same.
    let folder_again = d.path().join("folder-without-edited");
    std::fs::remove_file(folder.join("zz-edited.json")).unwrap();
    let again = d.path().join("from-folder-again");
    std::fs::rename(&folder, &folder_again).unwrap();
    ok(&alliance(
        d.path(),
        &[
            "class",
            folder_again.to_str().unwrap(),
            "--assignment",
            asg,
            "--out",
            again.to_str().unwrap(),
        ],
    ));
    assert_eq!(body(&lrs_html), body(&html(&again)));
    assert_eq!(
        std::fs::read(from_lrs.join("statements.json")).unwrap(),
        std::fs::read(again.join("statements.json")).unwrap(),
        "the same statements, byte for byte"
    );
}
