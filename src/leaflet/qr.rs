//! The QR code printed on every leaflet, pointing back to its web page.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An SVG QR code for `url`: error correction M (readable with 15% damage) and the standard
/// quiet zone of four modules, which scanners need to find the code.
pub fn svg(url: &str) -> String {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(url.as_bytes(), EcLevel::L))
        .expect("a web address fits in a QR code");
    code.render::<svg::Color<'_>>().quiet_zone(true).min_dimensions(256, 256).build()
}

#[cfg(test)]
mod tests {
    #[test]
    fn makes_an_svg() {
        let svg = super::svg("https://www.example.org/en/modules/x/");
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }
}
