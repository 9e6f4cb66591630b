//! One binary, two entry points: natively the `cascade-lab` command-line
//! tool, in wasm32 the web app (Trunk builds this target for the page).

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::io::IsTerminal;
    // stderr stays unlocked: the progress bar draws on it from its own
    // thread while the command runs.
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr();
    let streams = cli::Streams {
        out: &mut stdout,
        err_is_terminal: stderr.is_terminal(),
        err: &mut stderr,
    };
    std::process::exit(cli::main(std::env::args_os().skip(1), streams));
}

#[cfg(target_arch = "wasm32")]
fn main() {
    // In a web worker (the engine's) there is no document: the module is
    // there only for its exported functions.
    let in_page = web_sys::window().and_then(|w| w.document()).is_some();
    if in_page {
        cascade_lab::web::start();
    }
}
