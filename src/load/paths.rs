//! The one place that spells page paths and translation keys, so pages, links, leaflets, the
//! sitemap and the PO files can never disagree about them.
//!
//! A *site path* has no language ("/modules/prepare-your-home/flood/"); [`localized`] puts a
//! language in front of it to give the page's output path ("/en/modules/...").

pub use crate::text::urls::localized;

pub const HOME: &str = "/";
pub const MODULES: &str = "/modules/";
pub const RISKS: &str = "/risks/";
pub const LEAFLETS: &str = "/leaflets/";
/// Live and past campaigns.
pub const CAMPAIGNS: &str = "/campaigns/";
pub const LANGUAGE_CHOOSER: &str = "/";
pub const NOT_FOUND: &str = "/404.html";

/// The longest short address a leaflet may print, counted after the site's address (the domain)
/// ("/en/go/flood-home" is 17): short enough to type from paper without a mistake.
pub const MAX_SHORT_PATH: usize = 24;

/// A module's general page, or its page for one risk.
pub fn module(slug: &str, risk: Option<&str>) -> String {
    match risk {
        Some(risk) => format!("/modules/{slug}/{risk}/"),
        None => format!("/modules/{slug}/"),
    }
}

pub fn risk(id: &str) -> String {
    format!("/risks/{id}/")
}

/// A campaign's page: "/campaigns/winter-ready/".
pub fn campaign(slug: &str) -> String {
    format!("/campaigns/{slug}/")
}

/// A plain page such as "/about/".
pub fn plain(slug: &str) -> String {
    format!("/{slug}/")
}

/// A short address printed on leaflets, which redirects to a module page: "/go/flood-home/".
/// It has its own folder so that no page of the site can take the same address.
pub fn short(name: &str) -> String {
    format!("/go/{name}/")
}

/// The name in a module page's short address: the module's short name, after the risk's for a
/// risk's page ("flood-home").
pub fn short_name(module: &str, risk: Option<&str>) -> String {
    match risk {
        Some(risk) => format!("{risk}-{module}"),
        None => module.to_string(),
    }
}

/// A module page's leaflet in one format: "/en/leaflets/prepare-your-home-flood-a4.pdf".
pub fn leaflet(lang: &str, slug: &str, risk: Option<&str>, format: &str) -> String {
    match risk {
        Some(risk) => format!("/{lang}/leaflets/{slug}-{risk}-{format}.pdf"),
        None => format!("/{lang}/leaflets/{slug}-{format}.pdf"),
    }
}

/// Translation keys (`msgctxt` in the PO files) of documents and names.
pub mod key {
    pub const HOME: &str = "home";
    pub const SITE_DESCRIPTION: &str = "site:description";

    pub fn module(slug: &str) -> String {
        format!("module:{slug}")
    }

    pub fn risk(id: &str) -> String {
        format!("risk:{id}")
    }

    pub fn page(slug: &str) -> String {
        format!("page:{slug}")
    }

    pub fn campaign(slug: &str) -> String {
        format!("campaign:{slug}")
    }

    /// A campaign's banner text, in the interface strings and the PO files.
    pub fn campaign_banner(slug: &str) -> String {
        format!("campaign:{slug}:banner")
    }

    /// A campaign's call to action (the banner's link text).
    pub fn campaign_action(slug: &str) -> String {
        format!("campaign:{slug}:action")
    }

    /// A document's title, from its key.
    pub fn title(document: &str) -> String {
        format!("{document}:title")
    }

    pub fn summary(document: &str) -> String {
        format!("{document}:summary")
    }

    /// A risk's display name ("Flooding").
    pub fn risk_name(id: &str) -> String {
        format!("risk-name:{id}")
    }

    /// An interface string of the theme.
    pub fn ui(key: &str) -> String {
        format!("ui:{key}")
    }

    /// The interface-string key under which a risk's name is looked up in every language.
    pub fn risk_string(id: &str) -> String {
        format!("risk:{id}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_keys() {
        assert_eq!(
            localized("ur", &module("prepare-your-home", Some("flood"))),
            "/ur/modules/prepare-your-home/flood/"
        );
        assert_eq!(leaflet("en", "kit", None, "a5"), "/en/leaflets/kit-a5.pdf");
        assert_eq!(localized("ur", &short(&short_name("home", Some("flood")))), "/ur/go/flood-home/");
        assert_eq!(key::title(&key::module("kit")), "module:kit:title");
    }
}
