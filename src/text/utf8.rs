//! Turning bytes into text. The standard library checks UTF-8 one character at a time once a
//! text leaves ASCII; `simdutf8` checks many bytes per instruction. Gujarati, Urdu and Arabic PO
//! files and pages are nearly all multi-byte characters, and a large site checks hundreds of
//! megabytes of them on every build.

/// `bytes` as a `String` when they are UTF-8, else the standard library's error (which says
/// where the first bad byte is).
pub fn string_from(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just checked that every byte sequence is valid UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_standard_library_on_good_and_bad_bytes() {
        let samples: [&[u8]; 9] = [
            b"",
            "Call 999 \u{2014} \u{0aa8}\u{0abe} \u{0645}\u{062f}\u{062f} \u{1f6a8}".as_bytes(),
            b"caf\xe9 latin-1",
            b"\xc0\xaf overlong slash",
            b"\xed\xa0\x80 surrogate",
            b"\xf4\x90\x80\x80 above U+10FFFF",
            b"cut short \xe0\xaa",
            b"\x80 lone continuation",
            // Long enough that the fast checker works in whole blocks, with a bad byte near the end.
            &[b"x".repeat(200), vec![0xff], b"y".repeat(10)].concat(),
        ];
        for bytes in samples {
            let ours = string_from(bytes.to_vec());
            let std = String::from_utf8(bytes.to_vec());
            assert_eq!(ours.as_deref().ok(), std.as_deref().ok(), "{bytes:?}");
            assert_eq!(
                ours.map_err(|e| e.utf8_error().valid_up_to()).err(),
                std.map_err(|e| e.utf8_error().valid_up_to()).err()
            );
        }
    }
}
