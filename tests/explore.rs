//! `mgate explore` over HTTP, without a browser: the server is started as a user would start it
//! (`--port 0`, the address read from its output, stopped by closing its standard input) and
//! spoken to with plain HTTP/1.1 requests, so that headers a browser would never send can be
//! sent. The page itself is driven in Chromium by `tests/browser/explore.mjs`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

const DISCLAIMER: &str = "Illustrative toy model: not calibrated, not medical advice";
const MG_DOSE: &str = "arms.mag.regimens.0.amount";

/// A running `mgate explore`.
struct Explore {
    child: Child,
    stdin: Option<ChildStdin>,
    port: u16,
    token: String,
    /// The folder saved runs go into (`--out-dir`).
    out_dir: PathBuf,
    _scratch: tempfile::TempDir,
}

/// A reply: status, headers (lower-case names) and body.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Explore {
    /// `mgate explore scenarios/dai2018_sweep.toml` with 20 subjects and `args`.
    fn start(args: &[&str]) -> Self {
        let scratch = tempfile::tempdir().unwrap();
        let out_dir = scratch.path().join("saved");
        let mut child = Command::new(env!("CARGO_BIN_EXE_mgate"))
            .arg("explore")
            .arg(repo("scenarios/dai2018_sweep.toml"))
            .args([
                "--port",
                "0",
                "--set",
                "population.subjects=20",
                "--out-dir",
            ])
            .arg(&out_dir)
            .args(args)
            .current_dir(scratch.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim();
        let rest = url
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("no address printed: {line:?}"));
        let (port, token) = rest.trim_end_matches('/').split_once('/').unwrap();
        assert_eq!(token.len(), 32, "{url}");
        Self {
            stdin: child.stdin.take(),
            child,
            port: port.parse().unwrap(),
            token: token.to_string(),
            out_dir,
            _scratch: scratch,
        }
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Sends a raw request; `headers` come after Host (unless they replace it).
    fn raw(&self, head: &str, body: &[u8]) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        // The server may answer (413) before the body is read: a failed write is fine.
        let _ = stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(body));
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {text:?}"));
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_string(),
        }
    }

    fn request(&self, method: &str, path: &str, extra: &[(&str, &str)], body: &str) -> Reply {
        let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
        if !extra.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: {}\r\n", self.host()));
        }
        for (name, value) in extra {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if method == "POST" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        self.raw(&head, body.as_bytes())
    }

    fn get(&self, rest: &str) -> Reply {
        self.request("GET", &format!("/{}/{rest}", self.token), &[], "")
    }

    fn post(&self, rest: &str, body: &serde_json::Value) -> Reply {
        self.request(
            "POST",
            &format!("/{}/{rest}", self.token),
            &[
                ("Content-Type", "application/json"),
                ("Origin", &format!("http://{}", self.host())),
            ],
            &body.to_string(),
        )
    }

    /// Closes standard input and waits for the server to stop; returns its stderr.
    fn stop(mut self) -> (std::process::ExitStatus, String) {
        drop(self.stdin.take());
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let mut stderr = String::new();
                self.child
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut stderr)
                    .unwrap();
                return (status, stderr);
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the server did not stop when its standard input closed"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Explore {
    fn drop(&mut self) {
        drop(self.stdin.take());
        if self.child.try_wait().ok().flatten().is_none() {
            std::thread::sleep(Duration::from_millis(300));
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[test]
fn every_request_needs_the_token_the_host_and_the_origin() {
    let server = Explore::start(&[]);
    let page = server.get("");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(DISCLAIMER));
    assert!(
        page.header("content-security-policy")
            .is_some_and(|csp| csp.contains("default-src 'none'"))
    );
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    for path in [
        "/",
        "/page.js",
        "/api/setup",
        "/0123456789abcdef0123456789abcdef/",
    ] {
        assert_eq!(server.request("GET", path, &[], "").status, 403, "{path}");
    }
    let wrong = format!("/{}x/", server.token);
    assert_eq!(server.request("GET", &wrong, &[], "").status, 403);
    let page_path = format!("/{}/", server.token);
    for host in ["evil.example", "evil.example:80", "127.0.0.1:1", "[::1]"] {
        let reply = server.request("GET", &page_path, &[("Host", host)], "");
        assert_eq!(reply.status, 403, "Host {host}");
    }
    let local = format!("localhost:{}", server.port);
    assert_eq!(
        server
            .request("GET", &page_path, &[("Host", &local)], "")
            .status,
        200
    );
    let simulate = format!("/{}/api/simulate", server.token);
    for origin in ["http://evil.example", "null", "https://127.0.0.1"] {
        let reply = server.request(
            "POST",
            &simulate,
            &[("Content-Type", "application/json"), ("Origin", origin)],
            "{}",
        );
        assert_eq!(reply.status, 403, "Origin {origin}");
    }
    // Method and path.
    assert_eq!(server.get("api/simulate").status, 405);
    assert_eq!(server.get("../Cargo.toml").status, 404);
    assert_eq!(server.get("api/nothing").status, 404);
    let form = server.request(
        "POST",
        &simulate,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        "values=1",
    );
    assert_eq!(form.status, 415);
    // The page's own files.
    assert!(server.get("page.js").body.contains("api/simulate"));
    assert_eq!(
        server.get("page.css").header("content-type"),
        Some("text/css; charset=utf-8")
    );
    let (status, stderr) = server.stop();
    assert!(status.success(), "{stderr}");
    assert!(stderr.contains(DISCLAIMER), "{stderr}");
}

#[test]
fn bodies_larger_than_64_kib_are_refused() {
    let server = Explore::start(&[]);
    let path = format!("/{}/api/simulate", server.token);
    let big = format!(
        "{{\"values\": {{}}, \"name\": \"{}\"}}",
        "a".repeat(70 * 1024)
    );
    let declared = server.request("POST", &path, &[("Content-Type", "application/json")], &big);
    assert_eq!(declared.status, 413);
    // Without a length, counted as it is read.
    let mut chunked = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        server.host()
    );
    chunked.push_str(&format!("{:x}\r\n{big}\r\n0\r\n\r\n", big.len()));
    assert_eq!(server.raw(&chunked, b"").status, 413);
    assert_eq!(
        server.post("api/simulate", &serde_json::json!({})).status,
        200
    );
}

#[test]
fn a_bad_value_gets_the_message_of_the_same_set_option_and_the_server_goes_on() {
    let server = Explore::start(&[]);
    let reply = server.post(
        "api/simulate",
        &serde_json::json!({"values": {MG_DOSE: "-5", "parameters.n_gate": "steep"}}),
    );
    assert_eq!(reply.status, 422, "{}", reply.body);
    let json = reply.json();
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 2, "{json}");
    let dose = problems.iter().find(|p| p["path"] == MG_DOSE).unwrap();
    assert!(
        dose["message"]
            .as_str()
            .unwrap()
            .contains("-5 is out of range; expected a number from 0 to 5000 mg"),
        "{dose}"
    );
    assert_eq!(dose["location"], format!("--set {MG_DOSE}=-5"));
    assert!(problems.iter().any(|p| p["path"] == "parameters.n_gate"
        && p["message"].as_str().unwrap().contains("expected a number")));
    // The whole report, as the command line prints it for the same options.
    let report = json["report"].as_str().unwrap();
    assert!(report.contains("2 problems found"), "{report}");
    assert!(
        report.contains("--> command line: --set arms.mag.regimens.0.amount=-5"),
        "{report}"
    );
    // Values no control stands for, values of the wrong kind, and bodies that are not JSON.
    let unknown = server.post(
        "api/simulate",
        &serde_json::json!({"values": {"simulation.duration_days": "36500"}}),
    );
    assert_eq!(unknown.status, 422);
    assert!(unknown.body.contains("not a control of this page"));
    let nested = server.post(
        "api/simulate",
        &serde_json::json!({"values": {MG_DOSE: {"a": 1}}}),
    );
    assert_eq!(nested.status, 422);
    let garbage = server.request(
        "POST",
        &format!("/{}/api/simulate", server.token),
        &[("Content-Type", "application/json")],
        "{\"values\": [",
    );
    assert_eq!(garbage.status, 400);
    let too_many = server.post(
        "api/simulate",
        &serde_json::json!({"values": {"population.subjects": "1000000"}}),
    );
    assert_eq!(too_many.status, 422);
    assert!(too_many.body.contains("at most 10000 subjects"));
    // Still answering.
    let good = server.post(
        "api/simulate",
        &serde_json::json!({"values": {MG_DOSE: 100}}),
    );
    assert_eq!(good.status, 200, "{}", good.body);
}

#[test]
fn simulate_returns_every_arms_time_courses_and_the_effect_by_baseline() {
    let server = Explore::start(&[]);
    let setup = server.get("api/setup").json();
    let paths: Vec<&str> = setup["controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    for path in [
        MG_DOSE,
        "arms.mag.regimens.0.schedule",
        "population.subjects",
        "population.vitamin_d_input_iu_per_day.median",
        "population.mg_intake_mg_per_day.mean",
        "parameters.n_gate",
        "parameters.k_2r1",
        "parameters.k_24a1",
        "parameters.emax_24",
    ] {
        assert!(paths.contains(&path), "{path} not in {paths:?}");
    }
    assert_eq!(setup["disclaimer"], DISCLAIMER);
    let reply = server.post("api/simulate", &serde_json::json!({"values": {}}));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let results = reply.json();
    assert_eq!(results["days"], serde_json::json!([0.0, 28.0, 56.0, 84.0]));
    assert_eq!(results["subjects"], 20);
    let arms = results["arms"].as_array().unwrap();
    assert_eq!(arms.len(), 2);
    for arm in arms {
        let quartiles = arm["quartiles"].as_array().unwrap();
        assert_eq!(quartiles.len(), 3, "25(OH)D, serum Mg, calcitriol");
        for course in quartiles {
            for day in course.as_array().unwrap() {
                let q: Vec<f64> = serde_json::from_value(day.clone()).unwrap();
                assert!(q[0] <= q[1] && q[1] <= q[2], "{q:?}");
            }
            assert_eq!(course.as_array().unwrap().len(), 4);
        }
    }
    // Small: quartiles per day, not every subject.
    assert!(reply.body.len() < 8 * 1024, "{} bytes", reply.body.len());
    let effects = |results: &serde_json::Value| -> Vec<f64> {
        results["effects"][0]["bins"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["effect"].as_f64().unwrap())
            .collect()
    };
    assert!(effects(&results).iter().any(|e| *e > 0.5));
    let none = server
        .post(
            "api/simulate",
            &serde_json::json!({"values": {MG_DOSE: "0"}}),
        )
        .json();
    assert!(effects(&none).iter().all(|e| e.abs() < 1e-6), "{none}");
    // The same settings give the same numbers (the arm-only simulation equals a whole one).
    let again = server
        .post(
            "api/simulate",
            &serde_json::json!({"values": {MG_DOSE: "400"}}),
        )
        .json();
    assert_eq!(again["arms"], results["arms"]);
    assert_eq!(again["effects"], results["effects"]);
}

#[test]
fn the_downloaded_scenario_validates_and_holds_the_changes() {
    let server = Explore::start(&[]);
    let reply = server.post(
        "api/scenario",
        &serde_json::json!({
            "values": {MG_DOSE: "250", "arms.mag.regimens.0.schedule": "every",
                       "arms.mag.regimens.0.interval_days": "2", "parameters.k_24a1": "2.5"},
            "name": "dai_lecture",
        }),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.header("content-disposition"),
        Some("attachment; filename=\"dai_lecture.toml\"")
    );
    assert!(reply.body.starts_with("# Written by `mgate explore`"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dai_lecture.toml");
    std::fs::write(&file, &reply.body).unwrap();
    let validated = Command::new(env!("CARGO_BIN_EXE_mgate"))
        .arg("validate")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        validated.status.success(),
        "{}",
        String::from_utf8_lossy(&validated.stderr)
    );
    assert!(
        String::from_utf8_lossy(&validated.stdout).contains("dai_lecture: 2 arm(s), 20 subject(s)")
    );
    for line in [
        "amount = 250",
        "schedule = \"every\"",
        "interval_days = 2",
        "k_24a1 = 2.5",
        "subjects = 20",
    ] {
        assert!(reply.body.contains(line), "{line} missing:\n{}", reply.body);
    }
    let bad_name = server.post(
        "api/scenario",
        &serde_json::json!({"values": {}, "name": "../Dai Lecture"}),
    );
    assert_eq!(bad_name.status, 422);
    assert_eq!(bad_name.json()["problems"][0]["path"], "name");
}

#[test]
fn save_writes_the_run_folder_of_mgate_run_and_never_overwrites() {
    let server = Explore::start(&[]);
    let request = serde_json::json!({"values": {MG_DOSE: "300"}, "name": "saved_run"});
    let reply = server.post("api/save", &request);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let folder = server.out_dir.join("saved_run");
    assert_eq!(
        reply.json()["folder"].as_str().map(PathBuf::from),
        Some(folder.clone())
    );
    // The folder `mgate run` writes with the same changes.
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    let output = Command::new(env!("CARGO_BIN_EXE_mgate"))
        .arg("run")
        .arg(repo("scenarios/dai2018_sweep.toml"))
        .args(["--set", "population.subjects=20", "--set"])
        .arg(format!("{MG_DOSE}=300"))
        .args(["--set", "name=saved_run", "--quiet", "--out"])
        .arg(&run)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listing = |folder: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.extend(
            std::fs::read_dir(folder.join("plots"))
                .unwrap()
                .map(|e| format!("plots/{}", e.unwrap().file_name().to_string_lossy())),
        );
        names.sort();
        names
    };
    assert_eq!(listing(&folder), listing(&run));
    for file in [
        "subjects.csv",
        "summary.csv",
        "effects.csv",
        "timeseries.csv",
    ] {
        assert_eq!(
            std::fs::read_to_string(folder.join(file)).unwrap(),
            std::fs::read_to_string(run.join(file)).unwrap(),
            "{file}"
        );
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("manifest.json")).unwrap())
            .unwrap();
    let command: Vec<&str> = manifest["command_line"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(command[..2], ["mgate", "run"]);
    assert!(
        command.contains(&"arms.mag.regimens.0.amount=300"),
        "{command:?}"
    );
    // Never over earlier results.
    let before = std::fs::read_to_string(folder.join("subjects.csv")).unwrap();
    let again = server.post(
        "api/save",
        &serde_json::json!({"values": {MG_DOSE: "0"}, "name": "saved_run"}),
    );
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.body.contains("already holds"), "{}", again.body);
    assert_eq!(
        std::fs::read_to_string(folder.join("subjects.csv")).unwrap(),
        before
    );
    // A name is never a path.
    for name in ["../outside", "/tmp/x", "a/b", ""] {
        let reply = server.post("api/save", &serde_json::json!({"values": {}, "name": name}));
        assert_eq!(reply.status, 422, "{name}: {}", reply.body);
    }
    let entries: Vec<_> = std::fs::read_dir(&server.out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, ["saved_run"]);
    assert!(!server.out_dir.parent().unwrap().join("outside").exists());
}

#[test]
fn bad_starts_exit_2_with_a_message() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_mgate"))
            .arg("explore")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let file = repo("scenarios/dai2018_sweep.toml");
    let file = file.to_str().unwrap();
    let unknown = run(&[file, "--param", "k_24a"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean `k_24a1`"));
    let missing = run(&["no_such_file.toml"]);
    assert_eq!(missing.status.code(), Some(2));
    let bad_set = run(&[file, "--set", "arms.mag.regimens.0.amount=-1"]);
    assert_eq!(bad_set.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_set.stderr).contains("out of range"));
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let busy = run(&[file, "--port", &port]);
    assert_eq!(busy.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&busy.stderr).contains("choose another port"));
    // With standard input at its end, it starts, prints the address and stops.
    let quick = run(&[file, "--port", "0"]);
    assert!(quick.status.success());
    assert!(String::from_utf8_lossy(&quick.stdout).starts_with("http://127.0.0.1:"));
}
