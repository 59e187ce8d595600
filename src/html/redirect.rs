//! The pages behind short addresses ("/en/go/flood-home/"), which leaflets print: each sends the
//! browser straight on to its module page, and shows a link to it where redirects are turned
//! off. A static redirect page works on any web server, with no server settings. Like every
//! page of the site, it says how to get help in an emergency.

use crate::site::{Page, PageKind, Site};
use crate::text::{bidi, escape_html, urls};

/// A redirect page: the output path it is written to, and its HTML.
pub struct Redirect {
    pub path: String,
    pub html: String,
}

/// The redirect page for a module page's short address; None for other pages.
pub fn for_page(site: &Site, page: &Page) -> Option<Redirect> {
    let PageKind::Module { risk, .. } = &page.kind else { return None };
    let short = site.short_address(page)?;
    let href = escape_html(&urls::relative(&short.path, &page.path));
    let canonical = escape_html(&site.address(&page.path));
    let dir = site.direction(&page.lang).as_str();
    let mut title = page.title.clone();
    if let Some(risk) = risk {
        title.push_str(" – ");
        title.push_str(&site.risk_label(&page.lang, std::slice::from_ref(risk)));
    }
    let title = escape_html(&title);
    // An untranslated title keeps its own language, as on the page itself.
    let title_lang = if page.title_lang == page.lang {
        String::new()
    } else {
        format!(" lang=\"{}\" dir=\"{}\"", page.title_lang, site.direction(&page.title_lang).as_str())
    };
    // The numbers to call, in the page's language or, until translated, marked as English.
    let text = site.strings().get(&page.lang, "emergency");
    let text_lang = site.strings().language_of(&page.lang, "emergency");
    let emergency = if site.is_rtl(text_lang) { bidi::isolate_html(text) } else { escape_html(text) };
    let emergency_lang = if text_lang == page.lang {
        String::new()
    } else {
        format!(" lang=\"{text_lang}\" dir=\"{}\"", site.direction(text_lang).as_str())
    };
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n\
         <title{title_lang}>{title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n</head>\n\
         <body>\n<main>\n<h1><a href=\"{href}\"{title_lang}>{title}</a></h1>\n<p{emergency_lang}>{emergency}</p>\n</main>\n</body>\n</html>\n",
        lang = page.lang,
    );
    let html = if site.config().build.minify { super::compact::compact(&html) } else { html };
    Some(Redirect { path: short.path, html })
}
