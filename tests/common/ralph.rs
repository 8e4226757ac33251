//! A real xAPI LRS for the tests: Ralph (`ralph-malph`, installed by .ci/run in a venv named by
//! ALLIANCE_RALPH), on a free loopback port with its file-system backend and its own credentials file, stopped
//! when dropped. Tests that use it are ignored on a bare machine and fail loudly when it is missing.

use std::fs;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The environment variable naming Ralph's `ralph` executable (inside its venv).
pub const RALPH_ENV: &str = "ALLIANCE_RALPH";
/// The user and password the LRS accepts.
pub const USER: &str = "teacher";
/// The password of [`USER`].
pub const PASSWORD: &str = "correct horse battery staple";

/// Ralph's `ralph` executable, or a panic saying how to get it.
fn ralph_bin() -> PathBuf {
    let p = std::env::var_os(RALPH_ENV).map(PathBuf::from).unwrap_or_else(|| {
        panic!(
            "needs Ralph (an xAPI LRS): set {RALPH_ENV} to its `ralph` executable; .ci/run installs it \
             (python3 -m venv DIR && DIR/bin/pip install \"ralph-malph[cli,lrs]\" requests)"
        )
    });
    assert!(p.is_file(), "{RALPH_ENV}={} is not a file", p.display());
    p
}

/// Ralph's credentials file for USER, made once per test process (`ralph auth` hashes with bcrypt: seconds).
fn auth_json() -> &'static str {
    static AUTH: OnceLock<String> = OnceLock::new();
    AUTH.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let o = Command::new(ralph_bin())
            .env("RALPH_APP_DIR", dir.path())
            .env("RALPH_RUNSERVER_BACKEND", "fs")
            .args(["auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-A", USER])
            .args(["https://school.example", "-w"])
            .output()
            .expect("ralph runs");
        assert!(
            o.status.success(),
            "ralph auth failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        fs::read_to_string(dir.path().join("auth.json")).expect("ralph auth wrote auth.json")
    })
}

/// A running LRS.
pub struct Ralph {
    child: Option<Child>,
    port: u16,
    dir: tempfile::TempDir,
}

impl Ralph {
    /// Starts Ralph on a free loopback port and waits (at most 60 s) until it listens.
    pub fn start() -> Ralph {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("app")).unwrap();
        fs::create_dir_all(dir.path().join("data")).unwrap();
        fs::write(dir.path().join("app/auth.json"), auth_json()).unwrap();
        fs::write(
            dir.path().join("credentials"),
            format!("{USER}:{PASSWORD}\n"),
        )
        .unwrap();
        fs::write(
            dir.path().join("wrong-credentials"),
            format!("{USER}:not the password\n"),
        )
        .unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut r = Ralph {
            child: None,
            port,
            dir,
        };
        r.resume();
        r
    }

    /// Starts the server again (same port, same stored statements) after [`Ralph::stop`].
    pub fn resume(&mut self) {
        let python = ralph_bin().with_file_name("python");
        let shim = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lrs/ralph_fs_lrs.py");
        let log = fs::File::create(self.dir.path().join("server.log")).unwrap();
        let child = Command::new(python)
            .arg(shim)
            .arg(self.dir.path().join("data"))
            .arg(self.port.to_string())
            .env("RALPH_APP_DIR", self.dir.path().join("app"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("Ralph's python runs");
        self.child = Some(child);
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let started = Instant::now();
        loop {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return;
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("Ralph exited ({status}) before listening:\n{}", self.log());
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "Ralph did not listen within 60 s:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Stops the server (its statements stay on disk).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// The xAPI endpoint to give Alliance.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI/", self.port)
    }

    /// A file with the right credentials.
    pub fn credentials(&self) -> PathBuf {
        self.dir.path().join("credentials")
    }

    /// A file with a wrong password.
    pub fn wrong_credentials(&self) -> PathBuf {
        self.dir.path().join("wrong-credentials")
    }

    /// Every statement the LRS has stored, read from its file-system backend.
    pub fn stored(&self) -> Vec<Value> {
        match fs::read_to_string(self.dir.path().join("data/fs_lrs.jsonl")) {
            Ok(text) => text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).expect("Ralph stores JSON lines"))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// The server's log (for failure messages).
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }
}

impl Drop for Ralph {
    fn drop(&mut self) {
        self.stop();
    }
}
