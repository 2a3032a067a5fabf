//! The embedded SQLite store of articles and events.
