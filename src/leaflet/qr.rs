//! The QR code printed on every leaflet, pointing back to its web page.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An SVG QR code for `url`: error correction M (readable with 15% damage) and the standard
/// quiet zone of four modules, which scanners need to find the code. None when the address is
/// too long for any QR code (site.toml's limit on `base_url` keeps real addresses far shorter).
pub fn svg(url: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(url.as_bytes(), EcLevel::L))
        .ok()?;
    Some(code.render::<svg::Color<'_>>().quiet_zone(true).min_dimensions(256, 256).build())
}

#[cfg(test)]
mod tests {
    #[test]
    fn makes_an_svg() {
        let svg = super::svg("https://www.example.org/en/modules/x/").unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
        assert_eq!(super::svg(&"x".repeat(5000)), None);
    }
}
