//! The `jetwt` binary: the same command the Python and Node packages run.

fn main() {
    let code = jetwt_cli::main_with_stdio(std::env::args_os().skip(1).collect());
    std::process::exit(code);
}
