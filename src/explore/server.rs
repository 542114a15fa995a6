//! The HTTP side: a [`tiny_http`] server bound to 127.0.0.1, and the checks every request passes
//! before a handler sees it.
//!
//! - **Token**: every path starts with `/<token>/`, a 128-bit random token from the operating
//!   system's generator, so another page open in the browser (which cannot read this page's
//!   address) cannot drive the server. Wrong or missing: 403.
//! - **Host and Origin**: `Host` must be `127.0.0.1:PORT` or `localhost:PORT` (a DNS-rebinding
//!   page has another name), and `Origin`, when sent, the same origin: otherwise 403.
//! - **Method and path**: only the page's own files (GET) and its four calls (GET `api/setup`,
//!   POST `api/simulate`, `api/scenario`, `api/save` with a JSON body): 404 for any other path
//!   and 405 for another method.
//! - **Body**: at most [`MAX_BODY_BYTES`] (413 beyond, counted as read, whatever the headers say).
//! - **Panics**: a handler that panics answers 500; the server goes on.

use super::handlers::{self, Reply};
use super::{Route, Session};
use std::io::Read;
use std::net::{Ipv4Addr, TcpListener};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

/// Largest request body read, bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Threads answering requests (one can serve the page while another simulates).
const WORKERS: usize = 4;

/// How often an idle worker looks whether the server should stop.
const STOP_POLL: Duration = Duration::from_millis(100);

/// The secret part of the page's address: 128 bits from the operating system's generator, as
/// 32 hex digits.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// A fresh token.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)?;
        Ok(Self(bytes.iter().map(|b| format!("{b:02x}")).collect()))
    }

    /// The token as it appears in the address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `candidate` is this token, compared in time that does not depend on where they
    /// differ.
    fn matches(&self, candidate: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), candidate.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The port is taken, or may not be used.
    #[error(
        "cannot listen on 127.0.0.1:{port}: {source}; choose another port with --port, or leave it out for a free one"
    )]
    Bind {
        /// The port asked for.
        port: u16,
        /// Why.
        source: std::io::Error,
    },
    /// The operating system gave no random numbers for the token.
    #[error("cannot draw the access token from the operating system's random generator: {0}")]
    Random(getrandom::Error),
    /// The HTTP server could not take the socket.
    #[error("cannot start the HTTP server: {0}")]
    Server(String),
}

/// A server listening on 127.0.0.1, not yet answering.
pub struct Server {
    http: tiny_http::Server,
    token: Token,
    port: u16,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Server(127.0.0.1:{})", self.port)
    }
}

impl Server {
    /// Listens on 127.0.0.1 at `port` (0: a free port) with a fresh token.
    pub fn bind(port: u16) -> Result<Self, StartError> {
        let token = Token::generate().map_err(StartError::Random)?;
        let listener = listen(port).map_err(|source| StartError::Bind { port, source })?;
        let port = listener
            .local_addr()
            .map_err(|source| StartError::Bind { port, source })?
            .port();
        let http = tiny_http::Server::from_listener(listener, None)
            .map_err(|e| StartError::Server(e.to_string()))?;
        Ok(Self { http, token, port })
    }

    /// The page's address, token included.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/{}/", self.port, self.token.as_str())
    }

    /// The port listened on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Answers requests until `stop` is set.
    pub fn serve(&self, session: &Session, stop: &AtomicBool) {
        std::thread::scope(|scope| {
            for _ in 0..WORKERS {
                scope.spawn(|| {
                    while !stop.load(Ordering::Relaxed) {
                        match self.http.recv_timeout(STOP_POLL) {
                            Ok(Some(request)) => self.answer(session, request),
                            Ok(None) => {}
                            // The listener failed: nothing more will come.
                            Err(_) => break,
                        }
                    }
                });
            }
        });
    }

    /// Checks a request, hands it to its handler and sends the reply.
    fn answer(&self, session: &Session, mut request: Request) {
        let reply = match self.admit(&mut request) {
            Ok((route, body)) => guarded(|| handlers::handle(session, route, &body)),
            Err(refusal) => refusal,
        };
        // The browser may have gone away: nothing to do about a reply that cannot be sent.
        let _ = request.respond(response(reply));
    }

    /// The route and body of an admissible request, or the reply that refuses it.
    fn admit(&self, request: &mut Request) -> Result<(Route, Vec<u8>), Reply> {
        let header = |name: &'static str| {
            request
                .headers()
                .iter()
                .find(|h| h.field.equiv(name))
                .map(|h| h.value.as_str().to_string())
        };
        let head = Head {
            method: request.method().clone(),
            url: request.url().to_string(),
            host: header("Host"),
            origin: header("Origin"),
            content_type: header("Content-Type"),
        };
        let route = check(&head, &self.token, self.port)?;
        let mut body = Vec::new();
        if head.method == Method::Post {
            if request.body_length().is_some_and(|n| n > MAX_BODY_BYTES) {
                return Err(too_large());
            }
            request
                .as_reader()
                .take(MAX_BODY_BYTES as u64 + 1)
                .read_to_end(&mut body)
                .map_err(|_| Reply::text(400, "could not read the request body"))?;
            if body.len() > MAX_BODY_BYTES {
                return Err(too_large());
            }
        }
        Ok((route, body))
    }
}

/// The reply of `handler`, or a 500 if it panics: a handler that panics must not take the
/// server down (the panic's message goes to the console).
fn guarded(handler: impl FnOnce() -> Reply) -> Reply {
    catch_unwind(AssertUnwindSafe(handler))
        .unwrap_or_else(|_| Reply::text(500, "the server failed on this request; see its console"))
}

/// A listening socket on 127.0.0.1 with `TCP_NODELAY`, which the connections it accepts
/// inherit: tiny_http writes a response's headers and body separately, and without it the body
/// of every reply on a kept-alive connection waits for the browser's delayed acknowledgement
/// (about 40 ms on Linux), which would double the time from slider to redrawn plots.
fn listen(port: u16) -> std::io::Result<TcpListener> {
    use socket2::{Domain, Protocol, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))?;
    socket.set_tcp_nodelay(true)?;
    // As std's TcpListener::bind does on Unix: a port in TIME_WAIT can be reused at once.
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.bind(&std::net::SocketAddr::from((Ipv4Addr::LOCALHOST, port)).into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

fn too_large() -> Reply {
    Reply::text(
        413,
        &format!("request body larger than {MAX_BODY_BYTES} bytes"),
    )
}

/// What the checks look at in a request.
#[derive(Debug, Clone)]
struct Head {
    method: Method,
    url: String,
    host: Option<String>,
    origin: Option<String>,
    content_type: Option<String>,
}

/// The route of a request, or the reply refusing it: Host, Origin, token, path, method and
/// content type, in that order.
fn check(head: &Head, token: &Token, port: u16) -> Result<Route, Reply> {
    let own = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    let is_own = |authority: &str| own.iter().any(|o| o.eq_ignore_ascii_case(authority));
    if !head.host.as_deref().is_some_and(is_own) {
        return Err(Reply::text(
            403,
            "refused: the Host header must be 127.0.0.1:PORT or localhost:PORT",
        ));
    }
    if let Some(origin) = &head.origin
        && !origin.strip_prefix("http://").is_some_and(is_own)
    {
        return Err(Reply::text(
            403,
            "refused: requests must come from the page itself (Origin)",
        ));
    }
    // The path without a query string: `/<token>/<rest>`.
    let path = head.url.split(['?', '#']).next().unwrap_or("");
    let mut parts = path.strip_prefix('/').unwrap_or(path).splitn(2, '/');
    let given = parts.next().unwrap_or("");
    let rest = parts.next();
    if !token.matches(given) {
        return Err(Reply::text(
            403,
            "refused: this address needs the token printed by `mgate explore`",
        ));
    }
    let Some(rest) = rest else {
        // `/<token>` without the slash: relative addresses in the page need it.
        return Err(Reply::redirect(&format!("/{}/", token.as_str())));
    };
    let route = match rest {
        "" | "index.html" => Route::Page,
        "page.js" => Route::Script,
        "page.css" => Route::Style,
        "api/setup" => Route::Setup,
        "api/simulate" => Route::Simulate,
        "api/scenario" => Route::Scenario,
        "api/save" => Route::Save,
        _ => return Err(Reply::text(404, "no such page")),
    };
    let method = if route.takes_body() {
        Method::Post
    } else {
        Method::Get
    };
    if head.method != method {
        return Err(Reply::text(
            405,
            &format!("{} accepts only {method}", route.name()),
        ));
    }
    if route.takes_body()
        && !head
            .content_type
            .as_deref()
            .is_some_and(|t| t.trim().starts_with("application/json"))
    {
        return Err(Reply::text(415, "send the body as application/json"));
    }
    Ok(route)
}

/// A header known to be valid (built from constants).
fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// The HTTP response of a reply, with the headers every response carries: no caching, no
/// sniffing, no framing, no referrer (the address holds the token), and a content security
/// policy that allows only the page's own script and style.
fn response(reply: Reply) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut response = Response::from_data(reply.body).with_status_code(reply.status);
    let mut headers = vec![
        ("Content-Type", reply.content_type.to_string()),
        ("Cache-Control", "no-store".into()),
        ("X-Content-Type-Options", "nosniff".into()),
        ("Referrer-Policy", "no-referrer".into()),
        ("X-Frame-Options", "DENY".into()),
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'".into(),
        ),
    ];
    if let Some(name) = &reply.attachment {
        headers.push((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ));
    }
    if let Some(location) = &reply.location {
        headers.push(("Location", location.clone()));
    }
    for (name, value) in headers {
        if let Some(header) = header(name, &value) {
            response.add_header(header);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(method: Method, url: &str) -> Head {
        Head {
            method,
            url: url.to_string(),
            host: Some("127.0.0.1:8000".into()),
            origin: None,
            content_type: Some("application/json".into()),
        }
    }

    fn status(result: Result<Route, Reply>) -> u16 {
        result.map_or_else(|r| r.status, |_| 200)
    }

    #[test]
    fn a_handler_that_panics_gets_a_500() {
        assert_eq!(guarded(|| panic!("a bug in a handler")).status, 500);
        assert_eq!(guarded(|| Reply::text(200, "fine")).status, 200);
    }

    #[test]
    fn tokens_are_128_random_bits() {
        let (a, b) = (Token::generate().unwrap(), Token::generate().unwrap());
        assert_eq!(a.as_str().len(), 32);
        assert!(a.as_str().chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert!(a.matches(a.as_str()));
        assert!(!a.matches(b.as_str()) && !a.matches("") && !a.matches(&a.as_str()[1..]));
    }

    #[test]
    fn requests_are_checked_in_order() {
        let token = Token("0123456789abcdef0123456789abcdef".into());
        let ok = |method, url: &str| check(&head(method, url), &token, 8000);
        let t = token.as_str();
        assert!(matches!(
            ok(Method::Get, &format!("/{t}/")),
            Ok(Route::Page)
        ));
        assert!(matches!(
            ok(Method::Post, &format!("/{t}/api/simulate?x=1")),
            Ok(Route::Simulate)
        ));
        assert_eq!(status(ok(Method::Get, "/")), 403);
        assert_eq!(status(ok(Method::Get, "/0123/")), 403);
        assert_eq!(status(ok(Method::Get, &format!("/{t}"))), 303);
        assert_eq!(status(ok(Method::Get, &format!("/{t}/../etc/passwd"))), 404);
        assert_eq!(status(ok(Method::Get, &format!("/{t}/api/simulate"))), 405);
        assert_eq!(status(ok(Method::Post, &format!("/{t}/"))), 405);
        let mut form = head(Method::Post, &format!("/{t}/api/save"));
        form.content_type = Some("application/x-www-form-urlencoded".into());
        assert_eq!(status(check(&form, &token, 8000)), 415);
        for host in [None, Some("evil.example:8000"), Some("127.0.0.1:8001")] {
            let mut h = head(Method::Get, &format!("/{t}/"));
            h.host = host.map(String::from);
            assert_eq!(status(check(&h, &token, 8000)), 403, "{host:?}");
        }
        let mut local = head(Method::Get, &format!("/{t}/"));
        local.host = Some("localhost:8000".into());
        local.origin = Some("http://localhost:8000".into());
        assert!(check(&local, &token, 8000).is_ok());
        for origin in ["http://evil.example", "null", "https://127.0.0.1:8000"] {
            let mut h = head(Method::Post, &format!("/{t}/api/simulate"));
            h.origin = Some(origin.into());
            assert_eq!(status(check(&h, &token, 8000)), 403, "{origin}");
        }
    }
}
