//! A request to trace: a URL, a method and headers.

use super::hostname::request_host;

/// An HTTP request, as far as routing looks at it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    /// `http` or `https`.
    pub scheme: String,
    /// The host, lowercased, without port.
    pub host: String,
    /// The port: written, else 80 or 443 by scheme.
    pub port: i64,
    /// The path, `/` when empty.
    pub path: String,
    /// The query parameters, in order.
    pub query: Vec<(String, String)>,
    /// The method, uppercase.
    pub method: String,
    /// The headers (name, value).
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// A GET of `url` (`https://shop.example.com/cart?x=1`); a URL without
    /// scheme is read as `http://`. Errors say what is wrong.
    pub fn parse(url: &str) -> Result<Request, String> {
        let (scheme, rest) = match url.split_once("://") {
            Some((s, r)) => (s.to_ascii_lowercase(), r),
            None => ("http".to_string(), url),
        };
        if scheme != "http" && scheme != "https" {
            return Err(format!(
                "the URL scheme must be http or https, not `{scheme}`"
            ));
        }
        let rest = rest.split('#').next().unwrap_or("");
        let (authority, path_query) = match rest.find(['/', '?']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        if authority.is_empty() {
            return Err(format!("the URL `{url}` has no host"));
        }
        let default_port = if scheme == "https" { 443 } else { 80 };
        let port = match authority.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => {
                if p.is_empty() || h.contains(':') && !authority.starts_with('[') {
                    default_port
                } else {
                    p.parse::<i64>()
                        .map_err(|_| format!("the URL port `{p}` is not a number"))?
                }
            }
            _ => default_port,
        };
        let (path, query) = match path_query.split_once('?') {
            Some((p, q)) => (p, q),
            None => (path_query, ""),
        };
        let query = query
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| match kv.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => (kv.to_string(), String::new()),
            })
            .collect();
        Ok(Request {
            host: request_host(authority),
            port,
            path: if path.is_empty() {
                "/".into()
            } else {
                path.into()
            },
            query,
            method: "GET".into(),
            headers: Vec::new(),
            scheme,
        })
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first value of query parameter `name` (case-sensitive).
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The URL as written back: `scheme://host[:port]path[?query]`.
    pub fn url(&self) -> String {
        let default = if self.scheme == "https" { 443 } else { 80 };
        let port = if self.port == default {
            String::new()
        } else {
            format!(":{}", self.port)
        };
        let query = if self.query.is_empty() {
            String::new()
        } else {
            let q: Vec<String> = self.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("?{}", q.join("&"))
        };
        format!("{}://{}{port}{}{query}", self.scheme, self.host, self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let r = Request::parse("https://Shop.Example.com/cart?x=1&y").unwrap();
        assert_eq!(
            (r.host.as_str(), r.port, r.path.as_str()),
            ("shop.example.com", 443, "/cart")
        );
        assert_eq!(r.query_param("x"), Some("1"));
        assert_eq!(r.query_param("y"), Some(""));
        let r = Request::parse("example.com:8080").unwrap();
        assert_eq!(
            (r.scheme.as_str(), r.port, r.path.as_str()),
            ("http", 8080, "/")
        );
        assert!(Request::parse("ftp://x").is_err());
        assert!(Request::parse("http://a:b/").is_err());
        assert_eq!(
            Request::parse("http://a.com:80/p?q=1").unwrap().url(),
            "http://a.com/p?q=1"
        );
    }
}
