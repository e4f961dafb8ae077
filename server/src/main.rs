//! The `fikir` binary: parse the command line, then serve or run a one-off command.
use clap::Parser;

/// mimalloc instead of glibc's allocator: page rendering allocates many small strings from many
/// threads, and glibc spent close to half the CPU of a listing page in malloc/free and its arena
/// locks (measured with perf), while keeping hundreds of MB of freed memory in per-thread arenas.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = fikir::config::Cli::parse();
    fikir::telemetry::init();
    match fikir::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("fikir: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
