//! The `mgate` command line (placeholder until the CLI issue lands).

fn main() {
    eprintln!("mgate {}: {}", env!("CARGO_PKG_VERSION"), mgate::DISCLAIMER);
}
