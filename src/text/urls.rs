//! URL paths. Pages live at directory paths ("/en/modules/x/"), and every link Beacon writes
//! is relative, so a built site works from any folder of any web server.

/// The language-free path of a page, e.g. "/modules/prepare-your-home/flood/".
pub fn localized(lang: &str, site_path: &str) -> String {
    format!("/{lang}{site_path}")
}

/// A link from the page at directory `from_dir` to `to`; both are absolute paths.
pub fn relative(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_segments: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let to_is_dir = to.ends_with('/');
    let to_dirs = if to_is_dir { to_segments.len() } else { to_segments.len().saturating_sub(1) };
    let common = from.iter().zip(&to_segments[..to_dirs]).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to_segments[common..].join("/"));
    if to_is_dir && common < to_segments.len() {
        out.push('/');
    }
    if out.is_empty() { "./".to_string() } else { out }
}

/// Splits "path#fragment".
pub fn split_fragment(url: &str) -> (&str, Option<&str>) {
    match url.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (url, None),
    }
}

/// True for links that leave the site: "https://", "mailto:", "tel:" and other schemes.
pub fn is_external(url: &str) -> bool {
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '#', '?']);
    match (scheme_end, path_start) {
        (Some(colon), Some(slash)) => colon < slash,
        (Some(_), None) => true,
        _ => false,
    }
}

/// An address as it is printed for people to type: without the scheme, which browsers add,
/// and the final slash, which servers add; "www." stays, since not every site works without it.
pub fn printed(url: &str) -> &str {
    url.split_once("://").map_or(url, |(_, rest)| rest).trim_end_matches('/')
}

/// The file a page path is written to, relative to the output folder.
pub fn output_file(path: &str) -> std::path::PathBuf {
    let trimmed = path.trim_start_matches('/');
    if path.ends_with('/') {
        std::path::Path::new(trimmed).join("index.html")
    } else {
        std::path::PathBuf::from(trimmed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_addresses_keep_www() {
        assert_eq!(printed("https://www.llrprepared.org.uk/en/go/home/"), "www.llrprepared.org.uk/en/go/home");
        assert_eq!(printed("http://example.org"), "example.org");
    }

    #[test]
    fn relative_links() {
        assert_eq!(relative("/en/modules/x/flood/", "/en/risks/flood/"), "../../../risks/flood/");
        assert_eq!(relative("/en/", "/en/modules/x/"), "modules/x/");
        assert_eq!(relative("/en/modules/x/", "/en/modules/x/"), "./");
        assert_eq!(relative("/en/modules/x/", "/en/modules/"), "../");
        assert_eq!(relative("/en/modules/", "/assets/beacon.css"), "../../assets/beacon.css");
        assert_eq!(relative("/", "/en/"), "en/");
        assert_eq!(relative("/en/", "/"), "../");
    }

    #[test]
    fn external_links() {
        assert!(is_external("https://www.gov.uk/x"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("tel:105"));
        assert!(!is_external("/modules/x/"));
        assert!(!is_external("#top"));
        assert!(!is_external("/x/a:b"));
    }

    #[test]
    fn output_files() {
        assert_eq!(output_file("/en/modules/x/"), std::path::PathBuf::from("en/modules/x/index.html"));
        assert_eq!(output_file("/sitemap.xml"), std::path::PathBuf::from("sitemap.xml"));
    }
}
