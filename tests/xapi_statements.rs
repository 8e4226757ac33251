//! xAPI statements as an LRS would receive them: every statement from `alliance report --format xapi` and
//! `alliance class --format xapi` checked against the xAPI 1.0.3 rules for required properties and formats.

mod common;

use std::path::{Path, PathBuf};

use common::{alliance, fixture};
use serde_json::{Value, json};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

// ---- The xAPI 1.0.3 rules (Data section 2.4), as a checker that lists every violation. ----

fn is_iri(s: &str) -> bool {
    // Absolute IRI: a scheme, a colon, then something; no spaces.
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    !scheme.is_empty()
        && scheme.chars().next().unwrap().is_ascii_alphabetic()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        && !rest.is_empty()
        && !s.contains(char::is_whitespace)
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    parts.len() == 5
        && parts
            .iter()
            .zip(lens)
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
        && parts[2].starts_with(['4', '5'])
        && parts[3].starts_with(['8', '9', 'a', 'b', 'A', 'B'])
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.chars().all(|c| c.is_ascii_digit())
}

fn is_timestamp(s: &str) -> bool {
    // YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)
    let Some((date, time)) = s.split_once('T') else {
        return false;
    };
    let d: Vec<&str> = date.split('-').collect();
    if !(d.len() == 3 && digits(d[0], 4) && digits(d[1], 2) && digits(d[2], 2)) {
        return false;
    }
    let (clock, zone_ok) = if let Some(c) = time.strip_suffix('Z') {
        (c, true)
    } else if let Some(i) = time.rfind(['+', '-']) {
        let z = &time[i + 1..];
        let zp: Vec<&str> = z.split(':').collect();
        (
            &time[..i],
            zp.len() == 2 && digits(zp[0], 2) && digits(zp[1], 2),
        )
    } else {
        return false;
    };
    let (hms, frac) = clock.split_once('.').unwrap_or((clock, "0"));
    let t: Vec<&str> = hms.split(':').collect();
    zone_ok
        && t.len() == 3
        && t.iter().all(|p| digits(p, 2))
        && !frac.is_empty()
        && frac.chars().all(|c| c.is_ascii_digit())
}

fn is_duration(s: &str) -> bool {
    // ISO 8601 duration: P[nY][nM][nW][nD][T[nH][nM][n[.n]S]], at least one part, T only with a time part.
    let Some(rest) = s.strip_prefix('P') else {
        return false;
    };
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let parts = |text: &str, units: &str, fraction_last: bool| -> Option<usize> {
        let mut n = 0;
        let mut num = String::new();
        let mut order = 0;
        for c in text.chars() {
            if c.is_ascii_digit() || (c == '.' && fraction_last) {
                num.push(c);
                continue;
            }
            let pos = units.find(c)?;
            if num.is_empty() || pos < order || num.starts_with('.') || num.ends_with('.') {
                return None;
            }
            if num.contains('.') && c != units.chars().last().unwrap() {
                return None;
            }
            order = pos + 1;
            num.clear();
            n += 1;
        }
        num.is_empty().then_some(n)
    };
    let Some(nd) = parts(date, "YMWD", false) else {
        return false;
    };
    match time {
        None => nd > 0,
        Some(t) => matches!(parts(t, "HMS", true), Some(nt) if nt > 0),
    }
}

fn is_language_tag(s: &str) -> bool {
    !s.is_empty()
        && s.split('-')
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
        && s.split('-')
            .next()
            .unwrap()
            .chars()
            .all(|c| c.is_ascii_alphabetic())
}

fn check_lang_map(v: &Value, at: &str, errs: &mut Vec<String>) {
    match v.as_object() {
        Some(m) if !m.is_empty() => {
            for (k, x) in m {
                if !is_language_tag(k) {
                    errs.push(format!("{at}: `{k}` is not a language tag"));
                }
                if !x.is_string() {
                    errs.push(format!("{at}.{k}: not a string"));
                }
            }
        }
        _ => errs.push(format!("{at}: not a language map")),
    }
}

fn check_extensions(v: &Value, at: &str, errs: &mut Vec<String>) {
    match v.as_object() {
        Some(m) => {
            for k in m.keys() {
                if !is_iri(k) {
                    errs.push(format!("{at}: extension key `{k}` is not an absolute IRI"));
                }
            }
        }
        None => errs.push(format!("{at}: extensions must be an object")),
    }
}

fn only_keys(v: &Value, allowed: &[&str], at: &str, errs: &mut Vec<String>) {
    if let Some(m) = v.as_object() {
        for k in m.keys() {
            if !allowed.contains(&k.as_str()) {
                errs.push(format!("{at}: `{k}` is not an xAPI property here"));
            }
        }
    } else {
        errs.push(format!("{at}: not an object"));
    }
}

fn check_activity(v: &Value, at: &str, errs: &mut Vec<String>) {
    only_keys(v, &["objectType", "id", "definition"], at, errs);
    if !v.get("objectType").is_none_or(|t| t == "Activity") {
        errs.push(format!("{at}.objectType: not Activity"));
    }
    match v.get("id").and_then(Value::as_str) {
        Some(id) if is_iri(id) => {}
        _ => errs.push(format!("{at}.id: missing or not an absolute IRI")),
    }
    let Some(def) = v.get("definition") else {
        return;
    };
    only_keys(
        def,
        &[
            "name",
            "description",
            "type",
            "moreInfo",
            "extensions",
            "interactionType",
            "correctResponsesPattern",
            "choices",
            "scale",
            "source",
            "target",
            "steps",
        ],
        &format!("{at}.definition"),
        errs,
    );
    for k in ["name", "description"] {
        if let Some(m) = def.get(k) {
            check_lang_map(m, &format!("{at}.definition.{k}"), errs);
        }
    }
    if let Some(t) = def.get("type")
        && !t.as_str().is_some_and(is_iri)
    {
        errs.push(format!("{at}.definition.type: not an absolute IRI"));
    }
    if let Some(e) = def.get("extensions") {
        check_extensions(e, &format!("{at}.definition.extensions"), errs);
    }
    if let Some(it) = def.get("interactionType") {
        let kinds = [
            "true-false",
            "choice",
            "fill-in",
            "long-fill-in",
            "matching",
            "performance",
            "sequencing",
            "likert",
            "numeric",
            "other",
        ];
        if !it.as_str().is_some_and(|s| kinds.contains(&s)) {
            errs.push(format!(
                "{at}.definition.interactionType: `{it}` is not allowed"
            ));
        }
        if def.get("type")
            != Some(&json!(
                "http://adlnet.gov/expapi/activities/cmi.interaction"
            ))
        {
            errs.push(format!(
                "{at}.definition.type: an interaction should be cmi.interaction"
            ));
        }
        let mut ids = Vec::new();
        if let Some(ch) = def.get("choices") {
            if it != "choice" && it != "sequencing" {
                errs.push(format!(
                    "{at}.definition.choices: only for choice or sequencing"
                ));
            }
            match ch.as_array() {
                Some(a) if !a.is_empty() => {
                    for (i, c) in a.iter().enumerate() {
                        only_keys(
                            c,
                            &["id", "description"],
                            &format!("{at}.choices[{i}]"),
                            errs,
                        );
                        match c.get("id").and_then(Value::as_str) {
                            Some(id) if !id.is_empty() && !id.contains(char::is_whitespace) => {
                                if ids.contains(&id) {
                                    errs.push(format!("{at}.choices: duplicate id `{id}`"));
                                }
                                ids.push(id);
                            }
                            _ => errs
                                .push(format!("{at}.choices[{i}].id: missing or not a valid id")),
                        }
                        if let Some(d) = c.get("description") {
                            check_lang_map(d, &format!("{at}.choices[{i}].description"), errs);
                        }
                    }
                }
                _ => errs.push(format!(
                    "{at}.definition.choices: must be a non-empty array"
                )),
            }
        } else if it == "choice" {
            errs.push(format!(
                "{at}.definition: a choice interaction lists its choices"
            ));
        }
        if let Some(p) = def.get("correctResponsesPattern") {
            match p.as_array() {
                Some(a) => {
                    for r in a {
                        match r.as_str() {
                            Some(s) if it == "choice" => {
                                for part in s.split("[,]") {
                                    if !ids.contains(&part) {
                                        errs.push(format!(
                                            "{at}.correctResponsesPattern: `{part}` is not a choice id"
                                        ));
                                    }
                                }
                            }
                            Some(_) => {}
                            None => errs.push(format!("{at}.correctResponsesPattern: not strings")),
                        }
                    }
                }
                None => errs.push(format!("{at}.correctResponsesPattern: not an array")),
            }
        }
    }
}

/// Every way `s` breaks the xAPI 1.0.3 statement rules (empty when it is valid).
fn violations(s: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    only_keys(
        s,
        &[
            "id",
            "actor",
            "verb",
            "object",
            "result",
            "context",
            "timestamp",
            "stored",
            "authority",
            "version",
            "attachments",
        ],
        "statement",
        &mut errs,
    );
    if let Some(id) = s.get("id")
        && !id.as_str().is_some_and(is_uuid)
    {
        errs.push(format!("id: `{id}` is not a UUID"));
    }
    // Actor: an Agent identified by exactly one inverse functional identifier.
    match s.get("actor") {
        None => errs.push("actor: missing".into()),
        Some(a) => {
            if !a
                .get("objectType")
                .is_none_or(|t| t == "Agent" || t == "Group")
            {
                errs.push("actor.objectType: not Agent or Group".into());
            }
            let ifis = ["mbox", "mbox_sha1sum", "openid", "account"]
                .iter()
                .filter(|k| a.get(**k).is_some())
                .count();
            if ifis != 1 {
                errs.push(format!(
                    "actor: {ifis} identifiers; exactly one is required"
                ));
            }
            if let Some(acc) = a.get("account") {
                only_keys(acc, &["homePage", "name"], "actor.account", &mut errs);
                if !acc
                    .get("homePage")
                    .and_then(Value::as_str)
                    .is_some_and(is_iri)
                {
                    errs.push("actor.account.homePage: missing or not an IRL".into());
                }
                if acc
                    .get("name")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
                {
                    errs.push("actor.account.name: missing".into());
                }
            }
        }
    }
    match s.get("verb") {
        None => errs.push("verb: missing".into()),
        Some(v) => {
            only_keys(v, &["id", "display"], "verb", &mut errs);
            if !v.get("id").and_then(Value::as_str).is_some_and(is_iri) {
                errs.push("verb.id: missing or not an absolute IRI".into());
            }
            match v.get("display") {
                Some(d) => check_lang_map(d, "verb.display", &mut errs),
                None => errs.push("verb.display: missing (recommended, and required here)".into()),
            }
        }
    }
    match s.get("object") {
        None => errs.push("object: missing".into()),
        Some(o) => check_activity(o, "object", &mut errs),
    }
    if let Some(r) = s.get("result") {
        only_keys(
            r,
            &[
                "score",
                "success",
                "completion",
                "response",
                "duration",
                "extensions",
            ],
            "result",
            &mut errs,
        );
        if let Some(sc) = r.get("score") {
            only_keys(
                sc,
                &["scaled", "raw", "min", "max"],
                "result.score",
                &mut errs,
            );
            let num = |k: &str| sc.get(k).and_then(Value::as_f64);
            if let Some(x) = num("scaled")
                && !(-1.0..=1.0).contains(&x)
            {
                errs.push(format!("result.score.scaled: {x} is outside -1..1"));
            }
            if let (Some(lo), Some(hi)) = (num("min"), num("max"))
                && lo >= hi
            {
                errs.push("result.score: min must be below max".into());
            }
            if let Some(raw) = num("raw")
                && (num("min").is_some_and(|lo| raw < lo) || num("max").is_some_and(|hi| raw > hi))
            {
                errs.push(format!("result.score.raw: {raw} is outside min..max"));
            }
        }
        for k in ["success", "completion"] {
            if r.get(k).is_some_and(|x| !x.is_boolean()) {
                errs.push(format!("result.{k}: not a boolean"));
            }
        }
        if r.get("response").is_some_and(|x| !x.is_string()) {
            errs.push("result.response: not a string".into());
        }
        if let Some(d) = r.get("duration")
            && !d.as_str().is_some_and(is_duration)
        {
            errs.push(format!(
                "result.duration: `{d}` is not an ISO 8601 duration"
            ));
        }
        if let Some(e) = r.get("extensions") {
            check_extensions(e, "result.extensions", &mut errs);
        }
    }
    if let Some(c) = s.get("context") {
        only_keys(
            c,
            &[
                "registration",
                "instructor",
                "team",
                "contextActivities",
                "revision",
                "platform",
                "language",
                "statement",
                "extensions",
            ],
            "context",
            &mut errs,
        );
        if let Some(r) = c.get("registration")
            && !r.as_str().is_some_and(is_uuid)
        {
            errs.push(format!("context.registration: `{r}` is not a UUID"));
        }
        if let Some(l) = c.get("language")
            && !l.as_str().is_some_and(is_language_tag)
        {
            errs.push("context.language: not a language tag".into());
        }
        if let Some(ca) = c.get("contextActivities") {
            only_keys(
                ca,
                &["parent", "grouping", "category", "other"],
                "contextActivities",
                &mut errs,
            );
            for (k, list) in ca.as_object().into_iter().flatten() {
                match list.as_array() {
                    Some(a) => {
                        for (i, x) in a.iter().enumerate() {
                            check_activity(
                                x,
                                &format!("context.contextActivities.{k}[{i}]"),
                                &mut errs,
                            );
                        }
                    }
                    None => {
                        check_activity(list, &format!("context.contextActivities.{k}"), &mut errs)
                    }
                }
            }
        }
        if let Some(e) = c.get("extensions") {
            check_extensions(e, "context.extensions", &mut errs);
        }
        if let Some(r) = c.get("statement") {
            only_keys(r, &["objectType", "id"], "context.statement", &mut errs);
            if r.get("objectType").and_then(Value::as_str) != Some("StatementRef") {
                errs.push("context.statement.objectType: not StatementRef".into());
            }
            if !r.get("id").and_then(Value::as_str).is_some_and(is_uuid) {
                errs.push("context.statement.id: missing or not a UUID".into());
            }
        }
    }
    if let Some(t) = s.get("timestamp")
        && !t.as_str().is_some_and(is_timestamp)
    {
        errs.push(format!("timestamp: `{t}` is not ISO 8601"));
    }
    errs
}

fn assert_valid(statements: &[Value]) {
    assert!(!statements.is_empty());
    for (i, s) in statements.iter().enumerate() {
        let v = violations(s);
        assert!(
            v.is_empty(),
            "statement {i} breaks xAPI 1.0.3: {v:?}\n{s:#}"
        );
    }
    let mut ids: Vec<&str> = statements.iter().filter_map(|s| s["id"].as_str()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "statement ids are unique");
}

fn play_assignment(data: &Path, pseudonym: &str, replies: &str) -> PathBuf {
    let o = alliance(
        data,
        &[
            "play",
            "--assignment",
            fixture("assignments/mini.yaml").to_str().unwrap(),
            "--pseudonym",
            pseudonym,
            "--replies",
            replies,
        ],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    files(&data.join("submissions")).pop().unwrap()
}

const EXT: &str = "https://alliance.example.org/xapi/ext/";

#[test]
fn every_statement_of_a_submission_is_valid_and_carries_the_figures() {
    let d = tempfile::tempdir().unwrap();
    let path = play_assignment(d.path(), "Blue Fox", "2,2,2/2,1,1");
    let bundle: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let o = alliance(
        d.path(),
        &["report", path.to_str().unwrap(), "--format", "xapi"],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let st: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_valid(&st);

    let attempts = bundle["content"]["vignettes"][0]["attempts"]
        .as_array()
        .unwrap();
    assert_eq!(attempts.len(), 2);
    let turns: usize = attempts
        .iter()
        .map(|a| a["transcript"]["turns"].as_array().unwrap().len())
        .sum();
    let by_verb = |v: &str| {
        st.iter()
            .filter(|s| s["verb"]["id"] == format!("http://adlnet.gov/expapi/verbs/{v}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(by_verb("answered").len(), turns, "one answered per turn");
    let completed = by_verb("completed");
    assert_eq!(completed.len(), 3, "two attempts and the assignment");
    for (a, s) in attempts.iter().zip(&completed) {
        assert_eq!(s["actor"]["account"]["name"], "Blue Fox");
        assert_eq!(
            s["object"]["definition"]["type"],
            "http://adlnet.gov/expapi/activities/simulation"
        );
        let total = a["debrief"]["wai_sr"]["total"].as_f64().unwrap();
        assert_eq!(s["result"]["score"]["raw"].as_f64(), Some(total));
        assert_eq!(s["result"]["score"]["min"], 12);
        assert_eq!(s["result"]["score"]["max"], 60);
        let scaled = s["result"]["score"]["scaled"].as_f64().unwrap();
        assert!((scaled - (total - 12.0) / 48.0).abs() < 1e-4);
        assert_eq!(s["result"]["success"], a["verdict"]["passed"]);
        assert_eq!(s["result"]["completion"], true);
        assert_eq!(s["context"]["registration"], a["registration"]);
        assert_eq!(
            s["result"]["extensions"][format!("{EXT}wai-sr")]["total"]
                .as_f64()
                .unwrap(),
            total
        );
        assert!(s["result"]["extensions"][format!("{EXT}miti")].is_object());
        assert_eq!(
            s["context"]["contextActivities"]["parent"][0]["id"],
            "https://alliance.example.org/xapi/assignments/mini-week-1"
        );
    }
    let first_ruptures = &completed[0]["result"]["extensions"][format!("{EXT}ruptures")];
    assert_eq!(first_ruptures[0]["marker"], "deferential_appeasing");
    assert_eq!(first_ruptures[0]["repaired_at"], Value::Null);
    // The answered statements: the decision point's replies as choices, the best one as correct.
    let a1 = by_verb("answered")[0];
    let def = &a1["object"]["definition"];
    assert_eq!(def["interactionType"], "choice");
    assert_eq!(def["choices"].as_array().unwrap().len(), 3);
    assert_eq!(def["correctResponsesPattern"], json!(["reply-0"]));
    assert_eq!(a1["result"]["response"], "reply-1");
    assert_eq!(a1["result"]["success"], false);
    assert_eq!(
        a1["result"]["extensions"][format!("{EXT}rupture")],
        "deferential_appeasing"
    );
    // The assignment statement: overall success, registered under the submission.
    let asg = completed[2];
    assert_eq!(asg["result"]["success"], bundle["content"]["passed"]);
    assert_eq!(
        asg["context"]["registration"],
        bundle["content"]["submission_id"]
    );
}

#[test]
fn the_class_command_writes_only_statements_with_format_xapi_and_they_are_valid() {
    let d = tempfile::tempdir().unwrap();
    play_assignment(d.path(), "one", "1,1");
    play_assignment(d.path(), "two", "3,2/1,1");
    let out = d.path().join("out");
    let o = alliance(
        d.path(),
        &[
            "class",
            d.path().join("submissions").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "xapi",
        ],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!out.join("attempts.csv").exists() && !out.join("report.html").exists());
    let st: Vec<Value> =
        serde_json::from_slice(&std::fs::read(out.join("statements.json")).unwrap()).unwrap();
    assert_valid(&st);
    // one: 2 turns + attempt + assignment; two: (2 + 1) + (2 + 1) + assignment.
    assert_eq!(st.len(), 4 + 7);
    let names: Vec<&str> = st
        .iter()
        .map(|s| s["actor"]["account"]["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"one") && names.contains(&"two"));
}

#[test]
fn a_follow_up_visit_continued_in_an_assignment_gives_valid_statements() {
    let d = tempfile::tempdir().unwrap();
    let o = common::alliance_in(
        d.path(),
        &[&fixture("follow")],
        &[
            "play",
            "--assignment",
            fixture("follow-assignment/pair.yaml").to_str().unwrap(),
            "--pseudonym",
            "Blue Fox",
            "--seed",
            "5",
            "--replies",
            "1,1",
            "--replies",
            "1,1",
        ],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let path = files(&d.path().join("submissions")).pop().unwrap();
    let o = common::alliance_in(
        d.path(),
        &[&fixture("follow")],
        &["report", path.to_str().unwrap(), "--format", "xapi"],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let st: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_valid(&st);
    let follow_up = st
        .iter()
        .find(|s| {
            s["context"]["extensions"]
                .get(format!("{EXT}follow-up"))
                .is_some()
        })
        .expect("the follow-up's attempt statement says how it started");
    let continued = &follow_up["context"]["statement"]["id"];
    assert!(
        st.iter().any(|s| &s["id"] == continued),
        "it refers to a statement of the same submission"
    );
}

#[test]
fn a_single_transcript_reports_as_xapi_with_a_pseudonym_and_stable_ids() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance(
        d.path(),
        &["play", "mini-review", "--seed", "4", "--replies", "2,1,1"],
        "",
    );
    assert!(o.status.success());
    let t = files(&d.path().join("transcripts")).pop().unwrap();
    let run = || {
        alliance(
            d.path(),
            &[
                "report",
                t.to_str().unwrap(),
                "--format",
                "xapi",
                "--pseudonym",
                "Kim",
            ],
            "",
        )
    };
    let (a, b) = (run(), run());
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    let st: Vec<Value> = serde_json::from_slice(&a.stdout).unwrap();
    assert_valid(&st);
    assert_eq!(st.len(), 4, "three answered and one completed");
    assert!(
        st[3]["result"].get("success").is_none(),
        "no criteria, no success"
    );
    assert_eq!(
        a.stdout, b.stdout,
        "the same attempt gives the same statements"
    );
    // Without an actor there can be no statement.
    let o = alliance(
        d.path(),
        &["report", t.to_str().unwrap(), "--format", "xapi"],
        "",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--pseudonym"));
}

#[test]
fn an_attempt_stopped_before_an_ending_is_terminated_and_incomplete() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance(
        d.path(),
        &[
            "play",
            "--assignment",
            fixture("assignments/mini.yaml").to_str().unwrap(),
            "--pseudonym",
            "q",
        ],
        "2\n",
    );
    assert!(o.status.success());
    let path = files(&d.path().join("submissions")).pop().unwrap();
    let o = alliance(
        d.path(),
        &["report", path.to_str().unwrap(), "--format", "xapi"],
        "",
    );
    let st: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_valid(&st);
    let attempt = &st[1];
    assert_eq!(
        attempt["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/terminated"
    );
    assert_eq!(attempt["result"]["completion"], false);
    assert_eq!(attempt["result"]["success"], false);
}

#[test]
fn the_checker_itself_rejects_what_an_lrs_would_reject() {
    let d = tempfile::tempdir().unwrap();
    let path = play_assignment(d.path(), "x", "1,1");
    let o = alliance(
        d.path(),
        &["report", path.to_str().unwrap(), "--format", "xapi"],
        "",
    );
    let st: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    let completed = st
        .iter()
        .find(|s| {
            s["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/simulation"
        })
        .unwrap()
        .clone();
    let answered = st[0].clone();
    assert!(violations(&completed).is_empty());
    type Break = Box<dyn Fn(&mut Value)>;
    let broken: Vec<(&str, Break)> = vec![
        (
            "no actor",
            Box::new(|s| {
                s.as_object_mut().unwrap().remove("actor");
            }),
        ),
        (
            "two identifiers",
            Box::new(|s| s["actor"]["mbox"] = json!("mailto:a@b.c")),
        ),
        (
            "relative verb id",
            Box::new(|s| s["verb"]["id"] = json!("verbs/completed")),
        ),
        (
            "display not a map",
            Box::new(|s| s["verb"]["display"] = json!("completed")),
        ),
        (
            "scaled out of range",
            Box::new(|s| s["result"]["score"]["scaled"] = json!(1.5)),
        ),
        (
            "raw above max",
            Box::new(|s| s["result"]["score"]["raw"] = json!(61)),
        ),
        (
            "bad duration",
            Box::new(|s| s["result"]["duration"] = json!("4m30s")),
        ),
        (
            "bad registration",
            Box::new(|s| s["context"]["registration"] = json!("attempt-1")),
        ),
        (
            "bad timestamp",
            Box::new(|s| s["timestamp"] = json!("23/11/2026")),
        ),
        (
            "relative extension",
            Box::new(|s| s["result"]["extensions"]["wai"] = json!(1)),
        ),
        ("unknown property", Box::new(|s| s["grade"] = json!("A"))),
        (
            "a statement reference that is not one",
            Box::new(|s| s["context"]["statement"] = json!({"id": "attempt-1"})),
        ),
    ];
    for (what, f) in broken {
        let mut s = completed.clone();
        f(&mut s);
        assert!(!violations(&s).is_empty(), "the checker missed: {what}");
    }
    let mut s = answered.clone();
    s["object"]["definition"]["correctResponsesPattern"] = json!(["reply-9"]);
    assert!(!violations(&s).is_empty(), "a pattern naming no choice");
    for ok in ["PT0S", "PT4M30S", "P1DT2H", "PT1.5S", "P2W"] {
        assert!(is_duration(ok), "{ok}");
    }
    for bad in ["P", "PT", "4M", "PT4H3", "P1H", "PT1.S"] {
        assert!(!is_duration(bad), "{bad}");
    }
}

#[test]
fn typed_turns_are_long_fill_in_answers_with_the_reading() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance(
        d.path(),
        &["play", "mini-review", "--seed", "4", "--typed"],
        "blorf\nIt sounds like you've been really hard on yourself about this.\n",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let t = files(&d.path().join("transcripts")).pop().unwrap();
    let o = alliance(
        d.path(),
        &[
            "report",
            t.to_str().unwrap(),
            "--format",
            "xapi",
            "--pseudonym",
            "Kim",
        ],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let st: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_valid(&st);
    let answers: Vec<&Value> = st
        .iter()
        .filter(|s| s["verb"]["id"].as_str().unwrap().ends_with("/answered"))
        .collect();
    assert_eq!(answers.len(), 2);
    for a in &answers {
        let def = &a["object"]["definition"];
        assert_eq!(def["interactionType"], "long-fill-in");
        assert!(def.get("choices").is_none() && def.get("correctResponsesPattern").is_none());
        assert!(a["object"]["id"].as_str().unwrap().ends_with("/typed"));
    }
    let ext = |a: &Value, k: &str| {
        a["result"]["extensions"][format!("https://alliance.example.org/xapi/ext/{k}")].clone()
    };
    assert_eq!(answers[0]["result"]["response"], "blorf");
    assert_eq!(ext(answers[0], "matched"), Value::Null);
    assert_eq!(ext(answers[1], "matched"), "reply-0");
    assert!(ext(answers[1], "match-confidence").as_f64().unwrap() >= 0.42);
}

/// The version digit of a UUID (`xxxxxxxx-xxxx-Vxxx-…`).
fn uuid_version(id: &str) -> char {
    id.split('-')
        .nth(2)
        .and_then(|p| p.chars().next())
        .unwrap_or('?')
}

#[test]
fn statement_ids_are_name_based_and_a_second_run_writes_the_same_statements() {
    let d = tempfile::tempdir().unwrap();
    play_assignment(d.path(), "one", "1,1");
    play_assignment(d.path(), "two", "3,2/1,1");
    let class = |out: &str| {
        let out = d.path().join(out);
        let o = alliance(
            d.path(),
            &[
                "class",
                d.path().join("submissions").to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--format",
                "xapi",
            ],
            "",
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read(out.join("statements.json")).unwrap()
    };
    let (first, second) = (class("a"), class("b"));
    assert_eq!(
        first, second,
        "the same submissions give byte-identical statements, so an LRS sees a re-post as the same"
    );
    let st: Vec<Value> = serde_json::from_slice(&first).unwrap();
    assert_valid(&st);
    for s in &st {
        let id = s["id"].as_str().unwrap();
        assert_eq!(uuid_version(id), '5', "a name-based (version 5) id: {id}");
        assert!(
            s["timestamp"].as_str().is_some_and(is_timestamp),
            "every statement carries its own timestamp, so an LRS stores it as sent: {s}"
        );
    }
}

#[test]
fn a_submission_handed_in_twice_under_another_name_writes_no_statement_id_twice() {
    use alliance::assign::seal::{open, seal};
    let d = tempfile::tempdir().unwrap();
    let path = play_assignment(d.path(), "one", "1,1");
    // The same submission (its ids) handed in again under another pseudonym, checksum redone: a copy the
    // intake counts, whose statement ids repeat the first file's.
    let mut copy = open(&std::fs::read(&path).unwrap()).unwrap().submission;
    copy.pseudonym = "someone else".to_owned();
    std::fs::write(
        d.path().join("submissions").join("zz-copy.json"),
        seal(&copy),
    )
    .unwrap();
    let out = d.path().join("out");
    let o = alliance(
        d.path(),
        &[
            "class",
            d.path().join("submissions").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "xapi",
        ],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("left out of the statements: 4 from zz-copy.json"),
        "the copy's statements are reported as left out: {stdout}"
    );
    let st: Vec<Value> =
        serde_json::from_slice(&std::fs::read(out.join("statements.json")).unwrap()).unwrap();
    assert_valid(&st);
    assert_eq!(st.len(), 4, "only the first file's statements: {stdout}");
    assert!(stdout.contains("(4 xAPI statements)"), "{stdout}");
}
