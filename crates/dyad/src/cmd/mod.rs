//! One module per subcommand. Each exposes `Args` (or `Command`) and `run`.

pub mod analyse;
pub mod bench;
pub mod code;
pub mod events;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod load;
pub mod nlp;
pub mod relations;
pub mod scaling;
pub mod serve;

use std::process::ExitCode;

/// Exit statuses, the same for every command (written in `dyad --help`).
pub const EXIT_HELP: &str = "Exit status: 0 done; 1 an error stopped the command; 2 invalid usage; \
3 done, but some inputs failed (each is reported on stderr and skipped). A closed output pipe \
(`dyad code ... | head`) ends the command quietly with 0.";

/// Some inputs failed; the others were done.
pub const EXIT_INPUTS_FAILED: u8 = 3;

/// The status of a command that went through all its inputs, `failed` of which failed.
pub fn finished(failed: usize) -> ExitCode {
    if failed > 0 {
        ExitCode::from(EXIT_INPUTS_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}
