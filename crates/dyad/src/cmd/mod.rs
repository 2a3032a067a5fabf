//! One module per subcommand. Each exposes `Args` (or `Command`) and `run`.

pub mod analyse;
pub mod bench;
pub mod code;
pub mod events;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod nlp;
pub mod relations;
pub mod serve;
