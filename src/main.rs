//! One binary, two entry points: natively the `cascade-lab` command-line
//! tool, in wasm32 the web app (Trunk builds this target for the page).

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    std::process::exit(cli::main(&args, &mut stdout, &mut stderr));
}

#[cfg(target_arch = "wasm32")]
fn main() {
    cascade_lab::web::start();
}
