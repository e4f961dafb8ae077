//! The `fikir` binary: parse the command line, then serve or run a one-off command.
use clap::Parser;

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
