//! The pipeline as the binary runs it: read → extract → analyse → actors → events.
