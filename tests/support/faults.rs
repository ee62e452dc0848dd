//! Loopback helpers for the survival tests: a front that breaks answers in ways wiremock
//! cannot (cut off, reset), and the two kinds of proxy the server supports (HTTP and SOCKS5).
//!
//! All of them listen on 127.0.0.1 and connect only to 127.0.0.1; each connection carries
//! one request (`Connection: close`), which keeps the byte handling simple.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use url::Url;

/// The header a mock sets on its response to have the front break it.
pub const FAULT_HEADER: &str = "x-test-fault";

/// Cut the body in half after sending the full `Content-Length`.
pub const TRUNCATE: &str = "truncate";

/// Reset the connection (TCP RST) instead of answering.
pub const RESET: &str = "reset";

/// A listener task, stopped when dropped.
struct Listener {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn listen<F, Fut>(handle: F) -> Listener
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind(("127.0.0.1", 0)).await.expect("bind loopback");
    let addr = listener.local_addr().expect("bound address");
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(handle(stream));
        }
    });
    Listener { addr, task }
}

/// One HTTP/1.1 request or response as raw parts.
struct Message {
    head: String,
    body: Vec<u8>,
}

impl Message {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    /// The head with `connection: close` instead of any connection header, and without the
    /// headers named in `drop`.
    fn head_closing(&self, first_line: &str, drop: &[&str]) -> String {
        let mut head = format!("{first_line}\r\n");
        for line in self.head.lines().skip(1).filter(|line| !line.is_empty()) {
            let name = line.split(':').next().unwrap_or_default().trim().to_ascii_lowercase();
            if name != "connection" && !drop.contains(&name.as_str()) {
                head.push_str(line);
                head.push_str("\r\n");
            }
        }
        head.push_str("connection: close\r\n\r\n");
        head
    }

    fn first_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }
}

/// Reads a request head and its `Content-Length` body.
async fn read_request(stream: &mut TcpStream) -> Option<Message> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            break end;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut message = Message { head, body: buffer[head_end + 4..].to_vec() };
    let length: usize = message.header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    while message.body.len() < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        message.body.extend_from_slice(&chunk[..read]);
    }
    Some(message)
}

/// Reads a whole response from a connection the other side closes.
async fn read_response(stream: &mut TcpStream) -> Option<Message> {
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.ok()?;
    let head_end = find(&bytes, b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&bytes[..head_end]).into_owned();
    Some(Message { head, body: bytes[head_end + 4..].to_vec() })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Sends `request` (head rewritten to origin form) to `target` and returns its answer.
async fn exchange(target: SocketAddr, request: &Message, path: &str, drop: &[&str]) -> Message {
    let method = request.first_line().split(' ').next().unwrap_or("GET");
    let head = request.head_closing(&format!("{method} {path} HTTP/1.1"), drop);
    let mut upstream = TcpStream::connect(target).await.expect("upstream is up");
    upstream.write_all(head.as_bytes()).await.expect("send head");
    upstream.write_all(&request.body).await.expect("send body");
    read_response(&mut upstream).await.expect("upstream answers")
}

async fn write_message(stream: &mut TcpStream, message: &Message, body: &[u8]) {
    let _ = stream.write_all(message.head.as_bytes()).await;
    let _ = stream.write_all(b"\r\n\r\n").await;
    let _ = stream.write_all(body).await;
    let _ = stream.shutdown().await;
}

fn loopback(url: &str) -> SocketAddr {
    let url = Url::parse(url).expect("a URL");
    assert_eq!(url.host_str(), Some("127.0.0.1"), "tests talk to loopback only");
    SocketAddr::from(([127, 0, 0, 1], url.port().expect("a port")))
}

/// A front for a wiremock server that cuts off or resets the answers of mocks that carry
/// [`FAULT_HEADER`]; every other answer passes unchanged.
pub struct FaultFront {
    listener: Listener,
}

impl FaultFront {
    /// Fronts the server at `upstream` (`http://127.0.0.1:port`).
    pub async fn start(upstream: &str) -> Self {
        let target = loopback(upstream);
        let listener = listen(move |stream| serve_front(stream, target)).await;
        Self { listener }
    }

    /// The origin to point the client at.
    pub fn uri(&self) -> String {
        format!("http://{}", self.listener.addr)
    }
}

async fn serve_front(mut stream: TcpStream, target: SocketAddr) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let path = request.first_line().split(' ').nth(1).unwrap_or("/").to_owned();
    let answer = exchange(target, &request, &path, &[]).await;
    match answer.header(FAULT_HEADER) {
        Some(RESET) => {
            // A zero linger turns the close into a reset; it cannot block, there is nothing
            // left to send.
            #[allow(deprecated)]
            let _ = stream.set_linger(Some(std::time::Duration::ZERO));
            drop(stream);
        }
        Some(TRUNCATE) => {
            let half = answer.body.len() / 2;
            write_message(&mut stream, &answer, &answer.body[..half]).await;
        }
        _ => write_message(&mut stream, &answer, &answer.body).await,
    }
}

/// A forward HTTP proxy for plain-http targets on loopback, optionally demanding Basic
/// credentials; it counts the requests it forwarded.
pub struct HttpProxy {
    listener: Listener,
    forwarded: Arc<AtomicUsize>,
}

impl HttpProxy {
    /// Starts a proxy; with `credentials` (`user:password`) it answers 407 without them.
    pub async fn start(credentials: Option<&str>) -> Self {
        let forwarded = Arc::new(AtomicUsize::new(0));
        let expected = credentials.map(|c| format!("Basic {}", base64(c.as_bytes())));
        let counter = forwarded.clone();
        let listener =
            listen(move |stream| serve_http_proxy(stream, expected.clone(), counter.clone())).await;
        Self { listener, forwarded }
    }

    /// The proxy URL, with `userinfo` (`user:password@`) when given.
    pub fn url(&self, userinfo: &str) -> String {
        format!("http://{userinfo}{}", self.listener.addr)
    }

    pub fn forwarded(&self) -> usize {
        self.forwarded.load(Ordering::SeqCst)
    }
}

async fn serve_http_proxy(
    mut stream: TcpStream,
    expected: Option<String>,
    forwarded: Arc<AtomicUsize>,
) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let authorised =
        expected.is_none() || request.header("proxy-authorization") == expected.as_deref();
    if !authorised {
        let refusal = "HTTP/1.1 407 Proxy Authentication Required\r\n\
                       proxy-authenticate: Basic realm=\"test\"\r\ncontent-length: 0\r\n\
                       connection: close\r\n\r\n";
        let _ = stream.write_all(refusal.as_bytes()).await;
        return;
    }

    let target_url = request.first_line().split(' ').nth(1).unwrap_or_default().to_owned();
    let target = loopback(&target_url);
    let url = Url::parse(&target_url).expect("absolute-form target");
    let path = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    };
    forwarded.fetch_add(1, Ordering::SeqCst);
    let answer = exchange(target, &request, &path, &["proxy-authorization"]).await;
    write_message(&mut stream, &answer, &answer.body).await;
}

/// A SOCKS5 proxy (RFC 1928, username/password per RFC 1929 when configured) that connects
/// only to loopback; it counts the tunnels it opened.
pub struct Socks5Proxy {
    listener: Listener,
    tunnels: Arc<AtomicUsize>,
}

impl Socks5Proxy {
    pub async fn start(credentials: Option<(&str, &str)>) -> Self {
        let tunnels = Arc::new(AtomicUsize::new(0));
        let credentials = credentials.map(|(u, p)| (u.to_owned(), p.to_owned()));
        let counter = tunnels.clone();
        let listener =
            listen(move |stream| serve_socks(stream, credentials.clone(), counter.clone())).await;
        Self { listener, tunnels }
    }

    /// The proxy URL, with `userinfo` (`user:password@`) when given.
    pub fn url(&self, userinfo: &str) -> String {
        format!("socks5://{userinfo}{}", self.listener.addr)
    }

    pub fn tunnels(&self) -> usize {
        self.tunnels.load(Ordering::SeqCst)
    }
}

async fn serve_socks(
    mut stream: TcpStream,
    credentials: Option<(String, String)>,
    tunnels: Arc<AtomicUsize>,
) {
    if socks_handshake(&mut stream, credentials.as_ref()).await.is_none() {
        return;
    }
    let Some(target) = socks_connect_request(&mut stream).await else {
        return;
    };
    assert!(target.ip().is_loopback(), "tests tunnel to loopback only");
    let Ok(mut upstream) = TcpStream::connect(target).await else {
        let _ = stream.write_all(&[5, 5, 0, 1, 0, 0, 0, 0, 0, 0]).await;
        return;
    };
    tunnels.fetch_add(1, Ordering::SeqCst);
    let _ = stream.write_all(&[5, 0, 0, 1, 0, 0, 0, 0, 0, 0]).await;
    let _ = tokio::io::copy_bidirectional(&mut stream, &mut upstream).await;
}

/// Method negotiation and, when configured, username/password authentication.
async fn socks_handshake(
    stream: &mut TcpStream,
    credentials: Option<&(String, String)>,
) -> Option<()> {
    let mut greeting = [0u8; 2];
    stream.read_exact(&mut greeting).await.ok()?;
    let mut methods = vec![0u8; usize::from(greeting[1])];
    stream.read_exact(&mut methods).await.ok()?;

    let Some((user, password)) = credentials else {
        stream.write_all(&[5, 0]).await.ok()?;
        return Some(());
    };
    if !methods.contains(&2) {
        stream.write_all(&[5, 0xff]).await.ok()?;
        return None;
    }
    stream.write_all(&[5, 2]).await.ok()?;
    let given_user = read_counted(stream, 1).await?;
    let given_password = read_counted(stream, 0).await?;
    let ok = given_user == user.as_bytes() && given_password == password.as_bytes();
    stream.write_all(&[1, if ok { 0 } else { 1 }]).await.ok()?;
    ok.then_some(())
}

/// Reads `skip` bytes, then a one-byte length and that many bytes.
async fn read_counted(stream: &mut TcpStream, skip: usize) -> Option<Vec<u8>> {
    let mut prefix = vec![0u8; skip + 1];
    stream.read_exact(&mut prefix).await.ok()?;
    let mut value = vec![0u8; usize::from(prefix[skip])];
    stream.read_exact(&mut value).await.ok()?;
    Some(value)
}

/// A CONNECT request to an IPv4 address.
async fn socks_connect_request(stream: &mut TcpStream) -> Option<SocketAddr> {
    let mut request = [0u8; 4];
    stream.read_exact(&mut request).await.ok()?;
    if request[1] != 1 || request[3] != 1 {
        return None;
    }
    let mut address = [0u8; 6];
    stream.read_exact(&mut address).await.ok()?;
    let ip = [address[0], address[1], address[2], address[3]];
    Some(SocketAddr::from((ip, u16::from_be_bytes([address[4], address[5]]))))
}

/// Standard base64 with padding, for a Basic credential.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A loopback address nothing listens on: connections to it are refused.
pub async fn refused_address() -> SocketAddr {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await.expect("bind loopback");
    let addr = listener.local_addr().expect("bound address");
    drop(listener);
    addr
}

/// A matcher that holds until switched off: how a test ends a fault it mounted.
///
/// wiremock's scoped mocks cannot do this next to the fake's prioritised routes: the server
/// sorts its mocks by priority in place while a scoped mock's guard remembers its index, so
/// dropping the guard can switch off another mock.
#[derive(Clone)]
pub struct Switch(Arc<std::sync::atomic::AtomicBool>);

impl Switch {
    pub fn on() -> Self {
        Self(Arc::new(std::sync::atomic::AtomicBool::new(true)))
    }

    pub fn off(&self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

impl wiremock::Match for Switch {
    fn matches(&self, _: &wiremock::Request) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}
