//! The `mgate` binary: parse arguments, run, map errors to exit codes
//! (2 for bad input, 1 for other failures).

use clap::Parser;
use mgate::app::{self, AppError};
use mgate::cli::Cli;
use mgate::printable;
use std::process::ExitCode;

fn main() -> ExitCode {
    if let Some(missing) = missing_cpu_features() {
        eprintln!(
            "error: this mgate was built for x86-64-v3 (see .cargo/config.toml), but this CPU lacks {missing}. Rebuild it for this CPU: RUSTFLAGS=\"-C target-cpu=native\" cargo build --release"
        );
        return ExitCode::from(1);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version go to stdout as clap prints them.
        Err(error) if !error.use_stderr() => error.exit(),
        // An error quotes what was typed: shown with its control characters escaped.
        Err(error) => {
            eprint!("{}", printable(&error.render().to_string()));
            return ExitCode::from(2);
        }
    };
    match app::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let (code, error) = match error {
                AppError::Input(e) => (2, e),
                AppError::Failure(e) => (1, e),
            };
            let message = error.to_string();
            eprintln!("error: {}", printable(&message));
            // Many errors already include their cause in their own message; print only causes
            // that add something.
            for cause in error.chain().skip(1) {
                let cause = cause.to_string();
                if !message.contains(&cause) {
                    eprintln!("  caused by: {}", printable(&cause));
                }
            }
            ExitCode::from(code)
        }
    }
}

/// The SIMD features this build was compiled for that the CPU lacks, if any: checked before
/// anything else runs, so that an older CPU gets a message rather than "illegal instruction".
/// (`is_x86_feature_detected!` cannot tell: it answers `true` for features enabled at compile
/// time, so this asks the CPU itself.)
#[cfg(all(target_arch = "x86_64", target_feature = "avx2"))]
#[inline(never)]
fn missing_cpu_features() -> Option<&'static str> {
    use std::arch::x86_64::{__cpuid, __cpuid_count};
    // Leaf 1: ECX bit 12 FMA, bit 27 OSXSAVE (the OS saves the AVX registers), bit 28 AVX.
    // Leaf 7: EBX bit 5 AVX2.
    #[allow(unused_unsafe)] // `__cpuid` is safe on newer compilers
    let (leaf1, leaf7) = unsafe { (__cpuid(1), __cpuid_count(7, 0)) };
    let has = |register: u32, bit: u32| register & (1 << bit) != 0;
    // With OSXSAVE, XCR0 bits 1 and 2: the OS saves the SSE and AVX register state.
    #[allow(unused_unsafe)]
    let avx = has(leaf1.ecx, 27)
        && has(leaf1.ecx, 28)
        && unsafe { std::arch::x86_64::_xgetbv(0) } & 0b110 == 0b110;
    if !(avx && has(leaf7.ebx, 5)) {
        Some("AVX2")
    } else if !has(leaf1.ecx, 12) {
        Some("FMA")
    } else {
        None
    }
}

/// Builds without AVX2 run on any CPU of their target.
#[cfg(not(all(target_arch = "x86_64", target_feature = "avx2")))]
fn missing_cpu_features() -> Option<&'static str> {
    None
}
