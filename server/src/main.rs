//! The `fikir` binary: parse the command line, then serve or run a one-off command.
use clap::Parser;

/// mimalloc instead of glibc's allocator: page rendering allocates many small strings from many
/// threads, and glibc spent close to half the CPU of a listing page in malloc/free and its arena
/// locks (measured with perf), while keeping hundreds of MB of freed memory in per-thread arenas.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let (common, command) = fikir::config::Cli::parse().into_parts();
    fikir::telemetry::init();
    let threads = command.worker_threads(&common);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build();
    let runtime = match runtime {
        Ok(r) => r,
        Err(e) => {
            eprintln!("fikir: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(fikir::cli::run(common, command)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("fikir: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
