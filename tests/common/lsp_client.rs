//! A small language client for tests and benchmarks: starts the real
//! `ibid lsp --stdio`, frames JSON-RPC with `Content-Length` over the child's
//! stdin and stdout, matches responses to requests by id, answers the
//! server's own requests, and collects notifications. Every wait has a
//! deadline, so a test fails instead of hanging.

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any single wait may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug)]
pub struct LspClient {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<(Value, Instant)>,
    next_id: i64,
    responses: HashMap<i64, Value>,
    pub notifications: VecDeque<Value>,
    /// When each notification's last byte was read, before it was decoded:
    /// a latency measured to here is the server's, not this client's JSON
    /// decoding of a large message.
    arrivals: VecDeque<Instant>,
    /// Requests the server sent to the client, in order.
    pub server_requests: Vec<Value>,
    /// Answers with a null id: errors about messages the server could not read.
    pub unaddressed: Vec<Value>,
    stderr: Arc<Mutex<Vec<u8>>>,
    /// Bytes the server wrote to stdout that were not a framed message.
    garbage: Arc<Mutex<Vec<u8>>>,
}

/// Where in `text` a byte offset is, as the protocol counts: UTF-16 code
/// units, or bytes when `utf8`. Written here independently of ibid.
pub fn position(text: &str, offset: usize, utf8: bool) -> Value {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count();
    let col: usize = if utf8 {
        offset - line_start
    } else {
        before[line_start..].chars().map(char::len_utf16).sum()
    };
    json!({ "line": line, "character": col })
}

/// The position of the `nth` occurrence (0-based) of `needle`, plus `delta`
/// bytes.
pub fn position_of(text: &str, needle: &str, nth: usize, delta: usize, utf8: bool) -> Value {
    position(text, offset_of(text, needle, nth) + delta, utf8)
}

pub fn offset_of(text: &str, needle: &str, nth: usize) -> usize {
    text.match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} occurs {} times", nth + 1))
        .0
}

/// The range of the `nth` occurrence of `needle`.
pub fn range_of(text: &str, needle: &str, nth: usize, utf8: bool) -> Value {
    let start = offset_of(text, needle, nth);
    json!({
        "start": position(text, start, utf8),
        "end": position(text, start + needle.len(), utf8),
    })
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl LspClient {
    /// Starts `ibid lsp --stdio` with extra environment variables.
    pub fn start(bin: &str, env: &[(&str, &str)]) -> LspClient {
        let mut command = Command::new(bin);
        command
            .args(["lsp", "--stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env("IBID_LOG", "ibid=debug");
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("the server starts");
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr_pipe = child.stderr.take().expect("piped stderr");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let garbage = Arc::new(Mutex::new(Vec::new()));
        let (tx, messages) = channel();
        {
            let stderr = stderr.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n) = stderr_pipe.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    stderr
                        .lock()
                        .expect("stderr buffer")
                        .extend_from_slice(&buf[..n]);
                }
            });
        }
        {
            let garbage = garbage.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stdout);
                loop {
                    let mut length = None;
                    loop {
                        let mut line = String::new();
                        match reader.read_line(&mut line) {
                            Ok(0) | Err(_) => return,
                            Ok(_) => {}
                        }
                        let line = line.trim_end();
                        if line.is_empty() {
                            break;
                        }
                        match line.split_once(':') {
                            Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                                length = value.trim().parse::<usize>().ok();
                            }
                            Some((name, _)) if name.eq_ignore_ascii_case("content-type") => {}
                            _ => garbage
                                .lock()
                                .expect("garbage")
                                .extend_from_slice(line.as_bytes()),
                        }
                    }
                    let Some(length) = length else {
                        continue;
                    };
                    let mut body = vec![0; length];
                    if reader.read_exact(&mut body).is_err() {
                        return;
                    }
                    let arrived = Instant::now();
                    let Ok(value) = serde_json::from_slice::<Value>(&body) else {
                        garbage.lock().expect("garbage").extend_from_slice(&body);
                        continue;
                    };
                    if tx.send((value, arrived)).is_err() {
                        return;
                    }
                }
            });
        }
        LspClient {
            child,
            stdin: Some(stdin),
            messages,
            next_id: 1,
            responses: HashMap::new(),
            notifications: VecDeque::new(),
            arrivals: VecDeque::new(),
            server_requests: Vec::new(),
            unaddressed: Vec::new(),
            stderr,
            garbage,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send(&mut self, message: &Value) {
        self.send_raw(&message.to_string());
    }

    pub fn send_raw(&mut self, body: &str) {
        let framed = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.stdin
            .as_mut()
            .expect("the input is open")
            .write_all(framed.as_bytes())
            .and_then(|()| self.stdin.as_mut().expect("the input is open").flush())
            .expect("the server reads its stdin");
    }

    /// Writes bytes as they are, framing included (or not).
    pub fn write_bytes(&mut self, bytes: &[u8]) {
        self.stdin
            .as_mut()
            .expect("the input is open")
            .write_all(bytes)
            .and_then(|()| self.stdin.as_mut().expect("the input is open").flush())
            .expect("the server reads its stdin");
    }

    /// Closes the server's input and waits for it to exit.
    pub fn close_input_and_wait(self) -> ExitStatus {
        let mut client = self;
        client.stdin = None;
        wait_exit(&mut client.child)
    }

    /// Sends `exit` (without `shutdown` unless sent before) and waits for
    /// the server to exit.
    pub fn exit(mut self) -> ExitStatus {
        self.notify("exit", Value::Null);
        wait_exit(&mut self.child)
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its id without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Waits for the response to request `id`: `Ok(result)` or
    /// `Err(error)`.
    pub fn response(&mut self, id: i64) -> Result<Value, Value> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(mut response) = self.responses.remove(&id) {
                if let Some(error) = response.get_mut("error") {
                    return Err(error.take());
                }
                return Ok(response
                    .get_mut("result")
                    .map(Value::take)
                    .unwrap_or(Value::Null));
            }
            assert!(
                self.pump(deadline),
                "no response to request {id} within {TIMEOUT:?}; stderr:\n{}",
                self.stderr()
            );
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// A request that must succeed.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.request(method, params)
            .unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    /// Reads one message within the deadline; false on timeout.
    fn pump(&mut self, deadline: Instant) -> bool {
        let now = Instant::now();
        let wait = deadline.saturating_duration_since(now);
        match self.messages.recv_timeout(wait) {
            Ok((message, arrived)) => {
                self.handle(message, arrived);
                true
            }
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the server closed its output; stderr:\n{}", self.stderr())
            }
        }
    }

    fn handle(&mut self, message: Value, arrived: Instant) {
        let id = message.get("id").cloned();
        let method = message
            .get("method")
            .and_then(Value::as_str)
            .map(str::to_string);
        match (id, method) {
            (Some(id), Some(method)) => {
                // The server asks something of the client: agree.
                let result = match method.as_str() {
                    "workspace/configuration" => {
                        let n = message["params"]["items"].as_array().map_or(0, Vec::len);
                        Value::Array(vec![Value::Null; n])
                    }
                    "window/showDocument" => json!({ "success": true }),
                    _ => Value::Null,
                };
                self.server_requests.push(message);
                self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
            }
            (Some(id), None) => match id.as_i64() {
                Some(id) => {
                    self.responses.insert(id, message);
                }
                None => self.unaddressed.push(message),
            },
            (None, _) => {
                self.notifications.push_back(message);
                self.arrivals.push_back(arrived);
            }
        }
    }

    /// Waits for a notification with `method` that satisfies `accept`, and
    /// removes it (and nothing else) from the queue.
    pub fn wait_for(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        self.wait_for_timed(method, accept).0
    }

    /// [`wait_for`](Self::wait_for), with when the notification arrived.
    pub fn wait_for_timed(
        &mut self,
        method: &str,
        accept: impl Fn(&Value) -> bool,
    ) -> (Value, Instant) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self
                .notifications
                .iter()
                .position(|n| n["method"] == method && accept(&n["params"]))
            {
                let n = self.notifications.remove(i).expect("index is valid");
                let arrived = self.arrivals.remove(i).unwrap_or_else(Instant::now);
                return (n["params"].clone(), arrived);
            }
            assert!(
                self.pump(deadline),
                "no {method} within {TIMEOUT:?}; got {:#?}; stderr:\n{}",
                self.notifications,
                self.stderr()
            );
        }
    }

    /// Forgets every notification received so far.
    pub fn clear_notifications(&mut self) {
        self.notifications.clear();
        self.arrivals.clear();
    }

    /// Reads messages for `period`, collecting them.
    pub fn drain_for(&mut self, period: Duration) {
        let deadline = Instant::now() + period;
        while self.pump(deadline) {}
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Value {
        self.diagnostics_timed(uri, version).0
    }

    /// [`diagnostics`](Self::diagnostics), with when they arrived.
    pub fn diagnostics_timed(&mut self, uri: &str, version: i64) -> (Value, Instant) {
        let (params, arrived) = self.wait_for_timed("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == version
        });
        (params["diagnostics"].clone(), arrived)
    }

    /// Starts the session: `initialize` with `capabilities` and `options`,
    /// then `initialized`. Returns the `initialize` result.
    pub fn initialize(&mut self, params: Value) -> Value {
        let mut full = json!({ "processId": null, "rootUri": null, "capabilities": {} });
        if let (Some(full), Some(params)) = (full.as_object_mut(), params.as_object()) {
            for (k, v) in params {
                full.insert(k.clone(), v.clone());
            }
        }
        let result = self.call("initialize", full);
        self.notify("initialized", json!({}));
        result
    }

    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "plaintext", "version": version, "text": text } }),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().expect("stderr buffer")).into_owned()
    }

    /// Asserts that the server logs `text` to stderr. A thread reads the
    /// pipe, so a line the server has written may reach the buffer a little
    /// later: the buffer is read again until it holds `text` or the timeout
    /// passes.
    #[track_caller]
    pub fn assert_logged(&self, text: &str) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let stderr = self.stderr();
            if stderr.contains(text) {
                return;
            }
            assert!(
                Instant::now() <= deadline,
                "{text:?} not logged; stderr:\n{stderr}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Anything the server wrote to stdout that was not a framed message.
    pub fn garbage(&self) -> String {
        String::from_utf8_lossy(&self.garbage.lock().expect("garbage")).into_owned()
    }

    /// `shutdown` then `exit`; returns the exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        self.call("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for the server") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Resident memory of the server now, in KiB (`VmRSS`).
    pub fn rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// Peak resident memory of the server in KiB (`VmHWM`).
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }
}

fn wait_exit(child: &mut Child) -> ExitStatus {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().expect("wait for the server") {
            return status;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(10));
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
