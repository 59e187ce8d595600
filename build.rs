//! Embeds `themes/default/` in the binary, so sites made with `beacon init` build anywhere
//! without a copy of the theme. A site's own `themes/default/` folder still takes precedence.

use std::fmt::Write as _;
use std::hash::{Hash as _, Hasher as _};
use std::path::Path;

fn main() {
    // Read when the script runs, not when it is compiled: a script compiled for one checkout is
    // reused for another that shares its target folder, and would embed the first one's theme.
    let manifest_dir = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest_dir.join("themes/default");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut code = String::from(
        "/// Files of the built-in default theme: (path inside the theme, contents).\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    for (relative, absolute) in files {
        println!("cargo:rerun-if-changed={absolute}");
        // Each file is embedded from a copy named by its contents' hash: rustc's incremental
        // cache keeps an `include_bytes!` of an unchanged path even after the file changed, so
        // an edited template would otherwise go unseen until a clean build.
        let bytes = std::fs::read(&absolute).unwrap();
        let mut hasher = std::hash::DefaultHasher::new();
        bytes.hash(&mut hasher);
        let copy = out_dir.join(format!("theme-{:016x}", hasher.finish()));
        if !copy.exists() {
            std::fs::write(&copy, &bytes).unwrap();
        }
        writeln!(code, "    ({relative:?}, include_bytes!({:?})),", copy.to_string_lossy()).unwrap();
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("default_theme.rs"), code).unwrap();
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, files);
        } else {
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            files.push((relative, path.to_string_lossy().into_owned()));
        }
    }
}
